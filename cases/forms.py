"""Forms of the cases web UI. They parse input; the services decide and write.

Field names follow the keys of the services' `InvalidInput.errors`, so a service's message lands
next to its field (`add_service_errors`).
"""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from policies.models import Policy
from registry.forms import DeterminationRecordForm, RegistryForm, blank_choice, date_field
from registry.models import User
from registry.scope import scope_of

from .models import (
    Domain,
    EventKind,
    FundingSource,
    Outcome,
    ProviderKind,
    ReferralStatus,
    Status,
)
from .scoping import WRITER_ROLES, units_for_writing
from .selectors import provider_choices


def money_field(label, **kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=label, required=False, min_value=0, help_text=kwargs.pop("help_text", _("In đồng, digits only.")),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}), **kwargs,
    )  # fmt: skip


def support_type_choices():
    """Support types grouped by domain (active ones)."""
    groups: dict[str, list] = {}
    for policy in Policy.objects.filter(is_active=True).order_by("sort_order", "code"):
        groups.setdefault(policy.domain, []).append((policy.code, policy.name))
    return blank_choice() + [(Domain(d).label, groups[d]) for d in Domain.values if d in groups]


def assignee_choices(person) -> forms.ModelChoiceField:
    return (
        User.objects.filter(is_active=True, role__in=WRITER_ROLES)
        .filter(Q(units__id=person.commune_id) | Q(units__id=person.commune.parent_id) | Q(role="admin"))
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class CaseForm(RegistryForm):
    """Open (`case is None`) or edit a case."""

    domain = forms.ChoiceField(label=_("Domain"), choices=blank_choice() + list(Domain.choices))
    support_type = forms.ChoiceField(label=_("Support type"))
    description = forms.CharField(label=_("Need"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)
    requested_on = date_field(_("Requested on"), required=True)
    provider = forms.ModelChoiceField(label=_("Provider"), queryset=None, required=False, empty_label=_("— none —"))
    funding_source = forms.ChoiceField(
        label=_("Funding source"), required=False, choices=blank_choice(_("— not yet known —")) + FundingSource.choices
    )
    amount = money_field(_("Amount (đồng)"))
    in_kind_description = forms.CharField(label=_("In-kind support"), max_length=200, required=False)
    in_kind_quantity = forms.IntegerField(label=_("Quantity"), min_value=0, required=False)
    in_kind_value = money_field(_("In-kind value (đồng)"))
    assigned_to = UserChoiceField(
        label=_("Assigned worker"), queryset=None, required=False, empty_label=_("— nobody —")
    )
    council_minutes_on = date_field(
        _("Date of the council's minutes"),
        help_text=_("Once the council has met, the certificate is due within 5 working days of its minutes."),
    )
    note = forms.CharField(label=_("Note for the timeline"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, viewer, person, case=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["support_type"].choices = support_type_choices()
        self.fields["provider"].queryset = provider_choices(viewer=viewer)
        self.fields["assigned_to"].queryset = assignee_choices(person)
        if case is None:
            del self.fields["version"], self.fields["council_minutes_on"]
        else:
            del self.fields["note"]
            if not case.is_determination:
                del self.fields["council_minutes_on"]
            if case.status not in (Status.REQUESTED, Status.ASSESSED):
                for name in ("domain", "support_type"):
                    self.fields[name].disabled = True

    @staticmethod
    def initial_from(case) -> dict:
        return {
            "domain": case.domain, "support_type": case.support_type.code, "description": case.description,
            "requested_on": case.requested_on, "provider": case.provider_id, "funding_source": case.funding_source,
            "amount": case.amount, "in_kind_description": case.in_kind_description,
            "in_kind_quantity": case.in_kind_quantity, "in_kind_value": case.in_kind_value,
            "assigned_to": case.assigned_to_id, "council_minutes_on": case.council_minutes_on,
            "version": case.version,
        }  # fmt: skip

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data.pop("note", None)
        return data


class ActionForm(RegistryForm):
    """The note (and the outcome, to complete) sent with a transition button."""

    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False, choices=blank_choice() + Outcome.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class NoteForm(RegistryForm):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class DeterminationCompleteForm(DeterminationRecordForm):
    """Completing a determination case: the council's conclusion, then the certificate."""

    certificate_number = forms.CharField(label=_("Certificate number"), max_length=40, required=False)
    certificate_issued_on = date_field(_("Certificate issue date"))
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[(Outcome.ACHIEVED, _("Determined, certificate issued")),
                 (Outcome.NOT_ACHIEVED, _("Not concluded (sent to the medical assessment council)"))],
        initial=Outcome.ACHIEVED, widget=forms.RadioSelect,
    )  # fmt: skip
    note = forms.CharField(label=_("Note for the timeline"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["determined_on"].label = _("Date of the council's minutes")
        self.fields["determined_on"].required = False

    def clean(self):
        if self.data.get("outcome") == Outcome.NOT_ACHIEVED:  # nothing to record
            return forms.Form.clean(self)
        return super().clean()


class AttachmentForm(RegistryForm):
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, JPEG or PNG, at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/jpeg,image/png"}),
    )  # fmt: skip
    description = forms.CharField(label=_("Description"), max_length=200, required=False)


class ReferralForm(RegistryForm):
    provider = forms.ModelChoiceField(label=_("Provider"), queryset=None, empty_label=_("— choose —"))
    sent_on = date_field(_("Sent on"), required=True)
    reason = forms.CharField(
        label=_("Reason for the referral"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, viewer, domain: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        providers = provider_choices(viewer=viewer, domain=domain)
        if not providers.exists():
            providers = provider_choices(viewer=viewer)
        self.fields["provider"].queryset = providers


class ReferralActionForm(RegistryForm):
    on = date_field(_("Date"))
    outcome = forms.CharField(label=_("Outcome"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ProviderForm(RegistryForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=blank_choice() + ProviderKind.choices)
    domains = forms.MultipleChoiceField(
        label=_("Domains served"), choices=Domain.choices, widget=forms.CheckboxSelectMultiple
    )
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, empty_label=_("— choose —"))
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    contact_person = forms.CharField(label=_("Contact person"), max_length=120, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    is_active = forms.BooleanField(label=pgettext_lazy("provider", "Active"), required=False, initial=True)

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for_writing(viewer)

    @staticmethod
    def initial_from(provider) -> dict:
        return {
            "name": provider.name, "kind": provider.kind, "domains": provider.domains, "unit": provider.unit_id,
            "address": provider.address, "contact_person": provider.contact_person, "phone": provider.phone,
            "email": provider.email, "notes": provider.notes, "is_active": provider.is_active,
        }  # fmt: skip

    def service_args(self) -> tuple[dict, list[str]]:
        data = dict(self.cleaned_data)
        domains = data.pop("domains")
        return data, domains


class EventForm(RegistryForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=blank_choice() + EventKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    held_on = date_field(_("Date"), required=True)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None, empty_label=_("— choose —"))
    organiser = forms.CharField(label=_("Organising agency"), max_length=200)
    funding_source = forms.ChoiceField(
        label=_("Funding source"), required=False, choices=blank_choice(_("— not given —")) + FundingSource.choices
    )
    funding_amount = money_field(_("Funding (đồng)"))
    other_participants = forms.IntegerField(
        label=_("Other participants"), min_value=0, initial=0, required=False,
        help_text=_("Participants who are not registered persons (family, volunteers, guests)."),
    )  # fmt: skip
    gifts_count = forms.IntegerField(label=_("Number of gifts"), min_value=0, initial=0, required=False)
    gift_value = money_field(_("Value of each gift (đồng)"))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for_writing(viewer)

    @staticmethod
    def initial_from(event) -> dict:
        return {f: getattr(event, f) for f in (
            "kind", "title", "held_on", "organiser", "funding_source", "funding_amount", "other_participants",
            "gifts_count", "gift_value", "notes",
        )} | {"unit": event.unit_id}  # fmt: skip


class CaseFilterForm(forms.Form):
    """The filters of the case list (GET). The selector ignores values it does not know."""

    q = forms.CharField(
        label=_("Search by person"), required=False, max_length=120, widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("A name, with or without diacritics, or #case number."),
    )  # fmt: skip
    domain = forms.ChoiceField(label=_("Domain"), required=False, choices=blank_choice(_("— all —")) + Domain.choices)
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=blank_choice(_("— all —")) + [("open", _("Open (not closed)"))] + Status.choices,
    )  # fmt: skip
    commune = forms.ChoiceField(label=_("Commune"), required=False)
    support_type = forms.ChoiceField(label=_("Support type"), required=False)
    provider = forms.ChoiceField(label=_("Provider"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    assigned_to_me = forms.BooleanField(label=_("Assigned to me"), required=False)

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].choices = blank_choice(_("— all —")) + list(
            scope_of(viewer).communes().values_list("code", "name")
        )
        types = support_type_choices()
        self.fields["support_type"].choices = blank_choice(_("— all —")) + types[1:]
        self.fields["provider"].choices = blank_choice(_("— all —")) + [
            (str(pk), name) for pk, name in provider_choices(viewer=viewer).values_list("pk", "name")
        ]


class ReferralFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=blank_choice(_("— all —")) + ReferralStatus.choices
    )


class EventFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=blank_choice(_("— all —")) + EventKind.choices)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)


class ParticipantSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find persons to register"), required=False, max_length=120,
        widget=forms.TextInput(attrs={"type": "search"}),
    )  # fmt: skip

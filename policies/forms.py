"""Forms of the policies pages. They only collect input; the services validate and decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import CareKind, CoefficientGroup, OtherGround, Policy, SuspensionReason
from .models.catalogue import CASH_KINDS, Decider


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MonthInput(forms.TextInput):
    input_type = "month"


def date_field(label, required=True, help_text=""):
    return forms.DateField(label=label, required=required, widget=DateInput(), help_text=help_text)


def month_field(label, required=True, help_text=""):
    return forms.CharField(label=label, required=required, widget=MonthInput(attrs={"placeholder": "YYYY-MM"}),
                           help_text=help_text or _("Month and year, for example 2024-07."))  # fmt: skip


def apply_errors(form: forms.Form, errors: dict[str, list[str]]) -> None:
    """Put a service's errors on the form: known fields get theirs, the rest go on top."""
    for field, messages in errors.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


class MonthForm(forms.Form):
    month = month_field(_("Month"))


class StandardLevelForm(forms.Form):
    amount = forms.IntegerField(label=_("Amount (đồng)"))
    valid_from = date_field(_("Valid from"))
    valid_to = date_field(_("Valid to"), required=False)
    province_code = forms.CharField(label=_("Province code"), required=False, max_length=2,
                                    help_text=_("Empty for the national level."))  # fmt: skip
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300)
    is_confirmed = forms.BooleanField(label=_("Confirmed in the legal text"), required=False, initial=True)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)
    close_open_row = forms.BooleanField(label=_("End the current open-ended row the day before"), required=False,
                                        initial=True)  # fmt: skip


class CoefficientForm(forms.Form):
    policy = forms.ModelChoiceField(label=_("Policy"), queryset=Policy.objects.filter(kind__in=CASH_KINDS))
    group = forms.ChoiceField(label=_("Group"), choices=CoefficientGroup.choices)
    value = forms.DecimalField(label=_("Coefficient"), max_digits=5, decimal_places=2)
    valid_from = date_field(_("Valid from"))
    valid_to = date_field(_("Valid to"), required=False)
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)
    close_open_row = forms.BooleanField(label=_("End the current open-ended row the day before"), required=False,
                                        initial=True)  # fmt: skip


class DecisionForm(forms.Form):
    number = forms.CharField(label=_("Decision number"), max_length=40, help_text=_("For example 125/QĐ-UBND."))
    decided_on = date_field(_("Decision date"))
    effective_month = month_field(_("Effective month"))
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class GrantForm(DecisionForm):
    policy = forms.ModelChoiceField(
        label=_("Support"),
        queryset=Policy.objects.filter(kind__in=CASH_KINDS, decided_by=Decider.COMMUNE_CHAIRMAN, is_active=True),
    )
    paid_outside_through = month_field(
        _("Already paid outside this system up to"), required=False,
        help_text=_("Leave empty unless months were paid before this system: arrears start after this month."),
    )  # fmt: skip
    field_order = ["policy", "number", "decided_on", "effective_month", "reason", "paid_outside_through"]


class ReturnDraftForm(forms.Form):
    reason = forms.CharField(label=_("Reason for returning"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class SuspendForm(DecisionForm):
    suspension_reason = forms.ChoiceField(label=_("Ground"), choices=SuspensionReason.choices,
                                          widget=forms.RadioSelect)  # fmt: skip
    detained_on = date_field(_("Detained since"), required=False, help_text=_("Only for a detention."))


class ResumeForm(DecisionForm):
    pay_suspended_months = forms.BooleanField(label=_("Also pay the suspended months (arrears)"), required=False)


class FacilityStayForm(forms.Form):
    facility_name = forms.CharField(label=_("Facility"), max_length=200)
    started_on = date_field(_("Admitted on"))
    ended_on = date_field(_("Left on"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class PregnancyForm(forms.Form):
    started_on = date_field(_("Pregnancy recorded from"))
    ended_on = date_field(_("Ended on (birth)"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class ChildForm(forms.Form):
    full_name = forms.CharField(label=_("Child's name"), max_length=120)
    date_of_birth = date_field(_("Child's date of birth"))
    raised_until = date_field(
        _("Raised until"), required=False, help_text=_("Leave empty while the person raises the child.")
    )


class MarriageForm(forms.Form):
    spouse = forms.IntegerField(label=_("Spouse's record number"), min_value=1,
                                help_text=_("The record number shown on the spouse's page."))  # fmt: skip
    started_on = date_field(_("Married on"))
    ended_on = date_field(_("Ended on"), required=False)


class CareArrangementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of care"), choices=CareKind.choices, widget=forms.RadioSelect)
    carer_name = forms.CharField(label=_("Carer (head of household)"), max_length=120)
    carer_national_id = forms.CharField(label=_("Carer's ID number"), max_length=12, required=False)
    started_on = date_field(_("From"))
    ended_on = date_field(_("Until"), required=False)


class OtherGroundForm(forms.Form):
    ground = forms.ChoiceField(label=_("Ground"), choices=OtherGround.Ground.choices, widget=forms.RadioSelect)
    started_on = date_field(_("From"))
    ended_on = date_field(_("Until"), required=False)


class EndForm(forms.Form):
    ended_on = date_field(_("End date"))


class PayrollPrepareForm(forms.Form):
    commune = forms.ModelChoiceField(label=_("Commune"), queryset=None)
    month = month_field(_("Month"))

    def __init__(self, *args, communes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes

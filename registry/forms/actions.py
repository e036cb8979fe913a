"""Forms of the actions on a person: move, death, determination, certificate."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from ..models import AdminUnit
from ..models.persons import ACTIVITIES, TYPE_FIELDS, CertificateStatus, Council, DisabilityLevel, DisabilityType
from ..models.persons import DeterminationForm as DeterminationFormChoice
from ..scope import scope_of
from ..selectors import unit_lookup
from .common import RegistryForm, blank_choice, date_field


class MoveForm(RegistryForm):
    commune = forms.ModelChoiceField(
        label=_("New commune"), queryset=AdminUnit.objects.none(), required=False, empty_label=_("— choose —")
    )
    other_commune = forms.CharField(
        label=_("Or a commune of another province"),
        required=False,
        max_length=120,
        help_text=_("Its 5-digit code or its name, e.g. 00004 or Phường Ba Đình."),
    )
    village = forms.CharField(label=_("Village / street"), max_length=200, required=False)
    date = date_field(_("Date of the move"), required=True)

    def __init__(self, *args, viewer, person, **kwargs):
        super().__init__(*args, **kwargs)
        scope = scope_of(viewer)
        provinces = scope.province_codes or {settings.HOANHAP_PROVINCE_CODE}
        self.fields["commune"].queryset = (
            AdminUnit.objects.current().communes().filter(province_code__in=provinces).exclude(pk=person.commune_id)
            .order_by("name_folded")
        )  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        other = (cleaned.get("other_commune") or "").strip()
        if other:
            matches = list(unit_lookup(other)[:2])
            if len(matches) != 1:
                message = (
                    _("No current commune has this code or name.")
                    if not matches
                    else _("Several communes have this name: enter the 5-digit code.")
                )
                self.add_error("other_commune", message)
            else:
                cleaned["commune"] = matches[0]
        elif not cleaned.get("commune") and "commune" not in self.errors:
            self.add_error("commune", _("Choose the commune the person moved to."))
        return cleaned


class DeceasedForm(RegistryForm):
    date = date_field(_("Date of death"), required=True)
    confirm = forms.BooleanField(label=_("I confirm that this person has died"), required=True)


SCORE_CHOICES = [
    ("", "—"),
    (0, _("0 – does it alone")),
    (1, _("1 – needs help")),
    (2, _("2 – cannot do it")),
]


class DeterminationRecordForm(RegistryForm):
    determined_on = date_field(_("Date of the conclusion"), required=True)
    council = forms.ChoiceField(label=_("Council"), choices=Council.choices, initial=Council.COMMUNE)
    form = forms.ChoiceField(
        label=_("Form"),
        choices=[(c, label) for c, label in DeterminationFormChoice.choices if c]
        + [("", DeterminationFormChoice.RECORDED.label)],
        initial=DeterminationFormChoice.FORM_03,
        required=False,
        widget=forms.RadioSelect,
    )
    disability_types = forms.MultipleChoiceField(
        label=_("Disability types"), choices=DisabilityType.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    level = forms.ChoiceField(
        label=_("Disability level"),
        choices=blank_choice(_("— from the form 03 total —")) + DisabilityLevel.choices,
        required=False,
        help_text=_("For form 03 the level follows the total (≥ 14 especially severe, 7–13 severe, 0–6 mild)."),
    )
    level_override_reason = forms.CharField(
        label=_("Reason for another level than the total implies"), max_length=300, required=False
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in ACTIVITIES:
            self.fields[f"score_{key}"] = forms.TypedChoiceField(
                label=label, choices=SCORE_CHOICES, coerce=int, empty_value=None, required=False
            )

    def score_fields(self):
        return [self[f"score_{key}"] for key, _label in ACTIVITIES]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("form") == DeterminationFormChoice.FORM_03:
            for key, _label in ACTIVITIES:
                if cleaned.get(f"score_{key}") is None and f"score_{key}" not in self.errors:
                    self.add_error(f"score_{key}", _("Score this activity (0, 1 or 2)."))
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        scores = None
        if data.get("form") == DeterminationFormChoice.FORM_03:
            scores = {key: data.get(f"score_{key}") for key, _label in ACTIVITIES}
        return {
            "determined_on": data["determined_on"],
            "council": data["council"],
            "form": data.get("form") or "",
            "scores": scores,
            "disability_types": [t for t in TYPE_FIELDS if t in set(data.get("disability_types") or [])],
            "level": data.get("level") or "",
            "level_override_reason": data.get("level_override_reason") or "",
            "notes": data.get("notes") or "",
        }


class CertificateForm(RegistryForm):
    number = forms.CharField(label=_("Certificate number"), max_length=40)
    issued_on = date_field(_("Issue date"), required=True)
    issuing_commune = forms.ModelChoiceField(
        label=_("Issuing commune"), queryset=AdminUnit.objects.none(), empty_label=_("— choose —")
    )
    replaced_status = forms.ChoiceField(
        label=_("The certificate held until now becomes"),
        choices=[(CertificateStatus.REISSUED, CertificateStatus.REISSUED.label),
                 (CertificateStatus.EXCHANGED, CertificateStatus.EXCHANGED.label)],
        initial=CertificateStatus.REISSUED,
        help_text=_("Only used when the person already holds a valid certificate."),
    )  # fmt: skip

    def __init__(self, *args, viewer, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuing_commune"].queryset = scope_of(viewer).communes()
        self.fields["issuing_commune"].initial = person.commune_id

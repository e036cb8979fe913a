"""The person form (register and edit) and the filters of the person list."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..errors import FieldError
from ..identifiers import validate_national_id
from ..models import AdminUnit
from ..models.persons import (
    WG_ANSWERS,
    WG_QUESTIONS,
    AgeGroup,
    Cause,
    DisabilityLevel,
    DisabilityType,
    Ethnicity,
    PersonStatus,
    Poverty,
    Sex,
)
from ..scope import persons_visible_to, scope_of
from .common import BirthDateField, RegistryForm, blank_choice, date_field


def _wg_field(label) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label, required=False, coerce=int, empty_value=None, choices=blank_choice(_("— not asked —")) + WG_ANSWERS
    )


class PersonForm(RegistryForm):
    """Create (`person is None`) or edit a person. Types and level only on create (the initial
    determination); the commune only on create (later through the move action)."""

    full_name = forms.CharField(label=_("Full name"), max_length=120)
    date_of_birth = BirthDateField(
        label=_("Date of birth"),
        help_text=_("Day/month/year (17/05/1980), or the year alone (1980) when only the year is known."),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect)
    ethnicity = forms.ChoiceField(label=_("Ethnicity"), choices=Ethnicity.choices, initial="01")
    national_id = forms.CharField(
        label=_("Personal ID number"),
        required=False,
        max_length=20,
        help_text=_("12 digits, if the person has one."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    commune = forms.ModelChoiceField(
        label=_("Commune of residence"), queryset=AdminUnit.objects.none(), empty_label=_("— choose —")
    )
    village = forms.CharField(label=_("Village / street"), max_length=200, required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    disability_types = forms.MultipleChoiceField(
        label=_("Disability types"), choices=DisabilityType.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    level = forms.ChoiceField(
        label=_("Disability level"),
        choices=blank_choice(_("— not determined yet —")) + DisabilityLevel.choices,
        required=False,
    )
    determined_on = date_field(
        _("Determination date"), help_text=_("Date of the council's conclusion; today if left empty.")
    )
    cause = forms.ChoiceField(label=_("Cause"), choices=Cause.choices, initial=Cause.UNKNOWN)
    poverty_status = forms.ChoiceField(label=_("Household poverty"), choices=Poverty.choices, initial=Poverty.NONE)
    poverty_year = forms.IntegerField(label=_("Poverty status year"), required=False, min_value=1900, max_value=2200)
    caregiver_name = forms.CharField(label=_("Caregiver name"), max_length=120, required=False)
    caregiver_relation = forms.CharField(label=_("Relation"), max_length=60, required=False)
    caregiver_phone = forms.CharField(
        label=_("Caregiver phone"), max_length=20, required=False, widget=forms.TextInput(attrs={"type": "tel"})
    )
    caregiver_national_id = forms.CharField(
        label=_("Caregiver ID number"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    caregiver_person = forms.IntegerField(
        label=_("Caregiver's record number"),
        required=False,
        min_value=1,
        help_text=_("Only if the caregiver is a registered person: the number shown on their page."),
    )
    association_member_since = date_field(
        _("Association member since"), help_text=_("Leave empty if not a member of the Disabled People's Association.")
    )
    wg_seeing = _wg_field(WG_QUESTIONS[0][1])
    wg_hearing = _wg_field(WG_QUESTIONS[1][1])
    wg_walking = _wg_field(WG_QUESTIONS[2][1])
    wg_remembering = _wg_field(WG_QUESTIONS[3][1])
    wg_self_care = _wg_field(WG_QUESTIONS[4][1])
    wg_communicating = _wg_field(WG_QUESTIONS[5][1])
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    confirm_duplicate = forms.BooleanField(
        label=_("I have checked the list: this is a different person"), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    CREATE_ONLY = ("commune", "disability_types", "level", "determined_on")
    FIELDSETS = [
        (_("Identity"), ["full_name", "date_of_birth", "sex", "ethnicity", "national_id"]),
        (_("Residence"), ["commune", "village", "phone"]),
        (_("Disability"), ["disability_types", "level", "determined_on", "cause"]),
        (_("Household"), ["poverty_status", "poverty_year"]),
        (_("Caregiver or guardian"), ["caregiver_name", "caregiver_relation", "caregiver_phone",
                                      "caregiver_national_id", "caregiver_person"]),
        (_("Disabled People's Association"), ["association_member_since"]),
        (_("Washington Group questions (optional)"), [name for name, _label in WG_QUESTIONS]),
        (_("Notes"), ["notes"]),
    ]  # fmt: skip

    def __init__(self, *args, viewer, person=None, **kwargs):
        self.viewer = viewer
        self.person = person
        if person is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(person)
        super().__init__(*args, **kwargs)
        scope = scope_of(viewer)
        if person is None:
            self.fields["commune"].queryset = scope.communes()
            communes = list(self.fields["commune"].queryset[:2])
            if len(communes) == 1:
                self.fields["commune"].initial = communes[0].pk
            del self.fields["version"]
        else:
            for name in self.CREATE_ONLY:
                del self.fields[name]
            self.fields["version"].required = True  # the service refuses a stale edit against it
        if not scope.sees_national_id:
            for name in ("national_id", "caregiver_national_id"):
                del self.fields[name]

    @staticmethod
    def initial_from(person) -> dict:
        initial = {name: getattr(person, name) for name in (
            "full_name", "sex", "ethnicity", "national_id", "village", "phone", "cause", "poverty_status",
            "poverty_year", "caregiver_name", "caregiver_relation", "caregiver_phone", "caregiver_national_id",
            "caregiver_person_id", "association_member_since", "notes", *(n for n, _l in WG_QUESTIONS),
        )}  # fmt: skip
        initial["caregiver_person"] = initial.pop("caregiver_person_id")
        initial["date_of_birth"] = (person.date_of_birth, person.birth_date_approximate)
        initial["version"] = person.version
        return initial

    def fieldsets(self):
        """(legend, [bound fields]) in display order, skipping fields this form does not have."""
        out = []
        for legend, names in self.FIELDSETS:
            fields = [self[name] for name in names if name in self.fields]
            if fields:
                out.append((legend, fields))
        return out

    def clean(self):
        """Check ID numbers here too, so their messages come with the other field errors at once
        (the service checks them again)."""
        cleaned = super().clean()
        born = cleaned.get("date_of_birth")
        for name, extra in (
            ("national_id", {"sex": cleaned.get("sex") or None, "birth_year": born[0].year if born else None}),
            ("caregiver_national_id", {}),
        ):
            value = cleaned.get(name)
            if value and name not in self.errors:
                try:
                    cleaned[name] = validate_national_id(value, field=name, **extra)
                except FieldError as exc:
                    self.add_error(name, exc.message)
        return cleaned

    def clean_caregiver_person(self):
        pk = self.cleaned_data.get("caregiver_person")
        if not pk:
            return None
        if self.person is not None and pk == self.person.caregiver_person_id:
            return self.person.caregiver_person  # unchanged, even if now outside the viewer's area
        caregiver = persons_visible_to(self.viewer).filter(pk=pk).first()
        if caregiver is None:
            raise forms.ValidationError(_("No registered person with this number in your area."), code="unknown")
        return caregiver

    def service_data(self) -> dict:
        """The person's own fields, as the services take them."""
        data = dict(self.cleaned_data)
        born = data.pop("date_of_birth")
        data["date_of_birth"], data["birth_date_approximate"] = born if born else (None, False)
        for name in ("confirm_duplicate", "version", "disability_types", "level", "determined_on"):
            data.pop(name, None)
        if "national_id" in data:
            data["national_id"] = data["national_id"] or None
        return data


class PersonFilterForm(forms.Form):
    """The filters of the person list (GET). The selector ignores values it does not know."""

    q = forms.CharField(
        label=_("Search by name"),
        required=False,
        max_length=120,
        help_text=_(
            "The words of the name, with or without diacritics, in any order: “thi ha” finds “Trần Thị Hà” and "
            "“Lê Thị Hạnh”."
        ),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    commune = forms.ChoiceField(label=_("Commune"), required=False)
    type = forms.ChoiceField(
        label=_("Disability type"), required=False, choices=blank_choice(_("— all —")) + DisabilityType.choices
    )
    level = forms.ChoiceField(
        label=_("Level"), required=False, choices=blank_choice(_("— all —")) + DisabilityLevel.choices
    )
    sex = forms.ChoiceField(label=_("Sex"), required=False, choices=blank_choice(_("— all —")) + Sex.choices)
    age_group = forms.ChoiceField(label=_("Age group"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    association_member = forms.ChoiceField(
        label=_("Association member"),
        required=False,
        choices=blank_choice(_("— all —")) + [("1", _("Members")), ("0", _("Not members"))],
    )

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        communes = scope_of(viewer).communes().values_list("code", "name")
        self.fields["commune"].choices = blank_choice(_("— all —")) + list(communes)
        self.fields["age_group"].choices = blank_choice(_("— all —")) + AgeGroup.choices
        self.fields["status"].choices = blank_choice(_("— all —")) + PersonStatus.choices

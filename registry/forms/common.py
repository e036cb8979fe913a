"""Shared pieces of the registry forms: dates typed dd/mm/yyyy, birth dates that may be a year
alone, and putting a service's per-field messages on a form."""

import re
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_PLACEHOLDER = "dd/mm/yyyy"
_YEAR = re.compile(r"^\d{4}$")
_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def add_service_errors(form: forms.Form, errors: dict[str, list[str]], aliases: dict[str, str] | None = None) -> None:
    """Put a service's per-field messages on the form; unknown keys become form-level errors."""
    aliases = aliases or {}
    for key, messages in errors.items():
        target = aliases.get(key, key)
        if target not in form.fields or target == "non_field_errors":
            target = None
        for message in messages:
            form.add_error(target, message)


def date_field(label, *, required: bool = False, help_text=None, **kwargs) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_INPUT_FORMATS,
        help_text=help_text if help_text is not None else _("Day/month/year, e.g. 17/05/1980."),
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"placeholder": DATE_PLACEHOLDER, "inputmode": "numeric", "autocomplete": "off"}
        ),
        error_messages={"invalid": _("Enter a date as day/month/year, e.g. 17/05/1980.")},
        **kwargs,
    )


class BirthDateField(forms.CharField):
    """dd/mm/yyyy, or a year alone. Cleans to (date, approximate)."""

    default_error_messages = {
        "invalid": _("Enter the date of birth as day/month/year (17/05/1980) or the year alone (1980)."),
        "impossible": _("This date does not exist."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 10)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"placeholder": _("dd/mm/yyyy or yyyy"), "inputmode": "numeric"})
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        text = text.strip()
        if _YEAR.match(text):
            return date(int(text), 1, 1), True
        match = _DATE.match(text)
        if match:
            day, month, year = (int(g) for g in match.groups())
        else:
            match = _ISO.match(text)
            if not match:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            year, month, day = (int(g) for g in match.groups())
        try:
            return date(year, month, day), False
        except ValueError:
            raise forms.ValidationError(self.error_messages["impossible"], code="impossible")

    def validate(self, value):
        if value is None and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")

    def prepare_value(self, value):
        if isinstance(value, tuple):
            born, approximate = value
            return str(born.year) if approximate else born.strftime("%d/%m/%Y")
        return value


class RegistryForm(forms.Form):
    required_css_class = "required"


def blank_choice(label=None):
    return [("", label or _("— choose —"))]

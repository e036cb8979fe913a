from django import forms
from django.utils.translation import gettext_lazy as _

from .reader import ACCEPTED_EXTENSIONS


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Register file"),
        help_text=_(
            "Excel (.xlsx, .xls), .ods or .csv, with the template's column headers. It is checked first: nothing is written yet."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ACCEPTED_EXTENSIONS)}),
    )


class CommitForm(forms.Form):
    partial = forms.BooleanField(
        label=_("Import the valid rows even if some rows have errors"),
        help_text=_("Without this, one row with an error means nothing is written (“all or nothing”)."),
        required=False,
    )

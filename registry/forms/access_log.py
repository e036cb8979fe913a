from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import AccessLog
from .common import blank_choice, date_field


class AccessLogFilterForm(forms.Form):
    user = forms.CharField(label=_("User name"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=blank_choice(_("— all —")) + AccessLog.Action.choices
    )
    date_from = date_field(_("From"), help_text="")
    date_to = date_field(_("To"), help_text="")

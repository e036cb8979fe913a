from django import forms
from django.utils.translation import pgettext_lazy

from .selectors import batch_communes


class BatchForm(forms.Form):
    commune = forms.ModelChoiceField(queryset=None, label=pgettext_lazy("documents", "Commune"), empty_label=None)

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = batch_communes(viewer)

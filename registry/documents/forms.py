"""Forms of the batch list page. Each kind of batch has its own small form (its fields are the
kind's parameters); the kind's `clean` validates again, so the API and the page agree."""

from django import forms
from django.utils.translation import pgettext_lazy

from .selectors import batch_communes


def commune_choices(communes) -> list[tuple[str, str]]:
    """(statistics code, "Name (code)") of the communes, in name order."""
    return [(c.code, f"{c.name} ({c.code})") for c in communes]


class KindForm(forms.Form):
    """Base of the kinds' forms: `kind` is fixed by the form; `prefix` keeps ids unique when
    several kinds' forms share the page."""

    kind_code = ""

    def __init__(self, *args, viewer, **kwargs):
        kwargs.setdefault("prefix", self.kind_code)
        super().__init__(*args, **kwargs)
        self.viewer = viewer

    def params(self) -> dict:
        """The raw parameters for `kind.clean` (strings, as the API receives them)."""
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}


class CertificateBatchForm(KindForm):
    kind_code = "certificates"
    commune = forms.ChoiceField(label=pgettext_lazy("documents", "Commune"))

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, viewer=viewer, **kwargs)
        self.fields["commune"].choices = commune_choices(batch_communes(viewer))


# The name the first version of the page used.
BatchForm = CertificateBatchForm

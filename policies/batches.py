"""Batch kind "decisions": every decision of a commune signed in a month, in one PDF.

"The decisions of March" of a commune office are the decisions it signed in March — its register
of outgoing documents (sổ đăng ký văn bản đi) and the "Số: …/QĐ-UBND" numbers run by the
decision date — so the month filters `Decision.decided_on`, not the effective month (a decision
signed in March may take effect from an earlier month, with arrears, or from April).

Each decision is rendered on its own (one WeasyPrint rendering per decision): every decision is
a complete page-set with its own heading, page numbers from its second page and signature, as
the chairman signs them one by one. Who may request it: the roles that print the commune's legal
documents (commune officer and leader, provincial officer, administrator) for a commune whose
decisions they see (`decisions_visible_to`); the association sees decisions but does not print
them in bulk.
"""

import re
from datetime import date

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from registry.documents.formatting import pdf_filename
from registry.documents.forms import KindForm, commune_choices
from registry.documents.kinds import Chunk, Progress, Request, clean_commune, commune_visible_q
from registry.documents.selectors import can_print_commune_documents
from registry.errors import FieldError
from registry.scope import scope_of

from .documents import DECISION_TEMPLATE, decision_context
from .months import add_months, first_day, month_key, month_label, parse_month
from .permissions import sees_policy_rows
from .selectors import decisions_visible_to

CODE = "decisions"
_MM_YYYY = re.compile(r"^(\d{1,2})/(\d{4})$")
LINK_LABEL = gettext_lazy("All decisions of a commune for a month in one PDF")


def may_print_decisions(viewer) -> bool:
    return sees_policy_rows(viewer) and can_print_commune_documents(viewer)


def batch_decisions(*, viewer, commune, month: date) -> QuerySet:
    """The decisions of `commune` signed in `month`, as `viewer` sees them, in register order."""
    return (
        decisions_visible_to(viewer)
        .filter(commune=commune, decided_on__gte=month, decided_on__lt=add_months(month, 1))
        .select_related("person", "person__commune", "person__commune__parent", "commune", "benefit__policy")
        .order_by("decided_on", "number", "id")
    )


class DecisionBatchForm(KindForm):
    kind_code = CODE
    commune = forms.ChoiceField(label=pgettext_lazy("documents", "Commune"))
    month = forms.CharField(
        label=gettext_lazy("Month of the decision date"),
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "YYYY-MM"}),
        help_text=gettext_lazy("The decisions signed in this month, e.g. 03/2025."),
    )

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, viewer=viewer, **kwargs)
        self.fields["commune"].choices = commune_choices(_communes(viewer))
        if not self.is_bound:
            self.initial.setdefault("month", month_key(first_day(timezone.localdate())))


def _communes(viewer) -> QuerySet:
    if not may_print_decisions(viewer):
        return scope_of(viewer).communes().none()
    return scope_of(viewer).communes()


def _iso_month(value):
    """'03/2025' (as people write it) → '2025-03'; anything else unchanged."""
    match = _MM_YYYY.match(value.strip()) if isinstance(value, str) else None
    return f"{match.group(2)}-{int(match.group(1)):02d}" if match else value


def _month(batch) -> date:
    return parse_month(batch.params["month"])


class DecisionBatches:
    code = CODE
    label = gettext_lazy("Decisions of a commune for a month")
    description = gettext_lazy(
        "Every decision the commune signed in the month (decision date), one decision after the other, "
        "each a complete document."
    )

    def may_request(self, viewer) -> bool:
        return may_print_decisions(viewer)

    def form(self, *, viewer, data=None):
        return DecisionBatchForm(data, viewer=viewer)

    def clean(self, *, viewer, data: dict) -> Request:
        commune = clean_commune(data, _communes(viewer))
        month = parse_month(_iso_month(data.get("month")), field="month")
        if month > first_day(timezone.localdate()):
            raise FieldError("month", _("Choose the current month or an earlier one."))
        return Request(
            params={"commune": commune.code, "month": month_key(month)},
            title=_("Decisions of %(commune)s signed in %(month)s")
            % {
                "commune": commune.name,
                "month": month_label(month),
            },  # fmt: skip
            commune=commune,
        )

    def visible_q(self, viewer):
        return commune_visible_q(viewer, self.code) if may_print_decisions(viewer) else None

    def _decisions(self, batch) -> QuerySet:
        return batch_decisions(viewer=batch.requested_by, commune=batch.commune, month=_month(batch))

    def count(self, batch) -> int:
        return self._decisions(batch).count()

    def chunks(self, batch, progress: Progress):
        for decision in self._decisions(batch).iterator(chunk_size=100):
            yield Chunk(DECISION_TEMPLATE, decision_context(decision), items=1)

    def filename(self, batch) -> str:
        return pdf_filename(f"quyet-dinh-{batch.commune.code}", batch.params["month"])

    def log_detail(self, batch) -> str:
        return f"decision batch {batch.commune.code} {batch.params['month']} {batch.pk}"

    def empty_message(self, batch) -> str:
        return _("%(commune)s signed no decision in %(month)s: there is nothing to print.") % {
            "commune": batch.commune.name,
            "month": month_label(_month(batch)),
        }


DECISIONS = DecisionBatches()

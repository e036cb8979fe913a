"""Batch kind "plan_report": the annual plan report with an annex per commune, in one PDF.

The report itself (`report.report_context`: the province's indicators, chart and agencies'
narratives — or the viewer's communes when the viewer does not cover the province) is the first
chunk; the annex follows, a few communes per rendering (`ANNEX_CHUNK`), with its pages numbered
on from the report's. Progress counts units: the report, then each commune.

Scope: the requester's, at the time of rendering (`plan_detail`, `resolve_unit`,
`communes_in_view`, `numbers_only`): a commune officer gets the report of their communes and
their annexes only; the statistics officer gets small counts hidden. A report batch is seen by
its requester and by administrators (the figures depend on the requester's scope, so the batch
is not shared with other viewers of the plan).
"""

from django import forms
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.documents.formatting import pdf_filename
from registry.documents.forms import KindForm
from registry.documents.kinds import Chunk, Progress, Request
from registry.documents.rendering import PDF_LANGUAGE, chunked
from registry.errors import FieldError
from registry.models import AdminUnit
from registry.scope import scope_of

from . import report, selectors
from .models import Plan
from .scoping import communes_in_view, numbers_only, plans_visible_to

CODE = "plan_report"
ANNEX_CHUNK = 15  # communes per WeasyPrint rendering of the annex
START_LABEL = gettext_lazy("Prepare the full report (PDF)")
START_HELP = gettext_lazy(
    "The report with an annex for every commune, rendered in the background into one PDF; you will "
    "see its progress and download it when it is ready."
)


class PlanReportBatchForm(KindForm):
    kind_code = CODE
    plan = forms.ChoiceField(label=gettext_lazy("Plan"))

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, viewer=viewer, **kwargs)
        self.fields["plan"].choices = [(str(p.pk), p.title) for p in selectors.plan_list(viewer=viewer)]


def _plan(viewer, value) -> Plan:
    try:
        pk = int(str(value).strip())
    except (TypeError, ValueError):
        raise FieldError("plan", _("Choose a plan.")) from None
    try:
        return selectors.plan_detail(viewer=viewer, pk=pk)
    except Plan.DoesNotExist:
        raise FieldError("plan", _("Choose a plan of your area.")) from None


def _unit_name(view) -> str:
    return view.unit.name if view.unit is not None else _("the communes of your area")


class PlanReportBatches:
    code = CODE
    label = gettext_lazy("Full plan report with an annex per commune")
    description = gettext_lazy(
        "The annual plan report, then for every commune of your area each indicator with its target, "
        "what was achieved and the share of the target reached."
    )
    chunk_size = ANNEX_CHUNK

    def may_request(self, viewer) -> bool:
        return bool(getattr(viewer, "is_authenticated", False)) and plans_visible_to(viewer).exists()

    def form(self, *, viewer, data=None):
        return PlanReportBatchForm(data, viewer=viewer)

    def clean(self, *, viewer, data: dict) -> Request:
        plan = _plan(viewer, data.get("plan"))
        try:
            view = selectors.resolve_unit(viewer, plan, None)
        except AdminUnit.DoesNotExist:
            raise FieldError("plan", _("Choose a plan of your area.")) from None
        title = _("Report on %(plan)s — %(unit)s, with an annex per commune") % {
            "plan": plan.title,
            "unit": _unit_name(view),
        }
        return Request(params={"plan": plan.pk, "unit": view.code or ""}, title=title, commune=None)

    def visible_q(self, viewer):
        if not getattr(viewer, "is_authenticated", False):
            return None
        if scope_of(viewer).is_admin:
            return Q(kind=self.code)
        return Q(kind=self.code, requested_by=viewer)

    def _plan(self, batch) -> Plan:
        return selectors.plan_detail(viewer=batch.requested_by, pk=batch.params["plan"])

    def count(self, batch) -> int:
        try:
            plan = self._plan(batch)
        except Plan.DoesNotExist:
            return 0
        return 1 + len(communes_in_view(batch.requested_by, plan))

    def chunks(self, batch, progress: Progress):
        viewer = batch.requested_by
        plan = self._plan(batch)
        with translation.override(PDF_LANGUAGE):
            annex = report.commune_annex(viewer=viewer, plan=plan)
            context = report.report_context(viewer=viewer, plan=plan)
        context["annex_count"] = len(annex)
        yield Chunk(report.TEMPLATE, context, items=1)
        start = 0
        for group in chunked(annex, self.chunk_size):
            yield Chunk(
                report.ANNEX_TEMPLATE,
                {
                    "plan": plan,
                    "unit_name": context["unit_name"],
                    "as_of": context["as_of"],
                    "suppress": numbers_only(viewer),
                    "opening": start == 0,
                    "first_page": progress.pages + 1,  # the pages go on from the report's
                    "start": start,
                    "communes": group,
                },
                items=len(group),
            )
            start += len(group)

    def filename(self, batch) -> str:
        plan = Plan.objects.select_related("province").get(pk=batch.params["plan"])
        unit = batch.params.get("unit") or "khu-vuc"
        return pdf_filename(f"bao-cao-ke-hoach-{plan.year}-{unit}-kem-phu-luc", batch.requested_at.strftime("%Y-%m"))

    def log_detail(self, batch) -> str:
        return f"plan report batch {batch.params.get('plan')} {batch.params.get('unit') or 'area'} {batch.pk}"

    def empty_message(self, batch) -> str:
        return _("This plan has no commune in your area any more: there is nothing to print.")


PLAN_REPORT = PlanReportBatches()

"""The annual plan report (báo cáo kết quả thực hiện kế hoạch) as a PDF.

Indicators with target, achieved and % of target for the province or a unit, the dashboard's
charts (the same SVG renderer, `charts.py`) and the narratives of the agency reports. Rendered by
the one document service of `registry.documents` in the Decree 30/2020 format.

The full report (`report_batch.py`, a background batch) adds an annex with every commune of
the viewer's reach (`commune_annex`): each indicator with its target, achieved and % of target,
under the same suppression rules as the dashboard.
"""

from dataclasses import dataclass

from django.utils import timezone, translation

from registry.documents.formatting import long_date
from registry.documents.rendering import render_pdf
from registry.models import AdminUnit

from . import charts, presenters, selectors
from .models import Report, ReportStatus
from .results import Result, elapsed_share
from .scoping import numbers_only

TEMPLATE = "plans/pdf/report.html"
ANNEX_TEMPLATE = "plans/pdf/report_annex.html"


def report_context(*, viewer, plan, unit_code: str | None = None) -> dict:
    """Raises AdminUnit.DoesNotExist when the unit is outside the viewer's reach (callers: 404)."""
    view = selectors.resolve_unit(viewer, plan, unit_code)
    indicators = selectors.plan_indicators(plan)
    wanted = {i.pk for i in indicators}
    figures = selectors.plan_figures(plan, indicators, view, months_of=wanted)
    suppress = numbers_only(viewer)
    rows, bars = [], []
    for indicator in indicators:
        result = figures.totals[indicator.pk]
        shown = presenters.display(indicator, result, suppress=suppress)
        rows.append({"indicator": indicator, "shown": shown})
        share = None if shown.suppressed else result.percent_of_target
        bars.append(charts.Bar(label=indicator.code, value=share, display=shown.percent_of_target, target=100))
    with translation.override("vi"):
        chart = charts.bar_chart(
            title="Mức độ hoàn thành chỉ tiêu (% so với chỉ tiêu)",
            description="Mỗi thanh là một chỉ tiêu; vạch đỏ là 100 % chỉ tiêu.",
            bars=bars, ident="report-progress", width=600, label_width=170,
        )  # fmt: skip
    narratives = []
    reports = (
        Report.objects.filter(plan=plan, status__in=[ReportStatus.SUBMITTED, ReportStatus.ACCEPTED])
        .select_related("agency")
        .prefetch_related("narratives__indicator")
    )
    for report in reports:
        texts = [(n.indicator.code, n.text) for n in report.narratives.all() if n.text.strip()]
        if report.summary.strip() or texts:
            narratives.append({"agency": report.agency.name, "status": report.get_status_display(),
                               "summary": report.summary, "texts": texts})  # fmt: skip
    unit_name = view.unit.name if view.unit is not None else plan.province.name
    return {
        "doc_title": "Báo cáo",
        "doc_subtitle": f"Kết quả thực hiện {plan.title} — {unit_name}",
        "issuer_lines": ["ỦY BAN NHÂN DÂN", plan.province.name.upper()],
        "number": "",
        "place_date": long_date(timezone.localdate()).capitalize(),
        "plan": plan,
        "unit_name": unit_name,
        "as_of": figures.as_of,
        "computed_at": figures.computed_at,
        "rows": rows,
        "chart": chart,
        "narratives": narratives,
        "recipients": ["Bộ Y tế", "UBND tỉnh, thành phố", "Lưu: VT"],
        "signer_title": "Chủ tịch",
        "signer_name": "",
    }


@dataclass
class CommuneAnnex:
    """One commune of the annex: its name and code, and (indicator, shown figures) rows."""

    commune: AdminUnit
    rows: list[dict]


def commune_annex(*, viewer, plan) -> list[CommuneAnnex]:
    """Every commune of the viewer's reach in the plan (the whole territory for a viewer covering
    the province), in name order, each with every indicator's target, achieved and %. Raises
    AdminUnit.DoesNotExist when the viewer's area does not touch the plan."""
    view = selectors.resolve_unit(viewer, plan, None)
    indicators = selectors.plan_indicators(plan)
    suppress = numbers_only(viewer)
    communes = list(AdminUnit.objects.filter(id__in=view.commune_ids).order_by("name_folded", "code"))
    if view.kind == "commune":
        figures = selectors.plan_figures(plan, indicators, view)
        by_commune = {i.pk: {view.unit.pk: figures.totals[i.pk]} for i in indicators}
    else:
        figures = selectors.plan_figures(plan, indicators, view, communes_of={i.pk for i in indicators})
        by_commune = figures.by_commune
    elapsed = elapsed_share(plan.period_start, plan.period_end, figures.period.end)
    out = []
    for commune in communes:
        rows = []
        for indicator in indicators:
            result = by_commune.get(indicator.pk, {}).get(commune.pk)
            if result is None:  # nothing counted for this commune
                target = selectors.target_for(indicator, "commune", [commune.pk])
                result = Result(0, 0 if indicator.is_percentage else None, indicator.is_percentage, target, elapsed)
            rows.append({"indicator": indicator, "shown": presenters.display(indicator, result, suppress=suppress)})
        out.append(CommuneAnnex(commune=commune, rows=rows))
    return out


def plan_report_pdf(*, viewer, plan, unit_code: str | None = None) -> bytes:
    return render_pdf(TEMPLATE, report_context(viewer=viewer, plan=plan, unit_code=unit_code))

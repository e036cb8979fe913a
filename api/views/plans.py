"""Plan endpoints: plans, their indicators (definitions), results for a unit, reports with their
sign-off, and the statistics exports.

Plans come from `cases.plans.selectors` (scoped by `cases.plans.scoping` on top of
`registry.scope`): a plan outside the viewer's area is a 404. Writes and transitions go through
`cases.plans.services`, which answer 403 to roles that may not act and 409 to a transition the
status does not allow. Results for the whole province come from the precomputed summary.
"""

from datetime import date
from decimal import Decimal

from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.text import slugify
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from cases.plans import exports, microdata, selectors, services
from cases.plans.interop import adx as interop_adx
from cases.plans.interop import dhis2 as interop_dhis2
from cases.plans.interop.values import export_set_for, nothing_to_export
from cases.plans.models import Indicator, Plan, Report, ReportNarrative
from cases.plans.presenters import display
from cases.plans.results import rounded
from cases.plans.scoping import communes_in_view, numbers_only
from cases.plans.services._common import iso_date
from registry.access import log_access
from registry.errors import TransitionNotAllowed
from registry.models import AccessLog, AdminUnit

from ..serializers.common import ErrorSerializer
from ..serializers.plans import (
    DataValueSetSerializer,
    IndicatorInputSerializer,
    IndicatorSerializer,
    IndicatorUpdateSerializer,
    NationalExportReportSerializer,
    PlanInputSerializer,
    PlanSerializer,
    PlanUpdateSerializer,
    ReportCreateSerializer,
    ReportReturnSerializer,
    ReportSerializer,
    ReportUpdateSerializer,
    ResultsSerializer,
)

_CENTS = Decimal("0.01")
ERRORS_READ = {404: ErrorSerializer}
ERRORS_WRITE = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer}
PLAN_ID = OpenApiParameter("plan_pk", OpenApiTypes.INT, OpenApiParameter.PATH, description="The plan's id")
AS_OF = OpenApiParameter("as_of", OpenApiTypes.DATE, OpenApiParameter.QUERY, required=False,
                         description="Figures up to this date (YYYY-MM-DD); default today, within the plan's period.")  # fmt: skip


def _as_of(request) -> date | None:
    return iso_date("as_of", request.query_params.get("as_of"))


def _plan(request, pk) -> Plan:
    try:
        return selectors.plan_detail(viewer=request.user, pk=int(pk))
    except (Plan.DoesNotExist, ValueError):
        raise Http404 from None


# Plans ---------------------------------------------------------------------------------------------
@extend_schema(tags=["plans"])
@extend_schema_view(
    list=extend_schema(summary="Annual plans that concern your area"),
    retrieve=extend_schema(summary="One plan", responses={200: PlanSerializer, **ERRORS_READ}),
    create=extend_schema(summary="Create a draft plan (provincial officers)", request=PlanInputSerializer,
                         responses={201: PlanSerializer, **ERRORS_WRITE}),
    partial_update=extend_schema(summary="Change a plan", request=PlanUpdateSerializer,
                                 responses={200: PlanSerializer, **ERRORS_WRITE}),
)  # fmt: skip
class PlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
                  viewsets.GenericViewSet):  # fmt: skip
    serializer_class = PlanSerializer
    lookup_value_regex = "[0-9]+"
    http_method_names = ["get", "post", "patch", "head", "options"]
    filterset_class = None

    def get_queryset(self):
        return selectors.plan_list(viewer=self.request.user).prefetch_related("cooperating_agencies")

    def get_serializer_class(self):
        return {"create": PlanInputSerializer, "partial_update": PlanUpdateSerializer}.get(self.action, PlanSerializer)

    def _out(self, plan, http_status=status.HTTP_200_OK):
        plan = self.get_queryset().get(pk=plan.pk)
        return Response(PlanSerializer(plan, context=self.get_serializer_context()).data, status=http_status)

    def create(self, request, *args, **kwargs):
        data = PlanInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        cooperating = values.pop("cooperating_agencies", [])
        plan = services.plan_create(actor=request.user, data=values, cooperating_agencies=cooperating)
        return self._out(plan, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        if not kwargs.get("partial"):
            raise Http404
        plan = self.get_object()
        data = PlanUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        cooperating = values.pop("cooperating_agencies", None)
        return self._out(
            services.plan_update(actor=request.user, plan=plan, data=values, cooperating_agencies=cooperating)
        )

    @extend_schema(summary="Issue a draft plan", request=None, responses={200: PlanSerializer, **ERRORS_WRITE})
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        return self._out(services.plan_issue(actor=request.user, plan=self.get_object()))

    @extend_schema(summary="Close an issued plan", request=None, responses={200: PlanSerializer, **ERRORS_WRITE})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._out(services.plan_close(actor=request.user, plan=self.get_object()))

    @extend_schema(
        summary="Every indicator's numerator, denominator, value, target and % of target for a unit",
        parameters=[
            OpenApiParameter("unit", OpenApiTypes.STR, OpenApiParameter.QUERY, required=False,
                             description="The province's or a commune's code; default the province (or your communes)."),
            AS_OF,
        ],
        responses={200: ResultsSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
    )  # fmt: skip
    @action(detail=True, methods=["get"], pagination_class=None)
    def results(self, request, pk=None):
        plan = _plan(request, pk)
        try:
            view = selectors.resolve_unit(request.user, plan, request.query_params.get("unit"))
        except AdminUnit.DoesNotExist:
            raise Http404 from None
        indicators = selectors.plan_indicators(plan)
        figures = selectors.plan_figures(plan, indicators, view, as_of=_as_of(request))
        suppress = numbers_only(request.user)
        rows = []
        for indicator in indicators:
            result = figures.totals[indicator.pk]
            shown = display(indicator, result, suppress=suppress)
            hidden = shown.suppressed
            rows.append({
                "code": indicator.code, "name": indicator.name, "measure": indicator.measure,
                "is_percentage": indicator.is_percentage,
                "numerator": None if hidden else result.numerator,
                "denominator": None if hidden else result.denominator,
                "value": None if hidden else rounded(result.value, _CENTS),
                "target": result.target,
                "percent_of_target": None if hidden else rounded(result.percent_of_target, _CENTS),
                "status": shown.status, "suppressed": hidden, "computed_at": figures.computed_at,
            })  # fmt: skip
        body = {
            "plan": plan.pk, "unit": view.code, "as_of": figures.as_of, "period_start": figures.period.start,
            "computed_at": figures.computed_at, "live": figures.live, "results": rows,
        }  # fmt: skip
        return Response(ResultsSerializer(body).data)

    @extend_schema(
        summary="Provincial statistics: the workbook (XLSX) or one sheet as CSV, for your area",
        parameters=[
            OpenApiParameter("file", OpenApiTypes.STR, OpenApiParameter.QUERY, required=False, enum=["xlsx", "csv"],
                             description="xlsx (default): the workbook; csv: one sheet."),
            OpenApiParameter("sheet", OpenApiTypes.STR, OpenApiParameter.QUERY, required=False,
                             enum=[slug for slug, _title in exports.SHEET_LIST], description="For file=csv."),
            AS_OF,
        ],
        responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY), 404: ErrorSerializer},
    )  # fmt: skip
    @action(detail=True, methods=["get"], url_path="exports/statistics", pagination_class=None)
    def statistics(self, request, pk=None):
        plan = _plan(request, pk)
        if not communes_in_view(request.user, plan):
            raise Http404
        scope, sheets = exports.statistics_sheets(viewer=request.user, plan=plan, as_of=_as_of(request))
        name = f"thong-ke-{slugify(plan.document_number or plan.pk)}-{plan.year}"
        if request.query_params.get("file") == "csv":
            sheet = exports.sheet_or_error(sheets, request.query_params.get("sheet") or "indicators")
            content, kind, name, rows = (
                exports.sheet_csv(sheet).encode("utf-8"),
                "text/csv; charset=utf-8",
                f"{name}-{sheet.slug}.csv",
                len(sheet.rows),
            )
        else:
            content = exports.workbook_bytes(scope, sheets)
            kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            name, rows = f"{name}.xlsx", sum(len(s.rows) for s in sheets)
        log_access(user=request.user, action=AccessLog.Action.EXPORT, request=request, row_count=rows,
                   detail=f"plan={plan.pk} statistics via API")  # fmt: skip
        response = HttpResponse(content, content_type=kind)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    @extend_schema(
        summary="Anonymised microdata (CSV): k-anonymous (k = 5) on age band, sex, area, ethnic group, types "
        "and level; a random key per export; rows shuffled; `#` lines state what was generalised and suppressed",
        parameters=[AS_OF],
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY), 404: ErrorSerializer},
    )
    @action(detail=True, methods=["get"], url_path="exports/microdata", pagination_class=None)
    def microdata(self, request, pk=None):
        plan = _plan(request, pk)
        if not communes_in_view(request.user, plan):
            raise Http404
        content, count = microdata.microdata_csv(viewer=request.user, plan=plan, as_of=_as_of(request))
        log_access(user=request.user, action=AccessLog.Action.EXPORT, request=request, row_count=count,
                   detail=f"plan={plan.pk} anonymised microdata via API")  # fmt: skip
        response = HttpResponse(content.encode("utf-8"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="vi-mo-{plan.year}.csv"'
        return response

    # Figures for national systems: ADX and DHIS2 data value sets of signed-off values --------------
    def _national(self, request, pk):
        plan = _plan(request, pk)
        if not communes_in_view(request.user, plan):
            raise Http404
        return plan, export_set_for(request.user, plan)

    @extend_schema(
        summary="Signed-off figures per commune and period as ADX (IHE QRPH ADX XML), for your area",
        description="Only values signed off for one of the plan's DHIS2 periods and mapped (data set, data element, "
                    "organisation unit) are written; an XML comment counts what was left out, listed with the "
                    "reasons by `exports/adx/report/`. 409 when no value can be written (an ADX message has at "
                    "least one value).",
        responses={(200, "application/adx+xml"): OpenApiResponse(OpenApiTypes.BINARY), 404: ErrorSerializer,
                   409: ErrorSerializer},
    )  # fmt: skip
    @action(detail=True, methods=["get"], url_path="exports/adx", pagination_class=None)
    def adx(self, request, pk=None):
        plan, export = self._national(request, pk)
        if not export.values:
            raise TransitionNotAllowed(nothing_to_export(), code="nothing_to_export")
        log_access(user=request.user, action=AccessLog.Action.EXPORT, request=request, row_count=len(export.values),
                   detail=f"plan={plan.pk} ADX via API")  # fmt: skip
        response = HttpResponse(interop_adx.adx_document(export), content_type=interop_adx.CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="dhis2-{plan.year}.adx.xml"'
        return response

    @extend_schema(
        summary="What the ADX export writes and leaves out, with the reasons",
        responses={200: NationalExportReportSerializer, 404: ErrorSerializer},
    )
    @action(detail=True, methods=["get"], url_path="exports/adx/report", pagination_class=None)
    def adx_report(self, request, pk=None):
        plan, export = self._national(request, pk)
        body = {
            "plan": plan.pk, "data_set": export.data_set.data_set if export.data_set else None,
            "id_scheme": export.id_scheme, "value_count": len(export.values),
            "skipped_count": export.skipped_count, "skipped": export.skipped_dicts(),
        }  # fmt: skip
        return Response(NationalExportReportSerializer(body).data)

    @extend_schema(
        summary="Signed-off figures per commune and period as a DHIS2 data value set (JSON), for your area",
        description="`POST` it to DHIS2's `/api/dataValueSets`. Only values signed off for one of the plan's DHIS2 "
                    "periods and mapped are in `dataValues`; `skipped` (ignored by DHIS2) says what was left out "
                    "and why.",
        responses={200: DataValueSetSerializer, 404: ErrorSerializer},
    )  # fmt: skip
    @action(detail=True, methods=["get"], url_path="exports/dhis2", pagination_class=None)
    def dhis2(self, request, pk=None):
        plan, export = self._national(request, pk)
        log_access(user=request.user, action=AccessLog.Action.EXPORT, request=request, row_count=len(export.values),
                   detail=f"plan={plan.pk} DHIS2 data value set via API")  # fmt: skip
        response = Response(interop_dhis2.data_value_set(export))
        response["Content-Disposition"] = f'attachment; filename="dhis2-{plan.year}.json"'
        return response


# Indicators ----------------------------------------------------------------------------------------
@extend_schema(tags=["plans"], parameters=[PLAN_ID])
@extend_schema_view(
    list=extend_schema(summary="The plan's indicators and their definitions"),
    retrieve=extend_schema(summary="One indicator", responses={200: IndicatorSerializer, **ERRORS_READ}),
    create=extend_schema(summary="Add an indicator (its definition is checked)", request=IndicatorInputSerializer,
                         responses={201: IndicatorSerializer, **ERRORS_WRITE}),
    partial_update=extend_schema(summary="Change an indicator's definition, target or agencies",
                                 request=IndicatorUpdateSerializer, responses={200: IndicatorSerializer, **ERRORS_WRITE}),
    destroy=extend_schema(summary="Remove an indicator", responses={204: None, **ERRORS_WRITE}),
)  # fmt: skip
class IndicatorViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                       mixins.UpdateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):  # fmt: skip
    serializer_class = IndicatorSerializer
    filterset_class = None
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def plan(self) -> Plan:
        if not hasattr(self, "_plan_row"):
            self._plan_row = _plan(self.request, self.kwargs["plan_pk"])
        return self._plan_row

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Indicator.objects.none()
        return (
            Indicator.objects.filter(plan=self.plan())
            .select_related("lead_agency")
            .prefetch_related("cooperating_agencies", "commune_targets__commune")
            .order_by("sort_order", "code")
        )

    def get_serializer_class(self):
        return {"create": IndicatorInputSerializer, "partial_update": IndicatorUpdateSerializer}.get(
            self.action, IndicatorSerializer
        )

    def _out(self, indicator, http_status=status.HTTP_200_OK):
        indicator = self.get_queryset().get(pk=indicator.pk)
        return Response(IndicatorSerializer(indicator, context=self.get_serializer_context()).data, status=http_status)

    def _targets(self, indicator, targets) -> None:
        if targets is not None:
            values = {row["commune"]: row["target"] for row in targets}
            services.indicator_targets_set(actor=self.request.user, indicator=indicator, targets=values)

    def create(self, request, *args, **kwargs):
        data = IndicatorInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        cooperating = values.pop("cooperating_agencies", [])
        targets = values.pop("commune_targets", None)
        indicator = services.indicator_create(actor=request.user, plan=self.plan(), data=values,
                                              cooperating_agencies=cooperating)  # fmt: skip
        self._targets(indicator, targets)
        return self._out(indicator, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        if not kwargs.get("partial"):
            raise Http404
        indicator = self.get_object()
        data = IndicatorUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        cooperating = values.pop("cooperating_agencies", None)
        targets = values.pop("commune_targets", None)
        indicator = services.indicator_update(actor=request.user, indicator=indicator, data=values,
                                              cooperating_agencies=cooperating)  # fmt: skip
        self._targets(indicator, targets)
        return self._out(indicator)

    def destroy(self, request, *args, **kwargs):
        services.indicator_delete(actor=request.user, indicator=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


# Reports -------------------------------------------------------------------------------------------
@extend_schema(tags=["plans"], parameters=[PLAN_ID])
@extend_schema_view(
    list=extend_schema(summary="The plan's reports you may read"),
    retrieve=extend_schema(summary="One report with its frozen submissions", responses={200: ReportSerializer, **ERRORS_READ}),
    create=extend_schema(summary="Start an agency's or a commune's report", request=ReportCreateSerializer,
                         responses={201: ReportSerializer, **ERRORS_WRITE}),
    partial_update=extend_schema(summary="Write the assessment and the narratives", request=ReportUpdateSerializer,
                                 responses={200: ReportSerializer, **ERRORS_WRITE}),
)  # fmt: skip
class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
                    viewsets.GenericViewSet):  # fmt: skip
    serializer_class = ReportSerializer
    filterset_class = None
    http_method_names = ["get", "post", "patch", "head", "options"]

    def plan(self) -> Plan:
        if not hasattr(self, "_plan_row"):
            self._plan_row = _plan(self.request, self.kwargs["plan_pk"])
        return self._plan_row

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Report.objects.none()
        ids = [r.pk for r in selectors.report_list(viewer=self.request.user, plan=self.plan())]
        return (
            Report.objects.filter(pk__in=ids)
            .select_related("agency", "decided_by")
            .prefetch_related(
                Prefetch("narratives", queryset=ReportNarrative.objects.select_related("indicator")),
                "submissions__unit", "submissions__submitted_by",
            )
            .order_by("agency__name", "id")
        )  # fmt: skip

    def get_serializer_class(self):
        return {"create": ReportCreateSerializer, "partial_update": ReportUpdateSerializer}.get(
            self.action, ReportSerializer
        )

    def _out(self, report, http_status=status.HTTP_200_OK):
        report = self.get_queryset().get(pk=report.pk)
        return Response(ReportSerializer(report, context=self.get_serializer_context()).data, status=http_status)

    def _report(self) -> Report:
        return get_object_or_404(
            Report.objects.filter(plan=self.plan()).select_related("plan", "agency"), pk=self.kwargs["pk"]
        )

    def get_object(self):
        report = self._report()
        if not selectors.report_visible(self.request.user, report):
            raise Http404
        return report

    def create(self, request, *args, **kwargs):
        data = ReportCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        report = services.report_create(actor=request.user, plan=self.plan(), agency=data.validated_data["agency"])
        return self._out(report, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        if not kwargs.get("partial"):
            raise Http404
        report = self.get_object()
        data = ReportUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.report_update(actor=request.user, report=report, summary=data.validated_data.get("summary"),
                               narratives=data.validated_data.get("narratives"))  # fmt: skip
        return self._out(report)

    @extend_schema(summary="Submit: the figures are computed and frozen with the narratives", request=None,
                   parameters=[AS_OF], responses={200: ReportSerializer, **ERRORS_WRITE})  # fmt: skip
    @action(detail=True, methods=["post"])
    def submit(self, request, plan_pk=None, pk=None):
        report = self.get_object()
        services.report_submit(actor=request.user, report=report, as_of=_as_of(request))
        return self._out(report)

    @extend_schema(summary="Accept a submitted report (provincial officers)", request=None,
                   responses={200: ReportSerializer, **ERRORS_WRITE})  # fmt: skip
    @action(detail=True, methods=["post"])
    def accept(self, request, plan_pk=None, pk=None):
        return self._out(services.report_accept(actor=request.user, report=self.get_object()))

    @extend_schema(summary="Return a submitted report with the reason", request=ReportReturnSerializer,
                   responses={200: ReportSerializer, **ERRORS_WRITE})  # fmt: skip
    @action(detail=True, methods=["post"], url_path="return")
    def return_report(self, request, plan_pk=None, pk=None):
        data = ReportReturnSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._out(services.report_return(actor=request.user, report=self.get_object(),
                                                reason=data.validated_data["reason"]))  # fmt: skip


__all__ = ["IndicatorViewSet", "PlanViewSet", "ReportViewSet"]

"""Policies endpoints: catalogue, rates, a person's entitlements, decisions, payrolls.

Rows come from `policies.selectors` (scoped through `registry.scope`); writes and transitions
call `policies.services`. Outside the viewer's scope a row answers 404.
"""

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from policies import services
from policies.engine import RateTable
from policies.exports import payroll_xlsx
from policies.filters import DecisionDraftFilter, DecisionFilter, PayrollFilter, PolicyFilter
from policies.models import Coefficient, Policy, StandardLevel
from policies.months import first_day, month_key, parse_month
from policies.permissions import can_edit_rates, sees_policy_rows
from policies.selectors import person_entitlements
from policies.selectors.lists import (
    decision_draft_list,
    decision_list,
    health_insurance_list,
    payroll_lines,
    payroll_list,
    payroll_totals_by_policy,
)
from policies.selectors.scope import benefits_visible_to
from registry.access import log_access
from registry.errors import FieldError
from registry.models import AccessLog, AdminUnit
from registry.scope import persons_visible_to, scope_of

from ..serializers.common import ErrorSerializer
from ..serializers.policies import (
    CoefficientInputSerializer,
    CoefficientSerializer,
    DecisionDraftSerializer,
    DecisionInputSerializer,
    DecisionReturnSerializer,
    DecisionSerializer,
    EntitlementsSerializer,
    GrantInputSerializer,
    HealthInsurancePageSerializer,
    HealthInsuranceRowSerializer,
    PayrollDetailSerializer,
    PayrollLineSerializer,
    PayrollPrepareSerializer,
    PayrollSerializer,
    PolicySerializer,
    RatesOnSerializer,
    ResumeInputSerializer,
    StandardLevelInputSerializer,
    StandardLevelSerializer,
    SuspendInputSerializer,
    UncollectedSerializer,
)

ERRORS = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer, 409: ErrorSerializer}


def _require_rows(user) -> None:
    if not sees_policy_rows(user):
        raise PermissionDenied(_("Your role has no access to person-level data."))


# Catalogue and rates -------------------------------------------------------------------------
@extend_schema(tags=["policies"])
@extend_schema_view(list=extend_schema(summary="The policy catalogue"), retrieve=extend_schema(summary="One policy"))
class PolicyViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PolicySerializer
    filterset_class = PolicyFilter
    lookup_field = "code"
    queryset = Policy.objects.order_by("sort_order", "code")


class AdminWrites:
    def _check_write(self, request):
        if not can_edit_rates(request.user):
            raise PermissionDenied(_("Only administrators change rates."))


@extend_schema(tags=["rates"])
@extend_schema_view(
    list=extend_schema(summary="Standard levels (national and provincial), every period"),
    create=extend_schema(
        summary="Add a standard level (administrators)",
        request=StandardLevelInputSerializer,
        responses={201: StandardLevelSerializer, **ERRORS},
    ),
)
class StandardLevelViewSet(AdminWrites, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = StandardLevelSerializer
    queryset = StandardLevel.objects.order_by("province_code", "valid_from")

    def create(self, request, *args, **kwargs):
        self._check_write(request)
        data = StandardLevelInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.standard_level_add(actor=request.user, **data.validated_data)
        return Response(StandardLevelSerializer(row).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Confirm a reported level", request=None, responses={200: StandardLevelSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        self._check_write(request)
        row = services.standard_level_confirm(actor=request.user, level=self.get_object())
        return Response(StandardLevelSerializer(row).data)


@extend_schema(tags=["rates"])
@extend_schema_view(
    list=extend_schema(summary="Coefficients per policy and group, every period"),
    create=extend_schema(
        summary="Add a coefficient (administrators)",
        request=CoefficientInputSerializer,
        responses={201: CoefficientSerializer, **ERRORS},
    ),
)
class CoefficientViewSet(AdminWrites, mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    serializer_class = CoefficientSerializer
    queryset = Coefficient.objects.select_related("policy").order_by("policy__sort_order", "group", "valid_from")

    def create(self, request, *args, **kwargs):
        self._check_write(request)
        data = CoefficientInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.coefficient_add(actor=request.user, **data.validated_data)
        return Response(CoefficientSerializer(row).data, status=status.HTTP_201_CREATED)


class RatesView(APIView):
    @extend_schema(
        tags=["rates"],
        summary="The rates in force on a day",
        parameters=[
            OpenApiParameter("on", OpenApiTypes.DATE, description="Default: today."),
            OpenApiParameter("province", OpenApiTypes.STR, description="Province code for a provincial level."),
        ],
        responses={200: RatesOnSerializer, 400: ErrorSerializer},
    )
    def get(self, request):
        from datetime import date

        raw = request.query_params.get("on")
        try:
            on = date.fromisoformat(raw) if raw else timezone.localdate()
        except ValueError:
            raise FieldError("on", _("Enter a date as YYYY-MM-DD."))
        province = request.query_params.get("province", "")
        table = RateTable.load()
        level = table.standard_level(on, province)
        level_row = None
        if level is not None:
            level_row = StandardLevel.objects.filter(
                province_code=level.province_code, valid_from=level.valid_from, is_confirmed=True
            ).first()
        coefficients = [c for c in Coefficient.objects.select_related("policy").order_by("policy__sort_order", "group")
                        if c.covers(on)]  # fmt: skip
        return Response(
            RatesOnSerializer(
                {"on": on, "province_code": province, "standard_level": level_row, "coefficients": coefficients}
            ).data
        )


# Entitlements --------------------------------------------------------------------------------
class PersonEntitlementsView(APIView):
    @extend_schema(
        tags=["entitlements"],
        summary="What the rules entitle a person to in a month, and why",
        parameters=[OpenApiParameter("month", OpenApiTypes.STR, description="YYYY-MM; default: this month.")],
        responses={200: EntitlementsSerializer, 400: ErrorSerializer, 404: ErrorSerializer},
    )
    def get(self, request, pk: int):
        person = persons_visible_to(request.user).filter(pk=pk).first()
        if person is None:
            raise Http404
        raw = request.query_params.get("month")
        month = parse_month(raw) if raw is not None else first_day(timezone.localdate())
        result = person_entitlements(person=person, month=month)
        log_access(user=request.user, action=AccessLog.Action.VIEW, request=request, person=person,
                   detail=f"entitlements {month_key(month)}")  # fmt: skip
        return Response(
            EntitlementsSerializer({"month": result.month, "items": result.items, "total": result.total}).data
        )


# Decisions -----------------------------------------------------------------------------------
def _benefit_for(user, data):
    benefit = (
        benefits_visible_to(user)
        .filter(person_id=data["person"], policy__code=data["policy"])
        .exclude(status="stopped")
        .order_by("-started_month")
        .first()
    )
    if benefit is None:
        if not persons_visible_to(user).filter(pk=data["person"]).exists():
            raise Http404
        raise FieldError("policy", _("This person has no open benefit of this policy."))
    return benefit


def _common(data) -> dict:
    return {k: data[k] for k in ("number", "decided_on", "effective_month", "reason")}


@extend_schema(tags=["decisions"])
@extend_schema_view(
    list=extend_schema(summary="Decisions in force in your area"),
    retrieve=extend_schema(summary="One decision", responses={200: DecisionSerializer, 404: ErrorSerializer}),
)
class DecisionViewSet(viewsets.ReadOnlyModelViewSet):
    """Decisions in force. The POST actions draft a decision (commune officer or leader): nothing is
    paid until another person signs the draft (`POST /decision-drafts/{id}/sign/`)."""

    serializer_class = DecisionSerializer
    filterset_class = DecisionFilter

    def get_queryset(self):
        return decision_list(viewer=self.request.user).order_by("-decided_on", "-id")

    def list(self, request, *args, **kwargs):
        _require_rows(request.user)
        return super().list(request, *args, **kwargs)

    def _respond(self, draft):
        draft = decision_draft_list(viewer=self.request.user).get(pk=draft.pk)
        return Response(DecisionDraftSerializer(draft).data, status=status.HTTP_201_CREATED)

    def _draft_on_benefit(self, request, serializer_class, kind, fields=()):
        data = serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        draft = services.decision_draft(actor=request.user, kind=kind, benefit=_benefit_for(request.user, v),
                                        **{name: v[name] for name in fields}, **_common(v))  # fmt: skip
        return self._respond(draft)

    @extend_schema(summary="Draft a grant (commune officer or leader)", request=GrantInputSerializer,
                   responses={201: DecisionDraftSerializer, **ERRORS})  # fmt: skip
    @action(detail=False, methods=["post"], filterset_class=None, pagination_class=None)
    def grant(self, request):
        data = GrantInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        person = persons_visible_to(request.user).filter(pk=v["person"]).first()
        if person is None:
            raise Http404
        policy = Policy.objects.filter(code=v["policy"]).first()
        if policy is None:
            raise FieldError("policy", _("Unknown policy."))
        draft = services.decision_draft(actor=request.user, kind="grant", person=person, policy=policy,
                                        paid_outside_through=v["paid_outside_through"], **_common(v))  # fmt: skip
        return self._respond(draft)

    @extend_schema(summary="Draft an adjustment (commune officer or leader)", request=DecisionInputSerializer,
                   responses={201: DecisionDraftSerializer, **ERRORS})  # fmt: skip
    @action(detail=False, methods=["post"], filterset_class=None, pagination_class=None)
    def adjust(self, request):
        return self._draft_on_benefit(request, DecisionInputSerializer, "adjust")

    @extend_schema(summary="Draft a suspension (commune officer or leader)", request=SuspendInputSerializer,
                   responses={201: DecisionDraftSerializer, **ERRORS})  # fmt: skip
    @action(detail=False, methods=["post"], filterset_class=None, pagination_class=None)
    def suspend(self, request):
        return self._draft_on_benefit(request, SuspendInputSerializer, "suspend", ("suspension_reason", "detained_on"))

    @extend_schema(summary="Draft a resumption (commune officer or leader)", request=ResumeInputSerializer,
                   responses={201: DecisionDraftSerializer, **ERRORS})  # fmt: skip
    @action(detail=False, methods=["post"], filterset_class=None, pagination_class=None)
    def resume(self, request):
        return self._draft_on_benefit(request, ResumeInputSerializer, "resume", ("pay_suspended_months",))

    @extend_schema(summary="Draft a stop (commune officer or leader)", request=DecisionInputSerializer,
                   responses={201: DecisionDraftSerializer, **ERRORS})  # fmt: skip
    @action(detail=False, methods=["post"], filterset_class=None, pagination_class=None)
    def stop(self, request):
        return self._draft_on_benefit(request, DecisionInputSerializer, "stop")


@extend_schema(tags=["decisions"])
@extend_schema_view(
    list=extend_schema(summary="Draft decisions in your area (filter status=draft: waiting for signature)"),
    retrieve=extend_schema(summary="One draft", responses={200: DecisionDraftSerializer, 404: ErrorSerializer}),
)
class DecisionDraftViewSet(viewsets.ReadOnlyModelViewSet):
    """Drafts wait for the commune leader's signature. The drafter never signs (403), except in a
    commune an administrator recorded as single-person; then the signature is in the access log."""

    serializer_class = DecisionDraftSerializer
    filterset_class = DecisionDraftFilter

    def get_queryset(self):
        return decision_draft_list(viewer=self.request.user).order_by("-drafted_at", "-id")

    def list(self, request, *args, **kwargs):
        _require_rows(request.user)
        return super().list(request, *args, **kwargs)

    @extend_schema(summary="Sign the draft (commune leader, not its drafter): the decision takes effect",
                   request=None, responses={201: DecisionSerializer, **ERRORS})  # fmt: skip
    @action(detail=True, methods=["post"], filterset_class=None)
    def sign(self, request, pk=None):
        decision = services.decision_sign(actor=request.user, draft=self.get_object())
        decision = decision_list(viewer=request.user).get(pk=decision.pk)
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Return the draft with a reason (commune leader), or withdraw it (its drafter)",
                   request=DecisionReturnSerializer, responses={200: DecisionDraftSerializer, **ERRORS})  # fmt: skip
    @action(detail=True, methods=["post"], url_path="return", filterset_class=None)
    def return_draft(self, request, pk=None):
        data = DecisionReturnSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        draft = services.decision_return(actor=request.user, draft=self.get_object(),
                                         reason=data.validated_data["reason"])  # fmt: skip
        return Response(DecisionDraftSerializer(self.get_queryset().get(pk=draft.pk)).data)


# Payrolls ------------------------------------------------------------------------------------
@extend_schema(tags=["payrolls"])
@extend_schema_view(
    list=extend_schema(summary="Payrolls in your area"),
    retrieve=extend_schema(
        summary="One payroll with totals per policy", responses={200: PayrollDetailSerializer, 404: ErrorSerializer}
    ),  # fmt: skip
    create=extend_schema(
        summary="Prepare (or refresh) the draft payroll of a commune for a month",
        request=PayrollPrepareSerializer,
        responses={201: PayrollSerializer, **ERRORS},
    ),  # fmt: skip
)
class PayrollViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = PayrollSerializer
    filterset_class = PayrollFilter

    def get_queryset(self):
        return payroll_list(viewer=self.request.user).order_by("-month", "commune__code")

    def list(self, request, *args, **kwargs):
        _require_rows(request.user)
        return super().list(request, *args, **kwargs)

    def retrieve(self, request, *args, **kwargs):
        payroll = self.get_object()
        payroll.totals_by_policy = payroll_totals_by_policy(payroll)
        return Response(PayrollDetailSerializer(payroll).data)

    def create(self, request, *args, **kwargs):
        _require_rows(request.user)
        data = PayrollPrepareSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        commune = scope_of(request.user).communes().filter(code=data.validated_data["commune"]).first()
        if commune is None:
            raise FieldError("commune", _("Choose a commune of your area."))
        payroll = services.payroll_prepare(actor=request.user, commune=commune, month=data.validated_data["month"])
        return Response(PayrollSerializer(payroll).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Approve: the payroll is frozen", request=None, responses={200: PayrollSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        payroll = services.payroll_approve(actor=request.user, payroll=self.get_object())
        return Response(PayrollSerializer(self.get_queryset().get(pk=payroll.pk)).data)

    @extend_schema(
        summary="The payroll's lines", responses={200: PayrollLineSerializer(many=True), 404: ErrorSerializer}
    )
    @action(detail=True, methods=["get"], filterset_class=None)
    def lines(self, request, pk=None):
        payroll = self.get_object()
        page = self.paginate_queryset(payroll_lines(payroll))
        log_access(user=request.user, action=AccessLog.Action.LIST, request=request,
                   detail=f"payroll {payroll.pk}", row_count=len(page))  # fmt: skip
        return self.get_paginated_response(PayrollLineSerializer(page, many=True).data)

    @extend_schema(summary="Mark a line as not collected (or collected)", request=UncollectedSerializer,
                   responses={200: PayrollLineSerializer, **ERRORS})  # fmt: skip
    @action(detail=True, methods=["post"], url_path=r"lines/(?P<line_pk>[0-9]+)/collection", filterset_class=None)
    def collection(self, request, pk=None, line_pk=None):
        payroll = self.get_object()
        line = payroll.lines.filter(pk=line_pk).first()
        if line is None:
            raise Http404
        data = UncollectedSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        line = services.payroll_line_set_uncollected(actor=request.user, line=line,
                                                     uncollected=data.validated_data["uncollected"])  # fmt: skip
        return Response(PayrollLineSerializer(payroll_lines(payroll).get(pk=line.pk)).data)

    @extend_schema(summary="The payroll as an XLSX workbook", responses={(200, "application/vnd.ms-excel"): bytes})
    @action(detail=True, methods=["get"], filterset_class=None)
    def export(self, request, pk=None):
        payroll = self.get_object()
        content = payroll_xlsx(payroll)
        log_access(user=request.user, action=AccessLog.Action.EXPORT, request=request,
                   detail=f"payroll {payroll.pk} xlsx", row_count=payroll.lines.count())  # fmt: skip
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        name = f"bang-chi-tra-{payroll.commune.code}-{month_key(payroll.month)}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response


class HealthInsuranceView(APIView):
    @extend_schema(
        tags=["entitlements"],
        summary="Persons entitled to a state-paid health-insurance card in a month",
        parameters=[
            OpenApiParameter("month", OpenApiTypes.STR, description="YYYY-MM; default: this month."),
            OpenApiParameter("commune", OpenApiTypes.STR, description="Commune code."),
        ],
        responses={200: HealthInsurancePageSerializer, 400: ErrorSerializer, 403: ErrorSerializer},
    )
    def get(self, request):
        from api.pagination import PageNumberPagination

        _require_rows(request.user)
        raw = request.query_params.get("month")
        month = parse_month(raw) if raw else first_day(timezone.localdate())
        commune = None
        code = request.query_params.get("commune")
        if code:
            commune = AdminUnit.objects.filter(code=code, level="commune", is_current=True).first()
            if commune is None or not scope_of(request.user).covers_commune(commune.pk):
                raise Http404
        rows = health_insurance_list(viewer=request.user, month=month, commune=commune)
        paginator = PageNumberPagination()
        page = paginator.paginate_queryset(rows, request, view=self)
        log_access(user=request.user, action=AccessLog.Action.LIST, request=request,
                   detail=f"health insurance {month_key(month)}", row_count=len(page))  # fmt: skip
        return paginator.get_paginated_response(HealthInsuranceRowSerializer(page, many=True).data)

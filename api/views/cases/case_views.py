"""Cases and their named transitions, timeline and documents."""

import django_filters
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from cases import selectors, services, workflow
from cases.models import Case, Domain, Status
from registry.access import log_access
from registry.models import AccessLog
from registry.scope import persons_visible_to

from ...filters.prepared import PreparedFilterSet
from ...pagination import CursorPagination
from ...serializers.cases import (
    CASE_LIST_COLUMNS,
    AttachmentInputSerializer,
    AttachmentSerializer,
    CaseActionSerializer,
    CaseCreateSerializer,
    CaseDetailSerializer,
    CaseSerializer,
    CaseStepSerializer,
    CaseUpdateSerializer,
    case_list_documents,
)
from ...serializers.common import ErrorSerializer
from .common import ERRORS_WRITE, CaseLevelAccess


class CasePagination(CursorPagination):
    ordering = "-id"


class CaseFilter(PreparedFilterSet):
    """The case list's parameters; the filtering is the list page's (`selectors.apply_case_filters`)."""

    q = django_filters.CharFilter(label=_("Search by person"))
    domain = django_filters.ChoiceFilter(choices=Domain.choices)
    status = django_filters.ChoiceFilter(choices=[("open", _("Open")), *Status.choices])
    commune = django_filters.CharFilter(label=_("Commune code"))
    support_type = django_filters.CharFilter(label=_("Support type code"))
    provider = django_filters.NumberFilter(min_value=1, max_value=2**53)
    overdue = django_filters.BooleanFilter()
    assigned_to_me = django_filters.BooleanFilter()
    association = django_filters.BooleanFilter(label=_("Only the support the association provides or funds"))

    class Meta:
        model = Case
        fields = ["q", "domain", "status", "commune", "support_type", "provider", "overdue", "assigned_to_me", "kind"]

    def filter_queryset(self, qs):
        data = self.form.cleaned_data
        provider = data.get("provider")
        if provider is not None and provider != int(provider):
            return qs.none()  # no provider has a fractional id
        filters = selectors.CaseFilters(
            q=(data.get("q") or "").strip(), domain=data.get("domain") or "", status=data.get("status") or "",
            commune=(data.get("commune") or "").strip(), support_type=data.get("support_type") or "",
            provider="" if provider is None else str(int(provider)), kind=data.get("kind") or "",
            overdue=data.get("overdue"), assigned_to_me=bool(data.get("assigned_to_me")),
            association=bool(data.get("association")),
        )  # fmt: skip
        return selectors.apply_case_filters(qs, filters, viewer=self.request.user, today=timezone.localdate())


def _transition_doc(name: str):
    return extend_schema(
        summary=f"Apply the `{name}` transition",
        request=CaseActionSerializer,
        responses={200: CaseDetailSerializer, **ERRORS_WRITE},
    )


@extend_schema(tags=["cases"])
@extend_schema_view(
    list=extend_schema(summary="Support cases in your scope (cursor pagination)"),
    retrieve=extend_schema(summary="One case", responses={200: CaseDetailSerializer, 404: ErrorSerializer}),
    create=extend_schema(summary="Open a case", request=CaseCreateSerializer, responses={201: CaseDetailSerializer, **ERRORS_WRITE}),
    partial_update=extend_schema(summary="Change a case's fields", request=CaseUpdateSerializer,
                                 responses={200: CaseDetailSerializer, **ERRORS_WRITE}),
)  # fmt: skip
class CaseViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):  # fmt: skip
    serializer_class = CaseSerializer
    permission_classes = [CaseLevelAccess]
    pagination_class = CasePagination
    filterset_class = CaseFilter
    lookup_value_regex = "[0-9]+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.case_list(viewer=self.request.user).select_related("certificate")

    def list(self, request, *args, **kwargs):
        # the columns a row shows, shaped straight into the documents CaseSerializer declares (P-1)
        rows = self.filter_queryset(self.get_queryset()).values_list(*CASE_LIST_COLUMNS, named=True)
        documents = case_list_documents(self.paginate_queryset(rows), context=self.get_serializer_context())
        searched = bool(request.query_params.get("q", "").strip())
        log_access(
            user=request.user,
            action=AccessLog.Action.SEARCH if searched else AccessLog.Action.LIST,
            request=request,
            row_count=len(documents),
            detail="cases",
        )
        return self.get_paginated_response(documents)

    def retrieve(self, request, *args, **kwargs):
        case = self.get_object()
        log_access(user=request.user, action=AccessLog.Action.VIEW, request=request, person=case.person,
                   detail=f"case {case.pk}")  # fmt: skip
        return Response(CaseDetailSerializer(case, context=self.get_serializer_context()).data)

    def get_serializer_class(self):
        if self.action == "create":
            return CaseCreateSerializer
        if self.action == "partial_update":
            return CaseUpdateSerializer
        return CaseSerializer

    def _out(self, case: Case, http_status=status.HTTP_200_OK) -> Response:
        case = self.get_queryset().get(pk=case.pk)
        return Response(CaseDetailSerializer(case, context=self.get_serializer_context()).data, status=http_status)

    def create(self, request, *args, **kwargs):
        data = CaseCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        person = persons_visible_to(request.user).select_related("commune").filter(pk=values.pop("person")).first()
        if person is None:
            raise Http404
        values["provider"] = selectors.provider_by_id(request.user, values.get("provider"))
        values["assigned_to"] = selectors.assignee_by_id(values.get("assigned_to"))
        case = services.case_open(actor=request.user, person=person, **values)
        return self._out(case, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        if not kwargs.get("partial"):
            raise Http404
        case = self.get_object()
        data = CaseUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        version = values.pop("version", None)
        if "provider" in values:
            values["provider"] = selectors.provider_by_id(request.user, values["provider"])
        if "assigned_to" in values:
            values["assigned_to"] = selectors.assignee_by_id(values["assigned_to"])
        case = services.case_update(actor=request.user, case=case, data=values, expected_version=version)
        return self._out(case)

    def _transition(self, request, name: str) -> Response:
        case = self.get_object()
        data = CaseActionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        determination = None
        if values.get("determination"):
            determination = services.DeterminationResult(**values["determination"])
        case = services.case_transition(
            actor=request.user, case=case, action=name, note=values.get("note", ""), outcome=values.get("outcome", ""),
            outcome_on=values.get("outcome_on"), determination=determination, expected_version=values.get("version"),
        )  # fmt: skip
        return self._out(case)

    @_transition_doc("assess")
    @action(detail=True, methods=["post"])
    def assess(self, request, pk=None):
        return self._transition(request, workflow.ASSESS)

    @_transition_doc("approve")
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._transition(request, workflow.APPROVE)

    @_transition_doc("reject")
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._transition(request, workflow.REJECT)

    @_transition_doc("start")
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self._transition(request, workflow.START)

    @_transition_doc("complete")
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        return self._transition(request, workflow.COMPLETE)

    @_transition_doc("cancel")
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        return self._transition(request, workflow.CANCEL)

    @_transition_doc("reopen")
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._transition(request, workflow.REOPEN)

    @extend_schema(summary="The case's timeline", responses={200: CaseStepSerializer(many=True), 404: ErrorSerializer})
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def timeline(self, request, pk=None):
        case = self.get_object()
        return Response(CaseStepSerializer(selectors.case_timeline(case), many=True).data)

    @extend_schema(methods=["GET"], summary="The case's documents", responses={200: AttachmentSerializer(many=True)})
    @extend_schema(
        methods=["POST"], summary="Attach a document (multipart)", request=AttachmentInputSerializer,
        responses={201: AttachmentSerializer, **ERRORS_WRITE},
    )  # fmt: skip
    @action(
        detail=True, methods=["get", "post"], pagination_class=None, filterset_class=None,
        parser_classes=[MultiPartParser, FormParser],
    )  # fmt: skip
    def attachments(self, request, pk=None):
        case = self.get_object()
        context = self.get_serializer_context()
        if request.method == "GET":
            return Response(AttachmentSerializer(selectors.case_attachments(case), many=True, context=context).data)
        data = AttachmentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        attachment = services.attachment_add(
            actor=request.user, case=case, upload=data.validated_data["file"],
            description=data.validated_data.get("description", ""),
        )  # fmt: skip
        return Response(AttachmentSerializer(attachment, context=context).data, status=status.HTTP_201_CREATED)

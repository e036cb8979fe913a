"""The provider directory and the referrals."""

import django_filters
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from cases import selectors, services
from cases.models import Domain, Provider, ProviderKind, Referral, ReferralStatus
from cases.scoping import providers_visible_to, referrals_visible_to

from ...serializers.cases import (
    ProviderInputSerializer,
    ProviderSerializer,
    ReferralActionSerializer,
    ReferralCreateSerializer,
    ReferralSerializer,
)
from ...serializers.common import ErrorSerializer
from .common import ERRORS_WRITE, CaseLevelAccess


# Providers -----------------------------------------------------------------------------------
class ProviderFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q")
    domain = django_filters.ChoiceFilter(choices=Domain.choices, field_name="domain_rows__domain", distinct=True)
    kind = django_filters.ChoiceFilter(choices=ProviderKind.choices)
    is_active = django_filters.BooleanFilter()

    class Meta:
        model = Provider
        fields = ["q", "domain", "kind", "is_active"]

    def filter_q(self, qs, name, value):
        from registry.text import fold

        return qs.filter(name_folded__contains=fold(value)) if value else qs


@extend_schema(tags=["providers"])
@extend_schema_view(
    list=extend_schema(summary="The provider directory"),
    retrieve=extend_schema(summary="One provider", responses={200: ProviderSerializer, 404: ErrorSerializer}),
    create=extend_schema(summary="Add a provider", request=ProviderInputSerializer,
                         responses={201: ProviderSerializer, **ERRORS_WRITE}),
    partial_update=extend_schema(summary="Change a provider", request=ProviderInputSerializer,
                                 responses={200: ProviderSerializer, **ERRORS_WRITE}),
)  # fmt: skip
class ProviderViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):  # fmt: skip
    serializer_class = ProviderSerializer
    filterset_class = ProviderFilter
    lookup_value_regex = "[0-9]+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return (
            providers_visible_to(self.request.user)
            .select_related("unit")
            .prefetch_related("domain_rows")
            .order_by("name_folded", "id")
        )

    def get_serializer_class(self):
        return ProviderInputSerializer if self.action in ("create", "partial_update") else ProviderSerializer

    def _out(self, provider, http_status=status.HTTP_200_OK):
        provider = self.get_queryset().get(pk=provider.pk)
        return Response(ProviderSerializer(provider, context=self.get_serializer_context()).data, status=http_status)

    def create(self, request, *args, **kwargs):
        data = ProviderInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        domains = values.pop("domains")
        return self._out(
            services.provider_create(actor=request.user, data=values, domains=domains), status.HTTP_201_CREATED
        )

    def update(self, request, *args, **kwargs):
        if not kwargs.get("partial"):
            raise Http404
        provider = self.get_object()
        data = ProviderInputSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        domains = values.pop("domains", None)
        return self._out(services.provider_update(actor=request.user, provider=provider, data=values, domains=domains))


# Referrals -----------------------------------------------------------------------------------
class ReferralFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ReferralStatus.choices)
    provider = django_filters.NumberFilter(field_name="provider_id", min_value=1, max_value=2**53)
    case = django_filters.NumberFilter(field_name="case_id", min_value=1, max_value=2**53)

    class Meta:
        model = Referral
        fields = ["status", "provider", "case"]


@extend_schema(tags=["referrals"])
@extend_schema_view(
    list=extend_schema(summary="Referrals of the cases in your scope"),
    retrieve=extend_schema(summary="One referral", responses={200: ReferralSerializer, 404: ErrorSerializer}),
    create=extend_schema(summary="Refer a case to a provider", request=ReferralCreateSerializer,
                         responses={201: ReferralSerializer, **ERRORS_WRITE}),
)  # fmt: skip
class ReferralViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    serializer_class = ReferralSerializer
    permission_classes = [CaseLevelAccess]
    filterset_class = ReferralFilter
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return referrals_visible_to(self.request.user).select_related("provider").order_by("-sent_on", "-id")

    def get_serializer_class(self):
        return ReferralCreateSerializer if self.action == "create" else ReferralSerializer

    def create(self, request, *args, **kwargs):
        data = ReferralCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        case = selectors.case_list(viewer=request.user).filter(pk=values.pop("case")).first()
        if case is None:
            raise Http404
        provider = selectors.provider_by_id(request.user, values.pop("provider"))
        referral = services.referral_create(actor=request.user, case=case, provider=provider, **values)
        return Response(ReferralSerializer(referral).data, status=status.HTTP_201_CREATED)

    def _record(self, request, name: str) -> Response:
        referral = self.get_object()
        data = ReferralActionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        referral = services.referral_record(
            actor=request.user, referral=referral, action=name, on=data.validated_data.get("on"),
            outcome=data.validated_data.get("outcome", ""),
        )  # fmt: skip
        return Response(ReferralSerializer(referral).data)

    @extend_schema(summary="The provider accepted", request=ReferralActionSerializer,
                   responses={200: ReferralSerializer, **ERRORS_WRITE})  # fmt: skip
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._record(request, "accept")

    @extend_schema(summary="The provider declined", request=ReferralActionSerializer,
                   responses={200: ReferralSerializer, **ERRORS_WRITE})  # fmt: skip
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._record(request, "decline")

    @extend_schema(summary="The referral is completed (with its outcome)", request=ReferralActionSerializer,
                   responses={200: ReferralSerializer, **ERRORS_WRITE})  # fmt: skip
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        return self._record(request, "complete")

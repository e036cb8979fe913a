"""What hangs off one person: determinations, certificates and the change history.

Everything here lives under `/persons/{person_pk}/`: a person outside the viewer's scope (or a
viewer without person-level access) answers 404, as if the id did not exist.
"""

from django.db.models import Q
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from registry.access import log_access
from registry.models import AccessLog, Person
from registry.selectors import person_detail
from registry.services import certificate_issue, determination_record

from ..permissions import PersonLevelAccess, ensure_can_edit, ensure_commune_in_scope
from ..serializers.common import ErrorSerializer
from ..serializers.person_history import history_entries
from ..serializers.registry import (
    CertificateInputSerializer,
    CertificateSerializer,
    DeterminationInputSerializer,
    DeterminationSerializer,
    HistoryEntrySerializer,
)

ERRORS_READ = {404: ErrorSerializer}
ERRORS_WRITE = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


@extend_schema(tags=["persons"])
class _PersonChildViewSet(viewsets.GenericViewSet):
    """Base of `/persons/{person_pk}/...`: the person must be visible to the viewer (else 404)."""

    permission_classes = [IsAuthenticated, PersonLevelAccess]
    person_scoped = True
    filterset_class = None

    def get_person(self) -> Person:
        if not hasattr(self, "_person"):
            try:
                self._person = person_detail(viewer=self.request.user, pk=int(self.kwargs["person_pk"]))
            except Person.DoesNotExist:
                raise Http404
        return self._person


@extend_schema_view(
    list=extend_schema(
        summary="A person's determinations, newest first",
        responses={200: DeterminationSerializer(many=True), **ERRORS_READ},
    ),
    create=extend_schema(
        summary="Record a determination",
        description="The latest valid determination sets the person's types and level.",
        request=DeterminationInputSerializer,
        responses={201: DeterminationSerializer, **ERRORS_WRITE},
    ),
)
class PersonDeterminationViewSet(mixins.ListModelMixin, _PersonChildViewSet):
    serializer_class = DeterminationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Person.determinations.rel.related_model.objects.none()
        return self.get_person().determinations.order_by("-determined_on", "-id")

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        log_access(
            user=request.user,
            action=AccessLog.Action.VIEW,
            request=request,
            person=self.get_person(),
            detail="determinations",
        )
        return response

    def create(self, request, *args, **kwargs):
        person = self.get_person()
        ensure_can_edit(request.user, person)
        serializer = DeterminationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        determination = determination_record(actor=request.user, person=person, **serializer.validated_data)
        return Response(DeterminationSerializer(determination).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        summary="A person's certificates, newest first",
        responses={200: CertificateSerializer(many=True), **ERRORS_READ},
    ),
    create=extend_schema(
        summary="Issue a certificate",
        description="The valid certificate the person holds becomes re-issued (or exchanged).",
        request=CertificateInputSerializer,
        responses={201: CertificateSerializer, **ERRORS_WRITE},
    ),
)
class PersonCertificateViewSet(mixins.ListModelMixin, _PersonChildViewSet):
    serializer_class = CertificateSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Person.certificates.rel.related_model.objects.none()
        return self.get_person().certificates.select_related("issuing_commune").order_by("-issued_on", "-id")

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        log_access(
            user=request.user,
            action=AccessLog.Action.VIEW,
            request=request,
            person=self.get_person(),
            detail="certificates",
        )
        return response

    def create(self, request, *args, **kwargs):
        person = self.get_person()
        ensure_can_edit(request.user, person)
        serializer = CertificateInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        attrs = serializer.validated_data
        ensure_commune_in_scope(request.user, attrs["issuing_commune"], "issuing_commune")
        certificate = certificate_issue(actor=request.user, person=person, **attrs)
        return Response(
            CertificateSerializer(certificate, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


@extend_schema_view(
    list=extend_schema(
        summary="A person's change history, newest first",
        description="Who changed what and when, with each field's old and new value. ID numbers are left out for roles that do not see them.",
        responses={200: HistoryEntrySerializer(many=True), **ERRORS_READ},
    ),
)
class PersonHistoryViewSet(mixins.ListModelMixin, _PersonChildViewSet):
    serializer_class = HistoryEntrySerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Person.history.model.objects.none()
        return self.get_person().history.select_related("history_user").order_by("-history_date", "-history_id")

    def list(self, request, *args, **kwargs):
        person = self.get_person()
        queryset = self.get_queryset()
        records = list(self.paginate_queryset(queryset))
        older = None
        if records and records[-1].history_type != "+":
            last = records[-1]
            older = queryset.filter(
                Q(history_date__lt=last.history_date)
                | Q(history_date=last.history_date, history_id__lt=last.history_id)
            ).first()
        entries = history_entries(records, older, viewer=request.user)
        log_access(user=request.user, action=AccessLog.Action.HISTORY, request=request, person=person)
        return self.get_paginated_response(HistoryEntrySerializer(entries, many=True).data)

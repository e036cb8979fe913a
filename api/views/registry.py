"""Registry endpoints: token, administrative units, persons and what hangs off a person.

Rows come from `registry.selectors` (scoped by `registry.scope`), writes go through
`registry.services`; this module only maps HTTP to them. Who may call what: `api.permissions`.
"""

from django.contrib.auth.signals import user_logged_in
from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from knox import views as knox_views
from knox.models import get_token_model
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from registry.access import log_access
from registry.errors import InvalidInput
from registry.models import AccessLog, AdminUnit, Person
from registry.selectors import PersonFilters, person_detail, person_list, person_pages
from registry.services import (
    person_mark_deceased,
    person_move,
    person_register,
    person_update,
)

from ..authentication import ApiTokenAuthentication
from ..filters.prepared import PreparedFilterSet
from ..filters.registry import AdminUnitFilter, PersonFilter
from ..permissions import PersonLevelAccess
from ..serializers.common import ErrorSerializer
from ..serializers.registry import (
    PERSON_LIST_COLUMNS,
    AdminUnitSerializer,
    PersonCreateSerializer,
    PersonDeceasedSerializer,
    PersonMoveSerializer,
    PersonSerializer,
    PersonUpdateSerializer,
    TokenRequestSerializer,
    TokenSerializer,
    person_list_documents,
)

ERRORS_READ = {404: ErrorSerializer}
ERRORS_WRITE = {400: ErrorSerializer, 403: ErrorSerializer, 404: ErrorSerializer}


# Token ---------------------------------------------------------------------------------------
class TokenView(APIView):
    """Exchange a username and password for a token to send as `Authorization: Token <token>`.

    The token lapses after a time without use (each use moves `expiry` on) and, however much it is
    used, a fixed time after it was issued; logging out, a password change or deactivation ends it.
    Repeated wrong passwords lock the username out for a while (429)."""

    # django-rest-knox's token (registry.ApiToken, stored as a hash); `user_logged_in` is sent as
    # the login page does (last login, the login throttle's success record).
    authentication_classes = ()
    permission_classes = ()
    throttle_classes = ()

    @extend_schema(
        operation_id="auth_token_create",
        request=TokenRequestSerializer,
        responses={200: TokenSerializer, 400: ErrorSerializer, 429: ErrorSerializer},
        auth=[],
        tags=["auth"],
    )
    def post(self, request, *args, **kwargs):
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        try:
            serializer.is_valid(raise_exception=True)
        except ValidationError:
            # The login throttle (django-axes) refuses inside authenticate(); say so plainly.
            if getattr(request, "axes_locked_out", False):
                raise LockedOut()
            raise
        user = serializer.validated_data["user"]
        instance, token = get_token_model().objects.create(user=user)
        user_logged_in.send(sender=user.__class__, request=request, user=user)
        return Response(TokenSerializer({"token": token, "expiry": instance.expiry}).data)


def _revocation(operation_id: str):
    return extend_schema_view(
        post=extend_schema(
            operation_id=operation_id, request=None, responses={204: None, 401: ErrorSerializer}, tags=["auth"]
        )
    )


@_revocation("auth_logout_create")
class LogoutView(knox_views.LogoutView):
    """Revoke the token this request was sent with."""

    authentication_classes = (ApiTokenAuthentication,)


@_revocation("auth_logout_all_create")
class LogoutAllView(knox_views.LogoutAllView):
    """Revoke every token of the user (every device), the one sent with this request included."""

    authentication_classes = (ApiTokenAuthentication,)


class LockedOut(APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_detail = _("Too many failed sign-in attempts. Try again later or ask an administrator.")
    default_code = "locked_out"


# Administrative units ------------------------------------------------------------------------
@extend_schema(tags=["admin-units"])
@extend_schema_view(
    list=extend_schema(summary="Administrative units, current (since 1 July 2025) and pre-2025"),
    retrieve=extend_schema(summary="One administrative unit by id"),
)
class AdminUnitViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AdminUnitSerializer
    filterset_class = AdminUnitFilter
    lookup_value_regex = "[0-9]+"

    def get_queryset(self):
        return (
            AdminUnit.objects.select_related("parent")
            .prefetch_related(Prefetch("successors", queryset=AdminUnit.objects.only("id", "code")))
            .order_by("code", "-is_current", "id")
        )

    @extend_schema(
        summary="One administrative unit by code",
        description=(
            "The current unit with this code, or the pre-2025 unit when no current unit has it. "
            "Add `?current=false` for the pre-2025 unit of a reused code."
        ),
        parameters=[
            OpenApiParameter("code", OpenApiTypes.STR, OpenApiParameter.PATH, description="2, 3 or 5 digits"),
            OpenApiParameter("current", OpenApiTypes.BOOL, OpenApiParameter.QUERY, required=False),
        ],
        responses={200: AdminUnitSerializer, 404: ErrorSerializer},
    )
    @action(
        detail=False,
        methods=["get"],
        url_path=r"code/(?P<code>[0-9]{2,5})",
        filterset_class=None,
        pagination_class=None,
    )
    def by_code(self, request, code=None):
        qs = self.get_queryset().filter(code=code)
        current = request.query_params.get("current", "").lower()
        if current in ("true", "1", "false", "0"):
            qs = qs.filter(is_current=current in ("true", "1"))
        unit = qs.order_by("-is_current", "id").first()
        if unit is None:
            raise Http404
        return Response(self.get_serializer(unit).data)


# Persons -------------------------------------------------------------------------------------
def _remap_birth_year(exc: InvalidInput, request) -> InvalidInput:
    """Errors about the date of birth belong to `birth_year` when the client sent a year."""
    data = request.data if hasattr(request.data, "get") else {}
    sent_year = data.get("birth_year") not in (None, "") and data.get("date_of_birth") in (None, "")
    if sent_year and "date_of_birth" in exc.errors:
        exc.errors["birth_year"] = exc.errors.pop("date_of_birth")
    return exc


def _list_columns(persons):
    return persons.values_list(*PERSON_LIST_COLUMNS, named=True)


class PersonListFilter(PreparedFilterSet, PersonFilter):
    """`PersonFilter` with its validation form built once (the list is P-1 in the benchmark)."""


@extend_schema(tags=["persons"])
@extend_schema_view(
    list=extend_schema(
        summary="Persons in your area",
        description="The list page's filters. Statistics officers get 403: they see aggregates only.",
        responses={200: PersonSerializer(many=True), 403: ErrorSerializer},
    ),
    retrieve=extend_schema(summary="One person", responses={200: PersonSerializer, **ERRORS_READ}),
    create=extend_schema(
        summary="Register a person",
        description=(
            "`disability_types` with `level` become the person's initial determination. A person with "
            "the same name and birth year in the same commune answers 400 `possible_duplicate` with "
            "`candidates`; send `confirm_duplicate: true` to register anyway. An ID number registered outside "
            "your area answers 400 `duplicate_national_id` (no name, no commune); past the hourly limit of "
            "such numbers, 429 `too_many_id_checks`."
        ),
        request=PersonCreateSerializer,
        responses={201: PersonSerializer, 400: ErrorSerializer, 403: ErrorSerializer, 429: ErrorSerializer},
    ),
    update=extend_schema(
        summary="Change a person",
        description="Send the `version` you read; a newer version on the server answers 409 with what changed.",
        request=PersonUpdateSerializer,
        responses={200: PersonSerializer, 409: ErrorSerializer, 429: ErrorSerializer, **ERRORS_WRITE},
    ),
    partial_update=extend_schema(
        summary="Change some fields of a person",
        request=PersonUpdateSerializer,
        responses={200: PersonSerializer, 409: ErrorSerializer, 429: ErrorSerializer, **ERRORS_WRITE},
    ),
)
class PersonViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    permission_classes = [IsAuthenticated, PersonLevelAccess]
    serializer_class = PersonSerializer
    filterset_class = PersonListFilter
    lookup_value_regex = "[0-9]+"
    queryset = Person.objects.none()  # for the schema; rows come from get_queryset

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Person.objects.none()
        return person_list(viewer=self.request.user)

    def get_object(self) -> Person:
        try:
            person = person_detail(viewer=self.request.user, pk=int(self.kwargs["pk"]))
        except Person.DoesNotExist:
            raise Http404
        self.check_object_permissions(self.request, person)
        return person

    def _output(self, person: Person, http_status=status.HTTP_200_OK) -> Response:
        fresh = person_detail(viewer=self.request.user, pk=person.pk)
        return Response(PersonSerializer(fresh, context=self.get_serializer_context()).data, status=http_status)

    def list(self, request, *args, **kwargs):
        # the columns a row shows, shaped straight into the documents PersonSerializer declares (P-1)
        persons = self.filter_queryset(self.get_queryset())
        filters = PersonFilters.from_params(request.query_params)
        page = self.paginate_queryset(person_pages(persons, filters, shape=_list_columns))
        documents = person_list_documents(page, context=self.get_serializer_context())
        response = self.get_paginated_response(documents)
        searched = bool(request.query_params.get("q", "").strip())
        log_access(
            user=request.user,
            action=AccessLog.Action.SEARCH if searched else AccessLog.Action.LIST,
            request=request,
            row_count=len(documents),
        )
        return response

    def retrieve(self, request, *args, **kwargs):
        person = self.get_object()
        log_access(user=request.user, action=AccessLog.Action.VIEW, request=request, person=person)
        return Response(self.get_serializer(person).data)

    def create(self, request, *args, **kwargs):
        serializer = PersonCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        try:
            person = person_register(actor=request.user, **serializer.service_kwargs())
        except InvalidInput as exc:
            raise _remap_birth_year(exc, request)
        return self._output(person, status.HTTP_201_CREATED)

    def update(self, request, *args, partial=False, **kwargs):
        person = self.get_object()
        serializer = PersonUpdateSerializer(
            data=request.data, partial=partial, person=person, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        try:
            person = person_update(actor=request.user, person=person, **serializer.service_kwargs())
        except InvalidInput as exc:
            raise _remap_birth_year(exc, request)
        return self._output(person)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, partial=True, **kwargs)

    @extend_schema(
        summary="Move a person to another commune",
        description="The old commune's period ends on `date`; it then sees the person as moved out.",
        request=PersonMoveSerializer,
        responses={200: PersonSerializer, 409: ErrorSerializer, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def move(self, request, pk=None):
        person = self.get_object()
        serializer = PersonMoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        attrs = serializer.validated_data
        person = person_move(
            actor=request.user,
            person=person,
            commune=attrs["commune"],
            moved_on=attrs["date"],
            village=attrs["village"],
        )
        return self._output(person)

    @extend_schema(
        summary="Record a person's death",
        request=PersonDeceasedSerializer,
        responses={200: PersonSerializer, 409: ErrorSerializer, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def deceased(self, request, pk=None):
        person = self.get_object()
        serializer = PersonDeceasedSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        person = person_mark_deceased(actor=request.user, person=person, died_on=serializer.validated_data["date"])
        return self._output(person)

"""Activities and gift days: events and their participants."""

import django_filters
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from cases import selectors, services
from cases.models import Event
from registry.scope import persons_visible_to, scope_of

from ...serializers.cases import (
    EventInputSerializer,
    EventParticipantSerializer,
    EventParticipantsInputSerializer,
    EventSerializer,
    EventUpdateSerializer,
)
from ...serializers.common import ErrorSerializer
from .common import ERRORS_WRITE


# Events --------------------------------------------------------------------------------------
class EventFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Event._meta.get_field("kind").choices)
    year = django_filters.NumberFilter(field_name="held_on", lookup_expr="year", min_value=1900, max_value=2100)
    held_from = django_filters.DateFilter(field_name="held_on", lookup_expr="gte")
    held_to = django_filters.DateFilter(field_name="held_on", lookup_expr="lte")
    unit = django_filters.CharFilter(field_name="unit__code")

    class Meta:
        model = Event
        fields = ["kind", "year", "held_from", "held_to", "unit"]


@extend_schema(tags=["events"])
@extend_schema_view(
    list=extend_schema(summary="Activities and gift days in your scope"),
    retrieve=extend_schema(summary="One event", responses={200: EventSerializer, 404: ErrorSerializer}),
    create=extend_schema(summary="Record an event", request=EventInputSerializer,
                         responses={201: EventSerializer, **ERRORS_WRITE}),
    partial_update=extend_schema(summary="Change an event", request=EventUpdateSerializer,
                                 responses={200: EventSerializer, **ERRORS_WRITE}),
)  # fmt: skip
class EventViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):  # fmt: skip
    serializer_class = EventSerializer
    filterset_class = EventFilter
    lookup_value_regex = "[0-9]+"
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.event_list(viewer=self.request.user)

    def get_serializer_class(self):
        if self.action == "create":
            return EventInputSerializer
        if self.action == "partial_update":
            return EventUpdateSerializer
        return EventSerializer

    def _out(self, event, http_status=status.HTTP_200_OK):
        event = self.get_queryset().get(pk=event.pk)
        return Response(EventSerializer(event, context=self.get_serializer_context()).data, status=http_status)

    def _persons(self, ids: list[int]):
        from registry.errors import FieldError

        persons = list(persons_visible_to(self.request.user).filter(pk__in=ids))
        if len(persons) != len(set(ids)):
            raise FieldError("participants", str(_("Some of the chosen persons are outside your area.")))
        return persons

    def create(self, request, *args, **kwargs):
        data = EventInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        participants = self._persons(values.pop("participants", []))
        event = services.event_create(actor=request.user, data=values, participants=participants)
        return self._out(event, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        if not kwargs.get("partial"):
            raise Http404
        event = self.get_object()
        data = EventUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._out(services.event_update(actor=request.user, event=event, data=dict(data.validated_data)))

    @extend_schema(methods=["GET"], summary="The registered participants you may see",
                   responses={200: EventParticipantSerializer(many=True)})  # fmt: skip
    @extend_schema(methods=["POST"], summary="Register or remove participants",
                   request=EventParticipantsInputSerializer, responses={200: EventSerializer, **ERRORS_WRITE})  # fmt: skip
    @action(detail=True, methods=["get", "post"], pagination_class=None, filterset_class=None)
    def participants(self, request, pk=None):
        event = self.get_object()
        if request.method == "GET":
            if not scope_of(request.user).sees_persons:
                raise PermissionDenied(_("Your role has no access to person-level data."))
            persons = selectors.event_participants(viewer=request.user, event=event)
            return Response(EventParticipantSerializer(persons, many=True).data)
        data = EventParticipantsInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if data.validated_data["add"]:
            services.event_participants_add(
                actor=request.user, event=event, persons=self._persons(data.validated_data["add"])
            )
        if data.validated_data["remove"]:
            services.event_participants_remove(
                actor=request.user, event=event, persons=self._persons(data.validated_data["remove"])
            )
        return self._out(event)

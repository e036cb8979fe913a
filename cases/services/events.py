"""Activities and gift days: events with their participants and gifts."""

from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from registry.errors import FieldError, InvalidInput, NotPermitted
from registry.models import AdminUnit, Person, UnitLevel
from registry.models.persons import PersonStatus
from registry.scope import persons_visible_to

from ..models import Event, EventKind, EventParticipant, FundingSource
from ..scoping import event_editable_by, is_writer, unit_in_scope
from ._common import count, money, text, today

EVENT_FIELDS = (
    "kind", "title", "held_on", "unit", "organiser", "funding_source", "funding_amount", "other_participants",
    "gifts_count", "gift_value", "notes",
)  # fmt: skip
# Events are recorded after they happen, or planned up to a year ahead.
PLANNING_HORIZON = timedelta(days=366)


def _apply(event: Event, data: dict[str, Any]) -> None:
    unknown = set(data) - set(EVENT_FIELDS)
    if unknown:
        raise InvalidInput({field: [_("This field cannot be set here.")] for field in sorted(unknown)})
    for field, value in data.items():
        if field in ("title", "organiser", "notes"):
            value = text(value)
        elif field in ("funding_amount",):
            value = money(field, value)
        elif field == "gift_value":
            value = money(field, value) or 0
        elif field in ("other_participants", "gifts_count"):
            value = count(field, value) or 0
        elif field == "funding_source":
            value = value or ""
        setattr(event, field, value)
    errors: dict[str, list[str]] = {}
    if event.kind not in EventKind.values:
        errors["kind"] = [_("Choose the kind of event.")]
    if not event.title:
        errors["title"] = [_("Enter the title of the event.")]
    if not event.organiser:
        errors["organiser"] = [_("Enter the organising agency.")]
    if event.held_on is None:
        errors["held_on"] = [_("Enter the date of the event.")]
    elif event.held_on > today() + PLANNING_HORIZON:
        errors["held_on"] = [_("The date is more than a year ahead.")]
    elif event.held_on.year < 2000:
        errors["held_on"] = [_("The date is too far in the past.")]
    if event.funding_source and event.funding_source not in FundingSource.values:
        errors["funding_source"] = [_("Unknown funding source.")]
    unit = event.unit if event.unit_id else None
    if not (isinstance(unit, AdminUnit) and unit.is_current and unit.level in (UnitLevel.COMMUNE, UnitLevel.PROVINCE)):
        errors["unit"] = [_("Choose the commune or the province where the event took place.")]
    if event.gifts_count and not event.gift_value:
        errors["gift_value"] = [_("Enter the value of each gift.")]
    if errors:
        raise InvalidInput(errors)


def _check_participants(actor, event: Event, persons: list[Person]) -> list[Person]:
    ids = {p.pk for p in persons}
    visible = set(persons_visible_to(actor).filter(pk__in=ids).values_list("pk", flat=True))
    if ids - visible:
        raise FieldError("participants", _("Some of the chosen persons are outside your area."))
    for person in persons:
        if person.status == PersonStatus.DECEASED and person.died_on and person.died_on < event.held_on:
            raise FieldError("participants", _("%(name)s died before the event.") % {"name": person.full_name})
    return persons


@transaction.atomic
def event_create(*, actor, data: dict[str, Any], participants: list[Person] | None = None) -> Event:
    if not is_writer(actor):
        raise NotPermitted(_("Your role cannot record events."))
    event = Event(created_by=actor)
    _apply(event, data)
    if not unit_in_scope(actor, event.unit):
        raise FieldError("unit", _("This unit is outside your area."))
    event.save()
    if participants:
        event_participants_add(actor=actor, event=event, persons=participants)
    return event


@transaction.atomic
def event_update(*, actor, event: Event, data: dict[str, Any]) -> Event:
    if not event_editable_by(actor, event):
        raise NotPermitted(_("You cannot change this event."))
    _apply(event, data)
    if not unit_in_scope(actor, event.unit):
        raise FieldError("unit", _("This unit is outside your area."))
    event.save()
    return event


@transaction.atomic
def event_participants_add(*, actor, event: Event, persons: list[Person]) -> int:
    """Register persons as participants (those already registered are kept). Returns how many were added.

    Anyone who may write events may add the persons of their own area to an event they can see,
    so a commune brings its residents to a provincial event."""
    if not is_writer(actor):
        raise NotPermitted(_("Your role cannot record events."))
    persons = _check_participants(actor, event, list(persons))
    existing = set(EventParticipant.objects.filter(event=event).values_list("person_id", flat=True))
    rows = [EventParticipant(event=event, person=p, added_by=actor) for p in persons if p.pk not in existing]
    EventParticipant.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def event_participants_remove(*, actor, event: Event, persons: list[Person]) -> int:
    """Remove participants; only persons visible to the actor can be removed."""
    if not is_writer(actor):
        raise NotPermitted(_("Your role cannot record events."))
    ids = [p.pk for p in persons]
    visible = persons_visible_to(actor).filter(pk__in=ids).values("pk")
    deleted, _detail = EventParticipant.objects.filter(event=event, person_id__in=visible).delete()
    return deleted


def expected_day(kind: str, year: int) -> date | None:
    """The calendar day of the two disability days (used by the forms as a hint)."""
    if kind == EventKind.DISABILITY_DAY_VN:
        return date(year, 4, 18)
    if kind == EventKind.DISABILITY_DAY_INTL:
        return date(year, 12, 3)
    return None

"""Writing the facts the engine reads: facility stays, pregnancies, children, marriages, care
arrangements and other allowance grounds. Each is validated; overlaps are refused."""

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.errors import FieldError, InvalidInput, NotPermitted
from registry.identifiers import validate_national_id
from registry.models import Person
from registry.models.persons import DisabilityLevel, Sex
from registry.scope import persons_visible_to
from registry.text import clean

from ..models import CareArrangement, CareKind, Child, FacilityStay, Marriage, OtherGround, Pregnancy
from ..permissions import can_edit_facts

MAX_PREGNANCY_DAYS = 310


def _check_actor(actor, person: Person) -> None:
    if not can_edit_facts(actor, person):
        raise NotPermitted(_("You cannot change this person's records."))


def _check_period(person: Person, started_on: date, ended_on: date | None, *, allow_future_end: bool = False) -> None:
    errors: dict[str, list[str]] = {}
    today = timezone.localdate()
    if started_on is None:
        errors["started_on"] = [_("Enter the start date.")]
    else:
        if started_on > today:
            errors["started_on"] = [_("The start date cannot be in the future.")]
        elif started_on < person.date_of_birth:
            errors["started_on"] = [_("The start date is before the date of birth.")]
        if ended_on is not None and ended_on < started_on:
            errors["ended_on"] = [_("The end date is before the start date.")]
    if ended_on is not None and ended_on > today and not allow_future_end:
        errors.setdefault("ended_on", []).append(_("The end date cannot be in the future."))
    if person.died_on and started_on and started_on > person.died_on:
        errors.setdefault("started_on", []).append(_("The start date is after the date of death."))
    if errors:
        raise InvalidInput(errors)


def _overlap_q(started_on: date, ended_on: date | None) -> Q:
    q = Q(ended_on__isnull=True) | Q(ended_on__gte=started_on)
    if ended_on is not None:
        q &= Q(started_on__lte=ended_on)
    return q


def _refuse_overlap(qs, started_on, ended_on, message: str) -> None:
    if qs.filter(_overlap_q(started_on, ended_on)).exists():
        raise FieldError("started_on", message)


@transaction.atomic
def facility_stay_add(*, actor, person: Person, facility_name: str, started_on: date, ended_on: date | None = None,
                      note: str = "") -> FacilityStay:  # fmt: skip
    _check_actor(actor, person)
    facility_name = clean(facility_name)
    if not facility_name:
        raise FieldError("facility_name", _("Enter the name of the facility."))
    _check_period(person, started_on, ended_on)
    _refuse_overlap(person.facility_stays.all(), started_on, ended_on, _("This stay overlaps another facility stay."))
    return FacilityStay.objects.create(
        person=person, facility_name=facility_name, started_on=started_on, ended_on=ended_on, note=clean(note),
        created_by=actor,
    )  # fmt: skip


@transaction.atomic
def pregnancy_add(
    *, actor, person: Person, started_on: date, ended_on: date | None = None, note: str = ""
) -> Pregnancy:
    _check_actor(actor, person)
    if person.sex != Sex.FEMALE:
        raise FieldError("started_on", _("A pregnancy can only be recorded for a woman."))
    _check_period(person, started_on, ended_on)
    if started_on and person.age_on(started_on) < 10:
        raise FieldError("started_on", _("The start date is not plausible for this person's age."))
    last = ended_on or timezone.localdate()
    if started_on and (last - started_on).days > MAX_PREGNANCY_DAYS:
        raise FieldError(
            "ended_on" if ended_on else "started_on",
            _("A pregnancy lasts at most %(days)d days; enter its end date.") % {"days": MAX_PREGNANCY_DAYS},
        )
    _refuse_overlap(person.pregnancies.all(), started_on, ended_on, _("This pregnancy overlaps another one."))
    return Pregnancy.objects.create(person=person, started_on=started_on, ended_on=ended_on, note=clean(note),
                                    created_by=actor)  # fmt: skip


@transaction.atomic
def child_add(*, actor, person: Person, full_name: str, date_of_birth: date, raised_until: date | None = None) -> Child:
    _check_actor(actor, person)
    full_name = clean(full_name)
    errors: dict[str, list[str]] = {}
    if not full_name:
        errors["full_name"] = [_("Enter the child's name.")]
    if date_of_birth is None:
        errors["date_of_birth"] = [_("Enter the child's date of birth.")]
    elif date_of_birth > timezone.localdate():
        errors["date_of_birth"] = [_("The date of birth cannot be in the future.")]
    elif person.age_on(date_of_birth) < 10:
        errors["date_of_birth"] = [_("The child's date of birth is not plausible for this parent's age.")]
    if raised_until and date_of_birth and raised_until < date_of_birth:
        errors["raised_until"] = [_("The end date is before the child's date of birth.")]
    if errors:
        raise InvalidInput(errors)
    if person.children_raised.filter(full_name=full_name, date_of_birth=date_of_birth).exists():
        raise FieldError("full_name", _("This child is already recorded."))
    return Child.objects.create(parent=person, full_name=full_name, date_of_birth=date_of_birth,
                                raised_until=raised_until, created_by=actor)  # fmt: skip


@transaction.atomic
def marriage_add(*, actor, person: Person, spouse: Person, started_on: date, ended_on: date | None = None,
                 note: str = "") -> Marriage:  # fmt: skip
    _check_actor(actor, person)
    if spouse is None or spouse.pk == person.pk:
        raise FieldError("spouse", _("Choose the spouse (another registered person)."))
    if not persons_visible_to(actor).filter(pk=spouse.pk).exists():
        raise FieldError("spouse", _("Choose the spouse (another registered person)."))
    _check_period(person, started_on, ended_on)
    _check_period(spouse, started_on, ended_on)
    a, b = sorted([person, spouse], key=lambda p: p.pk)
    for someone in (person, spouse):
        clash = Marriage.objects.filter(Q(person_a=someone) | Q(person_b=someone)).filter(
            _overlap_q(started_on, ended_on)
        )
        if clash.exists():
            raise FieldError(
                "started_on", _("%(name)s is already married in this period.") % {"name": someone.full_name}
            )
    return Marriage.objects.create(person_a=a, person_b=b, started_on=started_on, ended_on=ended_on, note=clean(note),
                                   created_by=actor)  # fmt: skip


@transaction.atomic
def care_arrangement_add(*, actor, person: Person, kind: str, carer_name: str, started_on: date,
                         ended_on: date | None = None, carer_national_id: str = "", carer_person: Person | None = None,
                         note: str = "") -> CareArrangement:  # fmt: skip
    _check_actor(actor, person)
    if kind not in CareKind.values:
        raise FieldError("kind", _("Choose the kind of care."))
    if person.level != DisabilityLevel.ESPECIALLY_SEVERE:
        raise FieldError(
            "kind", _("Care support to a household is only for a person with especially severe disability.")
        )
    carer_name = clean(carer_name) or (carer_person.full_name if carer_person else "")
    if not carer_name:
        raise FieldError("carer_name", _("Enter the name of the carer or head of household."))
    if carer_person is not None and carer_person.pk == person.pk:
        raise FieldError("carer_person", _("A person cannot be their own carer."))
    carer_national_id = clean(carer_national_id)
    if carer_national_id:
        carer_national_id = validate_national_id(carer_national_id, field="carer_national_id")
    _check_period(person, started_on, ended_on)
    _refuse_overlap(person.care_arrangements.all(), started_on, ended_on,
                    _("This arrangement overlaps another one for the same person."))  # fmt: skip
    return CareArrangement.objects.create(
        cared_person=person, kind=kind, carer_name=carer_name, carer_national_id=carer_national_id,
        carer_person=carer_person, started_on=started_on, ended_on=ended_on, note=clean(note), created_by=actor,
    )  # fmt: skip


@transaction.atomic
def other_ground_add(*, actor, person: Person, ground: str, started_on: date, ended_on: date | None = None,
                     note: str = "") -> OtherGround:  # fmt: skip
    _check_actor(actor, person)
    if ground not in OtherGround.Ground.values:
        raise FieldError("ground", _("Choose the ground."))
    _check_period(person, started_on, ended_on)
    if ground == OtherGround.Ground.ELDERLY_80_NO_PENSION and person.age_on(started_on) < 80:
        raise FieldError("started_on", _("The person is under 80 on this date."))
    if ground == OtherGround.Ground.ELDERLY_POOR_ALONE and person.age_on(started_on) < 60:
        raise FieldError("started_on", _("The person is under 60 on this date."))
    _refuse_overlap(person.other_grounds.filter(ground=ground), started_on, ended_on,
                    _("This ground is already recorded for an overlapping period."))  # fmt: skip
    return OtherGround.objects.create(person=person, ground=ground, started_on=started_on, ended_on=ended_on,
                                      note=clean(note), created_by=actor)  # fmt: skip


FACT_MODELS = {
    "facility": (FacilityStay, "person"),
    "pregnancy": (Pregnancy, "person"),
    "child": (Child, "parent"),
    "marriage": (Marriage, None),
    "care": (CareArrangement, "cared_person"),
    "ground": (OtherGround, "person"),
}


def _fact_for(person: Person, kind: str, pk: int):
    model, field = FACT_MODELS[kind]
    if field is None:
        return model.objects.filter(Q(person_a=person) | Q(person_b=person)).get(pk=pk)
    return model.objects.filter(**{field: person}).get(pk=pk)


@transaction.atomic
def fact_end(*, actor, person: Person, kind: str, pk: int, ended_on: date):
    """Close an open period (a discharge, a birth, a divorce, the end of an arrangement)."""
    _check_actor(actor, person)
    if kind not in FACT_MODELS:
        raise FieldError("kind", _("Unknown record."))
    fact = _fact_for(person, kind, pk)
    if kind == "child":
        if ended_on < fact.date_of_birth:
            raise FieldError("ended_on", _("The end date is before the child's date of birth."))
        fact.raised_until = ended_on
        fact.save(update_fields=["raised_until"])
        return fact
    if fact.ended_on is not None:
        raise FieldError("ended_on", _("This period has already ended."))
    if ended_on < fact.started_on:
        raise FieldError("ended_on", _("The end date is before the start date."))
    if ended_on > timezone.localdate() + timedelta(days=0):
        raise FieldError("ended_on", _("The end date cannot be in the future."))
    fact.ended_on = ended_on
    fact.save(update_fields=["ended_on"])
    return fact


@transaction.atomic
def fact_remove(*, actor, person: Person, kind: str, pk: int) -> None:
    """Remove a record entered by mistake (the history keeps it)."""
    _check_actor(actor, person)
    if kind not in FACT_MODELS:
        raise FieldError("kind", _("Unknown record."))
    _fact_for(person, kind, pk).delete()

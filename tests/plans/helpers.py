"""Direct row builders for the plan tests: the roll-up is tested on data written straight into the
tables (every shape the services allow, and a few they would refuse, such as back-dated moves)."""

import itertools
from datetime import date, datetime, time

from django.utils import timezone

from cases.models import Case, CaseStep, Event, EventParticipant
from policies.models import Benefit, Decision, Policy
from registry.models import Certificate, Person, Residence
from registry.models.persons import TYPE_FIELDS
from registry.text import fold

_serial = itertools.count(1)


def make_person(commune, *, sex="male", born=date(1980, 5, 17), types=("mobility",), level="severe",
                member_since=None, died_on=None, deleted=False, name=None) -> Person:  # fmt: skip
    name = name or f"Người Thử {next(_serial)}"
    person = Person.objects.create(
        full_name=name, name_folded=fold(name), date_of_birth=born, sex=sex, commune=commune, level=level,
        association_member_since=member_since, status="deceased" if died_on else "active", died_on=died_on,
        deleted_at=timezone.now() if deleted else None,
        **{field: code in types for code, field in TYPE_FIELDS.items()},
    )  # fmt: skip
    Residence.objects.create(person=person, commune=commune)
    return person


def move(person, commune, on: date) -> None:
    Residence.objects.filter(person=person, ended_on__isnull=True).update(ended_on=on)
    Residence.objects.create(person=person, commune=commune, started_on=on)
    Person.objects.filter(pk=person.pk).update(commune=commune, province_code=commune.province_code)
    person.commune = commune


def policy(code: str) -> Policy:
    return Policy.objects.get(code=code)


def make_case(person, *, actor, support_type="rehabilitation", domain=None, requested_on=date(2026, 3, 2),
              status="requested", funding_source="", amount=None, in_kind_value=None, outcome_on=None,
              approved_at=None, kind="support") -> Case:  # fmt: skip
    p = policy(support_type)
    case = Case.objects.create(
        person=person, kind=kind, domain=domain or p.domain, support_type=p, description="Nhu cầu",
        requested_on=requested_on, status=status, funding_source=funding_source, amount=amount,
        in_kind_value=in_kind_value, in_kind_description="Hiện vật" if in_kind_value else "",
        outcome="achieved" if status == "completed" else "", outcome_on=outcome_on if status == "completed" else None,
        created_by=actor,
    )  # fmt: skip
    if approved_at is not None:
        approve(case, actor=actor, at=approved_at)
    return case


def approve(case, *, actor, at) -> CaseStep:
    if isinstance(at, date) and not isinstance(at, datetime):
        at = timezone.make_aware(datetime.combine(at, time(9, 0)))
    return CaseStep.objects.create(case=case, action="approve", from_status="assessed", to_status="approved",
                                   actor=actor, at=at)  # fmt: skip


def make_event(unit, *, actor, kind="awareness_training", held_on=date(2026, 4, 18), participants=(),
               other_participants=0, gifts_count=0, gift_value=0, funding_source="", funding_amount=None) -> Event:  # fmt: skip
    event = Event.objects.create(
        kind=kind, title="Sự kiện", held_on=held_on, unit=unit, organiser="Hội NKT", funding_source=funding_source,
        funding_amount=funding_amount, other_participants=other_participants, gifts_count=gifts_count,
        gift_value=gift_value, created_by=actor,
    )  # fmt: skip
    for person in participants:
        EventParticipant.objects.create(event=event, person=person, added_by=actor)
    return event


def make_benefit(
    person, commune, *, actor, code="monthly_allowance", started=date(2025, 1, 1), stopped=None
) -> Benefit:
    benefit = Benefit.objects.create(
        person=person,
        policy=policy(code),
        commune=commune,
        started_month=started,
        ledger_start=started,
        status="stopped" if stopped else "active",
    )
    if stopped:
        Decision.objects.create(
            benefit=benefit, person=person, commune=commune, kind="stop", number=f"{next(_serial)}/QĐ",
            decided_on=stopped, signer="Chủ tịch", effective_month=stopped.replace(day=1), created_by=actor,
        )  # fmt: skip
    return benefit


def make_certificate(person, commune, *, issued_on, status="valid", changed_on=None) -> Certificate:
    return Certificate.objects.create(
        person=person, number=f"{next(_serial):05d}/GXN", issued_on=issued_on, issuing_commune=commune,
        status=status, status_changed_on=changed_on, verification_token=f"tok{next(_serial)}",
    )  # fmt: skip

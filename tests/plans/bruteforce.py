"""An independent recount of an indicator in plain Python, row by row, from the meaning written in
`cases/plans/definition.py`. The roll-up's GROUP BY queries must agree with it to the unit."""

from collections import defaultdict
from datetime import date

from django.utils import timezone

from cases.models import Case, CaseStep, Event, EventParticipant
from policies.models import Benefit, Decision
from registry.models import Certificate, Person, Residence
from registry.models.persons import TYPE_FIELDS


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class World:
    """Every row, loaded once."""

    def __init__(self):
        self.persons = {p.pk: p for p in Person.objects.filter(deleted_at__isnull=True)}
        self.residences = defaultdict(list)
        for r in Residence.objects.order_by("-id"):
            self.residences[r.person_id].append(r)
        self.certificates = defaultdict(list)
        for c in Certificate.objects.all():
            self.certificates[c.person_id].append(c)
        self.cases = list(Case.objects.select_related("support_type"))
        self.approvals = {}
        for step in CaseStep.objects.filter(action="approve").order_by("at", "id"):
            self.approvals[step.case_id] = timezone.localtime(step.at).date()  # the latest wins
        self.events = list(Event.objects.all())
        self.participations = list(EventParticipant.objects.select_related("event"))
        self.benefits = list(Benefit.objects.select_related("policy"))
        self.stops = defaultdict(list)
        for d in Decision.objects.filter(kind="stop"):
            self.stops[d.benefit_id].append(d.effective_month)

    def commune_on(self, person_id: int, day: date) -> int:
        for r in self.residences[person_id]:
            if (r.started_on is None or r.started_on <= day) and (r.ended_on is None or day < r.ended_on):
                return r.commune_id
        return self.persons[person_id].commune_id

    def person_ok(self, f: dict, person, day: date) -> bool:
        age = age_on(person.date_of_birth, day)
        if f.get("age_min") is not None and age < f["age_min"]:
            return False
        if f.get("age_max") is not None and age > f["age_max"]:
            return False
        if f.get("sexes") and person.sex not in f["sexes"]:
            return False
        if f.get("types") and not any(getattr(person, TYPE_FIELDS[t]) for t in f["types"]):
            return False
        if f.get("levels") and person.level not in f["levels"]:
            return False
        member = person.association_member_since is not None and person.association_member_since <= day
        if f.get("association_member") is not None and member != f["association_member"]:
            return False
        dead = person.status == "deceased" and person.died_on is not None and person.died_on <= day
        statuses = set(f.get("statuses") or [])
        if statuses == {"active"} and dead:
            return False
        if statuses == {"deceased"} and not dead:
            return False
        if f.get("certified") is not None:
            in_force = any(
                c.issued_on <= day
                and (c.status == "valid" or (c.status_changed_on is not None and c.status_changed_on > day))
                for c in self.certificates[person.pk]
            )
            if in_force != f["certified"]:
                return False
        return True

    # Records of a population: (commune, person id, row) ---------------------------------------
    def records(self, pop: dict, start: date, end: date, communes: set[int]):
        source = pop["source"]
        pf = pop.get("persons") or {}
        out = []
        if source == "cases":
            cf = pop.get("cases") or {}
            for case in self.cases:
                person = self.persons.get(case.person_id)
                if person is None:
                    continue
                field = pop.get("date_field") or "requested"
                if field == "requested":
                    day = case.requested_on
                elif field == "approved":
                    day = self.approvals.get(case.pk)
                else:
                    day = case.outcome_on if case.status == "completed" else None
                if day is None or not start <= day <= end:
                    continue
                if cf.get("domains") and case.domain not in cf["domains"]:
                    continue
                if cf.get("support_types") and case.support_type.code not in cf["support_types"]:
                    continue
                if cf.get("statuses") and case.status not in cf["statuses"]:
                    continue
                if cf.get("funding_sources") and case.funding_source not in cf["funding_sources"]:
                    continue
                if cf.get("kinds") and case.kind not in cf["kinds"]:
                    continue
                if not self.person_ok(pf, person, end):
                    continue
                commune = self.commune_on(person.pk, day)
                if commune in communes:
                    out.append((commune, person.pk, case))
        elif source == "events":
            ef = pop.get("events") or {}
            for row in self.participations:
                person = self.persons.get(row.person_id)
                event = row.event
                if person is None or not start <= event.held_on <= end or not self._event_ok(ef, event):
                    continue
                if not self.person_ok(pf, person, end):
                    continue
                commune = self.commune_on(person.pk, event.held_on)
                if commune in communes:
                    out.append((commune, person.pk, row))
        elif source == "benefits":
            bf = pop.get("benefits") or {}
            for b in self.benefits:
                person = self.persons.get(b.person_id)
                if person is None or b.started_month > end:
                    continue
                if any(month <= start for month in self.stops[b.pk]):
                    continue
                if bf.get("policies") and b.policy.code not in bf["policies"]:
                    continue
                if not self.person_ok(pf, person, end):
                    continue
                if b.commune_id in communes:
                    out.append((b.commune_id, person.pk, b))
        elif source == "certificates":
            for person_id, certs in self.certificates.items():
                person = self.persons.get(person_id)
                if person is None:
                    continue
                for c in certs:
                    if (
                        start <= c.issued_on <= end
                        and self.person_ok(pf, person, end)
                        and c.issuing_commune_id in communes
                    ):
                        out.append((c.issuing_commune_id, person.pk, c))
        else:  # registry
            for person in self.persons.values():
                if person.date_of_birth > end or not self.person_ok(pf, person, end):
                    continue
                commune = self.commune_on(person.pk, end)
                if commune in communes:
                    out.append((commune, person.pk, person))
        return out

    @staticmethod
    def _event_ok(ef: dict, event) -> bool:
        if ef.get("kinds") and event.kind not in ef["kinds"]:
            return False
        return not (ef.get("funding_sources") and event.funding_source not in ef["funding_sources"])


def recount(world: World, definition: dict, start: date, end: date, communes: list[int], province_id=None):
    """(by commune, total, denominator by commune, denominator total) by brute force."""
    communes_set = set(communes)
    measure = definition["measure"]
    by_commune: dict[int, int] = defaultdict(int)
    total = 0
    den_by, den_total = None, None
    if measure == "persons":
        num = world.records(definition, start, end, communes_set)
        num_sets = defaultdict(set)
        for commune, person, _row in num:
            num_sets[commune].add(person)
        num_all = {person for _c, person, _r in num}
        den = definition.get("denominator")
        if den:
            den_rows = world.records(den, start, end, communes_set)
            den_sets = defaultdict(set)
            for commune, person, _row in den_rows:
                den_sets[commune].add(person)
            den_all = {person for _c, person, _r in den_rows}
            num_sets = {c: s & den_sets.get(c, set()) for c, s in num_sets.items()}
            num_all &= den_all
            den_by = {c: len(s) for c, s in den_sets.items() if s}
            den_total = len(den_all)
        return {c: len(s) for c, s in num_sets.items() if s}, len(num_all), den_by, den_total
    fields = definition.get("amount_fields") or []
    if measure == "cases" or any(f.startswith("case_") for f in fields):
        for commune, _person, case in world.records(definition, start, end, communes_set):
            if measure == "cases":
                value = 1
            else:
                value = (case.amount or 0 if "case_amount" in fields else 0) + (
                    case.in_kind_value or 0 if "case_in_kind_value" in fields else 0
                )
            by_commune[commune] += value
            total += value
    if measure in ("events", "gifts", "event_participants") or any(f.startswith("event_") for f in fields):
        ef = definition.get("events") or {}
        registered = defaultdict(int)
        for row in world.participations:
            if row.person_id in world.persons:
                registered[row.event_id] += 1
        for event in world.events:
            if not start <= event.held_on <= end or not World._event_ok(ef, event):
                continue
            if measure == "events":
                value = 1
            elif measure == "gifts":
                value = event.gifts_count
            elif measure == "event_participants":
                value = event.other_participants + registered[event.pk]
            else:
                value = ((event.funding_amount or 0) if "event_funding" in fields else 0) + (
                    event.gifts_count * event.gift_value if "event_gifts_value" in fields else 0
                )
            if event.unit_id in communes_set:
                by_commune[event.unit_id] += value
                total += value
            elif province_id is not None and event.unit_id == province_id:
                total += value
    return {c: v for c, v in by_commune.items() if v}, total, None, None

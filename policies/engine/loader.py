"""Loading PersonFacts for many persons in a fixed number of queries (the engine's only reads)."""

from django.db.models import Q

from registry.models import Certificate, Person, Residence

from ..models import CareArrangement, Child, FacilityStay, Marriage, OtherGround, Pregnancy
from .facts import CareFact, CertificateFact, ChildFact, GroundFact, PersonFacts, ResidenceFact, Span, SpouseFact


def load_facts(person_ids, *, with_spouses: bool = True) -> dict[int, PersonFacts]:
    ids = list(set(person_ids))
    if not ids:
        return {}
    facts: dict[int, PersonFacts] = {}
    for p in (
        Person.objects.filter(id__in=ids)
        .select_related("commune")
        .only("id", "full_name", "date_of_birth", "sex", "died_on", "commune_id", "commune__province_code", "level")
    ):
        facts[p.id] = PersonFacts(
            person_id=p.id,
            full_name=p.full_name,
            date_of_birth=p.date_of_birth,
            sex=p.sex,
            died_on=p.died_on,
            commune_id=p.commune_id,
            province_code=p.commune.province_code,
        )
    for r in Residence.objects.filter(person_id__in=ids).select_related("commune").order_by("started_on", "id"):
        facts[r.person_id].residences.append(
            ResidenceFact(r.commune_id, r.commune.province_code, r.started_on, r.ended_on)
        )
    for c in Certificate.objects.filter(person_id__in=ids).select_related("determination", "person"):
        level = c.determination.level if c.determination_id else c.person.level
        facts[c.person_id].certificates.append(CertificateFact(c.issued_on, c.status, c.status_changed_on, level))
    for s in FacilityStay.objects.filter(person_id__in=ids):
        facts[s.person_id].facility_stays.append(Span(s.started_on, s.ended_on))
    for s in Pregnancy.objects.filter(person_id__in=ids):
        facts[s.person_id].pregnancies.append(Span(s.started_on, s.ended_on))
    for c in Child.objects.filter(parent_id__in=ids):
        facts[c.parent_id].children.append(ChildFact(c.date_of_birth, c.raised_until))
    for c in CareArrangement.objects.filter(cared_person_id__in=ids):
        facts[c.cared_person_id].care.append(CareFact(c.kind, Span(c.started_on, c.ended_on), c.carer_name))
    for g in OtherGround.objects.filter(person_id__in=ids):
        facts[g.person_id].grounds.append(GroundFact(g.ground, Span(g.started_on, g.ended_on)))
    if with_spouses:
        spouse_ids = set()
        for m in Marriage.objects.filter(Q(person_a_id__in=ids) | Q(person_b_id__in=ids)):
            span = Span(m.started_on, m.ended_on)
            if m.person_a_id in facts:
                facts[m.person_a_id].spouses.append(SpouseFact(m.person_b_id, span))
                spouse_ids.add(m.person_b_id)
            if m.person_b_id in facts:
                facts[m.person_b_id].spouses.append(SpouseFact(m.person_a_id, span))
                spouse_ids.add(m.person_a_id)
        if spouse_ids:
            spouses = load_facts(spouse_ids, with_spouses=False)
            for f in facts.values():
                f.spouse_facts = {s.spouse_id: spouses[s.spouse_id] for s in f.spouses if s.spouse_id in spouses}
    return facts


def load_person_facts(person) -> PersonFacts:
    return load_facts([person.pk])[person.pk]

"""The cases' copy of their person's commune (`Case.commune`, `Case.province_code`) follows a move.

`registry.services.person_move` — the only writer of an existing person's commune (imports refuse
a change of commune, the admin shows it read-only) — calls the handlers of
`settings.PERSON_MOVE_HANDLERS` inside its transaction; the registry never imports this app.
"""

from registry.models import Person

from ..models import Case


def cases_follow_person(*, actor, person: Person) -> int:
    """Point the person's cases at the person's current commune; the number of cases moved."""
    return (
        Case.objects.filter(person_id=person.pk)
        .exclude(commune_id=person.commune_id)
        .update(commune_id=person.commune_id, province_code=person.province_code)
    )

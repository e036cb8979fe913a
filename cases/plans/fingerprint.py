"""A cheap signature of the data the indicators read, to know when the summary is out of date.

One query of scalar sub-selects: the highest history id of the tables with change history
(persons, cases, certificates, decisions: every save, bulk loads included, writes a history row),
the highest id of the append-only tables (residences, case timeline, benefits), the row count and
latest change of events and participants (participants can be removed), and the plan's own
indicators and period. Targets are not part of it: the summary stores numerators and denominators
only, targets are read as they are. When any of them moves, the summary is refreshed.
"""

from django.db import connection

from cases.models import Case, CaseStep, Event, EventParticipant
from policies.models import Benefit, Decision
from registry.models import Certificate, Person, Residence

from .models import Indicator, Plan


def _parts() -> list[str]:
    q = connection.ops.quote_name
    parts = []
    for model in (Person, Case, Certificate, Decision):
        history = model.history.model
        parts.append(f"(SELECT MAX({q('history_id')}) FROM {q(history._meta.db_table)})")  # noqa: S608 - table names from the models, values as parameters
    for model in (Residence, CaseStep, Benefit):
        parts.append(f"(SELECT MAX({q('id')}) FROM {q(model._meta.db_table)})")  # noqa: S608 - table names from the models, values as parameters
    for model, column in ((Event, "updated_at"), (EventParticipant, "id")):
        table = q(model._meta.db_table)
        parts.append(f"(SELECT COUNT(*) FROM {table})")  # noqa: S608 - table names from the models, values as parameters
        parts.append(f"(SELECT MAX({q(column)}) FROM {table})")  # noqa: S608 - table names from the models, values as parameters
    indicators = q(Indicator._meta.db_table)
    plans = q(Plan._meta.db_table)
    parts.append(f"(SELECT COUNT(*) FROM {indicators} WHERE {q('plan_id')} = %s)")  # noqa: S608 - table names from the models, values as parameters
    parts.append(f"(SELECT MAX({q('updated_at')}) FROM {indicators} WHERE {q('plan_id')} = %s)")  # noqa: S608 - table names from the models, values as parameters
    parts.append(f"(SELECT MAX({q('updated_at')}) FROM {plans} WHERE {q('id')} = %s)")  # noqa: S608 - table names from the models, values as parameters
    return parts


def data_fingerprint(plan: Plan) -> str:
    parts = _parts()
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), [plan.pk] * 3)
        row = cursor.fetchone()
    return "|".join("" if value is None else str(value) for value in row)[:600]

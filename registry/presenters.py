"""Read-only helpers that shape registry data for the web pages.

Nothing here writes or decides scope: rows come from the selectors and `scope.py`; this module
only turns them into what a page shows (history as “field: old → new”, Washington Group answers,
form 03 scores, the extension panels of the person page).
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .models import AdminUnit, Person
from .models.persons import ACTIVITIES, WG_ANSWERS, WG_QUESTIONS
from .scope import persons_visible_to, scope_of

# Fields of the person never shown in the change history (technical or shown elsewhere).
HISTORY_HIDDEN_FIELDS = {"id", "created_at", "created_by", "deleted_at"}
# Fields shown only to roles that see ID numbers.
NATIONAL_ID_FIELDS = {"national_id", "caregiver_national_id"}


@dataclass
class FieldChange:
    field: str
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    at: datetime
    user: object
    kind: str  # "+" created, "~" changed, "-" deleted
    kind_label: str
    reason: str
    changes: list[FieldChange] = field(default_factory=list)


def _tracked_fields():
    return [
        f
        for f in Person.history.model._meta.fields
        if not f.name.startswith("history_") and f.name not in HISTORY_HIDDEN_FIELDS
    ]


def _display(model_field, value, *, units: dict, persons: dict) -> str:
    if value is None or value == "":
        return "—"
    name = model_field.name
    if name == "commune":
        return units.get(value, f"#{value}")
    if name == "caregiver_person":
        return persons.get(value, _("registered person no. %(id)s") % {"id": value})
    choices = getattr(Person._meta.get_field(name), "flatchoices", None)
    if choices:
        return str(dict(choices).get(value, value))
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
            if timezone.is_aware(value)
            else f"{value:%d/%m/%Y %H:%M}"
        )
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def display_value(model_field, value) -> str:
    """A stored person value as a user reads it (choices by label, dates dd/mm/yyyy, units by name)."""
    units, persons = {}, {}
    if model_field.name == "commune" and value:
        from .models import AdminUnit

        units = dict(AdminUnit.objects.filter(pk=value).values_list("pk", "name"))
    return _display(model_field, value, units=units, persons=persons)


def person_history(person: Person, *, viewer) -> list[HistoryEntry]:
    """The person's change history, newest first: who, when, and each field's old → new value.

    ID numbers appear only to roles that may see them; other viewers read “(hidden)”.
    A fixed number of queries whatever the length of the history.
    """
    sees_ids = scope_of(viewer).sees_national_id
    records = list(person.history.select_related("history_user").order_by("history_date", "history_id"))
    fields = _tracked_fields()
    unit_ids = {r.commune_id for r in records if r.commune_id}
    person_ids = {r.caregiver_person_id for r in records if r.caregiver_person_id}
    units = dict(AdminUnit.objects.filter(id__in=unit_ids).values_list("id", "name")) if unit_ids else {}
    persons = (
        dict(persons_visible_to(viewer).filter(id__in=person_ids).values_list("id", "full_name")) if person_ids else {}
    )
    kinds = {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}
    entries: list[HistoryEntry] = []
    previous = None
    for record in records:
        entry = HistoryEntry(
            at=record.history_date,
            user=record.history_user,
            kind=record.history_type,
            kind_label=kinds.get(record.history_type, record.history_type),
            reason=record.history_change_reason or "",
        )
        if previous is not None:
            for model_field in fields:
                old = getattr(previous, model_field.attname)
                new = getattr(record, model_field.attname)
                if old == new:
                    continue
                label = str(Person._meta.get_field(model_field.name).verbose_name)
                if model_field.name in NATIONAL_ID_FIELDS and not sees_ids:
                    old_text = new_text = _("(hidden)")
                else:
                    old_text = _display(model_field, old, units=units, persons=persons)
                    new_text = _display(model_field, new, units=units, persons=persons)
                entry.changes.append(FieldChange(model_field.name, label[:1].upper() + label[1:], old_text, new_text))
        if previous is None or entry.changes or entry.reason or record.history_type != "~":
            entries.append(entry)
        previous = record
    entries.reverse()
    return entries


def wg_rows(person: Person) -> list[tuple[str, str]]:
    """(question, answer) for the Washington Group Short Set; empty when none was asked."""
    answers = dict(WG_ANSWERS)
    rows = [(str(label), str(answers.get(getattr(person, name), "—"))) for name, label in WG_QUESTIONS]
    return rows if any(getattr(person, name) is not None for name, _label in WG_QUESTIONS) else []


def score_rows(determination) -> list[tuple[str, object]]:
    """(activity, score) for a form 03 determination."""
    scores = determination.scores or {}
    if not scores:
        return []
    return [(str(label), scores.get(key, "—")) for key, label in ACTIVITIES]


def caregiver_visible(viewer, person: Person) -> bool:
    """May the viewer open the caregiver's own record (a registered person)?"""
    if not person.caregiver_person_id:
        return False
    return persons_visible_to(viewer).filter(pk=person.caregiver_person_id).exists()


# Extension panels of the person page ---------------------------------------------------------
@dataclass
class Panel:
    title: str
    html: SafeString


def person_panels(request, person: Person) -> list[Panel]:
    """Render the panels other apps add to the person page.

    `settings.PERSON_PAGE_PANELS` lists dotted paths of callables `panel(request, person)` that
    return None (nothing to show for this viewer or person) or a dict with `title`, `template`
    and `context`; the template is rendered here with the request. None entries are skipped.
    """
    out: list[Panel] = []
    for path in getattr(settings, "PERSON_PAGE_PANELS", None) or []:
        if path is None:
            continue
        panel = import_string(path) if isinstance(path, str) else path
        result = panel(request, person)
        if result is None:
            continue
        html = render_to_string(result["template"], result.get("context") or {}, request=request)
        out.append(Panel(title=str(result.get("title", "")), html=mark_safe(html)))  # noqa: S308 - autoescaped template output
    return out


# Access log ----------------------------------------------------------------------------------

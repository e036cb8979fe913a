"""Writes on persons: register, update, move, mark deceased. One way to do each."""

from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from ..disclosure import ID_TAKEN, check_national_id_free, log_checks_after
from ..errors import FieldError, InvalidInput, NotPermitted, PossibleDuplicate, StaleVersion
from ..identifiers import validate_national_id
from ..models import AdminUnit, Person, Residence, UnitLevel
from ..models.persons import TYPE_FIELDS, DisabilityLevel, PersonStatus, Poverty
from ..scope import scope_of
from ..text import clean, fold
from .determinations import determination_record

# Fields a form or the API may set directly on a person.
EDITABLE_FIELDS = [
    "full_name", "date_of_birth", "birth_date_approximate", "sex", "ethnicity", "national_id", "commune",
    "village", "phone", "cause", "poverty_status", "poverty_year", "caregiver_name", "caregiver_relation",
    "caregiver_phone", "caregiver_national_id", "caregiver_person", "association_member_since",
    "wg_seeing", "wg_hearing", "wg_walking", "wg_remembering", "wg_self_care", "wg_communicating", "notes",
]  # fmt: skip
TEXT_FIELDS = {"full_name", "village", "phone", "caregiver_name", "caregiver_relation", "caregiver_phone", "notes"}
MIN_BIRTH = date(1900, 1, 1)


def _today() -> date:
    return timezone.localdate()


def _check_commune(commune: Any, field: str = "commune") -> AdminUnit:
    if not isinstance(commune, AdminUnit):
        raise FieldError(field, _("Unknown administrative unit."))
    if commune.level != UnitLevel.COMMUNE:
        raise FieldError(field, _("Choose a commune, ward or special zone."))
    if not commune.is_current:
        raise FieldError(
            field,
            _("%(name)s is a pre-2025 unit; choose the current commune that replaced it.") % {"name": commune.name},
        )
    return commune


def validate_person_fields(person: Person, *, today: date) -> None:
    """Cross-field rules; raises InvalidInput with every problem found. Public: the bulk import
    (`registry.imports.rules`) runs the same rules on each row."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not person.full_name:
        add("full_name", _("Enter the full name."))
    dob = person.date_of_birth
    if dob is None:
        add("date_of_birth", _("Enter the date of birth (or the year of birth)."))
    elif dob > today:
        add("date_of_birth", _("The date of birth cannot be in the future."))
    elif dob < MIN_BIRTH:
        add("date_of_birth", _("The date of birth is too far in the past."))
    if person.national_id:
        try:
            person.national_id = validate_national_id(
                person.national_id, sex=person.sex or None, birth_year=dob.year if dob else None
            )
        except FieldError as exc:
            add("national_id", exc.message)
    else:
        person.national_id = None
    if person.caregiver_national_id:
        try:
            person.caregiver_national_id = validate_national_id(
                person.caregiver_national_id, field="caregiver_national_id"
            )
        except FieldError as exc:
            add("caregiver_national_id", exc.message)
    if person.commune_id is None:
        add("commune", _("Choose the commune of residence."))
    else:
        try:
            _check_commune(person.commune)
        except FieldError as exc:
            add("commune", exc.message)
    if person.poverty_status in (Poverty.POOR, Poverty.NEAR_POOR):
        if not person.poverty_year:
            add("poverty_year", _("Enter the year of the poverty status."))
        elif person.poverty_year > today.year or person.poverty_year < 2000:
            add("poverty_year", _("The poverty status year is not valid."))
    else:
        person.poverty_year = None
    since = person.association_member_since
    if since:
        if since > today:
            add("association_member_since", _("The membership date cannot be in the future."))
        elif dob and since < dob:
            add("association_member_since", _("The membership date is before the date of birth."))
    if person.caregiver_person_id and person.pk and person.caregiver_person_id == person.pk:
        add("caregiver_person", _("A person cannot be their own caregiver."))
    try:
        person.full_clean(exclude=["commune", "national_id", "caregiver_national_id", "name_folded"])
    except ValidationError as exc:
        for field, messages in InvalidInput.from_validation_error(exc).errors.items():
            for message in messages:
                if message not in errors.get(field, []):
                    add(field, message)
    if errors:
        raise InvalidInput(errors)


def _check_unique_id(person: Person, *, actor, channel: str) -> None:
    """Against the whole register, through the one check that tells nothing outside the actor's
    scope, is limited per hour and logged (`registry.disclosure`)."""
    check_national_id_free(actor=actor, national_id=person.national_id, exclude_pk=person.pk, channel=channel)


def find_similar(person: Person):
    """Persons with the same folded name and birth year in the same commune."""
    return (
        Person.objects.not_deleted()
        .filter(name_folded=person.name_folded, date_of_birth__year=person.date_of_birth.year, commune=person.commune)
        .exclude(pk=person.pk)
        .exclude(national_id__isnull=False, national_id=person.national_id)
    )


def _check_similar(person: Person, confirm_duplicate: bool) -> None:
    if confirm_duplicate:
        return
    similar = list(find_similar(person)[:5])
    if similar:
        raise PossibleDuplicate(
            _(
                "A person with the same name and birth year already lives in this commune. "
                "Check the list and confirm if this is a different person."
            ),
            candidates=similar,
        )


def assign_person_fields(person: Person, data: dict[str, Any]) -> None:
    """Set the editable fields from `data` as every write does (text cleaned, folded name)."""
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise InvalidInput({field: [_("This field cannot be set here.")] for field in sorted(unknown)})
    for field, value in data.items():
        if field in TEXT_FIELDS:
            value = clean(value)
        if field == "national_id" and value is not None:
            value = clean(value) or None
        if field == "caregiver_national_id":
            value = clean(value)
        setattr(person, field, value)
    if person.birth_date_approximate and person.date_of_birth:
        person.date_of_birth = person.date_of_birth.replace(month=1, day=1)
    person.name_folded = fold(person.full_name)
    if isinstance(data.get("commune"), AdminUnit):
        person.province_code = data["commune"].province_code


def check_types_and_level(disability_types, level) -> None:
    """Types and level given together, from the code lists."""
    if level and not disability_types:
        raise FieldError("disability_types", _("Choose at least one disability type for a person with a level."))
    if disability_types and not level:
        raise FieldError("level", _("Choose the disability level for the types given."))
    if level and level not in DisabilityLevel.values:
        raise FieldError("level", _("Unknown disability level."))
    unknown = [t for t in disability_types or [] if t not in TYPE_FIELDS]
    if unknown:
        raise FieldError("disability_types", _("Unknown disability type: %(types)s.") % {"types": ", ".join(unknown)})


@log_checks_after
@transaction.atomic
def person_register(
    *,
    actor,
    data: dict[str, Any],
    disability_types: list[str] | None = None,
    level: str = "",
    determined_on: date | None = None,
    confirm_duplicate: bool = False,
) -> Person:
    """Register a person; types and level, when given, become the initial determination."""
    scope = scope_of(actor)
    if not scope.edits_persons:
        raise NotPermitted(_("Your role cannot register persons."))
    today = _today()
    person = Person(created_by=actor)
    assign_person_fields(person, data)
    validate_person_fields(person, today=today)
    check_types_and_level(disability_types, level)
    if not scope.covers_commune(person.commune_id):
        raise FieldError("commune", _("This commune is outside your area."))
    _check_unique_id(person, actor=actor, channel="registration")
    _check_similar(person, confirm_duplicate)
    person._history_user = actor
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:
        raise FieldError("national_id", str(ID_TAKEN), code="duplicate_national_id") from None
    Residence.objects.create(person=person, commune=person.commune, village=person.village, created_by=actor)
    if level:
        determination_record(
            actor=actor,
            person=person,
            determined_on=determined_on or today,
            disability_types=disability_types or [],
            level=level,
            form="",
            notes=_("Recorded at registration."),
        )
        person.refresh_from_db()
    return person


@log_checks_after
@transaction.atomic
def person_update(
    *, actor, person: Person, data: dict[str, Any], confirm_duplicate: bool = False, expected_version: int | None = None
) -> Person:
    """Change a person's own fields. Types and level change through a new determination;
    the commune changes through `person_move`."""
    scope = scope_of(actor)
    if not scope.edits_persons or not scope.covers_commune(person.commune_id):
        raise NotPermitted(_("You cannot edit this person."))
    locked = Person.objects.select_for_update().get(pk=person.pk)
    if expected_version is not None and locked.version != expected_version:
        raise StaleVersion(
            _("Someone else changed this record while you were editing it. Reload and apply your changes again."),
            changes=_changed_since(locked, expected_version),
        )
    if "commune" in data and data["commune"] != locked.commune:
        raise FieldError("commune", _("Use the move action to change the commune."))
    data = {k: v for k, v in data.items() if k != "commune"}
    before_name, before_year, before_id = locked.name_folded, locked.date_of_birth.year, locked.national_id
    assign_person_fields(locked, data)
    validate_person_fields(locked, today=_today())
    if locked.national_id != before_id:
        _check_unique_id(locked, actor=actor, channel="edit")
    if (locked.name_folded, locked.date_of_birth.year) != (before_name, before_year):
        _check_similar(locked, confirm_duplicate)
    locked.version += 1
    locked._history_user = actor
    locked.save()
    return locked


def _changed_since(person: Person, version: int) -> dict:
    """Fields changed by the most recent edits (for the conflict message)."""
    records = list(person.history.order_by("-history_date", "-history_id")[:2])
    if len(records) < 2:
        return {}
    delta = records[0].diff_against(records[1])
    return {change.field: {"old": change.old, "new": change.new} for change in delta.changes}


@transaction.atomic
def person_move(*, actor, person: Person, commune: AdminUnit, moved_on: date, village: str = "") -> Person:
    """Move to another commune: the old commune's period ends, the new commune takes over."""
    scope = scope_of(actor)
    if not scope.edits_persons or not scope.covers_commune(person.commune_id):
        raise NotPermitted(_("You cannot move this person."))
    commune = _check_commune(commune)
    if commune.pk == person.commune_id:
        raise FieldError("commune", _("The person already lives in this commune."))
    if person.status == PersonStatus.DECEASED:
        raise FieldError("date", _("A deceased person cannot move."))
    if moved_on > _today():
        raise FieldError("date", _("The date of the move cannot be in the future."))
    if moved_on < person.date_of_birth:
        raise FieldError("date", _("The date of the move is before the date of birth."))
    current = Residence.objects.select_for_update().filter(person=person, ended_on__isnull=True).first()
    if current and current.started_on and moved_on <= current.started_on:
        raise FieldError("date", _("The date of the move must be after the previous move."))
    if current:
        current.ended_on = moved_on
        current.save(update_fields=["ended_on"])
    Residence.objects.create(
        person=person, commune=commune, village=clean(village), started_on=moved_on, created_by=actor
    )
    person.commune = commune  # Person.save follows with the copy of its province code
    person.village = clean(village)
    person.version += 1
    person._history_user = actor
    person._change_reason = _("Moved on %(date)s") % {"date": moved_on.strftime("%d/%m/%Y")}
    person.save(update_fields=["commune", "village", "version", "updated_at"])
    for path in settings.PERSON_MOVE_HANDLERS:  # other apps' rows that follow the person (same transaction)
        import_string(path)(actor=actor, person=person)
    return person


@transaction.atomic
def person_mark_deceased(*, actor, person: Person, died_on: date) -> Person:
    scope = scope_of(actor)
    if not scope.edits_persons or not scope.covers_commune(person.commune_id):
        raise NotPermitted(_("You cannot change this person."))
    if person.status == PersonStatus.DECEASED:
        raise FieldError("date", _("This person is already recorded as deceased."))
    if died_on > _today():
        raise FieldError("date", _("The date of death cannot be in the future."))
    if died_on < person.date_of_birth:
        raise FieldError("date", _("The date of death is before the date of birth."))
    person.status = PersonStatus.DECEASED
    person.died_on = died_on
    person.version += 1
    person._history_user = actor
    person.save(update_fields=["status", "died_on", "version", "updated_at"])
    return person


def commune_on(person: Person, day: date) -> int:
    """The id of the person's commune on a day (for roll-ups by the case's date)."""
    for residence in person.residences.all():
        if (residence.started_on is None or residence.started_on <= day) and (
            residence.ended_on is None or day < residence.ended_on
        ):
            return residence.commune_id
    return person.commune_id

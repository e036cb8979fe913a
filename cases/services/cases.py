"""Opening and editing cases, notes on the timeline, due dates."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from policies.models.catalogue import Policy
from registry.errors import FieldError, InvalidInput, NotPermitted, TransitionNotAllowed
from registry.models import Person, Role
from registry.models.persons import PersonStatus
from registry.scope import scope_of

from ..models import (
    MONEY_FIELDS,
    OPEN_STATUSES,
    Case,
    CaseKind,
    Domain,
    FundingSource,
    Provider,
    ProviderKind,
    Status,
    StepAction,
)
from ..scoping import WRITER_ROLES, role_of
from ..workdays import WorkingCalendar
from ..workflow import can_edit, can_work_on
from ._common import add_step, count, lock, money, text, today

# The policy codes whose cases are disability determinations (a case type with the legal clock).
DETERMINATION_POLICY_CODES = frozenset({"disability_determination"})
# Certificate within 5 working days of the council's minutes (Circular 01/2019/TT-BLĐTBXH, Art 7).
CERTIFICATE_WORKING_DAYS = 5

# Fields `case_open` and `case_update` accept besides person, domain and support type.
DETAIL_FIELDS = (
    "description", "requested_on", "provider", "funding_source", "amount", "in_kind_description",
    "in_kind_quantity", "in_kind_value", "assigned_to", "council_minutes_on",
)  # fmt: skip
UPDATE_FIELDS = ("domain", "support_type", *DETAIL_FIELDS)


def policy_for(value: Policy | str | None) -> Policy:
    """The support type, by instance or by code; unknown or inactive ones are refused."""
    if isinstance(value, Policy):
        policy = value
    else:
        policy = Policy.objects.filter(code=str(value or "").strip()).first()
    if policy is None:
        raise FieldError("support_type", _("Unknown support type."))
    if not policy.is_active:
        raise FieldError("support_type", _("This support type is no longer in use."))
    return policy


def _check_domain(domain: str, policy: Policy) -> None:
    if domain not in Domain.values:
        raise FieldError("domain", _("Unknown domain “%(domain)s”.") % {"domain": domain})
    if policy.domain != domain:
        raise FieldError(
            "support_type",
            _("“%(policy)s” belongs to the domain “%(domain)s”.")
            % {"policy": policy.name, "domain": Domain(policy.domain).label},
        )


def _check_assignee(user, person: Person) -> None:
    if user is None:
        return
    if not user.is_active or role_of(user) not in WRITER_ROLES or not scope_of(user).covers_commune(person.commune_id):
        raise FieldError("assigned_to", _("Assign the case to an officer who works in the person's commune."))


def _check_details(case: Case, *, today_: date) -> None:
    """Rules on the fields of a case, every problem at once."""
    errors: dict[str, list[str]] = {}

    def add(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if not case.description:
        add("description", _("Describe the need."))
    if case.requested_on is None:
        add("requested_on", _("Enter the date of the request."))
    elif case.requested_on > today_:
        add("requested_on", _("The request date cannot be in the future."))
    elif case.requested_on < case.person.date_of_birth:
        add("requested_on", _("The request date is before the person's date of birth."))
    if case.funding_source and case.funding_source not in FundingSource.values:
        add("funding_source", _("Unknown funding source."))
    if case.provider_id and not case.provider.is_active:
        add("provider", _("This provider is no longer active."))
    if case.in_kind_value and not case.in_kind_description:
        add("in_kind_description", _("Say what was given in kind."))
    if case.council_minutes_on:
        if case.kind != CaseKind.DETERMINATION:
            add("council_minutes_on", _("Only a determination case has council minutes."))
        elif case.requested_on and case.council_minutes_on < case.requested_on:
            add("council_minutes_on", _("The council cannot meet before the application."))
        elif case.council_minutes_on > today_:
            add("council_minutes_on", _("The date of the minutes cannot be in the future."))
    if errors:
        raise InvalidInput(errors)


def _assign(case: Case, data: dict[str, Any]) -> None:
    for field, value in data.items():
        if field in ("amount", "in_kind_value"):
            value = money(field, value)
        elif field == "in_kind_quantity":
            value = count(field, value)
        elif field in ("description", "in_kind_description"):
            value = text(value)
        elif field == "funding_source":
            value = value or ""
        elif field == "provider" and value is not None and not isinstance(value, Provider):
            raise FieldError("provider", _("Unknown provider."))
        setattr(case, field, value)


def is_association_work(case: Case) -> bool:
    return case.funding_source == FundingSource.ASSOCIATION or (
        case.provider_id is not None and case.provider.kind == ProviderKind.ASSOCIATION
    )


def _check_association(actor, case: Case) -> None:
    if role_of(actor) == Role.ASSOCIATION_OFFICER and not is_association_work(case):
        raise FieldError(
            "funding_source",
            _("The association records only the support it provides or funds: choose the association "
              "as the funding source or as the provider."),
        )  # fmt: skip


def compute_due_on(case: Case, *, calendar: WorkingCalendar | None = None) -> date | None:
    """The deadline in working days: the support type's standard duration from the request (or
    the reopening); for a determination whose council has met, the certificate's 5 working days."""
    calendar = calendar or WorkingCalendar.load()
    if case.kind == CaseKind.DETERMINATION and case.council_minutes_on:
        return calendar.add_working_days(case.council_minutes_on, CERTIFICATE_WORKING_DAYS)
    start = case.clock_started_on or case.requested_on
    if start is None or not case.support_type.standard_duration_days:
        return None
    return calendar.add_working_days(start, case.support_type.standard_duration_days)


@transaction.atomic
def case_open(
    *,
    actor,
    person: Person,
    domain: str,
    support_type: Policy | str,
    description: str,
    requested_on: date | None = None,
    provider: Provider | None = None,
    funding_source: str = "",
    amount: int | None = None,
    in_kind_description: str = "",
    in_kind_quantity: int | None = None,
    in_kind_value: int | None = None,
    assigned_to=None,
    note: str = "",
) -> Case:
    """Open a case (status `requested`); its due date follows the support type's standard duration."""
    if role_of(actor) not in WRITER_ROLES:
        raise NotPermitted(_("Your role cannot open cases."))
    if not scope_of(actor).covers_commune(person.commune_id):
        raise NotPermitted(_("This person does not live in your area: you cannot open a case for them."))
    if person.status == PersonStatus.DECEASED:
        raise FieldError("person", _("This person is recorded as deceased: a new case cannot be opened."))
    policy = policy_for(support_type)
    _check_domain(domain, policy)
    kind = CaseKind.DETERMINATION if policy.code in DETERMINATION_POLICY_CODES else CaseKind.SUPPORT
    if kind == CaseKind.DETERMINATION:
        already = Case.objects.filter(person=person, kind=kind, status__in=OPEN_STATUSES).first()
        if already:
            raise FieldError(
                "support_type",
                _("A determination application for this person is already open (case #%(id)s).") % {"id": already.pk},
            )
    case = Case(person=person, kind=kind, domain=domain, support_type=policy, created_by=actor)
    _assign(
        case,
        {
            "description": description, "requested_on": requested_on or today(), "provider": provider,
            "funding_source": funding_source, "amount": amount, "in_kind_description": in_kind_description,
            "in_kind_quantity": in_kind_quantity, "in_kind_value": in_kind_value, "assigned_to": assigned_to,
        },
    )  # fmt: skip
    _check_details(case, today_=today())
    _check_assignee(assigned_to, person)
    _check_association(actor, case)
    case.clock_started_on = case.requested_on
    case.due_on = compute_due_on(case)
    case.full_clean(exclude=["person", "support_type", "provider", "assigned_to", "created_by"])
    case._history_user = actor
    case.save()
    add_step(case=case, actor=actor, action=StepAction.CREATED, to_status=case.status, note=text(note))
    return case


@transaction.atomic
def case_update(*, actor, case: Case, data: dict[str, Any], expected_version: int | None = None) -> Case:
    """Change the case's fields. Domain and support type change only before approval; a closed case
    must be reopened first. A change of the amount, support type or funding (`MONEY_FIELDS`) of an
    approved or started case sends it back to `assessed`; whoever changed them does not approve it."""
    unknown = set(data) - set(UPDATE_FIELDS)
    if unknown:
        raise InvalidInput({field: [_("This field cannot be changed here.")] for field in sorted(unknown)})
    locked = lock(case, expected_version)
    if not can_edit(actor, locked):
        raise NotPermitted(_("You cannot change this case."))
    if locked.status not in OPEN_STATUSES:
        raise TransitionNotAllowed(_("This case is closed: reopen it to change it."))
    data = dict(data)
    changing_type = ("domain" in data and data["domain"] != locked.domain) or (
        "support_type" in data and policy_for(data["support_type"]).pk != locked.support_type_id
    )
    if changing_type:
        if locked.status not in (Status.REQUESTED, Status.ASSESSED):
            raise FieldError("support_type", _("The domain and support type cannot change after approval."))
        policy = policy_for(data.pop("support_type", locked.support_type))
        domain = data.pop("domain", locked.domain)
        _check_domain(domain, policy)
        kind = CaseKind.DETERMINATION if policy.code in DETERMINATION_POLICY_CODES else CaseKind.SUPPORT
        if kind != locked.kind:
            raise FieldError("support_type", _("A determination case cannot become a support case, or the reverse."))
        locked.domain, locked.support_type = domain, policy
    else:
        data.pop("domain", None)
        data.pop("support_type", None)
    before = {field: getattr(locked, field) for field in DETAIL_FIELDS}
    _assign(locked, data)
    _check_details(locked, today_=today())
    if "assigned_to" in data and data["assigned_to"] != before["assigned_to"]:
        _check_assignee(data["assigned_to"], locked.person)
    _check_association(actor, locked)
    if "requested_on" in data and locked.requested_on != before["requested_on"] and locked.status == Status.REQUESTED:
        locked.clock_started_on = locked.requested_on
    locked.due_on = compute_due_on(locked)
    changed = [field for field in DETAIL_FIELDS if getattr(locked, field) != before[field]]
    if changing_type:
        changed.insert(0, "support_type")
    if not changed:
        return locked
    labels = ", ".join(str(Case._meta.get_field(field).verbose_name) for field in changed)
    note = _("Changed: %(fields)s.") % {"fields": labels}
    source = target = ""
    money_changed = any(field in MONEY_FIELDS for field in changed)
    if money_changed and locked.status in (Status.APPROVED, Status.IN_PROGRESS):
        # What was approved is not what the case now pays: back to "assessed", to be approved again.
        source, target = locked.status, Status.ASSESSED
        locked.status, locked.decided_by = Status.ASSESSED, None
        note = f"{note} {_('Sent back for approval: another person must approve the new amount.')}"
    locked.version += 1
    locked._history_user = actor
    locked.save()
    if money_changed:
        locked.money_makers.add(actor)
        locked.__dict__.pop("_money_maker_ids", None)
    add_step(case=locked, actor=actor, action=StepAction.EDIT, note=note, from_status=source, to_status=target)
    return locked


@transaction.atomic
def case_add_note(*, actor, case: Case, note: str):
    """A note on the timeline (a visit, a call, a document received)."""
    note = text(note)
    if not note:
        raise FieldError("note", _("Write the note."))
    if not can_work_on(actor, case):
        raise NotPermitted(_("You cannot add notes to this case."))
    return add_step(case=case, actor=actor, action=StepAction.NOTE, note=note)


@transaction.atomic
def case_due_dates_recompute(*, calendar: WorkingCalendar | None = None) -> int:
    """Recompute the due date of every open case (after a correction of the calendar or of a
    support type's duration). Returns how many changed."""
    calendar = calendar or WorkingCalendar.load()
    changed = []
    for case in Case.objects.open().select_related("support_type").iterator(chunk_size=500):
        due = compute_due_on(case, calendar=calendar)
        if due != case.due_on:
            case.due_on = due
            changed.append(case)
    Case.objects.bulk_update(changed, ["due_on"], batch_size=500)
    return len(changed)

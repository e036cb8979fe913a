"""Recording support already given (lists from departments, the association, NGOs): a case that is
created completed, with its timeline entry. The same rules as `case_open` (role, area, domain and
support type, details, the association's reach); only the workflow steps are skipped, since the
support happened before the case was recorded.

The rules and the rows are public (`completed_case`, `completed_case_step`): the bulk import of
lists (`cases.imports`) builds each row with them and writes thousands at once, so both ways of
recording support given write exactly the same case, history and timeline entry.
"""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from policies.models.catalogue import Policy
from registry.errors import FieldError, NotPermitted
from registry.models import Person
from registry.scope import scope_of

from ..models import Case, CaseKind, CaseStep, Outcome, Provider, Status, StepAction
from ..scoping import WRITER_ROLES, role_of
from ._common import text, today
from .cases import DETERMINATION_POLICY_CODES, _assign, _check_association, _check_details, _check_domain, policy_for

# Foreign keys `full_clean` leaves out: the rules above check them (and loading them is a query each).
CLEAN_EXCLUDE = ("person", "support_type", "provider", "assigned_to", "created_by")


def check_may_record(actor, person: Person) -> None:
    """The actor records cases and the person lives in the actor's area (NotPermitted otherwise)."""
    if role_of(actor) not in WRITER_ROLES:
        raise NotPermitted(_("Your role cannot open cases."))
    if not scope_of(actor).covers_commune(person.commune_id):
        raise NotPermitted(_("This person does not live in your area: you cannot open a case for them."))


def completed_case(
    *,
    actor,
    person: Person,
    support_type: Policy | str,
    on: date,
    domain: str = "",
    provider: Provider | None = None,
    funding_source: str = "",
    amount: int | None = None,
    description: str = "",
    today_: date | None = None,
) -> Case:
    """The case `case_record_completed` saves, unsaved, after every rule of it (NotPermitted,
    FieldError, InvalidInput). No query when the support type is an instance and the provider
    is loaded."""
    check_may_record(actor, person)
    policy = policy_for(support_type)
    domain = domain or policy.domain
    _check_domain(domain, policy)
    if policy.code in DETERMINATION_POLICY_CODES:
        raise FieldError(
            "support_type",
            _("A disability determination cannot be recorded as support given: open a determination case."),
        )
    if on is None:
        raise FieldError("requested_on", _("Enter the date of the support."))
    case = Case(
        person=person, kind=CaseKind.SUPPORT, domain=domain, support_type=policy, created_by=actor,
        status=Status.COMPLETED, outcome=Outcome.ACHIEVED, outcome_on=on,
    )  # fmt: skip
    _assign(
        case,
        {
            "description": text(description) or policy.name, "requested_on": on, "provider": provider,
            "funding_source": funding_source, "amount": amount,
        },
    )  # fmt: skip
    _check_details(case, today_=today_ or today())
    _check_association(actor, case)
    case.clock_started_on = on
    case.due_on = None
    return case


def validate_case(case: Case, *, constraints: bool = True) -> None:
    """Django's validation of the case's own fields (ValidationError). The bulk import leaves out
    the database constraints, a query each: the rules above guarantee them (amounts through
    `money`, ≥ 0; a completed case has its outcome)."""
    case.full_clean(exclude=CLEAN_EXCLUDE, validate_constraints=constraints)


def completed_case_step(case: Case, *, actor, note: str = "") -> CaseStep:
    """The timeline entry of a case recorded as completed, unsaved."""
    return CaseStep(
        case=case, actor=actor, action=StepAction.COMPLETE, to_status=Status.COMPLETED,
        note=text(note) or _("Support already given, recorded as completed."),
    )  # fmt: skip


@transaction.atomic
def case_record_completed(
    *,
    actor,
    person: Person,
    support_type: Policy | str,
    on: date,
    domain: str = "",
    provider: Provider | None = None,
    funding_source: str = "",
    amount: int | None = None,
    description: str = "",
    note: str = "",
) -> Case:
    """A case for support given on `on`: status completed, outcome achieved on that date.
    The domain defaults to the support type's; the need defaults to the support type's name."""
    case = completed_case(
        actor=actor, person=person, support_type=support_type, on=on, domain=domain, provider=provider,
        funding_source=funding_source, amount=amount, description=description,
    )  # fmt: skip
    validate_case(case)
    case._history_user = actor
    case.save()
    completed_case_step(case, actor=actor, note=note).save()
    return case

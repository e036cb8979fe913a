"""Recording support already given (lists from departments, the association, NGOs): a case that is
created completed, with its timeline entry. The same rules as `case_open` (role, area, domain and
support type, details, the association's reach); only the workflow steps are skipped, since the
support happened before the case was recorded."""

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from policies.models.catalogue import Policy
from registry.errors import FieldError, NotPermitted
from registry.models import Person
from registry.scope import scope_of

from ..models import Case, CaseKind, Outcome, Provider, Status, StepAction
from ..scoping import WRITER_ROLES, role_of
from ._common import add_step, text, today
from .cases import DETERMINATION_POLICY_CODES, _assign, _check_association, _check_details, _check_domain, policy_for


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
    if role_of(actor) not in WRITER_ROLES:
        raise NotPermitted(_("Your role cannot open cases."))
    if not scope_of(actor).covers_commune(person.commune_id):
        raise NotPermitted(_("This person does not live in your area: you cannot open a case for them."))
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
    _check_details(case, today_=today())
    _check_association(actor, case)
    case.clock_started_on = on
    case.due_on = None
    case.full_clean(exclude=["person", "support_type", "provider", "assigned_to", "created_by"])
    case._history_user = actor
    case.save()
    add_step(
        case=case, actor=actor, action=StepAction.COMPLETE, to_status=Status.COMPLETED,
        note=text(note) or _("Support already given, recorded as completed."),
    )  # fmt: skip
    return case

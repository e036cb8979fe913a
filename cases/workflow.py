"""The case workflow: named transitions, each with its own permission.

    requested ──assess──▶ assessed ──approve──▶ approved ──start──▶ in_progress ──complete──▶ completed
        │                    │                                                           (with outcome)
        └──────reject────────┴──▶ rejected
    any open status ──cancel──▶ cancelled;   completed / rejected / cancelled ──reopen──▶ requested

Who may press which button is decided here and only here (`check`, `allowed_actions`); the
services call `check` before changing anything, the pages and the API show what `allowed_actions`
returns. Approval is maker-checker (`registry.maker_checker`): an approver (commune leader,
provincial officer) never approves or rejects a case they opened or assessed, nor approves one
whose amount, support type or funding they changed since its last approval. The association works
only on the cases where it provides or funds the support.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from registry.errors import NotPermitted, TransitionNotAllowed
from registry.maker_checker import require_second_person
from registry.models import Role
from registry.scope import scope_of

from .models import Case, CaseKind, FundingSource, ProviderKind, Status

ASSESS, APPROVE, REJECT, START, COMPLETE, CANCEL, REOPEN = (
    "assess", "approve", "reject", "start", "complete", "cancel", "reopen",
)  # fmt: skip
ACTIONS = (ASSESS, APPROVE, REJECT, START, COMPLETE, CANCEL, REOPEN)

# Roles that open and work cases; the association only on its own cases.
WORKER_ROLES = frozenset({Role.COMMUNE_OFFICER, Role.ASSOCIATION_OFFICER, Role.PROVINCIAL_OFFICER, Role.ADMIN})
# Roles that approve (the checker).
APPROVER_ROLES = frozenset({Role.COMMUNE_LEADER, Role.PROVINCIAL_OFFICER, Role.ADMIN})


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str
    roles: frozenset[str]
    verb: object  # lazy text used in messages: "You cannot <verb> a case that is …"
    label: object  # button label
    maker_checker: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition(ASSESS, frozenset({Status.REQUESTED}), Status.ASSESSED, WORKER_ROLES,
                   pgettext_lazy("case action", "assess"), pgettext_lazy("case action", "Assess")),
        Transition(APPROVE, frozenset({Status.ASSESSED}), Status.APPROVED, APPROVER_ROLES,
                   pgettext_lazy("case action", "approve"), pgettext_lazy("case action", "Approve"), maker_checker=True),
        Transition(REJECT, frozenset({Status.REQUESTED, Status.ASSESSED}), Status.REJECTED, APPROVER_ROLES,
                   pgettext_lazy("case action", "reject"), pgettext_lazy("case action", "Reject"), maker_checker=True),
        Transition(START, frozenset({Status.APPROVED}), Status.IN_PROGRESS, WORKER_ROLES,
                   pgettext_lazy("case action", "start"), pgettext_lazy("case action", "Start")),
        Transition(COMPLETE, frozenset({Status.IN_PROGRESS}), Status.COMPLETED, WORKER_ROLES,
                   pgettext_lazy("case action", "complete"), pgettext_lazy("case action", "Complete")),
        Transition(CANCEL, frozenset({Status.REQUESTED, Status.ASSESSED, Status.APPROVED, Status.IN_PROGRESS}),
                   Status.CANCELLED, WORKER_ROLES | APPROVER_ROLES, pgettext_lazy("case action", "cancel"), pgettext_lazy("case action", "Cancel")),
        Transition(REOPEN, frozenset({Status.COMPLETED, Status.REJECTED, Status.CANCELLED}), Status.REQUESTED,
                   APPROVER_ROLES, pgettext_lazy("case action", "reopen"), pgettext_lazy("case action", "Reopen")),
    )
}  # fmt: skip


def is_association_case(case: Case) -> bool:
    """The association provides or funds the support."""
    if case.funding_source == FundingSource.ASSOCIATION:
        return True
    return case.provider_id is not None and case.provider.kind == ProviderKind.ASSOCIATION


def _role(user) -> str:
    scope = scope_of(user)
    return Role.ADMIN if scope.is_admin else scope.role


def can_work_on(user, case: Case) -> bool:
    """May the user change this case at all (edit, note, refer, attach)?"""
    if user is None or not user.is_authenticated:
        return False
    scope = scope_of(user)
    role = _role(user)
    if role not in WORKER_ROLES and role not in APPROVER_ROLES:
        return False
    if not scope.covers_commune(case.person.commune_id):
        return False
    return not (role == Role.ASSOCIATION_OFFICER and not is_association_case(case))


def can_edit(user, case: Case) -> bool:
    """May the user change the case's fields or refer it? The workers only: the checker approves
    what the maker wrote, and does not rewrite it."""
    return can_work_on(user, case) and _role(user) in WORKER_ROLES


def check(action: str, case: Case, user) -> Transition:
    """The transition, or an error saying in the user's language why it is refused.

    The order of the checks gives the most useful message: an unknown action, a status that does
    not allow it, then the role, the area, the association's reach and maker-checker.
    """
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise TransitionNotAllowed(_("Unknown action “%(action)s”.") % {"action": action})
    if case.status not in transition.sources:
        raise TransitionNotAllowed(
            _("You cannot %(action)s a case that is “%(status)s”.")
            % {"action": transition.verb, "status": Status(case.status).label}
        )
    if case.kind == CaseKind.DETERMINATION and action == REOPEN and case.status == Status.COMPLETED:
        raise TransitionNotAllowed(
            _("A completed determination cannot be reopened: open a re-determination case instead.")
        )
    role = _role(user)
    scope = scope_of(user)
    if role not in transition.roles:
        raise NotPermitted(_("Your role cannot %(action)s cases.") % {"action": transition.verb})
    if not scope.covers_commune(case.person.commune_id):
        raise NotPermitted(_("This person does not live in your area: you can only read the case."))
    if role == Role.ASSOCIATION_OFFICER and not is_association_case(case):
        raise NotPermitted(_("The association works only on cases it provides or funds."))
    if transition.maker_checker:
        if action == APPROVE:
            require_second_person(actor=user, makers=case.money_maker_ids, pair="case_money")
        require_second_person(actor=user, makers=(case.created_by_id, case.assessed_by_id), pair="case_review",
                              params={"action": transition.verb})  # fmt: skip
    return transition


def allowed_actions(case: Case, user) -> list[Transition]:
    """The transitions the user may press now, in workflow order."""
    allowed = []
    role = _role(user)
    for name in ACTIONS:
        transition = TRANSITIONS[name]
        if case.status not in transition.sources or role not in transition.roles:
            continue  # refused anyway: skip building the (translated) refusal message
        try:
            allowed.append(check(name, case, user))
        except (TransitionNotAllowed, NotPermitted):
            continue
    return allowed


def approval_refusal(case: Case, user) -> str | None:
    """Why an approver may not approve this assessed case (two people for money), in words for
    the page; None when they may, or when approving is not theirs to do anyway."""
    transition = TRANSITIONS[APPROVE]
    if case.status not in transition.sources or _role(user) not in transition.roles:
        return None
    try:
        check(APPROVE, case, user)
    except NotPermitted as exc:
        return exc.message
    except TransitionNotAllowed:
        return None
    return None

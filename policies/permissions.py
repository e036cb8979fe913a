"""Who may do what in policies. Built on registry.scope (the one place scope is decided)."""

from registry.models import Role
from registry.scope import scope_of

DECIDER_ROLES = {Role.COMMUNE_LEADER}  # since 01/07/2025 the commune chairman decides (Decree 147/2025)
# Who drafts the decision the chairman signs (the commune's social-affairs officer; the leader may too,
# and then another leader signs: registry.maker_checker).
DECISION_DRAFTER_ROLES = {Role.COMMUNE_OFFICER, Role.COMMUNE_LEADER}
PAYROLL_PREPARER_ROLES = {Role.COMMUNE_OFFICER, Role.COMMUNE_LEADER}
PAYROLL_APPROVER_ROLES = {Role.COMMUNE_LEADER}


def _has(user, roles, commune_id) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    scope = scope_of(user)
    if scope.is_admin:
        return True
    return scope.role in roles and scope.covers_commune(commune_id)


def can_decide(user, commune_id) -> bool:
    """May sign decisions (and return drafts) for the commune's residents."""
    return _has(user, DECIDER_ROLES, commune_id)


def can_draft_decision(user, commune_id) -> bool:
    return _has(user, DECISION_DRAFTER_ROLES, commune_id)


def can_prepare_payroll(user, commune_id) -> bool:
    return _has(user, PAYROLL_PREPARER_ROLES, commune_id)


def can_approve_payroll(user, commune_id) -> bool:
    return _has(user, PAYROLL_APPROVER_ROLES, commune_id)


def can_edit_rates(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and scope_of(user).is_admin)


def can_edit_facts(user, person) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    scope = scope_of(user)
    return scope.edits_persons and scope.covers_commune(person.commune_id)


def sees_policy_rows(user) -> bool:
    """Decisions, payrolls and entitlements are person-level rows."""
    return bool(getattr(user, "is_authenticated", False) and scope_of(user).sees_persons)

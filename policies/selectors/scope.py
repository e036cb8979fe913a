"""The `*_visible_to` selectors of policies: every list, detail and export starts here."""

from django.db.models import QuerySet

from registry.scope import scope_of

from ..models import Benefit, Decision, DecisionDraft, Payroll
from ..permissions import sees_policy_rows


def decisions_visible_to(viewer) -> QuerySet:
    if not sees_policy_rows(viewer):
        return Decision.objects.none()
    return Decision.objects.filter(scope_of(viewer).commune_q("commune_id"))


def decision_drafts_visible_to(viewer) -> QuerySet:
    if not sees_policy_rows(viewer):
        return DecisionDraft.objects.none()
    return DecisionDraft.objects.filter(scope_of(viewer).commune_q("commune_id"))


def benefits_visible_to(viewer) -> QuerySet:
    if not sees_policy_rows(viewer):
        return Benefit.objects.none()
    return Benefit.objects.filter(scope_of(viewer).commune_q("commune_id"))


def payrolls_visible_to(viewer) -> QuerySet:
    if not sees_policy_rows(viewer):
        return Payroll.objects.none()
    return Payroll.objects.filter(scope_of(viewer).commune_q("commune_id"))

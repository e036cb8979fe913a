"""Who sees and does what with plans, built on `registry.scope` (the one place scope is decided).

* A plan is visible to every user whose area shares a commune with the plan's territory; the
  figures they see are those of their communes, or of the whole province when their area covers
  the whole territory. The statistics officer sees numbers only (small counts hidden).
* Plans and indicators are managed by provincial officers whose area covers the whole territory
  (and administrators). They receive agency plans and accept or return reports.
* A report is prepared and submitted by the agency's accounts (`Agency.members`), by the commune
  officers and leaders of a commune's People's Committee, or by the association officers for the
  association.
"""

from django.db.models import Q, QuerySet

from registry.models import AdminUnit, Role
from registry.scope import scope_of

from .models import Agency, AgencyKind, Plan
from .rollup import territory_ids

MANAGER_ROLES = frozenset({Role.PROVINCIAL_OFFICER, Role.ADMIN})
COMMUNE_REPORTER_ROLES = frozenset({Role.COMMUNE_OFFICER, Role.COMMUNE_LEADER})


def plan_territory(plan: Plan) -> list[int]:
    """The plan's commune ids, cached on the instance."""
    cached = getattr(plan, "_territory", None)
    if cached is None:
        cached = territory_ids(plan.province)
        plan._territory = cached
    return cached


def communes_in_view(viewer, plan: Plan) -> list[int]:
    """The plan's communes within the viewer's area."""
    if not getattr(viewer, "is_authenticated", False):
        return []
    scope = scope_of(viewer)
    territory = plan_territory(plan)
    if scope.commune_ids is None:
        return list(territory)
    return [c for c in territory if c in scope.commune_ids]


def covers_plan(viewer, plan: Plan) -> bool:
    """The viewer's area covers every commune of the plan (province-wide figures)."""
    territory = plan_territory(plan)
    return bool(territory) and len(communes_in_view(viewer, plan)) == len(territory)


def plans_visible_to(viewer) -> QuerySet[Plan]:
    if not getattr(viewer, "is_authenticated", False):
        return Plan.objects.none()
    scope = scope_of(viewer)
    if scope.commune_ids is None:
        return Plan.objects.all()
    # A pre-2025 province is visible to the areas of its successors: Quảng Nam (49) → Đà Nẵng (48).
    legacy = (
        AdminUnit.objects.filter(id__in=scope.commune_ids, predecessors__is_current=False)
        .values_list("predecessors__province_code", flat=True)
        .distinct()
    )
    return Plan.objects.filter(
        Q(province__is_current=True, province__code__in=scope.province_codes or ())
        | Q(province__is_current=False, province__code__in=legacy)
    )


def sees_records(viewer) -> bool:
    """Person and case lists behind a figure: only roles with person-level access."""
    return bool(getattr(viewer, "is_authenticated", False) and scope_of(viewer).sees_persons)


def numbers_only(viewer) -> bool:
    """The statistics officer: aggregates only, small person counts hidden."""
    scope = scope_of(viewer)
    return not scope.is_admin and scope.role == Role.STATISTICS_OFFICER


def _role(viewer) -> str:
    scope = scope_of(viewer)
    return Role.ADMIN if scope.is_admin else scope.role


def can_manage_plan(viewer, plan: Plan | None = None, *, province=None) -> bool:
    if not getattr(viewer, "is_authenticated", False) or _role(viewer) not in MANAGER_ROLES:
        return False
    if plan is not None:
        return covers_plan(viewer, plan)
    if province is not None:
        return can_manage_province(viewer, province)
    return True


def can_manage_province(viewer, province) -> bool:
    if not getattr(viewer, "is_authenticated", False) or _role(viewer) not in MANAGER_ROLES:
        return False
    territory = territory_ids(province)
    scope = scope_of(viewer)
    return bool(territory) and (scope.commune_ids is None or set(territory) <= scope.commune_ids)


def can_prepare_report(viewer, agency: Agency) -> bool:
    if not getattr(viewer, "is_authenticated", False):
        return False
    scope = scope_of(viewer)
    if scope.is_admin:
        return True
    if agency.members.filter(pk=viewer.pk).exists():
        return True
    if agency.kind == AgencyKind.PEOPLES_COMMITTEE and agency.unit_id and scope.role in COMMUNE_REPORTER_ROLES:
        return scope.covers_commune(agency.unit_id)
    if agency.kind == AgencyKind.ASSOCIATION and scope.role == Role.ASSOCIATION_OFFICER:
        return agency.province.code in (scope.province_codes or ())
    return False


def can_decide_report(viewer, plan: Plan) -> bool:
    """Accept or return a submitted report: the plan's managers."""
    return can_manage_plan(viewer, plan)


def agencies_for(viewer, plan: Plan) -> list[Agency]:
    """The plan's agencies (lead and cooperating) the viewer may prepare a report for."""
    agencies = [plan.lead_agency, *plan.cooperating_agencies.select_related("province").all()]
    seen, out = set(), []
    for agency in agencies:
        if agency.pk not in seen and can_prepare_report(viewer, agency):
            seen.add(agency.pk)
            out.append(agency)
    return out


# Figures to national systems (sign-off, DHIS2) -------------------------------------------------------
FIGURE_PREPARER_ROLES = frozenset({Role.PROVINCIAL_OFFICER, Role.STATISTICS_OFFICER, Role.ADMIN})


def can_prepare_figures(viewer, plan: Plan) -> bool:
    """Freeze a period's figures for sign-off: the plan's provincial officers and the statistics
    officers whose area covers the whole plan (and administrators)."""
    if not getattr(viewer, "is_authenticated", False) or _role(viewer) not in FIGURE_PREPARER_ROLES:
        return False
    return covers_plan(viewer, plan)


def can_sign_off_figures(viewer, plan: Plan) -> bool:
    """Sign off (or reject) frozen figures: the plan's provincial officers (and administrators) —
    never for figures they prepared themselves (checked by the service)."""
    return can_manage_plan(viewer, plan)


def can_push_to_dhis2(viewer, plan: Plan) -> bool:
    """Send the plan's signed-off figures to the configured DHIS2: the plan's provincial officers."""
    return can_manage_plan(viewer, plan)

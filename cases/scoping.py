"""Which cases, referrals, providers and events a viewer may see or change: decided here, on top
of `registry.scope`, and used by every list, page, export and API path of the app.

* A case is visible when its person is visible (`persons_visible_to`, matched on the case's copy
  of the person's commune: `registry.scope.person_rows_q`). The association officer
  sees the cases of the association's members and the cases the association provides or funds.
  Statistics officers see no case at all.
* Providers are a directory: visible within the viewer's provinces.
* An event held in a commune is visible in that commune's scope; a provincial event to everyone
  of the province. Its participants are persons, shown only when visible to the viewer.
"""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy

from registry.models import AdminUnit, Role, UnitLevel
from registry.scope import person_rows_q, scope_of

from .models import Case, Event, FundingSource, Provider, ProviderKind, Referral

# Roles that write on cases, referrals, providers and events (the association on its own work).
WRITER_ROLES = frozenset({Role.COMMUNE_OFFICER, Role.ASSOCIATION_OFFICER, Role.PROVINCIAL_OFFICER, Role.ADMIN})

NO_CASE_ACCESS = gettext_lazy("Your role has no access to support cases.")

ASSOCIATION_CASE_Q = Q(funding_source=FundingSource.ASSOCIATION) | Q(provider__kind=ProviderKind.ASSOCIATION)


def role_of(user) -> str:
    scope = scope_of(user)
    return Role.ADMIN if scope.is_admin else scope.role


def is_writer(user) -> bool:
    return bool(user and user.is_authenticated and role_of(user) in WRITER_ROLES)


def cases_visible_to(viewer) -> QuerySet[Case]:
    scope = scope_of(viewer)
    if not viewer.is_authenticated or not scope.sees_persons:
        return Case.objects.none()
    # The person's scope, matched on the case's copies of the person's commune and province.
    qs = Case.objects.filter(person_rows_q(viewer, person="person", commune="commune_id", province="province_code"))
    if role_of(viewer) == Role.ASSOCIATION_OFFICER:
        qs = qs.filter(Q(person__association_member_since__isnull=False) | ASSOCIATION_CASE_Q)
    return qs


def referrals_visible_to(viewer) -> QuerySet[Referral]:
    return Referral.objects.filter(case__in=cases_visible_to(viewer))


def whole_province_ids(viewer) -> set[int] | None:
    """Provinces the viewer covers entirely (None: all of them, the administrator)."""
    scope = scope_of(viewer)
    if scope.commune_ids is None:
        return None
    cached = getattr(viewer, "_cases_province_ids", None)
    if cached is None:
        cached = set(viewer.units.filter(level=UnitLevel.PROVINCE).values_list("id", flat=True))
        viewer._cases_province_ids = cached
    return cached


def unit_in_scope(viewer, unit: AdminUnit | None) -> bool:
    """A commune the viewer covers, or a province the viewer covers entirely."""
    if unit is None or not viewer.is_authenticated:
        return False
    scope = scope_of(viewer)
    if unit.level == UnitLevel.COMMUNE:
        return scope.covers_commune(unit.pk)
    if unit.level == UnitLevel.PROVINCE:
        provinces = whole_province_ids(viewer)
        return provinces is None or unit.pk in provinces
    return False


def _province_q(viewer, field: str) -> Q | None:
    """Units of the viewer's provinces (None: no restriction)."""
    scope = scope_of(viewer)
    if scope.commune_ids is None:
        return None
    return Q(**{f"{field}__province_code__in": scope.province_codes or ()})


def providers_visible_to(viewer) -> QuerySet[Provider]:
    if not viewer.is_authenticated:
        return Provider.objects.none()
    condition = _province_q(viewer, "unit")
    return Provider.objects.all() if condition is None else Provider.objects.filter(condition)


def provider_editable_by(viewer, provider: Provider) -> bool:
    return is_writer(viewer) and unit_in_scope(viewer, provider.unit)


def events_visible_to(viewer) -> QuerySet[Event]:
    if not viewer.is_authenticated:
        return Event.objects.none()
    scope = scope_of(viewer)
    if scope.commune_ids is None:
        return Event.objects.all()
    return Event.objects.filter(
        Q(unit__level=UnitLevel.COMMUNE, unit_id__in=scope.commune_ids)
        | Q(unit__level=UnitLevel.PROVINCE, unit__code__in=scope.province_codes or ())
    )


def event_editable_by(viewer, event: Event) -> bool:
    return is_writer(viewer) and unit_in_scope(viewer, event.unit)


def units_for_writing(viewer) -> QuerySet[AdminUnit]:
    """Units a writer may choose for a provider or an event: their communes and whole provinces."""
    scope = scope_of(viewer)
    qs = AdminUnit.objects.filter(is_current=True, level__in=[UnitLevel.COMMUNE, UnitLevel.PROVINCE])
    if scope.commune_ids is None:
        return qs.order_by("-level", "name_folded")
    provinces = whole_province_ids(viewer) or set()
    return qs.filter(Q(id__in=scope.commune_ids) | Q(id__in=provinces)).order_by("-level", "name_folded")

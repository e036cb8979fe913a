"""The viewer's scope, decided in one place.

Every list, detail, search, export and report path of every app asks these functions which
rows the viewer may see; nothing else filters by scope. A user's scope is the set of units on
the account: a province stands for all of its current communes.
"""

import contextlib
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Q, QuerySet

from .models import AdminUnit, Role, UnitLevel

# Roles that may see person-level rows at all.
PERSON_LEVEL_ROLES = {
    Role.COMMUNE_OFFICER,
    Role.COMMUNE_LEADER,
    Role.ASSOCIATION_OFFICER,
    Role.PROVINCIAL_OFFICER,
    Role.ADMIN,
}
# Roles that may see personal ID numbers (the person's and the caregiver's).
NATIONAL_ID_ROLES = {Role.COMMUNE_OFFICER, Role.COMMUNE_LEADER, Role.PROVINCIAL_OFFICER, Role.ADMIN}
# Roles that register and edit persons.
PERSON_EDIT_ROLES = {Role.COMMUNE_OFFICER, Role.ADMIN}
# Roles that approve (used by cases and decisions).
APPROVER_ROLES = {Role.COMMUNE_LEADER, Role.PROVINCIAL_OFFICER, Role.ADMIN}
ACCESS_LOG_ROLES = {Role.PROVINCIAL_OFFICER, Role.ADMIN}


@dataclass
class Scope:
    """What one user may see. `commune_ids is None` means the whole country (administrator)."""

    user: object

    @property
    def role(self) -> str:
        return getattr(self.user, "role", "")

    @property
    def is_admin(self) -> bool:
        return bool(self.user.is_superuser or self.role == Role.ADMIN)

    @cached_property
    def commune_ids(self) -> frozenset[int] | None:
        if self.is_admin:
            return None
        units = list(self.user.units.all())
        communes = {u.id for u in units if u.level == UnitLevel.COMMUNE}
        provinces = [u.id for u in units if u.level == UnitLevel.PROVINCE]
        if provinces:
            communes |= set(
                AdminUnit.objects.filter(parent_id__in=provinces, level=UnitLevel.COMMUNE).values_list("id", flat=True)
            )
        return frozenset(communes)

    @cached_property
    def province_codes(self) -> frozenset[str] | None:
        if self.commune_ids is None:
            return None
        return frozenset(
            AdminUnit.objects.filter(id__in=self.commune_ids).values_list("province_code", flat=True).distinct()
        )

    # Capabilities ------------------------------------------------------------------------
    @property
    def sees_persons(self) -> bool:
        return self.is_admin or self.role in PERSON_LEVEL_ROLES

    @property
    def sees_national_id(self) -> bool:
        return self.is_admin or self.role in NATIONAL_ID_ROLES

    @property
    def edits_persons(self) -> bool:
        return self.is_admin or self.role in PERSON_EDIT_ROLES

    @property
    def approves(self) -> bool:
        return self.is_admin or self.role in APPROVER_ROLES

    @property
    def reads_access_log(self) -> bool:
        return self.is_admin or self.role in ACCESS_LOG_ROLES

    def covers_commune(self, commune_id: int | None) -> bool:
        return commune_id is not None and (self.commune_ids is None or commune_id in self.commune_ids)

    def commune_q(self, field: str = "commune_id") -> Q:
        """A Q restricting `field` (a commune FK id) to the scope."""
        if self.commune_ids is None:
            return Q()
        return Q(**{f"{field}__in": self.commune_ids})

    def communes(self) -> QuerySet[AdminUnit]:
        qs = AdminUnit.objects.current().communes()
        if self.commune_ids is not None:
            qs = qs.filter(id__in=self.commune_ids)
        return qs.order_by("name_folded")


def scope_of(user) -> Scope:
    """The user's scope, cached on the user object for the request."""
    cached = getattr(user, "_hoanhap_scope", None)
    if cached is None:
        cached = Scope(user)
        with contextlib.suppress(AttributeError):  # AnonymousUser has no __dict__ slot issues, but be safe
            user._hoanhap_scope = cached
    return cached


def persons_visible_to(viewer) -> QuerySet:
    """Persons the viewer may see: residents of the scope now, and those who moved out of it."""
    from .models import Person, Residence

    scope = scope_of(viewer)
    qs = Person.objects.not_deleted()
    if not viewer.is_authenticated or not scope.sees_persons:
        return qs.none()
    if scope.commune_ids is None:
        return qs
    moved_out = Residence.objects.filter(commune_id__in=scope.commune_ids, ended_on__isnull=False).values("person_id")
    return qs.filter(Q(commune_id__in=scope.commune_ids) | Q(id__in=moved_out))


def persons_editable_by(viewer) -> QuerySet:
    """Persons the viewer may change: only current residents of the scope."""
    from .models import Person

    scope = scope_of(viewer)
    if not viewer.is_authenticated or not scope.edits_persons:
        return Person.objects.none()
    return Person.objects.not_deleted().filter(scope.commune_q())

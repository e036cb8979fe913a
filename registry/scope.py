"""The viewer's scope, decided in one place.

Every list, detail, search, export and report path of every app asks these functions which
rows the viewer may see; nothing else filters by scope. A user's scope is the set of units on
the account: a province stands for all of its current communes.
"""

import contextlib
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy

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


@dataclass(frozen=True)
class MakerChecker:
    """One "two people" rule: whoever did `maker` on a row may not do `checker` on it
    (`registry.maker_checker.require_second_person` applies it, with `refusal` as the message).
    `waivable`: in a commune recorded as single-person (`SinglePersonCommune`) the same person may
    do both, and each such approval is written to the access log."""

    code: str
    maker: str  # capability of the maker, "<entity>.<action>"
    checker: str  # capability of the checker
    refusal: object  # lazy text; may use %(action)s
    waivable: bool


MAKER_CHECKER: dict[str, MakerChecker] = {
    pair.code: pair
    for pair in (
        MakerChecker("payroll", "payroll.prepare", "payroll.approve",
                     gettext_lazy("The person who prepared this payroll cannot approve it."), waivable=True),
        MakerChecker("case_review", "case.open_or_assess", "case.approve_or_reject",
                     gettext_lazy("You opened or assessed this case: another person (the commune leader) must "
                                  "%(action)s it."), waivable=False),
        MakerChecker("case_money", "case.change_money", "case.approve",
                     gettext_lazy("The person who changed the amount, support type or funding of this case cannot "
                                  "approve it."), waivable=False),
        MakerChecker("decision", "decision.draft", "decision.sign",
                     gettext_lazy("The person who drafted a decision cannot sign it."), waivable=True),
    )
}  # fmt: skip


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
    def _units(self) -> tuple[frozenset[int], frozenset[str]]:
        """(communes on the account, provinces on the account) — the scope as the user was given it."""
        units = list(self.user.units.all())
        communes = frozenset(u.id for u in units if u.level == UnitLevel.COMMUNE)
        provinces = frozenset(u.province_code for u in units if u.level == UnitLevel.PROVINCE)
        return communes, provinces

    @cached_property
    def commune_ids(self) -> frozenset[int] | None:
        """Every current commune in the scope (None: everything)."""
        if self.is_admin:
            return None
        communes, provinces = self._units
        if provinces:
            communes = communes | set(
                AdminUnit.objects.filter(
                    province_code__in=provinces, level=UnitLevel.COMMUNE, is_current=True
                ).values_list("id", flat=True)
            )
        return frozenset(communes)

    @cached_property
    def province_codes(self) -> frozenset[str] | None:
        """Provinces touched by the scope (None: everything)."""
        if self.is_admin:
            return None
        communes, provinces = self._units
        if communes:
            provinces = provinces | set(
                AdminUnit.objects.filter(id__in=communes).values_list("province_code", flat=True)
            )
        return frozenset(provinces)

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

    def commune_q(self, field: str = "commune_id", *, province_field: str | None = None) -> Q:
        """A Q restricting a commune foreign key to the scope.

        `field` names the FK's id (`commune_id`, `person__commune_id`) or the FK itself. Whole
        provinces are matched by the commune's province code, which the database plans far better
        than a long IN list of commune ids; `province_field` names a column of the same row holding
        a copy of that province code, matched instead of joining the unit.
        """
        if self.commune_ids is None:
            return Q()
        fk = field[:-3] if field.endswith("_id") else field
        communes, provinces = self._units
        q = Q(pk__in=[])
        if provinces:
            q |= Q(**{f"{province_field or f'{fk}__province_code'}__in": sorted(provinces)})
        if communes:
            q |= Q(**{f"{fk}_id__in": sorted(communes)})
        return q

    def residents_q(self) -> Q:
        """Persons living in the scope now, on the person's own row: its commune, or the copy of
        the commune's province code (`Person.province_code`) for whole provinces."""
        return self.commune_q("commune_id", province_field="province_code")

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
    # On the person's own row (no join): residents by the copy of their commune's province code or
    # their commune, those who moved out through the ended residences in the scope (few, read once).
    moved_out = Residence.objects.filter(scope.commune_q("commune_id"), ended_on__isnull=False).values("person_id")
    return qs.filter(scope.residents_q() | Q(pk__in=moved_out))


def person_rows_q(viewer, *, person: str = "person", commune: str | None = None, province: str | None = None) -> Q:
    """The rule of `persons_visible_to` as a Q on another model's rows that belong to a person
    (cases, …): the row is visible when its person is.

    `person` names the row's person foreign key. `commune` and `province` name columns of the row
    holding copies of the person's current commune and its province code (their app keeps them
    right); the scope is then matched on the row alone, with no join the database could start
    from, and the row's own indexes serve "scope + filters, newest first". Persons who moved out of
    the scope are matched through their ended residences, deleted persons through the partial
    index of deleted persons: small sets, each read once.
    """
    scope = scope_of(viewer)
    if not viewer.is_authenticated or not scope.sees_persons:
        return Q(pk__in=[])
    from .models import Person, Residence

    # Not deleted: the few deleted persons are read once (partial index `person_deleted`), so the
    # person is joined only to show its columns, never to filter the rows.
    alive = ~Q(**{f"{person}_id__in": Person.objects.filter(deleted_at__isnull=False).values("id")})
    if scope.commune_ids is None:
        return alive
    moved_out = Residence.objects.filter(scope.commune_q("commune_id"), ended_on__isnull=False).values("person_id")
    here = scope.commune_q(commune or f"{person}__commune_id", province_field=province)
    return alive & (here | Q(**{f"{person}_id__in": moved_out}))


def persons_editable_by(viewer) -> QuerySet:
    """Persons the viewer may change: only current residents of the scope."""
    from .models import Person

    scope = scope_of(viewer)
    if not viewer.is_authenticated or not scope.edits_persons:
        return Person.objects.none()
    return Person.objects.not_deleted().filter(scope.commune_q())


def import_jobs_visible_to(viewer) -> QuerySet:
    """Import jobs: each user sees the files they uploaded; administrators see every job."""
    from .models import ImportJob

    if not getattr(viewer, "is_authenticated", False):
        return ImportJob.objects.none()
    qs = ImportJob.objects.select_related("user")
    return qs if scope_of(viewer).is_admin else qs.filter(user=viewer)


def access_log_visible_to(viewer) -> QuerySet:
    """Access-log rows a reader of the log may see.

    Administrators see every row; a provincial officer sees the rows about persons they may see
    and the rows written by users whose units lie in their province(s).
    """
    scope = scope_of(viewer)
    from .models import AccessLog

    qs = AccessLog.objects.select_related("user", "person")
    if not viewer.is_authenticated or not scope.reads_access_log:
        return qs.none()
    if scope.commune_ids is None:
        return qs
    User = viewer.__class__
    users_here = User.units.through.objects.filter(
        user_id=OuterRef("user_id"), adminunit__province_code__in=scope.province_codes
    )
    visible_persons = persons_visible_to(viewer).values("id")
    return qs.filter(Exists(users_here) | Exists(visible_persons.filter(id=OuterRef("person_id"))))

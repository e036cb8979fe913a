"""Reads with meaning. Every read starts from the `*_visible_to(viewer)` functions of `scoping`."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from registry.errors import FieldError
from registry.models import AdminUnit, Person, Role, UnitLevel, User
from registry.scope import persons_visible_to, scope_of
from registry.selectors import name_search_q
from registry.text import fold, name_tokens

from .models import (
    MONEY_FIELDS,
    OPEN_STATUSES,
    Case,
    CaseStep,
    Domain,
    Event,
    EventKind,
    FundingSource,
    Provider,
    ProviderDomain,
    ProviderKind,
    Referral,
    ReferralStatus,
    Status,
)
from .scoping import (
    ASSOCIATION_CASE_Q,
    cases_visible_to,
    events_visible_to,
    providers_visible_to,
    referrals_visible_to,
    role_of,
)
from .workflow import APPROVER_ROLES

CASE_LIST_RELATED = ("person", "person__commune", "support_type", "provider", "assigned_to")


def _bool(value) -> bool | None:
    if value in (None, ""):
        return None
    return {"true": True, "1": True, "on": True, "yes": True, "false": False, "0": False, "no": False}.get(
        str(value).lower()
    )


@dataclass
class CaseFilters:
    q: str = ""
    domain: str = ""
    status: str = ""
    commune: str = ""  # commune code
    support_type: str = ""  # policy code
    provider: str = ""  # provider id
    kind: str = ""
    overdue: bool | None = None
    assigned_to_me: bool = False
    association: bool = False  # only the support the association provides or funds

    @classmethod
    def from_params(cls, params) -> "CaseFilters":
        return cls(
            q=(params.get("q") or "").strip(),
            domain=params.get("domain") or "",
            status=params.get("status") or "",
            commune=(params.get("commune") or "").strip(),
            support_type=params.get("support_type") or "",
            provider=str(params.get("provider") or ""),
            kind=params.get("kind") or "",
            overdue=_bool(params.get("overdue")),
            assigned_to_me=bool(_bool(params.get("assigned_to_me"))),
            association=bool(_bool(params.get("association"))),
        )


def case_search_q(viewer, text: str) -> Q:
    """Search by person: name without diacritics; an ID number only for roles that see it."""
    text = text.strip()
    if text.isdigit() and len(text) >= 9:
        if scope_of(viewer).sees_national_id:
            return Q(person__national_id__startswith=text)
        return Q(pk__in=[])
    if text.startswith("#") and text[1:].isdigit():
        return Q(pk=int(text[1:]))
    return name_search_q(text, person="person")


def case_commune_q(code: str) -> Q:
    """Cases of persons living in the commune with this code: on the case's copy of the commune,
    compared with a scalar subquery so the database walks the (commune, id) index newest first."""
    commune = AdminUnit.objects.filter(code=code, level=UnitLevel.COMMUNE, is_current=True).values("id")[:1]
    return Q(commune_id=Subquery(commune))


def apply_case_filters(qs: QuerySet, filters: CaseFilters, *, viewer, today: date) -> QuerySet:
    if filters.q:
        qs = qs.filter(case_search_q(viewer, filters.q))
    if filters.domain in Domain.values:
        qs = qs.filter(domain=filters.domain)
    if filters.status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif filters.status in Status.values:
        qs = qs.filter(status=filters.status)
    if filters.commune:
        qs = qs.filter(case_commune_q(filters.commune))
    if filters.support_type:
        qs = qs.filter(support_type__code=filters.support_type)
    if filters.provider.isdigit() and len(filters.provider) < 16:
        qs = qs.filter(provider_id=int(filters.provider))
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.overdue is True:
        qs = qs.filter(status__in=OPEN_STATUSES, due_on__lt=today)
    elif filters.overdue is False:
        qs = qs.exclude(status__in=OPEN_STATUSES, due_on__lt=today)
    if filters.assigned_to_me:
        qs = qs.filter(assigned_to=viewer)
    if filters.association:
        qs = qs.filter(ASSOCIATION_CASE_Q)
    return qs


def case_list(*, viewer, filters: CaseFilters | None = None, today: date | None = None) -> QuerySet[Case]:
    today = today or timezone.localdate()
    qs = cases_visible_to(viewer).select_related(*CASE_LIST_RELATED)
    if filters is not None:
        qs = apply_case_filters(qs, filters, viewer=viewer, today=today)
    return qs.order_by("-requested_on", "-id")


def case_detail(*, viewer, pk: int) -> Case:
    """The case, or Case.DoesNotExist outside the viewer's scope (callers answer 404)."""
    return (
        cases_visible_to(viewer)
        .select_related(
            *CASE_LIST_RELATED,
            "person__commune__parent",
            "created_by",
            "assessed_by",
            "decided_by",
            "determination",
            "certificate",
        )  # fmt: skip
        .get(pk=pk)
    )


def case_timeline(case: Case) -> list[CaseStep]:
    return list(case.steps.select_related("actor").order_by("at", "id"))


@dataclass(frozen=True)
class MoneyChange:
    """One change of a case's amount, support type or funding: old → new, who, when."""

    field: str
    label: str
    old: object  # stored value: đồng, support type code, funding source code
    new: object
    old_text: str
    new_text: str
    by: str  # username
    by_name: str
    at: object  # datetime


def case_money_changes(case: Case) -> list[MoneyChange]:
    """Every change of `MONEY_FIELDS` since the case was opened, oldest first, read from the case's
    history (two queries: the history rows with their users, the support types' names)."""
    from itertools import pairwise

    from policies.models import Policy
    from policies.money import money

    rows = list(
        case.history.order_by("history_date", "history_id").values(
            "history_date", "history_user__username", "history_user__first_name", "history_user__last_name",
            "support_type_id", "amount", "in_kind_value", "funding_source",
        )
    )  # fmt: skip
    support_types = {row["support_type_id"] for row in rows}
    policies = {p.pk: p for p in Policy.objects.filter(pk__in=support_types)} if len(rows) > 1 else {}

    def raw(field, row):
        return policies[row["support_type_id"]].code if field == "support_type" else row[field]

    def text(field, row) -> str:
        if field == "support_type":
            return policies[row["support_type_id"]].name
        if field == "funding_source":
            return str(FundingSource(row[field]).label) if row[field] else "—"
        return money(row[field]) or "—"

    changes = []
    for before, after in pairwise(rows):
        key = {"support_type": "support_type_id"}
        for field in MONEY_FIELDS:
            if before[key.get(field, field)] == after[key.get(field, field)]:
                continue
            name = f"{after['history_user__first_name']} {after['history_user__last_name']}".strip()
            changes.append(
                MoneyChange(
                    field=field, label=str(Case._meta.get_field(field).verbose_name),
                    old=raw(field, before), new=raw(field, after), old_text=text(field, before),
                    new_text=text(field, after), by=after["history_user__username"] or "",
                    by_name=name or after["history_user__username"] or "", at=after["history_date"],
                )
            )  # fmt: skip
    return changes


def case_referrals(case: Case) -> list[Referral]:
    return list(case.referrals.select_related("provider").order_by("-sent_on", "-id"))


def case_attachments(case: Case) -> list:
    return list(case.attachments.select_related("uploaded_by").order_by("uploaded_at", "id"))


def person_cases(*, viewer, person: Person) -> QuerySet[Case]:
    return cases_visible_to(viewer).filter(person=person).select_related("support_type", "provider", "assigned_to")


@dataclass
class Worklist:
    overdue: list
    awaiting_approval: list
    assigned_to_me: list

    @property
    def total(self) -> int:
        return len(self.overdue) + len(self.awaiting_approval) + len(self.assigned_to_me)


def awaiting_approval_q(viewer) -> Q:
    """Assessed cases the viewer may approve: never those they opened or assessed, nor those whose
    money they changed since the last approval."""
    changed_money = Case.money_makers.through.objects.filter(case_id=OuterRef("pk"), user_id=viewer.pk)
    return Q(status=Status.ASSESSED) & ~Q(created_by=viewer) & ~Q(assessed_by=viewer) & ~Exists(changed_money)


def worklist(*, viewer, today: date | None = None, limit: int = 100) -> Worklist:
    """Việc cần làm: overdue cases in the viewer's area, cases awaiting their approval, cases
    assigned to them."""
    today = today or timezone.localdate()
    scope = scope_of(viewer)
    mine = cases_visible_to(viewer).filter(scope.commune_q("commune_id")).select_related(*CASE_LIST_RELATED)
    role = role_of(viewer)
    if role == Role.ASSOCIATION_OFFICER:
        mine = mine.filter(ASSOCIATION_CASE_Q)
    overdue = mine.filter(status__in=OPEN_STATUSES, due_on__lt=today).order_by("due_on", "id")
    awaiting = (
        mine.filter(awaiting_approval_q(viewer)).order_by("due_on", "id") if role in APPROVER_ROLES else mine.none()
    )
    assigned = mine.filter(assigned_to=viewer, status__in=OPEN_STATUSES).order_by("due_on", "id")
    return Worklist(list(overdue[:limit]), list(awaiting[:limit]), list(assigned[:limit]))


# The association's support ------------------------------------------------------------------
@dataclass
class AssociationSupport:
    cases: QuerySet
    by_domain: list[dict]
    by_funding: list[dict]
    total: dict


def association_support(*, viewer, filters: CaseFilters | None = None, today: date | None = None) -> AssociationSupport:
    """The support the association provides or funds, with totals by domain and by funding source."""
    filters = filters or CaseFilters()
    filters.association = True
    qs = case_list(viewer=viewer, filters=filters, today=today)
    sums = {"cases": Count("id"), "amount": Sum("amount"), "in_kind_value": Sum("in_kind_value")}
    by_domain_rows = {row["domain"]: row for row in qs.order_by().values("domain").annotate(**sums)}
    by_funding_rows = {row["funding_source"]: row for row in qs.order_by().values("funding_source").annotate(**sums)}
    total = qs.order_by().aggregate(**sums)

    def row(label, data):
        data = data or {}
        return {
            "label": label, "cases": data.get("cases") or 0, "amount": data.get("amount") or 0,
            "in_kind_value": data.get("in_kind_value") or 0,
        }  # fmt: skip

    by_domain = [
        dict(row(d.label, by_domain_rows.get(d.value)), code=d.value) for d in Domain if d.value in by_domain_rows
    ]
    by_funding = [
        dict(row(f.label if f else "—", by_funding_rows.get(f.value if f else "")), code=f.value if f else "")
        for f in [*FundingSource, None]
        if (f.value if f else "") in by_funding_rows
    ]
    return AssociationSupport(qs, by_domain, by_funding, row("", total))


# Providers and referrals ---------------------------------------------------------------------
def provider_list(*, viewer, q: str = "", domain: str = "", kind: str = "", active: bool | None = True) -> QuerySet:
    qs = (
        providers_visible_to(viewer)
        .select_related("unit")
        .prefetch_related(Prefetch("domain_rows", queryset=ProviderDomain.objects.order_by("domain")))
    )
    if q:
        qs = qs.filter(name_folded__contains=fold(q))
    if domain in Domain.values:
        qs = qs.filter(domain_rows__domain=domain)
    if kind in ProviderKind.values:
        qs = qs.filter(kind=kind)
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs.annotate(
        open_referrals=Count(
            "referrals", filter=Q(referrals__status__in=[ReferralStatus.SENT, ReferralStatus.ACCEPTED]), distinct=True
        )
    ).order_by("name_folded", "id")


def provider_detail(*, viewer, pk: int) -> Provider:
    return providers_visible_to(viewer).select_related("unit").prefetch_related("domain_rows").get(pk=pk)


def provider_choices(*, viewer, domain: str = "") -> QuerySet:
    qs = providers_visible_to(viewer).filter(is_active=True)
    if domain in Domain.values:
        qs = qs.filter(domain_rows__domain=domain)
    return qs.order_by("name_folded", "id")


def provider_by_id(viewer, provider_id) -> Provider | None:
    """A provider of the viewer's directory chosen by id (None for none); unknown ids are a field error."""
    if provider_id in (None, ""):
        return None
    provider = providers_visible_to(viewer).filter(pk=provider_id).first()
    if provider is None:
        raise FieldError("provider", _("Unknown provider."))
    return provider


def assignee_by_id(user_id):
    """An active user chosen as the assigned worker (the service checks their role and area)."""
    if user_id in (None, ""):
        return None
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise FieldError("assigned_to", _("Unknown user."))
    return user


def referral_list(*, viewer, status: str = "", provider: str = "", case: str = "") -> QuerySet:
    qs = referrals_visible_to(viewer).select_related("case", "case__person", "provider", "created_by")
    if status in ReferralStatus.values:
        qs = qs.filter(status=status)
    if str(provider).isdigit():
        qs = qs.filter(provider_id=int(provider))
    if str(case).isdigit():
        qs = qs.filter(case_id=int(case))
    return qs.order_by("-sent_on", "-id")


# Events --------------------------------------------------------------------------------------
@dataclass
class EventFilters:
    kind: str = ""
    year: int | None = None
    unit: str = ""  # unit code

    @classmethod
    def from_params(cls, params) -> "EventFilters":
        year = str(params.get("year") or "")
        year_number = int(year) if year.isdigit() and len(year) == 4 else None
        return cls(kind=params.get("kind") or "", year=year_number, unit=params.get("unit") or "")


def event_list(*, viewer, filters: EventFilters | None = None) -> QuerySet[Event]:
    filters = filters or EventFilters()
    qs = events_visible_to(viewer).select_related("unit").annotate(registered=Count("participant_rows"))
    if filters.kind in EventKind.values:
        qs = qs.filter(kind=filters.kind)
    if filters.year:
        qs = qs.filter(held_on__year=filters.year)
    if filters.unit:
        qs = qs.filter(unit__code=filters.unit)
    return qs.order_by("-held_on", "-id")


def event_detail(*, viewer, pk: int) -> Event:
    return (
        events_visible_to(viewer)
        .select_related("unit", "created_by")
        .annotate(registered=Count("participant_rows"))
        .get(pk=pk)
    )


def event_participants(*, viewer, event: Event) -> QuerySet[Person]:
    """The registered participants the viewer may see (the others are only counted)."""
    return (
        persons_visible_to(viewer)
        .filter(id__in=event.participant_rows.values("person_id"))
        .select_related("commune")
        .order_by("name_folded", "id")
    )


def persons_to_choose(*, viewer, q: str, limit: int = 50) -> list[Person]:
    """The persons of the viewer's area a new case may be opened for, matching a name."""
    if not name_tokens(q):
        return []
    return list(
        persons_visible_to(viewer)
        .filter(name_search_q(q))
        .select_related("commune")
        .order_by("name_folded", "id")[:limit]
    )


def participant_candidates(*, viewer, event: Event, q: str, limit: int = 50) -> list[Person]:
    """Persons of the viewer's area matching a name, not yet registered for the event."""
    if not name_tokens(q):
        return []
    scope = scope_of(viewer)
    return list(
        persons_visible_to(viewer)
        .filter(scope.commune_q(), name_search_q(q))
        .exclude(id__in=event.participant_rows.values("person_id"))
        .select_related("commune")
        .order_by("name_folded", "id")[:limit]
    )

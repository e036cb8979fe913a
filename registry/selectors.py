"""Reads with meaning. Every person read starts from `persons_visible_to(viewer)`."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Lower
from django.utils import timezone

from .models import AdminUnit, Person, UnitLevel
from .models.persons import TYPE_FIELDS, AgeGroup, DisabilityLevel, PersonStatus, Sex
from .paging import IdFirstRows
from .scope import persons_visible_to, scope_of
from .search import name_query
from .text import fold_unit_name


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def age_group_q(group: str, on: date, field: str = "date_of_birth") -> Q:
    """Persons in the age group on `on` (child < 16, adult 16–59, elderly 60+)."""
    born_16 = years_before(on, 16)  # born on or before this date → at least 16
    born_60 = years_before(on, 60)
    if group == AgeGroup.CHILD:
        return Q(**{f"{field}__gt": born_16})
    if group == AgeGroup.ADULT:
        return Q(**{f"{field}__lte": born_16, f"{field}__gt": born_60})
    if group == AgeGroup.ELDERLY:
        return Q(**{f"{field}__lte": born_60})
    return Q()


def with_viewer_status(qs: QuerySet, viewer) -> QuerySet:
    """Annotate `viewer_status`: a person who moved out of the viewer's communes shows as moved out."""
    scope = scope_of(viewer)
    if scope.commune_ids is None:
        return qs.annotate(viewer_status=F("status"))
    return qs.annotate(
        viewer_status=Case(
            When(status=PersonStatus.DECEASED, then=Value(PersonStatus.DECEASED)),
            When(scope.residents_q(), then="status"),
            default=Value(PersonStatus.MOVED_OUT),
            output_field=CharField(),
        )
    )


@dataclass
class PersonFilters:
    q: str = ""
    commune: str = ""  # commune code
    disability_type: str = ""
    level: str = ""
    sex: str = ""
    age_group: str = ""
    status: str = ""
    association_member: bool | None = None

    @classmethod
    def from_params(cls, params) -> "PersonFilters":
        member = params.get("association_member")
        return cls(
            q=params.get("q", "") or "",
            commune=params.get("commune", "") or "",
            disability_type=params.get("disability_type", "") or params.get("type", "") or "",
            level=params.get("level", "") or "",
            sex=params.get("sex", "") or "",
            age_group=params.get("age_group", "") or "",
            status=params.get("status", "") or "",
            association_member={"true": True, "1": True, "false": False, "0": False}.get(str(member).lower())
            if member not in (None, "")
            else None,
        )


def apply_person_filters(
    qs: QuerySet, filters: PersonFilters, *, today: date | None = None, id_search: bool = True
) -> QuerySet:
    """Apply the list filters. `id_search=False` (roles that never see ID numbers) makes a
    digits-only query match nothing, so an ID number cannot be probed through search."""
    today = today or timezone.localdate()
    if filters.q and looks_like_id(filters.q):
        if not id_search:
            return qs.none()
        qs = qs.filter(national_id__startswith=filters.q.strip())
    elif filters.q:
        query = name_query(filters.q)
        if query is not None:
            qs = qs.filter(name_folded__words=query)
            if query.plan == "words":
                qs = qs.order_by(*SORTED_MATCHES_ORDER)
    if filters.commune:
        # a scalar subquery on the current commune: the planner can then use the person indexes
        commune = AdminUnit.objects.filter(code=filters.commune, level=UnitLevel.COMMUNE, is_current=True)
        qs = qs.filter(commune_id=Subquery(commune.values("id")[:1]))
    if filters.disability_type in TYPE_FIELDS:
        qs = qs.filter(**{TYPE_FIELDS[filters.disability_type]: True})
    if filters.level in DisabilityLevel.values:
        qs = qs.filter(level=filters.level)
    if filters.sex in Sex.values:
        qs = qs.filter(sex=filters.sex)
    if filters.age_group in AgeGroup.values:
        qs = qs.filter(age_group_q(filters.age_group, today))
    if filters.status in PersonStatus.values:
        qs = qs.filter(viewer_status=filters.status)
    if filters.association_member is not None:
        qs = qs.filter(association_member_since__isnull=not filters.association_member)
    return qs


def looks_like_id(text: str) -> bool:
    """Nine digits or more: a search of ID numbers, not of names."""
    text = text.strip()
    return text.isdigit() and len(text) >= 9


def name_search_q(text: str, *, person: str = "") -> Q:
    """Persons whose name has the words typed, in any order, without diacritics, the last word
    typed possibly unfinished: "thi ha" finds "Nguyễn Thị Hà" and "Lê Thị Hạnh"; "an" finds "An"
    and "Anh", not "Hoàng" (`registry.models.names`). `person` is the path to the person from
    another model ("person"). Nothing typed that is a letter or a digit: no condition."""
    query = name_query(text)
    if query is None:
        return Q()
    prefix = f"{person}__" if person else ""
    return Q(**{f"{prefix}name_folded__words": query})


# A name search answered by the index of words reads its matches and sorts them; ordered by an
# expression no index provides (the same order: `name_folded` is lower case already), the database
# cannot choose the name-ordered walk instead (`registry.search`).
SORTED_MATCHES_ORDER = (Lower("name_folded"), "id")


def person_list(*, viewer, filters: PersonFilters | None = None) -> QuerySet:
    """Persons in name order (a name search may order by an equal expression: `apply_person_filters`)."""
    qs = with_viewer_status(persons_visible_to(viewer), viewer).select_related("commune").order_by("name_folded", "id")
    if filters is not None:
        qs = apply_person_filters(qs, filters, id_search=scope_of(viewer).sees_national_id)
    return qs


# The columns a row of the person list page shows (`registry/person_list.html`): the page reads
# only these, with `viewer_status` and `commune_name`.
PERSON_LIST_PAGE_FIELDS = (
    "full_name", "date_of_birth", "birth_date_approximate", "sex", *TYPE_FIELDS.values(), "level", "status",
)  # fmt: skip


def list_page_columns(qs: QuerySet) -> QuerySet:
    """Persons of `person_list` with the columns of the list page only (the commune's name, not the
    unit): the `shape` of its pages (`person_pages`)."""
    return qs.select_related(None).only(*PERSON_LIST_PAGE_FIELDS).annotate(commune_name=F("commune__name"))


def person_pages(qs: QuerySet, filters: PersonFilters, *, shape=None):
    """What a paginator of a person list pages over: `shape(qs)`, or for a name search `qs` read
    page by page ids first (`registry.paging.IdFirstRows`: on PostgreSQL the walk in name order
    then reads an index alone)."""
    if filters.q and not looks_like_id(filters.q):
        return IdFirstRows(qs, shape=shape)
    return shape(qs) if shape is not None else qs


def person_detail(*, viewer, pk: int) -> Person:
    """The person, or Person.DoesNotExist when outside the scope (callers answer 404)."""
    qs = with_viewer_status(persons_visible_to(viewer), viewer).select_related(
        "commune", "commune__parent", "caregiver_person", "created_by"
    )
    return qs.get(pk=pk)


def person_counts(*, viewer, today: date | None = None) -> dict:
    """Dashboard counts for the viewer's scope, in one query.

    Statistics officers get aggregates too: counts are computed over their communes directly.
    """
    today = today or timezone.localdate()
    scope = scope_of(viewer)
    here = scope.residents_q()
    if scope.sees_persons:
        qs = persons_visible_to(viewer).filter(here)
    else:
        qs = Person.objects.not_deleted().filter(here) if viewer.is_authenticated else Person.objects.none()
    qs = qs.exclude(status=PersonStatus.DECEASED)
    aggregates = {"total": Count("id")}
    for code, field in TYPE_FIELDS.items():
        aggregates[f"type_{code}"] = Count("id", filter=Q(**{field: True}))
    for level in DisabilityLevel.values:
        aggregates[f"level_{level}"] = Count("id", filter=Q(level=level))
    aggregates["level_none"] = Count("id", filter=Q(level=""))
    for sex in Sex.values:
        aggregates[f"sex_{sex}"] = Count("id", filter=Q(sex=sex))
    for group in AgeGroup.values:
        aggregates[f"age_{group}"] = Count("id", filter=age_group_q(group, today))
    aggregates["association_members"] = Count("id", filter=Q(association_member_since__isnull=False))
    row = qs.aggregate(**aggregates)
    return {
        "total": row["total"],
        "by_type": [(code, label, row[f"type_{code}"]) for code, label in _type_labels()],
        "by_level": [(lv.value, lv.label, row[f"level_{lv.value}"]) for lv in DisabilityLevel]
        + [("", "—", row["level_none"])],
        "by_sex": [(s.value, s.label, row[f"sex_{s.value}"]) for s in Sex],
        "by_age_group": [(g.value, g.label, row[f"age_{g.value}"]) for g in AgeGroup],
        "association_members": row["association_members"],
    }


def _type_labels():
    from .models import DisabilityType

    return [(t.value, t.label) for t in DisabilityType]


# Administrative units -----------------------------------------------------------------------
def unit_lookup(text: str, *, level: str = UnitLevel.COMMUNE, current: bool | None = True, parent=None) -> QuerySet:
    """Units matching a code or a name, with or without diacritics or the type prefix."""
    text = (text or "").strip()
    qs = AdminUnit.objects.filter(level=level)
    if current is not None:
        qs = qs.filter(is_current=current)
    if parent is not None:
        qs = qs.filter(parent=parent)
    if text.isdigit():
        width = {UnitLevel.PROVINCE: 2, UnitLevel.DISTRICT: 3, UnitLevel.COMMUNE: 5}[level]
        return qs.filter(code=text.zfill(width))
    return qs.filter(name_folded=fold_unit_name(text))


def unit_search(text: str) -> Q:
    text = (text or "").strip()
    if text.isdigit():
        return Q(code__startswith=text)
    return Q(name_folded__contains=fold_unit_name(text))

"""The provincial statistics export (one XLSX workbook, and a CSV of each sheet). It reads only the
viewer's communes of the plan; the views log it. (The anonymised microdata: `microdata.py`.)

Sheets: indicators by unit; persons by type × level × sex × age group by commune; new certificates;
monthly allowance recipients and amounts by month; cases by domain × status; events, participants
and gifts. For the statistics officer a count from 1 to 4 in a column that counts persons is "<5"
(and the amounts of that row are hidden with it).
"""

import io
import zipfile
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Case as CaseWhen
from django.db.models import CharField, Count, F, IntegerField, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import pgettext

from cases.models import Event, EventKind, EventParticipant, Status
from policies.models import PayrollLine
from policies.models.catalogue import Domain
from registry.models import AdminUnit, Certificate, DisabilityLevel, Person, Sex
from registry.models.persons import TYPE_FIELDS, AgeGroup, DisabilityType
from registry.selectors import years_before
from registry.spreadsheets import csv_text, workbook

from .definition import Population
from .models import Plan
from .presenters import SMALL
from .results import is_small, rounded
from .rollup import Period, case_rows, commune_on, plan_period
from .scoping import communes_in_view, covers_plan, numbers_only
from .selectors import UnitView, plan_figures, plan_indicators


@dataclass
class Sheet:
    slug: str
    title: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    person_columns: set[int] = field(default_factory=set)
    money_columns: set[int] = field(default_factory=set)
    decimal_columns: set[int] = field(default_factory=set)


@dataclass
class Scope:
    plan: Plan
    period: Period
    communes: list[int]
    whole: bool
    names: dict[int, AdminUnit]
    suppress: bool


def export_scope(*, viewer, plan: Plan, as_of: date | None = None) -> Scope:
    communes = communes_in_view(viewer, plan)
    period = plan_period(plan, as_of)
    names = {u.pk: u for u in AdminUnit.objects.filter(pk__in=communes)}
    return Scope(plan, period, communes, covers_plan(viewer, plan), names, numbers_only(viewer))


def _unit(scope: Scope, commune_id) -> tuple[str, str]:
    unit = scope.names.get(commune_id)
    if unit is None:
        if commune_id == scope.plan.province_id:
            return scope.plan.province.code, scope.plan.province.name
        return "", ""
    return unit.code, unit.name


# Sheets ------------------------------------------------------------------------------------------
def indicators_sheet(scope: Scope) -> Sheet:
    sheet = Sheet(
        "indicators", _("Indicators by unit"),
        [_("Unit code"), _("Unit"), _("Indicator code"), _("Indicator"), _("Numerator"), _("Denominator"),
         _("Value"), _("Target"), _("Percent of target")],
        decimal_columns={6, 7, 8},
    )  # fmt: skip
    plan = scope.plan
    indicators = plan_indicators(plan)
    view = (
        UnitView("province", plan.province, scope.communes) if scope.whole else UnitView("area", None, scope.communes)
    )
    figures = plan_figures(plan, indicators, view, as_of=scope.period.end, communes_of={i.pk for i in indicators})
    total_label = plan.province.name if scope.whole else _("Your communes")
    for indicator in indicators:
        rows = [(plan.province.code if scope.whole else "", total_label, figures.totals[indicator.pk])]
        by_commune = figures.by_commune.get(indicator.pk, {})
        for commune_id in sorted(by_commune, key=lambda c: _unit(scope, c)[0]):
            rows.append((*_unit(scope, commune_id), by_commune[commune_id]))
        for code, name, result in rows:
            line = [code, name, indicator.code, indicator.name, result.numerator, result.denominator,
                    rounded(result.value, Decimal("0.01")), result.target, rounded(result.percent_of_target, Decimal("0.01"))]  # fmt: skip
            if (
                scope.suppress
                and indicator.describes_persons
                and (is_small(result.numerator) or is_small(result.denominator))
            ):
                line[4] = SMALL if is_small(result.numerator) else result.numerator
                line[5] = SMALL if is_small(result.denominator) else result.denominator
                line[6] = line[8] = ""
            sheet.rows.append(line)
    return sheet


def persons_sheet(scope: Scope) -> Sheet:
    """Living persons of the register on the reference date, by commune (where they lived that
    day), level, sex and age group; one column per type (a person may have several) and the total."""
    day = scope.period.end
    born_16, born_60 = years_before(day, 16), years_before(day, 60)
    group = CaseWhen(
        When(date_of_birth__gt=born_16, then=Value(AgeGroup.CHILD.value)),
        When(date_of_birth__gt=born_60, then=Value(AgeGroup.ADULT.value)),
        default=Value(AgeGroup.ELDERLY.value), output_field=CharField(),
    )  # fmt: skip
    qs = (
        Person.objects.filter(deleted_at__isnull=True, date_of_birth__lte=day)
        .exclude(status="deceased", died_on__lte=day)
        .annotate(_c=commune_on("pk", "commune_id", day), _g=group)
        .filter(_c__in=scope.communes)
    )
    aggregates = {f"t_{code}": Sum(CaseWhen(When(**{f: True}, then=1), default=0, output_field=IntegerField()))
                  for code, f in TYPE_FIELDS.items()}  # fmt: skip
    aggregates["total"] = Count("pk")
    rows = qs.values("_c", "level", "sex", "_g").annotate(**aggregates).order_by()
    types = list(DisabilityType)
    sheet = Sheet(
        "persons", _("Persons by type, level, sex, age"),
        [_("Commune code"), _("Commune"), _("Level"), _("Sex"), _("Age group"), *[str(t.label) for t in types], pgettext("count", "Persons")],
    )  # fmt: skip
    sheet.person_columns = set(range(5, 5 + len(types) + 1))
    levels = dict(DisabilityLevel.choices)
    sexes = dict(Sex.choices)
    groups = dict(AgeGroup.choices)
    data = sorted(rows, key=lambda r: (_unit(scope, r["_c"])[0], r["level"], r["sex"], r["_g"]))
    for r in data:
        sheet.rows.append([
            *_unit(scope, r["_c"]), str(levels.get(r["level"], "—")), str(sexes.get(r["sex"], r["sex"])),
            str(groups.get(r["_g"], r["_g"])), *[r[f"t_{t.value}"] for t in types], r["total"],
        ])  # fmt: skip
    return sheet


def certificates_sheet(scope: Scope) -> Sheet:
    qs = (
        Certificate.objects.filter(
            person__deleted_at__isnull=True, issued_on__gte=scope.period.start, issued_on__lte=scope.period.end,
            issuing_commune_id__in=scope.communes,
        )
        .annotate(_level=Coalesce(F("determination__level"), F("person__level")))
        .values("issuing_commune_id", "_level")
        .annotate(n=Count("pk"), persons=Count("person_id", distinct=True))
        .order_by()
    )  # fmt: skip
    sheet = Sheet("certificates", _("New certificates"),
                  [_("Commune code"), _("Commune"), _("Level"), _("Certificates"), pgettext("count", "Persons")], person_columns={3, 4})  # fmt: skip
    levels = dict(DisabilityLevel.choices)
    for r in sorted(qs, key=lambda r: (_unit(scope, r["issuing_commune_id"])[0], r["_level"] or "")):
        sheet.rows.append(
            [*_unit(scope, r["issuing_commune_id"]), str(levels.get(r["_level"], "—")), r["n"], r["persons"]]
        )
    return sheet


def allowance_sheet(scope: Scope) -> Sheet:
    """Monthly allowance paid by approved payrolls of the period's months: recipients and amounts."""
    start = scope.period.start.replace(day=1)
    qs = (
        PayrollLine.objects.filter(
            payroll__status="approved", payroll__month__gte=start, payroll__month__lte=scope.period.end,
            payroll__commune_id__in=scope.communes, policy__code="monthly_allowance",
        )
        .values("payroll__month", "payroll__commune_id")
        .annotate(persons=Count("person_id", distinct=True), amount=Sum("amount"))
        .order_by()
    )  # fmt: skip
    sheet = Sheet("allowance", _("Monthly allowance by month"),
                  [_("Month"), _("Commune code"), _("Commune"), _("Recipients"), _("Amount (đồng)")],
                  person_columns={3}, money_columns={4})  # fmt: skip
    for r in sorted(qs, key=lambda r: (r["payroll__month"], _unit(scope, r["payroll__commune_id"])[0])):
        sheet.rows.append(
            [
                r["payroll__month"].strftime("%m/%Y"),
                *_unit(scope, r["payroll__commune_id"]),
                r["persons"],
                r["amount"] or 0,
            ]
        )
    return sheet


def cases_sheet(scope: Scope) -> Sheet:
    """Cases requested in the period by the commune of the person on the request date."""
    rows = (
        case_rows(Population(source="cases", date_field="requested"), scope.period)
        .filter(_c__in=scope.communes)
        .values("_c", "domain", "status")
        .annotate(
            n=Count("pk"), persons=Count("person_id", distinct=True), amount=Sum("amount"), in_kind=Sum("in_kind_value")
        )
        .order_by()
    )
    sheet = Sheet("cases", _("Cases by domain and status"),
                  [_("Commune code"), _("Commune"), _("Domain"), _("Status"), pgettext("count", "Cases"), pgettext("count", "Persons"),
                   _("Amount (đồng)"), _("In-kind value (đồng)")],
                  person_columns={4, 5}, money_columns={6, 7})  # fmt: skip
    domains, statuses = dict(Domain.choices), dict(Status.choices)
    for r in sorted(rows, key=lambda r: (_unit(scope, r["_c"])[0], r["domain"], r["status"])):
        sheet.rows.append([*_unit(scope, r["_c"]), str(domains.get(r["domain"], r["domain"])),
                           str(statuses.get(r["status"], r["status"])), r["n"], r["persons"], r["amount"] or 0, r["in_kind"] or 0])  # fmt: skip
    return sheet


def events_sheet(scope: Scope) -> Sheet:
    units = list(scope.communes) + ([scope.plan.province_id] if scope.whole and scope.plan.province.is_current else [])
    events = Event.objects.filter(held_on__gte=scope.period.start, held_on__lte=scope.period.end, unit_id__in=units)
    rows = {
        (r["unit_id"], r["kind"]): r
        for r in events.values("unit_id", "kind").annotate(
            n=Count("pk"), others=Sum("other_participants"), gifts=Sum("gifts_count"),
            gifts_value=Sum(F("gifts_count") * F("gift_value")), funding=Sum("funding_amount"),
        ).order_by()
    }  # fmt: skip
    registered = {
        (r["event__unit_id"], r["event__kind"]): r["n"]
        for r in EventParticipant.objects.filter(event__in=events, person__deleted_at__isnull=True)
        .values("event__unit_id", "event__kind").annotate(n=Count("pk")).order_by()
    }  # fmt: skip
    sheet = Sheet("events", _("Events, participants, gifts"),
                  [_("Unit code"), _("Unit"), _("Kind"), pgettext("count", "Events"), _("Registered participants"),
                   _("Other participants"), pgettext("count", "Gifts"), _("Value of gifts (đồng)"), _("Funding (đồng)")],
                  person_columns={4, 5}, money_columns={7, 8})  # fmt: skip
    kinds = dict(EventKind.choices)
    for key in sorted(rows, key=lambda k: (_unit(scope, k[0])[0], k[1])):
        r = rows[key]
        sheet.rows.append([*_unit(scope, key[0]), str(kinds.get(key[1], key[1])), r["n"], registered.get(key, 0),
                           r["others"] or 0, r["gifts"] or 0, r["gifts_value"] or 0, r["funding"] or 0])  # fmt: skip
    return sheet


SHEETS = (indicators_sheet, persons_sheet, certificates_sheet, allowance_sheet, cases_sheet, events_sheet)
# (slug, title) of each sheet, for the export page.
SHEET_LIST = [
    ("indicators", _lazy("Indicators by unit")),
    ("persons", _lazy("Persons by type, level, sex, age")),
    ("certificates", _lazy("New certificates")),
    ("allowance", _lazy("Monthly allowance by month")),
    ("cases", _lazy("Cases by domain and status")),
    ("events", _lazy("Events, participants, gifts")),
]


def _suppress(sheet: Sheet) -> None:
    for row in sheet.rows:
        hidden = False
        for index in sheet.person_columns:
            if isinstance(row[index], int) and is_small(row[index]):
                row[index] = SMALL
                hidden = True
        if hidden:
            for index in sheet.money_columns:
                row[index] = ""


def statistics_sheets(*, viewer, plan: Plan, as_of: date | None = None) -> tuple[Scope, list[Sheet]]:
    scope = export_scope(viewer=viewer, plan=plan, as_of=as_of)
    sheets = [build(scope) for build in SHEETS]
    if scope.suppress:
        for sheet in sheets[1:]:
            _suppress(sheet)
    return scope, sheets


def sheet_by_slug(sheets: list[Sheet], slug: str) -> Sheet | None:
    return next((s for s in sheets if s.slug == slug), None)


def sheet_or_error(sheets: list[Sheet], slug: str) -> Sheet:
    sheet = sheet_by_slug(sheets, slug)
    if sheet is None:
        from registry.errors import FieldError

        raise FieldError(
            "sheet", _("Unknown sheet: choose one of %(sheets)s.") % {"sheets": ", ".join(s.slug for s in sheets)}
        )
    return sheet


# Files ---------------------------------------------------------------------------------------------
def _cell(value):
    if isinstance(value, Decimal):
        return float(value)
    if value is None:
        return ""
    return value


def workbook_bytes(scope: Scope, sheets: list[Sheet]) -> bytes:
    out = io.BytesIO()
    book = workbook(out, in_memory=True)
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#F3F6F9", "border": 1})
    title = book.add_format({"bold": True, "font_size": 13})
    number = book.add_format({"num_format": "#,##0"})
    decimal = book.add_format({"num_format": "#,##0.00"})
    plan = scope.plan
    heading = f"{plan.document_number} — {plan.title}".strip(" —")
    period = _("Period %(start)s – %(end)s") % {"start": scope.period.start.strftime("%d/%m/%Y"),
                                                 "end": scope.period.end.strftime("%d/%m/%Y")}  # fmt: skip
    for sheet in sheets:
        ws = book.add_worksheet(sheet.title[:31])
        ws.write(0, 0, heading, title)
        ws.write(1, 0, period)
        if scope.suppress:
            ws.write(2, 0, _("Counts of persons from 1 to 4 are shown as <5."))
        for col, header in enumerate(sheet.headers):
            ws.write(3, col, header, bold)
            ws.set_column(col, col, max(12, min(len(header) + 2, 40)))
        for r, row in enumerate(sheet.rows, start=4):
            for c, value in enumerate(row):
                value = _cell(value)
                if isinstance(value, int | float) and not isinstance(value, bool):
                    ws.write_number(r, c, value, decimal if c in sheet.decimal_columns else number)
                else:
                    ws.write_string(r, c, str(value))
        ws.freeze_panes(4, 0)
        if sheet.rows:
            ws.autofilter(3, 0, 3 + len(sheet.rows), len(sheet.headers) - 1)
    book.close()
    return out.getvalue()


def sheet_csv(sheet: Sheet) -> str:
    return csv_text(sheet.headers, sheet.rows)


def csv_zip(sheets: list[Sheet]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, sheet in enumerate(sheets, start=1):
            archive.writestr(f"{index:02d}-{sheet.slug}.csv", sheet_csv(sheet).encode("utf-8"))
    return out.getvalue()

"""Forms of the plan pages. They parse input; the services decide. The indicator form turns its
fields into the definition JSON (`definition.py`) so a provincial officer edits definitions
without writing any code, and puts the service's messages back on the right fields."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.models import CaseKind, EventKind, FundingSource, Status
from policies.models import Policy
from policies.models.catalogue import Domain
from registry.forms import add_service_errors, date_field
from registry.models import AdminUnit, DisabilityLevel, DisabilityType, Sex

from .definition import AMOUNT_FIELDS, DATE_FIELDS
from .models import Agency, AgencyKind, Indicator, Measure, Plan

MEASURE_CHOICES = Measure.choices
SOURCE_CHOICES = [
    ("cases", _("Support cases")),
    ("events", _("Participation in events")),
    ("benefits", _("Benefits being paid (monthly cash)")),
    ("certificates", _("Certificates issued")),
    ("registry", _("The register (persons living in the unit)")),
]
DATE_FIELD_CHOICES = [
    ("requested", _("Request date (cases)")),
    ("approved", _("Approval date (cases)")),
    ("completed", _("Completion date (cases)")),
    ("held", _("Event date")),
    ("paid", _("Months paid (benefits)")),
    ("issued", _("Issue date (certificates)")),
    ("reference", _("Reference date (register)")),
]
AMOUNT_CHOICES = [
    ("case_amount", _("Amount of the cases")),
    ("case_in_kind_value", _("In-kind value of the cases")),
    ("event_funding", _("Funding of the events")),
    ("event_gifts_value", _("Value of the gifts at events")),
]
TRISTATE = [("", _("Either")), ("yes", _("Yes")), ("no", _("No"))]
PERSON_STATUS_CHOICES = [
    ("active", _("Alive on the reference date")),
    ("deceased", _("Deceased by the reference date")),
]


def _multi(label, choices, help_text=None):
    return forms.MultipleChoiceField(
        label=label, choices=choices, required=False, widget=forms.CheckboxSelectMultiple, help_text=help_text
    )


def _tristate(value: str):
    return {"yes": True, "no": False}.get(value)


def _tristate_initial(value) -> str:
    return {True: "yes", False: "no"}.get(value, "")


def _bound(args, kwargs) -> bool:
    return (args[0] if args else kwargs.get("data")) is not None


def _policy_choices():
    return [(p.code, p.name) for p in Policy.objects.order_by("sort_order", "code")]


# Plans ---------------------------------------------------------------------------------------------
class PlanForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=pgettext_lazy("plan", "Title"), max_length=300)
    document_number = forms.CharField(label=_("Document number"), max_length=60, required=False,
                                      help_text=_("For example 785/KH-UBND."))  # fmt: skip
    document_date = date_field(_("Document date"))
    issuing_body = forms.CharField(
        label=_("Issuing body"), max_length=200, help_text=_("For example UBND tỉnh Quảng Nam.")
    )
    province = forms.ModelChoiceField(label=_("Province"), queryset=AdminUnit.objects.none())
    lead_agency = forms.ModelChoiceField(label=_("Lead agency"), queryset=Agency.objects.none())
    cooperating_agencies = forms.ModelMultipleChoiceField(
        label=_("Cooperating agencies"), queryset=Agency.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Each of them sends its own plan and an annual report."),
    )  # fmt: skip
    period_start = date_field(_("Period from"), help_text=_("Empty: 1 January of the year."))
    period_end = date_field(_("Period to"), help_text=_("Empty: 31 December of the year."))
    agency_plans_due = date_field(_("Agency plans due"), help_text=_("Empty: 10 March of the year."))
    reports_due = date_field(_("Annual reports due"), help_text=_("Empty: 15 November of the year."))
    objectives = forms.CharField(label=_("Objectives"), widget=forms.Textarea, required=False)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea, required=False)

    def __init__(self, *args, provinces, plan: Plan | None = None, **kwargs):
        if plan is not None and not kwargs.get("initial") and not _bound(args, kwargs):
            kwargs["initial"] = {
                **{f: getattr(plan, f) for f in (
                    "year", "title", "document_number", "document_date", "issuing_body", "province", "lead_agency",
                    "period_start", "period_end", "agency_plans_due", "reports_due", "objectives", "notes",
                )},
                "cooperating_agencies": list(plan.cooperating_agencies.all()),
            }  # fmt: skip
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces
        agencies = Agency.objects.filter(province__in=provinces).select_related("province").order_by("kind", "name")
        if plan is not None:
            self.fields["province"].disabled = True
        self.fields["lead_agency"].queryset = agencies
        self.fields["cooperating_agencies"].queryset = agencies

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("cooperating_agencies")
        if self.fields["province"].disabled:
            data.pop("province")
        return data


# Indicators ----------------------------------------------------------------------------------------
class IndicatorForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=40, help_text=_("Short, without spaces: health_access."))
    name = forms.CharField(label=_("Name"), max_length=300)
    domain = forms.ChoiceField(label=_("Domain"), choices=[("", "—"), *Domain.choices], required=False)
    unit_label = forms.CharField(
        label=_("Unit"), max_length=40, required=False, help_text=_("For example: người, lượt, đồng.")
    )
    sort_order = forms.IntegerField(label=_("Order"), min_value=0, max_value=32000, initial=100)
    measure = forms.ChoiceField(label=_("What is counted"), choices=MEASURE_CHOICES)
    source = forms.ChoiceField(label=_("Persons from"), choices=[("", "—"), *SOURCE_CHOICES], required=False,
                               help_text=_("Only when distinct persons are counted."))  # fmt: skip
    date_field = forms.ChoiceField(
        label=_("Date that falls in the period"), choices=[("", "—"), *DATE_FIELD_CHOICES], required=False
    )
    amount_fields = _multi(_("Amounts summed"), AMOUNT_CHOICES)
    case_domains = _multi(_("Case domains"), Domain.choices)
    case_support_types = _multi(_("Support types"), [])
    case_statuses = _multi(_("Case statuses"), Status.choices)
    case_funding_sources = _multi(_("Case funding sources"), FundingSource.choices)
    case_kinds = _multi(_("Case types"), CaseKind.choices)
    event_kinds = _multi(_("Event kinds"), EventKind.choices)
    event_funding_sources = _multi(_("Event funding sources"), FundingSource.choices)
    benefit_policies = _multi(_("Benefits"), [])
    age_min = forms.IntegerField(label=_("Age from"), min_value=0, max_value=130, required=False)
    age_max = forms.IntegerField(label=_("Age to"), min_value=0, max_value=130, required=False)
    sexes = _multi(_("Sex"), Sex.choices)
    types = _multi(_("Disability types"), DisabilityType.choices, help_text=_("Any of the types chosen."))
    levels = _multi(_("Disability levels"), DisabilityLevel.choices)
    association_member = forms.ChoiceField(label=_("Association member"), choices=TRISTATE, required=False)
    person_statuses = _multi(_("Status"), PERSON_STATUS_CHOICES)
    certified = forms.ChoiceField(label=_("Holds a certificate in force"), choices=TRISTATE, required=False)
    den_source = forms.ChoiceField(
        label=_("Denominator population"), choices=[("", _("None: a count")), *SOURCE_CHOICES], required=False,
        help_text=_("With a denominator the indicator is a percentage."),
    )  # fmt: skip
    den_date_field = forms.ChoiceField(
        label=_("Date of the denominator"), choices=[("", "—"), *DATE_FIELD_CHOICES], required=False
    )
    den_case_domains = _multi(_("Case domains"), Domain.choices)
    den_case_support_types = _multi(_("Support types"), [])
    den_case_statuses = _multi(_("Case statuses"), Status.choices)
    den_benefit_policies = _multi(_("Benefits"), [])
    den_age_min = forms.IntegerField(label=_("Age from"), min_value=0, max_value=130, required=False)
    den_age_max = forms.IntegerField(label=_("Age to"), min_value=0, max_value=130, required=False)
    den_sexes = _multi(_("Sex"), Sex.choices)
    den_types = _multi(_("Disability types"), DisabilityType.choices)
    den_levels = _multi(_("Disability levels"), DisabilityLevel.choices)
    den_association_member = forms.ChoiceField(label=_("Association member"), choices=TRISTATE, required=False)
    den_person_statuses = _multi(_("Status"), PERSON_STATUS_CHOICES)
    den_certified = forms.ChoiceField(label=_("Holds a certificate in force"), choices=TRISTATE, required=False)
    target = forms.DecimalField(label=_("Target for the province"), min_value=0, max_digits=18, decimal_places=2,
                                required=False, help_text=_("A number, or a percentage when there is a denominator."))  # fmt: skip
    target_source = forms.CharField(label=_("Source of the target"), max_length=300, required=False)
    target_is_illustrative = forms.BooleanField(
        label=_("Illustrative target (the plan gives no number)"), required=False
    )
    lead_agency = forms.ModelChoiceField(label=_("Responsible agency"), queryset=Agency.objects.none(), required=False)
    cooperating_agencies = forms.ModelMultipleChoiceField(
        label=_("Cooperating agencies"),
        queryset=Agency.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea, required=False)

    GROUPS = {
        "about": ("code", "name", "domain", "unit_label", "sort_order"),
        "what": ("measure", "source", "date_field", "amount_fields"),
        "cases": ("case_domains", "case_support_types", "case_statuses", "case_funding_sources", "case_kinds"),
        "events": ("event_kinds", "event_funding_sources"),
        "benefits": ("benefit_policies",),
        "persons": ("age_min", "age_max", "sexes", "types", "levels", "association_member", "person_statuses", "certified"),
        "denominator": (
            "den_source", "den_date_field", "den_case_domains", "den_case_support_types", "den_case_statuses",
            "den_benefit_policies", "den_age_min", "den_age_max", "den_sexes", "den_types", "den_levels",
            "den_association_member", "den_person_statuses", "den_certified",
        ),
        "target": ("target", "target_source", "target_is_illustrative", "lead_agency", "cooperating_agencies", "notes"),
    }  # fmt: skip
    # Service error keys (definition paths) → form fields.
    ERROR_FIELDS = {
        "definition": "measure", "definition.measure": "measure", "definition.source": "source",
        "definition.date_field": "date_field", "definition.amount_fields": "amount_fields",
        "definition.cases": "case_domains", "definition.events": "event_kinds", "definition.benefits": "benefit_policies",
        "definition.persons": "age_min", "definition.denominator": "den_source",
        "definition.denominator.source": "den_source", "definition.denominator.date_field": "den_date_field",
    }  # fmt: skip
    SECTION_FIELDS = {
        "cases.domains": "case_domains", "cases.support_types": "case_support_types", "cases.statuses": "case_statuses",
        "cases.funding_sources": "case_funding_sources", "cases.kinds": "case_kinds", "events.kinds": "event_kinds",
        "events.funding_sources": "event_funding_sources", "benefits.policies": "benefit_policies",
        "persons.age_min": "age_min", "persons.age_max": "age_max", "persons.sexes": "sexes", "persons.types": "types",
        "persons.levels": "levels", "persons.association_member": "association_member",
        "persons.statuses": "person_statuses", "persons.certified": "certified",
    }  # fmt: skip

    def __init__(self, *args, plan: Plan, indicator: Indicator | None = None, **kwargs):
        if indicator is not None and not _bound(args, kwargs):
            kwargs.setdefault("initial", self.initial_from(indicator))
        super().__init__(*args, **kwargs)
        policies = _policy_choices()
        for name in ("case_support_types", "den_case_support_types", "benefit_policies", "den_benefit_policies"):
            self.fields[name].choices = policies
        agencies = Agency.objects.filter(
            pk__in=[plan.lead_agency_id, *plan.cooperating_agencies.values_list("id", flat=True)]
        )
        self.fields["lead_agency"].queryset = agencies.order_by("name")
        self.fields["cooperating_agencies"].queryset = agencies.order_by("name")

    @property
    def groups(self) -> dict[str, list]:
        """The bound fields of each fieldset of the page, by group name."""
        return {name: [self[field] for field in fields] for name, fields in self.GROUPS.items()}

    @classmethod
    def initial_from(cls, indicator: Indicator) -> dict:
        d = indicator.definition or {}
        den = d.get("denominator") or {}
        out = {
            "code": indicator.code, "name": indicator.name, "domain": indicator.domain, "unit_label": indicator.unit_label,
            "sort_order": indicator.sort_order, "measure": d.get("measure"),
            "source": d.get("source") if d.get("measure") == "persons" else "", "date_field": d.get("date_field", ""),
            "amount_fields": d.get("amount_fields", []), "target": indicator.target,
            "target_source": indicator.target_source, "target_is_illustrative": indicator.target_is_illustrative,
            "lead_agency": indicator.lead_agency, "cooperating_agencies": list(indicator.cooperating_agencies.all()),
            "notes": indicator.notes, "den_source": den.get("source", ""), "den_date_field": den.get("date_field", ""),
        }  # fmt: skip
        for prefix, pop in (("", d), ("den_", den)):
            cases, events, benefits, persons = (pop.get(k) or {} for k in ("cases", "events", "benefits", "persons"))
            out.update({
                f"{prefix}case_domains": cases.get("domains", []), f"{prefix}case_support_types": cases.get("support_types", []),
                f"{prefix}case_statuses": cases.get("statuses", []), f"{prefix}benefit_policies": benefits.get("policies", []),
                f"{prefix}age_min": persons.get("age_min"), f"{prefix}age_max": persons.get("age_max"),
                f"{prefix}sexes": persons.get("sexes", []), f"{prefix}types": persons.get("types", []),
                f"{prefix}levels": persons.get("levels", []),
                f"{prefix}association_member": _tristate_initial(persons.get("association_member")),
                f"{prefix}person_statuses": persons.get("statuses", []),
                f"{prefix}certified": _tristate_initial(persons.get("certified")),
            })  # fmt: skip
            if not prefix:
                out.update({
                    "case_funding_sources": cases.get("funding_sources", []), "case_kinds": cases.get("kinds", []),
                    "event_kinds": events.get("kinds", []), "event_funding_sources": events.get("funding_sources", []),
                })  # fmt: skip
        return out

    def _persons(self, prefix: str) -> dict:
        c = self.cleaned_data
        return {
            "age_min": c.get(f"{prefix}age_min"), "age_max": c.get(f"{prefix}age_max"), "sexes": c.get(f"{prefix}sexes"),
            "types": c.get(f"{prefix}types"), "levels": c.get(f"{prefix}levels"),
            "association_member": _tristate(c.get(f"{prefix}association_member", "")),
            "statuses": c.get(f"{prefix}person_statuses"), "certified": _tristate(c.get(f"{prefix}certified", "")),
        }  # fmt: skip

    def definition(self) -> dict:
        """The definition JSON the fields describe; filters that do not apply are left out."""
        c = self.cleaned_data
        measure = c["measure"]
        out: dict = {"measure": measure}
        cases = {
            "domains": c.get("case_domains"), "support_types": c.get("case_support_types"),
            "statuses": c.get("case_statuses"), "funding_sources": c.get("case_funding_sources"), "kinds": c.get("case_kinds"),
        }  # fmt: skip
        events = {"kinds": c.get("event_kinds"), "funding_sources": c.get("event_funding_sources")}
        persons = self._persons("")
        if measure == "persons":
            out["source"] = c.get("source") or ""
        source = out.get("source") or {"cases": "cases", "amount": "cases"}.get(measure, "events")
        if c.get("date_field") and c["date_field"] in DATE_FIELDS.get(source, ()):
            out["date_field"] = c["date_field"]
        elif c.get("date_field") and measure in ("persons", "cases"):
            out["date_field"] = c["date_field"]  # the service names the mismatch
        if measure == "amount":
            out["amount_fields"] = [f for f in c.get("amount_fields") or [] if f in AMOUNT_FIELDS]
        if source == "cases" and measure in ("persons", "cases", "amount"):
            out["cases"] = cases
        if (
            measure in ("events", "event_participants", "gifts")
            or source == "events"
            or (measure == "amount" and any(f.startswith("event_") for f in out.get("amount_fields", [])))
        ):
            out["events"] = events
        if source == "benefits":
            out["benefits"] = {"policies": c.get("benefit_policies")}
        if measure not in ("events", "event_participants", "gifts") and any(
            v not in (None, [], "") for v in persons.values()
        ):
            out["persons"] = persons
        den_source = c.get("den_source")
        if den_source:
            den: dict = {"source": den_source, "persons": self._persons("den_")}
            if c.get("den_date_field"):
                den["date_field"] = c["den_date_field"]
            if den_source == "cases":
                den["cases"] = {"domains": c.get("den_case_domains"), "support_types": c.get("den_case_support_types"),
                                "statuses": c.get("den_case_statuses")}  # fmt: skip
            if den_source == "benefits":
                den["benefits"] = {"policies": c.get("den_benefit_policies")}
            out["denominator"] = den
        return _compact(out)

    def service_data(self) -> dict:
        c = self.cleaned_data
        return {
            "code": c["code"], "name": c["name"], "domain": c.get("domain") or "", "unit_label": c.get("unit_label") or "",
            "sort_order": c.get("sort_order") if c.get("sort_order") is not None else 100,
            "definition": self.definition(), "target": c.get("target"), "target_source": c.get("target_source") or "",
            "target_is_illustrative": bool(c.get("target_is_illustrative")), "lead_agency": c.get("lead_agency"),
            "notes": c.get("notes") or "",
        }  # fmt: skip

    def add_service_errors(self, errors: dict[str, list[str]]) -> None:
        mapped: dict[str, list[str]] = {}
        for key, messages in errors.items():
            target = self.ERROR_FIELDS.get(key)
            if target is None and key.startswith("definition.denominator."):
                target = "den_" + self.SECTION_FIELDS.get(key.removeprefix("definition.denominator."), "source")
            elif target is None and key.startswith("definition."):
                target = self.SECTION_FIELDS.get(key.removeprefix("definition."))
            mapped.setdefault(target or key, []).extend(messages)
        add_service_errors(self, mapped)


def _compact(value):
    """Drop empty lists, empty strings and None from nested filter objects."""
    if isinstance(value, dict):
        out = {k: _compact(v) for k, v in value.items()}
        return {k: v for k, v in out.items() if v not in (None, "", [], {}) or k == "source"}
    return value


class TargetsForm(forms.Form):
    """One target field per commune of the plan."""

    def __init__(self, *args, communes, targets: dict[int, object], percentage: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.communes = list(communes)
        for commune in self.communes:
            self.fields[f"target_{commune.pk}"] = forms.DecimalField(
                label=commune.name, required=False, min_value=0, max_digits=18, decimal_places=2,
                initial=targets.get(commune.pk), help_text=_("%") if percentage else None,
            )  # fmt: skip

    def targets(self) -> dict[int, object]:
        return {commune.pk: self.cleaned_data.get(f"target_{commune.pk}") for commune in self.communes}


# Reports and agency plans -------------------------------------------------------------------------
class ReportCreateForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies]).order_by("name")


class ReportForm(forms.Form):
    summary = forms.CharField(label=_("General assessment"), widget=forms.Textarea, required=False)

    def __init__(self, *args, indicators, narratives: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.indicators = list(indicators)
        for indicator in self.indicators:
            self.fields[f"narrative_{indicator.pk}"] = forms.CharField(
                label=f"{indicator.code} · {indicator.name}", widget=forms.Textarea(attrs={"rows": 3}), required=False,
                initial=narratives.get(indicator.pk, ""),
            )  # fmt: skip

    def narratives(self) -> dict[int, str]:
        return {i.pk: self.cleaned_data.get(f"narrative_{i.pk}", "") for i in self.indicators}


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Reason for returning"), widget=forms.Textarea, max_length=2000)


class AgencyPlanForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    received_on = date_field(_("Received on"), required=True)
    document_number = forms.CharField(label=_("Document number"), max_length=60, required=False)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea, required=False)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(pk__in=[a.pk for a in agencies]).order_by("name")


class AgencyForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=60)
    name = forms.CharField(label=_("Name"), max_length=200)
    short_name = forms.CharField(label=_("Short name"), max_length=60, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=AgencyKind.choices)
    province = forms.ModelChoiceField(label=_("Province"), queryset=AdminUnit.objects.none())
    unit = forms.CharField(label=_("Commune or district code"), max_length=5, required=False,
                           help_text=_("For a People's Committee: the code of its commune (or pre-2025 district)."))  # fmt: skip
    active_from = date_field(_("Active from"))
    active_until = date_field(_("Active until"))
    replaced_by = forms.ModelChoiceField(label=_("Replaced by"), queryset=Agency.objects.none(), required=False)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea, required=False)

    def __init__(self, *args, provinces, agency: Agency | None = None, **kwargs):
        if agency is not None and not _bound(args, kwargs):
            kwargs["initial"] = {
                **{f: getattr(agency, f) for f in ("code", "name", "short_name", "kind", "province", "active_from",
                                                   "active_until", "replaced_by", "notes")},
                "unit": agency.unit.code if agency.unit_id else "",
            }  # fmt: skip
        super().__init__(*args, **kwargs)
        self.fields["province"].queryset = provinces
        others = Agency.objects.filter(province__in=provinces)
        if agency is not None:
            others = others.exclude(pk=agency.pk)
        self.fields["replaced_by"].queryset = others.order_by("name")

    def clean_unit(self):
        code = (self.cleaned_data.get("unit") or "").strip()
        if not code:
            return None
        unit = (
            AdminUnit.objects.filter(code=code, level__in=["commune", "district"]).order_by("-is_current", "id").first()
        )
        if unit is None:
            raise forms.ValidationError(_("There is no commune or district with this code."))
        return unit


class DashboardForm(forms.Form):
    """The unit and the reference date of the dashboard (a GET form)."""

    unit = forms.ChoiceField(label=_("Unit"), required=False)
    as_of = date_field(_("Figures as of"), help_text=_("Empty: today, or the end of the plan's year."))
    indicator = forms.ChoiceField(label=_("Indicator shown by commune and by month"), required=False)

    def __init__(self, *args, units: list[tuple[str, str]], indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = units
        self.fields["indicator"].choices = [(i.code, f"{i.code} · {i.name}") for i in indicators]

    def clean_as_of(self) -> date | None:
        return self.cleaned_data.get("as_of")

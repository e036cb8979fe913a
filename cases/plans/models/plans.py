from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from policies.models.catalogue import Domain

# The seed plan's default deadlines (domain.md §1): agencies send their own plans before 10 March and
# their annual results before 15 November. Only defaults: every plan stores its own dates.
DEFAULT_AGENCY_PLANS_DUE = (3, 10)
DEFAULT_REPORTS_DUE = (11, 15)


def default_agency_plans_due(year: int) -> date:
    return date(year, *DEFAULT_AGENCY_PLANS_DUE)


def default_reports_due(year: int) -> date:
    return date(year, *DEFAULT_REPORTS_DUE)


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")
    CLOSED = "closed", _("Closed")


class Plan(models.Model):
    """A province's annual plan on disability work (kế hoạch), e.g. 785/KH-UBND of 16/02/2023.

    Its territory is the province's current communes; for a pre-2025 province (Quảng Nam, 49) the
    current communes that succeeded its communes. The status changes only through the transitions
    in `services.plans`.
    """

    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=300)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    issuing_body = models.CharField(_("issuing body"), max_length=200)
    province = models.ForeignKey(
        "registry.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("province"),
        limit_choices_to={"level": "province"},
    )  # fmt: skip
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    lead_agency = models.ForeignKey(
        "plans.Agency", on_delete=models.PROTECT, related_name="led_plans", verbose_name=_("lead agency")
    )
    cooperating_agencies = models.ManyToManyField(
        "plans.Agency", blank=True, related_name="cooperating_plans", verbose_name=_("cooperating agencies"),
        help_text=_("Agencies and communes that send their own plan and an annual report."),
    )  # fmt: skip
    agency_plans_due = models.DateField(_("agency plans due"))
    reports_due = models.DateField(_("annual reports due"))
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    objectives = models.TextField(_("objectives"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    issued_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-year", "province__code", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(period_start__lte=F("period_end")), name="plan_period_in_order"),
            models.CheckConstraint(condition=Q(agency_plans_due__lte=F("reports_due")), name="plan_deadlines_in_order"),
            models.UniqueConstraint(
                fields=["province", "document_number"],
                condition=~Q(document_number=""),
                name="plan_unique_document_number",
            ),  # fmt: skip
        ]

    def __str__(self) -> str:
        return f"{self.document_number} {self.title}".strip()


class Measure(models.TextChoices):
    PERSONS = "persons", _("Distinct persons")
    CASES = "cases", _("Support cases")
    EVENTS = "events", _("Events")
    EVENT_PARTICIPANTS = "event_participants", _("Event participants")
    GIFTS = "gifts", _("Gifts")
    AMOUNT = "amount", _("Sum of amounts (đồng)")


# Counts that describe persons: the statistics officer sees 1–4 in them as "<5".
PERSON_MEASURES = frozenset({Measure.PERSONS, Measure.CASES, Measure.EVENT_PARTICIPANTS})


class Indicator(models.Model):
    """A plan's indicator (chỉ tiêu): what is counted is data (`definition`, see `definition.py`),
    edited by a provincial officer without code. With a denominator it is a percentage."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators", verbose_name=_("plan"))
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=300)
    domain = models.CharField(_("domain"), max_length=32, choices=Domain.choices, blank=True)
    unit_label = models.CharField(_("unit"), max_length=40, blank=True)
    definition = models.JSONField(_("definition"), default=dict)
    measure = models.CharField(_("what is counted"), max_length=24, choices=Measure.choices, editable=False)
    is_percentage = models.BooleanField(_("percentage"), default=False, editable=False)
    target = models.DecimalField(
        _("target"), max_digits=18, decimal_places=2, null=True, blank=True,
        help_text=_("A number, or a percentage when the indicator has a denominator."),
    )  # fmt: skip
    target_source = models.CharField(_("source of the target"), max_length=300, blank=True)
    target_is_illustrative = models.BooleanField(
        _("illustrative target"), default=False,
        help_text=_("The plan gives no number: the target is an example to be corrected."),
    )  # fmt: skip
    lead_agency = models.ForeignKey(
        "plans.Agency", on_delete=models.SET_NULL, null=True, blank=True, related_name="led_indicators",
        verbose_name=_("responsible agency"),
    )  # fmt: skip
    cooperating_agencies = models.ManyToManyField(
        "plans.Agency", blank=True, related_name="cooperating_indicators", verbose_name=_("cooperating agencies")
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["plan", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="indicator_code_unique_in_plan"),
            models.CheckConstraint(
                condition=Q(target__isnull=True) | Q(target__gte=0), name="indicator_target_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    @property
    def describes_persons(self) -> bool:
        return self.measure in PERSON_MEASURES


class IndicatorTarget(models.Model):
    """A commune's own target for an indicator (the province's target split between communes)."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="commune_targets")
    commune = models.ForeignKey(
        "registry.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("commune")
    )
    target = models.DecimalField(_("target"), max_digits=18, decimal_places=2)

    class Meta:
        verbose_name = _("commune target")
        verbose_name_plural = _("commune targets")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "commune"], name="one_target_per_commune"),
            models.CheckConstraint(condition=Q(target__gte=0), name="commune_target_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} @ {self.commune_id}: {self.target}"

"""Figures to national systems: the mapping tables (edited by administrators in the Django admin),
the sign-off of a period's figures, and the log of what was sent to DHIS2.

* `Dhis2DataSet` — a plan's DHIS2 data set, its attribute option combo and the identifier scheme
  (UID or code) of every identifier of the plan's mapping.
* `ExportPeriod` — a period of the plan that goes out (`2026`, `2026Q1`, `202603`): its figures are
  computed from the later of the period's and the plan's first days to the earlier of their last.
* `DataElementMapping` — an indicator's value, numerator or denominator → a data element and a
  category option combo (and, for ADX, the category attributes).
* `OrgUnitMapping` — a commune → its DHIS2 organisation unit (UID and/or code).
* `PeriodSignOff` + `SignedValue` — a period's figures frozen per commune by one person and signed
  off by another (the writes are in `services/signoff.py`). Only signed-off values are sent.
* `Dhis2Push` — one sending of a data value set to `DHIS2_URL`: what was sent, how often it was
  tried and what DHIS2 answered.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..interop.codes import IdScheme, parse_categories, parse_period, validate_identifier, validate_period


class Dhis2DataSet(models.Model):
    plan = models.OneToOneField(
        "plans.Plan", on_delete=models.CASCADE, related_name="dhis2_data_set", verbose_name=_("plan")
    )
    id_scheme = models.CharField(
        _("identifier scheme"), max_length=4, choices=IdScheme.choices, default=IdScheme.UID,
        help_text=_("Whether the data set, data elements and option combos below are DHIS2 UIDs or codes; "
                    "organisation units are taken in the same scheme from their mapping."),
    )  # fmt: skip
    data_set = models.CharField(_("data set"), max_length=50)
    attribute_option_combo = models.CharField(
        _("attribute option combo"), max_length=50, blank=True, help_text=_("Empty: DHIS2's default.")
    )
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("DHIS2 data set of a plan")
        verbose_name_plural = _("DHIS2 data sets of plans")

    def __str__(self) -> str:
        return f"{self.plan} → {self.data_set}"

    def clean(self):
        errors = {}
        for field in ("data_set", "attribute_option_combo"):
            value = getattr(self, field)
            if value:
                try:
                    validate_identifier(value, self.id_scheme)
                except ValidationError as exc:
                    errors[field] = exc.messages
        if errors:
            raise ValidationError(errors)


class ExportPeriod(models.Model):
    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, related_name="export_periods", verbose_name=_("plan")
    )
    period = models.CharField(
        _("DHIS2 period"), max_length=7, validators=[validate_period],
        help_text=_("A year (2026), a quarter (2026Q1) or a month (202603)."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("period sent to DHIS2")
        verbose_name_plural = _("periods sent to DHIS2")
        ordering = ["plan", "period"]
        constraints = [models.UniqueConstraint(fields=["plan", "period"], name="export_period_unique_in_plan")]

    def __str__(self) -> str:
        return self.period

    @property
    def iso(self):
        return parse_period(self.period)

    def span(self):
        """(first day, last day) of the figures: the period within the plan's period."""
        iso = self.iso
        return max(iso.start, self.plan.period_start), min(iso.end, self.plan.period_end)

    def clean(self):
        iso = parse_period(self.period)
        if iso is None or not self.plan_id:
            return
        if iso.end < self.plan.period_start or iso.start > self.plan.period_end:
            raise ValidationError({"period": gettext("This period lies outside the plan's period (%(start)s – %(end)s).") % {
                "start": self.plan.period_start.strftime("%d/%m/%Y"), "end": self.plan.period_end.strftime("%d/%m/%Y")}})  # fmt: skip


class MappedPart(models.TextChoices):
    VALUE = "value", _("The value (the count, or the percentage)")
    NUMERATOR = "numerator", _("The numerator")
    DENOMINATOR = "denominator", _("The denominator")


class DataElementMapping(models.Model):
    indicator = models.ForeignKey(
        "plans.Indicator", on_delete=models.CASCADE, related_name="dhis2_mappings", verbose_name=_("indicator")
    )
    part = models.CharField(
        _("what is sent"), max_length=12, choices=MappedPart.choices, default=MappedPart.VALUE,
        help_text=_("DHIS2 computes percentages itself from two data elements: send the numerator and the "
                    "denominator of a percentage indicator rather than the percentage."),
    )  # fmt: skip
    data_element = models.CharField(_("data element"), max_length=50)
    category_option_combo = models.CharField(
        _("category option combo"), max_length=50, blank=True, help_text=_("Empty: DHIS2's default.")
    )
    adx_categories = models.CharField(
        _("ADX category attributes"), max_length=200, blank=True,
        help_text=_("Optional, for ADX: CATEGORY=option pairs separated by semicolons (e.g. SEX=F). "
                    "Empty: the category option combo is written instead."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("indicator → DHIS2 data element")
        verbose_name_plural = _("indicators → DHIS2 data elements")
        ordering = ["indicator__plan", "indicator__sort_order", "indicator__code", "part"]
        constraints = [models.UniqueConstraint(fields=["indicator", "part"], name="one_mapping_per_indicator_part")]

    def __str__(self) -> str:
        return f"{self.indicator.code}/{self.part} → {self.data_element}"

    def clean(self):
        if not self.indicator_id:
            return
        errors: dict[str, list[str]] = {}
        indicator = self.indicator
        if self.part == MappedPart.DENOMINATOR and not indicator.is_percentage:
            errors["part"] = [gettext("Only a percentage indicator has a denominator.")]
        data_set = Dhis2DataSet.objects.filter(plan_id=indicator.plan_id).first()
        scheme = data_set.id_scheme if data_set else IdScheme.UID
        for field in ("data_element", "category_option_combo"):
            value = getattr(self, field)
            if value:
                try:
                    validate_identifier(value, scheme)
                except ValidationError as exc:
                    errors[field] = exc.messages
        try:
            parse_categories(self.adx_categories)
        except ValidationError as exc:
            errors["adx_categories"] = exc.messages
        if self.adx_categories and not self.category_option_combo:
            errors.setdefault("category_option_combo", []).append(
                gettext("Give the category option combo too: the DHIS2 data value set has no category attributes.")
            )
        clash = (
            DataElementMapping.objects.filter(
                indicator__plan_id=indicator.plan_id, data_element=self.data_element,
                category_option_combo=self.category_option_combo,
            )
            .exclude(pk=self.pk)
            .select_related("indicator")
            .first()
        )  # fmt: skip
        if clash is not None:
            errors.setdefault("data_element", []).append(
                gettext("This data element and option combo already receive %(other)s.")
                % {"other": f"{clash.indicator.code} ({clash.get_part_display()})"}
            )
        if errors:
            raise ValidationError(errors)


class OrgUnitMapping(models.Model):
    unit = models.OneToOneField(
        "registry.AdminUnit", on_delete=models.CASCADE, related_name="+", verbose_name=_("commune"),
        limit_choices_to={"level": "commune", "is_current": True},
    )  # fmt: skip
    uid = models.CharField(_("organisation unit UID"), max_length=11, blank=True)
    code = models.CharField(_("organisation unit code"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("commune → DHIS2 organisation unit")
        verbose_name_plural = _("communes → DHIS2 organisation units")
        ordering = ["unit__code"]

    def __str__(self) -> str:
        return f"{self.unit_id} → {self.uid or self.code}"

    def identifier(self, scheme: str) -> str:
        return self.uid if scheme == IdScheme.UID else self.code

    def clean(self):
        errors: dict[str, list[str]] = {}
        if not self.uid and not self.code:
            errors["uid"] = [gettext("Give the organisation unit's UID, its code, or both.")]
        if self.uid:
            try:
                validate_identifier(self.uid, IdScheme.UID)
            except ValidationError as exc:
                errors["uid"] = exc.messages
        if self.code:
            try:
                validate_identifier(self.code, IdScheme.CODE)
            except ValidationError as exc:
                errors["code"] = exc.messages
        if self.unit_id and (self.unit.level != "commune" or not self.unit.is_current):
            errors["unit"] = [gettext("Choose a current commune.")]
        if errors:
            raise ValidationError(errors)


class SignOffStatus(models.TextChoices):
    PREPARED = "prepared", _("Prepared, awaiting sign-off")
    SIGNED_OFF = "signed_off", _("Signed off")
    REJECTED = "rejected", _("Rejected")
    SUPERSEDED = "superseded", _("Superseded")


class PeriodSignOff(models.Model):
    """A period's figures frozen for every commune of the plan (and the province's total, shown
    but not sent), then signed off or rejected by another person:

        prepare ──▶ prepared ──sign off──▶ signed_off ──(a later sign-off of the period)──▶ superseded
                        └──reject (reason)──▶ rejected
    """

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="sign_offs", verbose_name=_("plan"))
    period = models.CharField(_("DHIS2 period"), max_length=7)
    period_start = models.DateField(_("figures from"))
    period_end = models.DateField(_("figures to"))
    status = models.CharField(_("status"), max_length=12, choices=SignOffStatus.choices, default=SignOffStatus.PREPARED)
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("prepared by")
    )
    prepared_at = models.DateTimeField(_("prepared at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("signed off or rejected by"),
    )  # fmt: skip
    decided_at = models.DateTimeField(_("signed off or rejected at"), null=True, blank=True)
    reject_reason = models.TextField(_("reason for rejecting"), blank=True)
    value_count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("sign-off of a period's figures")
        verbose_name_plural = _("sign-offs of periods' figures")
        ordering = ["plan", "period", "-prepared_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "period"], condition=Q(status="prepared"), name="one_pending_sign_off_per_period"
            ),
            models.UniqueConstraint(
                fields=["plan", "period"], condition=Q(status="signed_off"), name="one_sign_off_in_force_per_period"
            ),
            # The two-person rule, kept by the database too: who signs off did not prepare.
            models.CheckConstraint(
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("prepared_by")),
                name="sign_off_by_another_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.period} ({self.status})"


class SignedValue(models.Model):
    """One indicator's numerator and denominator for one unit, frozen by a sign-off. Never changed."""

    sign_off = models.ForeignKey(PeriodSignOff, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey("plans.Indicator", on_delete=models.SET_NULL, null=True, related_name="+")
    indicator_code = models.CharField(max_length=40)
    unit = models.ForeignKey("registry.AdminUnit", on_delete=models.PROTECT, related_name="+")
    numerator = models.BigIntegerField()
    denominator = models.BigIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sign_off", "indicator_code", "unit"], name="one_signed_value_per_cell")
        ]

    def __str__(self) -> str:
        return f"{self.sign_off_id}/{self.indicator_code}/{self.unit_id}: {self.numerator}/{self.denominator}"


class PushStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RETRYING = "retrying", _("Retrying")
    SUCCESS = "success", _("Imported")
    WARNING = "warning", _("Imported with conflicts")
    FAILED = "failed", _("Refused")
    ERROR = "error", _("Not delivered")


class Dhis2Push(models.Model):
    """One sending of the plan's data value set to DHIS2 (`POST {DHIS2_URL}/api/dataValueSets`)."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="dhis2_pushes", verbose_name=_("plan"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"))
    url = models.CharField(_("address"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=PushStatus.choices, default=PushStatus.QUEUED)
    value_count = models.PositiveIntegerField(_("values sent"), default=0)
    payload = models.JSONField(_("data value set sent"), default=dict)
    skipped = models.JSONField(_("left out"), default=list, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    http_status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    import_count = models.JSONField(_("import count"), default=dict, blank=True)
    conflicts = models.JSONField(_("conflicts"), default=list, blank=True)
    response = models.TextField(_("answer"), blank=True)
    error = models.TextField(_("error"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sending to DHIS2")
        verbose_name_plural = _("sendings to DHIS2")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"{self.plan_id} @ {self.requested_at:%Y-%m-%d %H:%M} ({self.status})"


__all__ = [
    "DataElementMapping",
    "Dhis2DataSet",
    "Dhis2Push",
    "ExportPeriod",
    "MappedPart",
    "OrgUnitMapping",
    "PeriodSignOff",
    "PushStatus",
    "SignOffStatus",
    "SignedValue",
]

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanSummary(models.Model):
    """When the precomputed figures of a plan were computed, for which reference date, and from
    which state of the data (`fingerprint`): province-wide pages read `SummaryCell` rows and show
    `computed_at`; a refresh is requested when the fingerprint no longer matches the data."""

    plan = models.OneToOneField("plans.Plan", on_delete=models.CASCADE, related_name="summary")
    as_of = models.DateField(_("reference date"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    fingerprint = models.CharField(max_length=600, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    refresh_requested_at = models.DateTimeField(_("refresh requested at"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan summary")
        verbose_name_plural = _("plan summaries")

    def __str__(self) -> str:
        return f"{self.plan_id} @ {self.as_of}"


class SummaryCell(models.Model):
    """One indicator's numerator and denominator for one unit (the province or a commune) on one
    reference date (the summary's date, or the end of each month for the charts)."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="+")
    indicator = models.ForeignKey("plans.Indicator", on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey("registry.AdminUnit", on_delete=models.CASCADE, related_name="+")
    as_of = models.DateField()
    numerator = models.BigIntegerField()
    denominator = models.BigIntegerField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["indicator", "unit", "as_of"], name="summary_cell_unique")]
        indexes = [models.Index(fields=["plan", "as_of"])]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.unit_id}/{self.as_of}: {self.numerator}/{self.denominator}"

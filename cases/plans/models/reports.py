from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyPlan(models.Model):
    """An agency's own implementation plan, sent to the lead agency (by 10 March by default)."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="agency_plans")
    agency = models.ForeignKey("plans.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("agency"))
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    received_on = models.DateField(_("received on"))
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agency plan")
        verbose_name_plural = _("agency plans")
        ordering = ["plan", "received_on", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "agency"], name="one_agency_plan_per_plan")]

    def __str__(self) -> str:
        return f"{self.agency} · {self.received_on:%d/%m/%Y}"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


class Report(models.Model):
    """An agency's or a commune's annual results report for a plan (báo cáo kết quả).

    The narratives are edited while the report is a draft or returned; submitting freezes the
    figures and the narratives into a new `ReportSubmission`, which never changes afterwards.
    """

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="reports", verbose_name=_("plan"))
    agency = models.ForeignKey(
        "plans.Agency", on_delete=models.PROTECT, related_name="reports", verbose_name=_("agency")
    )
    status = models.CharField(_("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    summary = models.TextField(_("general assessment"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("accepted or returned at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("accepted or returned by"),
    )  # fmt: skip
    return_reason = models.TextField(_("reason for returning"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["plan", "agency__name", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "agency"], name="one_report_per_agency_and_plan")]

    def __str__(self) -> str:
        return f"{self.agency} · {self.plan}"


class ReportNarrative(models.Model):
    """The agency's text about one indicator, while the report is being written."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="narratives")
    indicator = models.ForeignKey("plans.Indicator", on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("narrative"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "indicator"], name="one_narrative_per_indicator")]

    def __str__(self) -> str:
        return f"{self.report_id}/{self.indicator_id}"


class ReportSubmission(models.Model):
    """The frozen snapshot of a submitted report: figures computed at submission, with the
    narratives. Created once by `report_submit`, never changed (no service updates it)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="submissions")
    number = models.PositiveSmallIntegerField(_("submission"))
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey("registry.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    as_of = models.DateField(_("figures as of"))
    figures = models.JSONField(_("figures"), default=list)
    summary = models.TextField(_("general assessment"), blank=True)

    class Meta:
        verbose_name = _("report submission")
        verbose_name_plural = _("report submissions")
        ordering = ["report", "-number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="submission_number_unique")]

    def __str__(self) -> str:
        return f"{self.report_id} #{self.number}"

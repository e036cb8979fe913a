"""Monthly payroll per commune. An approved payroll is frozen: its lines never change."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PayrollStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")


class Payroll(models.Model):
    commune = models.ForeignKey("registry.AdminUnit", on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("month"))
    status = models.CharField(_("status"), max_length=10, choices=PayrollStatus.choices, default=PayrollStatus.DRAFT)
    total = models.BigIntegerField(_("total"), default=0)
    current_total = models.BigIntegerField(_("this month"), default=0)
    arrears_total = models.BigIntegerField(_("arrears and recoveries"), default=0)
    person_count = models.PositiveIntegerField(_("persons"), default=0)
    prepared_at = models.DateTimeField(_("prepared at"))
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # The last "prepare again" (empty until then): its lines are the ones approved, so neither the
    # first preparer nor the last refresher approves (registry.maker_checker).
    refreshed_at = models.DateTimeField(_("prepared again at"), null=True, blank=True)
    refreshed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("payroll")
        verbose_name_plural = _("payrolls")
        ordering = ["-month", "commune__name_folded"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "month"], name="one_payroll_per_commune_month"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(approved_at__isnull=False), name="approved_payroll_has_time"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commune} {self.month:%m/%Y}"

    @property
    def is_frozen(self) -> bool:
        return self.status == PayrollStatus.APPROVED

    @property
    def makers(self) -> tuple:
        """Who prepared the lines to approve: the first preparer and the last refresher (ids)."""
        return (self.prepared_by_id, self.refreshed_by_id)

    @property
    def last_prepared_at(self):
        return self.refreshed_at or self.prepared_at


class LineKind(models.TextChoices):
    CURRENT = "current", _("This month")
    ARREARS = "arrears", _("Arrears")
    RECOVERY = "recovery", _("Recovery")


class PayrollLine(models.Model):
    """One amount for one person, policy and month paid for (`for_month`)."""

    payroll = models.ForeignKey(Payroll, on_delete=models.CASCADE, related_name="lines")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    policy = models.ForeignKey("policies.Policy", on_delete=models.PROTECT, related_name="+")
    benefit = models.ForeignKey("policies.Benefit", on_delete=models.PROTECT, related_name="+")
    for_month = models.DateField(_("for month"))
    kind = models.CharField(_("kind"), max_length=10, choices=LineKind.choices)
    amount = models.BigIntegerField(_("amount"))
    explanation = models.CharField(_("explanation"), max_length=600, blank=True)
    uncollected = models.BooleanField(_("not collected"), default=False)

    class Meta:
        verbose_name = _("payroll line")
        verbose_name_plural = _("payroll lines")
        ordering = ["payroll", "person__name_folded", "person_id", "policy__sort_order", "for_month"]
        indexes = [models.Index(fields=["person", "policy", "for_month"])]

    def __str__(self) -> str:
        return f"{self.person_id} {self.policy_id} {self.for_month:%m/%Y} {self.amount}"

"""Decisions (the legal acts that start or change a payment) and the benefit they govern."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class BenefitStatus(models.TextChoices):
    ACTIVE = "active", _("Being paid")
    SUSPENDED = "suspended", _("Suspended")
    STOPPED = "stopped", _("Stopped")


class Benefit(models.Model):
    """One person's right to one cash policy, paid by one commune. Its status changes only
    through decisions (grant, adjust, suspend, resume, stop)."""

    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="benefits")
    policy = models.ForeignKey("policies.Policy", on_delete=models.PROTECT, related_name="benefits")
    commune = models.ForeignKey("registry.AdminUnit", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=BenefitStatus.choices, default=BenefitStatus.ACTIVE)
    started_month = models.DateField(_("first month"))
    ledger_start = models.DateField(
        _("first month paid through this system"),
        help_text=_("Months before it were paid outside the system and are never paid again."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("benefit")
        verbose_name_plural = _("benefits")
        ordering = ["person", "policy", "started_month"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "policy", "commune"], condition=~Q(status="stopped"), name="one_open_benefit"
            ),
        ]
        indexes = [models.Index(fields=["commune", "policy"])]

    def __str__(self) -> str:
        return f"{self.person} · {self.policy}"


class DecisionKind(models.TextChoices):
    GRANT = "grant", _("Grant")
    ADJUST = "adjust", _("Adjust")
    SUSPEND = "suspend", _("Suspend")
    RESUME = "resume", _("Resume")
    STOP = "stop", _("Stop")


class SuspensionReason(models.TextChoices):
    NOT_COLLECTED = "not_collected", _("Not collected for 3 consecutive months")
    REFUSED_REASSESSMENT = "refused_reassessment", _("Refused re-assessment")
    DETENTION = "detention", _("In detention for 1 month or more")


class Decision(models.Model):
    """Quyết định hưởng / điều chỉnh / tạm dừng / tiếp tục / thôi hưởng. Never edited after issue."""

    benefit = models.ForeignKey(Benefit, on_delete=models.PROTECT, related_name="decisions")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="policy_decisions")
    commune = models.ForeignKey("registry.AdminUnit", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("decision"), max_length=10, choices=DecisionKind.choices)
    number = models.CharField(_("decision number"), max_length=40)
    decided_on = models.DateField(_("decision date"))
    signer = models.CharField(_("signed by"), max_length=120)
    effective_month = models.DateField(_("effective month"))
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    suspension_reason = models.CharField(
        _("suspension ground"), max_length=24, choices=SuspensionReason.choices, blank=True
    )
    pay_suspended_months = models.BooleanField(_("pay the suspended months"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["commune", "decided_on"]), models.Index(fields=["person", "effective_month"])]

    def __str__(self) -> str:
        return f"{self.number} ({self.get_kind_display()})"

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
    """Quyết định hưởng / điều chỉnh / tạm dừng / tiếp tục / thôi hưởng, signed and in force. Never
    edited after issue. Made by signing a `DecisionDraft`: `created_by` is the signer (`signer` their
    name as printed), `drafted_by` the drafter — another person (empty on decisions recorded before
    drafts existed, when one person did both)."""

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
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("drafted by"),
    )  # fmt: skip

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["commune", "decided_on"]), models.Index(fields=["person", "effective_month"])]

    def __str__(self) -> str:
        return f"{self.number} ({self.get_kind_display()})"


class DraftStatus(models.TextChoices):
    DRAFT = "draft", _("Waiting for signature")
    SIGNED = "signed", _("Signed")
    RETURNED = "returned", _("Returned")


class DecisionDraft(models.Model):
    """A decision drafted by one person (the commune officer) and waiting for another (the commune
    leader) to sign it. Nothing is paid and no benefit changes while it waits: signing makes the
    `Decision` through the very rules a decision always followed (amounts, arrears, effective
    month); returning it closes it with a reason."""

    kind = models.CharField(_("decision"), max_length=10, choices=DecisionKind.choices)
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="decision_drafts")
    commune = models.ForeignKey("registry.AdminUnit", on_delete=models.PROTECT, related_name="+")
    policy = models.ForeignKey("policies.Policy", on_delete=models.PROTECT, related_name="+")
    benefit = models.ForeignKey(
        Benefit, on_delete=models.PROTECT, null=True, blank=True, related_name="drafts",
        help_text=_("The benefit the decision changes (empty for a grant)."),
    )  # fmt: skip
    number = models.CharField(_("decision number"), max_length=40)
    decided_on = models.DateField(_("decision date"))
    effective_month = models.DateField(_("effective month"))
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    suspension_reason = models.CharField(
        _("suspension ground"), max_length=24, choices=SuspensionReason.choices, blank=True
    )
    detained_on = models.DateField(_("detained since"), null=True, blank=True)
    pay_suspended_months = models.BooleanField(_("pay the suspended months"), default=False)
    paid_outside_through = models.DateField(_("already paid outside this system up to"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=DraftStatus.choices, default=DraftStatus.DRAFT)
    drafted_at = models.DateTimeField(_("drafted at"), auto_now_add=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("drafted by")
    )
    decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="draft", verbose_name=_("decision")
    )
    closed_at = models.DateTimeField(_("signed or returned at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("signed or returned by"),
    )  # fmt: skip
    return_reason = models.CharField(_("reason for returning"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("draft decision")
        verbose_name_plural = _("draft decisions")
        ordering = ["-drafted_at", "-id"]
        indexes = [models.Index(fields=["commune", "status"]), models.Index(fields=["person", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="signed") | models.Q(decision__isnull=False),
                name="signed_draft_has_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.get_kind_display()}, {self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == DraftStatus.DRAFT

"""Communes where one officer does the work of two (see `registry.maker_checker`)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class SinglePersonCommune(models.Model):
    """A commune recorded by an administrator as having a single officer: there, the same person
    may prepare and approve a payroll, or draft and sign a decision. Every such approval is written
    to the access log with this row's reason. Switched off with `is_active`, never deleted."""

    commune = models.OneToOneField(
        "registry.AdminUnit",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": "commune", "is_current": True},
        verbose_name=_("commune"),
    )
    is_active = models.BooleanField(_("single-person commune"), default=True)
    reason = models.CharField(
        _("reason"),
        max_length=300,
        help_text=_("Why one person both makes and approves, e.g. the decision naming the only officer."),
    )
    since = models.DateField(_("since"), default=timezone.localdate)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("single-person commune")
        verbose_name_plural = _("single-person communes")

    def __str__(self) -> str:
        return str(self.commune)

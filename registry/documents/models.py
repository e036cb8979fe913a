"""A batch of documents rendered in the background into one PDF, with its progress."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class BatchKind(models.TextChoices):
    CERTIFICATES = "certificates", _("Disability certificates of a commune")


class BatchStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("documents", "Waiting")
    RUNNING = "running", pgettext_lazy("documents", "Rendering")
    DONE = "done", pgettext_lazy("documents", "Ready")
    FAILED = "failed", pgettext_lazy("documents", "Failed")


class DocumentBatch(models.Model):
    """One background rendering. The file lies outside the static/media URLs and is served only
    through the scoped download view."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(pgettext_lazy("documents", "kind"), max_length=20, choices=BatchKind.choices)
    commune = models.ForeignKey(
        "registry.AdminUnit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("documents", "commune"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=pgettext_lazy("documents", "requested by"),
    )
    requested_at = models.DateTimeField(pgettext_lazy("documents", "requested at"), auto_now_add=True)
    base_url = models.CharField(max_length=200, blank=True, help_text="Scheme and host printed in QR codes.")
    status = models.CharField(
        pgettext_lazy("documents", "status"), max_length=10, choices=BatchStatus.choices, default=BatchStatus.PENDING
    )
    total = models.PositiveIntegerField(pgettext_lazy("documents", "documents"), default=0)
    done = models.PositiveIntegerField(pgettext_lazy("documents", "rendered"), default=0)
    pages = models.PositiveIntegerField(pgettext_lazy("documents", "pages"), default=0)
    file = models.FileField(upload_to="documents/batches/", blank=True)
    error = models.CharField(pgettext_lazy("documents", "error"), max_length=500, blank=True)
    finished_at = models.DateTimeField(pgettext_lazy("documents", "finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("document batch")
        verbose_name_plural = _("document batches")
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["commune", "requested_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.commune} · {self.requested_at:%d/%m/%Y %H:%M}"

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.status == BatchStatus.DONE else 0
        return min(100, round(100 * self.done / self.total))

    @property
    def skipped(self) -> int:
        """Certificates left out of a finished batch (no valid determination)."""
        return max(0, self.total - self.done) if self.status == BatchStatus.DONE else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (BatchStatus.DONE, BatchStatus.FAILED)

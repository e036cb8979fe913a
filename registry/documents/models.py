"""Document data: batches rendered in the background into one PDF, and the legal bases printed
on documents (data an administrator corrects, never constants in code)."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class BatchKind(models.TextChoices):
    """The kind this package owns. Other kinds are owned by their apps (policies: "decisions",
    cases.plans: "plan_report"); `DocumentBatch.kind` takes its choices from the providers
    configured in settings.DOCUMENT_BATCH_KINDS, so adding a kind needs no migration here."""

    CERTIFICATES = "certificates", _("Disability certificates of a commune")


def batch_kind_choices() -> list[tuple[str, str]]:
    """Choices of `DocumentBatch.kind`: the configured kinds (see `kinds.py`)."""
    from .kinds import kind_choices

    return kind_choices()


class BatchStatus(models.TextChoices):
    PENDING = "pending", pgettext_lazy("documents", "Waiting")
    RUNNING = "running", pgettext_lazy("documents", "Rendering")
    DONE = "done", pgettext_lazy("documents", "Ready")
    EMPTY = "empty", pgettext_lazy("documents", "Nothing to print")
    FAILED = "failed", pgettext_lazy("documents", "Failed")


class DocumentBatch(models.Model):
    """One background rendering. The file lies outside the static/media URLs and is served only
    through the scoped download view. `params` holds what the kind was asked for (e.g. the month
    of a decisions batch, the plan of a report), as the kind validated it; `commune` is set for
    the kinds about one commune (certificates, decisions) and scopes them."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(pgettext_lazy("documents", "kind"), max_length=20, choices=batch_kind_choices)
    commune = models.ForeignKey(
        "registry.AdminUnit",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=pgettext_lazy("documents", "commune"),
    )
    params = models.JSONField(pgettext_lazy("documents", "parameters"), default=dict, blank=True)
    title = models.CharField(pgettext_lazy("documents", "title"), max_length=200, blank=True)
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
        indexes = [
            models.Index(fields=["commune", "requested_at"]),
            models.Index(fields=["requested_by", "requested_at"], name="documents_batch_requester_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.display_title} · {self.requested_at:%d/%m/%Y %H:%M}"

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        label = str(self.get_kind_display())
        return f"{label} · {self.commune}" if self.commune_id else label

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.status in (BatchStatus.DONE, BatchStatus.EMPTY) else 0
        return min(100, round(100 * self.done / self.total))

    @property
    def skipped(self) -> int:
        """Items left out of a finished batch (e.g. certificates without a valid determination)."""
        return max(0, self.total - self.done) if self.status == BatchStatus.DONE else 0

    @property
    def is_finished(self) -> bool:
        return self.status in (BatchStatus.DONE, BatchStatus.EMPTY, BatchStatus.FAILED)


class LegalBasis(models.Model):
    """One "Căn cứ …" line printed on a kind of document, valid for documents dated in its
    period. Citations that domain.md does not confirm from the legal text ([S]/[U]) live here so
    an administrator can correct them; a document prints the rows valid on its own date, in order."""

    class Document(models.TextChoices):
        DECISION = "decision", _("Allowance decision")

    document = models.CharField(pgettext_lazy("documents", "document"), max_length=20, choices=Document.choices)
    text = models.CharField(
        pgettext_lazy("documents", "text"),
        max_length=400,
        help_text=_('Printed as "Căn cứ <text>;" — without "Căn cứ" and without the final semicolon.'),
    )
    valid_from = models.DateField(pgettext_lazy("documents", "valid from"), null=True, blank=True)
    valid_to = models.DateField(pgettext_lazy("documents", "valid to"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(pgettext_lazy("documents", "order"), default=100)
    note = models.CharField(pgettext_lazy("documents", "note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("legal basis printed on documents")
        verbose_name_plural = _("legal bases printed on documents")
        ordering = ["document", "sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="documents_legal_basis_period",
            ),
        ]

    def __str__(self) -> str:
        return self.text

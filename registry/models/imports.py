"""Import jobs: one uploaded register, its dry run and its commit, with progress a page can poll."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJob(models.Model):
    """An uploaded file and what became of it. The file stays private (MEDIA_ROOT, never served)."""

    class Kind(models.TextChoices):
        PERSONS = "persons", _("Person register")
        CASES = "cases", _("Support cases")

    class Mode(models.TextChoices):
        DRY_RUN = "dry_run", _("Check only")
        COMMIT = "commit", _("Import")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting")
        RUNNING = "running", _("Running")
        CHECKED = "checked", _("Checked")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PERSONS)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    language = models.CharField(max_length=10, default="vi")
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.DRY_RUN)
    partial = models.BooleanField(_("write the valid rows even if some rows have errors"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    phase = models.CharField(max_length=20, blank=True)
    cancel_requested = models.BooleanField(default=False)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    # Too large to be read in a web request (registry.uploads.Survey): read by the worker only.
    in_background = models.BooleanField(default=False)
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    errors = models.PositiveIntegerField(default=0)
    warnings = models.PositiveIntegerField(default=0)
    written = models.BooleanField(default=False)
    message = models.TextField(blank=True)
    report = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        return int(100 * self.rows_done / self.total_rows) if self.total_rows else 0

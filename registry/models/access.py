from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccessLog(models.Model):
    """Who looked at or exported identifiable data. Append-only: no UI edits it."""

    class Action(models.TextChoices):
        VIEW = "view", _("Viewed a person")
        LIST = "list", _("Listed persons")
        SEARCH = "search", _("Searched persons")
        EXPORT = "export", _("Exported")
        DOCUMENT = "document", _("Opened a document")
        HISTORY = "history", _("Viewed history")
        ID_CHECK = "id_check", _("Checked ID numbers against the register")
        SINGLE_PERSON = "single_person", _("Approved alone (single-person commune)")

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("user"))
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("person")
    )
    path = models.CharField(_("path"), max_length=500, blank=True)
    detail = models.CharField(_("detail"), max_length=500, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.user} {self.action}"

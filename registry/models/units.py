from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

REFORM_DATE = date(2025, 7, 1)
LEGACY_END = date(2025, 6, 30)


class UnitLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")


class AdminUnitQuerySet(models.QuerySet):
    def current(self):
        return self.filter(valid_to__isnull=True)

    def legacy(self):
        return self.filter(valid_to__isnull=False)

    def communes(self):
        return self.filter(level=UnitLevel.COMMUNE)


class AdminUnit(models.Model):
    """A unit of the statistics office's list, current (valid_to empty) or pre-2025 (legacy).

    A current commune may reuse a legacy commune's code, so the code is unique only together
    with the level and the structure (current or legacy).
    """

    code = models.CharField(_("code"), max_length=5, db_index=True)
    name = models.CharField(_("name"), max_length=120)
    name_folded = models.CharField(max_length=120, db_index=True, editable=False)
    division_type = models.CharField(_("type"), max_length=40)
    level = models.CharField(_("level"), max_length=10, choices=UnitLevel.choices)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="children")
    province_code = models.CharField(max_length=2, db_index=True, editable=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    is_current = models.BooleanField(_("current structure"), default=True, db_index=True)
    successors = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="predecessors", verbose_name=_("successor communes")
    )

    objects = AdminUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["level", "code", "is_current"], name="unit_unique_code_per_structure"),
        ]
        indexes = [models.Index(fields=["level", "is_current", "province_code"])]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code})"

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AgencyKind(models.TextChoices):
    DEPARTMENT = "department", _("Provincial department")
    ASSOCIATION = "association", _("Disabled people's association")
    MASS_ORGANISATION = "mass_organisation", _("Mass organisation")
    PEOPLES_COMMITTEE = "peoples_committee", _("People's committee")
    OTHER = "other", _("Other")


class Agency(models.Model):
    """A body that leads, cooperates on or reports for a plan: a department, the association, a
    mass organisation, a commune's (or before 2025 a district's) People's Committee.

    Agencies are data: when a ministry's remit moves (social protection went from the labour
    department to the health department in 2025) the old agency gets an end date and a successor.
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    kind = models.CharField(_("kind"), max_length=24, choices=AgencyKind.choices)
    province = models.ForeignKey(
        "registry.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("province"),
        limit_choices_to={"level": "province"},
    )  # fmt: skip
    unit = models.ForeignKey(
        "registry.AdminUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("commune or district"),
        help_text=_("For a People's Committee: the commune (or the pre-2025 district) it governs."),
    )  # fmt: skip
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_until = models.DateField(_("active until"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="predecessors",
        verbose_name=_("replaced by"),
    )  # fmt: skip
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="plan_agencies", verbose_name=_("accounts"),
        help_text=_("Accounts that prepare and submit this agency's reports."),
    )  # fmt: skip
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["province__code", "kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(active_from__isnull=True)
                | Q(active_until__isnull=True)
                | Q(active_from__lte=models.F("active_until")),
                name="agency_active_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_active_on(self, day) -> bool:
        return (self.active_from is None or self.active_from <= day) and (
            self.active_until is None or day <= self.active_until
        )

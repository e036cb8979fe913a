from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COMMUNE_OFFICER = "commune_officer", _("Commune officer")
    COMMUNE_LEADER = "commune_leader", _("Commune leader")
    ASSOCIATION_OFFICER = "association_officer", _("Association officer")
    PROVINCIAL_OFFICER = "provincial_officer", _("Provincial officer")
    STATISTICS_OFFICER = "statistics_officer", _("Statistics officer")
    ADMIN = "admin", _("Administrator")


class User(AbstractUser):
    """A staff account. Its scope is a set of units (communes or whole provinces)."""

    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.COMMUNE_OFFICER)
    units = models.ManyToManyField("registry.AdminUnit", blank=True, related_name="+", verbose_name=_("units"))

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

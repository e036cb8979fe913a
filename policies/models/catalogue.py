"""The policy catalogue: every support the system knows, with a stable code."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Domain(models.TextChoices):
    HEALTH = "health", _("Health and rehabilitation")
    EDUCATION = "education", _("Education")
    VOCATIONAL_TRAINING = "vocational_training", _("Vocational training and jobs")
    LIVELIHOOD = "livelihood", _("Livelihood")
    LEGAL_AID = "legal_aid", _("Legal aid")
    SOCIAL_ASSISTANCE = "social_assistance", _("Social assistance")
    CULTURE_SPORT_TOURISM = "culture_sport_tourism", _("Culture, sport and tourism")
    HOUSING_ACCESSIBILITY = "housing_accessibility", _("Housing and accessibility")
    OTHER = "other", _("Other")


class PolicyKind(models.TextChoices):
    MONTHLY_CASH = "monthly_cash", _("Monthly cash")
    ONE_OFF_CASH = "one_off_cash", _("One-off cash")
    IN_KIND = "in_kind", _("In kind")
    SERVICE = "service", _("Service")
    HEALTH_INSURANCE = "health_insurance", _("Health-insurance card")
    FEE_EXEMPTION = "fee_exemption", _("Fee exemption")


CASH_KINDS = (PolicyKind.MONTHLY_CASH, PolicyKind.ONE_OFF_CASH)


class Decider(models.TextChoices):
    COMMUNE_CHAIRMAN = "commune_chairman", _("Commune chairman")
    PROVINCIAL_DEPARTMENT = "provincial_department", _("Provincial department")
    FACILITY = "facility", _("Social-assistance facility")
    PROVIDER = "provider", _("Service provider")
    SCHOOL = "school", _("School or training centre")
    BANK = "bank", _("Social policy bank")
    ASSOCIATION = "association", _("Association or mass organisation")
    AUTOMATIC = "automatic", _("Follows another decision")


class Policy(models.Model):
    """A support. `code` is stable (other apps refer to it); the rest an administrator may correct."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    domain = models.CharField(_("domain"), max_length=32, choices=Domain.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=PolicyKind.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    decided_by = models.CharField(_("who decides"), max_length=32, choices=Decider.choices)
    standard_duration_days = models.PositiveSmallIntegerField(
        _("standard duration (working days)"),
        default=10,
        help_text=_("Working days from request to delivery; support cases use it for their due date."),
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        ordering = ["sort_order", "code"]
        constraints = [
            models.CheckConstraint(condition=models.Q(standard_duration_days__gt=0), name="policy_duration_positive"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_cash(self) -> bool:
        return self.kind in CASH_KINDS

"""Facts about a person that the entitlement engine needs and the registry does not hold.

Each is a dated period. Validation lives in the services (`policies.services.facts`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class _Dated(models.Model):
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        abstract = True


class FacilityStay(_Dated):
    """A period in a social-assistance facility: nurturing there instead of the monthly allowance."""

    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="facility_stays")
    facility_name = models.CharField(_("facility"), max_length=200)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("facility stay")
        verbose_name_plural = _("facility stays")
        ordering = ["person", "started_on"]

    def __str__(self) -> str:
        return f"{self.facility_name} ({self.started_on:%d/%m/%Y})"


class Pregnancy(_Dated):
    """A pregnancy of a woman with a disability (care support). `ended_on` is the birth or end."""

    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="pregnancies")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("pregnancy")
        verbose_name_plural = _("pregnancies")
        ordering = ["person", "started_on"]

    def __str__(self) -> str:
        return f"{self.person_id} ({self.started_on:%d/%m/%Y})"


class Child(models.Model):
    """A child the person is raising (care support counts children under 36 months)."""

    parent = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="children_raised")
    full_name = models.CharField(_("child's name"), max_length=120)
    date_of_birth = models.DateField(_("child's date of birth"))
    raised_until = models.DateField(
        _("raised until"), null=True, blank=True, help_text=_("Leave empty while the person raises the child.")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        ordering = ["parent", "date_of_birth"]

    def __str__(self) -> str:
        return self.full_name


class Marriage(_Dated):
    """Two registered persons married to each other: one care support when both qualify.

    Stored once per couple with `person_a_id < person_b_id`.
    """

    person_a = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("marriage")
        verbose_name_plural = _("marriages")
        constraints = [
            models.CheckConstraint(condition=Q(person_a__lt=models.F("person_b")), name="marriage_ordered_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.person_a_id} + {self.person_b_id}"


class CareKind(models.TextChoices):
    HOUSEHOLD = "household", _("Household directly caring")
    TAKING_IN = "taking_in", _("Household or individual taking in")


class CareArrangement(_Dated):
    """A household caring for (or taking in) an especially severe person: care support per person."""

    cared_person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="care_arrangements")
    kind = models.CharField(_("kind"), max_length=12, choices=CareKind.choices)
    carer_name = models.CharField(_("carer (head of household)"), max_length=120)
    carer_national_id = models.CharField(_("carer's ID number"), max_length=12, blank=True)
    carer_person = models.ForeignKey(
        "registry.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("carer (registered person)"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("care arrangement")
        verbose_name_plural = _("care arrangements")
        ordering = ["cared_person", "started_on"]

    def __str__(self) -> str:
        return f"{self.carer_name} ({self.get_kind_display()})"


class OtherGround(_Dated):
    """Another ground for a monthly allowance (Decree 20/2021 Art 5): only the highest is paid,
    except the single poor parent's per-child amount, which is added."""

    class Ground(models.TextChoices):
        ELDERLY_POOR_ALONE = "elderly_poor_alone", _("Elderly in a poor household without a carer")
        ELDERLY_80_NO_PENSION = "elderly_80_no_pension", _("Aged 80+ without a pension")
        SINGLE_POOR_PARENT = "single_poor_parent", _("Single parent in a poor household")

    person = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="other_grounds")
    ground = models.CharField(_("ground"), max_length=32, choices=Ground.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("other allowance ground")
        verbose_name_plural = _("other allowance grounds")
        ordering = ["person", "started_on"]

    def __str__(self) -> str:
        return str(self.get_ground_display())

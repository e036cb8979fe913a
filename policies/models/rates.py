"""Dated rates: the standard level (national or a province's) and coefficients per policy and group.

Rows never change meaning in code: a new decree is a new row. Overlaps are refused by `clean()`
(used by the admin and by the services), and every change is in the history.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CoefficientGroup(models.TextChoices):
    # Monthly allowance for persons with disabilities (Decree 20/2021, Art 6).
    ESPECIALLY_SEVERE_ADULT = "especially_severe_adult", _("Especially severe, aged 16–59")
    ESPECIALLY_SEVERE_CHILD_ELDERLY = "especially_severe_child_elderly", _("Especially severe, child under 16 or 60+")
    SEVERE_ADULT = "severe_adult", _("Severe, aged 16–59")
    SEVERE_CHILD_ELDERLY = "severe_child_elderly", _("Severe, child under 16 or 60+")
    # Monthly allowance on other grounds (a person may qualify on several: the highest is paid).
    ELDERLY_POOR_ALONE = "elderly_poor_alone", _("Elderly in a poor household without a carer")
    ELDERLY_80_NO_PENSION = "elderly_80_no_pension", _("Aged 80+ without a pension")
    SINGLE_POOR_PARENT = "single_poor_parent", _("Single parent in a poor household, per child")
    # Care support (Art 20).
    PREGNANT_OR_ONE_CHILD = "pregnant_or_one_child", _("Pregnant or raising one child under 36 months")
    PREGNANT_AND_CHILD_OR_TWO = (
        "pregnant_and_child_or_two",
        _("Pregnant and raising a child under 36 months, or raising two or more"),
    )
    HOUSEHOLD_CARING = "household_caring", _("Household directly caring for an especially severe person")
    TAKING_IN_ADULT = "taking_in_adult", _("Taking in an especially severe adult")
    TAKING_IN_CHILD = "taking_in_child", _("Taking in an especially severe child")
    # Nurturing in a social-assistance facility (Art 25).
    FACILITY = "facility", _("In a social-assistance facility")
    FACILITY_UNDER_4 = "facility_under_4", _("In a social-assistance facility, child under 4")
    # Funeral support (Art 11).
    FUNERAL = "funeral", _("Funeral of a recipient")


class StandardLevel(models.Model):
    """Mức chuẩn trợ giúp xã hội. `province_code` empty = national; a province row overrides it.

    Unconfirmed rows (reported but not verified in the legal text) are kept for the record and
    never used until an administrator confirms them.
    """

    province_code = models.CharField(
        _("province code"), max_length=2, blank=True, help_text=_("Empty for the national level.")
    )
    amount = models.PositiveIntegerField(_("amount (đồng)"))
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    is_confirmed = models.BooleanField(
        _("confirmed"), default=True, help_text=_("Only confirmed rows are used to compute amounts.")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("standard level")
        verbose_name_plural = _("standard levels")
        ordering = ["province_code", "valid_from"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="standard_level_positive"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="standard_level_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.amount:,} ({self.valid_from:%d/%m/%Y})".replace(",", ".")

    def clean(self):
        errors = {}
        if self.amount is not None and self.amount <= 0:
            errors["amount"] = [_("The amount must be greater than zero.")]
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            errors["valid_to"] = [_("The end date is before the start date.")]
        if self.province_code and not (len(self.province_code) == 2 and self.province_code.isdigit()):
            errors["province_code"] = [_("A province code has two digits.")]
        if not errors and self.is_confirmed and self.valid_from:
            clash = overlapping(
                StandardLevel.objects.filter(province_code=self.province_code, is_confirmed=True),
                self,
            )
            if clash:
                errors["valid_from"] = [overlap_message(clash)]
        if errors:
            raise ValidationError(errors)

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class Coefficient(models.Model):
    """Hệ số for one policy and group over a period."""

    policy = models.ForeignKey(
        "policies.Policy", on_delete=models.PROTECT, related_name="coefficients", verbose_name=_("policy")
    )
    group = models.CharField(_("group"), max_length=40, choices=CoefficientGroup.choices)
    value = models.DecimalField(_("coefficient"), max_digits=5, decimal_places=2)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300)
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("coefficient")
        verbose_name_plural = _("coefficients")
        ordering = ["policy__sort_order", "group", "valid_from"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gt=0), name="coefficient_positive"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=models.F("valid_from")),
                name="coefficient_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy_id}/{self.group} {self.value} ({self.valid_from:%d/%m/%Y})"

    def clean(self):
        errors = {}
        if self.value is not None and self.value <= 0:
            errors["value"] = [_("The coefficient must be greater than zero.")]
        if self.valid_to and self.valid_from and self.valid_to < self.valid_from:
            errors["valid_to"] = [_("The end date is before the start date.")]
        if not errors and self.valid_from and self.policy_id and self.group:
            clash = overlapping(Coefficient.objects.filter(policy_id=self.policy_id, group=self.group), self)
            if clash:
                errors["valid_from"] = [overlap_message(clash)]
        if errors:
            raise ValidationError(errors)

    def covers(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def overlapping(qs, row):
    """The first row of `qs` (other than `row`) whose period overlaps `row`'s, or None."""
    qs = qs.exclude(pk=row.pk) if row.pk else qs
    qs = qs.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=row.valid_from))
    if row.valid_to:
        qs = qs.filter(valid_from__lte=row.valid_to)
    return qs.order_by("valid_from").first()


def overlap_message(clash) -> str:
    from django.utils.translation import gettext as _t

    if clash.valid_to:
        return _t("This period overlaps the row valid from %(start)s to %(end)s.") % {
            "start": clash.valid_from.strftime("%d/%m/%Y"),
            "end": clash.valid_to.strftime("%d/%m/%Y"),
        }
    return _t("This period overlaps the row valid from %(start)s with no end date; end that row first.") % {
        "start": clash.valid_from.strftime("%d/%m/%Y"),
    }

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .choices import Domain, ProviderKind, ReferralStatus


class Provider(models.Model):
    """A service provider of the directory (cơ sở cung cấp dịch vụ)."""

    name = models.CharField(_("name"), max_length=200)
    name_folded = models.CharField(max_length=200, db_index=True, editable=False)
    kind = models.CharField(_("kind"), max_length=32, choices=ProviderKind.choices)
    unit = models.ForeignKey(
        "registry.AdminUnit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit"),
        help_text=_("The commune where it is, or the province for a provincial provider."),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    contact_person = models.CharField(_("contact person"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(pgettext_lazy("provider", "active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("service provider")
        verbose_name_plural = _("service providers")
        ordering = ["name_folded", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def domains(self) -> list[str]:
        return sorted((row.domain for row in self.domain_rows.all()), key=Domain.values.index)

    @property
    def domain_labels(self) -> list[str]:
        return [str(Domain(code).label) for code in self.domains]


class ProviderDomain(models.Model):
    """A domain a provider serves (one row per domain, so lists filter without JSON lookups)."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="domain_rows")
    domain = models.CharField(max_length=32, choices=Domain.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["provider", "domain"], name="provider_domain_unique")]

    def __str__(self) -> str:
        return f"{self.provider_id}: {self.domain}"


class Referral(models.Model):
    """A case sent to a provider; the worker records the provider's answer and the outcome."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="referrals", verbose_name=_("case"))
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("provider")
    )
    status = models.CharField(_("status"), max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.SENT)
    sent_on = models.DateField(_("sent on"))
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    reason = models.TextField(_("reason for the referral"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-sent_on", "-id"]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.provider}"

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import EventKind, FundingSource


class Event(models.Model):
    """An activity or gift day: awareness or training session, 18/4, 3/12, gift-giving, ..."""

    kind = models.CharField(_("kind"), max_length=24, choices=EventKind.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("date"))
    unit = models.ForeignKey(
        "registry.AdminUnit",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("unit"),
        help_text=_("The commune where it took place, or the province for a provincial event."),
    )
    organiser = models.CharField(_("organising agency"), max_length=200)
    funding_source = models.CharField(_("funding source"), max_length=24, choices=FundingSource.choices, blank=True)
    funding_amount = models.BigIntegerField(_("funding (đồng)"), null=True, blank=True)
    participants = models.ManyToManyField(
        "registry.Person", through="cases.EventParticipant", related_name="events", verbose_name=_("participants")
    )
    other_participants = models.PositiveIntegerField(_("other participants"), default=0)
    gifts_count = models.PositiveIntegerField(_("gifts"), default=0)
    gift_value = models.BigIntegerField(_("value of each gift (đồng)"), default=0)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-held_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(gift_value__gte=0), name="event_gift_value_not_negative"),
            models.CheckConstraint(
                condition=Q(funding_amount__isnull=True) | Q(funding_amount__gte=0), name="event_funding_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"

    @property
    def gifts_total(self) -> int:
        return self.gifts_count * self.gift_value


class EventParticipant(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participant_rows")
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "person"], name="event_participant_unique")]

    def __str__(self) -> str:
        return f"{self.event_id}: {self.person_id}"

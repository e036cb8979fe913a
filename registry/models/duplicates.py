"""Possible duplicates: pairs of persons the linkage model proposes (`registry.duplicates`), and
the trained model itself.

A pair is computed by `find_duplicates` (nightly, after a large import, or by hand) and decided
by people: merged or distinct. A later engineer adds the proposal step (an officer proposes, a
deciding user confirms): `status` and the decision fields leave room for it.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class PairStatus(models.TextChoices):
    OPEN = "open", _("To review")
    MERGED = "merged", _("Merged")
    DISTINCT = "distinct", _("Different persons")
    # Recomputed below the review threshold (or one record left the register): no longer proposed;
    # reopened if it scores again.
    CLOSED = "closed", _("No longer proposed")


DECIDED_STATUSES = (PairStatus.MERGED, PairStatus.DISTINCT)


class DuplicatePair(models.Model):
    """Two persons the model scores as possibly the same (person_a.id < person_b.id).

    `snapshot` keeps the compared fields of both records as they were when the pair was
    computed (`registry.duplicates.fingerprints`): what changed since can be named field by
    field. `identity_key` is the hash of name, date of birth and ID number of both: a pair
    decided "distinct" is proposed again only when it changes.
    """

    person_a = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey("registry.Person", on_delete=models.CASCADE, related_name="+")
    match_probability = models.FloatField(_("match probability"))
    match_weight = models.FloatField(_("match weight"))
    # {field: {"level": agree|near|disagree|missing, "code": level code, "label": Vietnamese text}}
    reasons = models.JSONField(_("reasons"), default=dict)
    status = models.CharField(_("status"), max_length=16, choices=PairStatus.choices, default=PairStatus.OPEN)

    snapshot = models.JSONField(default=dict, editable=False)
    fields_key = models.CharField(max_length=64, editable=False)
    identity_key = models.CharField(max_length=64, editable=False)
    # Copies for scope filters and the queue (no join): the communes and provinces of both sides.
    commune_a = models.ForeignKey("registry.AdminUnit", on_delete=models.PROTECT, related_name="+")
    commune_b = models.ForeignKey("registry.AdminUnit", on_delete=models.PROTECT, related_name="+")
    province_a = models.CharField(max_length=2)
    province_b = models.CharField(max_length=2)

    found_at = models.DateTimeField(_("found"))
    computed_at = models.DateTimeField(_("computed"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        ordering = ["-found_at", "-match_probability", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="duplicate_pair_unique"),
            models.CheckConstraint(condition=Q(person_a__lt=F("person_b")), name="duplicate_pair_ordered"),
            models.CheckConstraint(
                condition=Q(match_probability__gte=0) & Q(match_probability__lte=1), name="duplicate_pair_probability"
            ),
            models.CheckConstraint(
                condition=Q(status__in=[s.value for s in DECIDED_STATUSES], decided_at__isnull=False)
                | ~Q(status__in=[s.value for s in DECIDED_STATUSES]),
                name="duplicate_pair_decided_has_date",
            ),
        ]
        indexes = [
            # The queue: newest and most probable first, by status.
            models.Index(fields=["status", "-found_at", "-match_probability"], name="duplicate_pair_queue"),
            # Scope filters (a commune officer sees the pairs touching its communes).
            models.Index(fields=["commune_a", "status"], name="duplicate_pair_commune_a"),
            models.Index(fields=["commune_b", "status"], name="duplicate_pair_commune_b"),
            models.Index(fields=["province_a", "province_b", "status"], name="duplicate_pair_provinces"),
            # A person's pairs (the payroll guard, the person page); person_a leads the unique index.
            models.Index(fields=["person_b", "status"], name="duplicate_pair_person_b"),
        ]

    def __str__(self) -> str:
        return f"{self.person_a_id} ~ {self.person_b_id} ({self.match_probability:.2f}, {self.status})"


class LinkageModel(models.Model):
    """A trained linkage model (`registry.duplicates.engine.TrainedModel.as_dict`) for a scope:
    a province code, or "all" for a run over every province. `find_duplicates` writes it; the
    registration-time check reads it (`registry.duplicates.store`)."""

    scope = models.CharField(max_length=8, unique=True)
    model = models.JSONField()
    persons = models.PositiveIntegerField(default=0)
    trained_at = models.DateTimeField()

    class Meta:
        verbose_name = _("linkage model")
        verbose_name_plural = _("linkage models")

    def __str__(self) -> str:
        return f"{self.scope} ({self.persons} persons, {self.trained_at:%Y-%m-%d %H:%M})"

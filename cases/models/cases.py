from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .choices import OPEN_STATUSES, CaseKind, Domain, FundingSource, Outcome, ProviderKind, Status


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: date):
        return self.open().filter(due_on__lt=today)

    def by_association(self):
        """Cases where the association provides or funds the support."""
        return self.filter(Q(funding_source=FundingSource.ASSOCIATION) | Q(provider__kind=ProviderKind.ASSOCIATION))

    def bulk_create(self, objs, *args, **kwargs):
        """As Django's, filling each case's copy of its person's commune (and province code) when
        the caller left it empty."""
        objs = list(objs)
        missing = {case.person_id for case in objs if case.commune_id is None or not case.province_code}
        if missing:
            places = places_of_persons(missing)
            for case in objs:
                if case.commune_id is None or not case.province_code:
                    case.commune_id, case.province_code = places.get(case.person_id, (None, ""))
        return super().bulk_create(objs, *args, **kwargs)


def places_of_persons(person_ids) -> dict[int, tuple[int, str]]:
    """{person id: (current commune id, its province code)}, read in chunks (SQLite limits the
    parameters of a query)."""
    from registry.models import Person

    ids = sorted(person_ids)
    places: dict[int, tuple[int, str]] = {}
    for start in range(0, len(ids), 5000):
        rows = Person.objects.filter(pk__in=ids[start : start + 5000]).values_list("id", "commune_id", "province_code")
        places.update((pk, (commune_id, province)) for pk, commune_id, province in rows)
    return places


# The fields that decide what a case pays: a change of one after assessment or approval sends the
# case back for approval (status `assessed`), and its author does not approve it.
MONEY_FIELDS = ("support_type", "amount", "in_kind_value", "funding_source")


class Case(models.Model):
    """One need of one person and the support answering it (trường hợp hỗ trợ).

    The status changes only through the named transitions of `cases.workflow`; the other fields
    through `case_update`. A determination case carries the legal clock of the determination.
    """

    person = models.ForeignKey(
        "registry.Person", on_delete=models.PROTECT, related_name="cases", verbose_name=_("person")
    )
    # Copies of the person's current commune and its province code, so that the scope and the
    # commune filter of case lists read the case row and its indexes alone (`registry.scope.
    # person_rows_q`). Written by `save()` and `bulk_create()` from the person, and moved with the
    # person by `cases.services.moves` (called by `registry.services.person_move`); never edited.
    commune = models.ForeignKey(
        "registry.AdminUnit",
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        blank=True,
        db_index=False,  # the (commune, …, id) indexes below serve the foreign key
        verbose_name=_("commune"),
    )
    province_code = models.CharField(max_length=2, editable=False, blank=True)
    kind = models.CharField(_("case type"), max_length=16, choices=CaseKind.choices, default=CaseKind.SUPPORT)
    domain = models.CharField(_("domain"), max_length=32, choices=Domain.choices)
    support_type = models.ForeignKey(
        "policies.Policy", on_delete=models.PROTECT, related_name="cases", verbose_name=_("support type")
    )
    description = models.TextField(_("need"))
    requested_on = models.DateField(_("requested on"))
    provider = models.ForeignKey(
        "cases.Provider",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("provider"),
    )
    funding_source = models.CharField(_("funding source"), max_length=24, choices=FundingSource.choices, blank=True)
    amount = models.BigIntegerField(_("amount (đồng)"), null=True, blank=True)
    in_kind_description = models.CharField(_("in-kind support"), max_length=200, blank=True)
    in_kind_quantity = models.PositiveIntegerField(_("quantity"), null=True, blank=True)
    in_kind_value = models.BigIntegerField(_("in-kind value (đồng)"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_cases",
        verbose_name=_("assigned worker"),
    )
    clock_started_on = models.DateField(_("deadline counted from"), null=True, blank=True, editable=False)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.REQUESTED)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    outcome_on = models.DateField(_("outcome date"), null=True, blank=True)

    # Disability determination cases only.
    council_minutes_on = models.DateField(_("date of the council's minutes"), null=True, blank=True)
    determination = models.ForeignKey(
        "registry.Determination",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("determination"),
    )
    certificate = models.ForeignKey(
        "registry.Certificate",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("certificate"),
    )

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved or rejected by"),
    )
    # Who changed the amount, support type or funding since the last approval: none of them approves
    # (registry.maker_checker, pair "case_money"). Emptied by the approval.
    money_makers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("money changed by")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at", "version", "commune", "province_code"])
    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("support case")
        verbose_name_plural = _("support cases")
        ordering = ["-requested_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gte=0), name="case_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(in_kind_value__isnull=True) | Q(in_kind_value__gte=0),
                name="case_in_kind_value_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(status="completed") | ~Q(outcome=""), name="case_completed_has_outcome"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["assigned_to", "status"]),
            # Lists are "scope + filters, newest first, 50 rows": each index ends with the id so the
            # database reads the newest matching rows in order and stops after the page.
            models.Index(fields=["commune", "id"], name="case_commune_newest"),
            models.Index(fields=["domain", "status", "id"], name="case_domain_status_newest"),
            models.Index(fields=["commune", "domain", "id"], name="case_commune_domain_newest"),
            models.Index(fields=["commune", "domain", "status", "id"], name="case_commune_dom_status_newest"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.person} · {self.get_domain_display()}"

    def save(self, *args, **kwargs):
        if (self.commune_id is None or not self.province_code) and self.person_id is not None:
            person = self.person if Case.person.is_cached(self) else None
            if person is not None and person.province_code:
                self.commune_id, self.province_code = person.commune_id, person.province_code
            else:
                self.commune_id, self.province_code = places_of_persons([self.person_id])[self.person_id]
        super().save(*args, **kwargs)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def money_maker_ids(self) -> frozenset[int]:
        """Ids of `money_makers`, read once per instance (or set by a list that read them for a page)."""
        ids = self.__dict__.get("_money_maker_ids")
        if ids is None:
            ids = frozenset(self.money_makers.values_list("id", flat=True)) if self.pk else frozenset()
            self.__dict__["_money_maker_ids"] = ids
        return ids

    def is_overdue_on(self, today: date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.is_open and self.due_on is not None and self.due_on < today

    @property
    def is_overdue(self) -> bool:
        return self.is_overdue_on()

    @property
    def is_determination(self) -> bool:
        return self.kind == CaseKind.DETERMINATION


class StepAction(models.TextChoices):
    CREATED = "created", pgettext_lazy("case step", "Opened")
    ASSESS = "assess", pgettext_lazy("case step", "Assessed")
    APPROVE = "approve", pgettext_lazy("case step", "Approved")
    REJECT = "reject", pgettext_lazy("case step", "Rejected")
    START = "start", pgettext_lazy("case step", "Started")
    COMPLETE = "complete", pgettext_lazy("case step", "Completed")
    CANCEL = "cancel", pgettext_lazy("case step", "Cancelled")
    REOPEN = "reopen", pgettext_lazy("case step", "Reopened")
    EDIT = "edit", pgettext_lazy("case step", "Edited")
    NOTE = "note", pgettext_lazy("case step", "Note")
    REFERRAL = "referral", pgettext_lazy("case step", "Referral")
    ATTACHMENT = "attachment", pgettext_lazy("case step", "Attachment")


class CaseStep(models.Model):
    """The case's timeline: every transition (actor, time, note), edit, note, referral and attachment."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    action = models.CharField(_("action"), max_length=16, choices=StepAction.choices)
    from_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["case", "at"])]

    def __str__(self) -> str:
        return f"{self.case_id} {self.action} {self.at:%d/%m/%Y %H:%M}"

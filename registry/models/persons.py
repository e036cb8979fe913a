from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .names import FoldedNameField


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class DisabilityType(models.TextChoices):
    MOBILITY = "mobility", _("Mobility")
    HEARING_SPEECH = "hearing_speech", _("Hearing, speech")
    VISION = "vision", _("Vision")
    NEURO_PSYCHOSOCIAL = "neuro_psychosocial", _("Neurological, psychosocial")
    INTELLECTUAL = "intellectual", _("Intellectual")
    OTHER = "other", _("Other")


class DisabilityLevel(models.TextChoices):
    ESPECIALLY_SEVERE = "especially_severe", _("Especially severe")
    SEVERE = "severe", _("Severe")
    MILD = "mild", _("Mild")


class Cause(models.TextChoices):
    CONGENITAL = "congenital", _("Congenital")
    ILLNESS = "illness", _("Illness")
    ACCIDENT = "accident", _("Accident")
    WAR = "war", _("War or toxic chemicals")
    OCCUPATIONAL = "occupational", _("Occupational")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class Poverty(models.TextChoices):
    POOR = "poor", _("Poor household")
    NEAR_POOR = "near_poor", _("Near-poor household")
    NONE = "none", _("Neither")


class PersonStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    MOVED_OUT = "moved_out", _("Moved out")
    DECEASED = "deceased", _("Deceased")


class AgeGroup(models.TextChoices):
    CHILD = "child", _("Child under 16")
    ADULT = "adult", _("Aged 16–59")
    ELDERLY = "elderly", _("Elderly 60+")


# GSO code list 121-TCTK/PPCĐ (domain.md §7) plus two codes of ours: 55 foreigner, 99 unknown.
ETHNIC_GROUPS = [
    ("01", "Kinh"), ("02", "Tày"), ("03", "Thái"), ("04", "Hoa"), ("05", "Khơ-me"), ("06", "Mường"),
    ("07", "Nùng"), ("08", "Hmông"), ("09", "Dao"), ("10", "Gia-rai"), ("11", "Ngái"), ("12", "Ê-đê"),
    ("13", "Ba-na"), ("14", "Xơ-đăng"), ("15", "Sán Chay"), ("16", "Cơ-ho"), ("17", "Chăm"),
    ("18", "Sán Dìu"), ("19", "Hrê"), ("20", "Mnông"), ("21", "Ra-glai"), ("22", "Xtiêng"),
    ("23", "Bru-Vân Kiều"), ("24", "Thổ"), ("25", "Giáy"), ("26", "Cơ-tu"), ("27", "Giẻ-Triêng"),
    ("28", "Mạ"), ("29", "Khơ-mú"), ("30", "Co"), ("31", "Tà-ôi"), ("32", "Chơ-ro"), ("33", "Kháng"),
    ("34", "Xinh-mun"), ("35", "Hà Nhì"), ("36", "Chu-ru"), ("37", "Lào"), ("38", "La Chí"),
    ("39", "La Ha"), ("40", "Phù Lá"), ("41", "La Hủ"), ("42", "Lự"), ("43", "Lô Lô"), ("44", "Chứt"),
    ("45", "Mảng"), ("46", "Pà Thẻn"), ("47", "Cờ Lao"), ("48", "Cống"), ("49", "Bố Y"), ("50", "Si La"),
    ("51", "Pu Péo"), ("52", "Brâu"), ("53", "Ơ Đu"), ("54", "Rơ-măm"),
    ("55", _("Foreigner")), ("99", _("Unknown")),
]
Ethnicity = models.TextChoices("Ethnicity", [(f"E{code}", (code, label)) for code, label in ETHNIC_GROUPS])
ETHNICITY_NAMES = dict(ETHNIC_GROUPS)

# Washington Group Short Set: six questions, four answers.
WG_ANSWERS = [
    (1, _("No difficulty")),
    (2, _("Some difficulty")),
    (3, _("A lot of difficulty")),
    (4, _("Cannot do at all")),
]
WG_QUESTIONS = [
    ("wg_seeing", _("Seeing, even if wearing glasses")),
    ("wg_hearing", _("Hearing, even if using a hearing aid")),
    ("wg_walking", _("Walking or climbing steps")),
    ("wg_remembering", _("Remembering or concentrating")),
    ("wg_self_care", _("Self-care, such as washing all over or dressing")),
    ("wg_communicating", _("Communicating in the usual language")),
]

TYPE_FIELDS = {t.value: f"type_{t.value}" for t in DisabilityType}


class PersonQuerySet(models.QuerySet):
    def alive(self):
        return self.exclude(status=PersonStatus.DECEASED)

    def not_deleted(self):
        return self.filter(deleted_at__isnull=True)

    def bulk_create(self, objs, *args, **kwargs):
        """As Django's, filling each person's copy of its commune's province code when empty."""
        objs = list(objs)
        missing = {p.commune_id for p in objs if p.commune_id is not None and not p.province_code}
        if missing:
            from .units import AdminUnit

            codes = dict(AdminUnit.objects.filter(pk__in=missing).values_list("id", "province_code"))
            for person in objs:
                if person.commune_id is not None and not person.province_code:
                    person.province_code = codes.get(person.commune_id, "")
        return super().bulk_create(objs, *args, **kwargs)


class Person(models.Model):
    """A registered person with a disability. Never hard-deleted.

    Types and level are denormalised from the latest valid determination by the services (one
    writer), so lists, filters and counts need no join.
    """

    full_name = models.CharField(_("full name"), max_length=120)
    name_folded = FoldedNameField(max_length=120, db_index=True, editable=False)
    date_of_birth = models.DateField(_("date of birth"))
    birth_date_approximate = models.BooleanField(
        _("year of birth only"), default=False, help_text=_("Only the year is known; 1 January is used for age rules.")
    )
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    ethnicity = models.CharField(_("ethnicity"), max_length=2, choices=Ethnicity.choices, default="01")
    national_id = models.CharField(_("personal ID number"), max_length=12, null=True, blank=True)
    commune = models.ForeignKey(
        "registry.AdminUnit", on_delete=models.PROTECT, related_name="residents", verbose_name=_("commune")
    )
    # A copy of the commune's province code, kept by the person services with the commune: scope
    # filters match a whole province on the person's own row (no join; an index can carry it).
    province_code = models.CharField(max_length=2, editable=False, blank=True)
    village = models.CharField(_("village / street"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    type_mobility = models.BooleanField(_("mobility"), default=False)
    type_hearing_speech = models.BooleanField(_("hearing, speech"), default=False)
    type_vision = models.BooleanField(_("vision"), default=False)
    type_neuro_psychosocial = models.BooleanField(_("neurological, psychosocial"), default=False)
    type_intellectual = models.BooleanField(_("intellectual"), default=False)
    type_other = models.BooleanField(_("other"), default=False)
    level = models.CharField(_("disability level"), max_length=20, choices=DisabilityLevel.choices, blank=True)

    cause = models.CharField(_("cause"), max_length=16, choices=Cause.choices, default=Cause.UNKNOWN)
    poverty_status = models.CharField(_("household poverty"), max_length=10, choices=Poverty.choices, default=Poverty.NONE)
    poverty_year = models.PositiveSmallIntegerField(_("poverty status year"), null=True, blank=True)

    caregiver_name = models.CharField(_("caregiver name"), max_length=120, blank=True)
    caregiver_relation = models.CharField(_("relation"), max_length=60, blank=True)
    caregiver_phone = models.CharField(_("caregiver phone"), max_length=20, blank=True)
    caregiver_national_id = models.CharField(_("caregiver ID number"), max_length=12, blank=True)
    caregiver_person = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="cared_for",
        verbose_name=_("caregiver (registered person)"),
    )

    association_member_since = models.DateField(_("association member since"), null=True, blank=True)

    wg_seeing = models.PositiveSmallIntegerField(_("WG: seeing"), choices=WG_ANSWERS, null=True, blank=True)
    wg_hearing = models.PositiveSmallIntegerField(_("WG: hearing"), choices=WG_ANSWERS, null=True, blank=True)
    wg_walking = models.PositiveSmallIntegerField(_("WG: walking"), choices=WG_ANSWERS, null=True, blank=True)
    wg_remembering = models.PositiveSmallIntegerField(_("WG: remembering"), choices=WG_ANSWERS, null=True, blank=True)
    wg_self_care = models.PositiveSmallIntegerField(_("WG: self-care"), choices=WG_ANSWERS, null=True, blank=True)
    wg_communicating = models.PositiveSmallIntegerField(
        _("WG: communicating"), choices=WG_ANSWERS, null=True, blank=True
    )

    notes = models.TextField(_("notes"), blank=True)

    status = models.CharField(_("status"), max_length=10, choices=PersonStatus.choices, default=PersonStatus.ACTIVE)
    died_on = models.DateField(_("date of death"), null=True, blank=True)

    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["name_folded", "province_code", "updated_at", "version"])
    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["name_folded", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["national_id"],
                condition=Q(national_id__isnull=False, deleted_at__isnull=True),
                name="person_unique_national_id",
            ),
            models.CheckConstraint(
                condition=Q(status="deceased", died_on__isnull=False) | ~Q(status="deceased"),
                name="person_deceased_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["commune", "name_folded"]),
            models.Index(fields=["commune", "status"]),
            models.Index(fields=["date_of_birth"]),
            # The few deleted persons, read once by scope filters on other rows (`scope.person_rows_q`).
            models.Index(fields=["id"], condition=Q(deleted_at__isnull=False), name="person_deleted"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        """Keeps the copy of the commune's province code with the commune (the services set both;
        a write straight to the model gets it here). `QuerySet.update(commune=…)` does not: moves
        go through `person_move`."""
        if self.commune_id is not None:
            if type(self).commune.is_cached(self):
                code = self.commune.province_code
            else:
                from .units import AdminUnit

                code = AdminUnit.objects.filter(pk=self.commune_id).values_list("province_code", flat=True).first()
            if code is not None and code != self.province_code:
                self.province_code = code
                update_fields = kwargs.get("update_fields")
                if update_fields is not None and "province_code" not in update_fields:
                    kwargs["update_fields"] = [*update_fields, "province_code"]
        super().save(*args, **kwargs)

    # Derived, never stored -------------------------------------------------------------
    @property
    def disability_types(self) -> list[str]:
        return [code for code, field in TYPE_FIELDS.items() if getattr(self, field)]

    @property
    def disability_type_labels(self) -> list[str]:
        return [str(DisabilityType(code).label) for code in self.disability_types]

    @property
    def birth_year(self) -> int:
        return self.date_of_birth.year

    @property
    def is_woman(self) -> bool:
        return self.sex == Sex.FEMALE and self.age_on(timezone.localdate()) >= 16

    @property
    def is_association_member(self) -> bool:
        return self.association_member_since is not None

    def age_on(self, day: date) -> int:
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def age_group_on(self, day: date) -> str:
        return age_group(self.age_on(day))

    @property
    def wg_answers(self) -> dict[str, int | None]:
        return {field: getattr(self, field) for field, _label in WG_QUESTIONS}


def age_group(age: int) -> str:
    if age < 16:
        return AgeGroup.CHILD
    if age < 60:
        return AgeGroup.ADULT
    return AgeGroup.ELDERLY


class Residence(models.Model):
    """A period of residence in a commune; the open period (ended_on empty) is the current one."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="residences")
    commune = models.ForeignKey("registry.AdminUnit", on_delete=models.PROTECT, related_name="+")
    village = models.CharField(max_length=200, blank=True)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    class Meta:
        verbose_name = _("residence")
        verbose_name_plural = _("residences")
        ordering = ["person", "started_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(ended_on__isnull=True), name="one_open_residence"),
        ]
        indexes = [
            models.Index(fields=["commune", "person"]),
            # The few ended periods: who moved out of a scope (`scope.persons_visible_to`).
            models.Index(fields=["commune", "person"], condition=Q(ended_on__isnull=False), name="residence_ended"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} @ {self.commune_id} [{self.started_on} – {self.ended_on}]"


class Council(models.TextChoices):
    COMMUNE = "commune", _("Commune determination council")
    MEDICAL = "medical", _("Medical assessment council")


class DeterminationForm(models.TextChoices):
    FORM_02 = "02", _("Form 02 (children under 6)")
    FORM_03 = "03", _("Form 03 (aged 6 and over)")
    RECORDED = "", _("Recorded from an earlier file")


# The ten activities of form 03, scored 0 (alone) / 1 (with help) / 2 (cannot).
ACTIVITIES = [
    ("walking", _("Walking")),
    ("eating", _("Eating")),
    ("toileting", _("Toileting")),
    ("hygiene", _("Personal hygiene")),
    ("dressing", _("Dressing")),
    ("hearing_understanding", _("Hearing and understanding")),
    ("speaking", _("Expressing by speech")),
    ("work", _("Chores or productive work")),
    ("social", _("Social participation")),
    ("learning", _("Reading, writing, learning")),
]


class Determination(models.Model):
    """The council's assessment and conclusion. The latest valid one sets the person's types and level."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="determinations")
    determined_on = models.DateField(_("date"))
    council = models.CharField(_("council"), max_length=10, choices=Council.choices, default=Council.COMMUNE)
    form = models.CharField(_("form"), max_length=2, choices=DeterminationForm.choices, blank=True)
    scores = models.JSONField(_("activity scores"), default=dict, blank=True)
    total_score = models.PositiveSmallIntegerField(_("total score"), null=True, blank=True)
    disability_types = models.JSONField(_("disability types"), default=list)
    level = models.CharField(_("disability level"), max_length=20, choices=DisabilityLevel.choices)
    level_override_reason = models.CharField(_("reason for overriding the scored level"), max_length=300, blank=True)
    is_valid = models.BooleanField(_("valid"), default=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("determination")
        verbose_name_plural = _("determinations")
        ordering = ["-determined_on", "-id"]

    def __str__(self) -> str:
        return f"{self.person} {self.determined_on:%d/%m/%Y} {self.get_level_display()}"

    @property
    def disability_type_labels(self) -> list[str]:
        return [str(DisabilityType(code).label) for code in self.disability_types]


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    EXCHANGED = "exchanged", _("Exchanged")
    REISSUED = "reissued", _("Re-issued")
    REVOKED = "revoked", _("Revoked")


class Certificate(models.Model):
    """Giấy xác nhận khuyết tật (form 06). At most one valid certificate per person."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="certificates")
    number = models.CharField(_("certificate number"), max_length=40)
    issued_on = models.DateField(_("issue date"))
    issuing_commune = models.ForeignKey(
        "registry.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("issuing commune")
    )
    determination = models.ForeignKey(
        Determination, on_delete=models.PROTECT, null=True, blank=True, related_name="certificates"
    )
    status = models.CharField(_("status"), max_length=10, choices=CertificateStatus.choices, default=CertificateStatus.VALID)
    status_changed_on = models.DateField(null=True, blank=True)
    verification_token = models.CharField(max_length=43, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person"], condition=Q(status="valid"), name="one_valid_certificate"),
            models.UniqueConstraint(fields=["issuing_commune", "number"], name="certificate_number_unique_in_commune"),
        ]

    def __str__(self) -> str:
        return self.number

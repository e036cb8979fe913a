"""Serializers of the registry endpoints: units, persons, determinations, certificates, history.

Output serializers shape what a viewer may read (ID numbers only for roles that see them);
input serializers check types and shapes and turn codes into units. Every rule about persons
lives in `registry.services`; the views hand them the validated data.
"""

from datetime import date

from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer

from registry.models import AdminUnit, Certificate, Determination, Person
from registry.models.persons import (
    TYPE_FIELDS,
    WG_ANSWERS,
    WG_QUESTIONS,
    Cause,
    CertificateStatus,
    Council,
    DeterminationForm,
    DisabilityLevel,
    DisabilityType,
    Ethnicity,
    PersonStatus,
    Poverty,
    Sex,
)
from registry.scope import persons_visible_to, scope_of

from .common import UnitCodeField
from .fast import datetime_text

NATIONAL_ID_FIELDS = ("national_id", "caregiver_national_id")
WG_FIELDS = [name for name, _label in WG_QUESTIONS]


def _viewer(context):
    request = context.get("request")
    return getattr(request, "user", None)


def _sees_national_id(context) -> bool:
    user = _viewer(context)
    return bool(user is not None and user.is_authenticated and scope_of(user).sees_national_id)


# Administrative units ------------------------------------------------------------------------
class AdminUnitSerializer(serializers.ModelSerializer):
    parent = serializers.SerializerMethodField(help_text=_("Code of the parent unit (none for a province)."))
    successors = serializers.SerializerMethodField(
        help_text=_("For a pre-2025 commune: the codes of the current communes that replaced it.")
    )

    class Meta:
        model = AdminUnit
        fields = [
            "id", "code", "name", "division_type", "level", "parent", "province_code",
            "is_current", "valid_from", "valid_to", "successors",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_parent(self, unit: AdminUnit) -> str | None:
        return unit.parent.code if unit.parent_id else None

    def get_successors(self, unit: AdminUnit) -> list[str]:
        return sorted(s.code for s in unit.successors.all())


# Persons: output -----------------------------------------------------------------------------
class PersonSerializer(serializers.Serializer):
    """A person as the viewer may see them. `national_id` and `caregiver_national_id` are left
    out entirely for roles that do not see ID numbers (the association officer)."""

    id = serializers.IntegerField(read_only=True)
    full_name = serializers.CharField(read_only=True)
    date_of_birth = serializers.SerializerMethodField(help_text=_("Null when only the year of birth is known."))
    birth_year = serializers.IntegerField(read_only=True)
    birth_date_approximate = serializers.BooleanField(read_only=True)
    sex = serializers.ChoiceField(choices=Sex.choices, read_only=True)
    ethnicity = serializers.ChoiceField(choices=Ethnicity.choices, read_only=True)
    national_id = serializers.CharField(
        read_only=True, allow_null=True, help_text=_("Left out for roles that do not see ID numbers.")
    )
    commune = serializers.CharField(source="commune.code", read_only=True, help_text=_("Five-digit commune code."))
    commune_name = serializers.CharField(source="commune.name", read_only=True)
    village = serializers.CharField(read_only=True)
    phone = serializers.CharField(read_only=True)
    disability_types = serializers.ListField(
        child=serializers.ChoiceField(choices=DisabilityType.choices), read_only=True
    )
    level = serializers.ChoiceField(choices=DisabilityLevel.choices, allow_blank=True, read_only=True)
    status = serializers.SerializerMethodField(
        help_text=_("active, moved_out (moved out of the viewer's communes) or deceased.")
    )
    died_on = serializers.DateField(read_only=True, allow_null=True)
    cause = serializers.ChoiceField(choices=Cause.choices, read_only=True)
    poverty_status = serializers.ChoiceField(choices=Poverty.choices, read_only=True)
    poverty_year = serializers.IntegerField(read_only=True, allow_null=True)
    caregiver_name = serializers.CharField(read_only=True)
    caregiver_relation = serializers.CharField(read_only=True)
    caregiver_phone = serializers.CharField(read_only=True)
    caregiver_national_id = serializers.CharField(
        read_only=True, help_text=_("Left out for roles that do not see ID numbers.")
    )
    caregiver_person = serializers.IntegerField(source="caregiver_person_id", read_only=True, allow_null=True)
    association_member_since = serializers.DateField(read_only=True, allow_null=True)
    wg_seeing = serializers.ChoiceField(choices=WG_ANSWERS, read_only=True, allow_null=True)
    wg_hearing = serializers.ChoiceField(choices=WG_ANSWERS, read_only=True, allow_null=True)
    wg_walking = serializers.ChoiceField(choices=WG_ANSWERS, read_only=True, allow_null=True)
    wg_remembering = serializers.ChoiceField(choices=WG_ANSWERS, read_only=True, allow_null=True)
    wg_self_care = serializers.ChoiceField(choices=WG_ANSWERS, read_only=True, allow_null=True)
    wg_communicating = serializers.ChoiceField(choices=WG_ANSWERS, read_only=True, allow_null=True)
    notes = serializers.CharField(read_only=True)
    version = serializers.IntegerField(read_only=True, help_text=_("Send it back with an update."))
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)

    @extend_schema_field(OpenApiTypes.DATE)
    def get_date_of_birth(self, person: Person) -> date | None:
        return None if person.birth_date_approximate else person.date_of_birth

    @extend_schema_field(serializers.ChoiceField(choices=PersonStatus.choices))
    def get_status(self, person: Person) -> str:
        return getattr(person, "viewer_status", person.status)

    def to_representation(self, person: Person) -> dict:
        """The document the declared fields describe, built directly (see `person_document`)."""
        commune = person.commune
        return person_document(
            person, commune.code, commune.name, person.disability_types, sees_ids=_sees_national_id(self.context)
        )


# The person list reads the columns a row shows (no model instances) and shapes the same document.
PERSON_LIST_COLUMNS = (
    "id", "full_name", "date_of_birth", "birth_date_approximate", "sex", "ethnicity", "national_id",
    "commune__code", "commune__name", "village", "phone", *TYPE_FIELDS.values(), "level", "status",
    "viewer_status", "died_on", "cause", "poverty_status", "poverty_year", "caregiver_name", "caregiver_relation",
    "caregiver_phone", "caregiver_national_id", "caregiver_person_id", "association_member_since", *WG_FIELDS,
    "notes", "version", "created_at", "updated_at",
)  # fmt: skip
_TYPES = tuple(TYPE_FIELDS.items())


def person_list_documents(rows, *, context) -> list[dict]:
    """The list's documents from `values_list(*PERSON_LIST_COLUMNS, named=True)` rows."""
    sees_ids = _sees_national_id(context)
    tz = timezone.get_current_timezone()
    return [
        person_document(
            row,
            row.commune__code,
            row.commune__name,
            [code for code, name in _TYPES if getattr(row, name)],
            sees_ids=sees_ids,
            tz=tz,
        )  # fmt: skip
        for row in rows
    ]


def person_document(person, commune_code: str, commune_name: str, disability_types: list[str], *, sees_ids: bool,
                    tz=None):  # fmt: skip
    """A person as `PersonSerializer` declares it, from a Person or a row with the same attribute
    names. Built directly: a list of 50 persons is one of the API's hottest paths and DRF's generic
    field walk costs more than the query (`tests/api/test_person_list_speed_path.py` checks it
    against the generic walk)."""
    data = {
        "id": person.id,
        "full_name": person.full_name,
        "date_of_birth": None if person.birth_date_approximate else person.date_of_birth,
        "birth_year": person.date_of_birth.year,
        "birth_date_approximate": person.birth_date_approximate,
        "sex": person.sex,
        "ethnicity": person.ethnicity,
        "national_id": person.national_id,
        "commune": commune_code,
        "commune_name": commune_name,
        "village": person.village,
        "phone": person.phone,
        "disability_types": disability_types,
        "level": person.level,
        "status": getattr(person, "viewer_status", person.status),
        "died_on": _iso(person.died_on),
        "cause": person.cause,
        "poverty_status": person.poverty_status,
        "poverty_year": person.poverty_year,
        "caregiver_name": person.caregiver_name,
        "caregiver_relation": person.caregiver_relation,
        "caregiver_phone": person.caregiver_phone,
        "caregiver_national_id": person.caregiver_national_id,
        "caregiver_person": person.caregiver_person_id,
        "association_member_since": _iso(person.association_member_since),
        "wg_seeing": person.wg_seeing,
        "wg_hearing": person.wg_hearing,
        "wg_walking": person.wg_walking,
        "wg_remembering": person.wg_remembering,
        "wg_self_care": person.wg_self_care,
        "wg_communicating": person.wg_communicating,
        "notes": person.notes,
        "version": person.version,
        "created_at": datetime_text(person.created_at, tz),
        "updated_at": datetime_text(person.updated_at, tz),
    }
    if not sees_ids:
        for field in NATIONAL_ID_FIELDS:
            del data[field]
    return data


def _iso(value):
    return value.isoformat() if value is not None else None


# Persons: input ------------------------------------------------------------------------------
class _PersonFieldsInput(serializers.Serializer):
    """The person's own fields, shared by create and update."""

    full_name = serializers.CharField(max_length=120)
    date_of_birth = serializers.DateField(required=False, allow_null=True, help_text=_("ISO date, e.g. 1980-05-17."))
    birth_year = serializers.IntegerField(
        required=False, allow_null=True, min_value=1900, max_value=9999,
        help_text=_("When only the year is known (instead of date_of_birth)."),
    )  # fmt: skip
    sex = serializers.ChoiceField(choices=Sex.choices)
    ethnicity = serializers.ChoiceField(choices=Ethnicity.choices, required=False)
    national_id = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=40)
    village = serializers.CharField(required=False, allow_blank=True, max_length=200)
    phone = serializers.CharField(required=False, allow_blank=True, max_length=20)
    cause = serializers.ChoiceField(choices=Cause.choices, required=False)
    poverty_status = serializers.ChoiceField(choices=Poverty.choices, required=False)
    poverty_year = serializers.IntegerField(required=False, allow_null=True, min_value=1900, max_value=9999)
    caregiver_name = serializers.CharField(required=False, allow_blank=True, max_length=120)
    caregiver_relation = serializers.CharField(required=False, allow_blank=True, max_length=60)
    caregiver_phone = serializers.CharField(required=False, allow_blank=True, max_length=20)
    caregiver_national_id = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=40)
    caregiver_person = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("Id of the caregiver when they are a registered person.")
    )
    association_member_since = serializers.DateField(required=False, allow_null=True)
    wg_seeing = serializers.ChoiceField(choices=WG_ANSWERS, required=False, allow_null=True)
    wg_hearing = serializers.ChoiceField(choices=WG_ANSWERS, required=False, allow_null=True)
    wg_walking = serializers.ChoiceField(choices=WG_ANSWERS, required=False, allow_null=True)
    wg_remembering = serializers.ChoiceField(choices=WG_ANSWERS, required=False, allow_null=True)
    wg_self_care = serializers.ChoiceField(choices=WG_ANSWERS, required=False, allow_null=True)
    wg_communicating = serializers.ChoiceField(choices=WG_ANSWERS, required=False, allow_null=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    confirm_duplicate = serializers.BooleanField(
        required=False, default=False,
        help_text=_("Set to true to save although a person with the same name and birth year lives in the commune."),
    )  # fmt: skip

    # Fields passed to the services as they are.
    PLAIN_FIELDS = [
        "full_name", "sex", "ethnicity", "national_id", "commune", "village", "phone", "cause",
        "poverty_status", "poverty_year", "caregiver_name", "caregiver_relation", "caregiver_phone",
        "caregiver_national_id", "association_member_since", "notes", *WG_FIELDS,
    ]  # fmt: skip
    birth_required = True

    def validate_caregiver_person(self, value):
        if value is None:
            return None
        person = persons_visible_to(_viewer(self.context)).filter(pk=value).first()
        if person is None:
            raise serializers.ValidationError(_("There is no registered person with this id in your area."))
        return person

    def validate(self, attrs):
        has_date = attrs.get("date_of_birth") is not None
        has_year = attrs.get("birth_year") is not None
        if has_date and has_year:
            if attrs["date_of_birth"].year != attrs["birth_year"]:
                raise serializers.ValidationError(
                    {"birth_year": [_("The year of birth does not match the date of birth.")]}
                )
            attrs = {k: v for k, v in attrs.items() if k != "birth_year"}  # the full date wins
        if self.birth_required and not (has_date or has_year):
            raise serializers.ValidationError({"date_of_birth": [_("Enter the date of birth (or the year of birth).")]})
        return attrs

    def person_data(self) -> dict:
        """The validated fields as the services take them (model field names)."""
        attrs = self.validated_data
        data = {field: attrs[field] for field in self.PLAIN_FIELDS if field in attrs}
        if "caregiver_person" in attrs:
            data["caregiver_person"] = attrs["caregiver_person"]
        if attrs.get("birth_year") is not None:
            data["date_of_birth"] = date(attrs["birth_year"], 1, 1)
            data["birth_date_approximate"] = True
        elif attrs.get("date_of_birth") is not None:
            data["date_of_birth"] = attrs["date_of_birth"]
            data["birth_date_approximate"] = False
        for field in ("national_id", "caregiver_national_id"):
            if field in data and data[field] is None:
                data[field] = ""
        return data


class PersonCreateSerializer(_PersonFieldsInput):
    commune = UnitCodeField(help_text=_("Five-digit code of a current commune in your area."))
    disability_types = serializers.ListField(
        child=serializers.ChoiceField(choices=DisabilityType.choices), required=False, default=list
    )
    level = serializers.ChoiceField(choices=DisabilityLevel.choices, required=False, allow_blank=True, default="")
    determined_on = serializers.DateField(
        required=False, allow_null=True, help_text=_("Date of the determination the types and level come from.")
    )

    def service_kwargs(self) -> dict:
        attrs = self.validated_data
        return {
            "data": self.person_data(),
            "disability_types": list(dict.fromkeys(attrs.get("disability_types") or [])),
            "level": attrs.get("level") or "",
            "determined_on": attrs.get("determined_on"),
            "confirm_duplicate": attrs.get("confirm_duplicate", False),
        }


class PersonUpdateSerializer(_PersonFieldsInput):
    """PUT and PATCH. Types and level change through a determination, the commune through a move."""

    commune = UnitCodeField(required=False, help_text=_("Read only here: use the move action to change it."))
    version = serializers.IntegerField(help_text=_("The version you read; a newer one on the server answers 409."))

    def __init__(self, *args, person: Person | None = None, **kwargs):
        self.person = person
        super().__init__(*args, **kwargs)
        self.birth_required = not self.partial

    def validate(self, attrs):
        attrs = super().validate(attrs)
        errors = {}
        if attrs.get("version") is None:  # required for PATCH too
            errors["version"] = [self.fields["version"].error_messages["required"]]
        person = self.person
        data = self.initial_data if hasattr(self.initial_data, "get") else {}
        if person is not None:
            types = (
                data.getlist("disability_types") or None if hasattr(data, "getlist") else data.get("disability_types")
            )
            if types is not None and sorted(types or []) != sorted(person.disability_types):
                errors["disability_types"] = [_("Types and level change by recording a determination.")]
            level = data.get("level")
            if level is not None and (level or "") != person.level:
                errors["level"] = [_("Types and level change by recording a determination.")]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def service_kwargs(self) -> dict:
        return {
            "data": self.person_data(),
            "confirm_duplicate": self.validated_data.get("confirm_duplicate", False),
            "expected_version": self.validated_data["version"],
        }


class PersonMoveSerializer(serializers.Serializer):
    commune = UnitCodeField(help_text=_("Five-digit code of the current commune the person moves to."))
    date = serializers.DateField(help_text=_("Date of the move (ISO)."))
    village = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")


class PersonDeceasedSerializer(serializers.Serializer):
    date = serializers.DateField(help_text=_("Date of death (ISO)."))


# Determinations -------------------------------------------------------------------------------
class DeterminationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Determination
        fields = [
            "id", "determined_on", "council", "form", "scores", "total_score", "disability_types", "level",
            "level_override_reason", "is_valid", "notes", "created_at",
        ]  # fmt: skip
        read_only_fields = fields


class DeterminationInputSerializer(serializers.Serializer):
    determined_on = serializers.DateField()
    council = serializers.ChoiceField(choices=Council.choices, required=False, default=Council.COMMUNE)
    form = serializers.ChoiceField(
        choices=DeterminationForm.choices, required=False, allow_blank=True, default="",
        help_text=_("02 (under 6), 03 (6 and over, scored) or empty for a determination recorded from a file."),
    )  # fmt: skip
    scores = serializers.DictField(
        child=serializers.IntegerField(), required=False, default=dict,
        help_text=_("Form 03: the ten activities scored 0, 1 or 2."),
    )  # fmt: skip
    disability_types = serializers.ListField(child=serializers.ChoiceField(choices=DisabilityType.choices))
    level = serializers.ChoiceField(
        choices=DisabilityLevel.choices, required=False, allow_blank=True, default="",
        help_text=_("Form 03: follows from the total unless overridden with a reason."),
    )  # fmt: skip
    level_override_reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    notes = serializers.CharField(required=False, allow_blank=True, default="")


# Certificates --------------------------------------------------------------------------------
class CertificateSerializer(serializers.ModelSerializer):
    issuing_commune = serializers.CharField(source="issuing_commune.code", read_only=True)
    issuing_commune_name = serializers.CharField(source="issuing_commune.name", read_only=True)
    determination = serializers.IntegerField(source="determination_id", read_only=True, allow_null=True)
    verification_url = serializers.SerializerMethodField(
        help_text=_("Public page confirming the certificate (printed as a QR code on the card).")
    )

    class Meta:
        model = Certificate
        fields = [
            "id", "number", "issued_on", "issuing_commune", "issuing_commune_name", "status",
            "status_changed_on", "determination", "verification_url",
        ]  # fmt: skip
        read_only_fields = fields

    def get_verification_url(self, certificate: Certificate) -> str:
        return verification_url(certificate, self.context.get("request"))


def verification_url(certificate: Certificate, request=None) -> str:
    try:
        path = reverse("certificate_verify", kwargs={"token": certificate.verification_token})
    except NoReverseMatch:
        path = f"/verify/{certificate.verification_token}/"
    return request.build_absolute_uri(path) if request is not None else path


class CertificateInputSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=40)
    issued_on = serializers.DateField()
    issuing_commune = UnitCodeField(help_text=_("Five-digit code of the issuing commune (one of yours)."))
    replaced_status = serializers.ChoiceField(
        choices=[(CertificateStatus.REISSUED, CertificateStatus.REISSUED.label),
                 (CertificateStatus.EXCHANGED, CertificateStatus.EXCHANGED.label)],
        required=False, default=CertificateStatus.REISSUED,
        help_text=_("What becomes of the valid certificate this one replaces."),
    )  # fmt: skip


# History -------------------------------------------------------------------------------------
class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField()
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField(allow_null=True)


class HistoryEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    at = serializers.DateTimeField()
    user = serializers.CharField(allow_null=True, help_text=_("Username of who made the change."))
    user_full_name = serializers.CharField(allow_null=True)
    type = serializers.ChoiceField(choices=[("created", "created"), ("changed", "changed"), ("deleted", "deleted")])
    reason = serializers.CharField(allow_blank=True)
    changes = FieldChangeSerializer(many=True)


class TokenRequestSerializer(AuthTokenSerializer):
    # DRF's check of `username` and `password` (through `authenticate`, so the login throttle
    # applies); it leaves the authenticated user in `validated_data["user"]`.
    token = None


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text=_("Send it as `Authorization: Token <token>`."))
    expiry = serializers.DateTimeField(
        help_text=_("When the token lapses if it is not used; each use moves it on, up to the absolute limit.")
    )

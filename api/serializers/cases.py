"""Serializers of the cases endpoints: separate input and output, no writable nesting.

Input serializers only parse; the services in `cases.services` decide. ID numbers appear only
for roles that see them (never for the association officer).
"""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases import workflow
from cases.models import (
    OPEN_STATUSES,
    Attachment,
    Case,
    CaseStep,
    Domain,
    Event,
    EventKind,
    FundingSource,
    Outcome,
    Provider,
    ProviderKind,
    Referral,
    Status,
)
from registry.models import DisabilityLevel, DisabilityType
from registry.models.persons import Council, DeterminationForm
from registry.scope import scope_of

from .common import UnitCodeField
from .fast import datetime_text


def _viewer(context):
    request = context.get("request")
    return getattr(request, "user", None)


# Output --------------------------------------------------------------------------------------
class CasePersonSerializer(serializers.Serializer):
    """The person of a case, briefly. `national_id` is left out for roles that do not see it."""

    id = serializers.IntegerField(read_only=True)
    full_name = serializers.CharField(read_only=True)
    birth_year = serializers.IntegerField(read_only=True)
    commune = serializers.CharField(source="commune.code", read_only=True)
    commune_name = serializers.CharField(source="commune.name", read_only=True)
    level = serializers.CharField(read_only=True)
    national_id = serializers.CharField(
        read_only=True, allow_null=True, help_text=_("Left out for roles that do not see ID numbers.")
    )

    def to_representation(self, instance):
        data = super().to_representation(instance)
        user = _viewer(self.context)
        if user is None or not scope_of(user).sees_national_id:
            data.pop("national_id", None)
        return data


class CaseSerializer(serializers.ModelSerializer):
    person = CasePersonSerializer(read_only=True)
    support_type = serializers.CharField(source="support_type.code", read_only=True)
    support_type_name = serializers.CharField(source="support_type.name", read_only=True)
    provider_name = serializers.CharField(source="provider.name", read_only=True, allow_null=True, default=None)
    assigned_to = serializers.IntegerField(source="assigned_to_id", read_only=True, allow_null=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)
    determination = serializers.IntegerField(source="determination_id", read_only=True, allow_null=True)
    certificate_number = serializers.CharField(
        source="certificate.number", read_only=True, allow_null=True, default=None
    )
    allowed_actions = serializers.SerializerMethodField(help_text=_("The transitions the caller may apply now."))

    class Meta:
        model = Case
        fields = [
            "id", "kind", "person", "domain", "support_type", "support_type_name", "description", "requested_on",
            "provider", "provider_name", "funding_source", "amount", "in_kind_description", "in_kind_quantity",
            "in_kind_value", "assigned_to", "due_on", "overdue", "status", "outcome", "outcome_on",
            "council_minutes_on", "determination", "certificate_number", "version", "created_at", "updated_at",
            "allowed_actions",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=workflow.ACTIONS)))
    def get_allowed_actions(self, case: Case) -> list[str]:
        user = _viewer(self.context)
        return [t.name for t in workflow.allowed_actions(case, user)] if user else []

    def to_representation(self, case: Case) -> dict:
        """The same document the declared fields describe, built directly (see `case_document`)."""
        user = _viewer(self.context)
        person = case.person
        return case_document(
            case,
            person=_person_part(person.id, person.full_name, person.birth_year, person.commune.code,
                                person.commune.name, person.level, person.national_id, _sees_ids(user)),
            support_type=case.support_type,
            provider_name=case.provider.name if case.provider_id else None,
            certificate_number=case.certificate.number if case.certificate_id else None,
            overdue=case.is_overdue,
            allowed_actions=self.get_allowed_actions(case),
        )  # fmt: skip


class MoneyChangeSerializer(serializers.Serializer):
    """One change of the amount, support type or funding, from the case's history."""

    field = serializers.ChoiceField(choices=["support_type", "amount", "in_kind_value", "funding_source"])
    old = serializers.JSONField(help_text=_("Before: đồng, support type code or funding source code (null: empty)."))
    new = serializers.JSONField(help_text=_("After, in the same form."))
    by = serializers.CharField(help_text=_("Username of the person who changed it."))
    at = serializers.DateTimeField()


class CaseDetailSerializer(CaseSerializer):
    """One case, with the changes of its money (old → new, who, when): the case page's table."""

    money_changes = MoneyChangeSerializer(many=True, read_only=True)

    class Meta(CaseSerializer.Meta):
        fields = [*CaseSerializer.Meta.fields, "money_changes"]
        read_only_fields = fields

    def to_representation(self, case: Case) -> dict:
        from cases.selectors import case_money_changes

        data = super().to_representation(case)
        data["money_changes"] = MoneyChangeSerializer(case_money_changes(case), many=True).data
        return data


def _sees_ids(user) -> bool:
    return user is not None and scope_of(user).sees_national_id


def _person_part(pk, full_name, birth_year, commune, commune_name, level, national_id, sees_ids: bool) -> dict:
    data = {"id": pk, "full_name": full_name, "birth_year": birth_year, "commune": commune,
            "commune_name": commune_name, "level": level}  # fmt: skip
    if sees_ids:
        data["national_id"] = national_id
    return data


def case_document(case, *, person, support_type, provider_name, certificate_number, overdue, allowed_actions, tz=None):
    """A case as `CaseSerializer` declares it, from a Case or a list row with the same attribute
    names. Built directly: lists of 50 rows are the API's hottest path and DRF's generic field walk
    costs more than the query (tests compare it with the generic walk)."""
    iso = _iso
    return {
        "id": case.id,
        "kind": case.kind,
        "person": person,
        "domain": case.domain,
        "support_type": support_type.code,
        "support_type_name": support_type.name,
        "description": case.description,
        "requested_on": iso(case.requested_on),
        "provider": case.provider_id,
        "provider_name": provider_name,
        "funding_source": case.funding_source,
        "amount": case.amount,
        "in_kind_description": case.in_kind_description,
        "in_kind_quantity": case.in_kind_quantity,
        "in_kind_value": case.in_kind_value,
        "assigned_to": case.assigned_to_id,
        "due_on": iso(case.due_on),
        "overdue": overdue,
        "status": case.status,
        "outcome": case.outcome,
        "outcome_on": iso(case.outcome_on),
        "council_minutes_on": iso(case.council_minutes_on),
        "determination": case.determination_id,
        "certificate_number": certificate_number,
        "version": case.version,
        "created_at": datetime_text(case.created_at, tz),
        "updated_at": datetime_text(case.updated_at, tz),
        "allowed_actions": allowed_actions,
    }


# The case list reads the columns a row shows (no model instances) and shapes the same documents.
CASE_LIST_COLUMNS = (
    "id", "kind", "domain", "description", "requested_on", "provider_id", "funding_source", "amount",
    "in_kind_description", "in_kind_quantity", "in_kind_value", "assigned_to_id", "due_on", "status", "outcome",
    "outcome_on", "council_minutes_on", "determination_id", "version", "created_at", "updated_at", "created_by_id",
    "assessed_by_id", "person_id", "person__full_name", "person__date_of_birth", "person__level",
    "person__national_id", "commune_id", "person__commune__code", "person__commune__name",
    "support_type__code", "support_type__name", "provider__name", "provider__kind", "certificate__number",
)  # fmt: skip


class _Named:
    __slots__ = ("code", "name", "commune_id", "kind")

    def __init__(self, **values):
        for key, value in values.items():
            setattr(self, key, value)


class _RowCase:
    """What `workflow.allowed_actions` reads of a case, taken from a list row."""

    __slots__ = ("status", "kind", "person", "funding_source", "provider_id", "provider", "created_by_id",
                 "assessed_by_id", "money_maker_ids")  # fmt: skip

    def __init__(self, row, money_maker_ids=frozenset()):
        self.money_maker_ids = money_maker_ids
        self.status, self.kind, self.funding_source = row.status, row.kind, row.funding_source
        self.provider_id, self.created_by_id, self.assessed_by_id = (
            row.provider_id,
            row.created_by_id,
            row.assessed_by_id,
        )
        self.person = _Named(commune_id=row.commune_id)  # the case's copy of the person's commune
        self.provider = _Named(kind=row.provider__kind) if row.provider_id else None


def case_list_documents(rows, *, context) -> list[dict]:
    """The list's documents from `values_list(*CASE_LIST_COLUMNS, named=True)` rows."""
    user = _viewer(context)
    sees_ids = _sees_ids(user)
    today = timezone.localdate()
    tz = timezone.get_current_timezone()
    open_statuses = OPEN_STATUSES
    documents = []
    makers = _money_makers(rows) if user else {}
    for row in rows:
        born = row.person__date_of_birth
        person = _person_part(row.person_id, row.person__full_name, born.year, row.person__commune__code,
                              row.person__commune__name, row.person__level, row.person__national_id, sees_ids)  # fmt: skip
        row_case = _RowCase(row, makers.get(row.id, frozenset()))
        actions = [t.name for t in workflow.allowed_actions(row_case, user)] if user else []
        documents.append(
            case_document(
                row,
                person=person,
                support_type=_Named(code=row.support_type__code, name=row.support_type__name),
                provider_name=row.provider__name,
                certificate_number=row.certificate__number,
                overdue=row.status in open_statuses and row.due_on is not None and row.due_on < today,
                allowed_actions=actions,
                tz=tz,
            )  # fmt: skip
        )
    return documents


def _money_makers(rows) -> dict[int, frozenset[int]]:
    """Who changed the money of the page's cases awaiting approval (one query; none without such rows)."""
    waiting = [row.id for row in rows if row.status == Status.ASSESSED]
    if not waiting:
        return {}
    found: dict[int, set[int]] = {}
    for case_id, user_id in Case.money_makers.through.objects.filter(case_id__in=waiting).values_list(
        "case_id", "user_id"
    ):
        found.setdefault(case_id, set()).add(user_id)
    return {case_id: frozenset(ids) for case_id, ids in found.items()}


def _iso(value):
    return value.isoformat() if value is not None else None


class CaseStepSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True)

    class Meta:
        model = CaseStep
        fields = ["id", "action", "from_status", "to_status", "actor", "at", "note"]
        read_only_fields = fields


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text=_("Download address; answers only within the case's scope."))

    class Meta:
        model = Attachment
        fields = ["id", "original_name", "content_type", "size", "description", "uploaded_at", "url"]
        read_only_fields = fields

    def get_url(self, attachment: Attachment) -> str:
        path = reverse("cases:attachment_download", args=[attachment.case_id, attachment.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ProviderSerializer(serializers.ModelSerializer):
    unit = UnitCodeField(read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    domains = serializers.ListField(child=serializers.ChoiceField(choices=Domain.choices), read_only=True)

    class Meta:
        model = Provider
        fields = [
            "id", "name", "kind", "domains", "unit", "unit_name", "address", "contact_person", "phone", "email",
            "notes", "is_active",
        ]  # fmt: skip
        read_only_fields = fields


class ReferralSerializer(serializers.ModelSerializer):
    provider_name = serializers.CharField(source="provider.name", read_only=True)

    class Meta:
        model = Referral
        fields = [
            "id", "case", "provider", "provider_name", "status", "sent_on", "answered_on", "completed_on", "reason",
            "outcome",
        ]  # fmt: skip
        read_only_fields = fields


class EventSerializer(serializers.ModelSerializer):
    unit = UnitCodeField(read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    registered_participants = serializers.IntegerField(source="registered", read_only=True)
    gifts_total = serializers.IntegerField(read_only=True)

    class Meta:
        model = Event
        fields = [
            "id", "kind", "title", "held_on", "unit", "unit_name", "organiser", "funding_source", "funding_amount",
            "registered_participants", "other_participants", "gifts_count", "gift_value", "gifts_total", "notes",
        ]  # fmt: skip
        read_only_fields = fields


class EventParticipantSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    full_name = serializers.CharField(read_only=True)
    birth_year = serializers.IntegerField(read_only=True)
    commune = serializers.CharField(source="commune.code", read_only=True)


# Input ---------------------------------------------------------------------------------------
_MONEY = {"min_value": _("The amount cannot be negative.")}


def money_input(**kwargs) -> serializers.IntegerField:
    return serializers.IntegerField(required=False, allow_null=True, min_value=0, error_messages=_MONEY, **kwargs)


class _CaseFieldsInput(serializers.Serializer):
    description = serializers.CharField(max_length=4000)
    requested_on = serializers.DateField(required=False)
    provider = serializers.IntegerField(required=False, allow_null=True, help_text=_("Provider id."))
    funding_source = serializers.ChoiceField(choices=FundingSource.choices, required=False, allow_blank=True)
    amount = money_input(help_text=_("In đồng."))
    in_kind_description = serializers.CharField(max_length=200, required=False, allow_blank=True)
    in_kind_quantity = serializers.IntegerField(required=False, allow_null=True, min_value=0)
    in_kind_value = money_input(help_text=_("In đồng."))
    assigned_to = serializers.IntegerField(required=False, allow_null=True, help_text=_("User id of the worker."))


class CaseCreateSerializer(_CaseFieldsInput):
    person = serializers.IntegerField(help_text=_("Id of a person in your area."))
    domain = serializers.CharField(max_length=32, help_text=", ".join(Domain.values))
    support_type = serializers.CharField(max_length=40, help_text=_("Code of the support type (a policy)."))
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class CaseUpdateSerializer(_CaseFieldsInput):
    description = serializers.CharField(max_length=4000, required=False)
    domain = serializers.CharField(max_length=32, required=False)
    support_type = serializers.CharField(max_length=40, required=False)
    council_minutes_on = serializers.DateField(required=False, allow_null=True)
    version = serializers.IntegerField(required=False, help_text=_("The version you read; a newer one answers 409."))


class CaseDeterminationInputSerializer(serializers.Serializer):
    """What the council concluded and the certificate issued (to complete a determination case)."""

    determined_on = serializers.DateField(help_text=_("Date of the council's minutes."))
    council = serializers.ChoiceField(choices=Council.choices, default=Council.COMMUNE)
    form = serializers.ChoiceField(choices=DeterminationForm.choices, default=DeterminationForm.FORM_03)
    scores = serializers.DictField(
        child=serializers.IntegerField(), required=False, help_text=_("Form 03: the ten activities, 0–2 each.")
    )
    disability_types = serializers.ListField(
        child=serializers.ChoiceField(choices=DisabilityType.choices), allow_empty=False
    )
    level = serializers.ChoiceField(choices=DisabilityLevel.choices, required=False, allow_blank=True)
    level_override_reason = serializers.CharField(required=False, allow_blank=True, max_length=300)
    certificate_number = serializers.CharField(max_length=40)
    certificate_issued_on = serializers.DateField()


class CaseActionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    outcome = serializers.ChoiceField(
        choices=Outcome.choices, required=False, allow_blank=True, help_text=_("Required to complete.")
    )
    outcome_on = serializers.DateField(required=False, allow_null=True)
    version = serializers.IntegerField(required=False)
    determination = CaseDeterminationInputSerializer(required=False, help_text=_("To complete a determination case."))


class AttachmentInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("PDF, JPEG or PNG, at most 10 MB."))
    description = serializers.CharField(required=False, allow_blank=True, max_length=200)


class _AnyLevelUnitField(UnitCodeField):
    """A commune (5 digits) or a province (2 digits)."""

    def to_internal_value(self, data):
        self.level = "province" if len(str(data).strip()) <= 2 else "commune"
        return super().to_internal_value(data)


class ProviderInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=ProviderKind.choices)
    domains = serializers.ListField(child=serializers.ChoiceField(choices=Domain.choices), allow_empty=False)
    unit = _AnyLevelUnitField(help_text=_("Code of the commune, or of the province for a provincial provider."))
    address = serializers.CharField(max_length=300, required=False, allow_blank=True)
    contact_person = serializers.CharField(max_length=120, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False, default=True)


class ReferralCreateSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    provider = serializers.IntegerField()
    sent_on = serializers.DateField(required=False)
    reason = serializers.CharField(required=False, allow_blank=True)


class ReferralActionSerializer(serializers.Serializer):
    on = serializers.DateField(required=False, allow_null=True)
    outcome = serializers.CharField(required=False, allow_blank=True, help_text=_("Required to complete."))


class EventInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=EventKind.choices)
    title = serializers.CharField(max_length=200)
    held_on = serializers.DateField()
    unit = _AnyLevelUnitField(help_text=_("Code of the commune, or of the province for a provincial event."))
    organiser = serializers.CharField(max_length=200)
    funding_source = serializers.ChoiceField(choices=FundingSource.choices, required=False, allow_blank=True)
    funding_amount = money_input()
    other_participants = serializers.IntegerField(required=False, min_value=0)
    gifts_count = serializers.IntegerField(required=False, min_value=0)
    gift_value = money_input(help_text=_("Value of each gift, in đồng."))
    notes = serializers.CharField(required=False, allow_blank=True)
    participants = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text=_("Ids of registered persons who took part.")
    )


class EventUpdateSerializer(EventInputSerializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
        self.fields.pop("participants")


class EventParticipantsInputSerializer(serializers.Serializer):
    add = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    remove = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)

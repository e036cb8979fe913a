"""Serializers of the policies endpoints: separate input and output, no writable nesting."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from policies.models import (
    Coefficient,
    CoefficientGroup,
    Decision,
    DecisionDraft,
    Payroll,
    PayrollLine,
    Policy,
    StandardLevel,
    SuspensionReason,
)
from policies.money import coefficient_text
from policies.months import month_key, parse_month
from registry.errors import FieldError


@extend_schema_field(OpenApiTypes.STR)
class MonthField(serializers.Field):
    """A month as 'YYYY-MM'."""

    def to_representation(self, value):
        return month_key(value) if value else None

    def to_internal_value(self, data):
        try:
            return parse_month(str(data))
        except FieldError as exc:
            raise serializers.ValidationError(exc.message)


class PolicySerializer(serializers.ModelSerializer):
    domain_label = serializers.CharField(source="get_domain_display", read_only=True)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    decided_by_label = serializers.CharField(source="get_decided_by_display", read_only=True)

    class Meta:
        model = Policy
        fields = ["code", "name", "domain", "domain_label", "kind", "kind_label", "legal_basis", "decided_by",
                  "decided_by_label", "standard_duration_days", "description", "is_active"]  # fmt: skip


class StandardLevelSerializer(serializers.ModelSerializer):
    class Meta:
        model = StandardLevel
        fields = ["id", "province_code", "amount", "valid_from", "valid_to", "legal_basis", "is_confirmed", "note"]


class StandardLevelInputSerializer(serializers.Serializer):
    province_code = serializers.CharField(max_length=2, required=False, allow_blank=True, default="")
    amount = serializers.IntegerField()
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(required=False, allow_null=True, default=None)
    legal_basis = serializers.CharField(max_length=300)
    is_confirmed = serializers.BooleanField(default=True)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    close_open_row = serializers.BooleanField(default=True)


class CoefficientSerializer(serializers.ModelSerializer):
    policy = serializers.CharField(source="policy.code")
    group_label = serializers.CharField(source="get_group_display", read_only=True)
    value = serializers.SerializerMethodField()

    class Meta:
        model = Coefficient
        fields = ["id", "policy", "group", "group_label", "value", "valid_from", "valid_to", "legal_basis", "note"]

    def get_value(self, obj) -> str:
        return coefficient_text(obj.value)


class CoefficientInputSerializer(serializers.Serializer):
    policy = serializers.SlugRelatedField(slug_field="code", queryset=Policy.objects.all())
    group = serializers.ChoiceField(choices=CoefficientGroup.choices)
    value = serializers.DecimalField(max_digits=5, decimal_places=2)
    valid_from = serializers.DateField()
    valid_to = serializers.DateField(required=False, allow_null=True, default=None)
    legal_basis = serializers.CharField(max_length=300)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    close_open_row = serializers.BooleanField(default=True)


class RatesOnSerializer(serializers.Serializer):
    on = serializers.DateField()
    province_code = serializers.CharField()
    standard_level = StandardLevelSerializer(allow_null=True)
    coefficients = CoefficientSerializer(many=True)


class EntitlementItemSerializer(serializers.Serializer):
    policy = serializers.CharField()
    group = serializers.CharField()
    coefficient = serializers.SerializerMethodField()
    standard_level = serializers.IntegerField(allow_null=True)
    amount = serializers.IntegerField()
    legal_basis = serializers.CharField()
    explanation = serializers.CharField()

    def get_coefficient(self, obj) -> str | None:
        return coefficient_text(obj.coefficient) if obj.coefficient is not None else None


class EntitlementsSerializer(serializers.Serializer):
    month = MonthField()
    items = EntitlementItemSerializer(many=True)
    total = serializers.IntegerField()


class DecisionSerializer(serializers.ModelSerializer):
    """A decision in force: signed (`signed_by`, `signer` as printed) after another person drafted it."""

    person_name = serializers.CharField(source="person.full_name")
    commune = serializers.CharField(source="commune.code")
    policy = serializers.CharField(source="benefit.policy.code")
    benefit_status = serializers.CharField(source="benefit.status")
    effective_month = MonthField()
    signed_by = serializers.CharField(source="created_by.username", read_only=True)
    drafted_by = serializers.CharField(source="drafted_by.username", read_only=True, allow_null=True,
                                       help_text="Null for decisions recorded before drafts existed.")  # fmt: skip

    class Meta:
        model = Decision
        fields = ["id", "person", "person_name", "commune", "policy", "kind", "number", "decided_on", "signer",
                  "signed_by", "drafted_by", "effective_month", "reason", "suspension_reason", "pay_suspended_months",
                  "benefit_status", "created_at"]  # fmt: skip


class DecisionDraftSerializer(serializers.ModelSerializer):
    """A draft decision: nothing is paid until another person than `drafted_by` signs it."""

    person_name = serializers.CharField(source="person.full_name")
    commune = serializers.CharField(source="commune.code")
    policy = serializers.CharField(source="policy.code")
    effective_month = MonthField()
    paid_outside_through = MonthField(allow_null=True)
    drafted_by = serializers.CharField(source="drafted_by.username", read_only=True)
    closed_by = serializers.CharField(source="closed_by.username", read_only=True, allow_null=True,
                                      help_text="Who signed or returned it.")  # fmt: skip
    decision = serializers.PrimaryKeyRelatedField(read_only=True, help_text="The decision in force, once signed.")

    class Meta:
        model = DecisionDraft
        fields = ["id", "status", "kind", "person", "person_name", "commune", "policy", "benefit", "number",
                  "decided_on", "effective_month", "reason", "suspension_reason", "detained_on",
                  "pay_suspended_months", "paid_outside_through", "drafted_by", "drafted_at", "closed_by",
                  "closed_at", "return_reason", "decision"]  # fmt: skip


class DecisionReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class DecisionInputSerializer(serializers.Serializer):
    """Common to every draft; `person` and `policy` name the benefit. The signer is whoever signs
    the draft (`POST /decision-drafts/{id}/sign/`), never typed in."""

    person = serializers.IntegerField()
    policy = serializers.CharField()
    number = serializers.CharField(max_length=40)
    decided_on = serializers.DateField()
    effective_month = serializers.CharField(help_text="YYYY-MM")
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class GrantInputSerializer(DecisionInputSerializer):
    paid_outside_through = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, default=None,
        help_text="YYYY-MM: months up to this one were paid before this system.",
    )  # fmt: skip


class SuspendInputSerializer(DecisionInputSerializer):
    suspension_reason = serializers.ChoiceField(choices=SuspensionReason.choices)
    detained_on = serializers.DateField(required=False, allow_null=True, default=None)


class ResumeInputSerializer(DecisionInputSerializer):
    pay_suspended_months = serializers.BooleanField(default=False)


class PayrollSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="draft or approved (frozen)")
    commune = serializers.CharField(source="commune.code")
    commune_name = serializers.CharField(source="commune.name")
    month = MonthField()

    prepared_by = serializers.CharField(source="prepared_by.username", read_only=True)
    refreshed_by = serializers.CharField(source="refreshed_by.username", read_only=True, allow_null=True,
                                         help_text="Who last prepared it again (null: never).")  # fmt: skip
    approved_by = serializers.CharField(source="approved_by.username", read_only=True, allow_null=True,
                                        help_text="Another person than prepared_by and refreshed_by.")  # fmt: skip

    class Meta:
        model = Payroll
        fields = ["id", "commune", "commune_name", "month", "status", "person_count", "current_total",
                  "arrears_total", "total", "prepared_at", "prepared_by", "refreshed_at", "refreshed_by",
                  "approved_at", "approved_by"]  # fmt: skip


class PolicyTotalSerializer(serializers.Serializer):
    policy = serializers.CharField()
    current = serializers.IntegerField()
    arrears = serializers.IntegerField()
    total = serializers.IntegerField()


class PayrollDetailSerializer(PayrollSerializer):
    totals_by_policy = PolicyTotalSerializer(many=True, read_only=True)

    class Meta(PayrollSerializer.Meta):
        fields = [*PayrollSerializer.Meta.fields, "totals_by_policy"]


class PayrollPrepareSerializer(serializers.Serializer):
    commune = serializers.CharField(help_text="Commune code")
    month = MonthField()


class PayrollLineSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name")
    policy = serializers.CharField(source="policy.code")
    for_month = MonthField()

    class Meta:
        model = PayrollLine
        fields = ["id", "person", "person_name", "policy", "for_month", "kind", "amount", "explanation", "uncollected"]


class UncollectedSerializer(serializers.Serializer):
    uncollected = serializers.BooleanField()


class HealthInsuranceRowSerializer(serializers.Serializer):
    person = serializers.IntegerField(source="person.id")
    full_name = serializers.CharField(source="person.full_name")
    date_of_birth = serializers.DateField(source="person.date_of_birth")
    sex = serializers.CharField(source="person.sex")
    national_id = serializers.CharField(allow_null=True)
    commune = serializers.CharField(source="commune.code")
    group = serializers.CharField()


class HealthInsurancePageSerializer(serializers.Serializer):
    """A page of the health-insurance list (the API's page-number pagination)."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = HealthInsuranceRowSerializer(many=True)

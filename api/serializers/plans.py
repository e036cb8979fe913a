"""Serializers of the plan endpoints: plans, indicators (definitions as JSON), results, reports.

Input serializers check shapes and turn codes into rows; every rule (what a definition may say,
targets, transitions) lives in `cases.plans.services`.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from cases.plans.models import Agency, Indicator, Plan, Report, ReportSubmission
from registry.models import UnitLevel

from .common import UnitCodeField


class AgencyCodeField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(slug_field="code", queryset=Agency.objects.all(), **kwargs)


class AgencyRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "code", "name", "kind"]


# Plans ---------------------------------------------------------------------------------------------
class PlanSerializer(serializers.ModelSerializer):
    province = serializers.SlugRelatedField(slug_field="code", read_only=True, help_text=_("Code of the province."))
    lead_agency = AgencyRefSerializer(read_only=True)
    cooperating_agencies = AgencyRefSerializer(many=True, read_only=True)
    indicator_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Plan
        fields = [
            "id", "year", "title", "document_number", "document_date", "issuing_body", "province", "period_start",
            "period_end", "lead_agency", "cooperating_agencies", "agency_plans_due", "reports_due", "status",
            "objectives", "notes", "indicator_count", "issued_at", "closed_at", "version",
        ]  # fmt: skip


class PlanInputSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    title = serializers.CharField(max_length=300)
    document_number = serializers.CharField(max_length=60, required=False, allow_blank=True)
    document_date = serializers.DateField(required=False, allow_null=True)
    issuing_body = serializers.CharField(max_length=200)
    province = UnitCodeField(
        level=UnitLevel.PROVINCE, help_text=_("Two-digit code of the province (49: Quảng Nam before 2025).")
    )
    period_start = serializers.DateField(required=False, allow_null=True, help_text=_("Empty: 1 January of the year."))
    period_end = serializers.DateField(required=False, allow_null=True, help_text=_("Empty: 31 December of the year."))
    lead_agency = AgencyCodeField()
    cooperating_agencies = AgencyCodeField(many=True, required=False)
    agency_plans_due = serializers.DateField(
        required=False, allow_null=True, help_text=_("Empty: 10 March of the year.")
    )
    reports_due = serializers.DateField(required=False, allow_null=True, help_text=_("Empty: 15 November of the year."))
    objectives = serializers.CharField(required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)


class PlanUpdateSerializer(PlanInputSerializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.pop("province")
        for field in self.fields.values():
            field.required = False


# Indicators ----------------------------------------------------------------------------------------
class CommuneTargetSerializer(serializers.Serializer):
    commune = UnitCodeField()
    target = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True, min_value=0)


class IndicatorSerializer(serializers.ModelSerializer):
    lead_agency = serializers.SlugRelatedField(slug_field="code", read_only=True)
    cooperating_agencies = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    commune_targets = serializers.SerializerMethodField()
    definition = serializers.JSONField(help_text=_("What is counted: see the definition format in the API guide."))

    class Meta:
        model = Indicator
        fields = [
            "id", "code", "name", "domain", "unit_label", "sort_order", "measure", "is_percentage", "definition",
            "target", "target_source", "target_is_illustrative", "lead_agency", "cooperating_agencies",
            "commune_targets", "notes", "updated_at",
        ]  # fmt: skip

    @extend_schema_field(CommuneTargetSerializer(many=True))
    def get_commune_targets(self, indicator) -> list[dict]:
        return [{"commune": t.commune.code, "target": str(t.target)} for t in indicator.commune_targets.all()]


class IndicatorInputSerializer(serializers.Serializer):
    code = serializers.SlugField(max_length=40)
    name = serializers.CharField(max_length=300)
    domain = serializers.CharField(max_length=32, required=False, allow_blank=True)
    unit_label = serializers.CharField(max_length=40, required=False, allow_blank=True)
    sort_order = serializers.IntegerField(min_value=0, max_value=32000, required=False)
    definition = serializers.JSONField(
        help_text=_('For example {"measure": "persons", "source": "cases", "cases": {"domains": ["health"]}, '
                    '"denominator": {"source": "registry"}}.')
    )  # fmt: skip
    target = serializers.DecimalField(max_digits=18, decimal_places=2, required=False, allow_null=True)
    target_source = serializers.CharField(max_length=300, required=False, allow_blank=True)
    target_is_illustrative = serializers.BooleanField(required=False)
    lead_agency = AgencyCodeField(required=False, allow_null=True)
    cooperating_agencies = AgencyCodeField(many=True, required=False)
    notes = serializers.CharField(required=False, allow_blank=True)
    commune_targets = CommuneTargetSerializer(many=True, required=False)


class IndicatorUpdateSerializer(IndicatorInputSerializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


# Results -------------------------------------------------------------------------------------------
class ResultSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    measure = serializers.CharField()
    is_percentage = serializers.BooleanField()
    numerator = serializers.IntegerField(
        allow_null=True, help_text=_("Null when hidden (a count from 1 to 4 for the statistics officer).")
    )
    denominator = serializers.IntegerField(allow_null=True)
    value = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True,
                                     help_text=_("The percentage or the count; null when the denominator is 0."))  # fmt: skip
    target = serializers.DecimalField(max_digits=18, decimal_places=2, allow_null=True)
    percent_of_target = serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True)
    status = serializers.CharField()
    suppressed = serializers.BooleanField()
    computed_at = serializers.DateTimeField()


class ResultsSerializer(serializers.Serializer):
    plan = serializers.IntegerField()
    unit = serializers.CharField(help_text=_("The unit's code; empty for the set of your communes."))
    as_of = serializers.DateField()
    period_start = serializers.DateField()
    computed_at = serializers.DateTimeField()
    live = serializers.BooleanField(help_text=_("False when read from the precomputed province summary."))
    results = ResultSerializer(many=True)


# Reports -------------------------------------------------------------------------------------------
class SubmissionSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    submitted_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    figures = serializers.SerializerMethodField()

    class Meta:
        model = ReportSubmission
        fields = ["number", "submitted_at", "submitted_by", "unit", "as_of", "summary", "figures"]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_figures(self, submission) -> list:
        return submission.figures


class ReportSerializer(serializers.ModelSerializer):
    agency = AgencyRefSerializer(read_only=True)
    narratives = serializers.SerializerMethodField()
    submissions = SubmissionSerializer(many=True, read_only=True)
    decided_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Report
        fields = [
            "id", "agency", "status", "summary", "narratives", "submitted_at", "decided_at", "decided_by",
            "return_reason", "submissions", "version",
        ]  # fmt: skip

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_narratives(self, report) -> dict:
        return {n.indicator.code: n.text for n in report.narratives.all()}


class ReportCreateSerializer(serializers.Serializer):
    agency = AgencyCodeField()


class ReportUpdateSerializer(serializers.Serializer):
    summary = serializers.CharField(required=False, allow_blank=True)
    narratives = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False,
                                       help_text=_("Indicator code → text."))  # fmt: skip


class ReportReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


# Figures for national systems (DHIS2, ADX): shapes for the schema --------------------------------------
class SkippedSerializer(serializers.Serializer):
    reason = serializers.CharField()
    message = serializers.CharField()
    count = serializers.IntegerField()
    indicator = serializers.CharField(required=False)
    part = serializers.CharField(required=False)
    period = serializers.CharField(required=False)
    commune = serializers.CharField(required=False)


class DataValueSerializer(serializers.Serializer):
    dataElement = serializers.CharField()  # noqa: N815 (DHIS2's names)
    period = serializers.CharField()
    orgUnit = serializers.CharField()  # noqa: N815
    categoryOptionCombo = serializers.CharField(required=False)  # noqa: N815
    attributeOptionCombo = serializers.CharField(required=False)  # noqa: N815
    value = serializers.CharField()


class DataValueSetSerializer(serializers.Serializer):
    dataSet = serializers.CharField(required=False)  # noqa: N815
    completeDate = serializers.DateField(required=False)  # noqa: N815
    idScheme = serializers.CharField(required=False)  # noqa: N815
    dataValues = DataValueSerializer(many=True)  # noqa: N815
    skipped = SkippedSerializer(many=True)


class NationalExportReportSerializer(serializers.Serializer):
    plan = serializers.IntegerField()
    data_set = serializers.CharField(allow_null=True)
    id_scheme = serializers.CharField()
    value_count = serializers.IntegerField()
    skipped_count = serializers.IntegerField()
    skipped = SkippedSerializer(many=True)

"""Django admin for plans: agencies, plans and the DHIS2 mapping tables are editable by
administrators; summaries, submitted snapshots, sign-offs and the DHIS2 sending log are read-only
(a snapshot never changes)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    Agency,
    AgencyPlan,
    DataElementMapping,
    Dhis2DataSet,
    Dhis2Push,
    ExportPeriod,
    Indicator,
    IndicatorTarget,
    OrgUnitMapping,
    PeriodSignOff,
    Plan,
    PlanSummary,
    Report,
    ReportSubmission,
)


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "province", "active_from", "active_until", "replaced_by")
    list_filter = ("kind", "province")
    search_fields = ("name", "code")
    raw_id_fields = ("unit",)
    filter_horizontal = ("members",)


class IndicatorInline(admin.TabularInline):
    model = Indicator
    fields = ("sort_order", "code", "name", "measure", "is_percentage", "target")
    readonly_fields = ("measure", "is_percentage")
    extra = 0
    show_change_link = True


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ("year", "document_number", "title", "province", "lead_agency", "status")
    list_filter = ("status", "year")
    readonly_fields = ("status", "issued_at", "closed_at", "created_by", "version")
    filter_horizontal = ("cooperating_agencies",)
    inlines = [IndicatorInline]


class TargetInline(admin.TabularInline):
    model = IndicatorTarget
    raw_id_fields = ("commune",)
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("plan", "code", "name", "measure", "is_percentage", "target")
    list_filter = ("plan", "measure")
    readonly_fields = ("measure", "is_percentage")
    inlines = [TargetInline]

    def has_change_permission(self, request, obj=None):
        return False  # definitions are checked by the service: change them on the plan's pages


@admin.register(AgencyPlan)
class AgencyPlanAdmin(admin.ModelAdmin):
    list_display = ("plan", "agency", "document_number", "received_on")
    list_filter = ("plan",)


class SubmissionInline(admin.TabularInline):
    model = ReportSubmission
    fields = ("number", "submitted_at", "submitted_by", "unit", "as_of")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("plan", "agency", "status", "submitted_at", "decided_at")
    list_filter = ("status", "plan")
    readonly_fields = ("status", "submitted_at", "submitted_by", "decided_at", "decided_by", "return_reason", "version")
    inlines = [SubmissionInline]


@admin.register(ReportSubmission)
class ReportSubmissionAdmin(admin.ModelAdmin):
    list_display = ("report", "number", "submitted_at", "as_of")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PlanSummary)
class PlanSummaryAdmin(admin.ModelAdmin):
    list_display = ("plan", "as_of", "computed_at", "duration_ms", "refresh_requested_at")
    readonly_fields = ("plan", "as_of", "computed_at", "fingerprint", "duration_ms", "refresh_requested_at")


# Figures to national systems (DHIS2, ADX) ------------------------------------------------------------
class _ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Dhis2DataSet)
class Dhis2DataSetAdmin(admin.ModelAdmin):
    list_display = ("plan", "data_set", "id_scheme", "attribute_option_combo", "updated_at")
    list_filter = ("id_scheme",)
    list_select_related = ("plan",)


@admin.register(ExportPeriod)
class ExportPeriodAdmin(admin.ModelAdmin):
    list_display = ("plan", "period")
    list_filter = ("plan",)
    list_select_related = ("plan",)


@admin.register(DataElementMapping)
class DataElementMappingAdmin(admin.ModelAdmin):
    list_display = ("indicator", "plan", "part", "data_element", "category_option_combo", "adx_categories")
    list_filter = ("indicator__plan", "part")
    list_select_related = ("indicator", "indicator__plan")
    search_fields = ("indicator__code", "indicator__name", "data_element")

    @admin.display(description=_("plan"))
    def plan(self, obj):
        return obj.indicator.plan

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "indicator":
            field.queryset = field.queryset.select_related("plan").order_by("-plan__year", "plan_id", "sort_order")
            field.label_from_instance = lambda i: f"{i.plan.year} {i.plan.document_number} · {i.code} · {i.name}"
        return field


@admin.register(OrgUnitMapping)
class OrgUnitMappingAdmin(admin.ModelAdmin):
    list_display = ("unit", "unit_code", "uid", "code")
    list_select_related = ("unit",)
    search_fields = ("unit__code", "unit__name", "uid", "code")
    raw_id_fields = ("unit",)

    @admin.display(description=_("commune code"), ordering="unit__code")
    def unit_code(self, obj):
        return obj.unit.code


@admin.register(PeriodSignOff)
class PeriodSignOffAdmin(_ReadOnly):
    list_display = ("plan", "period", "status", "prepared_by", "prepared_at", "decided_by", "decided_at", "value_count")
    list_filter = ("status", "plan")
    list_select_related = ("plan", "prepared_by", "decided_by")


@admin.register(Dhis2Push)
class Dhis2PushAdmin(_ReadOnly):
    list_display = ("plan", "requested_at", "requested_by", "status", "value_count", "attempts", "http_status",
                    "finished_at")  # fmt: skip
    list_filter = ("status", "plan")
    list_select_related = ("plan", "requested_by")

"""Django admin for plans: agencies and plans are editable by administrators; summaries and
submitted snapshots are read-only (a snapshot never changes)."""

from django.contrib import admin

from .models import Agency, AgencyPlan, Indicator, IndicatorTarget, Plan, PlanSummary, Report, ReportSubmission


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

"""Administration: administrators correct the catalogue and rates here (with change history).
Decisions, benefits and payrolls are read-only: they change only through their transitions."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from registry.admin import AdministratorsOnly

from .models import Benefit, Coefficient, Decision, DecisionDraft, Payroll, PayrollLine, Policy, StandardLevel


@admin.register(Policy)
class PolicyAdmin(AdministratorsOnly, SimpleHistoryAdmin):
    list_display = ("code", "name", "domain", "kind", "decided_by", "standard_duration_days", "is_active")
    list_filter = ("domain", "kind", "is_active")
    search_fields = ("code", "name")

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj else ()


@admin.register(StandardLevel)
class StandardLevelAdmin(AdministratorsOnly, SimpleHistoryAdmin):
    list_display = ("province_code", "amount", "valid_from", "valid_to", "is_confirmed", "legal_basis")
    list_filter = ("is_confirmed", "province_code")


@admin.register(Coefficient)
class CoefficientAdmin(AdministratorsOnly, SimpleHistoryAdmin):
    list_display = ("policy", "group", "value", "valid_from", "valid_to", "legal_basis")
    list_filter = ("policy", "group")


class ReadOnly(AdministratorsOnly):
    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Decision)
class DecisionAdmin(ReadOnly, SimpleHistoryAdmin):
    list_display = ("number", "decided_on", "kind", "person", "commune", "effective_month")
    list_filter = ("kind",)
    raw_id_fields = ("person", "benefit", "commune", "created_by", "drafted_by")


@admin.register(DecisionDraft)
class DecisionDraftAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("number", "decided_on", "kind", "person", "commune", "status", "drafted_by", "closed_by")
    list_filter = ("kind", "status")
    raw_id_fields = ("person", "benefit", "commune", "policy", "drafted_by", "closed_by", "decision")


@admin.register(Benefit)
class BenefitAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("person", "policy", "commune", "status", "started_month")
    list_filter = ("status", "policy")
    raw_id_fields = ("person", "commune")


class PayrollLineInline(admin.TabularInline):
    model = PayrollLine
    fields = ("person", "policy", "for_month", "kind", "amount", "uncollected")
    readonly_fields = fields
    can_delete = False
    extra = 0


@admin.register(Payroll)
class PayrollAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ("commune", "month", "status", "person_count", "total")
    list_filter = ("status",)
    inlines = [PayrollLineInline]

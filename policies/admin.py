"""Administration: administrators correct the catalogue and rates here (with change history).
Decisions, benefits and payrolls are domain records, read-only here with every view logged
(`registry.admin_base`): they change only through their transitions."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from registry.admin_base import AdministratorsOnly, ReadOnlyDomainAdmin, ReadOnlyInline
from registry.models import AccessLog

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


@admin.register(Decision)
class DecisionAdmin(ReadOnlyDomainAdmin, SimpleHistoryAdmin):
    list_display = ("number", "decided_on", "kind", "person", "commune", "effective_month")
    list_filter = ("kind",)
    search_fields = ("number", "person__name_folded")
    list_select_related = ("person", "commune")


@admin.register(DecisionDraft)
class DecisionDraftAdmin(ReadOnlyDomainAdmin, admin.ModelAdmin):
    list_display = ("number", "decided_on", "kind", "person", "commune", "status", "drafted_by", "closed_by")
    list_filter = ("kind", "status")
    search_fields = ("number", "person__name_folded")
    list_select_related = ("person", "commune", "drafted_by", "closed_by")


@admin.register(Benefit)
class BenefitAdmin(ReadOnlyDomainAdmin, admin.ModelAdmin):
    list_display = ("person", "policy", "commune", "status", "started_month")
    list_filter = ("status", "policy")
    search_fields = ("person__name_folded",)
    list_select_related = ("person", "policy", "commune")


class PayrollLineInline(ReadOnlyInline):
    model = PayrollLine
    fields = ("person", "policy", "for_month", "kind", "amount", "uncollected")


@admin.register(Payroll)
class PayrollAdmin(ReadOnlyDomainAdmin, admin.ModelAdmin):
    """A payroll's page lists its persons: logged as the product's payroll page is."""

    person_path = None  # the list of payrolls shows communes and totals, no person
    list_display = ("commune", "month", "status", "person_count", "total")
    list_filter = ("status",)
    inlines = [PayrollLineInline]

    def access_entry(self, obj):
        return {"action": AccessLog.Action.LIST, "detail": f"payroll {obj.pk}", "row_count": obj.lines.count()}

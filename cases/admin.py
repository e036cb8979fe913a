"""Administration. Cases, referrals and their timeline are read-only here: they change only
through the services (the named transitions). Administrators keep the provider directory and
correct the working-day calendar."""

from django.contrib import admin
from django.db import transaction
from simple_history.admin import SimpleHistoryAdmin

from registry.admin import AdministratorsOnly

from .models import CalendarDay, Case, CaseStep, Event, Provider, ProviderDomain, Referral


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CaseStepInline(ReadOnly, admin.TabularInline):
    model = CaseStep
    extra = 0
    fields = ("at", "action", "from_status", "to_status", "actor", "note")
    readonly_fields = fields


@admin.register(Case)
class CaseAdmin(AdministratorsOnly, ReadOnly, SimpleHistoryAdmin):
    list_display = ("id", "person", "domain", "support_type", "status", "requested_on", "due_on")
    list_filter = ("status", "domain", "kind")
    search_fields = ("id", "person__name_folded")
    raw_id_fields = ("person", "provider", "assigned_to", "determination", "certificate")
    inlines = [CaseStepInline]


class ProviderDomainInline(admin.TabularInline):
    model = ProviderDomain
    extra = 1


@admin.register(Provider)
class ProviderAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ("name", "kind", "unit", "phone", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "name_folded")
    raw_id_fields = ("unit",)
    inlines = [ProviderDomainInline]
    exclude = ("name_folded", "created_by")

    def save_model(self, request, obj, form, change):
        from registry.text import fold

        obj.name_folded = fold(obj.name)
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Referral)
class ReferralAdmin(AdministratorsOnly, ReadOnly, admin.ModelAdmin):
    list_display = ("case", "provider", "status", "sent_on")
    list_filter = ("status",)


@admin.register(Event)
class EventAdmin(AdministratorsOnly, ReadOnly, admin.ModelAdmin):
    list_display = ("title", "kind", "held_on", "unit", "organiser", "gifts_count", "gift_value")
    list_filter = ("kind",)
    search_fields = ("title",)


@admin.register(CalendarDay)
class CalendarDayAdmin(AdministratorsOnly, admin.ModelAdmin):
    """Days off the `holidays` package does not know, and make-up working days. Saving one
    recomputes the due dates of the open cases."""

    list_display = ("day", "is_working_day", "reason")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        from .tasks import recompute_due_dates

        transaction.on_commit(recompute_due_dates.delay)

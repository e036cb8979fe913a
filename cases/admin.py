"""Administration. Cases, their steps, referrals and events are domain records, read-only here
with every view of a person logged (`registry.admin_base`): they change only through the services
(the named transitions). Administrators keep the provider directory and correct the working-day
calendar."""

from django.contrib import admin
from django.db import transaction
from simple_history.admin import SimpleHistoryAdmin

from registry.admin_base import AdministratorsOnly, ReadOnlyDomainAdmin, ReadOnlyInline

from .models import CalendarDay, Case, CaseStep, Event, Provider, ProviderDomain, Referral


class CaseStepInline(ReadOnlyInline):
    model = CaseStep
    fields = ("at", "action", "from_status", "to_status", "actor", "note")


@admin.register(Case)
class CaseAdmin(ReadOnlyDomainAdmin, SimpleHistoryAdmin):
    list_display = ("id", "person", "domain", "support_type", "status", "requested_on", "due_on")
    list_filter = ("status", "domain", "kind")
    search_fields = ("id", "person__name_folded")
    list_select_related = ("person", "support_type")
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
class ReferralAdmin(ReadOnlyDomainAdmin, admin.ModelAdmin):
    person_path = "case.person"  # a referral shows its case, named after the person
    list_display = ("case", "provider", "status", "sent_on")
    list_filter = ("status",)
    list_select_related = ("case__person", "provider")


@admin.register(Event)
class EventAdmin(ReadOnlyDomainAdmin, admin.ModelAdmin):
    person_path = None  # the page shows the event, not its participants

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

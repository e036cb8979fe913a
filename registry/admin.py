"""Administration of the registry: units and users are configuration (editable here); persons,
determinations and certificates are domain records (read-only here, every view logged: see
`registry.admin_base`); API tokens can be revoked here, never issued."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .admin_base import AdministratorsOnly, ReadOnly, ReadOnlyDomainAdmin
from .models import AccessLog, AdminUnit, ApiToken, Certificate, Determination, Person, SinglePersonCommune, User


@admin.register(User)
class UserAdmin(AdministratorsOnly, BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + (("Hòa Nhập", {"fields": ("role", "units")}),)
    list_display = ("username", "first_name", "last_name", "role", "is_active")
    list_filter = ("role", "is_active")
    filter_horizontal = ("units",)


@admin.register(AdminUnit)
class AdminUnitAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ("code", "name", "level", "is_current", "parent")
    list_filter = ("level", "is_current")
    search_fields = ("code", "name", "name_folded")
    raw_id_fields = ("parent", "successors")


@admin.register(Person)
class PersonAdmin(ReadOnlyDomainAdmin, SimpleHistoryAdmin):
    person_path = ""  # the row is the person
    list_display = ("full_name", "date_of_birth", "commune", "level", "status")
    list_filter = ("level", "status", "sex")
    search_fields = ("name_folded", "national_id")
    list_select_related = ("commune",)


@admin.register(Determination)
class DeterminationAdmin(ReadOnlyDomainAdmin, SimpleHistoryAdmin):
    list_display = ("person", "determined_on", "level", "is_valid")
    search_fields = ("person__name_folded",)
    list_select_related = ("person",)


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyDomainAdmin, SimpleHistoryAdmin):
    list_display = ("number", "person", "issued_on", "status")
    search_fields = ("number", "person__name_folded")
    list_select_related = ("person",)


@admin.register(SinglePersonCommune)
class SinglePersonCommuneAdmin(AdministratorsOnly, SimpleHistoryAdmin):
    """Where one officer both makes and approves (registry.maker_checker); switched off, never deleted."""

    list_display = ("commune", "is_active", "since", "reason", "recorded_by", "recorded_at")
    list_filter = ("is_active",)
    search_fields = ("commune__name", "commune__code")
    raw_id_fields = ("commune",)
    readonly_fields = ("recorded_by", "recorded_at")

    def save_model(self, request, obj, form, change):
        obj.recorded_by = request.user
        obj._history_user = request.user
        super().save_model(request, obj, form, change)


@admin.register(AccessLog)
class AccessLogAdmin(ReadOnly, AdministratorsOnly, admin.ModelAdmin):
    list_display = ("at", "user", "action", "person", "path", "row_count")
    list_filter = ("action",)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnly, AdministratorsOnly, admin.ModelAdmin):
    """Who holds API tokens and until when; deleting one revokes it (a token is issued only to its
    user, by POST /api/v1/auth/token/)."""

    list_display = ("token_key", "user", "created", "expiry")
    list_select_related = ("user",)
    search_fields = ("user__username",)
    fields = ("token_key", "user", "created", "expiry")

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)

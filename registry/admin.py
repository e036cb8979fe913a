from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import AccessLog, AdminUnit, Certificate, Determination, Person, SinglePersonCommune, User


class AdministratorsOnly:
    """Django admin is for administrators only (role admin or superuser)."""

    def has_module_permission(self, request):
        user = request.user
        return user.is_active and (user.is_superuser or getattr(user, "role", "") == "admin")

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


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
class PersonAdmin(AdministratorsOnly, SimpleHistoryAdmin):
    list_display = ("full_name", "date_of_birth", "commune", "level", "status")
    list_filter = ("level", "status", "sex")
    search_fields = ("name_folded", "national_id")
    raw_id_fields = ("commune", "caregiver_person", "created_by")
    readonly_fields = ("type_mobility", "type_hearing_speech", "type_vision", "type_neuro_psychosocial",
                       "type_intellectual", "type_other", "level", "status", "died_on", "commune")  # fmt: skip


@admin.register(Determination)
class DeterminationAdmin(AdministratorsOnly, SimpleHistoryAdmin):
    list_display = ("person", "determined_on", "level", "is_valid")
    raw_id_fields = ("person", "created_by")


@admin.register(Certificate)
class CertificateAdmin(AdministratorsOnly, SimpleHistoryAdmin):
    list_display = ("number", "person", "issued_on", "status")
    raw_id_fields = ("person", "issuing_commune", "determination", "created_by")
    readonly_fields = ("verification_token",)


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
class AccessLogAdmin(AdministratorsOnly, admin.ModelAdmin):
    list_display = ("at", "user", "action", "person", "path", "row_count")
    list_filter = ("action",)

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

"""Django admin's two kinds of model (README, "Tokens and admin", lists which is which).

* Configuration (units, users, the policy catalogue, rates and coefficients, legal bases,
  providers, the calendar, agencies and plans): administrators edit it in admin
  (`AdministratorsOnly`).
* Domain records (persons and their determinations and certificates, cases, decisions, benefits,
  payrolls): read-only in admin (`ReadOnlyDomainAdmin`). They change only through the product's
  pages and services, which keep what is derived from them (the folded name search reads, the
  types and level copied from determinations, the version) and check the rules. A page of admin
  that shows a person's data writes the access log with the same kinds of entry as the product's
  pages (`AccessLoggedAdmin`).
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied

from .access import log_access
from .models import AccessLog


class AdministratorsOnly:
    """Django admin is for administrators only (role admin or superuser)."""

    def has_module_permission(self, request):
        user = request.user
        return user.is_active and (user.is_superuser or getattr(user, "role", "") == "admin")

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnly:
    """No add, change or delete (so no bulk delete action either): a view shows the fields as text."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(ReadOnly, admin.TabularInline):
    extra = 0


class AccessLoggedAdmin:
    """Writes the access log for the admin pages of a model whose rows show a person.

    `person_path` leads from a row to its person (`"person"`, `"case.person"`; `""` when the row is
    the person); None when a row names no single person (then only `access_entry` decides). A list
    (or search) writes one entry per page with the number of rows; a row's page, its history page
    or one old version writes one entry naming the person, as the product's pages do."""

    person_path: str | None = "person"

    def person_of(self, obj):
        if self.person_path is None or obj is None:
            return None
        for name in filter(None, self.person_path.split(".")):
            obj = getattr(obj, name, None)
        return obj

    def access_entry(self, obj) -> dict | None:
        """The access log entry for a page of one row (None: the page shows no person)."""
        person = self.person_of(obj)
        if person is None:
            return None
        return {"action": AccessLog.Action.VIEW, "person": person, "detail": f"{obj._meta.model_name} {obj.pk}"}

    def _log_row(self, request, obj, *, history: bool = False) -> None:
        entry = self.access_entry(obj)
        if entry is None:
            return
        if history:
            entry["action"] = AccessLog.Action.HISTORY
        log_access(user=request.user, request=request, **entry)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = (getattr(response, "context_data", None) or {}).get("cl")
        if response.status_code == 200 and changelist is not None and self.person_path is not None:
            log_access(
                user=request.user,
                action=AccessLog.Action.SEARCH if changelist.query else AccessLog.Action.LIST,
                request=request,
                row_count=len(changelist.result_list),
                detail=f"{self.opts.model_name} page={changelist.page_num} total={changelist.result_count}",
            )
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = (getattr(response, "context_data", None) or {}).get("original")
        if response.status_code == 200 and obj is not None:
            self._log_row(request, obj)
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        if response.status_code == 200:
            self._log_row(request, self.get_object(request, unquote(object_id)), history=True)
        return response

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """simple-history's page of one old version (its form would restore that version)."""
        response = super().history_form_view(request, object_id, version_id, extra_context)
        if response.status_code == 200:
            self._log_row(request, self.get_object(request, unquote(object_id)), history=True)
        return response


class ReadOnlyDomainAdmin(AccessLoggedAdmin, ReadOnly, AdministratorsOnly):
    """A domain record in admin: administrators look, nobody writes, looking is logged."""

    def get_search_fields(self, request):
        # Django's autocomplete endpoint lists the rows of any admin with search fields, for forms
        # that choose one; no form chooses a domain record (none is editable), so it finds none.
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name == "autocomplete":
            return ()
        return super().get_search_fields(request)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history saves a POST to this page (restoring the old version) when the user may
        # only view: refuse anything but reading it.
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

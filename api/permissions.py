"""Who may call which API endpoint. Scope itself is decided in `registry.scope`; this module
only turns its answers into HTTP answers.

The rule, the same for every person-level endpoint:

* anonymous → 401 (the project-wide `IsAuthenticated` default);
* collections (`GET /persons/`) → 403 for roles without person-level access (the statistics
  officer): the refusal says nothing about any one person;
* anything under `/persons/{id}/` → 404 when the person is outside the viewer's scope, or the
  viewer has no person-level access at all — exactly as if the id did not exist;
* writes → 403 for roles that do not register or edit persons, whatever the id; for editing roles
  404 outside the scope and 403 for a person who has moved out of their communes (still readable,
  no longer theirs to change).
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission

from registry.scope import scope_of


class PersonLevelAccess(BasePermission):
    """Reads for roles that see persons, writes for roles that edit them (see the module doc)."""

    read_message = _("Your role has no access to person-level data.")
    write_message = _("Your role cannot register or change persons.")

    def has_permission(self, request, view) -> bool:
        scope = scope_of(request.user)
        if request.method in SAFE_METHODS:
            if getattr(view, "detail", False) or getattr(view, "person_scoped", False):
                return True  # the person lookup answers 404 outside the scope
            self.message = self.read_message
            return scope.sees_persons
        self.message = self.write_message
        return scope.edits_persons


def ensure_can_edit(user, person) -> None:
    """403 unless the person currently lives in one of the user's communes."""
    scope = scope_of(user)
    if not (scope.edits_persons and scope.covers_commune(person.commune_id)):
        raise PermissionDenied(_("This person no longer lives in your area: only reading is allowed."))


def ensure_commune_in_scope(user, unit, field: str) -> None:
    """A unit the user acts for (an issuing commune) must be one of theirs."""
    from registry.errors import FieldError

    if unit is not None and unit.is_current and not scope_of(user).covers_commune(unit.pk):
        raise FieldError(field, str(_("This commune is outside your area.")))

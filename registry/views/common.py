"""What every registry page checks before it shows or changes anything."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from ..scope import Scope, persons_editable_by, scope_of


def person_pages_scope(request) -> Scope:
    """The viewer's scope; 404 for roles without person-level pages (statistics officer)."""
    scope = scope_of(request.user)
    if not scope.sees_persons:
        raise Http404
    return scope


def editor_scope(request) -> Scope:
    """The viewer's scope; 403 for roles that do not register or edit persons."""
    scope = scope_of(request.user)
    if not scope.edits_persons:
        raise PermissionDenied
    return scope


def editable_person(request, pk: int):
    """A person the viewer may change (a current resident of their communes), else 404."""
    editor_scope(request)
    return get_object_or_404(persons_editable_by(request.user).select_related("commune"), pk=pk)

"""What every cases page checks before it shows or changes anything."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404

from registry.errors import DomainError, InvalidInput, NotPermitted
from registry.forms import add_service_errors
from registry.scope import scope_of

from .. import selectors
from ..models import Case


def case_pages_scope(request):
    """The viewer's scope; 404 for roles without person-level pages (statistics officer)."""
    scope = scope_of(request.user)
    if not scope.sees_persons:
        raise Http404
    return scope


def visible_case(request, pk: int) -> Case:
    case_pages_scope(request)
    try:
        return selectors.case_detail(viewer=request.user, pk=pk)
    except Case.DoesNotExist:
        raise Http404


def handle_service_error(request, exc: DomainError, form=None, aliases: dict | None = None) -> None:
    """Show a service's refusal: on the form's fields when there is a form, else as a message.
    NotPermitted becomes 403."""
    if isinstance(exc, NotPermitted) and form is None:
        raise PermissionDenied(exc.message)
    if form is not None:
        if isinstance(exc, InvalidInput):
            add_service_errors(form, exc.errors, aliases)
        else:
            form.add_error(None, exc.message)
        return
    messages.error(request, exc.message)


def filtered(request) -> bool:
    return any(v not in ("", None) for k, v in request.GET.items() if k != "page")

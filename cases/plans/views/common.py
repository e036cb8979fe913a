"""What every plan page checks first."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from registry.errors import InvalidInput, NotPermitted, TransitionNotAllowed
from registry.forms import add_service_errors

from ..models import Plan
from ..scoping import can_manage_plan
from ..selectors import plan_detail


def visible_plan(request, pk: int) -> Plan:
    try:
        return plan_detail(viewer=request.user, pk=pk)
    except Plan.DoesNotExist:
        raise Http404 from None


def managed_plan(request, pk: int) -> Plan:
    plan = visible_plan(request, pk)
    if not can_manage_plan(request.user, plan):
        raise PermissionDenied
    return plan


def submitted(request, form, call) -> bool:
    """True when the form was posted, is valid and the service accepted it; else the service's
    messages are on the form."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        call()
    except InvalidInput as exc:
        if hasattr(form, "add_service_errors"):
            form.add_service_errors(exc.errors)
        else:
            add_service_errors(form, exc.errors)
        return False
    except (NotPermitted, TransitionNotAllowed) as exc:
        form.add_error(None, exc.message)
        return False
    return True

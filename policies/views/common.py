"""Helpers shared by the policies pages."""

from django.http import Http404
from django.utils import timezone

from registry.errors import FieldError, InvalidInput
from registry.scope import persons_visible_to

from ..forms import apply_errors
from ..months import first_day, parse_month


def visible_person(request, pk: int):
    person = persons_visible_to(request.user).select_related("commune").filter(pk=pk).first()
    if person is None:
        raise Http404
    return person


def month_from(request, key: str = "month"):
    """(month, error message or None): this month when the parameter is missing or wrong."""
    raw = request.GET.get(key)
    if not raw:
        return first_day(timezone.localdate()), None
    try:
        return parse_month(raw), None
    except FieldError as exc:
        return first_day(timezone.localdate()), exc.message


def run_service(form, call):
    """Call a service; on an input error put the messages on the form and return None."""
    try:
        return call()
    except InvalidInput as exc:
        apply_errors(form, exc.errors)
    return None

"""The panel on the registry's person page (settings.PERSON_PAGE_PANELS)."""

from django.utils.translation import gettext as _

from registry.errors import FieldError

from .months import parse_month
from .permissions import sees_policy_rows
from .presenters import person_policy_summary


def person_panel(request, person):
    """This month's entitlements with the explanation, decisions and arrears. `?entitlements_month=YYYY-MM`
    on the person page shows another month."""
    if not sees_policy_rows(request.user):
        return None
    month = None
    error = None
    raw = request.GET.get("entitlements_month")
    if raw:
        try:
            month = parse_month(raw)
        except FieldError as exc:
            error = exc.message
    try:
        context = person_policy_summary(request, person, month=month)
    except FieldError as exc:
        error = exc.message
        context = person_policy_summary(request, person)
    context.update({"person": person, "month_error": error})
    return {"title": _("Support and allowances"), "template": "policies/_person_panel.html", "context": context}

"""The person page's panel: the person's cases (settings.PERSON_PAGE_PANELS)."""

from django.utils.translation import gettext as _

from registry.scope import scope_of

from . import selectors
from .scoping import is_writer


def person_cases(request, person) -> dict | None:
    cases = list(selectors.person_cases(viewer=request.user, person=person).order_by("-requested_on", "-id")[:50])
    can_open = (
        is_writer(request.user)
        and person.status != "deceased"
        and scope_of(request.user).covers_commune(person.commune_id)
    )
    if not cases and not can_open:
        return None
    return {
        "title": _("Support cases"),
        "template": "cases/_person_panel.html",
        "context": {"cases": cases, "person": person, "can_open": can_open},
    }

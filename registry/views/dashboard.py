from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ..scope import scope_of
from ..selectors import person_counts


@login_required
def dashboard(request):
    """Counts for the viewer's scope. Every role sees numbers; links only for roles that see persons."""
    scope = scope_of(request.user)
    counts = person_counts(viewer=request.user)
    units = [] if scope.is_admin else list(request.user.units.order_by("level", "name"))
    sections = [
        ("type", counts["by_type"]),
        ("level", counts["by_level"]),
        ("sex", counts["by_sex"]),
        ("age_group", counts["by_age_group"]),
    ]
    return render(
        request,
        "registry/dashboard.html",
        {
            "counts": counts,
            "sections": sections,
            "units": units,
            "links": scope.sees_persons,
            "can_register": scope.edits_persons,
        },
    )

"""The person profile PDF's section of support cases (settings.PERSON_PROFILE_SECTIONS).

The rows are those of the person page's cases panel for the same viewer
(`selectors.person_cases` → `scoping.cases_visible_to`): the association officer only gets the
cases of members and those the association provides or funds; roles without case access get no
section at all.
"""

from registry.documents.formatting import short_date
from registry.scope import scope_of

from . import selectors


def cases_section(*, viewer, person) -> dict | None:
    """Domain, support type, requested on, status and outcome of each visible case."""
    if not getattr(viewer, "is_authenticated", False) or not scope_of(viewer).sees_persons:
        return None
    cases = selectors.person_cases(viewer=viewer, person=person).order_by("requested_on", "id")
    rows = []
    for case in cases:
        outcome = str(case.get_outcome_display()) if case.outcome else ""
        if outcome and case.outcome_on:
            outcome += f" ({short_date(case.outcome_on)})"
        rows.append(
            [
                f"#{case.pk}",
                str(case.get_domain_display()),
                case.support_type.name if case.support_type_id else "",
                short_date(case.requested_on),
                str(case.get_status_display()),
                outcome,
            ]
        )
    return {
        "title": "Hồ sơ hỗ trợ",
        "columns": ["Mã", "Lĩnh vực", "Loại hỗ trợ", "Ngày đề nghị", "Tình trạng", "Kết quả"],
        "rows": rows,
        "empty": "Không có hồ sơ hỗ trợ nào.",
    }

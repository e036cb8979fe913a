"""Sections of the person profile PDF (settings.PERSON_PROFILE_SECTIONS): this month's
entitlements from the engine and the person's decisions.

Each section shows what the person page's panel (`panels.person_panel`) shows the same viewer:
nothing without `sees_policy_rows`; decisions only of the communes in the viewer's scope
(`person_decisions` → `decisions_visible_to`), so the commune a person moved out of does not get
the new commune's decisions.
"""

from django.utils import timezone

from registry.documents.formatting import short_date
from registry.errors import DomainError

from .models import Policy
from .money import coefficient_vi, money
from .months import first_day, month_label
from .permissions import sees_policy_rows
from .selectors import person_entitlements
from .selectors.lists import person_decisions


def entitlements_section(*, viewer, person) -> dict | None:
    """What the engine gives the person this month: support, coefficient, amount, legal basis."""
    if not sees_policy_rows(viewer):
        return None
    month = first_day(timezone.localdate())
    title = f"Chế độ được hưởng tháng {month_label(month)}"
    try:
        result = person_entitlements(person=person, month=month)
    except DomainError as error:  # e.g. no standard level in force for this month
        return {"title": title, "columns": [], "rows": [], "empty": error.message}
    names = dict(Policy.objects.values_list("code", "name"))
    rows = [
        [
            names.get(item.policy, item.policy),
            coefficient_vi(item.coefficient) if item.coefficient is not None else "",
            money(item.amount) if item.amount else "",
            item.legal_basis,
        ]
        for item in result.items
    ]
    if result.total:
        rows.append(["Tổng cộng", "", money(result.total), ""])
    return {
        "title": title,
        "columns": ["Chế độ", "Hệ số", "Số tiền/tháng", "Căn cứ"],
        "rows": rows,
        "empty": "Không có chế độ nào theo dữ liệu hiện có.",
    }


def decisions_section(*, viewer, person) -> dict | None:
    """The person's decisions the viewer may see: number, date, kind, support, effective month."""
    if not sees_policy_rows(viewer):
        return None
    decisions = person_decisions(viewer=viewer, person=person).order_by("decided_on", "id")
    return {
        "title": "Quyết định trợ giúp xã hội",
        "columns": ["Số quyết định", "Ngày", "Loại quyết định", "Chế độ", "Từ tháng", "Nơi quyết định"],
        "rows": [
            [
                d.number,
                short_date(d.decided_on),
                str(d.get_kind_display()),
                d.benefit.policy.name,
                month_label(d.effective_month),
                d.commune.name,
            ]
            for d in decisions
        ],
        "empty": "Không có quyết định nào.",
    }

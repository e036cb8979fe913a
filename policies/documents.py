"""The allowance decision and the monthly payroll list as PDF documents.

They use the one rendering service of `registry.documents` (Decree 30/2020 format); this module
only shapes the policies app's selectors into each document's context.
"""

from registry.documents.rendering import render_pdf

DECISION_TEMPLATE = "documents/pdf/decision.html"
PAYROLL_TEMPLATE = "documents/pdf/payroll.html"
DECISION_ACTS = {
    "grant": ("Về việc hưởng {policy}", "Cho hưởng {policy}"),
    "adjust": ("Về việc điều chỉnh mức {policy}", "Điều chỉnh mức {policy}"),
    "suspend": ("Về việc tạm dừng {policy}", "Tạm dừng {policy}"),
    "resume": ("Về việc tiếp tục {policy}", "Tiếp tục {policy}"),
    "stop": ("Về việc thôi hưởng {policy}", "Thôi hưởng {policy}"),
}


def _entitlement(decision):
    """The engine's item for the decision's policy, commune and effective month (None if none)."""
    from policies.selectors import person_entitlements
    from registry.errors import DomainError

    try:
        items = person_entitlements(person=decision.person, month=decision.effective_month).items
    except DomainError:
        return None
    for item in items:
        if item.policy == decision.benefit.policy.code and item.paying_commune_id == decision.commune_id:
            return item
    return None


def decision_context(decision) -> dict:
    """A commune decision as signed since 01/07/2025 (the commune People's Committee chairman
    decides): heading, number, motto, place and date, title, the legal bases (the documents'
    `LegalBasis` rows valid on the decision date, then the policy's own `legal_basis`), the
    proposal, Articles 1–3, recipients and the chairman's signature."""
    from django.utils import translation

    from policies.money import coefficient_vi, money
    from policies.months import month_label
    from registry.documents.certificate import birth_text
    from registry.documents.formatting import commune_heading, place_and_date, residence_line
    from registry.documents.selectors import legal_bases

    person, commune, policy = decision.person, decision.commune, decision.benefit.policy
    subtitle, act = DECISION_ACTS.get(decision.kind, DECISION_ACTS["grant"])
    policy_name = policy.name[:1].lower() + policy.name[1:]
    item = _entitlement(decision) if decision.kind in ("grant", "adjust", "resume") else None
    bases = legal_bases("decision", decision.decided_on)
    if policy.legal_basis:
        bases.append(f"quy định về {policy_name} tại {policy.legal_basis}")
    with translation.override("vi"):
        reason = decision.get_suspension_reason_display() if decision.suspension_reason else decision.reason
        return {
            "doc_title": "Quyết định",
            "doc_subtitle": subtitle.format(policy=policy_name),
            "issuer_lines": commune_heading(commune),
            "number": decision.number,
            "place_date": place_and_date(commune, decision.decided_on),
            "authority": f"CHỦ TỊCH ỦY BAN NHÂN DÂN {commune.name.upper()}",
            "legal_bases": bases,
            "proposal": f"Xét đề nghị của công chức phụ trách văn hóa - xã hội {commune.name}.",
            "act": act.format(policy=policy_name),
            "honorific": "bà" if person.sex == "female" else "ông",
            "person_name": person.full_name,
            "birth": birth_text(person),
            "residence": residence_line(person.village, person.commune),
            "level": str(person.get_level_display()) if person.level else "",
            "amount": money(item.amount) if item else "",
            "coefficient": coefficient_vi(item.coefficient) if item and item.coefficient is not None else "",
            "standard_level": money(item.standard_level) if item and item.standard_level else "",
            "effective_month": month_label(decision.effective_month),
            "reason": str(reason or ""),
            "pay_suspended_months": decision.pay_suspended_months,
            "kind": decision.kind,
            "commune_name": commune.name,
            "recipients": ["Như Điều 3", "Lưu: VT"],
            "signer_title": "CHỦ TỊCH",
            "signer_name": decision.signer,
        }


def payroll_context(payroll) -> dict:
    from policies.money import money, number
    from policies.months import month_label
    from policies.selectors.lists import payroll_by_person, payroll_totals_by_policy
    from registry.documents.formatting import commune_heading, long_date, short_name

    rows = []
    for index, group in enumerate(payroll_by_person(payroll), start=1):
        person = group.person
        names = list(dict.fromkeys(line.policy.name for line in group.lines))
        rows.append(
            {
                "index": index,
                "name": person.full_name,
                "birth_year": "" if person.date_of_birth is None else person.date_of_birth.year,
                "village": person.village,
                "policies": "; ".join(names),
                "current": number(group.current),
                "arrears": number(group.arrears) if group.arrears else "",
                "total": number(group.total),
            }
        )
    approved = payroll.status == "approved"
    day = (payroll.approved_at or payroll.prepared_at).date()
    return {
        "doc_title": "Danh sách chi trả trợ cấp, hỗ trợ xã hội hằng tháng",
        "doc_subtitle": f"Tháng {month_label(payroll.month)}",
        "draft": not approved,
        "issuer_lines": commune_heading(payroll.commune),
        "place_date": f"{short_name(payroll.commune)}, {long_date(day)}",
        "rows": rows,
        "totals": {
            "current": number(payroll.current_total),
            "arrears": number(payroll.arrears_total),
            "total": number(payroll.total),
            "total_money": money(payroll.total),
            "persons": payroll.person_count,
        },
        "by_policy": [
            {**r, "current": money(r["current"]), "arrears": money(r["arrears"]), "total": money(r["total"])}
            for r in payroll_totals_by_policy(payroll)
        ],
        "preparer": payroll.prepared_by.get_full_name() or payroll.prepared_by.get_username(),
        "approver": (payroll.approved_by.get_full_name() or payroll.approved_by.get_username())
        if payroll.approved_by
        else "",
    }


def decision_pdf(decision) -> bytes:
    return render_pdf(DECISION_TEMPLATE, decision_context(decision))


def payroll_pdf(payroll) -> tuple[bytes, dict]:
    context = payroll_context(payroll)
    return render_pdf(PAYROLL_TEMPLATE, context), context

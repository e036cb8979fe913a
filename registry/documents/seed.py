"""The seeded legal bases printed on documents (rows of `LegalBasis`, corrected in the admin).

`load_legal_bases()` only adds rows that are missing (by document and text): it never overwrites
a row an administrator corrected. The data migration calls it.

Sources (domain.md tags): Law 51/2010/QH12 and Decree 20/2021/NĐ-CP amended by Decree
76/2024/NĐ-CP are [C]; the date of the law and of the decree, the Law on the Organisation of
Local Government (its current number is not in domain.md) and Decree 147/2025/NĐ-CP (the commune
chairman decides since 01/07/2025, [S]) are not confirmed there — all are data, so an
administrator completes or corrects them without a release.
"""

from datetime import date

D20 = (
    "Nghị định số 20/2021/NĐ-CP ngày 15 tháng 3 năm 2021 của Chính phủ quy định chính sách trợ giúp xã hội "
    "đối với đối tượng bảo trợ xã hội"
)

# document, order, text, valid from, valid to, note
LEGAL_BASES = [
    ("decision", 10, "Luật Tổ chức chính quyền địa phương", None, None,
     "Not in domain.md: add the number and date of the law in force if the commune's template cites them."),
    ("decision", 20, "Luật Người khuyết tật ngày 17 tháng 6 năm 2010", None, None, "Law 51/2010/QH12 [C]."),
    ("decision", 30, D20, None, date(2024, 6, 30), "[C]"),
    ("decision", 30, f"{D20}, được sửa đổi, bổ sung bởi Nghị định số 76/2024/NĐ-CP của Chính phủ",
     date(2024, 7, 1), None, "[C] Decree 76/2024 amends Decree 20/2021 from 01/07/2024."),
    ("decision", 40, "Nghị định số 147/2025/NĐ-CP của Chính phủ", date(2025, 7, 1), None,
     "[S] since 01/07/2025 the commune chairman decides (domain.md §3): check the decree and complete its title."),
]  # fmt: skip


def load_legal_bases(apps=None) -> int:
    """Add the missing rows; returns how many were created."""
    if apps is None:
        from .models import LegalBasis
    else:
        LegalBasis = apps.get_model("documents", "LegalBasis")
    created = 0
    for document, order, text, start, end, note in LEGAL_BASES:
        _row, made = LegalBasis.objects.get_or_create(
            document=document,
            text=text,
            defaults={"sort_order": order, "valid_from": start, "valid_to": end, "note": note},
        )
        created += made
    return created

"""Vietnamese administrative wording shared by the documents: dates, places, names, filenames."""

import re
from datetime import date

from registry.models import AdminUnit
from registry.text import fold

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def short_date(day: date | None) -> str:
    """dd/mm/yyyy, or "" for no date (table cells of the documents)."""
    return day.strftime("%d/%m/%Y") if day else ""


def long_date(day: date) -> str:
    """Decree 30/2020 date line: 'ngày 05 tháng 02 năm 2024' (zero before days < 10 and months 1, 2)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def short_name(unit: AdminUnit | None) -> str:
    """The unit's name without its type: 'Phường Hải Châu' → 'Hải Châu' (the place of a date line)."""
    if unit is None:
        return ""
    name = unit.name
    prefix = (unit.division_type or "").strip()
    if prefix and name.lower().startswith(prefix.lower() + " "):
        return name[len(prefix) + 1 :]
    for word in ("Thành phố", "Tỉnh", "Phường", "Xã", "Đặc khu", "Thị trấn", "Quận", "Huyện", "Thị xã"):
        if name.startswith(word + " "):
            return name[len(word) + 1 :]
    return name


def place_and_date(unit: AdminUnit | None, day: date) -> str:
    """'Hải Châu, ngày 05 tháng 02 năm 2024'."""
    place = short_name(unit)
    return f"{place}, {long_date(day)}" if place else long_date(day).capitalize()


def commune_heading(unit: AdminUnit | None) -> list[str]:
    """The issuing-body lines of a commune's document: ['ỦY BAN NHÂN DÂN', 'PHƯỜNG HẢI CHÂU']."""
    if unit is None:
        return ["ỦY BAN NHÂN DÂN"]
    return ["ỦY BAN NHÂN DÂN", unit.name.upper()]


def residence_line(village: str, commune: AdminUnit | None) -> str:
    """'Tổ 5, Phường Hải Châu, Thành phố Đà Nẵng' (the commune's parent is the province since 2025)."""
    parts = [village.strip()] if village and village.strip() else []
    if commune is not None:
        parts.append(commune.name)
        parent = commune.parent
        while parent is not None:
            parts.append(parent.name)
            parent = parent.parent
    return ", ".join(parts)


def initials(full_name: str) -> str:
    """'Nguyễn Văn An' → 'N. V. A.' (first letter of each word, diacritics kept)."""
    return " ".join(f"{word[0].upper()}." for word in full_name.split() if word)


def slug(value: str) -> str:
    """ASCII for a filename: 'GXN 12/2024' → 'gxn-12-2024'."""
    return _NON_SLUG.sub("-", fold(value)).strip("-") or "x"


def pdf_filename(stem: str, key) -> str:
    """'giay-xac-nhan-khuyet-tat' + 42 → 'giay-xac-nhan-khuyet-tat-42.pdf'."""
    return f"{slug(stem)}-{slug(str(key))}.pdf"

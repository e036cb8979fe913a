"""Turning the cells of real registers into values: dates in every usual form, ID numbers that lost
their leading zero, types, levels, sex and ethnic groups with or without diacritics.

Each parser returns the value or raises `CellError` with a Vietnamese message. The canonical
Vietnamese texts written back by the export (`*_TEXT`) are file-format data, like the headers:
the parsers accept them, so an export re-imports unchanged.
"""

import re
import unicodedata
from datetime import date, datetime, timedelta
from functools import lru_cache

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from ..models.persons import ETHNIC_GROUPS
from ..spreadsheets import FORMULA_TRIGGERS as FORMULA_PREFIXES  # the writer's: its apostrophe comes off
from ..spreadsheets import neutralise as neutralise
from ..text import clean, fold

_MESSY = re.compile(r"\s\s|[^\S ]")  # two spaces in a row, or a tab, a new line, a non-breaking space


class CellError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# Canonical texts of the file format ------------------------------------------------------------
SEX_TEXT = {"male": "Nam", "female": "Nữ"}
LEVEL_TEXT = {"especially_severe": "Đặc biệt nặng", "severe": "Nặng", "mild": "Nhẹ"}
TYPE_TEXT = {
    "mobility": "Vận động",
    "hearing_speech": "Nghe, nói",
    "vision": "Nhìn",
    "neuro_psychosocial": "Thần kinh, tâm thần",
    "intellectual": "Trí tuệ",
    "other": "Khác",
}
CAUSE_TEXT = {
    "congenital": "Bẩm sinh",
    "illness": "Bệnh tật",
    "accident": "Tai nạn",
    "war": "Chiến tranh, chất độc hóa học",
    "occupational": "Tai nạn lao động, bệnh nghề nghiệp",
    "other": "Khác",
    "unknown": "Không rõ",
}
POVERTY_TEXT = {"poor": "Hộ nghèo", "near_poor": "Hộ cận nghèo", "none": ""}
ETHNICITY_TEXT = {code: str(name) for code, name in ETHNIC_GROUPS[:54]} | {"55": "Người nước ngoài", "99": "Không rõ"}
TYPE_SEPARATOR = "; "


# Text -------------------------------------------------------------------------------------------
def text(value) -> str:
    """A cell as stored text: NFC, trimmed, inner spaces collapsed; a float that is a whole number
    loses its '.0'; the apostrophe our exports put before =, +, -, @ is removed (the text is kept
    as text, never evaluated)."""
    if value is None or value == "":
        return ""
    if value.__class__ is str:
        result = value.strip()
        if _MESSY.search(result) or not unicodedata.is_normalized("NFC", result):
            result = clean(result)
    elif isinstance(value, float):
        result = str(int(value)) if value.is_integer() else repr(value)
    elif isinstance(value, (datetime, date)):
        result = value.strftime("%d/%m/%Y")
    else:
        result = clean(str(value))
    if len(result) > 1 and result[0] == "'" and result[1] in FORMULA_PREFIXES:
        result = result[1:]
    return result


# Dates ------------------------------------------------------------------------------------------
_DMY = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_YEAR = re.compile(r"^(\d{4})$")
_EXCEL_EPOCH = date(1899, 12, 30)


def _date_message(raw) -> str:
    return _("“%(value)s” is not a date. Write dd/mm/yyyy (e.g. 17/05/1980) or the year alone (e.g. 1980).") % {
        "value": raw
    }


def _build(year: int, month: int, day: int, raw) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise CellError(_("%(value)s is not a real date (day or month out of range).") % {"value": raw}) from None


def _from_number(number: float, raw) -> tuple[date, bool]:
    if number.is_integer() and 1900 <= number <= 2100:
        return date(int(number), 1, 1), True
    if 1 <= number < 2958466:  # an Excel serial day number
        return _EXCEL_EPOCH + timedelta(days=int(number)), False
    raise CellError(_date_message(raw))


def parse_date(value) -> tuple[date | None, bool]:
    """(date, year only?) from a date cell, an Excel serial number, dd/mm/yyyy, d/m/yyyy, yyyy-mm-dd
    or a year alone. An empty cell gives (None, False)."""
    if value is None or value == "":
        return None, False
    if isinstance(value, datetime):
        return value.date(), False
    if isinstance(value, date):
        return value, False
    if isinstance(value, bool):
        raise CellError(_date_message(value))
    if isinstance(value, (int, float)):
        return _from_number(float(value), value)
    raw = clean(str(value))
    if not raw:
        return None, False
    if match := _DMY.match(raw):
        day, month, year = (int(g) for g in match.groups())
        return _build(year, month, day, raw), False
    if match := _YEAR.match(raw):
        return date(int(match.group(1)), 1, 1), True
    if match := _YMD.match(raw):
        year, month, day = (int(g) for g in match.groups())
        return _build(year, month, day, raw), False
    if raw.isdigit():
        return _from_number(float(raw), raw)
    raise CellError(_date_message(raw))


# ID numbers and phones --------------------------------------------------------------------------
_SCIENTIFIC = re.compile(r"^\d+([.,]\d+)?[eE]\+?\d+$")


def parse_digits(value, *, what) -> str:
    """An identifier kept as text: a number cell becomes its digits; spaces and dots are dropped.
    A number Excel turned into scientific notation (4,8E+10) has lost digits: refused."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        raise CellError(_("“%(value)s” is not a number.") % {"value": value})
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(_("“%(value)s” is not a whole number.") % {"value": value})
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    raw = clean(str(value))
    if len(raw) > 1 and raw[0] == "'":
        raw = raw[1:]
    if _SCIENTIFIC.match(raw):
        raise CellError(
            _(
                "Excel turned the %(what)s into scientific notation (%(value)s) and lost its last digits. "
                "Format the column as Text and type the number again."
            )
            % {"what": what(), "value": raw}
        )
    compact = re.sub(r"[\s.\-]", "", raw)
    if compact.endswith(".0") and compact[:-2].isdigit():
        compact = compact[:-2]
    return compact


def parse_national_id(value) -> str:
    return parse_digits(value, what=lambda: pgettext("in a sentence", "ID number"))


def parse_phone(value) -> tuple[str, bool]:
    """(phone, leading zero restored?). A 9-digit number lost its leading zero in Excel."""
    raw = parse_digits(value, what=lambda: _("phone number"))
    if not raw:
        return "", False
    plus = raw.startswith("+")
    digits = raw[1:] if plus else raw
    digits = re.sub(r"[()\s]", "", digits)
    if not digits.isdigit():
        raise CellError(_("“%(value)s” is not a phone number.") % {"value": raw})
    if not plus and len(digits) == 9 and digits[0] != "0":
        return "0" + digits, True
    if not 8 <= len(digits) <= 15:
        raise CellError(_("“%(value)s” is not a phone number.") % {"value": raw})
    return ("+" if plus else "") + digits, False


# Choices ----------------------------------------------------------------------------------------
def _key(value) -> str:
    """Folded words only: 'Đặc biệt  nặng.' → 'dac biet nang'."""
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", fold(text(value))).split())


_SEX = {"nam": "male", "male": "male", "m": "male", "trai": "male", "nu": "female", "female": "female", "f": "female",
        "gai": "female"}  # fmt: skip


@lru_cache(maxsize=256)
def parse_sex(value) -> str:
    key = _key(value)
    if not key:
        raise CellError(_("Enter the sex: Nam or Nữ."))
    try:
        return _SEX[key]
    except KeyError:
        raise CellError(_("“%(value)s” is not a sex: write Nam or Nữ.") % {"value": text(value)}) from None


_LEVEL = {
    "dac biet nang": "especially_severe", "db nang": "especially_severe", "dbn": "especially_severe",
    "dac biet": "especially_severe", "nang": "severe", "nhe": "mild",
    "especially severe": "especially_severe", "severe": "severe", "mild": "mild",
}  # fmt: skip
_LEVEL_PREFIX = re.compile(r"^(muc do |khuyet tat |kt |muc )+")


@lru_cache(maxsize=256)
def parse_level(value) -> str:
    key = _LEVEL_PREFIX.sub("", _key(value))
    if not key:
        return ""
    try:
        return _LEVEL[key]
    except KeyError:
        raise CellError(
            _("“%(value)s” is not a disability level: write Đặc biệt nặng, Nặng or Nhẹ.") % {"value": text(value)}
        ) from None


_TYPES = {
    "mobility": ("van dong", "vd", "tat van dong", "than the"),
    "hearing_speech": ("nghe noi", "nghe", "noi", "khiem thinh", "cam", "diec", "cam diec", "ngong", "nghe va noi"),
    "vision": ("nhin", "khiem thi", "mu", "mu loa", "thi giac"),
    "neuro_psychosocial": ("than kinh tam than", "than kinh", "tam than", "tam than kinh"),
    "intellectual": ("tri tue", "cham phat trien tri tue", "thieu nang tri tue", "chan phat trien tri tue"),
    "other": ("khac", "tu ky", "tu ki", "roi loan pho tu ky", "tu ky khac"),
}
_TYPE_INDEX = {synonym: code for code, synonyms in _TYPES.items() for synonym in synonyms} | {
    code.replace("_", " "): code for code in _TYPES
}
_TYPE_SPLIT = re.compile(r"[;,/+\n]|\s+-\s+|\s+(?:và|va)\s+", re.IGNORECASE)
_TYPE_PREFIX = re.compile(r"^(dang tat |khuyet tat |kt |tat )+")


@lru_cache(maxsize=1024)
def parse_types(value) -> tuple[str, ...]:
    """Types from names separated by commas or semicolons. 'Nghe, nói' and 'Thần kinh, tâm thần'
    contain a comma themselves: each half names the same type, so splitting on it is harmless."""
    written = text(value)
    if not written:
        return ()
    found: list[str] = []
    unknown: list[str] = []
    for part in _TYPE_SPLIT.split(written):
        key = _TYPE_PREFIX.sub("", " ".join(re.sub(r"[^a-z0-9 ]", " ", fold(part)).split()))
        if not key:
            continue
        code = _TYPE_INDEX.get(key)
        if code is None:
            unknown.append(part.strip())
        elif code not in found:
            found.append(code)
    if unknown:
        raise CellError(
            _("Unknown disability type “%(value)s”. Write one or more of: %(names)s, separated by “;”.")
            % {"value": ", ".join(unknown), "names": "; ".join(TYPE_TEXT.values())}
        )
    order = list(TYPE_TEXT)
    return tuple(sorted(found, key=order.index))


def _ethnic_key(value: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(value))


_ETHNIC_ALIASES = {
    "khmer": "05", "mong": "08", "hmong": "08", "hmongs": "08", "meo": "08", "jrai": "10", "giarai": "10",
    "ede": "12", "bahnar": "13", "bana": "13", "sedang": "14", "xodang": "14", "koho": "16", "kho": "16",
    "cham": "17", "mnong": "20", "raglai": "21", "stieng": "22", "xtieng": "22", "vankieu": "23", "bru": "23",
    "katu": "26", "cotu": "26", "gietrieng": "27", "gieteng": "27", "khomu": "29", "khmu": "29",
    "taoi": "31", "pako": "31", "choro": "32", "hoa": "04", "nuocngoai": "55", "nguoinuocngoai": "55",
    "khongro": "99", "chuaro": "99",
}  # fmt: skip
_ETHNIC_INDEX = {_ethnic_key(name): code for code, name in ETHNICITY_TEXT.items()} | _ETHNIC_ALIASES


@lru_cache(maxsize=256)
def parse_ethnicity(value) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    raw = text(value)
    if raw.isdigit():
        code = raw.zfill(2)
        if code in ETHNICITY_TEXT:
            return code
    code = _ETHNIC_INDEX.get(_ethnic_key(raw))
    if code is None:
        raise CellError(
            _("“%(value)s” is not an ethnic group of the statistics office's list (for example Kinh, Cơ-tu, Xơ-đăng).")
            % {"value": raw}
        )
    return code


_CAUSES = (
    ("congenital", ("bam sinh", "di truyen")),
    ("war", ("chien tranh", "da cam", "dioxin", "bom", "min", "chat doc", "thuong binh")),
    ("occupational", ("tai nan lao dong", "benh nghe nghiep", "nghe nghiep", "lao dong")),
    ("accident", ("tai nan",)),
    ("unknown", ("khong ro", "chua ro", "khong xac dinh", "khong biet")),
    ("illness", ("benh", "om", "sot", "tai bien", "nhiem", "dot quy", "tat nguyen")),
    ("other", ("khac",)),
)


@lru_cache(maxsize=512)
def parse_cause(value) -> str:
    words = f" {_key(value)} "
    if not words.strip():
        return ""
    for code, phrases in _CAUSES:
        if any(f" {phrase} " in words for phrase in phrases):
            return code
    raise CellError(
        _("“%(value)s” is not a known cause. Write one of: %(names)s.")
        % {"value": text(value), "names": "; ".join(CAUSE_TEXT.values())}
    )


_YEAR_IN_TEXT = re.compile(r"\b(19\d{2}|20\d{2})\b")


@lru_cache(maxsize=256)
def parse_poverty(value) -> tuple[str, int | None]:
    """(status, year or None). 'Hộ nghèo 2024', 'Cận nghèo', 'HN', 'HCN'; empty or 'Không' = neither."""
    if value is None or value == "":
        return "", None
    raw = text(value)
    key = _key(raw)
    match = _YEAR_IN_TEXT.search(raw)
    year = int(match.group(1)) if match else None
    words = f" {key} "
    if " can ngheo " in words or key in ("hcn", "cn", "ho cn") or key.startswith("hcn "):
        return "near_poor", year
    if " ngheo " in words or key in ("hn", "ho hn") or key.startswith("hn "):
        return "poor", year
    if key in ("khong", "0", "no", "khong ngheo"):
        return "none", None
    raise CellError(
        _("“%(value)s”: write Hộ nghèo or Hộ cận nghèo, with the year if known (Hộ nghèo 2024), or leave it empty.")
        % {"value": raw}
    )


_YES = {"x", "co", "yes", "1", "hoi vien", "la hoi vien", "v", "da vao hoi"}
_NO = {"khong", "no", "0", "chua"}


def parse_membership(value) -> date | bool | None:
    """A membership date (or year), True for 'x'/'Có' (member, date unknown), False for 'Không',
    None when empty."""
    if value is None or value == "":
        return None
    if not isinstance(value, (date, datetime, int, float)):
        key = _key(value)
        if key in _YES:
            return True
        if key in _NO:
            return False
    try:
        day, _approximate = parse_date(value)
    except CellError:
        raise CellError(
            _(
                "“%(value)s”: write the date the person joined the association (dd/mm/yyyy or the year), “x” or leave it empty."
            )
            % {"value": text(value)}
        ) from None
    return day

"""One data row of a person register parsed into a `Draft`: the model values it gives (only the
cells that are filled in), its determination and certificate, and what went wrong, by column."""

from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from ..identifiers import restore_leading_zero
from ..text import fold
from . import parsing
from .parsing import CellError
from .units import UnitError, UnitResolver

TEXT_COLUMNS = {"full_name", "village", "caregiver_name", "caregiver_relation", "notes"}
NOT_A_PERSON_PREFIXES = ("tong cong", "tong so", "cong:", "tong:")


@dataclass(slots=True)
class Draft:
    number: int
    cells: list
    values: dict = field(default_factory=dict)  # Person field → value, filled cells only
    types: tuple[str, ...] | None = None  # None: the cell is empty
    level: str | None = None
    certificate_number: str = ""
    certificate_date: date | None = None
    membership: date | bool | None = None
    legacy_address: str = ""
    commune_id: int | None = None
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column key, message)
    warnings: list[tuple[str, str]] = field(default_factory=list)

    def error(self, column: str, message: str) -> None:
        self.errors.append((column, message))

    def warn(self, column: str, message: str) -> None:
        self.warnings.append((column, message))

    @property
    def national_id(self) -> str:
        return self.values.get("national_id") or ""

    @property
    def key(self) -> tuple[str, date | None, int | None]:
        return fold(self.values.get("full_name", "")), self.values.get("date_of_birth"), self.commune_id


def is_empty(cells) -> bool:
    for cell in cells:  # noqa: SIM110 (a loop, not all(genexpr): called for every row of a 100,000-row file)
        if cell is not None and (not isinstance(cell, str) or cell.strip()):
            return False
    return True


class RowParser:
    """Parse rows of one file: `columns` maps a position in the row to a column key."""

    def __init__(self, columns: dict[int, str], resolver: UnitResolver, *, today: date):
        self.columns = sorted(columns.items())
        self.positions = {key: position for position, key in columns.items()}
        self.parsers = [(p, key, self.PARSERS[key]) for p, key in self.columns if key in self.PARSERS]
        self.resolver = resolver
        self.today = today
        self._addresses: dict = {}  # the cells of an address as written → Resolved

    def cell(self, cells: list, key: str):
        position = self.positions.get(key)
        if position is None or position >= len(cells):
            return None
        return cells[position]

    def is_person_row(self, cells: list) -> bool:
        """False for the lines real files carry that are not persons: the numbering row under the
        header ('(1) (2) (3)'), a total line, a signature block (no name, birth date or ID)."""
        name = parsing.text(self.cell(cells, "full_name"))
        born = self.cell(cells, "date_of_birth")
        if not name and born in (None, "") and self.cell(cells, "national_id") in (None, ""):
            return False
        if born in (None, "") and name[:1].lower() in "tc" and fold(name).startswith(NOT_A_PERSON_PREFIXES):
            return False
        return not name.strip("()[] .").isdigit()

    def parse(self, number: int, cells: list) -> Draft:
        draft = Draft(number=number, cells=cells)
        values = draft.values
        width = len(cells)
        for position, key, parser in self.parsers:
            value = cells[position] if position < width else None
            if value is None or value == "":
                continue
            try:
                parser(self, draft, key, value)
            except CellError as exc:
                draft.error(key, exc.message)
        if not values.get("full_name") and not any(k == "full_name" for k, _m in draft.errors):
            draft.error("full_name", _("Enter the full name."))
        if "date_of_birth" not in values and not any(k == "date_of_birth" for k, _m in draft.errors):
            draft.error("date_of_birth", _("Enter the date of birth (or the year of birth)."))
        if "sex" not in values and not any(k == "sex" for k, _m in draft.errors):
            draft.error("sex", _("Enter the sex: Nam or Nữ."))
        self._restore_national_id(draft)
        self._resolve_commune(draft, cells)
        if draft.certificate_date and not draft.certificate_number:
            draft.error("certificate_number", _("Enter the certificate number (the issue date is filled in)."))
        return draft

    # One small parser per column (a dispatch table, not a chain of tests per cell).
    def _text(self, draft: Draft, key: str, value) -> None:
        text = parsing.text(value)
        if text:
            draft.values[key] = text

    def _born(self, draft: Draft, key: str, value) -> None:
        born, approximate = parsing.parse_date(value)
        draft.values["date_of_birth"] = born
        draft.values["birth_date_approximate"] = approximate

    def _sex(self, draft: Draft, key: str, value) -> None:
        draft.values["sex"] = parsing.parse_sex(value)

    def _ethnicity(self, draft: Draft, key: str, value) -> None:
        draft.values["ethnicity"] = parsing.parse_ethnicity(value)

    def _national_id(self, draft: Draft, key: str, value) -> None:
        national_id = parsing.parse_national_id(value)
        if national_id:
            draft.values["national_id"] = national_id

    def _types(self, draft: Draft, key: str, value) -> None:
        draft.types = parsing.parse_types(value) or None

    def _level(self, draft: Draft, key: str, value) -> None:
        draft.level = parsing.parse_level(value) or None

    def _certificate_number(self, draft: Draft, key: str, value) -> None:
        draft.certificate_number = parsing.text(value)

    def _certificate_date(self, draft: Draft, key: str, value) -> None:
        issued, approximate = parsing.parse_date(value)
        if approximate:
            raise CellError(_("Write the full issue date (dd/mm/yyyy), not only the year."))
        draft.certificate_date = issued

    def _cause(self, draft: Draft, key: str, value) -> None:
        draft.values["cause"] = parsing.parse_cause(value)

    def _poverty(self, draft: Draft, key: str, value) -> None:
        status, year = parsing.parse_poverty(value)
        if status:
            draft.values["poverty_status"] = status
            if year:
                draft.values["poverty_year"] = year

    def _phone(self, draft: Draft, key: str, value) -> None:
        phone, restored = parsing.parse_phone(value)
        if phone:
            draft.values["caregiver_phone"] = phone
        if restored:
            draft.warn(
                key, _("The phone number had lost its leading zero; it was restored (%(phone)s).") % {"phone": phone}
            )

    def _membership(self, draft: Draft, key: str, value) -> None:
        draft.membership = parsing.parse_membership(value)

    PARSERS = {
        **dict.fromkeys(TEXT_COLUMNS, _text),
        "date_of_birth": _born, "sex": _sex, "ethnicity": _ethnicity, "national_id": _national_id,
        "types": _types, "level": _level, "certificate_number": _certificate_number,
        "certificate_date": _certificate_date, "cause": _cause, "poverty": _poverty, "caregiver_phone": _phone,
        "association_member": _membership,
    }  # fmt: skip

    def _restore_national_id(self, draft: Draft) -> None:
        national_id = draft.values.get("national_id")
        if not national_id or len(national_id) != 11 or not national_id.isdigit():
            return
        born = draft.values.get("date_of_birth")
        restored = restore_leading_zero(
            national_id, sex=draft.values.get("sex"), birth_year=born.year if born else None
        )
        if restored:
            draft.values["national_id"] = restored
            draft.warn(
                "national_id",
                _("The ID number had 11 digits (a spreadsheet dropped its leading zero); it was restored as %(id)s.")
                % {"id": restored},
            )

    def _resolve_commune(self, draft: Draft, cells: list) -> None:
        if "commune" not in self.positions:
            draft.error("commune", _("The file has no “Xã/Phường” column."))
            return
        written = (self.cell(cells, "province"), self.cell(cells, "district"), self.cell(cells, "commune"))
        try:
            resolved = self._addresses.get(written)
            if resolved is None:
                resolved = self._addresses[written] = self.resolver.resolve(*(parsing.text(v) for v in written))
        except UnitError as exc:
            draft.error(exc.column, exc.message)
            return
        draft.commune_id = resolved.commune_id
        if resolved.legacy_address:
            draft.legacy_address = resolved.legacy_address
            draft.warn(
                "commune",
                _("Pre-2025 address converted to %(commune)s; the original address is kept in the notes.")
                % {"commune": self.resolver.label(resolved.commune_id)},
            )

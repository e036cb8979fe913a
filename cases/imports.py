"""Importing lists of support already given (from departments, the association, NGOs) as completed
cases, and the file format they share with the case-list export.

The reading is the person import's (`registry.imports`: reader, header matching, cell parsing,
commune resolution, report classes); only the columns and the row rules are the cases' own.
Each row names a person (ID number, else name + date of birth + commune, among the persons the
importer may work on), a support type, a date and optionally a domain, provider, funding source,
amount and status. A row is new, unchanged (a case of that person, support type, date and amount
exists) or an error, with the column and the reason. Rows are written through
`case_record_completed`, each in a savepoint, inside one transaction that is rolled back for a dry
run and — unless `partial` — when any row has an error. The same support twice in a file is an
error on the second row.

Header texts and the Vietnamese texts of domains, funding sources and statuses are file-format
data (like the person register's), not translatable strings.
"""

import io
import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from policies.models.catalogue import Policy
from registry.errors import DomainError, InvalidInput, NotPermitted
from registry.imports.columns import Column, header_key
from registry.imports.drafts import is_empty
from registry.imports.parsing import CellError, parse_date, parse_national_id, text
from registry.imports.persons import check_size
from registry.imports.reader import read_table
from registry.imports.report import ERROR as ERROR_ROW
from registry.imports.report import NEW, ROW, UNCHANGED, ImportResult, ImportRow
from registry.imports.units import UnitError, UnitResolver
from registry.models import Person
from registry.scope import persons_editable_by, persons_visible_to, scope_of
from registry.text import clean, fold

from .models import Case, Domain, FundingSource, Status
from .scoping import WRITER_ROLES, providers_visible_to, role_of
from .services._common import money
from .services.records import case_record_completed

CASE_COLUMNS: tuple[Column, ...] = (
    Column("row_number", "STT", ("tt", "so tt", "so thu tu")),
    Column("full_name", "Họ và tên", ("ho ten", "ho va ten nguoi khuyet tat", "ho ten nguoi khuyet tat", "ho ten nkt")),
    Column("date_of_birth", "Ngày sinh", ("ngay thang nam sinh", "nam sinh", "sinh ngay")),
    Column(
        "national_id",
        "Số định danh cá nhân",
        ("so dinh danh", "ma dinh danh", "so cccd", "cccd", "so cmnd/cccd", "cmnd/cccd", "so cmnd", "cmnd"),
    ),  # fmt: skip
    Column("province", "Tỉnh/Thành phố", ("tinh", "tinh/tp", "tinh thanh pho")),
    Column("district", "Huyện/Quận (cũ)", ("huyen/quan", "quan/huyen", "huyen", "quan", "huyen (cu)")),
    Column("commune", "Xã/Phường", ("xa", "phuong", "phuong/xa", "xa/phuong/thi tran", "ma xa")),
    Column("domain", "Lĩnh vực", ("linh vuc ho tro",)),
    Column("support_type", "Loại hỗ trợ", ("hinh thuc ho tro", "noi dung ho tro", "chinh sach", "loai chinh sach")),
    Column("date", "Ngày hỗ trợ", ("ngay", "ngay thuc hien", "thoi gian ho tro", "ngay nhan")),
    Column("provider", "Cơ sở cung cấp", ("don vi cung cap", "don vi ho tro", "co so cung cap dich vu", "don vi")),
    Column("funding_source", "Nguồn kinh phí", ("nguon", "nguon von", "nguon ho tro")),
    Column("amount", "Số tiền (đồng)", ("so tien", "so tien (vnd)", "so tien (d)", "kinh phi", "thanh tien")),
    Column("status", "Trạng thái", ("tinh trang",)),
    Column("notes", "Ghi chú", ()),
)
# The template's columns (the export's, too); province and district are only read.
TEMPLATE_KEYS = [c.key for c in CASE_COLUMNS if c.key not in ("province", "district")]
HEADER_BY_KEY = {c.key: c.header for c in CASE_COLUMNS}
CASE_INDEX = {header_key(t): c.key for c in reversed(CASE_COLUMNS) for t in (c.header, *c.variants)}

DOMAIN_TEXT = {
    Domain.HEALTH: "Y tế và phục hồi chức năng", Domain.EDUCATION: "Giáo dục",
    Domain.VOCATIONAL_TRAINING: "Giáo dục nghề nghiệp và việc làm", Domain.LIVELIHOOD: "Sinh kế",
    Domain.LEGAL_AID: "Trợ giúp pháp lý", Domain.SOCIAL_ASSISTANCE: "Trợ giúp xã hội",
    Domain.CULTURE_SPORT_TOURISM: "Văn hóa, thể thao, du lịch", Domain.HOUSING_ACCESSIBILITY: "Nhà ở và tiếp cận",
    Domain.OTHER: "Khác",
}  # fmt: skip
FUNDING_TEXT = {
    FundingSource.STATE_BUDGET: "Ngân sách nhà nước", FundingSource.SOCIAL_MOBILISATION: "Vận động xã hội",
    FundingSource.ASSOCIATION: "Hội Người khuyết tật", FundingSource.NGO_DONOR: "Tổ chức phi chính phủ, nhà tài trợ",
    FundingSource.OTHER: "Nguồn khác",
}  # fmt: skip
STATUS_TEXT = {
    Status.REQUESTED: "Mới tiếp nhận", Status.ASSESSED: "Đã thẩm định", Status.APPROVED: "Đã phê duyệt",
    Status.IN_PROGRESS: "Đang thực hiện", Status.COMPLETED: "Hoàn thành", Status.REJECTED: "Bị từ chối",
    Status.CANCELLED: "Đã hủy",
}  # fmt: skip
_FUNDING_ALIASES = {"ngan sach": FundingSource.STATE_BUDGET, "nsnn": FundingSource.STATE_BUDGET,
                    "xa hoi hoa": FundingSource.SOCIAL_MOBILISATION, "hoi": FundingSource.ASSOCIATION,
                    "hoi nkt": FundingSource.ASSOCIATION, "ngo": FundingSource.NGO_DONOR,
                    "khac": FundingSource.OTHER}  # fmt: skip
_COMPLETED = {"", "hoan thanh", "da hoan thanh", "completed", "x", "da ho tro", "da nhan", "dat"}
# Service field → column of the file.
FIELD_COLUMNS = {"support_type": "support_type", "domain": "domain", "requested_on": "date", "provider": "provider",
                 "funding_source": "funding_source", "amount": "amount", "description": "notes",
                 "person": "full_name"}  # fmt: skip


def _key(value) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", fold(text(value))).split())


def parse_amount(value) -> int | None:
    """Đồng as a number cell or a text such as “1.500.000”, “1,500,000 đ”; ≥ 0 (the services' rule)."""
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        raw = re.sub(r"(?i)\s*(vnđ|vnd|đồng|đ)\s*$", "", text(value))
        if re.fullmatch(r"-?\d{1,3}([.,]\d{3})+", raw):
            raw = raw.replace(".", "").replace(",", "")
        value = raw.replace(" ", "")
    try:
        return money("amount", value)
    except InvalidInput as exc:
        raise CellError(exc.message) from None


class CaseImportRun:
    """The rows of one file, checked and (unless rolled back) written one by one."""

    def __init__(self, *, actor, table):
        self.actor = actor
        self.table = table
        self.scope = scope_of(actor)
        self.positions = {key: position for position, key in table.columns.items()}
        self.names = dict(HEADER_BY_KEY)
        for position, key in table.columns.items():
            if position < len(table.header_cells) and clean(str(table.header_cells[position] or "")):
                self.names[key] = clean(str(table.header_cells[position]))
        self.persons = persons_editable_by(actor) if self.scope.edits_persons else (
            persons_visible_to(actor).filter(self.scope.commune_q())
        )  # fmt: skip
        self.resolver = UnitResolver()
        self.policies: dict[str, Policy] = {}
        for policy in Policy.objects.all():
            self.policies.setdefault(policy.code, policy)
            self.policies.setdefault(_key(policy.name), policy)
        self.domains = {code: code for code in Domain.values} | {_key(t): c for c, t in DOMAIN_TEXT.items()}
        self.funding = ({code: code for code in FundingSource.values} | _FUNDING_ALIASES
                        | {_key(t): c for c, t in FUNDING_TEXT.items()})  # fmt: skip
        self.providers: dict[str, list] = {}
        for provider in providers_visible_to(actor).filter(is_active=True):
            self.providers.setdefault(_key(provider.name), []).append(provider)
        self.seen: dict[tuple, int] = {}
        self.today = timezone.localdate()

    def cell(self, cells, key):
        position = self.positions.get(key)
        return cells[position] if position is not None and position < len(cells) else None

    def check(self, result: ImportResult) -> None:
        for number, cells in self.table.rows():
            if is_empty(cells) or not any(
                text(self.cell(cells, k)) for k in ("full_name", "national_id", "support_type")
            ):
                continue
            errors: dict[str, list[str]] = {}
            import_type = self.row(number, cells, errors)
            result.add(ImportRow(number, ERROR_ROW if errors else import_type), cells=cells, errors=errors)

    def row(self, number: int, cells: list, errors: dict) -> str:
        def err(key: str, message: str) -> None:
            errors.setdefault(ROW if key == ROW else self.names[key], []).append(message)

        def parsed(key, parser):
            try:
                return parser(self.cell(cells, key))
            except CellError as exc:
                err(key, exc.message)
                return None

        person = self._person(cells, err)
        policy = self._choice(cells, "support_type", self.policies, err,
                              _("Unknown support type “%(value)s”: write a name or code of the catalogue."))  # fmt: skip
        domain = self._choice(cells, "domain", self.domains, err, _("Unknown domain “%(value)s”."))
        funding = self._choice(cells, "funding_source", self.funding, err, _("Unknown funding source “%(value)s”."))
        if policy is None and self.names["support_type"] not in errors:
            err("support_type", _("Enter the support type."))
        on = parsed("date", parse_date)
        if on is not None:
            on, year_only = on
            if year_only:
                err("date", _("Write the full date of the support (dd/mm/yyyy), not only the year."))
        if on is None and self.names["date"] not in errors:
            err("date", _("Enter the date of the support."))
        amount = parsed("amount", parse_amount)
        provider = self._provider(cells, err)
        status = _key(self.cell(cells, "status"))
        if errors:
            return ERROR_ROW
        key = (person.pk, policy.pk, on, amount)
        if key in self.seen:
            err(ROW, _("The same support is already on row %(row)d of the file.") % {"row": self.seen[key]})
            return ERROR_ROW
        self.seen[key] = number
        if Case.objects.filter(person=person, support_type=policy, requested_on=on, amount=amount).exists():
            return UNCHANGED
        if status not in _COMPLETED:
            err("status", _("Only support already given can be imported: write “Hoàn thành” or leave the cell empty."))
            return ERROR_ROW
        try:
            with transaction.atomic():
                case_record_completed(
                    actor=self.actor, person=person, support_type=policy, on=on, domain=domain or "",
                    provider=provider, funding_source=funding or "", amount=amount,
                    description=text(self.cell(cells, "notes")),
                    note=_("Imported from a list of support given (row %(row)d).") % {"row": number},
                )  # fmt: skip
        except InvalidInput as exc:
            for field, messages in exc.errors.items():
                for message in messages:
                    err(FIELD_COLUMNS.get(field, ROW), message)
        except DomainError as exc:
            err(ROW, exc.message)
        return ERROR_ROW if errors else NEW

    def _choice(self, cells, key, index, err, message):
        raw = text(self.cell(cells, key))
        if not raw:
            return None
        found = index.get(raw) or index.get(_key(raw))
        if found is None:
            err(key, message % {"value": raw})
        return found

    def _provider(self, cells, err):
        raw = text(self.cell(cells, "provider"))
        if not raw:
            return None
        found = self.providers.get(_key(raw), [])
        if len(found) == 1:
            return found[0]
        if found:
            err("provider", _("Several providers are named “%(value)s”: make the names distinct in the directory.")
                % {"value": raw})  # fmt: skip
        else:
            err("provider", _("No active provider named “%(value)s” in the directory of your province.")
                % {"value": raw})  # fmt: skip
        return None

    def _person(self, cells, err) -> Person | None:
        name = text(self.cell(cells, "full_name"))
        try:
            national_id = parse_national_id(self.cell(cells, "national_id"))
        except CellError as exc:
            err("national_id", exc.message)
            return None
        if national_id:
            person = self.persons.filter(national_id=national_id).first()
            if person is None:
                if Person.objects.not_deleted().filter(national_id=national_id).exists():
                    err(
                        "national_id",
                        _("This person is registered outside your area: you cannot record their support."),
                    )
                else:
                    err("national_id", _("No registered person has the ID number %(id)s.") % {"id": national_id})
            elif name and fold(name) != person.name_folded:
                err("full_name", _("The ID number belongs to %(name)s, not to “%(written)s”.")
                    % {"name": person.full_name, "written": name})  # fmt: skip
                return None
            return person
        try:
            born = parse_date(self.cell(cells, "date_of_birth"))[0]
        except CellError as exc:
            err("date_of_birth", exc.message)
            return None
        if not (name and born and text(self.cell(cells, "commune"))):
            err("national_id", _("Enter the ID number, or the full name, date of birth and commune of the person."))
            return None
        try:
            commune_id = self.resolver.resolve(
                *(text(self.cell(cells, k)) for k in ("province", "district", "commune"))
            )
        except UnitError as exc:
            err(exc.column if exc.column in self.names else "commune", exc.message)
            return None
        if not self.scope.covers_commune(commune_id.commune_id):
            err("commune", _("This commune is outside your area: you cannot record support for its residents."))
            return None
        found = list(
            self.persons.filter(name_folded=fold(name), date_of_birth=born, commune_id=commune_id.commune_id)[:2]
        )
        if len(found) == 1:
            return found[0]
        if found:
            err("full_name", _("Several registered persons have this name and date of birth: write the ID number."))
        else:
            err("full_name", _("No registered person of this commune has this name and date of birth."))
        return None


def case_import(*, actor, data: bytes, filename: str, dry_run: bool = True, partial: bool = False) -> ImportResult:
    """Check (dry run) or import a list of support given. Raises ImportFileError for a file that
    cannot be read, NotPermitted for a role that does not record cases."""
    if role_of(actor) not in WRITER_ROLES:
        raise NotPermitted(_("Your role cannot import support cases."))
    table = read_table(data, filename, header_index=CASE_INDEX, required="support_type")
    check_size(table.total_rows, actor)
    result = ImportResult()
    result.prepare(table.header_cells)
    result.header_row, result.sheet, result.dry_run = table.header_row, table.sheet, dry_run
    with transaction.atomic():
        CaseImportRun(actor=actor, table=table).check(result)
        if dry_run or (result.errors and not partial):
            transaction.set_rollback(True)
        else:
            result.written = True
    return result


# The downloadable template ------------------------------------------------------------------------
TEXT_FORMAT_KEYS = {"national_id", "date_of_birth", "date"}


def template_headers() -> list[str]:
    return [HEADER_BY_KEY[k] for k in TEMPLATE_KEYS]


def template_xlsx() -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet("Danh sách hỗ trợ")
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7", "border": 1})
    as_text = workbook.add_format({"num_format": "@"})
    for col, key in enumerate(TEMPLATE_KEYS):
        sheet.write_string(0, col, HEADER_BY_KEY[key], bold)
        sheet.set_column(col, col, 26 if key in ("full_name", "support_type", "provider") else 16,
                         as_text if key in TEXT_FORMAT_KEYS else None)  # fmt: skip
    sheet.freeze_panes(1, 0)
    guide = workbook.add_worksheet("Hướng dẫn")
    guide.set_column(0, 0, 30)
    guide.set_column(1, 1, 100)
    rows = [
        ("Loại hỗ trợ", "; ".join(p.name for p in Policy.objects.filter(is_active=True).order_by("sort_order"))),
        ("Lĩnh vực", "; ".join(DOMAIN_TEXT.values())),
        ("Nguồn kinh phí", "; ".join(FUNDING_TEXT.values())),
        ("Trạng thái", STATUS_TEXT[Status.COMPLETED]),
    ]
    for line, (header, values) in enumerate(rows):
        guide.write_string(line, 0, header, bold)
        guide.write_string(line, 1, values)
    workbook.close()
    return buffer.getvalue()


def template_csv() -> bytes:
    return ("\ufeff" + ",".join(template_headers()) + "\r\n").encode("utf-8")

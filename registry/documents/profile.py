"""The person profile (hồ sơ người khuyết tật): identity, residences, determinations,
certificates, and the sections other apps add (entitlements, decisions, cases).

Other apps contribute through `settings.PERSON_PROFILE_SECTIONS`: dotted paths of callables
`section(*, viewer, person) -> dict | None`. None shows nothing (not for this viewer or person);
a dict has a "title" and either

* "columns" (list of header strings) and "rows" (list of lists of strings), plus an optional
  "empty" text for no rows — a plain table in the document's style; or
* "template" (a PDF template fragment) and "context".

Callables must apply the viewer's scope themselves (through their own selectors); the person
is already one the viewer may see. ID numbers appear only for `scope.sees_national_id`.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString, mark_safe

from registry.models import Person
from registry.models.persons import ETHNICITY_NAMES, DisabilityType, PersonStatus
from registry.scope import scope_of

from .certificate import birth_text
from .formatting import commune_heading, pdf_filename, place_and_date, residence_line, short_date
from .rendering import PDF_LANGUAGE, render_pdf

TEMPLATE = "documents/pdf/profile.html"
FILENAME_STEM = "ho-so-nguoi-khuyet-tat"
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


@dataclass
class Section:
    title: str
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    empty: str = "Không có."
    html: SafeString | None = None
    numeral: str = ""


def _identity(person: Person, *, sees_ids: bool) -> list[tuple[str, str]]:
    status = {
        PersonStatus.ACTIVE: "Đang cư trú",
        PersonStatus.MOVED_OUT: "Đã chuyển đi",
        PersonStatus.DECEASED: "Đã mất",
    }.get(getattr(person, "viewer_status", person.status), str(person.get_status_display()))
    if person.status == PersonStatus.DECEASED and person.died_on:
        status = f"Đã mất ngày {short_date(person.died_on)}"
    rows = [
        ("Họ và tên", person.full_name),
        ("Ngày, tháng, năm sinh", birth_text(person)),
        ("Giới tính", str(person.get_sex_display())),
        ("Dân tộc", str(ETHNICITY_NAMES.get(person.ethnicity, person.ethnicity))),
    ]
    if sees_ids:
        rows.append(("Số định danh cá nhân", person.national_id or "Chưa có"))
    rows += [
        ("Nơi cư trú", residence_line(person.village, person.commune)),
        ("Số điện thoại", person.phone or ""),
        ("Dạng khuyết tật", ", ".join(person.disability_type_labels) or "Chưa xác định"),
        ("Mức độ khuyết tật", str(person.get_level_display()) if person.level else "Chưa xác định"),
        ("Nguyên nhân khuyết tật", str(person.get_cause_display())),
        (
            "Hoàn cảnh hộ gia đình",
            str(person.get_poverty_status_display()) + (f" (năm {person.poverty_year})" if person.poverty_year else ""),
        ),
        (
            "Hội viên Hội Người khuyết tật",
            f"Từ {short_date(person.association_member_since)}" if person.association_member_since else "Không",
        ),
        ("Tình trạng", status),
    ]
    if person.caregiver_name:
        carer = person.caregiver_name
        if person.caregiver_relation:
            carer += f" ({person.caregiver_relation})"
        if person.caregiver_phone:
            carer += f", điện thoại {person.caregiver_phone}"
        if sees_ids and person.caregiver_national_id:
            carer += f", số định danh {person.caregiver_national_id}"
        rows.append(("Người chăm sóc", carer))
    return [(label, value) for label, value in rows if value != ""]


def _builtin_sections(person: Person) -> list[Section]:
    residences = list(person.residences.select_related("commune", "commune__parent").order_by("started_on", "id"))
    determinations = list(person.determinations.order_by("determined_on", "id"))
    certificates = list(person.certificates.select_related("issuing_commune").order_by("issued_on", "id"))
    return [
        Section(
            title="Quá trình cư trú",
            columns=["Từ ngày", "Đến ngày", "Nơi cư trú"],
            rows=[
                [short_date(r.started_on), short_date(r.ended_on) or "nay", residence_line(r.village, r.commune)]
                for r in residences
            ],
        ),
        Section(
            title="Xác định mức độ khuyết tật",
            columns=["Ngày", "Hội đồng", "Phiếu", "Tổng điểm", "Dạng khuyết tật", "Mức độ", "Hiệu lực"],
            rows=[
                [
                    short_date(d.determined_on),
                    str(d.get_council_display()),
                    f"Mẫu {d.form}" if d.form else "",
                    "" if d.total_score is None else str(d.total_score),
                    ", ".join(str(DisabilityType(code).label) for code in d.disability_types),
                    str(d.get_level_display()),
                    "Có" if d.is_valid else "Không",
                ]
                for d in determinations
            ],
        ),
        Section(
            title="Giấy xác nhận khuyết tật",
            columns=["Số", "Ngày cấp", "Nơi cấp", "Tình trạng"],
            rows=[
                [
                    c.number,
                    short_date(c.issued_on),
                    c.issuing_commune.name,
                    str(c.get_status_display())
                    + (f" ({short_date(c.status_changed_on)})" if c.status_changed_on else ""),
                ]
                for c in certificates
            ],
        ),
    ]


def extension_sections(*, viewer, person: Person) -> list[Section]:
    """The sections of `settings.PERSON_PROFILE_SECTIONS`, in order."""
    out = []
    for path in getattr(settings, "PERSON_PROFILE_SECTIONS", None) or []:
        provider = import_string(path) if isinstance(path, str) else path
        result = provider(viewer=viewer, person=person)
        if not result:
            continue
        section = Section(
            title=str(result.get("title", "")),
            columns=[str(c) for c in result.get("columns", [])],
            rows=[[str(v) for v in row] for row in result.get("rows", [])],
            empty=str(result.get("empty") or "Không có."),
        )
        if result.get("template"):
            section.html = mark_safe(render_to_string(result["template"], result.get("context") or {}))  # noqa: S308
        out.append(section)
    return out


def profile_context(*, viewer, person: Person) -> dict:
    scope = scope_of(viewer)
    now = timezone.localtime()
    with translation.override(PDF_LANGUAGE):
        sections = _builtin_sections(person) + extension_sections(viewer=viewer, person=person)
        for index, section in enumerate(sections, start=2):
            section.numeral = ROMAN[index - 1] if index <= len(ROMAN) else str(index)
        return {
            "doc_title": "Hồ sơ người khuyết tật",
            "doc_subtitle": person.full_name,
            "issuer_lines": commune_heading(person.commune),
            "place_date": place_and_date(person.commune, now.date()),
            "identity": _identity(person, sees_ids=scope.sees_national_id),
            "sections": sections,
            "record_id": person.pk,
            "printed_at": now.strftime("%d/%m/%Y %H:%M"),
            "printed_by": viewer.get_full_name() or viewer.get_username(),
            "printed_by_role": str(viewer.get_role_display()) if hasattr(viewer, "get_role_display") else "",
        }


def profile_pdf(*, viewer, person: Person) -> bytes:
    return render_pdf(TEMPLATE, profile_context(viewer=viewer, person=person))


def profile_filename(person: Person) -> str:
    return pdf_filename(FILENAME_STEM, person.pk)

"""XLSX exports (the product's one spreadsheet writer, `registry.spreadsheets`): the payroll and
the health-insurance list. Names and other texts are written as text, never as formulas."""

import io

from django.utils import translation
from django.utils.translation import gettext as _

from registry.spreadsheets import workbook

from .months import month_label
from .selectors.lists import payroll_by_person, payroll_totals_by_policy


def _book():
    buffer = io.BytesIO()
    book = workbook(buffer, in_memory=True)
    fmt = {
        "title": book.add_format({"bold": True, "font_size": 14}),
        "head": book.add_format({"bold": True, "bg_color": "#DDE4EA", "border": 1, "text_wrap": True}),
        "money": book.add_format({"num_format": "#,##0", "border": 1}),
        "text": book.add_format({"border": 1, "text_wrap": True, "valign": "top"}),
        "date": book.add_format({"num_format": "dd/mm/yyyy", "border": 1}),
        "bold_money": book.add_format({"num_format": "#,##0", "bold": True, "border": 1}),
        "bold": book.add_format({"bold": True, "border": 1}),
    }
    return buffer, book, fmt


def payroll_xlsx(payroll) -> bytes:
    buffer, book, fmt = _book()
    with translation.override("vi"):
        sheet = book.add_worksheet(_("Payroll"))
        sheet.write(0, 0, _("Payroll of %(commune)s, %(month)s") % {
            "commune": payroll.commune.name, "month": month_label(payroll.month)}, fmt["title"])  # fmt: skip
        sheet.write(1, 0, str(payroll.get_status_display()))
        heads = [_("No."), _("Full name"), _("Date of birth"), _("Policy"), _("For month"), _("Kind"),
                 _("Amount (đồng)"), _("Explanation"), _("Signature")]  # fmt: skip
        for col, head in enumerate(heads):
            sheet.write(3, col, head, fmt["head"])
        row = 4
        for number, group in enumerate(payroll_by_person(payroll), start=1):
            for line in group.lines:
                sheet.write(row, 0, number, fmt["text"])
                sheet.write(row, 1, group.person.full_name, fmt["text"])
                sheet.write_datetime(row, 2, _dt(group.person.date_of_birth), fmt["date"])
                sheet.write(row, 3, line.policy.name, fmt["text"])
                sheet.write(row, 4, month_label(line.for_month), fmt["text"])
                sheet.write(row, 5, str(line.get_kind_display()), fmt["text"])
                sheet.write_number(row, 6, line.amount, fmt["money"])
                sheet.write(row, 7, line.explanation, fmt["text"])
                sheet.write(row, 8, "", fmt["text"])
                row += 1
        sheet.write(row, 5, _("Total"), fmt["bold"])
        sheet.write_number(row, 6, payroll.total, fmt["bold_money"])
        sheet.set_column(0, 0, 5)
        sheet.set_column(1, 1, 26)
        sheet.set_column(2, 2, 12)
        sheet.set_column(3, 3, 30)
        sheet.set_column(4, 5, 11)
        sheet.set_column(6, 6, 14)
        sheet.set_column(7, 7, 70)
        sheet.set_column(8, 8, 14)
        totals = book.add_worksheet(_("Totals per policy"))
        for col, head in enumerate([_("Policy"), _("This month"), _("Arrears and recoveries"), _("Total")]):
            totals.write(0, col, head, fmt["head"])
        for r, item in enumerate(payroll_totals_by_policy(payroll), start=1):
            totals.write(r, 0, item["name"], fmt["text"])
            totals.write_number(r, 1, item["current"], fmt["money"])
            totals.write_number(r, 2, item["arrears"], fmt["money"])
            totals.write_number(r, 3, item["total"], fmt["money"])
        totals.set_column(0, 0, 40)
        totals.set_column(1, 3, 18)
    book.close()
    return buffer.getvalue()


def health_insurance_xlsx(rows, month) -> bytes:
    buffer, book, fmt = _book()
    with translation.override("vi"):
        sheet = book.add_worksheet(_("Health insurance"))
        sheet.write(0, 0, _("Persons entitled to a state-paid health-insurance card, %(month)s")
                    % {"month": month_label(month)}, fmt["title"])  # fmt: skip
        heads = [_("No."), _("Full name"), _("Date of birth"), _("Sex"), _("Personal ID number"), _("Commune")]
        for col, head in enumerate(heads):
            sheet.write(2, col, head, fmt["head"])
        for number, item in enumerate(rows, start=1):
            r = number + 2
            sheet.write(r, 0, number, fmt["text"])
            sheet.write(r, 1, item.person.full_name, fmt["text"])
            sheet.write_datetime(r, 2, _dt(item.person.date_of_birth), fmt["date"])
            sheet.write(r, 3, str(item.person.get_sex_display()), fmt["text"])
            sheet.write_string(r, 4, item.national_id or "", fmt["text"])  # text: keeps the leading zero
            sheet.write(r, 5, item.commune.name, fmt["text"])
        sheet.set_column(0, 0, 5)
        sheet.set_column(1, 1, 28)
        sheet.set_column(2, 4, 16)
        sheet.set_column(5, 5, 28)
    book.close()
    return buffer.getvalue()


def _dt(day):
    from datetime import datetime

    return datetime(day.year, day.month, day.day)

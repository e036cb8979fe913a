"""The ADX message (IHE QRPH Aggregate Data Exchange, namespace `urn:ihe:qrph:adx:2015`):

    <adx xmlns="urn:ihe:qrph:adx:2015" exported="2026-04-02T08:00:00+07:00">
      <!-- what was left out -->
      <group dataSet="…" orgUnit="…" period="2026-01-01/P3M" [attributeOptionCombo="…"]>
        <dataValue dataElement="…" [categoryOptionCombo="…" | SEX="F" …] value="12"/>
      </group>
    </adx>

One group per organisation unit and period. A value's disaggregation is written as the category
attributes of its mapping when it has some (the profile's way), else as DHIS2's
`categoryOptionCombo`. What was left out is summed up in an XML comment after the root's start
(the whole list: `…/exports/adx/report/`). `schema/adx.xsd` is the profile's structure for this
data set; the tests validate every message against it.
"""

from itertools import groupby
from pathlib import Path
from xml.etree import ElementTree as ET

from django.utils import timezone

from .values import ExportSet

NAMESPACE = "urn:ihe:qrph:adx:2015"
CONTENT_TYPE = "application/adx+xml; charset=utf-8"
SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "adx.xsd"
COMMENT_LINES = 20  # causes listed in the comment; the report lists them all


def _comment(export: ExportSet) -> str:
    lines = [f" {len(export.values)} values; {export.skipped_count} left out"]
    for s in export.skipped[:COMMENT_LINES]:
        where = " ".join(
            f"{key}={value}" for key in ("indicator", "part", "period", "commune") if (value := getattr(s, key))
        )
        lines.append(f"   {s.reason} x{s.count}{(' ' + where) if where else ''}")
    if len(export.skipped) > COMMENT_LINES:
        lines.append(f"   and {len(export.skipped) - COMMENT_LINES} more causes: GET /api/v1/plans/{export.plan.pk}/exports/adx/report/")
    # "--" may not appear in a comment; identifiers and codes never hold it, but be sure.
    return "\n".join(lines).replace("--", "- -") + "\n"


def adx_document(export: ExportSet) -> bytes:
    """The ADX message of the export (at least one value: an empty message does not fit the profile)."""
    ET.register_namespace("", NAMESPACE)
    root = ET.Element(f"{{{NAMESPACE}}}adx", {"exported": timezone.localtime().isoformat(timespec="seconds")})
    root.append(ET.Comment(_comment(export)))
    data_set = export.data_set
    key = lambda v: (v.period.start, v.org_unit)  # noqa: E731
    for (_start, org_unit), values in groupby(sorted(export.values, key=key), key=key):
        values = list(values)
        attrs = {"dataSet": data_set.data_set, "orgUnit": org_unit, "period": values[0].period.adx}
        if data_set.attribute_option_combo:
            attrs["attributeOptionCombo"] = data_set.attribute_option_combo
        group = ET.SubElement(root, f"{{{NAMESPACE}}}group", attrs)
        for value in values:
            item = {"dataElement": value.data_element}
            if value.categories:
                item.update(dict(value.categories))
            elif value.category_option_combo:
                item["categoryOptionCombo"] = value.category_option_combo
            item["value"] = value.value
            ET.SubElement(group, f"{{{NAMESPACE}}}dataValue", item)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)

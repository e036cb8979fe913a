"""A pair's reasons: for each compared field, how the two records compare (agree, nearly agree,
disagree, missing) and the Vietnamese words the comparison page shows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import translation

from .model import FIELDS


def reasons_from_gammas(row: Mapping[str, Any], *, language: str = "vi") -> dict[str, dict[str, str]]:
    """`row` holds Splink's comparison vector (`gamma_<field>`) and the `REASON_COLUMNS` of both
    records (`<column>_l`, `<column>_r`); the result is what
    `DuplicatePair.reasons` keeps: {field: {"level", "code", "field_label", "label"}}."""
    out = {}
    with translation.override(language):
        for field in FIELDS:
            gamma = row.get(f"gamma_{field.name}")
            if gamma is None:
                continue
            level = field.level_for_gamma(int(gamma), row)
            out[field.name] = {
                "level": level.kind,
                "code": level.code,
                "field_label": str(field.label),
                "label": str(level.label),
            }
    return out

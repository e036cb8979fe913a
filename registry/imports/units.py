"""Finding the commune of a row: by code or name, with or without its prefix or diacritics, in the
current structure or as a pre-2025 address (province + district + commune) converted to the
commune that succeeded it. Every unit is read once; every distinct address is resolved once."""

import re
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from ..models import AdminUnit, UnitLevel
from ..text import clean, fold, fold_unit_name


@dataclass(frozen=True)
class Unit:
    id: int
    code: str
    name: str
    division: str  # folded division type: 'xa', 'phuong', 'thanh pho'...
    level: str
    parent_id: int | None
    province_code: str
    is_current: bool


@dataclass(frozen=True)
class Resolved:
    commune_id: int
    legacy_address: str = ""  # the address as written in the file, when it was a pre-2025 one


class UnitError(ValueError):
    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column
        self.message = message


_PREFIX = re.compile(r"^(xa|phuong|thi tran|dac khu)\s+")


class UnitResolver:
    def __init__(self, *, default_province: str | None = None):
        self.units: dict[int, Unit] = {}
        self.by_name: dict[tuple[str, bool], list[Unit]] = defaultdict(list)  # (level:folded, current)
        self.by_code: dict[tuple[str, str, bool], Unit] = {}
        self.successors: dict[int, list[int]] = defaultdict(list)
        self._cache: dict[tuple[str, str, str], Resolved | UnitError] = {}
        rows = AdminUnit.objects.values_list(
            "id", "code", "name", "name_folded", "division_type", "level", "parent_id", "province_code", "is_current"
        )
        for pk, code, name, name_folded, division, level, parent_id, province_code, is_current in rows:
            unit = Unit(pk, code, name, fold(division), level, parent_id, province_code or "", is_current)
            self.units[pk] = unit
            self.by_name[(f"{level}:{name_folded}", is_current)].append(unit)
            self.by_code[(level, code, is_current)] = unit
        through = AdminUnit.successors.through
        for legacy_id, current_id in through.objects.values_list("from_adminunit_id", "to_adminunit_id"):
            self.successors[legacy_id].append(current_id)
        # Which current provinces took over each legacy province (Quảng Nam 49 → Đà Nẵng 48).
        self.legacy_province_successors: dict[str, set[str]] = defaultdict(set)
        for legacy_id, current_ids in self.successors.items():
            legacy = self.units[legacy_id]
            for current_id in current_ids:
                self.legacy_province_successors[legacy.province_code].add(self.units[current_id].province_code)
        default = default_province or getattr(settings, "HOANHAP_PROVINCE_CODE", "")
        self.default_current = {default} if default else set()
        self.default_legacy = {
            code for code, new in self.legacy_province_successors.items() if new & self.default_current
        }

    # Public -------------------------------------------------------------------------------------
    def resolve(self, province: str, district: str, commune: str) -> Resolved:
        """The current commune of an address, or UnitError(column, Vietnamese message)."""
        key = (clean(province), clean(district), clean(commune))
        cached = self._cache.get(key)
        if cached is None:
            try:
                cached = self._resolve(*key)
            except UnitError as exc:
                cached = exc
            self._cache[key] = cached
        if isinstance(cached, UnitError):
            raise cached
        return cached

    def label(self, unit_id: int) -> str:
        unit = self.units[unit_id]
        return f"{unit.name} ({unit.code})"

    # Internals ------------------------------------------------------------------------------------
    def _named(self, level: str, text: str, current: bool) -> list[Unit]:
        if text.isdigit():
            width = {UnitLevel.PROVINCE: 2, UnitLevel.DISTRICT: 3, UnitLevel.COMMUNE: 5}[level]
            unit = self.by_code.get((level, text.zfill(width), current))
            return [unit] if unit else []
        return list(self.by_name.get((f"{level}:{fold_unit_name(text)}", current), []))

    def _resolve(self, province: str, district: str, commune: str) -> Resolved:
        if not commune:
            raise UnitError("commune", _("Enter the commune or ward (Xã/Phường)."))
        current_provinces, legacy_provinces = self._provinces(province)
        written = ", ".join(part for part in (commune, district, province) if part)

        if district:
            districts = [
                d for d in self._named(UnitLevel.DISTRICT, district, False)
                if not legacy_provinces or d.province_code in legacy_provinces
            ]  # fmt: skip
            if not districts:
                raise UnitError(
                    "district",
                    _("There is no district “%(name)s” (before 1 July 2025)%(where)s.")
                    % {"name": district, "where": self._in_province(province)},
                )
            parents = {d.id for d in districts}
            legacy = [c for c in self._named(UnitLevel.COMMUNE, commune, False) if c.parent_id in parents]
            legacy = self._by_prefix(legacy, commune)
            if len(legacy) == 1:
                return self._successor(legacy[0], written)
            if len(legacy) > 1:
                raise UnitError("commune", self._ambiguous(commune, legacy))
            # The district is filled in but the commune is already a current one.
            current = self._current(commune, current_provinces or self._current_of(legacy_provinces))
            if len(current) == 1:
                return Resolved(current[0].id)
            raise UnitError(
                "commune",
                _("There is no commune or ward “%(name)s” in %(district)s.")
                % {"name": commune, "district": districts[0].name},
            )

        scope = current_provinces or self._current_of(legacy_provinces)
        current = self._current(commune, scope or self.default_current)
        if not current and not province:
            current = self._current(commune, None)
        if len(current) == 1:
            return Resolved(current[0].id)
        if len(current) > 1:
            raise UnitError("commune", self._ambiguous(commune, current))

        legacy_scope = legacy_provinces or (set() if province else self.default_legacy)
        legacy = [
            c for c in self._named(UnitLevel.COMMUNE, commune, False)
            if not legacy_scope or c.province_code in legacy_scope
        ]  # fmt: skip
        legacy = self._by_prefix(legacy, commune)
        if len(legacy) == 1:
            return self._successor(legacy[0], written)
        if len(legacy) > 1:
            raise UnitError(
                "commune",
                _(
                    "“%(name)s” matches several communes of before 1 July 2025: %(candidates)s. "
                    "Add the former district (column “Huyện/Quận (cũ)”) or write the current commune."
                )
                % {"name": commune, "candidates": self._describe(legacy)},
            )
        raise UnitError(
            "commune",
            _("There is no commune or ward “%(name)s”%(where)s.")
            % {"name": commune, "where": self._in_province(province)},
        )

    def _provinces(self, province: str) -> tuple[set[str], set[str]]:
        if not province:
            return set(), set()
        current = {p.province_code or p.code for p in self._named(UnitLevel.PROVINCE, province, True)}
        legacy = {p.province_code or p.code for p in self._named(UnitLevel.PROVINCE, province, False)}
        if not current and not legacy:
            raise UnitError("province", _("There is no province or city “%(name)s”.") % {"name": province})
        # A current province also stands for the former provinces merged into it.
        legacy |= {code for code, new in self.legacy_province_successors.items() if new & current}
        return current, legacy

    def _current_of(self, legacy_provinces: set[str]) -> set[str]:
        result: set[str] = set()
        for code in legacy_provinces:
            result |= self.legacy_province_successors.get(code, set())
        return result

    def _current(self, commune: str, provinces: set[str] | None) -> list[Unit]:
        found = [
            c for c in self._named(UnitLevel.COMMUNE, commune, True) if not provinces or c.province_code in provinces
        ]
        return self._by_prefix(found, commune)

    @staticmethod
    def _by_prefix(units: list[Unit], text: str) -> list[Unit]:
        """Among homonyms, keep those whose type matches the prefix written ('Xã Hòa Bắc')."""
        if len(units) < 2:
            return units
        match = _PREFIX.match(fold(text))
        if not match:
            return units
        narrowed = [u for u in units if u.division == match.group(1)]
        return narrowed or units

    def _successor(self, legacy: Unit, written: str) -> Resolved:
        successors = [self.units[pk] for pk in self.successors.get(legacy.id, [])]
        if len(successors) == 1:
            return Resolved(successors[0].id, legacy_address=written)
        if not successors:
            raise UnitError(
                "commune",
                _("%(name)s (before 1 July 2025) has no successor commune in the unit list.") % {"name": legacy.name},
            )
        raise UnitError(
            "commune",
            _(
                "%(name)s (before 1 July 2025) was divided between several communes: %(candidates)s. Write the current commune."
            )
            % {"name": legacy.name, "candidates": "; ".join(self.label(u.id) for u in successors)},
        )

    def _describe(self, units: list[Unit]) -> str:
        described = []
        for unit in sorted(units, key=lambda u: u.code):
            parent = self.units.get(unit.parent_id) if unit.parent_id else None
            described.append(f"{unit.name} ({unit.code}{', ' + parent.name if parent else ''})")
        return "; ".join(described)

    def _ambiguous(self, text: str, units: list[Unit]) -> str:
        return _("“%(name)s” matches several communes: %(candidates)s. Write the commune code or add the province.") % {
            "name": text,
            "candidates": self._describe(units),
        }

    @staticmethod
    def _in_province(province: str) -> str:
        return (" " + _("in %(province)s") % {"province": province}) if province else ""

"""Loading the administrative units from the `vietnam-provinces` package. Idempotent."""

from dataclasses import dataclass

from django.db import transaction

from ..models import AdminUnit, UnitLevel
from ..models.units import LEGACY_END, REFORM_DATE
from ..text import fold_unit_name


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    links_created: int = 0

    def __str__(self) -> str:
        return f"created={self.created} updated={self.updated} successor_links_created={self.links_created}"


def _rows(province_code: str | None):
    """Yield (level, code, name, division_type, parent_key, is_current) in parent-first order."""
    from vietnam_provinces import Province, Ward
    from vietnam_provinces import _province_conversion_2025 as province_conversion
    from vietnam_provinces.legacy import District as LegacyDistrict
    from vietnam_provinces.legacy import Province as LegacyProvince
    from vietnam_provinces.legacy import Ward as LegacyWard

    wanted_new = None if province_code is None else {int(province_code)}
    wanted_old = None
    if wanted_new is not None:
        wanted_old = {
            old for old, entry in province_conversion.OLD_TO_NEW.items()
            if any(ref.code in wanted_new for ref in entry.new_provinces)
        }  # fmt: skip

    for p in Province.iter_all():
        if wanted_new is None or int(p.code) in wanted_new:
            yield UnitLevel.PROVINCE, f"{int(p.code):02d}", p.name, str(p.division_type), None, True
    for w in Ward.iter_all():
        if wanted_new is None or int(w.province_code) in wanted_new:
            parent = (UnitLevel.PROVINCE, f"{int(w.province_code):02d}", True)
            yield UnitLevel.COMMUNE, f"{int(w.code):05d}", w.name, str(w.division_type), parent, True
    for p in LegacyProvince.iter_all():
        if wanted_old is None or int(p.code) in wanted_old:
            yield UnitLevel.PROVINCE, f"{int(p.code):02d}", p.name, str(p.division_type), None, False
    for d in LegacyDistrict.iter_all():
        if wanted_old is None or int(d.province_code) in wanted_old:
            parent = (UnitLevel.PROVINCE, f"{int(d.province_code):02d}", False)
            yield UnitLevel.DISTRICT, f"{int(d.code):03d}", d.name, str(d.division_type), parent, False
    districts = {int(d.code): int(d.province_code) for d in LegacyDistrict.iter_all()}
    for w in LegacyWard.iter_all():
        if wanted_old is None or districts[int(w.district_code)] in wanted_old:
            parent = (UnitLevel.DISTRICT, f"{int(w.district_code):03d}", False)
            yield UnitLevel.COMMUNE, f"{int(w.code):05d}", w.name, str(w.division_type), parent, False


@transaction.atomic
def admin_units_load(*, province_code: str | None = None) -> LoadResult:
    """Create or update every unit and the legacy → current commune links. Re-running changes nothing."""
    from vietnam_provinces import _ward_conversion_2025 as ward_conversion

    result = LoadResult()
    existing = {(u.level, u.code, u.is_current): u for u in AdminUnit.objects.all()}
    rows = list(_rows(province_code))
    # Two passes: units without their parent first, then parents.
    to_create = []
    for level, code, name, division_type, _parent, is_current in rows:
        key = (level, code, is_current)
        unit = existing.get(key)
        values = {
            "name": name,
            "name_folded": fold_unit_name(name),
            "division_type": division_type,
            "valid_from": REFORM_DATE if is_current else None,
            "valid_to": None if is_current else LEGACY_END,
        }
        if unit is None:
            unit = AdminUnit(level=level, code=code, is_current=is_current, **values)
            to_create.append(unit)
            existing[key] = unit
        elif any(getattr(unit, field) != value for field, value in values.items()):
            for field, value in values.items():
                setattr(unit, field, value)
            unit.save()
            result.updated += 1
    AdminUnit.objects.bulk_create(to_create, batch_size=2000)
    result.created = len(to_create)
    if to_create and to_create[0].pk is None:  # backends that do not return ids
        existing = {(u.level, u.code, u.is_current): u for u in AdminUnit.objects.all()}

    changed_parents = []
    for level, code, _name, _type, parent_key, is_current in rows:
        unit = existing[(level, code, is_current)]
        parent = existing.get(parent_key) if parent_key else None
        province_code_value = code[:2] if level == UnitLevel.PROVINCE else None
        if parent is not None:
            province_code_value = parent.province_code if parent.level != UnitLevel.PROVINCE else parent.code
        parent_id = parent.pk if parent else None
        if unit.parent_id != parent_id or unit.province_code != province_code_value:
            unit.parent_id = parent_id
            unit.province_code = province_code_value
            changed_parents.append(unit)
    # Parents of districts are set before their communes read `parent.province_code`.
    AdminUnit.objects.bulk_update(changed_parents, ["parent", "province_code"], batch_size=2000)
    if result.created == 0:
        result.updated += len(changed_parents)

    current_communes = {u.code: u.pk for (lv, _c, cur), u in existing.items() if lv == UnitLevel.COMMUNE and cur}
    through = AdminUnit.successors.through
    have = set(through.objects.values_list("from_adminunit_id", "to_adminunit_id"))
    links = []
    for (level, code, is_current), unit in existing.items():
        if level != UnitLevel.COMMUNE or is_current:
            continue
        entry = ward_conversion.OLD_TO_NEW.get(int(code))
        if entry is None:
            continue
        for ref in entry.new_wards:
            target = current_communes.get(f"{ref.code:05d}")
            if target and (unit.pk, target) not in have:
                links.append(through(from_adminunit_id=unit.pk, to_adminunit_id=target))
                have.add((unit.pk, target))
    through.objects.bulk_create(links, batch_size=5000)
    result.links_created = len(links)
    return result

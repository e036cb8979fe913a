from registry.models import AdminUnit
from registry.selectors import unit_lookup
from registry.services.units import admin_units_load


def test_loader_is_idempotent(db):
    before = AdminUnit.objects.count()
    links = AdminUnit.successors.through.objects.count()
    result = admin_units_load(province_code="48")
    assert (result.created, result.updated, result.links_created) == (0, 0, 0)
    assert AdminUnit.objects.count() == before
    assert AdminUnit.successors.through.objects.count() == links


def test_current_structure_of_da_nang_has_94_communes_and_no_districts(db):
    da_nang = AdminUnit.objects.get(level="province", code="48", is_current=True)
    assert da_nang.name == "Thành phố Đà Nẵng"
    assert da_nang.children.filter(level="commune").count() == 94
    assert not AdminUnit.objects.filter(level="district", is_current=True).exists()
    assert da_nang.valid_from.isoformat() == "2025-07-01" and da_nang.valid_to is None


def test_legacy_quang_nam_commune_maps_to_its_da_nang_successor(db):
    quang_nam = AdminUnit.objects.get(level="province", code="49", is_current=False)
    assert quang_nam.valid_to.isoformat() == "2025-06-30"
    tam_ky = AdminUnit.objects.get(level="district", is_current=False, name="Thành phố Tam Kỳ")
    assert tam_ky.parent == quang_nam
    tan_thanh = AdminUnit.objects.get(level="commune", is_current=False, parent=tam_ky, name="Phường Tân Thạnh")
    successors = list(tan_thanh.successors.all())
    assert [(s.code, s.name, s.province_code) for s in successors] == [("20335", "Phường Bàn Thạch", "48")]


def test_lookup_by_code_or_name_with_or_without_diacritics_and_prefix(db):
    for text in ["20335", "Phường Bàn Thạch", "phuong ban thach", "Bàn Thạch", "ban thach", "BAN THACH"]:
        found = list(unit_lookup(text))
        assert [u.code for u in found] == ["20335"], text


def test_lookup_of_legacy_district_and_province(db):
    assert unit_lookup("Quảng Nam", level="province", current=False).get().code == "49"
    assert unit_lookup("tam ky", level="district", current=False).get().name == "Thành phố Tam Kỳ"

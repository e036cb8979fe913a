import pytest

from registry.imports.units import UnitError, UnitResolver


@pytest.fixture
def resolver(db):
    return UnitResolver(default_province="48")


def code(resolver, resolved):
    return resolver.units[resolved.commune_id].code


@pytest.mark.parametrize(
    "address",
    [
        ("", "", "Phường Hải Châu"),
        ("", "", "Hải Châu"),
        ("", "", "phuong hai chau"),
        ("", "", "HAI CHAU"),
        ("", "", "20242"),
        ("Thành phố Đà Nẵng", "", "Hải Châu"),
        ("48", "", "20242"),
    ],
)
def test_current_commune_by_name_or_code(resolver, address):
    resolved = resolver.resolve(*address)
    assert code(resolver, resolved) == "20242"
    assert resolved.legacy_address == ""


def test_quang_nam_address_goes_to_its_successor(resolver):
    resolved = resolver.resolve("Tỉnh Quảng Nam", "Thành phố Tam Kỳ", "Phường Tân Thạnh")
    assert resolver.units[resolved.commune_id].code == "20335"
    assert resolver.units[resolved.commune_id].name == "Phường Bàn Thạch"
    assert resolved.legacy_address == "Phường Tân Thạnh, Thành phố Tam Kỳ, Tỉnh Quảng Nam"


def test_legacy_address_without_diacritics_or_prefixes(resolver):
    resolved = resolver.resolve("quang nam", "tam ky", "tan thanh")
    assert code(resolver, resolved) == "20335"


def test_ambiguous_former_name_lists_the_candidates(resolver):
    with pytest.raises(UnitError) as caught:
        resolver.resolve("Quảng Nam", "", "Tam Thành")
    assert caught.value.column == "commune"
    for candidate in ("20359", "20365", "20980", "Huyện Phú Ninh"):
        assert candidate in caught.value.message


def test_former_commune_divided_between_several_lists_them(resolver):
    with pytest.raises(UnitError) as caught:
        resolver.resolve("", "Huyện Hòa Vang", "Xã Hòa Liên")
    assert "Phường Hải Vân" in caught.value.message
    assert "Phường Liên Chiểu" in caught.value.message


def test_unknown_units_name_the_column(resolver):
    with pytest.raises(UnitError) as caught:
        resolver.resolve("Tỉnh Hà Tây", "", "Hải Châu")
    assert caught.value.column == "province"
    with pytest.raises(UnitError) as caught:
        resolver.resolve("", "Huyện Không Có", "Hải Châu")
    assert caught.value.column == "district"
    with pytest.raises(UnitError) as caught:
        resolver.resolve("", "", "Phường Không Có")
    assert caught.value.column == "commune"

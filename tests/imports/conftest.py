import pytest

from tests.imports.registers import BAN_THACH


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def importer(make_user, commune_a, unit):
    """A commune officer of Phường Hải Châu and Phường Bàn Thạch."""
    return make_user("commune_officer", commune_a, unit(BAN_THACH), username="importer")

"""The plans speak Vietnamese: every message of the catalogue is translated, none fuzzy."""

import re
from pathlib import Path

from django.utils import translation

CATALOGUE = Path(__file__).resolve().parents[2] / "cases" / "plans" / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def test_every_message_is_translated():
    text = CATALOGUE.read_text(encoding="utf-8")
    blocks = [b for b in text.split("\n\n") if 'msgid "' in b][1:]  # the header aside
    assert blocks
    assert "#, fuzzy" not in text
    for block in blocks:
        assert not re.search(r'^msgstr(\[0\])? ""$(?!\n")', block, flags=re.M), block


def test_pages_speak_vietnamese(client, db, provincial):
    client.force_login(provincial)
    with translation.override("vi"):
        html = client.get("/plans/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Kế hoạch năm" in html

"""The Vietnamese catalogues are consistent and compiled.

Django merges every app's catalogue into one: when two catalogues translate the same msgid
(same message context) differently, one silently wins (``LOCALE_PATHS`` first, then apps in
``INSTALLED_APPS`` order) and a screen shows another screen's word. A generic word whose
meaning differs by screen takes a message context (``pgettext``, ``{% translate … context … %}``)
instead. The committed ``.mo`` files are what runs, so each one must match its ``.po``.

Run as a script (``.venv/bin/python tests/test_translations.py``) to list the clashes.
"""

import gettext
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
CATALOGUES = sorted(
    path
    for path in BASE_DIR.glob("**/locale/vi/LC_MESSAGES/django.po")
    if not {".venv", "node_modules"} & set(path.relative_to(BASE_DIR).parts)
)

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


def _unquote(text):
    """The content of one PO string (``"…"``), C escapes resolved."""
    text = text.strip()
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(f"not a PO string: {text!r}")
    out, body, i = [], text[1:-1], 0
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            out.append(_ESCAPES.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            out.append(body[i])
            i += 1
    return "".join(out)


def parse_po(path):
    return parse_po_text(Path(path).read_text(encoding="utf-8"), path)


def parse_po_text(text, path="<po>"):
    """The entries of a PO file, each a dict: msgctxt (or None), msgid, msgid_plural (or None),
    msgstr (a str, or a tuple of the plural forms) and fuzzy. Obsolete (``#~``) entries are
    skipped; the header (msgid "") is included."""
    entries = []
    entry, field = None, None

    def start():
        nonlocal entry, field
        if entry is not None and "msgid" in entry:
            forms = entry.pop("forms", None)
            if forms is not None:
                entry["msgstr"] = tuple(forms[i] for i in sorted(forms))
            entries.append(entry)
        entry, field = {"msgctxt": None, "msgid_plural": None, "msgstr": "", "fuzzy": False, "done": False}, None

    start()
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            if entry["done"]:
                start()
            if line.startswith("#,") and "fuzzy" in {flag.strip() for flag in line[2:].split(",")}:
                entry["fuzzy"] = True
            continue
        if line.startswith('"'):
            if field is None:
                raise ValueError(f"{path}:{number}: string outside an entry")
            if isinstance(field, tuple):
                entry["forms"][field[1]] += _unquote(line)
            else:
                entry[field] += _unquote(line)
            continue
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and entry["done"]:
            start()
        if keyword in ("msgctxt", "msgid", "msgid_plural", "msgstr"):
            entry[keyword] = _unquote(rest)
            field = keyword
        elif keyword.startswith("msgstr[") and keyword.endswith("]"):
            index = int(keyword[7:-1])
            entry.setdefault("forms", {})[index] = _unquote(rest)
            field = ("forms", index)
        else:
            raise ValueError(f"{path}:{number}: unexpected line {raw!r}")
        if keyword.startswith("msgstr"):
            entry["done"] = True
    start()
    for item in entries:
        del item["done"]
    return entries


def _translated(item):
    msgstr = item["msgstr"]
    return all(msgstr) if isinstance(msgstr, tuple) else bool(msgstr)


def clashes():
    """{(msgctxt, msgid): {catalogue: msgstr}} for every key translated in more than one way."""
    seen = defaultdict(dict)
    for path in CATALOGUES:
        for item in parse_po(path):
            if item["msgid"] and not item["fuzzy"] and _translated(item):
                seen[(item["msgctxt"], item["msgid"])][str(path.relative_to(BASE_DIR))] = item["msgstr"]
    return {key: by_file for key, by_file in seen.items() if len(set(by_file.values())) > 1}


def describe(found):
    lines = []
    for (msgctxt, msgid), by_file in sorted(found.items(), key=lambda kv: (kv[0][1], kv[0][0] or "")):
        lines.append(f"msgctxt={msgctxt!r} msgid={msgid!r}")
        lines.extend(f"    {path}: {msgstr!r}" for path, msgstr in sorted(by_file.items()))
    return "\n".join(lines)


def test_the_catalogues_exist():
    assert len(CATALOGUES) >= 7, CATALOGUES


def test_no_msgid_is_translated_two_ways():
    found = clashes()
    assert not found, (
        f"{len(found)} msgid(s) translated differently in two catalogues; use one wording, or a message "
        f"context (pgettext) where the meaning differs:\n{describe(found)}"
    )


def test_generic_words_keep_their_meaning_by_context():
    from django.utils import translation
    from django.utils.translation import gettext, pgettext

    with translation.override("vi"):
        # the register's and the events' words, and the plans' count columns
        assert gettext("Persons") == "Người khuyết tật"
        assert pgettext("count", "Persons") == "Số người"
        assert gettext("Events") == "Hoạt động, sự kiện"
        assert pgettext("count", "Events") == "Số sự kiện"
        assert gettext("Gifts") == "Quà tặng"
        assert pgettext("count", "Gifts") == "Số suất quà"
        # a label, and the same words inside an import error sentence
        assert gettext("ID number") == "Số định danh cá nhân"
        assert pgettext("in a sentence", "ID number") == "số định danh cá nhân"
        # a payroll amount, and the amount fields of a plan indicator
        assert gettext("amount") == "số tiền"
        assert pgettext("amount field", "amount") == "khoản tiền"


def _mo_mismatches(po_path, mo_path):
    with open(mo_path, "rb") as handle:
        catalog = gettext.GNUTranslations(handle)._catalog
    problems = []
    for item in parse_po(po_path):
        if not item["msgid"] or item["fuzzy"] or not _translated(item):
            continue
        key = item["msgid"] if item["msgctxt"] is None else f"{item['msgctxt']}\x04{item['msgid']}"
        if item["msgid_plural"] is None:
            compiled, expected = catalog.get(key), item["msgstr"]
        else:
            expected = item["msgstr"]
            compiled = tuple(catalog.get((key, i)) for i in range(len(expected)))
        if compiled != expected:
            problems.append(f"    {item['msgctxt']!r} {item['msgid']!r}: .po {expected!r}, .mo {compiled!r}")
    return problems


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(BASE_DIR)))
def test_the_committed_mo_matches_the_po(po_path, tmp_path):
    if shutil.which("msgfmt") is None:
        pytest.skip("gettext (msgfmt) is not installed")
    # The .po must compile (msgfmt --check catches format-string and header errors).
    subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(po_path)],
        check=True,
        capture_output=True,
    )
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run msgfmt -o django.mo django.po"
    problems = _mo_mismatches(po_path, mo_path)
    assert not problems, (
        f"{mo_path.relative_to(BASE_DIR)} is out of date with its .po (run msgfmt -o django.mo django.po "
        "in its folder):\n" + "\n".join(problems)
    )


if __name__ == "__main__":
    found = clashes()
    print(describe(found) or "no clashes")
    print(f"{len(found)} clash(es)", file=sys.stderr)

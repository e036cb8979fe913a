"""The one document font: Liberation Serif, metric-compatible with Times New Roman.

Decree 30/2020/NĐ-CP and form 06 of Circular 01/2019 ask for Times New Roman. Liberation
Serif 2.x has the same metrics and covers Vietnamese; it comes from the Debian package
`fonts-liberation2` (no PyPI package ships a Times-metric serif), installed by
`scripts/install-system-packages.sh` from the Makefile's install step. The files are given to
WeasyPrint through `@font-face` with absolute paths, so fontconfig can never silently fall back
to another family; a missing or incomplete font raises `FontMissing` with the fix.
"""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from .errors import FontMissing

FAMILY = "Liberation Serif"
CSS_FAMILY = FAMILY  # the name the document stylesheets use (and the PDF shows)
FILES = {
    ("normal", "normal"): "LiberationSerif-Regular.ttf",
    ("bold", "normal"): "LiberationSerif-Bold.ttf",
    ("normal", "italic"): "LiberationSerif-Italic.ttf",
    ("bold", "italic"): "LiberationSerif-BoldItalic.ttf",
}
SEARCH_DIRS = [
    "/usr/share/fonts/truetype/liberation2",
    "/usr/share/fonts/truetype/liberation",
    "/usr/share/fonts/liberation",
]
# Letters a Vietnamese text cannot do without (composed forms, both cases).
VIETNAMESE_SAMPLE = (
    "ĂăÂâĐđÊêÔôƠơƯưẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ"
)
INSTALL_HINT = (
    "Install the Debian package fonts-liberation2 (`apt-get install fonts-liberation2`, done by "
    "`make install`), or set HOANHAP_PDF_FONT_DIR to a folder holding LiberationSerif-*.ttf."
)


@dataclass(frozen=True)
class FontSet:
    directory: Path
    files: dict  # (weight, style) → Path


def _candidate_dirs() -> list[Path]:
    configured = getattr(settings, "HOANHAP_PDF_FONT_DIR", "") or ""
    dirs = [Path(configured)] if configured else []
    return dirs + [Path(d) for d in SEARCH_DIRS]


def _find_dir() -> Path | None:
    regular = FILES[("normal", "normal")]
    for directory in _candidate_dirs():
        if (directory / regular).is_file():
            return directory
    for root in (Path("/usr/share/fonts"), Path("/usr/local/share/fonts")):  # other layouts
        match = next(iter(sorted(root.rglob(regular))), None) if root.is_dir() else None
        if match is not None:
            return match.parent
    return None


def _missing_letters(path: Path) -> str:
    from fontTools.ttLib import TTFont

    with TTFont(path, lazy=True) as font:
        cmap = font.getBestCmap() or {}
    return "".join(ch for ch in VIETNAMESE_SAMPLE if ord(ch) not in cmap)


@lru_cache(maxsize=1)
def document_fonts() -> FontSet:
    """The four faces of the document serif, checked once per process."""
    directory = _find_dir()
    if directory is None:
        raise FontMissing(f"The document font {FAMILY} is not installed. {INSTALL_HINT}")
    files = {}
    for key, name in FILES.items():
        path = directory / name
        if not path.is_file():
            raise FontMissing(f"{path} is missing. {INSTALL_HINT}")
        files[key] = path
    missing = _missing_letters(files[("normal", "normal")])
    if missing:
        raise FontMissing(
            f"{files[('normal', 'normal')]} lacks Vietnamese letters ({missing[:12]}…): an old Liberation 1.x? "
            + INSTALL_HINT
        )
    return FontSet(directory=directory, files=files)


def font_face_css() -> str:
    """`@font-face` rules binding CSS_FAMILY to the installed files."""
    rules = []
    for (weight, style), path in document_fonts().files.items():
        rules.append(
            f'@font-face {{ font-family: "{CSS_FAMILY}"; font-weight: {weight}; font-style: {style}; '
            f'src: url("{path.as_uri()}"); }}'
        )
    return "\n".join(rules)

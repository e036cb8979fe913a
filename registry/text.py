"""Text normalisation shared by storage, search and imports.

Vietnamese names arrive composed (NFC) or decomposed (NFD), with stray spaces and mixed case.
We store NFC and search on a folded form: no diacritics, đ → d, lower case, single spaces.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_UNIT_PREFIX = re.compile(
    r"^(thanh pho|tinh|quan|huyen|thi xa|thi tran|xa|phuong|dac khu|tp\.?|tx\.?|tt\.?|q\.?|h\.?|p\.?|x\.?)\s+"
)


def clean(value: str | None) -> str:
    """NFC, trimmed, inner runs of white space collapsed to one space."""
    if value is None:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", str(value))).strip()


def fold(value: str | None) -> str:
    """Accent-, case- and Unicode-form-insensitive key: 'Nguyễn Văn  Ấn' → 'nguyen van an'."""
    text = unicodedata.normalize("NFD", clean(value))
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.replace("đ", "d").replace("Đ", "D")
    return text.lower()


def fold_unit_name(value: str | None) -> str:
    """Folded unit name without its type prefix: 'Phường Hải Châu' → 'hai chau'."""
    folded = fold(value)
    previous = None
    while previous != folded:  # 'thanh pho tam ky' and the like
        previous = folded
        folded = _UNIT_PREFIX.sub("", folded, count=1)
    return folded


_TOKEN = re.compile(r"[a-z0-9]+")
MAX_NAME_TOKENS = 8


def name_tokens(value: str | None) -> list[str]:
    """The words of a name search, folded: 'Thị  Hà' → ['thi', 'ha'], "Bh'riu" → ['bh', 'riu'].

    Each token must start a word of the name (`name_folded__words`); punctuation separates words
    and is not searched. At most `MAX_NAME_TOKENS` (a name has fewer words)."""
    return _TOKEN.findall(fold(value))[:MAX_NAME_TOKENS]

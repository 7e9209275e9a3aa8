"""Text helpers: Unicode normalisation and diacritic-free search keys."""
from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^0-9a-z ]+")

# Administrative prefixes dropped by name_key(); longest first.
_PREFIXES = (
    "thanh pho", "tinh", "tp", "quan", "huyen", "thi xa", "thi tran",
    "phuong", "xa", "dac khu",
)


def nfc(s: str) -> str:
    return unicodedata.normalize("NFC", s)


def fold(s: str) -> str:
    """Lowercase, strip diacritics (đ → d), collapse white space.

    >>> fold("  Bình   Dương\\t")
    'binh duong'
    """
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Mn")
    return _SPACE.sub(" ", s.lower()).strip()


def name_key(s: str) -> str:
    """Key for matching unit names across sources: folded, punctuation and
    one leading administrative prefix removed, no spaces.

    >>> name_key("TP. Hồ Chí Minh") == name_key("Hồ Chí Minh")
    True
    >>> name_key("Bà Rịa - Vũng Tàu")
    'bariavungtau'
    """
    t = _SPACE.sub(" ", _NON_WORD.sub(" ", fold(s))).strip()
    for p in _PREFIXES:
        if t.startswith(p + " ") and len(t) > len(p) + 1:
            t = t[len(p) + 1:]
            break
    return t.replace(" ", "")

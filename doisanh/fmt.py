"""Number formatting: Vietnamese (79,92; 1.234,5) and English (79.92; 1,234.5)."""
from __future__ import annotations

import math
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal

import polars as pl

MISSING = "–"     # how every formatter writes a missing value


def num(x: float | int | None, decimals: int = 2, lang: str = "vi", *, sign: bool = False) -> str:
    """Format a number the way the language writes it; '–' for missing.

    >>> num(79.92, 2, "vi"), num(1234.5, 1, "vi"), num(1234.5, 1, "en")
    ('79,92', '1.234,5', '1,234.5')
    >>> num(-0.004, 2, "vi"), num(2.5, 2, "vi", sign=True), num(0.001, 2, "vi", sign=True)
    ('0,00', '+2,50', '0,00')
    >>> num(5.625, 2), num(2.675, 2, "en"), num(-5.625, 2)
    ('5,63', '2.68', '-5,63')
    """
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return MISSING
    # half up on the decimal the number was printed with (5.625 → 5.63), as reports round
    x = float(Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP))
    if x == 0:
        x = 0.0  # no '-0,00'
    s = f"{x:+,.{decimals}f}" if sign and x != 0 else f"{x:,.{decimals}f}"
    if lang == "vi":
        s = s.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return s


def source_line(title: str, url: str) -> str:
    """A source as one line: 'title — address', the address left out when absent, already in
    the title, or not a web address (a seed article's 'seeds/004_….txt' is our copy of it, no
    address an official can open: its title names publisher, date and headline).

    >>> source_line("VCCI PCI 2016", "https://pcivietnam.vn"), source_line("x (https://a.vn)", "https://a.vn")
    ('VCCI PCI 2016 — https://pcivietnam.vn', 'x (https://a.vn)')
    >>> source_line("Huyện Thanh Bình, 01-03-2024: họp Ban Chỉ đạo", "seeds/004_cda37f799773766d.txt")
    'Huyện Thanh Bình, 01-03-2024: họp Ban Chỉ đạo'
    """
    web = bool(url) and url.startswith(("http://", "https://"))
    return f"{title} — {url}" if web and url not in title else title


def rank(r: int | None, n: int | None, lang: str = "vi") -> str:
    """'9/63', '1.234/10.035' ('1,234/10,035' in English); '–' when the rank is missing."""
    if r is None or n is None:
        return MISSING
    return f"{num(int(r), 0, lang)}/{num(int(n), 0, lang)}"


def pct(x: float | None, lang: str = "vi", decimals: int = 1) -> str:
    return MISSING if x is None else num(x, decimals, lang) + " %"


def texts(values: pl.Series, fn: Callable[[object], str]) -> pl.Series:
    """`fn` applied to every non-null value, in Python, as a String series (null stays null,
    as with map_elements). Not `map_elements`: Polars runs Python functions on its own thread
    pool, and several Streamlit sessions doing that at once deadlocked (50 concurrent sessions,
    polars 2.1); a list comprehension runs on the session's own thread."""
    return pl.Series(values.name, [None if v is None else fn(v) for v in values.to_list()], dtype=pl.String)

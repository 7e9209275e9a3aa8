"""Exports: tables as CSV/XLSX (spreadsheet-formula injection neutralised), charts as PNG/SVG.

A text cell that begins with = + - @, a tab, a carriage return or NUL is prefixed with a single
quote, as OWASP ("CSV Injection") and CWE-1236 ask, so a spreadsheet shows it as text — unless
the cell is a number as the page writes it ("-0,93", "+1,5", "-1.234,5" in Vietnamese; "-0.93",
"-1,234.5" in English): a signed number is no formula, and a quote would turn a genuine negative
figure into text. "-1+2", "-5 bậc", "=1+1" are not numbers and are quoted. Display marks (the
chosen unit's " ◀" after its rank) are taken off every cell first: they are not part of a value.
"""
from __future__ import annotations

import io
import re

import polars as pl

from doisanh.grid import BLANK, CODE_HEADERS, MARK

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r", "\0")
# numbers as doisanh.fmt.num writes them: 1.234,5 in Vietnamese, 1,234.5 in English; "–" = none
_NUMBER = {"vi": re.compile(r"[+-]?\d{1,3}(?:\.\d{3})*(?:,(\d+))?"),
           "en": re.compile(r"[+-]?\d{1,3}(?:,\d{3})*(?:\.(\d+))?")}


def is_number(v: str, lang: str | None = None) -> bool:
    """`v` is a number formatted in `lang` (in either language when `lang` is None).

    >>> is_number("-0,93", "vi"), is_number("-0,93", "en"), is_number("-1+2"), is_number("-1.234,5", "vi")
    (True, False, False, True)
    """
    return any(_NUMBER[k].fullmatch(v) for k in ((lang,) if lang in _NUMBER else _NUMBER))


def safe_cell(v: object, lang: str | None = None) -> object:
    """A string that a spreadsheet could run as a formula is prefixed with a quote; a number
    formatted in `lang` (either language when None) is left as it is.

    >>> safe_cell("=1+1"), safe_cell("-5 bậc"), safe_cell("Bình Dương"), safe_cell(-5.0)
    ("'=1+1", "'-5 bậc", 'Bình Dương', -5.0)
    >>> safe_cell("-0,93", "vi"), safe_cell("-0,93", "en"), safe_cell("@SUM(1)", "vi")
    ('-0,93', "'-0,93", "'@SUM(1)")
    """
    if isinstance(v, str) and v.startswith(_DANGEROUS) and not is_number(v, lang):
        return "'" + v
    return v


def unguarded(v: str | None) -> str | None:
    """A cell read back from one of our files, without the quote `safe_cell` put before it.

    >>> unguarded("'=1+1"), unguarded("'ok"), unguarded(None)
    ('=1+1', "'ok", None)
    """
    return v[1:] if v and v.startswith("'") and v[1:2] and v[1:].startswith(_DANGEROUS) else v


def unmarked(df: pl.DataFrame) -> pl.DataFrame:
    """`df` without the display marks of the screen (doisanh.grid.MARK after a rank)."""
    text = [c for c, t in df.schema.items() if t == pl.String]
    return df.with_columns(pl.col(c).str.strip_suffix(MARK) for c in text) if text else df


def _safe_frame(df: pl.DataFrame, lang: str | None = None) -> pl.DataFrame:
    # a list comprehension, not map_elements: Python functions on Polars' thread pool from
    # several sessions at once deadlocked (see doisanh.fmt.texts)
    text = [c for c, t in df.schema.items() if t == pl.String]
    return df.with_columns(
        [pl.Series(c, [safe_cell(v, lang) for v in df[c].to_list()], dtype=pl.String) for c in text]
    ) if text else df


def to_csv(df: pl.DataFrame, lang: str | None = None) -> bytes:
    """UTF-8 with BOM (so Excel opens Vietnamese text correctly); numbers formatted in `lang`
    (either language when None) are written as they are, other text is guarded."""
    return b"\xef\xbb\xbf" + _safe_frame(unmarked(df), lang).write_csv().encode("utf-8")


_CODE = re.compile(r"[+-]?0\d")       # a leading zero: a code ("01", "25747"), not a number


def number_columns(df: pl.DataFrame, lang: str) -> dict[str, int]:
    """The text columns that hold only numbers formatted in `lang` (or "–"/empty), with the most
    decimals any of them shows."""
    out = {}
    for name, dtype in df.schema.items():
        if dtype != pl.String or name in CODE_HEADERS:
            continue
        values = [v for v in df[name].unique().to_list() if v is not None and v not in BLANK]
        matches = [_NUMBER[lang].fullmatch(v) for v in values]
        if values and all(matches) and not any(_CODE.match(v) for v in values):
            out[name] = max(len(m.group(1) or "") for m in matches)
    return out


def _parse(v: str | None, lang: str) -> float | None:
    if v is None or v in BLANK:
        return None
    return float(v.replace(".", "").replace(",", ".") if lang == "vi" else v.replace(",", ""))


def to_xlsx(df: pl.DataFrame, sheet: str = "Du lieu", notes: list[str] | None = None,
            lang: str | None = None) -> bytes:
    """One sheet of the table (strings stored as text, never as formulas), plus a notes sheet.
    With `lang`, a column of numbers formatted in that language ("79,92") is written as numbers
    with as many decimals, so a spreadsheet can sum and sort them and shows them in its own
    locale (79,92 in a Vietnamese Excel); codes ("01") and ranks ("9/63") stay text."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TYPE_STRING

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    def clean(v: object) -> object:
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", v) if isinstance(v, str) else v

    df = unmarked(df)
    numbers = number_columns(df, lang) if lang in _NUMBER else {}
    if numbers:
        df = df.with_columns(pl.Series(c, [_parse(v, lang) for v in df[c].to_list()], dtype=pl.Float64)
                             for c in numbers)
    ws.append([clean(str(safe_cell(c))) for c in df.columns])
    for row in _safe_frame(df, lang).iter_rows():
        ws.append([clean(v) for v in row])
    formats = {i + 1: "#,##0" + ("." + "0" * d if d else "") for i, c in enumerate(df.columns)
               if (d := numbers.get(c)) is not None}
    for row in ws.iter_rows():
        for cell in row:
            if cell.row > 1 and cell.column in formats:
                cell.number_format = formats[cell.column]
            if isinstance(cell.value, str):
                # control characters cannot be stored in the XML of a workbook
                cell.value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", cell.value)
                cell.data_type = TYPE_STRING
    if notes:
        ns = wb.create_sheet("Ghi chu - Notes")
        for line in notes:
            ns.append([safe_cell(line)])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# Vega's default "sans-serif" resolved to Liberation Sans, which has no Vietnamese letters such as
# "ộ": every label with one ("Hà Nội", "Điểm") fell back to a serif font beside sans-serif ticks.
EXPORT_FONT = "DejaVu Sans, Liberation Sans, Arial, sans-serif"


def chart_svg(spec: dict) -> bytes:
    import vl_convert as vlc
    return vlc.vegalite_to_svg(for_export(spec)).encode("utf-8")


def chart_png(spec: dict, scale: float = 2.0) -> bytes:
    import vl_convert as vlc
    return vlc.vegalite_to_png(for_export(spec), scale=scale)


def for_export(spec: dict, width: int = 720) -> dict:
    """A chart spec as a file: a fixed width, and a font with the Vietnamese letters."""
    out = _fixed_width(spec, width)
    out["config"] = {"font": EXPORT_FONT, **out.get("config", {})}
    return out


def _fixed_width(spec: dict, width: int = 720) -> dict:
    """'container' widths have no meaning outside a page: give exports a fixed width."""
    out = dict(spec)
    if out.get("width") == "container":
        out["width"] = width
    for key in ("layer", "vconcat", "hconcat", "concat"):
        if key in out:
            out[key] = [_fixed_width(s, width) for s in out[key]]
    return out

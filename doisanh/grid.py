"""Formatted tables in Streamlit's data grid: numbers that still sort as numbers.

Tables on screen hold numbers as text in the language's format (79,92 in Vietnamese): the
grid's number columns take their decimal separator from the browser's locale, not the page's
language. The grid sorts a text column with `localeCompare`, so "10/696" came before "2/696" and
"100,00" before "99,82" when an official clicked a header. `sortable` pads the numbers of such a
column on the left with spaces to one width; a space sorts before every digit, so text order is
then numeric order, and the column is shown right-aligned, where the padding is not seen.

A column qualifies when every non-empty cell is an unsigned number as doisanh.fmt writes them
(digits with '.' or ',' separators, optionally "rank/n"), "–" (no value), or one of those with
the chosen-unit mark after it. Codes (the "Mã"/"Code" column, or a leading zero: "01") and signed
numbers (their order would be wrong) are not padded. doisanh.export.number_columns is the other
reader of these formatted numbers: it parses them, in the page's language, for spreadsheets.
"""
from __future__ import annotations

import re

import polars as pl

from doisanh.fmt import MISSING
from doisanh.i18n import t

MARK = " ◀"                                   # after the cell of the chosen unit (ranking table)
ILLUSTRATIVE_MARK = " *"                      # after an illustrative figure (compare table)
BLANK = ("", MISSING)                         # no value: empty, or as doisanh.fmt writes it
CODE_HEADERS = frozenset({t("code", "vi"), t("code", "en")})   # unit codes are text, whatever their digits
_NUMBER = re.compile(r"\d[\d.,]*(/\d[\d.,]*)?")
_SIGNED = re.compile(r"[+-]\d[\d.,]*")
_CODE = re.compile(r"0\d")


def _number_cell(v: str) -> bool:
    v = v.removesuffix(MARK)
    return v in BLANK or (_NUMBER.fullmatch(v) is not None and _CODE.match(v) is None)


def _kinds(df: pl.DataFrame) -> dict[str, str]:
    """Each text column of numbers: "number" when every cell is an unsigned number (or empty),
    with at least one number; "signed" when some carry a sign ("+3,50", "-0,66") and the rest
    are numbers or empty. Each column's distinct cells are read once."""
    out = {}
    for name, dtype in df.schema.items():
        if dtype != pl.String or name in CODE_HEADERS:
            continue
        values = [v for v in df[name].unique().to_list() if v is not None]
        if all(v.removesuffix(MARK) in BLANK for v in values):
            continue
        if all(map(_number_cell, values)):
            out[name] = "number"
        elif any(_SIGNED.fullmatch(v) for v in values) and all(_SIGNED.fullmatch(v) or _number_cell(v)
                                                               for v in values):
            out[name] = "signed"
    return out


def _of(kinds: dict[str, str], kind: str) -> tuple[str, ...]:
    return tuple(c for c, k in kinds.items() if k == kind)


def number_columns(df: pl.DataFrame) -> tuple[str, ...]:
    """The text columns whose cells are all unsigned numbers (or empty), with at least one number."""
    return _of(_kinds(df), "number")


FIRST_ROWS = 10            # the grid sizes a column to its header and its first rows
_CHAR_PX, _PAD_PX, _MAX_PX = 8, 24, 320


def widths(df: pl.DataFrame) -> dict[str, int]:
    """Pixel widths for the text columns whose longest cell is longer than their header and
    their first rows: the grid sized the rating column of a ranking to "Tốt" at the top and cut
    "Trung bình" further down to "Trung bìn"."""
    out = {}
    for name, dtype in df.schema.items():
        if dtype != pl.String or df.height <= FIRST_ROWS:
            continue
        lengths = df[name].str.len_chars().fill_null(0)
        longest = int(lengths.max() or 0)
        if longest > max(len(name), int(lengths.head(FIRST_ROWS).max() or 0)):
            out[name] = min(_MAX_PX, _CHAR_PX * longest + _PAD_PX)
    return out


def signed_columns(df: pl.DataFrame) -> tuple[str, ...]:
    """Text columns of numbers where some carry a sign ("+3,50", "-0,66"): shown right-aligned like
    the others, but not padded — padding cannot put negative numbers in order."""
    return _of(_kinds(df), "signed")


def sortable(df: pl.DataFrame) -> tuple[pl.DataFrame, tuple[str, ...]]:
    """`df` with its number columns padded on the left to one width (the mark kept at the end),
    and the names of the columns to show right-aligned: those, and the signed ones."""
    kinds = _kinds(df)
    cols = _of(kinds, "number")
    padded = []
    for name in cols:
        col = pl.col(name).fill_null("")
        body = col.str.strip_suffix(MARK)
        width = df.select(body.str.len_chars().max()).item() or 0
        mark = pl.when(col.str.ends_with(MARK)).then(pl.lit(MARK)).otherwise(pl.lit(""))
        padded.append((body.str.pad_start(width, " ") + mark).alias(name))
    return (df.with_columns(padded) if padded else df), cols + _of(kinds, "signed")

"""Exports: tables as CSV/XLSX (spreadsheet-formula injection neutralised), charts as PNG/SVG.

A text cell that begins with = + - @, a tab, a carriage return or NUL is prefixed with a single
quote, as OWASP ("CSV Injection") and CWE-1236 ask, so a spreadsheet shows it as text — unless
the cell is a number as the page writes it ("-0,93", "+1,5", "-1.234,5" in Vietnamese; "-0.93",
"-1,234.5" in English): a signed number is no formula, and a quote would turn a genuine negative
figure into text. "-1+2", "-5 bậc", "=1+1" are not numbers and are quoted. Display marks (the
chosen unit's " ◀" after its rank) are taken off every cell first: they are not part of a value.
An illustrative figure's mark (" *" in the compare table) goes into a column of its own beside the
figure ("… — Minh họa": có/không), so the figure itself is a number.

Exported charts carry their own heading (`heading`, `titled`): a title, then index · year · peer
group, then the sources, in the page's language — a PNG in a slide still says what it shows.
"""
from __future__ import annotations

import io
import re

import polars as pl

from doisanh.grid import BLANK, CODE_HEADERS, ILLUSTRATIVE_MARK, MARK
from doisanh.i18n import t

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


def flagged(df: pl.DataFrame, lang: str | None = None) -> pl.DataFrame:
    """`df` with the illustrative mark (grid.ILLUSTRATIVE_MARK, " *") taken off its figures and
    put in a column after each column of figures: "có"/"không" ("yes"/"no") beside a figure,
    empty beside no figure. When no cell is marked, `df` as it is."""
    text = [c for c, dtype in df.schema.items() if dtype == pl.String and c not in CODE_HEADERS]
    marked = {c for c in text if df[c].str.ends_with(ILLUSTRATIVE_MARK).any()}
    if not marked:
        return df
    lang_ = lang if lang in _NUMBER else "vi"
    yes, no = t("yes", lang_), t("no", lang_)
    columns: list[pl.Series] = []
    for c in df.columns:
        values = df[c].to_list()
        bare = [v.removesuffix(ILLUSTRATIVE_MARK) if isinstance(v, str) else v for v in values]
        figures = [isinstance(v, str) and is_number(v, lang) for v in bare]
        if c not in marked and not (c in text and any(figures)):
            columns.append(df[c])
            continue
        columns.append(pl.Series(c, bare, dtype=pl.String))
        columns.append(pl.Series(t("xlsx_illustrative_col", lang_, col=c),
                                 [(yes if v.endswith(ILLUSTRATIVE_MARK) else no) if f else None
                                  for v, f in zip(values, figures)], dtype=pl.String))
    return pl.DataFrame(columns)


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
    return b"\xef\xbb\xbf" + _safe_frame(flagged(unmarked(df), lang), lang).write_csv().encode("utf-8")


_CODE = re.compile(r"[+-]?0\d")       # a leading zero: a code ("01", "25747"), not a number
_RANK = re.compile(r"\d+/\d+")       # "9/63": a rank of n stays text


def number_columns(df: pl.DataFrame, lang: str) -> dict[str, int]:
    """The text columns whose cells are numbers formatted in `lang` (at least one), "–"/empty,
    or ranks ("9/63": the compare table has its rank row among the figures), with the most
    decimals any of the numbers shows."""
    out = {}
    for name, dtype in df.schema.items():
        if dtype != pl.String or name in CODE_HEADERS:
            continue
        values = [v for v in df[name].unique().to_list() if v is not None and v not in BLANK]
        parsed = [(v, _NUMBER[lang].fullmatch(v)) for v in values]
        matches = [m for _, m in parsed if m]
        if (matches and all(m or _RANK.fullmatch(v) for v, m in parsed)
                and not any(_CODE.match(v) for v in values)):
            out[name] = max(len(m.group(1) or "") for m in matches)
    return out


def _parse(v: str | None, lang: str) -> float | str | None:
    """A formatted number as a float; a rank as it is; "–" or empty as None."""
    if v is None or v in BLANK:
        return None
    if not _NUMBER[lang].fullmatch(v):
        return v
    return float(v.replace(".", "").replace(",", ".") if lang == "vi" else v.replace(",", ""))


def to_xlsx(df: pl.DataFrame, sheet: str = "Du lieu", notes: list[str] | None = None,
            lang: str | None = None) -> bytes:
    """One sheet of the table (strings stored as text, never as formulas), plus a notes sheet.
    With `lang`, the figures of a column of numbers formatted in that language ("79,92") are
    written as numbers with as many decimals, so a spreadsheet can sum and sort them and shows
    them in its own locale (79,92 in a Vietnamese Excel); codes ("01") and ranks ("9/63") stay
    text; an illustrative figure is flagged in the column after it (`flagged`), not in its cell."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, TYPE_STRING

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    def clean(v: object) -> object:
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", v) if isinstance(v, str) else v

    df = _safe_frame(flagged(unmarked(df), lang), lang)
    numbers = number_columns(df, lang) if lang in _NUMBER else {}
    ws.append([clean(str(safe_cell(c))) for c in df.columns])
    for row in df.iter_rows(named=True):
        ws.append([clean(_parse(v, lang) if c in numbers else v) for c, v in row.items()])
    formats = {i + 1: "#,##0" + ("." + "0" * d if d else "") for i, c in enumerate(df.columns)
               if (d := numbers.get(c)) is not None}
    for row in ws.iter_rows():
        for cell in row:
            if cell.row > 1 and cell.column in formats and isinstance(cell.value, float):
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


HEADING_CHARS = 120          # characters of a subtitle line (11 px DejaVu Sans in a 720 px chart)
MAX_HEADING_SOURCES = 3


def heading(title: str, *, lang: str, index: str, year: int | str, peers: str,
            sources: tuple[str, ...] = (), illustrative: bool = False) -> dict:
    """A Vega-Lite title for an exported chart: `title`, then "index · năm year · peers", the
    sources (the first MAX_HEADING_SOURCES named, the rest counted) and, when the chart shows
    illustrative figures, a line that says so — in `lang`, lines wrapped to the chart's width."""
    import textwrap
    more = len(sources) - MAX_HEADING_SOURCES
    named = "; ".join(sources[:MAX_HEADING_SOURCES])
    if more > 0:
        named += "; " + t("export_sources_more", lang, n=more)
    lines = [t("export_subtitle", lang, index=index, year=year, peers=peers),
             t("export_source", lang, sources=named) if sources else t("export_no_source", lang)]
    if illustrative:
        lines.append(t("export_illustrative", lang))
    wrapped = [w for line in lines for w in textwrap.wrap(line, HEADING_CHARS, break_on_hyphens=False)]
    return {"text": title, "subtitle": wrapped, "anchor": "start", "fontSize": 15, "subtitleFontSize": 11,
            "subtitleColor": "#444", "subtitlePadding": 4, "offset": 14}


def titled(spec: dict, title: dict | None) -> dict:
    """`spec` with `title` (from `heading`) as its title (a shallow copy)."""
    return spec if title is None else {**spec, "title": title}


def chart_svg(spec: dict, title: dict | None = None) -> bytes:
    import vl_convert as vlc
    return vlc.vegalite_to_svg(for_export(titled(spec, title))).encode("utf-8")


def chart_png(spec: dict, scale: float = 2.0, title: dict | None = None) -> bytes:
    import vl_convert as vlc
    return vlc.vegalite_to_png(for_export(titled(spec, title)), scale=scale)


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

"""Tables on a phone: a short view of a table for narrow screens beside the full one, and a CSS
breakpoint that shows one of the two.

At 390 px a data grid shows its first ~358 px: the what-if plan's "Điểm mới", seven of the
compare table's eight units and the import report's messages were off to the side. The server
cannot know the screen's width, and st.dataframe draws on a canvas, so a table whose key figures
do not fit is placed twice: its key columns as a small HTML table (doisanh.tables.marked_table:
every header and cell escaped, the row's label wrapping, the figures as doisanh.fmt wrote them)
in a container shown only up to BREAKPOINT px wide, and the full element in a container hidden
there. Streamlit gives a keyed container the class `st-key-<key>`; one style rule, sent with
each pair, hides the other half of every pair on the page.
"""
from __future__ import annotations

import html

import polars as pl
import streamlit as st

from doisanh import fmt, tables
from doisanh.i18n import t
from ui.memo import memo

BREAKPOINT = 640                   # px: up to this wide, the narrow view is shown instead
NARROW, WIDE = "narrow-", "wide-"  # key prefixes of the two containers of a pair
_NOTE = "font-size:0.8rem;opacity:0.75;margin:0.3rem 0 0 0;"


def _hide(prefix: str) -> str:
    """A keyed container and the layout wrapper around it (hidden too, or its place in the
    page's column still took a gap of 1rem)."""
    block = f"[class*='st-key-{prefix}']"
    return f"{block}, [data-testid='stLayoutWrapper']:has(> {block}) {{ display: none !important; }}"


STYLE = ("<style>"
         f"@media (max-width: {BREAKPOINT}px) {{ {_hide(WIDE)} }}"
         f"@media not all and (max-width: {BREAKPOINT}px) {{ {_hide(NARROW)} }}"
         "</style>")


def pair(key: str, narrow_html: str | None):
    """Shows `narrow_html` on a narrow screen only and returns the container for the full
    element, hidden there: `with narrow.pair("plan", html): widgets.table(df)`. With no narrow
    view (None) the full element is shown on every screen. The style rule goes to Streamlit's
    event container (st.html of style tags alone takes no room on the page); a page with one
    pair sends it once."""
    if narrow_html is None:
        return st.container()
    st.html(STYLE)
    st.container(key=NARROW + key).html(narrow_html)
    return st.container(key=WIDE + key)


def _note(text: str) -> str:
    return f'<p style="{_NOTE}">{html.escape(text)}</p>'


@memo(maxsize=64)
def columns_html(df: pl.DataFrame, columns: tuple[str, ...], lang: str, rows: int | None = None) -> str:
    """`columns` of `df` (text; the first the row's label, which wraps; the others on one line)
    as an HTML table: its first `rows` rows, then a line on how many were left out, and one
    saying that the other columns are on a wider screen."""
    shown = df.select(columns)
    capped = rows is not None and shown.height > rows
    if capped:
        shown = shown.head(rows)
    out = tables.marked_table(shown, [[""] * shown.width] * shown.height, titles={})
    if capped:
        out += _note(t("table_capped", lang, k=fmt.num(rows, 0, lang), n=fmt.num(df.height, 0, lang)))
    return out + _note(t("narrow_view", lang))


@memo(maxsize=32)
def compare_keys(display: pl.DataFrame, numeric: pl.DataFrame, lang: str) -> str | None:
    """The compare table (doisanh.views.compare_pivot: a row per figure, a column per unit)
    turned to a row per unit with its total and its rank, in the chosen order, the best and
    lowest marked as in the full table. None when it has no rank row to turn."""
    rank_label = t("level_rank", lang)
    labels = display[display.columns[0]].to_list()
    r = labels.index(rank_label) if rank_label in labels else 0
    if r == 0:                            # the rank row comes right after the total's
        return None
    units = display.columns[1:]
    keyed = pl.DataFrame({t("unit", lang): units,
                          labels[r - 1]: [display[u][r - 1] for u in units],
                          rank_label: [display[u][r] for u in units]},
                         schema={t("unit", lang): pl.String, labels[r - 1]: pl.String, rank_label: pl.String})
    marks = tables.marks(numeric)
    turned = [["", marks[r - 1][j], marks[r][j]] for j in range(1, len(units) + 1)]
    return (tables.marked_table(keyed, turned, titles={tables.BEST: t("best_cell", lang),
                                                       tables.LOWEST: t("lowest_cell", lang)})
            + _note(t("narrow_view", lang)))

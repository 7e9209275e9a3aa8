"""Tables on a phone: a short view of a table for narrow screens beside the full one, and a CSS
breakpoint that shows one of the two.

At 390 px a data grid shows its first ~358 px: the what-if plan's "Điểm mới", seven of the
compare table's eight units and the import report's messages were off to the side. The server
cannot know the screen's width, and st.dataframe draws on a canvas, so a table whose key figures
do not fit is placed twice (`pair`): its key columns as a small HTML table (`view_html`, on
doisanh.tables.marked_table: every header and cell escaped, the row's label wrapping, the
figures as doisanh.fmt wrote them) in a container shown only up to BREAKPOINT px wide, and the
full element in a container hidden there. Streamlit gives a keyed container the class
`st-key-<key>`; one style rule (`style`, sent by app.py once per run, whatever the page) hides
the other half of every pair.
"""
from __future__ import annotations

import functools
import html
from typing import NamedTuple

import polars as pl
import streamlit as st

from doisanh import fmt, tables
from doisanh.i18n import t
from ui.memo import memo

BREAKPOINT = 640                   # px: up to this wide, the narrow view is shown instead
NARROW, WIDE = "narrow-", "wide-"  # key prefixes of the two containers of a pair
_NOTE = "font-size:0.8rem;opacity:0.75;margin:0.3rem 0 0 0;"


class View(NamedTuple):
    """A narrow view: `frame` (text; the first column labels the rows), a mark per cell
    (doisanh.tables.BEST, LOWEST or ""), the tooltip of each mark, and the lines under it."""
    frame: pl.DataFrame
    marks: tuple[tuple[str, ...], ...]
    titles: tuple[tuple[str, str], ...]
    notes: tuple[str, ...]


@functools.cache
def style_rule() -> str:
    """Up to BREAKPOINT px the full halves are hidden, beyond it the narrow ones: each keyed
    container and the layout wrapper around it (or its place in the page's column still took a
    gap of 1rem). Made of this module's constants only."""
    def hide(prefix: str) -> str:
        block = f"[class*='st-key-{prefix}']"
        return f"{block}, [data-testid='stLayoutWrapper']:has(> {block}) {{ display: none !important; }}"
    return (f"<style>@media (max-width: {BREAKPOINT}px) {{ {hide(WIDE)} }}"
            f"@media not all and (max-width: {BREAKPOINT}px) {{ {hide(NARROW)} }}</style>")


def style() -> None:
    """The rule on the page (st.html of a style tag alone goes to Streamlit's event container
    and takes no room), sent once per run by each page that has pairs (what-if, compare, import)
    — not by app.py for every page: one element more put the profile's rerun past a flush
    cycle of Streamlit's (the benchmark's stand-in with the profile's elements: 1.1 → 2.0× the
    empty script)."""
    st.html(style_rule())


def pair(key: str, view: View | None):
    """Shows `view` on a narrow screen only and returns the container for the full element,
    hidden there: `with narrow.pair("plan", view): tables.table(df)`. With no narrow view
    (None) the full element is shown on every screen."""
    if view is None:
        return st.container()
    st.container(key=NARROW + key).html(view_html(view))
    return st.container(key=WIDE + key)


@memo(maxsize=64)
def view_html(view: View) -> str:
    """`view` as HTML: the table escaped by doisanh.tables.marked_table, each note escaped here."""
    out = tables.marked_table(view.frame, [list(m) for m in view.marks], titles=dict(view.titles))
    return out + "".join(f'<p style="{_NOTE}">{html.escape(n)}</p>' for n in view.notes)


def columns_view(df: pl.DataFrame, columns: tuple[str, ...], lang: str, rows: int | None = None) -> View:
    """`columns` of `df` (the first the row's label, which wraps; the others on one line): its
    first `rows` rows, a line on how many were left out, and one saying that the other columns
    are on a wider screen."""
    shown = df.select(columns)
    notes = ()
    if rows is not None and shown.height > rows:
        shown = shown.head(rows)
        notes = (t("table_capped", lang, k=fmt.num(rows, 0, lang), n=fmt.num(df.height, 0, lang)),)
    return View(shown, (("",) * shown.width,) * shown.height, (), (*notes, t("narrow_view", lang)))


def compare_view(display: pl.DataFrame, numeric: pl.DataFrame, lang: str) -> View | None:
    """The compare table (doisanh.views.compare_pivot: a row per figure, a column per unit)
    turned to a row per unit with its total and its rank, in the chosen order, the best and
    lowest marked as in the full table. None when it has no rank row to turn."""
    rank_label = t("level_rank", lang)
    labels = display[display.columns[0]].to_list()
    r = labels.index(rank_label) if rank_label in labels else 0
    if r == 0:                            # the rank row comes right after the total's
        return None
    units = display.columns[1:]
    total_label = labels[r - 1]
    keyed = pl.DataFrame({t("unit", lang): units,
                          total_label: [display[u][r - 1] for u in units],
                          rank_label: [display[u][r] for u in units]},
                         schema={t("unit", lang): pl.String, total_label: pl.String, rank_label: pl.String})
    marks = tables.marks(numeric)
    turned = tuple(("", marks[r - 1][j], marks[r][j]) for j in range(1, len(units) + 1))
    titles = ((tables.BEST, t("best_cell", lang)), (tables.LOWEST, t("lowest_cell", lang)))
    return View(keyed, turned, titles, (t("narrow_view", lang),))

"""Tables on screen: the ranking as shown (formatted and memoised), any frame handed to
st.dataframe as a sortable Arrow table, the cap on rows shown, the compare table with its best and
lowest cells marked (the app's one st.html, built by doisanh.tables), and the labels and number
formats the ranking chart and the sliders use."""
from __future__ import annotations

import polars as pl
import streamlit as st

from doisanh import fmt, grid, tables
from doisanh.i18n import t
from ui import notes
from ui.memo import memo


@memo(maxsize=32)
def with_labels(df: pl.DataFrame, lang: str, decimals: int, top: int | None = None,
                also: str | None = None) -> pl.DataFrame:
    """`df` (its first `top` rows, if given, and the row of unit `also` when it comes later) with
    a 'rank. name' label and the formatted value. Take the rows here rather than passing
    df.head(k): a new frame on every rerun is hashed again."""
    name_col = "name_en" if lang == "en" else "name_vi"
    if top is not None:
        later = df.slice(top).filter(pl.col("unit_code") == also) if also else df.head(0)
        df = pl.concat([df.head(top), later])
    return df.with_columns(
        (pl.col("rank_in_peers").cast(pl.String).fill_null(fmt.MISSING) + ". " + pl.col(name_col)).alias("label"),
        fmt.texts(df["value"], lambda v: fmt.num(v, decimals, lang)).alias("value_text"),
    )


@memo(maxsize=32)
def ranking_table(df: pl.DataFrame, lang: str, decimals: int, mark: str | None = None) -> pl.DataFrame:
    """The ranking as shown (formatted text), the rank of unit `mark` (the chosen one) flagged
    ◀ after it (after, so the rank column still sorts as numbers: doisanh.grid); the score before
    the name, whose column a long commune name widens past a 390 px phone; cached and
    shared like the query results (ui/data.py): formatting 10,000 communes row by row took
    ~120 ms a rerun."""
    name_col = "name_en" if lang == "en" else "name_vi"
    rating_col = "rating_en" if lang == "en" else "rating_vi"
    rows = []
    for r in df.iter_rows(named=True):
        sid = r["pub_source_id"] if r["is_illustrative"] else r["source_id"]
        rows.append({
            t("rank", lang): (fmt.rank(r["rank_in_peers"], r["n_units"], lang)
                              + (grid.MARK if r["unit_code"] == mark else "")),
            t("score", lang): fmt.num(r["value"], decimals, lang),
            t("name", lang): r[name_col],
            t("code", lang): r["unit_code"],
            t("status", lang): notes.status_text(r["is_illustrative"], lang, r["source_id"]),
            t("rating", lang): r[rating_col] or "",
            t("gap_to_leader", lang): fmt.num(r["gap_to_leader"], decimals, lang),
            t("gap_to_next_rank", lang): fmt.num(r["gap_to_next_rank"], decimals, lang),
            t("percentile", lang): fmt.num(r["percentile"], 1, lang),
            t("published_rank", lang): "" if r["published_rank"] is None else str(r["published_rank"]),
            t("source", lang): notes.source_text(sid, lang),
        })
    return pl.DataFrame(rows)


MAX_SCREEN_ROWS = 1_000


def browser_number_format(decimals: int, lang: str) -> str:
    """How a slider or an editable number column shows its value: Streamlit formats it in the
    browser, with no choice of decimal separator; "localized" follows the browser's locale
    (79,92 in a Vietnamese browser), so it is used for Vietnamese; English keeps a fixed number
    of decimals (79.92)."""
    return "localized" if lang == "vi" else ("%.2f" if decimals <= 2 else "%.4f")


@memo(maxsize=64)
def _screen_arrow(df: pl.DataFrame, rows: int | None):
    """The Arrow table st.dataframe is given (its first `rows` rows), its number columns padded
    so that a click on their header sorts them as numbers (doisanh.grid), and the column
    settings that right-align them and widen a text column whose long cells come after its
    first rows: made once per content — Polars' to_arrow copies every text
    column, ~0.7 ms for the 63-province ranking table on every rerun."""
    shown, numbers = grid.sortable(df if rows is None else df.head(rows))
    widths = grid.widths(shown)
    return shown.to_arrow(), {c: st.column_config.TextColumn(alignment="right" if c in numbers else None,
                                                             width=widths.get(c))
                              for c in (*numbers, *widths)}


def table(df: pl.DataFrame, height: int | str = "auto", *, rows: int | None = None) -> None:
    """A frame on screen (its first `rows` rows), handed to Streamlit as an Arrow table:
    st.dataframe sends Arrow as it is, while a Polars frame goes through pandas first (~2 ms
    per table on every rerun). No index column: the row numbers 0, 1, 2… mean nothing here (a
    rank is a column of its own), and drawing it cost ~0.75 ms a table on every rerun. A missing
    value is an empty cell (Streamlit would write an English "None")."""
    arrow, columns = _screen_arrow(df, rows)
    st.dataframe(arrow, width="stretch", height=height, hide_index=True, placeholder="",
                 column_config=columns)


def capped_table(df: pl.DataFrame, lang: str) -> None:
    """At most MAX_SCREEN_ROWS rows on screen (the download has them all)."""
    if df.height > MAX_SCREEN_ROWS:
        st.caption(t("table_capped", lang, k=fmt.num(MAX_SCREEN_ROWS, 0, lang), n=fmt.num(df.height, 0, lang)))
    table(df, rows=MAX_SCREEN_ROWS)


@memo(maxsize=64)
def _compare_html(display: pl.DataFrame, numeric: pl.DataFrame, best: str, lowest: str) -> str:
    return tables.marked_table(display, tables.marks(numeric), titles={tables.BEST: best, tables.LOWEST: lowest})


def compare_table(display: pl.DataFrame, numeric: pl.DataFrame, lang: str) -> None:
    """The compare table, best unit of each row green and lowest red (judged on `numeric`, same
    shape). The app's one st.html: doisanh.tables escapes every header and cell, and Streamlit
    sanitises the HTML again; a pandas Styler did the same colouring at ~8 ms a rerun."""
    st.html(_compare_html(display, numeric, t("best_cell", lang), t("lowest_cell", lang)))

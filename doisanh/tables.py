"""The compare table as escaped HTML: the best unit of each row marked green, the lowest red.

Streamlit can colour single cells only through a pandas Styler, which it re-renders on every
rerun (pandas' `_compute` and `_translate`: ~8 ms for 8 units × 30 rows, a third of the compare
page's rerun). A plain table of ≤ 9 columns needs no data grid: this one is built once per
content (ui/tables.py memoises it), its text can be read by a screen reader, selected and pasted
into a report. Every header and cell is escaped here (and st.html sanitises again with
DOMPurify); tests/test_highlight.py feeds it hostile names.
"""
from __future__ import annotations

import html

import numpy as np
import polars as pl

BEST, LOWEST = "best", "lowest"
_CELL = "padding:0.25rem 0.6rem;border-bottom:1px solid rgba(128,128,128,0.3);"
_STYLE = {
    "": _CELL + "text-align:right;white-space:nowrap;",
    BEST: _CELL + "text-align:right;white-space:nowrap;background-color:#d8f0d8;color:#14361a;",
    LOWEST: _CELL + "text-align:right;white-space:nowrap;background-color:#f8d9d9;color:#4a1212;",
}
_HEAD = _CELL + "text-align:right;font-weight:600;vertical-align:bottom;"
_ROW_HEAD = _CELL + "text-align:left;font-weight:400;min-width:9rem;"


def marks(numeric: pl.DataFrame) -> list[list[str]]:
    """For each row of `numeric` (first column a label, then one column per unit): BEST for the
    largest value, LOWEST for the smallest, "" otherwise — nothing when fewer than two units have
    a value or all are equal (ranks are stored negated, so the best is always the largest)."""
    vals = numeric.select(pl.all().exclude(numeric.columns[0]).cast(pl.Float64)).to_numpy()
    if vals.size == 0:
        return [[""] * numeric.width for _ in range(numeric.height)]
    has = ~np.isnan(vals)
    hi = np.where(has, vals, -np.inf).max(axis=1, keepdims=True)
    lo = np.where(has, vals, np.inf).min(axis=1, keepdims=True)
    marked = ((has.sum(axis=1) >= 2) & (hi[:, 0] != lo[:, 0]))[:, None] & has
    out = np.where(marked & (vals == hi), BEST, np.where(marked & (vals == lo), LOWEST, ""))
    return [["", *row] for row in out.tolist()]


def marked_table(display: pl.DataFrame, cell_marks: list[list[str]], *, titles: dict[str, str]) -> str:
    """`display` (strings; first column the row label) as an HTML table inside a block that
    scrolls sideways on a narrow screen; a marked cell gets its colour and `titles[mark]` as a
    tooltip."""
    e = html.escape
    head = "".join(f'<th scope="col" style="{_HEAD if i else _ROW_HEAD + "font-weight:600;"}">{e(str(c))}</th>'
                   for i, c in enumerate(display.columns))
    rows = []
    for row, mk in zip(display.iter_rows(), cell_marks):
        cells = [f'<th scope="row" style="{_ROW_HEAD}">{e("" if row[0] is None else str(row[0]))}</th>']
        for v, m in zip(row[1:], mk[1:]):
            tip = f' title="{e(titles[m])}"' if m else ""
            cells.append(f'<td style="{_STYLE[m]}"{tip}>{e("" if v is None else str(v))}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return ('<div style="overflow-x:auto;max-width:100%;">'
            '<table style="border-collapse:collapse;width:100%;font-size:0.9rem;">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")

"""Compare table colours: the best unit of each row green, the lowest red (ranks are stored
negated, so the best is always the largest), nothing for ties or fewer than two values."""
from __future__ import annotations

import polars as pl

from ui.widgets import BEST_CSS as B
from ui.widgets import LOWEST_CSS as L
from ui.widgets import highlight_css


def test_best_and_lowest_per_row():
    numeric = pl.DataFrame({
        "row": ["total", "rank", "one value", "all equal", "tie for best"],
        "a": [71.2, -3.0, None, 2.0, 9.0],
        "b": [80.1, -1.0, 5.0, 2.0, 9.0],
        "c": [64.0, -2.0, None, 2.0, 1.0],
    }, strict=False)
    assert highlight_css(numeric) == [
        ["", "", B, L],
        ["", L, B, ""],
        ["", "", "", ""],
        ["", "", "", ""],
        ["", B, B, L],
    ]


def test_no_units_gives_empty_styles():
    assert highlight_css(pl.DataFrame({"row": ["total"]})) == [[""]]

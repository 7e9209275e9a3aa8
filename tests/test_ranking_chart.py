"""The ranking chart's stems: they start just below the lowest score, so the last unit has a
stem too (it started at the lowest score, and the last unit looked as if it had no score)."""
from __future__ import annotations

import polars as pl
import pytest

from doisanh import charts


def _frame(values: list[float]) -> pl.DataFrame:
    n = len(values)
    return pl.DataFrame({"label": [f"{i + 1}. U{i}" for i in range(n)], "value": values,
                         "rank_in_peers": list(range(1, n + 1)), "is_illustrative": [False] * n,
                         "unit_code": [f"{i:02d}" for i in range(n)], "value_text": [str(v) for v in values]})


@pytest.mark.parametrize("values,start", [
    ([70.0, 62.0, 50.0], 49.0),          # a twentieth of the range (20) below the lowest
    ([80.37], 80.37 - 80.37 / 20),       # one unit: a twentieth of its score
    ([0.0, 0.0], -1.0),                  # nothing to scale by
    ([-2.0, -4.0], -4.1),                # scores below zero (a change in points)
])
def test_stems_start_below_the_lowest_score(values, start):
    assert charts.axis_start(pl.Series(values)) == pytest.approx(start)


def test_every_unit_has_a_stem_in_the_chart():
    df = _frame([70.0, 62.0, 50.0])
    spec = charts.ranking_bars(df, value_title="Điểm", status_title="S", published_label="Công bố",
                               illustrative_label="Minh họa").to_dict()
    [rows] = spec["datasets"].values()
    assert all(r["value"] - r["axis_start"] > 0 for r in rows), rows
    rule = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "rule")
    assert (rule["encoding"]["x"]["field"], rule["encoding"]["x2"]["field"]) == ("axis_start", "value")


def test_no_scores_no_stems():
    assert charts.axis_start(pl.Series([None], dtype=pl.Float64)) == 0.0


def test_the_legend_lists_its_entries_one_under_the_other():
    df = _frame([70.0, 62.0, 50.0]).with_columns(is_illustrative=pl.Series([False, True, True]))
    spec = charts.ranking_bars(df, value_title="Điểm", status_title="S", published_label="Công bố",
                               illustrative_label="Minh họa").to_dict()
    legend = spec["layer"][0]["encoding"]["color"]["legend"]
    assert legend == {"orient": "bottom", "direction": "vertical"}

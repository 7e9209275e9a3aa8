"""ui/memo.py: frames keyed by content (values, order, types, nulls), results shared and bounded."""
from __future__ import annotations

import polars as pl

from ui.memo import fingerprint, memo

A = pl.DataFrame({"x": [1.0, 2.0], "s": ["a", None], "l": [["a"], []]})


def test_equal_content_same_key_and_any_difference_another():
    assert fingerprint(A) == fingerprint(A.clone())
    assert fingerprint(A) != fingerprint(A.reverse())                     # row order
    assert fingerprint(A) != fingerprint(A.with_columns(pl.col("x") + 1e-12))
    assert fingerprint(A) != fingerprint(A.with_columns(pl.col("s").fill_null("")))  # null vs ""
    assert fingerprint(A) != fingerprint(A.rename({"x": "y"}))             # column names
    assert fingerprint(pl.DataFrame({"x": [1]})) != fingerprint(pl.DataFrame({"x": [1.0]}))  # types
    assert fingerprint((A, "vi")) != fingerprint((A, "en"))


def test_memo_shares_results_and_stays_bounded():
    calls = []

    @memo(maxsize=2)
    def label(df: pl.DataFrame, lang: str) -> pl.DataFrame:
        calls.append(lang)
        return df.with_columns(pl.lit(lang).alias("lang"))

    first = label(A, "vi")
    assert label(A.clone(), "vi") is first and calls == ["vi"]   # same content: no second call
    label(A, "en")
    label(A.reverse(), "vi")
    assert label.size() == 2
    label(A, "vi")                                                  # evicted as the oldest
    assert calls == ["vi", "en", "vi", "vi"]


def test_a_frame_is_hashed_once_while_it_lives():
    from ui import memo as m
    df = pl.DataFrame({"x": [1, 2, 3]})
    first = fingerprint(df)
    assert id(df) in m._known and fingerprint(df) == first
    key = id(df)
    del df
    import gc
    gc.collect()
    assert key not in m._known


def test_rows_and_lists_are_keyed_by_content():
    row = {"unit_code": "74", "value": 79.92, "rank_in_peers": 9, "rating_vi": None}
    assert fingerprint(row) == fingerprint(dict(reversed(list(row.items()))))   # key order
    assert fingerprint(row) != fingerprint({**row, "value": 79.93})
    assert fingerprint(row) != fingerprint({**row, "rating_vi": ""})
    assert fingerprint({"a": A}) == fingerprint({"a": A.clone()})
    assert fingerprint({"a": A}) != fingerprint({"a": A.reverse()})
    assert fingerprint([1, 2]) != fingerprint((1, 2)) and fingerprint([1, 2]) == fingerprint([1, 2])
    hash(fingerprint({"r": row, "l": [row, None]}))

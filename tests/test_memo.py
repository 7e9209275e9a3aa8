"""ui/memo.py: frames keyed by content (values, order, types, nulls), results shared and bounded."""
from __future__ import annotations

import polars as pl
import pytest

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


def test_bounded_computes_once_for_threads_asking_together_and_keeps_no_failure():
    import threading
    import time

    from ui.memo import Bounded
    cache, calls = Bounded(maxsize=2), []

    def slow():
        calls.append(1)
        time.sleep(0.2)
        return "v"

    threads = [threading.Thread(target=lambda: cache.get("k", slow)) for _ in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert calls == [1] and cache.get("k", slow) == "v"

    def boom():
        raise RuntimeError("query interrupted")

    for _ in range(2):
        with pytest.raises(RuntimeError):
            cache.get("bad", boom)
    assert cache.get("bad", lambda: "later") == "later"        # the failure was not kept
    cache.get("third", lambda: 3)
    assert len(cache) == 2                                      # bounded: "k" went first


def test_shared_results_are_dropped_with_streamlits_cache():
    import streamlit as st

    from ui import data
    calls = []

    @data.shared(maxsize=4)
    def answer(name, codes=None):
        calls.append((name, codes))
        return pl.DataFrame({"n": [len(calls)]})

    first = answer("x", codes=["01", "02"])
    assert answer("x", codes=["01", "02"]) is first and len(calls) == 1   # lists are keys too
    assert answer("x", codes=["02", "01"]) is not first
    st.cache_resource.clear()
    assert answer("x", codes=["01", "02"]) is not first and len(calls) == 3

"""The long versions of the fuzz and fault tests (tests/test_fuzz.py, tests/test_faults.py run
the short ones on the fixture snapshot), on the shipped commune-scale snapshot:

- fuzz: arbitrary query strings (tests/hostile.py) on every page of the navigation through
  AppTest; none may raise or make a query fail;
- fault: the slow query of tests/hostile.py, on the app's own connection and time limit, while
  other sessions' queries run on the same connection: it is interrupted near the limit, the
  others all succeed, and the connection answers afterwards;
- fault: a damaged snapshot file (truncated, not parquet, missing, wrong columns) is named on
  the page in one message, with no traceback.

Each function returns rows for benchmarks/bench.py's table: (name, value, unit, target).
"""
from __future__ import annotations

import os
import shutil
import statistics
import threading
import time
from pathlib import Path

import streamlit as st
from hypothesis import HealthCheck, given, settings
from streamlit.testing.v1 import AppTest

from doisanh import snapshot, sql
from doisanh.i18n import t
from tests.hostile import DAMAGES, PAGES, QUERIES, SLOW_SQL, damage

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
Row = tuple[str, float, str, str | None]


def _clear() -> None:
    st.cache_resource.clear()
    st.cache_data.clear()


def fuzz(examples_per_page: int) -> list[Row]:
    failed_query = t("query_error", "vi")
    tried, broken, samples = 0, 0, []

    def on_page(page: str):
        @settings(max_examples=examples_per_page, deadline=None, database=None, derandomize=False,
                  suppress_health_check=list(HealthCheck))
        @given(QUERIES)
        def run(query):
            nonlocal tried, broken
            tried += 1
            at = AppTest.from_file(APP, default_timeout=120)
            at.query_params.update(query)
            at.switch_page(page).run()
            if at.exception or failed_query in [e.value for e in at.error]:
                broken += 1
                samples.append((page, query))
        return run

    for page in PAGES:
        on_page(page)()
    for page, query in samples[:3]:
        print(f"  fuzz failure: {page} {query!r}")
    return [("fuzz: query strings tried on every page (AppTest)", tried, "", None),
            ("fuzz: runs with an exception or a failed query", broken, "", "== 0")]


def slow_query(tmp: Path, *, other_sessions: int = 4) -> list[Row]:
    from ui import data
    queries_dir = tmp / "queries"
    shutil.copytree(sql.QUERIES_DIR, queries_dir)
    (queries_dir / "slow.sql").write_text(SLOW_SQL, encoding="utf-8")
    limit = data.query_timeout()
    data.connection()                               # loaded before the clock starts
    params = dict(era="pre2025", level="commune", index_id="i766", year=2024, province_code=None,
                  region_code=None, parent_code=None, peer_codes=None,
                  with_illustrative=True)
    times: list[float] = []
    failures: list[str] = []
    stop = threading.Event()

    def other_session() -> None:
        while not stop.is_set():
            t0 = time.perf_counter()
            try:
                data.run_with_timeout("ranking", params)
                times.append(time.perf_counter() - t0)
            except Exception as e:  # any failure of another session counts against the target
                failures.append(f"{type(e).__name__}: {e}")

    threads = [threading.Thread(target=other_session) for _ in range(other_sessions)]
    for th in threads:
        th.start()
    t0 = time.perf_counter()
    interrupted = False
    try:
        data.run_with_timeout("slow", {"n": 10_000_000}, queries_dir=queries_dir)
    except data.QueryTimeout:
        interrupted = True
    elapsed = time.perf_counter() - t0
    stop.set()
    for th in threads:
        th.join(timeout=30)
    after = data.run_with_timeout("regions", {}).height
    return [
        (f"fault: slow query interrupted (limit {limit:g} s)", 100.0 * interrupted, "%", "== 100"),
        ("fault: slow query stopped after", elapsed, "s", f"< {limit + 1:g}"),
        (f"fault: other sessions' queries meanwhile ({other_sessions} threads)", len(times), "", None),
        ("fault: other sessions' queries that failed", len(failures), "", "== 0"),
        ("fault: other sessions' query p50 meanwhile", 1000 * statistics.median(times) if times else 0,
         "ms", None),
        ("fault: the connection answers afterwards", 100.0 * (after > 0), "%", "== 100"),
    ]


def damaged_snapshot(tmp: Path) -> list[Row]:
    kinds = DAMAGES
    named = 0
    old = os.environ.get("DOISANH_DATA_DIR")
    try:
        for kind in kinds:
            d = tmp / ("snap-" + kind.replace(" ", "-"))
            shutil.copytree(snapshot.DATA_DIR, d)
            name = damage(d, kind)
            os.environ["DOISANH_DATA_DIR"] = str(d)
            _clear()
            at = AppTest.from_file(APP, default_timeout=120).run()
            msgs = [e.value for e in at.error]
            ok = (not at.exception and len(msgs) == 1 and name in msgs[0] and "Traceback" not in msgs[0])
            named += ok
            if not ok:
                print(f"  damaged snapshot ({kind}): {msgs} {[e.value for e in at.exception]}")
    finally:
        if old is None:
            os.environ.pop("DOISANH_DATA_DIR", None)
        else:
            os.environ["DOISANH_DATA_DIR"] = old
        _clear()
    return [(f"fault: damaged snapshot files named on the page ({len(kinds)} kinds)",
             100.0 * named / len(kinds), "%", "== 100")]

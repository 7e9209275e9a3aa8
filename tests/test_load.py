"""Load (short version; the benchmark runs the long one): 50 concurrent sessions over the real
websocket of one `streamlit run` server on 127.0.0.1, then the Python heap after the sessions
are gone. And what a session leaves behind: small plain values in its state, no open cursor,
nothing that keeps its state alive once it is dropped."""
from __future__ import annotations

import asyncio
import gc
import pickle
import time
import weakref
from dataclasses import is_dataclass
from datetime import date
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from benchmarks import stclient as sc
from doisanh import db, snapshot
from tests import fixture

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
TTL = 2   # --server.disconnectedSessionTTL for the test server (config ships 60)
VIEWS = [("xep-hang", "index=par&year=2020"), ("", "unit=02&index=par&year=2020"),
         ("so-sanh", "compare=01,02,08&index=par&year=2020"), ("xep-hang", "index=i766&year=2023"),
         ("muc-tieu", "unit=01&index=par&year=2020")]
# every page at fixture values: (page file, query) for AppTest
PAGE_VIEWS = [("pages/profile.py", {"unit": "02", "index": "par", "year": "2020"}),
              ("pages/compare.py", {"compare": "01,02,08", "index": "par", "year": "2020"}),
              ("pages/ranking.py", {"index": "i766", "year": "2023"}),
              ("pages/whatif.py", {"unit": "01", "index": "par", "year": "2020"})]


def _run_async(coro):
    """asyncio.run on a thread of its own: earlier browser tests leave an event loop set on the
    main thread (Playwright's sync API), where asyncio.run refuses to start."""
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def _server(tmp: Path, *, heap: Path | None = None) -> sc.Server:
    snapshot.write_all(fixture.frames(), tmp / "snap")
    env = {"DOISANH_DATA_DIR": str(tmp / "snap")}
    if heap is not None:
        env["DOISANH_TRACEMALLOC"] = str(heap)
    srv = sc.Server(APP, log_path=tmp / "server.log", env=env,
                    args=("--server.fileWatcherType", "none", "--server.disconnectedSessionTTL", str(TTL)))
    srv.start()
    return srv


async def _settle(srv: sc.Server, heap: Path) -> dict:
    """Wait for the disconnected sessions' TTL, let one more tab come and go (Streamlit drops
    expired sessions when it stores the next one), then read the heap written after that."""
    await asyncio.sleep(TTL + 1)
    await sc.touch(srv.ws_url, timeout=30)
    return await asyncio.to_thread(sc.read_heap, heap, newer_than=time.time() + 0.2)


async def _warm(srv: sc.Server) -> None:
    for page, query in VIEWS:
        r = await sc.touch(srv.ws_url, page, query, timeout=60)
        if r.page_not_found:    # streamlit/streamlit#9992: the first session may see it
            r = await sc.touch(srv.ws_url, page, query, timeout=60)
        assert r.ok, (page, query, r.status, r.exceptions, r.errors, srv.log())


def test_50_concurrent_sessions(tmp_path, capsys):
    """Latency and memory, on a server as deployed (no tracing)."""
    srv = _server(tmp_path)
    try:
        async def scenario():
            await _warm(srv)
            rss0 = srv.rss_mib()
            res = await sc.load(srv.ws_url, VIEWS, sessions=50, seconds=6, think=0.5, timeout=60)
            return res, srv.rss_mib() - rss0

        res, growth = _run_async(asyncio.wait_for(scenario(), 90))
    finally:
        srv.stop()
    first95 = sc.percentile(res.first_render, 95) if res.first_render else float("inf")
    with capsys.disabled():
        print(f"\n  load: {res.succeeded}/{res.sessions} sessions, first render p95 {first95:.2f} s, "
              f"{len(res.reruns)} reruns p50 {sc.percentile(res.reruns, 50):.2f} s "
              f"p95 {sc.percentile(res.reruns, 95):.2f} s, RSS growth {growth:.0f} MB")
    assert res.succeeded == res.sessions == 50, res.failures[:3]
    assert first95 < 5
    assert growth < 100


def test_heap_returns_to_baseline_after_50_sessions_and_the_ttl(tmp_path, capsys):
    """The Python heap (tracemalloc inside the server, DOISANH_TRACEMALLOC) once 50 sessions
    have come and gone and their disconnected-session TTL has passed."""
    heap = tmp_path / "heap.json"
    srv = _server(tmp_path, heap=heap)
    try:
        async def scenario():
            await _warm(srv)
            base = await _settle(srv, heap)
            res = await sc.load(srv.ws_url, VIEWS, sessions=50, seconds=3, think=0.5, timeout=60)
            return base, res, await _settle(srv, heap)

        base, res, after = _run_async(asyncio.wait_for(scenario(), 120))
    finally:
        srv.stop()
    with capsys.disabled():
        print(f"\n  heap: {base['current'] / 2**20:.1f} MiB before, {after['current'] / 2**20:.1f} MiB after "
              f"50 sessions and the TTL")
    assert res.succeeded == 50, res.failures[:3]
    assert after["current"] <= 1.10 * base["current"]


# ------------------------------------------------------------------------------ per-session resources
def _visit_every_page(at: AppTest) -> None:
    for page, query in PAGE_VIEWS:
        at.query_params.clear()
        at.query_params.update(query)
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])


_PLAIN = (str, int, float, bool, type(None), date)


def _plain(v, depth: int = 0) -> bool:
    if isinstance(v, _PLAIN):
        return True
    if isinstance(v, (list, tuple, set, frozenset)):
        return depth < 4 and all(_plain(x, depth + 1) for x in v)
    if isinstance(v, dict):
        return depth < 4 and all(_plain(k, depth + 1) and _plain(x, depth + 1) for k, x in v.items())
    if is_dataclass(v) and type(v).__module__.startswith("doisanh."):
        return all(_plain(getattr(v, f), depth + 1) for f in v.__dataclass_fields__)
    return False


def test_a_session_keeps_only_small_plain_values(fixture_env):
    at = AppTest.from_file(APP, default_timeout=60)
    _visit_every_page(at)
    state = {k: at.session_state[k] for k in at.session_state if not k.startswith("$$")}
    assert state, "the pages keep their widget values"
    heavy = {k: type(v).__name__ for k, v in state.items() if not _plain(v)}
    assert not heavy, heavy                          # no frames, connections, cursors
    assert len(pickle.dumps(state)) < 20_000


class _SpyConnection:
    """The app's connection, counting the cursors handed out."""

    def __init__(self, con):
        self.con, self.cursors = con, []

    def cursor(self):
        c = self.con.cursor()
        self.cursors.append(c)
        return c


def test_every_cursor_is_closed_after_its_query(fixture_env, monkeypatch):
    from ui import data
    spy = _SpyConnection(db.open_snapshot(fixture_env))
    monkeypatch.setattr(data, "connection", lambda: spy)
    at = AppTest.from_file(APP, default_timeout=60)
    _visit_every_page(at)
    assert len(spy.cursors) >= 10
    for c in spy.cursors:
        with pytest.raises(duckdb.ConnectionException):
            c.execute("SELECT 1")
    spy.con.close()


class _Probe:
    """Something a session holds (as imported data would be), to see when it is freed."""


def test_a_dropped_session_is_freed(fixture_env):
    at = AppTest.from_file(APP, default_timeout=60)
    probe = _Probe()
    at.session_state["probe"] = probe
    _visit_every_page(at)
    refs = [weakref.ref(probe), weakref.ref(at.session_state["_state"]),   # the app's State (doisanh.state)
            weakref.ref(at._session_state)]
    del at, probe
    for _ in range(3):
        gc.collect()
    assert [r() for r in refs] == [None, None, None]   # nothing process-wide keeps a session's state


# ------------------------------------------------------------------------------ rerun-cost fixes keep the output
def _two_charts() -> None:
    import polars as pl
    import streamlit as st
    from doisanh import charts
    from ui import plot
    df = pl.DataFrame({"label": ["1. A", "2. B"], "value": [80.0, 70.5], "rank_in_peers": [1, 2],
                       "is_illustrative": [False, True], "unit_code": ["01", "02"], "value_text": ["80", "70,5"]})
    kw = dict(value_title="Điểm", status_title="S", published_label="P", illustrative_label="I")
    st.altair_chart(charts.localized(charts.ranking_bars(df, **kw), "vi"), width="stretch")
    plot.show("ranking_bars", df, lang="vi", **kw)
    plot.show("ranking_bars", df, lang="vi", **kw)          # the second time from the cache


def test_cached_chart_spec_draws_what_altair_chart_draws():
    """ui/plot.py uses Streamlit's own conversion (streamlit is pinned): same spec, same data,
    the same Vietnamese number locale."""
    at = AppTest.from_function(_two_charts, default_timeout=30).run()
    assert not at.exception
    a, b, c = (ch.proto for ch in at.get("vega_lite_chart"))
    import json
    assert json.loads(a.spec) == json.loads(b.spec) == json.loads(c.spec)
    assert json.loads(a.spec)["config"]["locale"]["number"]["decimal"] == ","
    assert [d.data.data for d in a.datasets] == [d.data.data for d in b.datasets] == [d.data.data for d in c.datasets]


def test_texts_keeps_nulls_like_map_elements():
    import polars as pl
    from doisanh import fmt
    s = pl.Series("v", [1.5, None, 2.25])
    out = fmt.texts(s, lambda v: fmt.num(v, 1, "vi"))
    assert out.to_list() == ["1,5", None, "2,3"] and out.dtype == pl.String and out.name == "v"

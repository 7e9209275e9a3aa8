"""The benchmark: `make bench` (python -m benchmarks.bench [--quick]).

Dataset: the shipped snapshot under data/ — commune scale already (10,035 pre-2025 and 3,321
post-2025 communes, 696 districts, every index, component and year: 948k observations), the
same files the app serves. Everything runs in one go on this machine, loopback only:

1. queries: every file of queries/ at province, district and commune level on the app's own
   locked DuckDB connection (a cursor per call, as ui/data.py does): median time; for ranking,
   breakdown, histogram, compare and trend also a plain pandas version of the same comparison
   (benchmarks/pandas_ref.py, same process, same data) and the ratio pandas / DuckDB
   (target at commune level: DuckDB at least 3x faster);
2. AppTest: a page rerun at each level as a ratio to an empty script's rerun (target <= 10x at
   commune level);
3. a real `streamlit run` server on 127.0.0.1 driven over its websocket (benchmarks/stclient.py):
   cold start (process start to the first full page) against an empty app; rerun latency as a
   ratio to an empty script served the same way (target <= 2x); bytes sent per rerun (target
   < 50 KB for province and district views); 50 concurrent sessions for a minute (all succeed,
   p95 first render < 5 s, memory growth < 100 MB); peak RSS (target < 600 MiB); and the
   floor of each province page: a stand-in sending the same elements with none of our work
   (benchmarks/floor.py), as a ratio to the empty script;
4. a second server with DOISANH_TRACEMALLOC and a short disconnected-session TTL: after 50
   sessions come and go, the Python heap is back within 10% of its baseline;
5. the long fuzz and fault runs (benchmarks/robust.py): fuzzed query strings on every page, a
   slow query interrupted while other sessions' queries go on, damaged snapshot files named;
6. uploads (benchmarks/uploads.py): three files of 190,000 rows uploaded at once, parsed in
   bounded child processes as the app does: the server's peak RSS growth (target < 150 MB) and
   what is left after (target < 30 MB), beside the same parses in the server's own process.

Prints a table and writes benchmarks/results/latest.json: [{name, value, unit, target, met}].
The empty script of (2) and (3) imports `ui` only, so that it is served over the same transport
as the app (TCP_NODELAY, ui/net.py); the raw Streamlit floor is reported as well.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import operator
import os
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import polars as pl  # noqa: E402

from benchmarks import floor, pandas_ref  # noqa: E402
from benchmarks import stclient as sc  # noqa: E402
from doisanh import catalog, db, snapshot, sql  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "latest.json"
ERA, INDEX, YEAR = "pre2025", "i766", 2024          # the index with components at all three levels
LEVELS = ("province", "district", "commune")
PAGE_OF = {"ranking": "xep-hang", "profile": "", "compare": "so-sanh"}
SERVER_ARGS = ("--server.fileWatcherType", "none")
_OPS = {"<=": operator.le, ">=": operator.ge, "<": operator.lt, ">": operator.gt, "==": operator.eq}


@dataclass
class Row:
    name: str
    value: float
    unit: str
    target: str | None = None
    met: bool | None = None


ROWS: list[Row] = []


def record(name: str, value: float, unit: str, target: str | None = None) -> Row:
    met = None
    if target is not None:
        op, limit = target.split()
        met = bool(_OPS[op](value, float(limit)))
    row = Row(name, round(float(value), 4), unit, target, met)
    ROWS.append(row)
    print(f"  {name:<58} {row.value:>10g} {unit:<6} {target or '':<8} {'' if met is None else met}",
          flush=True)
    return row


def median_time(fn, *, min_runs: int = 5, max_runs: int = 40, budget: float = 1.5) -> float:
    """Median wall time of fn() in seconds (one warm-up call, then until budget or max_runs)."""
    fn()
    times: list[float] = []
    start = time.perf_counter()
    while len(times) < min_runs or (len(times) < max_runs and time.perf_counter() - start < budget):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


# ------------------------------------------------------------------------------ 1. queries
def units_of(con, level: str, era: str = ERA) -> list[str]:
    cur = con.cursor()
    try:
        df = sql.run(cur, "ranking", era=era, level=level, index_id=INDEX, year=YEAR if era == ERA else 2025,
                     province_code=None, region_code=None, parent_code=None, peer_codes=None, with_illustrative=True)
    finally:
        cur.close()
    return df["unit_code"].head(5).to_list()


def params_for(name: str, level: str, picks: dict, post_picks: dict) -> dict | None:
    """Parameters of queries/<name>.sql at `level` (None: the query does not apply)."""
    wanted = sql.load(name).params
    if name == "reconstructed":
        if level == "district":
            return None
        return dict(index_id=INDEX, level=level, unit_code=post_picks[level][0], weighting="population",
                    with_illustrative=True)
    top = picks[level]
    pool = dict(era=ERA, level=level, index_id=INDEX, year=YEAR, province_code=None, region_code=None,
                parent_code=None, peer_codes=None, unit_code=top[0], unit_codes=top, bins=30, k=10,
                basis="profile", weighting="population", year_from=2015, year_to=2024,
                with_illustrative=True)   # the pandas versions compare every figure
    return {k: pool[k] for k in wanted}


def bench_queries(quick: bool) -> None:
    print("1. queries (median; pandas / DuckDB for the five with a pandas version)")
    cat = catalog.load()
    con = db.open_snapshot(snapshot.DATA_DIR, cat)
    picks = {lv: units_of(con, lv) for lv in LEVELS}
    post_picks = {lv: units_of(con, lv, "post2025") for lv in ("province", "commune")}
    pdata = pandas_ref.load(snapshot.DATA_DIR, catalog.component_table(cat).to_pandas())

    def duck(name, p):
        def run():
            cur = con.cursor()
            try:
                return sql.run(cur, name, **p)
            finally:
                cur.close()
        return run

    budget = 0.4 if quick else 1.5
    for name in sql.available():
        per_level = "level" in sql.load(name).params
        for level in (LEVELS if per_level else ("all",)):
            p = params_for(name, level, picks, post_picks) if per_level else params_for(name, "province", picks,
                                                                                           post_picks)
            if p is None:
                continue
            t_duck = median_time(duck(name, p), budget=budget)
            record(f"query {name} {level}: DuckDB median", t_duck * 1000, "ms")
            if name in pandas_ref.FUNCTIONS:
                fn = pandas_ref.FUNCTIONS[name]
                kw = {k: v for k, v in p.items() if k in fn.__code__.co_varnames}
                _same_numbers(name, duck(name, p)(), fn(pdata, **kw))
                t_pd = median_time(lambda fn=fn, kw=kw: fn(pdata, **kw), budget=budget)
                record(f"query {name} {level}: pandas median", t_pd * 1000, "ms")
                record(f"query {name} {level}: pandas / DuckDB", t_pd / t_duck, "x",
                       ">= 3" if level == "commune" else None)
    con.close()


def _same_numbers(name: str, duck_df: pl.DataFrame, pd_df) -> None:
    """Both versions must give the same main numbers (else the ratio compares different work)."""
    col = {"ranking": "value", "breakdown": "peer_median", "histogram": "n_units", "compare": "value",
           "trend": "value"}[name]
    a = sorted(v for v in duck_df[col].to_list() if v is not None)
    b = sorted(float(v) for v in pd_df[col].tolist() if v == v and v is not None)
    if len(a) != len(b) or any(abs(x - y) > 1e-9 for x, y in zip(a, b)):
        raise AssertionError(f"pandas and DuckDB disagree on {name}.{col}: {a[:5]} vs {b[:5]}")


# ------------------------------------------------------------------------------ 2. AppTest
# the pages are measured in the illustrative mode (illustrative=1): there every unit of every level
# has a figure and each page is at its fullest (i766 2024 has no published figure: without the
# mode these views are the short "nothing published" page)
MODE = "illustrative=1"


def apptest_views(picks: dict) -> list[tuple[str, str, dict]]:
    mode = dict([MODE.split("=")])
    views = [("ranking", lv, {"index": INDEX, "year": str(YEAR), "level": lv, **mode}) for lv in LEVELS]
    views += [("profile", lv, {"unit": picks[lv][0], "index": INDEX, "year": str(YEAR), **mode})
              for lv in LEVELS]
    return views


def bench_apptest(picks: dict, quick: bool) -> None:
    import streamlit as st
    from streamlit.testing.v1 import AppTest
    print("2. AppTest reruns (median) against an empty script")
    os.environ.pop("DOISANH_DATA_DIR", None)
    st.cache_data.clear()
    st.cache_resource.clear()
    budget = 0.5 if quick else 2.0

    def rerun_time(at) -> float:
        def run():
            at.run()
            if at.exception:
                raise RuntimeError(at.exception[0].value)
        return median_time(run, budget=budget)

    empty = AppTest.from_string("import ui  # noqa: F401\n", default_timeout=60)
    empty.run()
    t_empty = rerun_time(empty)
    record("apptest empty script rerun", t_empty * 1000, "ms")
    for page, level, q in apptest_views(picks):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.query_params.update(q)
        at.switch_page(f"pages/{page}.py").run()
        if at.exception:
            raise RuntimeError(at.exception[0].value)
        t = rerun_time(at)
        record(f"apptest {page} {level} rerun", t * 1000, "ms")
        record(f"apptest {page} {level} rerun / empty", t / t_empty, "x",
               "<= 10" if level == "commune" else None)


# ------------------------------------------------------------------------------ 3. servers
def server_views(picks: dict) -> dict[str, tuple[str, str]]:
    v = {f"ranking {lv}": (PAGE_OF["ranking"], f"index={INDEX}&year={YEAR}&level={lv}&{MODE}") for lv in LEVELS}
    v |= {f"profile {lv}": (PAGE_OF["profile"], f"unit={picks[lv][0]}&index={INDEX}&year={YEAR}&{MODE}")
          for lv in LEVELS}
    v["compare province"] = (PAGE_OF["compare"],
                             f"compare={','.join(picks['province'])}&index={INDEX}&year={YEAR}&{MODE}")
    return v


async def _first_page(srv: sc.Server, page: str, query: str) -> sc.Render:
    r = await sc.touch(srv.ws_url, page, query, timeout=120)
    if r.page_not_found:   # streamlit/streamlit#9992: the first session of a server may see it
        r = await sc.touch(srv.ws_url, page, query, timeout=120)
    if not r.ok:
        raise RuntimeError(f"{page}?{query}: {r.status} {r.exceptions} {r.errors}\n{srv.log()}")
    return r


def _cold_start(script: Path, tmp: Path, page: str, query: str, env: dict) -> float:
    srv = sc.Server(script, log_path=tmp / f"cold-{script.stem}.log", env=env, args=SERVER_ARGS)
    try:
        srv.start()
        asyncio.run(_first_page(srv, page, query))
        return time.perf_counter() - srv.started_at
    finally:
        srv.stop()


async def _rerun_median(srv: sc.Server, page: str, query: str, n: int) -> tuple[float, int, int]:
    s = await sc.Session.open(srv.ws_url, page=page, query=query)
    try:
        first = await s.render(timeout=120)
        times, sizes = [], []
        for _ in range(n):
            r = await s.render(timeout=60)
            if not r.ok:
                raise RuntimeError(f"{page}?{query}: {r.status} {r.exceptions} {r.errors}")
            times.append(r.seconds)
            sizes.append(r.bytes)
        return statistics.median(times), int(statistics.median(sizes)), first.bytes
    finally:
        await s.close()


def bench_servers(picks: dict, tmp: Path, quick: bool, load_seconds: float) -> None:
    print("3. streamlit run on 127.0.0.1 over the websocket")
    env = {"PYTHONPATH": str(ROOT)}
    env.pop("DOISANH_DATA_DIR", None)
    os.environ.pop("DOISANH_DATA_DIR", None)
    empty = tmp / "empty_app.py"
    empty.write_text("import ui  # noqa: F401  (same transport as the app: TCP_NODELAY, ui/net.py)\n")
    raw = tmp / "raw_empty_app.py"
    raw.write_text("")
    views = server_views(picks)
    n = 5 if quick else 40        # reruns per view: the median of 15 moved by ±0.1x between runs

    # cold start: process start until the first full page
    cold_empty = _cold_start(empty, tmp, "", "", env)
    cold_app = _cold_start(ROOT / "app.py", tmp, *views["ranking commune"], env)
    record("cold start: empty app (start to first page)", cold_empty, "s")
    record("cold start: app, ranking commune (start to first page)", cold_app, "s")
    record("cold start: app / empty", cold_app / cold_empty, "x")

    # rerun latency of an empty script (same transport), and Streamlit's own floor without it
    with sc.Server(empty, log_path=tmp / "empty.log", env=env, args=SERVER_ARGS) as srv:
        asyncio.run(_first_page(srv, "", ""))
        t_empty, _, _ = asyncio.run(_rerun_median(srv, "", "", n * 2))
    with sc.Server(raw, log_path=tmp / "raw.log", env=env, args=SERVER_ARGS) as srv:
        t_raw, _, _ = asyncio.run(_rerun_median(srv, "", "", n))
    record("ws rerun: empty script (TCP_NODELAY as the app)", t_empty * 1000, "ms")
    record("ws rerun: empty script, Streamlit 1.67 as is (Nagle)", t_raw * 1000, "ms")

    with sc.Server(ROOT / "app.py", log_path=tmp / "app.log", env=env, args=SERVER_ARGS) as srv:
        for page, query in views.values():
            asyncio.run(_first_page(srv, page, query))
        shapes = {}
        for name, (page, query) in views.items():
            t, size, first_size = asyncio.run(_rerun_median(srv, page, query, n))
            level = name.split()[-1]
            record(f"ws rerun {name}", t * 1000, "ms")
            record(f"ws rerun {name} / empty", t / t_empty, "x", "<= 2")
            record(f"bytes per rerun {name}", size / 1000, "KB", "< 50" if level != "commune" else None)
            record(f"bytes first render {name}", first_size / 1000, "KB")
            if level == "province":
                shapes[name] = asyncio.run(floor.shape(srv.ws_url, page, query))

        rss0 = srv.rss_mib()
        res = asyncio.run(sc.load(srv.ws_url, list(views.values()), sessions=50, seconds=load_seconds,
                                  think=0.5, timeout=120))
        rss1 = srv.rss_mib()
        _load_rows(f"load 50 sessions x {load_seconds:g} s", res, rss1 - rss0)
        record("peak RSS of the server (commune-scale data, after the load)", srv.peak_rss_mib(), "MiB", "< 600")

    # the floor: the same elements with none of our work (benchmarks/floor.py)
    for name, (elements, blocks) in shapes.items():
        stand_in = tmp / f"floor_{name.replace(' ', '_')}.py"
        stand_in.write_text(floor.script(elements, blocks))
        with sc.Server(stand_in, log_path=tmp / f"{stand_in.stem}.log", env=env, args=SERVER_ARGS) as srv:
            asyncio.run(_first_page(srv, "", ""))
            t, _, _ = asyncio.run(_rerun_median(srv, "", "", n))
        record(f"ws rerun: same elements as {name} ({sum(elements.values())} + {blocks} blocks),"
               " no work of ours / empty", t / t_empty, "x")


def _load_rows(label: str, res: sc.LoadResult, growth: float) -> None:
    for f in res.failures[:5]:
        print("    failure:", f)
    record(f"{label}: sessions succeeded", 100 * res.success_rate, "%", "== 100")
    if res.first_render:
        record(f"{label}: first render p50", sc.percentile(res.first_render, 50), "s")
        record(f"{label}: first render p95", sc.percentile(res.first_render, 95), "s", "< 5")
    if res.reruns:
        record(f"{label}: reruns", len(res.reruns), "")
        record(f"{label}: rerun p50", sc.percentile(res.reruns, 50), "s")
        record(f"{label}: rerun p95", sc.percentile(res.reruns, 95), "s")
    record(f"{label}: server memory growth (RSS)", growth, "MB", "< 100")


# ------------------------------------------------------------------------------ 4. heap after TTL
def bench_heap(picks: dict, tmp: Path, seconds: float) -> None:
    print("4. Python heap (tracemalloc inside the server) after 50 sessions and the session TTL")
    heap = tmp / "heap.json"
    ttl = 3
    env = {"PYTHONPATH": str(ROOT), "DOISANH_TRACEMALLOC": str(heap)}
    views = list(server_views(picks).values())
    args = (*SERVER_ARGS, "--server.disconnectedSessionTTL", str(ttl))
    with sc.Server(ROOT / "app.py", log_path=tmp / "heap.log", env=env, args=args) as srv:
        base = asyncio.run(heap_cycle(srv, heap, views, ttl, sessions=0, seconds=0))
        after = asyncio.run(heap_cycle(srv, heap, views, ttl, sessions=50, seconds=seconds))
    record("heap baseline (after warm-up)", base["current"] / 2**20, "MiB")
    record(f"heap after 50 sessions x {seconds:g} s and the TTL", after["current"] / 2**20, "MiB")
    record("heap after the TTL vs baseline", 100 * (after["current"] / base["current"] - 1), "%", "<= 10")


async def heap_cycle(srv: sc.Server, heap: Path, views, ttl: float, *, sessions: int, seconds: float) -> dict:
    """Open every view once (or run the load), let the sessions go, wait the TTL, then one more
    tab comes and goes (Streamlit drops expired sessions when it stores the next one); returns
    the heap statistics written after that."""
    if sessions:
        res = await sc.load(srv.ws_url, views, sessions=sessions, seconds=seconds, think=0.5, timeout=120)
        if res.failures:
            raise RuntimeError(f"{len(res.failures)} sessions failed: {res.failures[:3]}")
    else:
        for page, query in views:
            await _first_page(srv, page, query)
    await asyncio.sleep(ttl + 1)
    await sc.touch(srv.ws_url)
    return await asyncio.to_thread(sc.read_heap, heap, newer_than=time.time() + 0.2)


# ------------------------------------------------------------------------------ main
def bench_robustness(tmp: Path, quick: bool) -> None:
    """The long fuzz and fault runs (benchmarks/robust.py)."""
    from benchmarks import robust
    print("5. robustness: fuzzed URLs on every page, a slow query among others, damaged snapshots")
    for rows in (robust.fuzz(5 if quick else 60), robust.slow_query(tmp), robust.damaged_snapshot(tmp)):
        for name, value, unit, target in rows:
            record(name, value, unit, target)


def bench_uploads(quick: bool) -> None:
    """Server memory while uploads near the limits are parsed (benchmarks/uploads.py)."""
    from benchmarks import uploads
    print("6. uploads: server memory with the parse in a bounded child process, and in-process before")
    for row in uploads.run(quick):      # (name, value, unit) or (name, value, unit, target)
        record(*row)


def print_table(rows: list[Row]) -> None:
    w = max(len(r.name) for r in rows)
    print()
    print(f"| {'name':<{w}} | {'value':>10} | unit | target | met |")
    print(f"|{'-' * (w + 2)}|{'-' * 12}|------|--------|-----|")
    for r in rows:
        met = "" if r.met is None else ("yes" if r.met else "NO")
        print(f"| {r.name:<{w}} | {r.value:>10g} | {r.unit:<4} | {r.target or '':<6} | {met:<3} |")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="fewer repetitions and a 10 s load (a smoke run)")
    ap.add_argument("--out", type=Path, default=RESULTS)
    args = ap.parse_args(argv)
    load_seconds = 10.0 if args.quick else 60.0
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="doisanh-bench-") as d:
        tmp = Path(d)
        con = db.open_snapshot(snapshot.DATA_DIR)
        picks = {lv: units_of(con, lv) for lv in LEVELS}
        con.close()
        bench_queries(args.quick)
        bench_apptest(picks, args.quick)
        bench_servers(picks, tmp, args.quick, load_seconds)
        bench_heap(picks, tmp, 10.0 if args.quick else 20.0)
        bench_robustness(tmp, args.quick)
        bench_uploads(args.quick)
    print_table(ROWS)
    missed = [r.name for r in ROWS if r.met is False]
    print(f"\n{len(ROWS)} measurements in {time.perf_counter() - t0:.0f} s; "
          f"{sum(r.met is True for r in ROWS)} targets met, {len(missed)} missed")
    for m in missed:
        print("  missed:", m)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp_out = args.out.with_suffix(".json.tmp")
    tmp_out.write_text(json.dumps([asdict(r) for r in ROWS], ensure_ascii=False, indent=1) + "\n")
    os.replace(tmp_out, args.out)
    print(f"written {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

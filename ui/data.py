"""Cached access to the snapshot: one DuckDB connection per process, bounded query caches.

Nothing here is kept per session: every query runs on a cursor of its own, closed when the
query ends. A query that runs longer than DOISANH_QUERY_TIMEOUT seconds (default 2) is
interrupted on its own cursor (other sessions' queries go on) and raises QueryTimeout, which
the pages show as a message.

Query results (Polars frames) are shared, not copied: bounded caches keyed by (query,
parameters) — `shared` below: a ui.memo.Bounded per function, all of them held by one argument-
free st.cache_resource, so st.cache_resource.clear() drops them and a lookup costs a dict
access (st.cache_resource hashed every argument with Streamlit's hasher, ~0.13 ms a call and
a dozen calls a rerun). st.cache_data unpickles a copy for every caller, and each session kept
its copies alive (a download button's deferred data holds its frame): measured with 50 sessions
on the commune-scale snapshot, the server grew by ~180 MB with copies, ~40 MB shared. Polars
frames are never modified in place here (tests/test_security.py checks for in-place calls);
the name lookups are read-only mappings (types.MappingProxyType), shared the same way —
st.cache_data unpickled a copy of each on every call, several times a rerun.
"""
from __future__ import annotations

import contextlib
import functools
import gc
import json
import os
import threading
import time
import tracemalloc
from pathlib import Path
from types import MappingProxyType

import duckdb
import polars as pl
import streamlit as st

from doisanh import catalog, db, names, snapshot, sql
from ui.memo import Bounded

DEFAULT_QUERY_TIMEOUT = 2.0


class QueryTimeout(RuntimeError):
    """A query ran past the time limit and was interrupted."""

    def __init__(self, name: str, seconds: float):
        super().__init__(f"query {name} interrupted after {seconds:g} s")
        self.name = name
        self.seconds = seconds


def data_dir() -> str | Path:
    """The snapshot location: data/, or DOISANH_DATA_DIR set by a deployer or a test — a folder
    or the URL of a published snapshot (https://, s3://)."""
    return snapshot.location(os.environ.get("DOISANH_DATA_DIR", snapshot.DATA_DIR))


def query_timeout() -> float:
    try:
        return max(0.05, float(os.environ.get("DOISANH_QUERY_TIMEOUT", DEFAULT_QUERY_TIMEOUT)))
    except ValueError:
        return DEFAULT_QUERY_TIMEOUT


@st.cache_resource(show_spinner=False)
def connection():
    """The process-wide in-memory DuckDB (read-only after load)."""
    return db.open_snapshot(data_dir())


@st.cache_resource(show_spinner=False)
def get_catalog() -> catalog.Catalog:
    return catalog.load()


def run_with_timeout(name: str, params: dict[str, object], *, timeout: float | None = None,
                     queries_dir: Path | None = None,
                     con: duckdb.DuckDBPyConnection | None = None) -> pl.DataFrame:
    """Run queries/<name>.sql on a cursor of its own (or on `con`, a session's overlay
    connection, left open); a timer interrupts it after `timeout` s."""
    timeout = query_timeout() if timeout is None else timeout
    cur = connection().cursor() if con is None else con
    lock = threading.Lock()           # the timer never touches a cursor being closed

    def interrupt() -> None:
        with lock, contextlib.suppress(duckdb.Error):
            cur.interrupt()

    timer = threading.Timer(timeout, interrupt)
    timer.daemon = True
    timer.start()
    try:
        return sql.run(cur, name, queries_dir=queries_dir, **params)
    except duckdb.InterruptException as e:
        raise QueryTimeout(name, timeout) from e
    finally:
        timer.cancel()
        if con is None:
            with lock:
                cur.close()


@st.cache_resource(show_spinner=False)
def _store() -> dict[str, Bounded]:
    """The shared results of this module, one bounded cache per function."""
    return {}


def _frozen(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


def params_key(params: dict[str, object]) -> tuple:
    """A hashable key of query parameters (str, int, None, or lists of them)."""
    return tuple(sorted((k, _frozen(v)) for k, v in params.items()))


def shared(maxsize: int):
    """Decorator: results shared by every session, keyed by the arguments (str, int, None, or
    lists of them), the last `maxsize` kept; computed once even when sessions ask together."""
    def wrap(fn):
        name = fn.__module__ + "." + fn.__qualname__

        @functools.wraps(fn)
        def call(*args: object, **kwargs: object):
            store = _store()
            cache = store.get(name)
            if cache is None:                  # an empty Bounded is falsy: test for None
                cache = store.setdefault(name, Bounded(maxsize))
            key = (tuple(_frozen(a) for a in args), params_key(kwargs))
            return cache.get(key, lambda: fn(*args, **kwargs))
        return call
    return wrap


@shared(maxsize=512)
def query(name: str, **params: object) -> pl.DataFrame:
    """Run queries/<name>.sql (time-limited, own cursor) on the shipped snapshot, unit names as
    displayed (`displayed`); results shared by every session, cached by (name, params). This
    module knows nothing of a session: which figures a session sees (published, its own
    imported, illustrative) is chosen in ui.imports, which calls down to here — never the other
    way."""
    return displayed(name, params, run_with_timeout(name, params))


# queries whose unit names reach the screen: their name_vi / name_en become the display names
# (doisanh.names.display_names: a namesake carries its type and province), once per result
NAMED_QUERIES = frozenset({"ranking", "neighbours", "compare", "map_values", "trend", "lineage",
                           "district_successors"})


def displayed(name: str, params: dict[str, object], df: pl.DataFrame) -> pl.DataFrame:
    """A query result with the display names of its units (NAMED_QUERIES only)."""
    if name not in NAMED_QUERIES:
        return df
    era = params.get("era")
    if name == "district_successors":
        era, level = "post2025", "commune"
    else:
        level = params.get("level")
    return names.with_display(df, display_frame(), era=era if isinstance(era, str) else None,
                              level=level if isinstance(level, str) else None)


@shared(maxsize=1)
def display_frame() -> pl.DataFrame:
    """The display name of every unit of both eras (doisanh.names.display_names)."""
    units = pl.concat([query("units", era=era, level=lv, province_code=None)
                       for era, lv in (("pre2025", "province"), ("pre2025", "district"),
                                       ("pre2025", "commune"), ("pre2025", "ministry"),
                                       ("post2025", "province"), ("post2025", "commune"))],
                      how="vertical_relaxed")
    return names.display_names(units)


def display_name(era: str, level: str, code: str, lang: str) -> str | None:
    """The display name of one unit (None if the registry has no such unit)."""
    return _display_lookup(era, lang).get((level, code))


@shared(maxsize=4)
def _display_lookup(era: str, lang: str) -> MappingProxyType[tuple[str, str], str]:
    df = display_frame().filter(pl.col("era") == era)
    col = "display_en" if lang == "en" else "display_vi"
    return MappingProxyType(dict(zip(zip(df["level"], df["unit_code"]), df[col])))


@shared(maxsize=4)
def units_frame(era: str) -> pl.DataFrame:
    """Every unit of an era (all levels), for search and name lookups."""
    levels = ("province", "district", "commune") if era == "pre2025" else ("province", "commune")
    frames = [query("units", era=era, level=lv, province_code=None).with_columns(
        pl.lit(lv).alias("level"), pl.lit(era).alias("era")) for lv in levels]
    return pl.concat(frames, how="vertical_relaxed")


def _names(df: pl.DataFrame, code: str, vi: str, en: str) -> MappingProxyType[str, MappingProxyType[str, str]]:
    """{"vi": code → name, "en": code → name}, read-only."""
    return MappingProxyType({"vi": MappingProxyType(dict(zip(df[code], df[vi]))),
                             "en": MappingProxyType(dict(zip(df[code], df[en])))})


@shared(maxsize=4)
def province_names(era: str) -> MappingProxyType[str, MappingProxyType[str, str]]:
    return _names(query("units", era=era, level="province", province_code=None), "unit_code", "name_vi", "name_en")


@shared(maxsize=2)
def region_names() -> MappingProxyType[str, MappingProxyType[str, str]]:
    return _names(query("regions"), "region_code", "region_vi", "region_en")


@shared(maxsize=64)
def successor(era: str, unit_code: str) -> pl.DataFrame:
    return query("successors", era=era, unit_code=unit_code)


# ---------------------------------------------------------------- heap statistics (load tests)
# DOISANH_TRACEMALLOC=<file>: trace Python allocations from the first page run on, and every
# second (after a full garbage collection) write {"current", "peak", "time"} in bytes to <file>.
# Off unless a test or the benchmark sets the variable; nothing reaches the browser.

def _heap_writer(path: Path, interval: float) -> None:
    while True:
        gc.collect()
        current, peak = tracemalloc.get_traced_memory()
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps({"current": current, "peak": peak, "time": time.time()}))
        os.replace(tmp, path)
        time.sleep(interval)


def _start_heap_stats(path: str) -> None:
    tracemalloc.start()
    threading.Thread(target=_heap_writer, args=(Path(path), 1.0), name="doisanh-heap", daemon=True).start()


if os.environ.get("DOISANH_TRACEMALLOC") and not tracemalloc.is_tracing():
    _start_heap_stats(os.environ["DOISANH_TRACEMALLOC"])   # once per process: module import

"""Imported data of ONE session: accepted observations, their sources and the session's own
DuckDB built from the shipped snapshot plus them. Nothing here is shared between sessions:
it lives in st.session_state and is dropped with the session."""
from __future__ import annotations

import hashlib

import polars as pl
import streamlit as st

from doisanh import db, ingest, snapshot, sql

_KEY = "_import"  # {"obs": DataFrame, "sources": DataFrame, "files": [..], "dataset": str, "con": ...}


def active() -> dict | None:
    return st.session_state.get(_KEY)


def dataset_id() -> str:
    imp = active()
    return imp["dataset"] if imp else "shipped"


def add(obs: pl.DataFrame, sources: pl.DataFrame, file: str, shipped_dir) -> int:
    """Merge accepted rows into this session's imports (later files win on the same key) and
    rebuild the session's connection. Returns the number of imported rows held."""
    imp = active() or {"obs": ingest.result.empty_observations(),
                       "sources": ingest.result.empty_sources(), "files": []}
    key = ["era", "level", "unit_code", "index_id", "year", "component"]
    merged = pl.concat([imp["obs"].join(obs.select(key), on=key, how="anti", nulls_equal=True), obs],
                       how="vertical")
    srcs = pl.concat([imp["sources"], sources], how="vertical").unique("source_id", keep="last")
    frames = ingest.merge_frames(_shipped(str(shipped_dir)), merged, sources=srcs)
    digest = hashlib.sha1(merged.write_csv().encode("utf-8")).hexdigest()[:12]
    old = imp.get("con")
    st.session_state[_KEY] = {"obs": merged, "sources": srcs, "files": [*imp["files"], file],
                              "dataset": "import-" + digest, "con": db.connect(frames),
                              "cache": {}}
    if old is not None:
        old.close()
    return merged.height


def clear() -> None:
    imp = st.session_state.pop(_KEY, None)
    if imp and imp.get("con") is not None:
        imp["con"].close()


def query(name: str, **params) -> pl.DataFrame:
    """Run a query on this session's own connection (small per-session cache)."""
    imp = active()
    cache = imp["cache"]
    key = (name, tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items())))
    if key not in cache:
        if len(cache) > 64:
            cache.clear()
        cur = imp["con"].cursor()
        try:
            cache[key] = sql.run(cur, name, **params)
        finally:
            cur.close()
    return cache[key]


@st.cache_resource(show_spinner=False, max_entries=1)
def _shipped(data_dir: str) -> dict[str, pl.DataFrame]:
    """The shipped frames, read once per process (read-only; merges copy what they change)."""
    from pathlib import Path
    return snapshot.read_all(Path(data_dir))

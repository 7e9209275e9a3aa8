"""Imported data of ONE session: accepted observations, their sources, and the session's own
connection to the shared database on which they overlay the shipped tables (doisanh.db.overlay:
TEMP tables and views only this connection sees; nothing of the snapshot is copied). Nothing
here is shared between sessions: it lives in st.session_state and is dropped with the session
(the connection, and with it the TEMP objects, is closed by clear() or when it is collected)."""
from __future__ import annotations

import hashlib

import polars as pl
import streamlit as st

from doisanh import db, ingest
from ui.memo import Bounded

_KEY = "_import"  # {"obs": DataFrame, "sources": DataFrame, "files": [..], "dataset": str, "con": ...}


def active() -> dict | None:
    return st.session_state.get(_KEY)


def dataset_id() -> str:
    imp = active()
    return imp["dataset"] if imp else "shipped"


def add(obs: pl.DataFrame, sources: pl.DataFrame, file: str) -> int:
    """Merge accepted rows into this session's imports (later files win on the same key) and
    rebuild the session's overlay. Returns the number of imported rows held."""
    from ui import data
    imp = active() or {"obs": ingest.result.empty_observations(),
                       "sources": ingest.result.empty_sources(), "files": []}
    key = ["era", "level", "unit_code", "index_id", "year", "component"]
    merged = pl.concat([imp["obs"].join(obs.select(key), on=key, how="anti", nulls_equal=True), obs],
                       how="vertical")
    srcs = pl.concat([imp["sources"], sources], how="vertical").unique("source_id", keep="last")
    overlay_obs, overlay_src = ingest.prepare(merged, srcs)
    digest = hashlib.sha1(merged.write_csv().encode("utf-8")).hexdigest()[:12]
    old = imp.get("con")
    st.session_state[_KEY] = {"obs": merged, "sources": srcs, "files": [*imp["files"], file],
                              "dataset": "import-" + digest,
                              "con": db.overlay(data.connection(), overlay_obs, overlay_src),
                              "cache": Bounded(64)}
    if old is not None:
        old.close()
    return merged.height


def clear() -> None:
    imp = st.session_state.pop(_KEY, None)
    if imp and imp.get("con") is not None:
        imp["con"].close()


def query(name: str, **params) -> pl.DataFrame:
    """Run a query on this session's overlay connection, time-limited like every query
    (small per-session cache)."""
    from ui import data
    imp = active()
    return imp["cache"].get((name, data.params_key(params)),
                            lambda: data.run_with_timeout(name, params, con=imp["con"]))

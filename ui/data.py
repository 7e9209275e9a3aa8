"""Cached access to the snapshot: one DuckDB connection per process, bounded query caches."""
from __future__ import annotations

import os
from pathlib import Path

import polars as pl
import streamlit as st

from doisanh import catalog, db, snapshot, sql



def data_dir() -> Path:
    """The snapshot folder: data/, or DOISANH_DATA_DIR set by a deployer or a test."""
    return Path(os.environ.get("DOISANH_DATA_DIR", snapshot.DATA_DIR))


@st.cache_resource(show_spinner=False)
def connection():
    """The process-wide in-memory DuckDB (read-only after load)."""
    return db.open_snapshot(data_dir())


@st.cache_resource(show_spinner=False)
def get_catalog() -> catalog.Catalog:
    return catalog.load()


@st.cache_data(max_entries=512, show_spinner=False)
def query(name: str, **params: object) -> pl.DataFrame:
    """Run queries/<name>.sql on a fresh cursor; results cached by (name, params)."""
    cur = connection().cursor()
    try:
        return sql.run(cur, name, **params)
    finally:
        cur.close()


@st.cache_data(max_entries=8, show_spinner=False)
def source_titles() -> dict[str, tuple[str, str]]:
    df = query("sources")
    return {r["source_id"]: (r["title"], r["url"]) for r in df.iter_rows(named=True)}

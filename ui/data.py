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


@st.cache_data(max_entries=4, show_spinner=False)
def units_frame(era: str) -> pl.DataFrame:
    """Every unit of an era (all levels), for search and name lookups."""
    levels = ("province", "district", "commune") if era == "pre2025" else ("province", "commune")
    frames = [query("units", era=era, level=lv, province_code=None).with_columns(
        pl.lit(lv).alias("level"), pl.lit(era).alias("era")) for lv in levels]
    return pl.concat(frames, how="vertical_relaxed")


@st.cache_data(max_entries=4, show_spinner=False)
def province_names(era: str) -> dict[str, dict[str, str]]:
    df = query("units", era=era, level="province", province_code=None)
    return {"vi": dict(zip(df["unit_code"], df["name_vi"])),
            "en": dict(zip(df["unit_code"], df["name_en"]))}


@st.cache_data(max_entries=2, show_spinner=False)
def region_names() -> dict[str, dict[str, str]]:
    df = query("regions")
    return {"vi": dict(zip(df["region_code"], df["region_vi"])),
            "en": dict(zip(df["region_code"], df["region_en"]))}


@st.cache_data(max_entries=64, show_spinner=False)
def successor(era: str, unit_code: str) -> pl.DataFrame:
    return query("successors", era=era, unit_code=unit_code)

"""In-memory DuckDB holding the snapshot as materialised, sorted tables.

Polars reads the parquet files; each frame becomes a real DuckDB table (CREATE TABLE AS,
sorted), never a registered view: querying a registered frame was 5x slower at commune
scale. The catalog is loaded as tables too. The connection is then locked down: no file
or network access, configuration frozen. Each Streamlit session queries through its
own `con.cursor()`.
"""
from __future__ import annotations

from pathlib import Path

import duckdb
import polars as pl

from doisanh import catalog as catalog_mod
from doisanh import snapshot

# identifiers of the tables we create: a fixed whitelist, never user input
_CATALOG_TABLES = ("components", "bands", "indices")


def _materialise(con: duckdb.DuckDBPyConnection, name: str, df: pl.DataFrame,
                 order: tuple[str, ...]) -> None:
    if name not in {t.name for t in snapshot.TABLES} | set(_CATALOG_TABLES):
        raise ValueError(f"unknown table {name!r}")
    con.register("_incoming", df.sort(list(order)) if order else df)
    # identifiers come from the whitelist above; DuckDB cannot bind identifiers
    con.execute("CREATE TABLE " + name + " AS SELECT * FROM _incoming")
    con.unregister("_incoming")


def connect(frames: dict[str, pl.DataFrame], cat: catalog_mod.Catalog | None = None,
            *, threads: int = 2, memory_limit: str = "1GB") -> duckdb.DuckDBPyConnection:
    cat = cat or catalog_mod.load()
    con = duckdb.connect(":memory:", config={"threads": threads, "memory_limit": memory_limit})
    for t in snapshot.TABLES:
        _materialise(con, t.name, frames[t.name], t.sort)
    _materialise(con, "components", catalog_mod.component_table(cat), ("index_id", "year_from", "ord"))
    _materialise(con, "bands", catalog_mod.band_table(cat), ("index_id",))
    _materialise(con, "indices", catalog_mod.index_table(cat), ("index_id",))
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
    return con


def open_snapshot(data_dir: Path = snapshot.DATA_DIR) -> duckdb.DuckDBPyConnection:
    return connect(snapshot.read_all(data_dir))

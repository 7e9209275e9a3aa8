"""DuckDB holding the snapshot as materialised, sorted, compressed tables in a read-only database.

Each snapshot table becomes a real DuckDB table (CREATE TABLE AS, sorted by the table's sort
keys), never a registered frame: querying a registered frame was 5x slower at commune scale.
The catalog is loaded as tables too. Measured on the commune-scale snapshot (948k observations):

- The tables are written once, at start, to a DuckDB file in a private temporary folder
  (mkdtemp, mode 0700), `snap.duckdb`; the writing connection checkpoints (compresses: 9 MB
  instead of 120 MB) and closes, the file is opened again with `read_only=True`, and the folder
  is removed at once: DuckDB reads the blocks through the descriptor it holds, on demand, into
  its buffer pool, after the lock-down below as well. `snap` is the database of the connection
  and the default catalog of every cursor, so every query reads `observations`, `units`, ...
  from any cursor. Against the former attached in-memory database (COMPRESS): peak RSS of a
  process opening the snapshot ~305 MiB instead of ~355 MiB; DuckDB holds 0.2 MiB after
  opening and 8.5 MiB once every table has been read (was 9 MiB from the start); queries as
  fast (old and new interleaved in one process: the same or up to ~15% faster); a fixture
  connection ~25 ms slower to build. Where TMPDIR is a tmpfs, the removed file's ~9 MB stay in
  RAM while the connection is open.
- Nothing can change the shared tables, from the connection or from any cursor: INSERT,
  UPDATE, DELETE, DROP, ALTER, CREATE [OR REPLACE] of any table, view, macro, schema or
  sequence fail ("attached in read-only mode"); ATTACH of a file fails (no file access), of
  ':memory:' too (a read-only instance refuses it); DETACH of `snap` fails (the default
  database). TEMP objects are the one writable place, and they belong to the cursor that made
  them (`overlay` relies on that). DuckDB 2.0 has no setting against two things, which stay
  open: `ATTACH ':memory:' (READ_WRITE)` (a scratch database, none of ours), and DETACH of `snap`
  by a cursor that first moves its search path away from it (`SET search_path = 'temp'`):
  the tables are then gone for every cursor until restart, unchanged. What stands in their way
  is that SQL reaches DuckDB only as the text of a file of queries/ (doisanh.sql).
  tests/test_readonly.py tries all of these.
- `open_snapshot(folder)`: DuckDB reads each local parquet file itself (after
  doisanh.snapshot.checked_file has checked it is there, is parquet and has the columns),
  casting every column to the type of doisanh.schema, in file order; it sorts only if the file
  was not sorted (write_all sorts every file). Reading through Polars and handing the frame to
  DuckDB over Arrow raised the peak memory by ~390 MiB, an ORDER BY while loading by ~300 MiB,
  DuckDB's own reader by ~125 MiB.
- `open_snapshot(url)` (https://, s3://): Polars reads the files (doisanh.snapshot.read_table),
  the frames are handed over; this costs more memory at start.
- `connect(frames)`: from Polars frames (tests, fixtures).

Then the connection is locked down: no file or network access, no extension installed or
loaded, bounded threads, memory and temporary disk (none), configuration frozen. Each
Streamlit session queries through its own `con.cursor()`.
"""
from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import duckdb
import polars as pl

from doisanh import catalog as catalog_mod
from doisanh import snapshot

# identifiers of the tables we create: a fixed whitelist, never user input
_CATALOG_TABLES = ("components", "bands", "indices")
_TABLES = {t.name: t for t in snapshot.TABLES}
TABLE_NAMES = (*_TABLES, *_CATALOG_TABLES)
STORE = "snap"   # the read-only database holding the tables: the default catalog of every cursor
_DUCKDB_TYPES = {pl.String: "VARCHAR", pl.Int16: "SMALLINT", pl.Int32: "INTEGER", pl.Int64: "BIGINT",
                 pl.Float64: "DOUBLE", pl.Boolean: "BOOLEAN", pl.Date: "DATE"}

# Resource bounds and lock-down. The bounds are set when each connection opens (DuckDB accepts
# some only then); the read-only connection is then locked down (the writing one needed
# external access to read the parquet files, and is closed by then): `SET ...` from any cursor
# fails afterwards.
THREADS = 2
MEMORY_LIMIT = "512MB"              # the commune-scale tables take ~10 MB compressed
MAX_TEMP_DIRECTORY_SIZE = "0B"      # never spill to disk: a query over the limit fails instead
_CONFIG = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "allow_unsigned_extensions": False,
}


def _check_name(name: str) -> None:
    if name not in TABLE_NAMES:
        raise ValueError(f"unknown table {name!r}")


def _materialise(con: duckdb.DuckDBPyConnection, name: str, df: pl.DataFrame,
                 order: tuple[str, ...]) -> None:
    _check_name(name)
    con.register("_incoming", df)
    # identifiers come from the whitelist above; DuckDB cannot bind identifiers
    con.execute("CREATE TABLE " + name + " AS SELECT * FROM _incoming"
                + (" ORDER BY " + ", ".join(order) if order else ""))
    con.unregister("_incoming")


def _load_parquet(con: duckdb.DuckDBPyConnection, table: snapshot.Table, data_dir: Path) -> None:
    """CREATE TABLE from the local parquet file with DuckDB's reader: columns and types of
    doisanh.schema, in file order, then sorted only if the file was not. Identifiers come from
    snapshot.TABLES and doisanh.schema; the path is a bound value."""
    _check_name(table.name)
    path = snapshot.checked_file(table, data_dir)
    cols = ", ".join(f"CAST({c} AS {_DUCKDB_TYPES[dt]}) AS {c}" for c, dt in table.schema.items())
    keys = ", ".join(table.sort)
    try:
        con.execute("CREATE TABLE " + table.name + " AS SELECT " + cols + " FROM read_parquet($path)",
                    {"path": str(path)})
        # rows out of order (a streaming window: no sort, little memory)
        unsorted = con.execute("SELECT count(*) FROM (SELECT row(" + keys + ") AS k, lag(row(" + keys
                               + ")) OVER () AS p FROM " + table.name + ") WHERE p IS NOT NULL"
                               " AND NOT coalesce(k >= p, false)").fetchall()[0][0]
        if unsorted:
            con.execute("CREATE OR REPLACE TABLE " + table.name + " AS SELECT * FROM " + table.name
                        + " ORDER BY " + keys)
    except duckdb.Error as e:
        raise snapshot.SnapshotError(path, f"cannot be read as parquet ({type(e).__name__}: {e})") from e
    con.execute("CHECKPOINT " + STORE)     # compress and write now: the next table reuses the memory


def _config(threads: int, memory_limit: str) -> dict:
    return {**_CONFIG, "threads": threads, "memory_limit": memory_limit,
            "max_temp_directory_size": MAX_TEMP_DIRECTORY_SIZE}


def _build(fill: Callable[[duckdb.DuckDBPyConnection], None], cat: catalog_mod.Catalog | None,
           threads: int, memory_limit: str) -> duckdb.DuckDBPyConnection:
    """Write the tables (`fill`, then the catalog's) to a database file in a private temporary
    folder, close it, open it again read-only, remove the folder, lock the connection down."""
    folder = Path(tempfile.mkdtemp(prefix="doisanh-"))        # mode 0700: ours alone
    path = str(folder / (STORE + ".duckdb"))                   # the file's stem names the catalog
    try:
        # a scratch file, read back at once: no fsync
        writer = duckdb.connect(path, config={**_config(threads, memory_limit), "fsync_mode": "none"})
        try:
            fill(writer)
            _load_catalog(writer, cat or catalog_mod.load())
        finally:
            writer.close()
        con = duckdb.connect(path, read_only=True, config=_config(threads, memory_limit))
    finally:
        # DuckDB holds the file open and reads it through that descriptor: nothing is left on disk
        shutil.rmtree(folder, ignore_errors=True)
    try:
        lock_down(con)
    except BaseException:
        con.close()
        raise
    return con


def _load_catalog(con: duckdb.DuckDBPyConnection, cat: catalog_mod.Catalog) -> None:
    _materialise(con, "components", catalog_mod.component_table(cat), ("index_id", "year_from", "ord"))
    _materialise(con, "bands", catalog_mod.band_table(cat), ("index_id",))
    _materialise(con, "indices", catalog_mod.index_table(cat), ("index_id",))
    con.execute("CHECKPOINT " + STORE)


def overlay(con: duckdb.DuckDBPyConnection, observations: pl.DataFrame,
            sources: pl.DataFrame) -> duckdb.DuckDBPyConnection:
    """A connection to the shared database on which `observations` and `sources` include ONE
    session's imported rows (doisanh.ingest.merge.prepare gives them), for that session alone.

    DuckDB's TEMP objects belong to the connection that creates them and are found before the
    shared (read-only) tables, so this connection reads the views below while every other
    connection keeps reading the shipped tables; nothing is copied but the imported rows. The rules are those of
    doisanh.ingest.merge.merge_frames: an imported row replaces the shipped row with the same
    key, and the shipped illustrative rows of every unit-year it touches are dropped
    (tests/test_overlay.py checks every session query answers the same both ways). Run the
    session's queries on this connection itself: its cursors would not see the overlay."""
    cur = con.cursor()
    try:
        cur.register("_imported_observations", observations)
        cur.register("_imported_sources", sources)
        cur.execute("CREATE TEMP TABLE imported_observations AS SELECT * FROM _imported_observations")
        cur.execute("CREATE TEMP TABLE imported_sources AS SELECT * FROM _imported_sources")
        cur.unregister("_imported_observations")
        cur.unregister("_imported_sources")
        cur.execute(
            "CREATE TEMP VIEW observations AS"
            " SELECT o.* FROM " + STORE + ".observations AS o"
            " WHERE NOT EXISTS (SELECT 1 FROM imported_observations AS i"
            "   WHERE i.era IS NOT DISTINCT FROM o.era AND i.level IS NOT DISTINCT FROM o.level"
            "     AND i.unit_code IS NOT DISTINCT FROM o.unit_code AND i.index_id IS NOT DISTINCT FROM o.index_id"
            "     AND i.year IS NOT DISTINCT FROM o.year AND i.component IS NOT DISTINCT FROM o.component)"
            " AND NOT (o.is_illustrative AND EXISTS (SELECT 1 FROM imported_observations AS i"
            "   WHERE i.era IS NOT DISTINCT FROM o.era AND i.level IS NOT DISTINCT FROM o.level"
            "     AND i.unit_code IS NOT DISTINCT FROM o.unit_code AND i.index_id IS NOT DISTINCT FROM o.index_id"
            "     AND i.year IS NOT DISTINCT FROM o.year))"
            " UNION ALL BY NAME SELECT * FROM imported_observations")
        cur.execute(
            "CREATE TEMP VIEW sources AS"
            " SELECT s.* FROM " + STORE + ".sources AS s"
            " WHERE s.source_id NOT IN (SELECT source_id FROM imported_sources)"
            " UNION ALL BY NAME SELECT * FROM imported_sources")
    except BaseException:
        cur.close()
        raise
    return cur


def lock_down(con: duckdb.DuckDBPyConnection) -> None:
    """No file or network access from now on, and no way to change any setting back."""
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")


def connect(frames: dict[str, pl.DataFrame], cat: catalog_mod.Catalog | None = None,
            *, threads: int = THREADS, memory_limit: str = MEMORY_LIMIT) -> duckdb.DuckDBPyConnection:
    """The locked connection over Polars frames (fixtures, or a snapshot read from a URL)."""
    def fill(con: duckdb.DuckDBPyConnection) -> None:
        for t in snapshot.TABLES:
            _materialise(con, t.name, frames[t.name], t.sort)
    return _build(fill, cat, threads, memory_limit)


def open_snapshot(data_dir: str | Path = snapshot.DATA_DIR, cat: catalog_mod.Catalog | None = None,
                  *, threads: int = THREADS, memory_limit: str = MEMORY_LIMIT) -> duckdb.DuckDBPyConnection:
    """The locked connection over the snapshot at `data_dir`: a local folder or a URL."""
    loc = snapshot.location(data_dir)
    if isinstance(loc, str):
        return connect(snapshot.read_all(loc), cat, threads=threads, memory_limit=memory_limit)

    def fill(con: duckdb.DuckDBPyConnection) -> None:
        for t in snapshot.TABLES:
            _load_parquet(con, t, loc)
    return _build(fill, cat, threads, memory_limit)

"""Parquet snapshots under data/: names, schemas, sort order, read and write.

The build (doisanh.build) writes them; the app reads them with `read_all`. A missing or
corrupt file raises SnapshotError naming the file, so the app can say which one.

A snapshot location is a local folder or the URL of a published folder (https://, http://,
s3://): Polars reads `<url>/<table>.parquet` directly, so several stateless replicas can serve
one published snapshot. Errors about a URL name the file but do not repeat the URL (it may
carry a signed query string).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from doisanh import schema

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
URL_SCHEMES = ("http://", "https://", "s3://")
log = logging.getLogger("doisanh")


@dataclass(frozen=True)
class Table:
    name: str
    schema: dict
    sort: tuple[str, ...]

    @property
    def file(self) -> str:
        return f"{self.name}.parquet"


TABLES = (
    Table("units", schema.UNITS, ("era", "level", "unit_code")),
    Table("crosswalk", schema.CROSSWALK, ("old_era", "old_level", "old_code", "new_code")),
    Table("regions", schema.REGIONS, ("region_code",)),
    # sorted by (index, era, level, year, unit): peer queries filter on the leading keys
    Table("observations", schema.OBSERVATIONS,
          ("index_id", "era", "level", "year", "unit_code", "component")),
    Table("aggregates", schema.AGGREGATES, ("index_id", "era", "level", "year", "scope")),
    Table("sources", schema.SOURCES, ("source_id",)),
    Table("indicators", schema.INDICATORS, ("year", "level", "unit_name", "indicator_vi")),
)


class SnapshotError(RuntimeError):
    """A snapshot file is missing, unreadable or does not match its schema."""

    def __init__(self, path: Path | str, reason: str):
        self.name = path.name if isinstance(path, Path) else str(path).split("?")[0].rstrip("/").rsplit("/", 1)[-1]
        super().__init__(f"{self.name}: {reason}")
        self.path = path
        self.reason = reason


def is_url(location: str | Path) -> bool:
    return isinstance(location, str) and location.startswith(URL_SCHEMES)


def location(data_dir: str | Path) -> str | Path:
    """A snapshot location as given (DOISANH_DATA_DIR): a URL stays a string, else a Path."""
    return str(data_dir) if is_url(str(data_dir)) else Path(data_dir)


def table_location(table: Table, data_dir: str | Path = DATA_DIR) -> str | Path:
    data_dir = location(data_dir)
    if isinstance(data_dir, str):
        base, _, query = data_dir.partition("?")
        return base.rstrip("/") + "/" + table.file + (f"?{query}" if query else "")
    return data_dir / table.file


def _unreadable(path: str | Path, e: BaseException) -> SnapshotError:
    if is_url(path):  # the URL may carry credentials: log it, show the file name only
        log.error("cannot read %s: %s: %s", path, type(e).__name__, e)
        if isinstance(e, FileNotFoundError):
            return SnapshotError(path, "file is missing at the snapshot URL")
        return SnapshotError(path, f"cannot be read from the snapshot URL ({type(e).__name__})")
    return SnapshotError(path, f"cannot be read as parquet ({type(e).__name__}: {e})")


def checked_file(table: Table, data_dir: Path = DATA_DIR) -> Path:
    """The local file of `table` after a cheap check (footer only, no data read): it exists,
    is parquet and has every column of the table's schema."""
    path = Path(data_dir) / table.file
    if not path.is_file():
        raise SnapshotError(path, "file is missing (run `make data` to build the snapshot)")
    try:
        columns = pl.read_parquet_schema(path)
    except Exception as e:  # polars raises several exception types for a bad file
        raise _unreadable(path, e) from e
    missing = [c for c in table.schema if c not in columns]
    if missing:
        raise SnapshotError(path, f"does not match the expected columns (missing {missing})")
    return path


def read_table(table: Table, data_dir: str | Path = DATA_DIR) -> pl.DataFrame:
    path = table_location(table, data_dir)
    if isinstance(path, Path) and not path.is_file():
        raise SnapshotError(path, "file is missing (run `make data` to build the snapshot)")
    try:
        df = pl.read_parquet(path)
    except Exception as e:  # polars raises several exception types for a bad file
        raise _unreadable(path, e) from e
    try:
        return schema.conform(df, table.schema, table.file)
    except (ValueError, pl.exceptions.PolarsError) as e:
        raise SnapshotError(path, f"does not match the expected columns ({e})") from e


def read_all(data_dir: str | Path = DATA_DIR) -> dict[str, pl.DataFrame]:
    return {t.name: read_table(t, data_dir) for t in TABLES}


def write_all(frames: dict[str, pl.DataFrame], data_dir: Path = DATA_DIR) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    for t in TABLES:
        df = schema.conform(frames[t.name], t.schema, t.file).sort(list(t.sort))
        df.write_parquet(data_dir / t.file, compression="zstd", statistics=True)

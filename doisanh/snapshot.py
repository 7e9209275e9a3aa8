"""Parquet snapshots under data/: names, schemas, sort order, read and write.

The build (doisanh.build) writes them; the app reads them with `read_all`. A missing or
corrupt file raises SnapshotError naming the file, so the app can say which one.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from doisanh import schema

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


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

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path.name}: {reason}")
        self.path = path
        self.reason = reason


def read_table(table: Table, data_dir: Path = DATA_DIR) -> pl.DataFrame:
    path = data_dir / table.file
    if not path.is_file():
        raise SnapshotError(path, "file is missing (run `make data` to build the snapshot)")
    try:
        df = pl.read_parquet(path)
    except Exception as e:  # polars raises several exception types for a bad file
        raise SnapshotError(path, f"cannot be read as parquet ({type(e).__name__}: {e})") from e
    try:
        return schema.conform(df, table.schema, table.file)
    except (ValueError, pl.exceptions.PolarsError) as e:
        raise SnapshotError(path, f"does not match the expected columns ({e})") from e


def read_all(data_dir: Path = DATA_DIR) -> dict[str, pl.DataFrame]:
    return {t.name: read_table(t, data_dir) for t in TABLES}


def write_all(frames: dict[str, pl.DataFrame], data_dir: Path = DATA_DIR) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    for t in TABLES:
        df = schema.conform(frames[t.name], t.schema, t.file).sort(list(t.sort))
        df.write_parquet(data_dir / t.file, compression="zstd", statistics=True)

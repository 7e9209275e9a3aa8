"""Imported observations on top of the shipped snapshot, for ONE session.

    frames = merge_frames(snapshot.read_all(), accepted, sources=result.sources)
    con = db.connect(frames)      # the session's own DuckDB; the shipped one is untouched

Rules:
- an imported row replaces the shipped row with the same (era, level, unit_code, index_id,
  year, component);
- for every unit-year the import touches (era, level, unit_code, index_id, year), the shipped
  ILLUSTRATIVE rows are dropped too: they were generated to fit the shipped total and would
  contradict an imported one; shipped published rows the import does not replace are kept;
- the import's SOURCES rows are added (an imported source_id replaces a shipped one of the
  same id); every other table is passed through unchanged (same objects).
Nothing is written anywhere: the result lives in the caller's session. The app applies the same
rules in SQL, as an overlay on the shared connection (doisanh.db.overlay, from `prepare`).
"""
from __future__ import annotations

import polars as pl

from doisanh.ingest.result import IMPORT_KIND, IMPORT_LICENCE, IMPORT_PREFIX
from doisanh.schema import OBSERVATIONS, SOURCES, conform

KEY = ["era", "level", "unit_code", "index_id", "year", "component"]
UNIT_YEAR = ["era", "level", "unit_code", "index_id", "year"]


def prepare(imported: pl.DataFrame, sources: pl.DataFrame | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The imported observations and their sources in the snapshot's schema (a source row is
    made for every imported source_id when none are given); rows sharing a key are refused."""
    imp = conform(imported, OBSERVATIONS, "imported observations")
    dup = imp.filter(pl.struct(KEY).is_duplicated())
    if dup.height:
        raise ValueError(f"imported observations: {dup.height} rows share a key\n{dup.head(5)}")
    src = sources if sources is not None else pl.DataFrame(
        [dict(source_id=s, title=f"Tệp nhập / imported file {s.removeprefix(IMPORT_PREFIX)}", url="",
              kind=IMPORT_KIND, licence=IMPORT_LICENCE)
         for s in sorted(set(imp["source_id"].drop_nulls()))], schema=SOURCES)
    return imp, conform(src, SOURCES, "imported sources")


def merge_frames(shipped: dict[str, pl.DataFrame], imported: pl.DataFrame, *,
                 sources: pl.DataFrame | None = None) -> dict[str, pl.DataFrame]:
    imp, src = prepare(imported, sources)
    obs = shipped["observations"]
    touched = imp.select(UNIT_YEAR).unique().with_columns(_touched=pl.lit(True))
    kept = (
        obs.join(imp.select(KEY), on=KEY, how="anti", nulls_equal=True)
        .join(touched, on=UNIT_YEAR, how="left", nulls_equal=True)
        .filter(~(pl.col("_touched").fill_null(False) & pl.col("is_illustrative")))
        .drop("_touched")
    )
    merged_obs = pl.concat([kept, imp], how="vertical")
    shipped_src = shipped["sources"].join(src.select("source_id"), on="source_id", how="anti")
    return {**shipped, "observations": merged_obs, "sources": pl.concat([shipped_src, src], how="vertical")}

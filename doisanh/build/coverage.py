"""How many headline cells of the snapshot hold a published figure.

A headline cell is (index, year, province): the `total` of one index for one province in one
year. It is *published* when the snapshot has that total with a value and
`is_illustrative = false`; a rank printed without its score does not count. Two eras:

- pre2025: the 63 provinces (Hà Tây only until 2008, so not in 2015–2024), 2015–2024, the six
  indices: 6 × 10 × 63 = 3,780 cells;
- post2025: the 34 provinces, 2024–2026 or to the last year of the data (DTI 2024 was
  published for the 34; 2026 is the Bộ chỉ số 766 of the portal).

`table` counts, `markdown` prints the index × year table with the overall share (the
opening table of data/BUILD_REPORT.md, also printed by `python -m doisanh.build`).
"""
from __future__ import annotations

import polars as pl

INDICES = ("par", "sipas", "i766", "dti", "pci", "papi")
ERA_YEARS = {"pre2025": range(2015, 2025), "post2025": range(2024, 2027)}
ERA_TITLES = {"pre2025": "63 provinces (before 1 July 2025)",
              "post2025": "34 provinces (from 1 July 2025)"}


def table(observations: pl.DataFrame, units: pl.DataFrame) -> pl.DataFrame:
    """One row per (era, index_id, year): `published` cells of `cells` (provinces valid that year)."""
    rows = []
    provinces = units.filter(pl.col("level") == "province")
    pub = (observations.filter((pl.col("level") == "province") & (pl.col("component") == "total")
                               & ~pl.col("is_illustrative") & pl.col("value").is_not_null())
           .select("era", "index_id", "year", "unit_code").unique())
    done: dict[tuple, set[str]] = {}
    for e, i, y, c in pub.iter_rows():
        done.setdefault((e, i, y), set()).add(c)
    for era, years in _years(observations).items():
        for y in years:
            codes = set(provinces.filter((pl.col("era") == era) & (
                pl.col("valid_to").is_null() | (pl.col("valid_to").dt.year() >= y)))["unit_code"].to_list())
            for ix in INDICES:
                rows.append({"era": era, "index_id": ix, "year": y, "cells": len(codes),
                             "published": len(codes & done.get((era, ix, y), set()))})
    return pl.DataFrame(rows, schema={"era": pl.String, "index_id": pl.String, "year": pl.Int16,
                                      "published": pl.Int64, "cells": pl.Int64})


def _years(observations: pl.DataFrame) -> dict[str, range]:
    """ERA_YEARS, the post-2025 range stretched to the last year a table brings (a deployer's
    next table shows in the count without a code change)."""
    last = observations.filter(pl.col("era") == "post2025")["year"].max()
    out = dict(ERA_YEARS)
    if last is not None and last >= out["post2025"].stop:
        out["post2025"] = range(out["post2025"].start, int(last) + 1)
    return out


def share(tbl: pl.DataFrame, era: str = "pre2025") -> tuple[int, int]:
    """(published, cells) over one era."""
    t = tbl.filter(pl.col("era") == era)
    return int(t["published"].sum()), int(t["cells"].sum())


def markdown(tbl: pl.DataFrame) -> str:
    """The coverage tables, one per era, index × year, with row totals and the overall share."""
    out = ["## Coverage: published headline figures (index × year)", ""]
    for era in ERA_YEARS:
        t = tbl.filter(pl.col("era") == era)
        years = sorted(set(t["year"].to_list()))
        if t.is_empty() or int(t["cells"].sum()) == 0:
            continue
        n_units = int(t["cells"].max())
        got, cells = share(tbl, era)
        out += [f"### {ERA_TITLES[era]}: {got} of {cells} cells published "
                f"({100 * got / cells:.1f} %)", "",
                "| index | " + " | ".join(str(y) for y in years) + " | total |",
                "|---|" + "---:|" * (len(years) + 1)]
        for ix in INDICES:
            r = t.filter(pl.col("index_id") == ix).sort("year")
            cells_ix = int(r["cells"].sum())
            out.append(f"| {ix} | " + " | ".join(str(v) for v in r["published"]) +
                       f" | {int(r['published'].sum())}/{cells_ix} |")
        out += ["", f"Each cell counts provinces with a published total (of {n_units}); "
                    "a rank printed without its score is not counted.", ""]
    return "\n".join(out)

"""Build the snapshot under data/ from ../shared (run: `python -m doisanh.build`).

`--add FILE.csv` (repeatable) reads one more published table (the columns of
../shared/data/published/*.csv) from wherever the deployer keeps it; only the figures
extracted from it reach data/ (each row with its source), never the file itself. The build
ends by printing the coverage table of published headline figures.

Steps: unit registry and crosswalk (vietnamadminunits) → published figures (official PCI
and PAPI workbooks, every table of shared/data/published/ and any --add table
(doisanh.build.published_tables), our transcription of the seed articles and of the
reference) → names resolved to GSO codes → one figure per fact by the stated rule →
illustrative values where nothing is published → parquet + SOURCES.md + BUILD_REPORT.md
(opening with the coverage table, doisanh.build.coverage); simplified province boundaries of
both eras → data/geo/*.geojson.
Reproducible: the same inputs give the same files.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import polars as pl

from doisanh import catalog, schema, snapshot
from doisanh.build import assemble, coverage, geo, pci_papi, published, published_tables, registry

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--out", type=Path, default=ROOT / "data")
    ap.add_argument("--add", type=Path, action="append", default=[], metavar="FILE.csv",
                    help="one more published table (same columns as shared/data/published/*.csv)")
    args = ap.parse_args(argv)
    if not (args.shared / "data").is_dir():
        print(f"error: {args.shared / 'data'} not found (the build reads ../shared/data)",
              file=sys.stderr)
        return 2
    for f in args.add:
        if not f.is_file():
            print(f"error: {f} not found (--add needs a published table, CSV)", file=sys.stderr)
            return 2
    cat = catalog.load()
    units = registry.build_units(args.shared)
    crosswalk = registry.build_crosswalk(units)
    regions = registry.build_regions(args.shared)
    geo_sizes = geo.build(units, args.shared, args.out / "geo")

    workbook = pl.concat([pci_papi.read_pci(args.shared), pci_papi.read_papi(args.shared)],
                         how="diagonal_relaxed")
    news, dropped = published_tables.read_published(cat, args.shared, tuple(args.add))
    transcribed = published.read_transcribed(ROOT / "build" / "published_figures.csv")
    result = assemble.assemble(cat, units, crosswalk, workbook=workbook, news=news,
                               transcribed=transcribed, dropped=dropped)

    indicators = published.read_indicators(ROOT / "build" / "published_indicators.csv")
    indicators = published.attach_source_ids(indicators.with_columns(
        pl.lit("seed").alias("source_kind")))
    sources = pl.concat(
        [pl.DataFrame(registry.registry_sources(), schema=schema.SOURCES),
         pl.DataFrame(geo.geo_sources(), schema=schema.SOURCES),
         result.sources, assemble.generated_sources(),
         published.published_sources(indicators)],
        how="vertical_relaxed",
    ).unique("source_id", keep="first", maintain_order=True)
    units_all = pl.concat([units, result.extra_units], how="vertical_relaxed")
    frames = {
        "units": units_all, "crosswalk": crosswalk, "regions": regions,
        "observations": result.observations, "aggregates": result.aggregates,
        "sources": sources, "indicators": indicators,
    }
    snapshot.write_all(frames, args.out)
    (args.out / "SOURCES.md").write_text(assemble.sources_markdown(frames["sources"]),
                                         encoding="utf-8")
    (args.out / "BUILD_REPORT.md").write_text(result.report, encoding="utf-8")
    obs = result.observations
    print(f"units {units_all.height}, observations {obs.height} "
          f"({int((~obs['is_illustrative']).sum())} published), "
          f"aggregates {result.aggregates.height}, sources {frames['sources'].height}")
    print("boundaries: " + ", ".join(f"{n} {b / 1024:.0f} KB" for n, b in geo_sizes.items()))
    print(f"problems: {result.n_problems} (see {args.out / 'BUILD_REPORT.md'})")
    print(coverage.markdown(coverage.table(obs, units_all)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

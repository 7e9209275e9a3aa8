"""Column schemas of every snapshot table, in one place.

Each table is written by the build (doisanh.build) and read by doisanh.snapshot.
"""
from __future__ import annotations

import polars as pl

ERAS = ("pre2025", "post2025")
LEVELS = ("province", "district", "commune", "ministry")

UNITS = {
    "era": pl.String,            # 'pre2025' (63 provinces, 3 levels) | 'post2025' (34, 2 levels)
    "level": pl.String,          # province | district | commune | ministry
    "unit_code": pl.String,      # GSO code: 2 digits province, 3 district, 5 commune
    "name_vi": pl.String,        # short Vietnamese name, NFC ("Thuận An")
    "full_name_vi": pl.String,   # with type ("Thành phố Thuận An")
    "name_en": pl.String,
    "search_key": pl.String,     # fold(full_name_vi) + ' ' + fold(name_vi) + code, for search
    "unit_type": pl.String,      # Tỉnh, Thành phố, Quận, Huyện, Thị xã, Phường, Xã, Thị trấn, Đặc khu
    "parent_code": pl.String,    # district for a pre-2025 commune, province for a district or post-2025 commune
    "province_code": pl.String,
    "region_code": pl.String,    # one of the six GSO socio-economic regions
    "valid_from": pl.Date,
    "valid_to": pl.Date,         # null while valid
    "lat": pl.Float64,
    "lon": pl.Float64,
    "area_km2": pl.Float64,      # null where no source gives it
    "population": pl.Int64,      # null where no source gives it
    "source_id": pl.String,
}

CROSSWALK = {
    "old_era": pl.String,
    "old_level": pl.String,
    "old_code": pl.String,
    "new_era": pl.String,
    "new_level": pl.String,
    "new_code": pl.String,
    "relation": pl.String,       # 'whole': all of the old unit went to new_code; 'partial': part of it
    "n_successors": pl.Int16,    # how many new units the old one went to (>1: split)
    "effective": pl.Date,        # 2025-07-01, or 2008-08-01 for Hà Tây → Hà Nội
    "source_id": pl.String,
}

OBSERVATIONS = {
    "era": pl.String,
    "level": pl.String,
    "unit_code": pl.String,
    "index_id": pl.String,       # par | sipas | i766 | dti | pci | papi
    "year": pl.Int16,
    "component": pl.String,      # 'total' or a component id of the catalog
    "value": pl.Float64,         # null where only a rank is published
    "published_rank": pl.Int32,  # rank as the publisher printed it, else null
    "is_illustrative": pl.Boolean,
    "method_version": pl.String,
    "source_id": pl.String,
}

AGGREGATES = {
    "era": pl.String,
    "level": pl.String,
    "index_id": pl.String,
    "year": pl.Int16,
    "component": pl.String,
    "scope": pl.String,          # 'national' or a region code
    "stat": pl.String,           # 'mean'
    "value": pl.Float64,
    "n_units": pl.Int32,         # how many units the statistic covers, if published
    "source_id": pl.String,
}

SOURCES = {
    "source_id": pl.String,
    "title": pl.String,
    "url": pl.String,            # page address, or repository path, or '' for generated
    "kind": pl.String,           # official | news | dataset | seed | reference | generated
    "licence": pl.String,
}

# Intermediate frame produced by each figure extractor of the build
# (published news table, seed transcription, PCI/PAPI readers). The build
# resolves duplicates between them and turns them into OBSERVATIONS/AGGREGATES.
FIGURES = {
    "index_id": pl.String,
    "year": pl.Int16,
    "era": pl.String,
    "level": pl.String,
    "unit_name": pl.String,      # as the source printed it (resolved to a code by doisanh.names)
    "unit_code": pl.String,      # null until resolved; null for national/regional statistics
    "scope": pl.String,          # null for a unit figure; 'national' or region code for a statistic
    "component": pl.String,
    "value": pl.Float64,
    "published_rank": pl.Int32,
    "rank_of": pl.Int32,         # n in "rank r of n" when printed
    "source_title": pl.String,
    "source_url": pl.String,
    "source_kind": pl.String,    # official | news | dataset | seed | reference
    "note": pl.String,
}


def conform(df: pl.DataFrame, schema: dict, table: str) -> pl.DataFrame:
    """Select and cast `df` to `schema`, raising ValueError naming the table and
    the missing columns."""
    missing = [c for c in schema if c not in df.columns]
    if missing:
        raise ValueError(f"{table}: missing columns {missing}")
    return df.select([pl.col(c).cast(t, strict=True) for c, t in schema.items()])

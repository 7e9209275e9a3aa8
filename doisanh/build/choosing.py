"""Published figures → one figure per fact: names resolved to codes, then the choice rule.

Split from doisanh.build.assemble (which calls `resolve` and `choose`; the rule is stated in
its docstring): ministries get codes of our own (M01…, sorted by name); among the rows of one
fact the workbooks win in their complete years, then a value over a rank only, then
official > dataset > seed > news > derived > reference, more decimals, a total its published
parts add up to, a printed rank.
"""
from __future__ import annotations

import math
from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING

import polars as pl

from doisanh import schema
from doisanh.build import published
from doisanh.catalog import Catalog
from doisanh.names import UnitResolver
from doisanh.text import fold, name_key

if TYPE_CHECKING:
    from doisanh.build.assemble import Report

MINISTRY_NAMES = "published_names"
KIND_PRIORITY = published.KIND_ORDER  # official > dataset > seed > news > derived > reference


# ---------------------------------------------------------------- resolution

def _ministry_units(figs: pl.DataFrame) -> tuple[pl.DataFrame, dict[str, str]]:
    names = (figs.filter(pl.col("level") == "ministry")["unit_name"].drop_nulls().unique()
             .sort().to_list())
    by_key: dict[str, str] = {}
    for nm in names:
        by_key.setdefault(name_key(nm), nm)
    codes = {k: f"M{i:02d}" for i, k in enumerate(sorted(by_key), start=1)}
    rows = [dict(era="pre2025", level="ministry", unit_code=codes[k], name_vi=by_key[k],
                 full_name_vi=by_key[k], name_en=fold(by_key[k]).title(),
                 search_key=f"{fold(by_key[k])} {codes[k]}", unit_type="Bộ, ngành",
                 parent_code=None, province_code=None, region_code=None,
                 valid_from=date(2008, 8, 1), valid_to=None, lat=None, lon=None, area_km2=None,
                 population=None, source_id=MINISTRY_NAMES) for k in sorted(by_key)]
    return pl.DataFrame(rows, schema=schema.UNITS), codes


def resolve(figs: pl.DataFrame, units: pl.DataFrame, report: Report
            ) -> tuple[pl.DataFrame, pl.DataFrame]:
    resolver = UnitResolver(units)
    extra, ministry_codes = _ministry_units(figs)
    codes: list[str | None] = []
    for r in figs.iter_rows(named=True):
        name, era, level = r["unit_name"], r["era"], r["level"]
        code = None
        if r.get("scope") or not name:
            codes.append(None)
            continue
        if level == "ministry":
            code = ministry_codes.get(name_key(name))
        elif level == "province":
            code = resolver.resolve(name, era=era, level="province")
        else:
            parent = r.get("parent_name")
            if level == "district":
                pc = resolver.resolve(parent, era=era, level="province") if parent else None
                code = resolver.resolve(name, era=era, level="district", province_code=pc)
            else:  # commune: parent is a district (pre-2025) or a province (post-2025)
                d = resolver.resolve(parent, era=era, level="district") if parent else None
                if d is not None:
                    code = resolver.resolve(name, era=era, level="commune", parent_code=d)
                else:
                    pc = resolver.resolve(parent, era=era, level="province") if parent else None
                    code = resolver.resolve(name, era=era, level="commune", province_code=pc)
        if code is None:
            report.add("!Unresolved names (figure not shipped)",
                       f"{r['index_id']} {r['year']} {level} '{name}'"
                       f" (parent '{r.get('parent_name') or ''}') from {r['source_title']}")
        codes.append(code)
    out = figs.with_columns(pl.Series("unit_code", codes, dtype=pl.String))
    keep = out.filter(pl.col("unit_code").is_not_null() | pl.col("scope").is_not_null())
    return keep, extra


# ---------------------------------------------------------------- choosing

def printed_decimals(v: float | None) -> int:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return -1
    s = repr(float(v))
    return 0 if s.endswith(".0") else len(s.split(".")[1])


def choose(figs: pl.DataFrame, cat: Catalog, report: Report) -> pl.DataFrame:
    """One row per fact, with the rule in this module's docstring."""
    key_cols = ("index_id", "year", "era", "level", "unit_code", "scope", "component")
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for r in figs.iter_rows(named=True):
        groups[tuple(r[c] for c in key_cols)].append(r)
    chosen = []
    part_sums = _part_sums(groups, cat)
    for key, rows in groups.items():
        ix = cat[key[0]] if key[0] in cat.ids else None
        complete = ix is not None and ix.is_complete(key[1])
        psum = part_sums.get(key[:5]) if key[6] == "total" and key[5] is None else None

        def prio(r: dict, complete: bool = complete, psum: float | None = psum) -> tuple:
            workbook_first = 0 if (complete and r["source_kind"] == "dataset") else 1
            off = psum is not None and r["value"] is not None and abs(r["value"] - psum) > 0.01
            return (workbook_first, r["value"] is None, KIND_PRIORITY.get(r["source_kind"], 9),
                    -printed_decimals(r["value"]), off, r["published_rank"] is None, r["source_id"])
        rows = sorted(rows, key=prio)
        best = dict(rows[0])
        best["pub_source_id"] = None
        if best["published_rank"] is None:
            ranked = [r for r in rows if r["published_rank"] is not None]
            if ranked:
                best["published_rank"] = ranked[0]["published_rank"]
                best["rank_of"] = ranked[0]["rank_of"]
                best["pub_source_id"] = ranked[0]["source_id"]
        if best["value"] is None:
            best["pub_source_id"] = best["source_id"]
        for r in rows[1:]:
            v0, v1 = best["value"], r["value"]
            differs = (v0 is not None and v1 is not None
                       and abs(v0 - v1) > 0.5 * 10 ** -min(printed_decimals(v0), printed_decimals(v1)) + 1e-9)
            rank_differs = (r["published_rank"] is not None and best["published_rank"] is not None
                            and r["published_rank"] != best["published_rank"])
            what = f"{key[0]} {key[1]} {key[3]} {key[4] or key[5]} {key[6]}"
            if differs or rank_differs:
                report.add("!Sources disagree (first kept)",
                           f"{what}: kept {v0} rank {best['published_rank']} "
                           f"({best['source_kind']}: {best['source_title'][:70]}); other "
                           f"{v1} rank {r['published_rank']} ({r['source_kind']}: "
                           f"{r['source_title'][:70]})")
            else:
                report.add("Duplicate figures (agree; first kept)",
                           f"{what}: {v0} ({best['source_kind']}) = {v1} ({r['source_kind']})")
        chosen.append(best)
    return pl.DataFrame(chosen, schema={**{c: figs.schema[c] for c in figs.columns},
                                        "pub_source_id": pl.String}, strict=False)


def _part_sums(groups: dict[tuple, list[dict]], cat: Catalog) -> dict[tuple, float]:
    """Weighted sum of the published parts per (index, year, era, level, unit) where every part
    of the version is published: the last tie-break before a printed rank prefers the total
    that its own parts add up to (PAPI 2020 Quảng Ninh: two news pages print 48.811 and
    48.881, rank 1 both; the eight dimensions add up to 48.8115)."""
    parts: dict[tuple, dict[str, float]] = defaultdict(dict)
    for key, rows in groups.items():
        vals = [r["value"] for r in rows if r["value"] is not None]
        if key[5] is None and key[6] != "total" and vals:
            parts[key[:5]][key[6]] = vals[0]
    out = {}
    for k, got in parts.items():
        try:
            version = cat[k[0]].version_for(k[1])
        except KeyError:
            continue
        if version.parts and all(p.id in got for p in version.parts):
            out[k] = sum(p.weight * got[p.id] for p in version.parts)
    return out

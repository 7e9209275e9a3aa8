"""Plain pandas versions of five queries (filter, then rank / aggregate), for the benchmark's
ratio: the same comparison the SQL file makes, written the way one would in pandas, on the same
snapshot loaded with pd.read_parquet. Peer filters are the whole level (as the benchmark runs
the SQL); the rating-band lookup of ranking.sql is left out, which only favours pandas.

Each function returns a DataFrame with the query's main output columns, so the benchmark can
check that both give the same numbers before timing them.
"""
from __future__ import annotations

import numpy as np
import pandas as pd


def load(data_dir, components: pd.DataFrame) -> dict[str, pd.DataFrame]:
    return {"observations": pd.read_parquet(data_dir / "observations.parquet"),
            "units": pd.read_parquet(data_dir / "units.parquet"),
            "crosswalk": pd.read_parquet(data_dir / "crosswalk.parquet"),
            "components": components}


def _totals(o: pd.DataFrame, index_id: str, era: str, level: str, year: int) -> pd.DataFrame:
    return o[(o.index_id == index_id) & (o.era == era) & (o.level == level) & (o.year == year)
             & (o.component == "total") & o.value.notna()]


def ranking(d, *, era, level, index_id, year) -> pd.DataFrame:
    u = d["units"]
    peers = u[(u.era == era) & (u.level == level)][
        ["unit_code", "name_vi", "name_en", "unit_type", "parent_code", "province_code", "region_code"]]
    t = _totals(d["observations"], index_id, era, level, year)[
        ["unit_code", "value", "is_illustrative", "published_rank", "published_band", "source_id",
         "pub_source_id", "method_version"]]
    s = peers.merge(t, on="unit_code")
    n = len(s)
    s["rank_in_peers"] = s["value"].rank(method="min", ascending=False).astype("int64")
    s["n_units"] = n
    s["percentile"] = (100.0 * (s["value"].rank(method="min") - 1) / max(n - 1, 1)).round(1)
    s["peer_median"] = s["value"].median()
    s["leader_value"] = s["value"].max()
    s["gap_to_leader"] = s["leader_value"] - s["value"]
    s["gap_to_median"] = s["peer_median"] - s["value"]
    distinct = pd.Series(np.sort(s["value"].unique())[::-1])
    better = dict(zip(distinct, distinct.shift(1)))
    s["gap_to_next_rank"] = s["value"].map(better) - s["value"]
    return s.sort_values(["rank_in_peers", "unit_code"]).reset_index(drop=True)


def breakdown(d, *, era, level, index_id, year, unit_code) -> pd.DataFrame:
    o, u, c = d["observations"], d["units"], d["components"]
    peers = u.loc[(u.era == era) & (u.level == level), "unit_code"]
    cv = o[(o.index_id == index_id) & (o.era == era) & (o.level == level) & (o.year == year)
           & (o.component != "total") & o.value.notna() & o.unit_code.isin(peers)]
    stats = cv.groupby("component")["value"].agg(peer_median="median", peer_best="max", n_peers="count")
    mine = cv.loc[cv.unit_code == unit_code, ["component", "value", "is_illustrative"]]
    meta = c[(c.index_id == index_id) & (c.year_from <= year) & (c.year_to >= year) & (c.component != "total")][
        ["ord", "component", "name_vi", "name_en", "kind", "max_value", "weight"]]
    f = meta.merge(mine, on="component", how="left").merge(stats, on="component", how="left")
    f["gap_to_median"] = f["value"] - f["peer_median"]
    f["gap_to_best"] = f["value"] - f["peer_best"]
    f["headroom"] = f["max_value"] - f["value"]
    f["headroom_points"] = f["weight"] * f["headroom"]
    f["achievement"] = f["value"] / f["max_value"]
    return f.sort_values("ord").reset_index(drop=True)


def histogram(d, *, era, level, index_id, year, bins) -> pd.DataFrame:
    u = d["units"]
    t = _totals(d["observations"], index_id, era, level, year)[["unit_code", "value", "is_illustrative"]]
    t = t.merge(u[(u.era == era) & (u.level == level)][["unit_code"]], on="unit_code")
    lo, hi = t["value"].min(), t["value"].max()
    width = max((hi - lo) / bins, 1e-9)
    b = np.minimum(np.floor((t["value"] - lo) / width).astype("int64"), bins - 1)
    g = t.assign(bin=b).groupby("bin").agg(n_units=("value", "size"), n_illustrative=("is_illustrative", "sum"))
    g = g.reset_index()
    g["bin_lo"] = lo + g["bin"] * width
    g["bin_hi"] = lo + (g["bin"] + 1) * width
    return g[["bin", "bin_lo", "bin_hi", "n_units", "n_illustrative"]]


def compare(d, *, era, level, index_id, year, unit_codes) -> pd.DataFrame:
    o, u, c = d["observations"], d["units"], d["components"]
    lt = _totals(o, index_id, era, level, year)[["unit_code", "value"]].copy()
    lt["rank_in_level"] = lt["value"].rank(method="min", ascending=False).astype("int64")
    lt["n_in_level"] = len(lt)
    chosen = u[(u.era == era) & (u.level == level) & u.unit_code.isin(unit_codes)][["unit_code", "name_vi", "name_en"]]
    meta = c[(c.index_id == index_id) & (c.year_from <= year) & (c.year_to >= year)][
        ["ord", "component", "name_vi", "name_en", "kind", "max_value", "weight"]].rename(
        columns={"name_vi": "component_vi", "name_en": "component_en"})
    vals = o[(o.index_id == index_id) & (o.era == era) & (o.level == level) & (o.year == year)
             & o.unit_code.isin(unit_codes)][["unit_code", "component", "value", "is_illustrative"]]
    cells = chosen.merge(meta, how="cross").merge(vals, on=["unit_code", "component"], how="left")
    cells = cells.merge(lt[["unit_code", "rank_in_level", "n_in_level"]], on="unit_code", how="left")
    not_total = cells["component"] != "total"
    cells.loc[not_total, ["rank_in_level", "n_in_level"]] = np.nan
    cells["best_in_selection"] = cells.groupby("component")["value"].transform("max")
    cells["gap_to_best_in_selection"] = cells["value"] - cells["best_in_selection"]
    return cells.sort_values(["ord", "unit_code"]).reset_index(drop=True)


def trend(d, *, index_id, era, level, unit_code) -> pd.DataFrame:
    o, u, x = d["observations"], d["units"], d["crosswalk"]
    pred = x[(x.new_era == era) & (x.new_code == unit_code) & (x.old_level == level) & (x.new_level == level)
             & ((x.old_era != era) | (x.old_code != unit_code))]
    succ = x[(x.old_era == era) & (x.old_code == unit_code) & (x.old_level == level) & (x.new_level == level)
             & ((x.new_era != era) | (x.new_code != unit_code))]
    series = pd.concat([
        pd.DataFrame({"era": [era], "unit_code": [unit_code], "relation": ["self"], "crosswalk_relation": [None]}),
        pd.DataFrame({"era": pred.old_era, "unit_code": pred.old_code, "relation": "predecessor",
                      "crosswalk_relation": pred.relation}),
        pd.DataFrame({"era": succ.new_era, "unit_code": succ.new_code, "relation": "successor",
                      "crosswalk_relation": succ.relation}),
    ], ignore_index=True)
    t = o[(o.index_id == index_id) & (o.level == level) & (o.component == "total") & o.value.notna()
          & o.era.isin(series.era.unique())][["era", "year", "unit_code", "value", "is_illustrative"]]
    t = t.merge(u[u.level == level][["era", "unit_code", "province_code", "name_vi", "name_en"]],
                on=["era", "unit_code"])
    keys = ["era", "year"] if level == "province" else ["era", "year", "province_code"]
    t["rank_in_group"] = t.groupby(keys)["value"].rank(method="min", ascending=False).astype("int64")
    t["n_in_group"] = t.groupby(keys)["value"].transform("size")
    f = t.merge(series, on=["era", "unit_code"])
    return f.sort_values(["year", "relation", "unit_code"], ascending=[True, False, True]).reset_index(drop=True)


FUNCTIONS = {"ranking": ranking, "breakdown": breakdown, "histogram": histogram, "compare": compare,
             "trend": trend}

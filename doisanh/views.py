"""Shape query results for display: plain Polars in, plain Polars or dicts out (no Streamlit)."""
from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from doisanh import fmt
from doisanh.charts import MAX_NAMED_SERIES, trend_by_role  # noqa: F401  (the trend chart's rule; views re-exports it)
from doisanh.grid import ILLUSTRATIVE_MARK
from doisanh.i18n import t


@dataclass(frozen=True)
class Headline:
    """The numbers of a unit's profile for one index and year, formatted for `lang`."""

    score: str
    score_delta: str | None
    rank: str
    rank_delta: str | None
    percentile: str
    rating: str
    gap_leader: str
    gap_median: str
    gap_next: str
    is_illustrative: bool
    source_id: str | None
    rank_moved: int | None = None


def headline(row: dict, prev: dict | None, prev_year: int | None, decimals: int,
             lang: str) -> Headline:
    score_delta = rank_delta = None
    moved = None
    if prev is not None:
        d = row["value"] - prev["value"]
        score_delta = f"{fmt.num(d, decimals, lang, sign=True)} {t('change_since', lang, year=prev_year)}"
    if prev is not None and prev["rank_in_peers"] is not None and row["rank_in_peers"] is not None:
        moved = prev["rank_in_peers"] - row["rank_in_peers"]
        if moved > 0:
            rank_delta = t("rank_change_up", lang, n=moved)
        elif moved < 0:
            rank_delta = t("rank_change_down", lang, n=-moved)
        else:
            rank_delta = t("rank_change_same", lang)
        rank_delta += " " + t("change_since", lang, year=prev_year)
    rating = row.get("rating_en" if lang == "en" else "rating_vi") or t("n_a", lang)
    return Headline(
        score=fmt.num(row["value"], decimals, lang),
        score_delta=score_delta,
        rank=fmt.rank(row["rank_in_peers"], row["n_units"], lang),
        rank_delta=rank_delta,
        percentile=fmt.num(row["percentile"], 1, lang),
        rating=rating,
        gap_leader=fmt.num(row["gap_to_leader"], decimals, lang),
        gap_median=fmt.num(None if row["gap_to_median"] is None else -row["gap_to_median"], decimals, lang,
                           sign=True),  # + = above median
        gap_next=fmt.num(row["gap_to_next_rank"], decimals, lang),
        is_illustrative=bool(row["is_illustrative"]),
        source_id=row["pub_source_id"] if row["is_illustrative"] else row["source_id"],
        rank_moved=moved,
    )


MAX_NAMED_NEIGHBOURS = 3


def rank_neighbours(ranking: pl.DataFrame, unit_code: str, lang: str, decimals: int) -> str | None:
    """Who is just above and just below the unit in its peer group — the units with the next
    better and the next worse score (ties listed together, at most MAX_NAMED_NEIGHBOURS named) —
    as one line for the profile: "who beats us, by how much" without opening the ranking."""
    mine = row_of(ranking, unit_code)
    if mine is None or mine["value"] is None or not mine.get("is_complete", True):
        return None          # only some units published: nobody is ranked among the few
    name = "name_en" if lang == "en" else "name_vi"
    others = ranking.filter(pl.col("unit_code") != unit_code)
    above = others.filter(pl.col("value") > mine["value"])
    below = others.filter(pl.col("value") < mine["value"])
    parts = []
    for key, group, pick in (("neighbour_above", above, pl.col("value").min()),
                             ("neighbour_below", below, pl.col("value").max())):
        if not group.height:
            continue
        value = group.select(pick).item()
        tied = group.filter(pl.col("value") == value)
        names = ", ".join(f"**{n}**" for n in tied[name].head(MAX_NAMED_NEIGHBOURS).to_list())
        if tied.height > MAX_NAMED_NEIGHBOURS:
            names += " " + t("and_n_more", lang, n=tied.height - MAX_NAMED_NEIGHBOURS)
        parts.append(t(key, lang, names=names, rank=tied["rank_in_peers"][0],
                       value=fmt.num(value, decimals, lang),
                       gap=fmt.num(abs(value - mine["value"]), decimals, lang)))
    if not above.height:
        parts.insert(0, t("neighbour_leader", lang))
    return " · ".join(parts) if parts else None


def units_without_total(cmp: pl.DataFrame, lang: str) -> str:
    """The compared units (queries/compare.sql rows) without a total shown, as 'A, B'."""
    name = "name_en" if lang == "en" else "name_vi"
    return ", ".join(cmp.filter((pl.col("component") == "total") & pl.col("value").is_null())[name].to_list())


def own_years(trend: pl.DataFrame) -> list[int]:
    """The years of a unit's own figures in its queries/trend.sql answer, newest first."""
    return trend.filter(pl.col("relation") == "self")["year"].unique().sort(descending=True).to_list()


def row_of(df: pl.DataFrame, unit_code: str) -> dict | None:
    """The first row of `df` whose unit_code is `unit_code`, as a dict (None if there is none)."""
    hit = df.filter(pl.col("unit_code") == unit_code)
    return hit.row(0, named=True) if hit.height else None


def peers_without(ranking: pl.DataFrame, unit_code: str):
    """The totals of the other units of the group (doisanh.whatif.Peers), sorted once."""
    from doisanh import whatif
    return whatif.Peers.of(ranking.filter(pl.col("unit_code") != unit_code)["value"].to_list())


MAX_PEER_MARKS = 1_000


def distribution_marks(ranking: pl.DataFrame, unit_code: str, value: float, label: str, *,
                       mark_peers: bool, lang: str, decimals: int,
                       bands: tuple[tuple[float, str], ...]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The marks over the distribution chart: this unit (`label` with its value), its peers
    when they are a subset of the level (else the histogram is the peers) — all of them, or
    every k-th by rank when there are more than MAX_PEER_MARKS, so the marks keep the group's
    spread (the best 200 only, as before, hid the lower half of a large province) — and the
    rating thresholds (min, name)."""
    name = "name_en" if lang == "en" else "name_vi"
    peers_df = (ranking.filter(pl.col("unit_code") != unit_code) if mark_peers
                else ranking.head(0))
    if peers_df.height > MAX_PEER_MARKS:
        peers_df = peers_df.gather_every(-(-peers_df.height // MAX_PEER_MARKS))
    marks = pl.concat([
        pl.DataFrame({"value": [value], "who": [t("this_unit", lang)],
                      "label": [f"{label}: {fmt.num(value, decimals, lang)}"]}),
        peers_df.with_columns(fmt.texts(peers_df["value"], lambda v: fmt.num(v, decimals, lang))
                              .alias("_value_text"))
        .select(pl.col("value"), pl.lit(t("peer", lang)).alias("who"),
                (pl.col(name) + ": " + pl.col("_value_text")).alias("label")),
    ])
    thresholds = pl.DataFrame({"value": [b for b, _ in bands],
                               "label": [f"{t('band_line', lang)}: {n}" for _, n in bands]},
                              schema={"value": pl.Float64, "label": pl.String})
    return marks, thresholds


def compare_bars(cmp: pl.DataFrame, lang: str, decimals: int) -> pl.DataFrame:
    """The compare chart's bars: each unit's parts with a value, as shares of their maximum, and
    whether each figure is published or illustrative (status; status_text in `lang`)."""
    name = "name_en" if lang == "en" else "name_vi"
    comp = "component_en" if lang == "en" else "component_vi"
    bars = cmp.filter((pl.col("kind") == "part") & pl.col("value").is_not_null())
    return bars.with_columns(
        pl.col(comp).alias("component_label"),
        (pl.col(name) + " (" + pl.col("unit_code") + ")").alias("unit_label"),
        (pl.col("value") / pl.col("max_value")).alias("achievement"),
        fmt.texts(bars["value"], lambda v: fmt.num(v, decimals, lang)).alias("value_text"),
        pl.when(pl.col("is_illustrative")).then(pl.lit("illustrative")).otherwise(pl.lit("published"))
        .alias("status"),
        pl.when(pl.col("is_illustrative")).then(pl.lit(t("illustrative", lang)))
        .otherwise(pl.lit(t("published", lang))).alias("status_text"),
    )


def parts(breakdown: pl.DataFrame) -> pl.DataFrame:
    """The components that add into the total, with shares of their maximum."""
    return breakdown.filter(pl.col("kind") == "part").with_columns(
        (pl.col("value") / pl.col("max_value")).alias("achievement"),
        (pl.col("peer_median") / pl.col("max_value")).alias("median_share"),
        (pl.col("peer_best") / pl.col("max_value")).alias("best_share"),
    )


def has_part_values(breakdown: pl.DataFrame) -> bool:
    """Whether any component that adds into the total has a value."""
    return bool(parts(breakdown)["value"].is_not_null().any())


def parts_complete(breakdown: pl.DataFrame) -> bool:
    """Whether there are components that add into the total and every one has a value."""
    p = parts(breakdown)
    return p.height > 0 and bool(p["value"].is_not_null().all())


def weakest(breakdown: pl.DataFrame) -> dict | None:
    """The part furthest below the peer median, relative to its maximum."""
    p = parts(breakdown).filter(pl.col("value").is_not_null() & pl.col("peer_median").is_not_null())
    if p.is_empty():
        return None
    return p.with_columns((pl.col("gap_to_median") / pl.col("max_value")).alias("_rel")) \
        .sort("_rel").row(0, named=True)


def components_table(breakdown: pl.DataFrame, lang: str, decimals: int) -> pl.DataFrame:
    name = "name_en" if lang == "en" else "name_vi"
    rows = []
    for r in parts(breakdown).iter_rows(named=True):
        rows.append({
            t("component", lang): r[name],
            t("score", lang): fmt.num(r["value"], decimals, lang),
            t("max_points", lang): fmt.num(r["max_value"], decimals, lang),
            t("peer_median", lang): fmt.num(r["peer_median"], decimals, lang),
            t("peer_best", lang): fmt.num(r["peer_best"], decimals, lang),
            t("gap_to_median", lang): fmt.num(r["gap_to_median"], decimals, lang, sign=True),
            t("headroom", lang): fmt.num(r["headroom"], decimals, lang),
            t("status", lang): "" if r["is_illustrative"] is None else
            t("illustrative" if r["is_illustrative"] else "published", lang),
        })
    return pl.DataFrame(rows)


def components_chart_frame(breakdown: pl.DataFrame, lang: str, decimals: int) -> pl.DataFrame:
    name = "name_en" if lang == "en" else "name_vi"

    def num(v):
        return fmt.num(v, decimals, lang)
    p = parts(breakdown).filter(pl.col("value").is_not_null())
    return p.with_columns(
        pl.col(name).alias("component_label"),
        fmt.texts(p["value"], num).alias("value_text"),
        fmt.texts(p["peer_median"], num).alias("median_text"),
        fmt.texts(p["peer_best"], num).alias("best_text"),
    )


def trend_frame(trend: pl.DataFrame, lang: str, decimals: int) -> pl.DataFrame:
    name = "name_en" if lang == "en" else "name_vi"
    return trend.with_columns(
        (pl.col(name) + " (" + pl.col("relation").replace_strict(
            {r: t("relation_" + r, lang) for r in ("self", "predecessor", "successor")}) + ", "
         + pl.col("era").replace_strict({"pre2025": "≤2025", "post2025": "≥7/2025"})
         + ")").alias("series"),
        pl.when(pl.col("is_illustrative")).then(pl.lit(t("illustrative", lang)))
        .when(pl.col("source_id").str.starts_with("import:")).then(pl.lit(t("imported_flag", lang)))
        .otherwise(pl.lit(t("published", lang))).alias("status"),
        fmt.texts(trend["value"], lambda v: fmt.num(v, decimals, lang)).alias("value_text"),
        pl.col("rank_in_group").alias("rank"),
        pl.col("relation").replace_strict({r: t("trend_role_" + r, lang)
                                           for r in ("self", "predecessor", "successor")}).alias("role"),
    )


def trend_caption(tf: pl.DataFrame, lang: str) -> str:
    """The note under the trend charts; says how many predecessors the grey lines are when
    there are too many to name in the legend (doisanh.charts.trend_lines)."""
    note = t("trend_note", lang)
    if trend_by_role(tf):
        n = tf.filter(pl.col("relation") == "predecessor")["series"].n_unique()
        note += " " + t("trend_many", lang, n=n)
    return note


def compare_in_order(cmp: pl.DataFrame, codes: tuple[str, ...]) -> pl.DataFrame:
    """The compare result with the units in the order the official chose them (the query returns
    them by code), so the table's columns and the chart's bars follow the chosen units' order."""
    pos = {c: i for i, c in enumerate(codes)}
    return (cmp.with_columns(pl.col("unit_code").replace_strict(pos, default=len(pos), return_dtype=pl.Int64)
                             .alias("_pos"))
            .sort(["ord", "_pos"], maintain_order=True).drop("_pos"))


def compare_pivot(cmp: pl.DataFrame, lang: str, decimals: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(display table with formatted strings, numeric table of the same shape) — rows are the
    total, the rank and each component; columns are the units."""
    name = "name_en" if lang == "en" else "name_vi"
    comp = "component_en" if lang == "en" else "component_vi"
    units = cmp.select("unit_code", name).unique(maintain_order=True)
    labels = {r["unit_code"]: f"{r[name]} ({r['unit_code']})" for r in units.iter_rows(named=True)}
    order = list(labels)
    display, numeric = [], []
    rank_row = {t("component", lang): t("level_rank", lang)}
    rank_num = {t("component", lang): t("level_rank", lang)}
    for key, grp in cmp.group_by("ord", maintain_order=True):
        g = {r["unit_code"]: r for r in grp.iter_rows(named=True)}
        first = next(iter(g.values()))
        if first["kind"] == "view":
            continue
        label = f"{first[comp]} (/{fmt.num(first['max_value'], decimals, lang)})"
        drow, nrow = {t("component", lang): label}, {t("component", lang): label}
        for u in order:
            r = g.get(u)
            v = None if r is None else r["value"]
            flag = "" if r is None or not r["is_illustrative"] else ILLUSTRATIVE_MARK
            drow[labels[u]] = fmt.num(v, decimals, lang) + (flag if v is not None else "")
            nrow[labels[u]] = v
            if first["component"] == "total" and r is not None:
                rank_row[labels[u]] = fmt.rank(r["rank_in_level"], r["n_in_level"], lang)
                rank_num[labels[u]] = None if r["rank_in_level"] is None else -r["rank_in_level"]
        display.append(drow)
        numeric.append(nrow)
        if first["component"] == "total":
            display.append(rank_row)
            numeric.append(rank_num)
        _ = key
    return pl.DataFrame(display), pl.DataFrame(numeric, strict=False)


def rows_around(table: pl.DataFrame, ranking: pl.DataFrame, code: str, around: int = 1) -> pl.DataFrame:
    """The rows of `table` (the ranking as shown, in `ranking`'s order) of unit `code` and the
    `around` rows either side of it; empty when the unit is not ranked."""
    codes = ranking["unit_code"].to_list()
    if code not in codes:
        return table.head(0)
    i = codes.index(code)
    start = max(0, i - around)
    return table.slice(start, i + around + 1 - start)

"""A unit's way across the 1 July 2025 reorganisation, in words and as the units to go to.

    sentences(unit, era="pre2025", lineage=lin, partners={...}, district_communes=dc, lang="vi")
    crossing_units(era="pre2025", level="district", lineage=lin, district_communes=dc)

`lineage` is queries/lineage.sql for the unit, `partners` maps each same-level successor's code
to queries/lineage.sql of that successor (its predecessors), `district_communes` is
queries/district_successors.sql for a district. Names are the display names the queries carry
(ui.data applies doisanh.names.display_names), so namesakes are told apart. A unit is never
listed as merging into itself: where an old and a new unit share a name, each is tagged with its
era ('Hồ Chí Minh (trước 7/2025)' went into 'Hồ Chí Minh (từ 7/2025)').
"""
from __future__ import annotations

import polars as pl

from doisanh.i18n import t

OTHER_ERA = {"pre2025": "post2025", "post2025": "pre2025"}
CROSSING_COLUMNS = {"era": pl.String, "level": pl.String, "unit_code": pl.String, "name_vi": pl.String,
                    "name_en": pl.String, "relation": pl.String, "role": pl.String}


def _name(row: dict, lang: str) -> str:
    return (row.get("name_en") if lang == "en" else None) or row["name_vi"]


def _tagged(name: str, era: str, lang: str, relation: str | None = None) -> str:
    """'Bình Dương (trước 7/2025, toàn bộ)'."""
    rel = "" if relation is None else ", " + _rel(relation, lang)
    return f"{name} ({t('era_tag_' + era, lang)}{rel})"


def _rel(relation: str, lang: str) -> str:
    return t("lineage_whole" if relation == "whole" else "lineage_partial", lang)


def sentences(unit: dict, *, era: str, lineage: pl.DataFrame, partners: dict[str, pl.DataFrame],
              district_communes: pl.DataFrame | None, lang: str) -> list[str]:
    """What became of the unit (pre-2025) or what it was made of (post-2025), one sentence each."""
    me = _name(unit, lang)
    code, level = unit["unit_code"], unit["level"]
    out: list[str] = []
    if era == "post2025":
        preds = lineage.filter((pl.col("direction") == "predecessor") & (pl.col("level") == level))
        if preds.is_empty():
            return out
        if preds.height == 1 and preds["relation"][0] == "whole":
            p = preds.row(0, named=True)
            return [t("lin_unchanged", lang, unit=_tagged(me, era, lang),
                      old=_tagged(_name(p, lang), "pre2025", lang))]
        parts = []
        for p in preds.iter_rows(named=True):
            name = _name(p, lang)
            parts.append(_tagged(name, "pre2025", lang, p["relation"]) if name == me
                         else f"{name} ({_rel(p['relation'], lang)})")
        return [t("lin_formed", lang, unit=_tagged(me, era, lang), preds=", ".join(parts))]
    me_tagged = _tagged(me, era, lang)
    if level == "district":
        prov = lineage.filter((pl.col("direction") == "successor") & (pl.col("level") == "province"))
        if prov.height:
            out.append(t("lin_district_gone", lang, unit=me_tagged,
                         province=_tagged(_name(prov.row(0, named=True), lang), "post2025", lang)))
        if district_communes is not None and district_communes.height:
            items = []
            for r in district_communes.iter_rows(named=True):
                how = (t("lin_from_codes_partial", lang, k=r["n_from_district"], p=r["n_partial"])
                       if r["n_partial"] else t("lin_from_codes", lang, k=r["n_from_district"]))
                if r["n_predecessors"] > r["n_from_district"]:
                    how += ", " + t("lin_also_others", lang)
                items.append(f"- {_name(r, lang)}: {how}")
            out.append(t("lin_district_communes", lang, k=district_communes.height) + "\n" + "\n".join(items))
        return out
    succ = lineage.filter((pl.col("direction") == "successor") & (pl.col("level") == level))
    if succ.height > 1:
        out.append(t("lin_split", lang, unit=me_tagged, n=succ.height))
    for s in succ.iter_rows(named=True):
        new = _name(s, lang)
        theirs = partners.get(s["unit_code"])
        others = [] if theirs is None else [
            r for r in theirs.filter((pl.col("direction") == "predecessor") & (pl.col("level") == level)
                                     & (pl.col("unit_code") != code)).iter_rows(named=True)]
        other_names = []
        for r in others:
            name = _name(r, lang)
            other_names.append(_tagged(name, "pre2025", lang, r["relation"]) if name == new
                               else f"{name} ({_rel(r['relation'], lang)})")
        new_tagged = _tagged(new, "post2025", lang)
        if not other_names:
            out.append(t("lin_became", lang, unit=_tagged(me, era, lang, s["relation"]), new=new_tagged))
        elif new == me:
            out.append(t("lin_kept", lang, unit=me_tagged, new=new_tagged, others=", ".join(other_names)))
        else:
            out.append(t("lin_merged", lang, unit=_tagged(me, era, lang, s["relation"]), new=new_tagged,
                         others=", ".join(other_names)))
    return out


def crossing_units(*, era: str, level: str, lineage: pl.DataFrame,
                   district_communes: pl.DataFrame | None) -> pl.DataFrame:
    """The units of the other era to go to: a pre-2025 unit's successors (a district: its province,
    then the new communes that took its communes), a post-2025 unit's predecessors of its level.
    Columns: CROSSING_COLUMNS (role 'successor' | 'predecessor')."""
    other = OTHER_ERA[era]
    direction = "successor" if era == "pre2025" else "predecessor"
    rows = lineage.filter((pl.col("direction") == direction) & (pl.col("era") == other))
    if era == "post2025":
        rows = rows.filter(pl.col("level") == level)
    out = rows.select("era", "level", "unit_code", "name_vi", "name_en", "relation",
                      pl.lit(direction).alias("role"))
    if level == "district" and district_communes is not None and district_communes.height:
        extra = district_communes.filter(~pl.col("unit_code").is_in(out["unit_code"].to_list())).select(
            pl.lit("post2025").alias("era"), pl.lit("commune").alias("level"), "unit_code", "name_vi",
            "name_en", "relation", pl.lit("successor").alias("role"))
        out = pl.concat([out, extra], how="vertical_relaxed")
    return out.cast(CROSSING_COLUMNS).select(list(CROSSING_COLUMNS))

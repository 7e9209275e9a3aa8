"""Bản đồ / Map: scores and ranks on a map of either era; the chosen unit's history across the
2025 reorganisation (predecessors, successors) and its reconstructed series before the merger."""
from __future__ import annotations

import polars as pl
import streamlit as st

from doisanh import charts, charts_geo, fmt, geo
from doisanh.i18n import t
from ui import data, state, widgets
from ui import geo as ui_geo

MAP_TABLE_HEIGHT = 560     # px, the height of the province map

cat = widgets.load_or_stop()
s = state.begin(cat, "map")
lang = widgets.language_switch()
st.title(t("page_map", lang))
st.caption(t("map_intro", lang))

sel = widgets.selection_controls(cat, lang)
era, level, ix, year = sel.era, sel.level, cat[sel.index], sel.year
all_levels = tuple(dict.fromkeys(lv for i in cat.ids for lv in cat[i].levels(era) if lv != "ministry"))
widgets.unit_search(era, lang, all_levels)
unit = widgets.resolve_unit(era, st.session_state.get("w_unit"), lang)
shown = geo.shown_code(unit, level)
group = None
if unit is not None and unit["level"] == level and year is not None:
    group = widgets.peer_controls(era, level, sel.index, year, unit, lang)
s = state.from_widgets(s)
state.show_notices(lang)
state.finish(s)

name_col = "name_en" if lang == "en" else "name_vi"
index_name = widgets.index_label(ix, lang)
if unit is not None:
    label = widgets.unit_label(unit, era, lang)
    if shown is not None and shown != unit["unit_code"]:
        names = data.units_frame(era).filter(pl.col("unit_code") == shown)
        within = names[name_col][0] if names.height else shown
        st.caption(t("map_chosen_within", lang, unit=label, shown=within))
    else:
        st.caption(t("map_chosen", lang, unit=label))


def peer_codes() -> list[str]:
    """Codes of the chosen unit's peer group, when it is a subset of what the map shows."""
    if group is None or group.mode in ("all", "province"):
        return []
    peers = widgets.run_query(lang, "ranking", era=era, level=level, index_id=sel.index, year=year,
                              **group.params())
    return [] if peers is None else peers["unit_code"].to_list()


def draw_map() -> None:
    if level == "ministry":
        st.info(t("map_ministry", lang))
        return
    if year is None:
        widgets.no_published(lang, "level", index=ix, level=level, era=era)
        return
    province = sel.province or (unit["province_code"] if unit is not None and level != "province" else None)
    if level == "commune" and province is None:
        st.info(t("map_province_needed", lang))
        return
    try:
        boundaries = ui_geo.boundaries(era)
    except geo.GeoError as e:
        st.error(t("map_geo_error", lang, msg=str(e)))
        return
    values = widgets.run_query(lang, "map_values", era=era, level=level, index_id=sel.index,
                               year=year, province_code=None if level == "province" else province)
    if values is None:
        return
    if not values["value"].is_not_null().any():
        widgets.no_published(lang, "level", index=ix, level=level, era=era)
        return
    frame = geo.map_frame(values, lang=lang, decimals=ix.decimals, chosen=shown, peers=peer_codes())
    state.ensure_option("map_color", ["value", "rank"], "value")
    color_by = st.radio(t("map_color_by", lang), ["value", "rank"], key="map_color", horizontal=True,
                        format_func=lambda c: t("map_color_" + c, lang))
    titles = dict(value_title=f"{index_name} {year}", rank_title=t("rank", lang),
                  status_title=t("status", lang), name_title=t("unit", lang))
    n_with = int(values["value"].is_not_null().sum())
    # only some units published (queries/map_values.sql): ranks are the printed ones, of n_level
    n_level = int(values["n_in_group"][0])
    partial = "_partial" if n_level > n_with else ""
    if level == "province":
        chart = charts_geo.province_map(boundaries, frame, color_by=color_by, name_field=name_col,
                                        pick=True, **titles)
        drawn = set(geo.codes(boundaries))
        on_map = values.filter(pl.col("unit_code").is_in(list(drawn)))
        st.caption(t("map_caption_provinces" + partial, lang, index=index_name, year=year,
                     n=int(on_map["value"].is_not_null().sum()), total=len(drawn), n_level=n_level))
        orphans = values.filter(pl.col("value").is_not_null() & ~pl.col("unit_code").is_in(list(drawn)))
        if era == "pre2025" and "28" in orphans["unit_code"].to_list():
            st.caption(t("map_hatay", lang, year=year))
    else:
        pts, no_position = geo.points(frame)
        outline = geo.subset(boundaries, [province]) if province else boundaries
        chart = charts_geo.symbol_map(pts, color_by=color_by, outline=outline, pick=True, **titles)
        scope = (data.province_names(era)[lang].get(province, province) if province
                 else t("all_provinces", lang))
        st.caption(t("map_caption_points" + partial, lang, index=index_name, year=year, n_level=n_level,
                     level=t("level_" + level, lang), scope=scope, k=fmt.num(pts.height, 0, lang),
                     n=fmt.num(n_with, 0, lang)))
        if no_position:
            st.caption(t("map_no_position", lang, k=no_position))
    widgets.illustrative_banner(values, lang)
    # the map beside its table on a desktop (Vietnam is tall and narrow: a fixed 340 px map that
    # fits a phone left the rest of the row empty); one above the other on a phone
    map_col, table_col = st.columns([1, 1], gap="medium")
    with map_col:
        st.altair_chart(charts.localized(chart, lang), width="content", on_select=ui_geo.picked,
                        selection_mode=charts_geo.PICK, key=ui_geo.PICK_KEY)
        st.caption(t("map_click_hint", lang))
    with table_col:
        st.markdown("##### " + t("map_table", lang))
        table = frame.filter(pl.col("value").is_not_null()).sort("rank", "unit_code", nulls_last=True).select(
            pl.col("rank_text").alias(t("rank", lang)), pl.col("name").alias(t("name", lang)),
            pl.col("unit_code").alias(t("code", lang)), pl.col("value_text").alias(t("score", lang)),
            pl.col("status").alias(t("status", lang)))
        widgets.table(table, height=MAP_TABLE_HEIGHT)
    source = (t("map_boundaries_custom", lang, path=str(geo.geojson_path(era))) if geo.is_configured(era)
              else t("map_boundaries_" + era, lang))
    st.caption(source)


def reconstruction(target: dict, unit_level: str) -> None:
    weightings = ["population", "equal"]
    state.ensure_option("map_weighting", weightings, "population")
    weighting = st.radio(t("recon_weighting", lang), weightings, key="map_weighting", horizontal=True,
                         format_func=lambda w: t("recon_weight_" + w, lang))
    recon = widgets.run_query(lang, "reconstructed", index_id=sel.index, level=unit_level,
                              unit_code=target["unit_code"], weighting=weighting)
    if recon is None:
        return
    target_name = target["name_en" if lang == "en" else "name_vi"]
    if recon.is_empty():
        st.info(t("recon_none", lang, index=index_name))
        return
    st.info(geo.method_sentence(recon, unit_level, lang))
    own = widgets.run_query(lang, "trend", index_id=sel.index, era="post2025", level=unit_level,
                            unit_code=target["unit_code"])
    own = own.filter(pl.col("relation") == "self") if own is not None else recon.head(0)
    frame = geo.reconstruction_frame(recon, own, unit_name=target_name, lang=lang, decimals=ix.decimals)
    st.altair_chart(charts.localized(charts_geo.reconstructed_lines(frame, value_title=index_name,
                                                                    series_title=t("unit", lang)), lang),
                    width="stretch")
    used, flagged = int(recon["n_used"].sum()), int(recon["n_illustrative"].sum())
    widgets.illustrative_banner(pl.DataFrame({"is_illustrative": [True] * flagged + [False] * (used - flagged)}),
                                lang)
    gaps = recon.filter(pl.col("n_used") < pl.col("n_predecessors"))["year"].to_list()
    if gaps:
        st.caption(t("recon_gaps", lang, years=", ".join(str(y) for y in gaps)))
    st.caption(t("recon_note", lang))
    with st.expander(t("recon_table", lang)):
        widgets.table(recon.select(
            pl.col("year").alias(t("year", lang)),
            pl.lit(fmt.texts(recon["value"], lambda v: fmt.num(v, ix.decimals, lang)))
            .alias(t("score", lang)),
            pl.col("used_codes").alias(t("recon_used", lang)),
            pl.col("missing_codes").alias(t("recon_missing", lang)),
            pl.lit(pl.Series([geo.inputs_text(a, b, lang) for a, b in
                              zip(recon["n_illustrative"].to_list(), recon["n_used"].to_list())],
                             dtype=pl.String)).alias(t("recon_inputs", lang))))


def lineage_panel() -> None:
    st.subheader(t("lineage", lang))
    if unit is None:
        st.info(t("lineage_pick_unit", lang))
        return
    ulevel, label = unit["level"], unit[name_col]
    lin = widgets.run_query(lang, "lineage", era=era, level=ulevel, unit_code=unit["unit_code"])
    if lin is None:
        return
    if lin.is_empty():
        st.info(t("lineage_none", lang, unit=label))
    else:
        widgets.table(geo.lineage_rows(lin, lang))
        st.caption(t("lineage_source", lang))
    successors = lin.filter((pl.col("direction") == "successor") & (pl.col("level") == ulevel)
                            & (pl.col("era") == "post2025"))
    for r in successors.iter_rows(named=True):
        theirs = widgets.run_query(lang, "lineage", era="post2025", level=ulevel, unit_code=r["unit_code"])
        others = [] if theirs is None else theirs.filter(
            (pl.col("direction") == "predecessor") & (pl.col("unit_code") != unit["unit_code"]))[name_col].to_list()
        if others:
            st.markdown(t("lineage_merged_with", lang, unit=label, new=r[name_col], others=", ".join(others)))
    if ulevel not in ("province", "commune"):
        return
    if not st.toggle(t("recon_toggle", lang), key="map_recon"):
        return
    if era == "post2025":
        target = unit
        preds = lin.filter((pl.col("direction") == "predecessor") & (pl.col("level") == ulevel))
    else:
        if successors.is_empty():
            st.info(t("recon_no_successor", lang))
            return
        options = {r["unit_code"]: r for r in successors.iter_rows(named=True)}
        code = next(iter(options))
        if len(options) > 1:
            code = st.selectbox(t("recon_target", lang), list(options), key="map_recon_target",
                                placeholder=t("choose_one", lang),
                                format_func=lambda c: f"{options[c][name_col]} · {c}")
        target = options[code]
        theirs = widgets.run_query(lang, "lineage", era="post2025", level=ulevel, unit_code=code)
        preds = theirs.filter(pl.col("direction") == "predecessor") if theirs is not None else lin.head(0)
    if preds.height == 1 and preds["relation"][0] == "whole":
        st.caption(t("recon_not_merged", lang, unit=target[name_col]))
    reconstruction(target, ulevel)


draw_map()
lineage_panel()
if year is not None and level != "ministry":
    widgets.method_note(ix, year, lang)
widgets.copy_link(s, lang)

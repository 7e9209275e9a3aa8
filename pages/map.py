"""Bản đồ / Map: scores and ranks on a map of either era, Hoàng Sa and Trường Sa included; the
chosen unit's history across the 2025 reorganisation (predecessors, successors) and its
reconstructed series before the merger. Two rows of controls, then the map across the page, its
table below (ui/geo.py holds the map's helpers and the lineage panel)."""
from __future__ import annotations

import polars as pl
import streamlit as st

from doisanh import fmt, geo
from doisanh.i18n import t
from ui import controls, data, links, notes, peer_group, picker, shell, state
from ui import geo as ui_geo

MAP_TABLE_HEIGHT = 420     # px, the table below the map

cat = shell.load_or_stop()
s = state.begin(cat, "map")
lang = shell.language_switch()
st.title(t("page_map", lang))

ui_geo.align_province_filter(("district", "commune"))   # the unit's province, as the profile's peers
sel = controls.selection_controls(cat, lang)        # row 1: era, index, level, year, province
era, level, ix, year = sel.era, sel.level, cat[sel.index], sel.year
all_levels = tuple(dict.fromkeys(lv for i in cat.ids for lv in cat[i].levels(era) if lv != "ministry"))
row = st.container(horizontal=True, gap="small", vertical_alignment="bottom")   # row 2
with row:
    unit = picker.unit_picker(era, lang, all_levels)
    state.ensure_option("w_map_color", ["value", "rank"], "value")
    color_by = st.radio(t("map_color_by", lang), ["value", "rank"], key="w_map_color", horizontal=True,
                        format_func=lambda c: t("map_color_" + c, lang))
shown = geo.shown_code(unit, level)
group = None
if unit is not None and unit["level"] == level and year is not None:
    with row:
        group = peer_group.peer_controls(era, level, sel.index, year, unit, lang)
s = state.from_widgets(s)
state.show_notices(lang)
state.finish(s)

name_col = "name_en" if lang == "en" else "name_vi"
index_name = controls.index_label(ix, lang)


def chosen_caption() -> None:
    if unit is None:
        return
    label = picker.unit_label(unit, era, lang)
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
    peers = notes.run_query(lang, "ranking", era=era, level=level, index_id=sel.index, year=year,
                            **group.params())
    return [] if peers is None else peers["unit_code"].to_list()


def draw_map() -> None:
    if level == "ministry":
        st.info(t("map_ministry", lang))
        return
    if year is None:
        notes.no_published(lang, "level", index=ix, level=level, era=era)
        return
    province = None if level == "province" else sel.province    # what the filter says
    if level in ui_geo.LEVELS_NEEDING_PROVINCE and province is None:
        st.info(t("map_province_needed", lang))
        return
    try:
        boundaries = ui_geo.boundaries(era)
    except geo.GeoError as e:
        st.error(t("map_geo_error", lang, msg=str(e)))
        return
    values = notes.run_query(lang, "map_values", era=era, level=level, index_id=sel.index,
                             year=year, province_code=province)
    if values is None:
        return
    if not values["value"].is_not_null().any():
        notes.no_published(lang, "level", index=ix, level=level, era=era)
        return
    frame = geo.map_frame(values, lang=lang, decimals=ix.decimals, chosen=shown, peers=peer_codes())
    drawn = geo.codes(boundaries)
    st.markdown("##### " + geo.map_title(
        index=index_name, year=year, level=level, era=era, n_provinces=len(drawn), lang=lang,
        province_name=data.province_names(era)[lang].get(province, province) if province else None))
    chosen_caption()
    titles = dict(value_title=f"{index_name} {year}", rank_title=t("rank", lang),
                  status_title=t("status", lang), name_title=t("unit", lang),
                  island_title=t("island", lang), color_by=color_by)
    n_with = int(values["value"].is_not_null().sum())
    # only some units published (queries/map_values.sql): ranks are the printed ones, of n_level
    n_level = int(values["n_in_group"][0])
    partial = "_partial" if n_level > n_with else ""
    try:
        if level == "province":
            ui_geo.show_map("province", era, frame, None, lang, **titles)
            on_map = values.filter(pl.col("unit_code").is_in(drawn))
            st.caption(t("map_caption_provinces" + partial, lang, index=index_name, year=year, n_level=n_level,
                         n=int(on_map["value"].is_not_null().sum()), total=len(drawn)))
            orphans = values.filter(pl.col("value").is_not_null() & ~pl.col("unit_code").is_in(drawn))
            if era == "pre2025" and "28" in orphans["unit_code"].to_list():
                st.caption(t("map_hatay", lang, year=year))
        else:
            pts, no_position = geo.points(frame, era)
            ui_geo.show_map("points", era, pts, province, lang, **titles)
            st.caption(t("map_caption_points" + partial, lang, index=index_name, year=year, n_level=n_level,
                         level=t("level_" + level, lang), k=fmt.num(pts.height, 0, lang),
                         scope=data.province_names(era)[lang].get(province, province) if province
                         else t("all_provinces", lang), n=fmt.num(n_with, 0, lang)))
            if no_position:
                st.caption(t("map_no_position", lang, k=no_position))
    except geo.GeoError as e:
        st.error(t("map_geo_error", lang, msg=str(e)))
        return
    st.caption(t("map_click_hint", lang) + " " + t("map_intro", lang))
    notes.illustrative_banner(values, lang)
    st.markdown("##### " + t("map_table", lang))
    ui_geo.table(frame, lang, MAP_TABLE_HEIGHT)
    st.caption(t("map_boundaries_custom", lang, path=str(geo.geojson_path(era))) if geo.is_configured(era)
               else t("map_boundaries_" + era, lang))


draw_map()
ui_geo.lineage_panel(unit, era, ix, lang)
if year is not None and level != "ministry":
    notes.method_note(ix, year, lang)
links.copy_link(s, lang)

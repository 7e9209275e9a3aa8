"""Đơn vị của tôi / My unit: score, rank, gaps, components against peers, trend, distribution."""
from __future__ import annotations

from dataclasses import replace

import polars as pl
import streamlit as st

from doisanh import charts, fmt, peers, views
from doisanh.i18n import t
from doisanh.state import K_RANGE, MAX_CUSTOM, PEER_MODES
from ui import data, state, widgets

cat = widgets.load_or_stop()
s = state.begin(cat, "profile")
lang = widgets.language_switch()
st.title(t("page_profile", lang))

c1, c2, c3 = st.columns([1.2, 1.2, 0.8])
era, index = widgets.era_index_controls(cat, lang, (c1, c2))
ix = cat[index]
widgets.unit_search(era, lang, ix.levels(era))

unit = widgets.resolve_unit(era, st.session_state.get("w_unit"), lang)
if unit is None:
    state.show_notices(lang)
    state.finish(state.from_widgets(s))
    st.info(t("pick_unit_first", lang))
    st.stop()
level = unit["level"]
st.session_state["w_level"] = level
if level not in ix.levels(era):
    state.notice("index", index, "")
    st.session_state["w_index"] = next(i for i in cat.ids if level in cat[i].levels(era))
    st.rerun()
year = widgets.year_control(era, level, index, lang, c3)

p1, p2 = st.columns([1.6, 1.0])
state.ensure_option("w_peers", list(PEER_MODES), "auto")
mode = p1.selectbox(t("peers", lang), list(PEER_MODES), key="w_peers",
                    format_func=lambda m: t("peers_" + m, lang))
neighbours: list[str] = []
if mode in ("near_size", "near_profile"):
    state.ensure_option("w_k", list(range(K_RANGE[0], K_RANGE[1] + 1)), 10)
    k = p2.slider(t("k_neighbours", lang), K_RANGE[0], K_RANGE[1], key="w_k")
    near = widgets.run_query(lang, "neighbours", era=era, level=level, unit_code=unit["unit_code"],
                             k=k, basis="size" if mode == "near_size" else "profile",
                             index_id=index, year=year)
    neighbours = [] if near is None else near["unit_code"].to_list()
    if not neighbours:
        st.info(t("neighbours_none", lang))
        mode = "all"
custom: tuple[str, ...] = ()
if mode == "custom":
    pool = data.query("units", era=era, level=level,
                      province_code=None if level == "province" else unit["province_code"])
    labels = {r["unit_code"]: widgets.unit_label({**r, "level": level}, era, lang)
              for r in pool.iter_rows(named=True)}
    chosen = [c for c in st.session_state.get("w_custom", []) if c in labels][:MAX_CUSTOM]
    st.session_state["w_custom"] = chosen
    custom = tuple(st.multiselect(t("custom_peers", lang), list(labels), key="w_custom",
                                  format_func=labels.__getitem__, max_selections=MAX_CUSTOM))

s = state.from_widgets(s)
s = replace(s, unit=unit["unit_code"], level=level)
state.show_notices(lang)
state.finish(s)

group = peers.build(mode, level=level, unit=unit, province_name=data.province_names(era),
                    region_name=data.region_names(), neighbours=neighbours, custom=custom)
st.subheader(widgets.unit_label(unit, era, lang))
st.caption(t("peer_caption", lang, group=group.sentence(lang)))
if year is None:
    st.info(t("no_data", lang))
    st.stop()

base = dict(era=era, level=level, index_id=index, **group.params())
ranking = widgets.run_query(lang, "ranking", year=year, **base)
mine = None if ranking is None else ranking.filter(pl.col("unit_code") == unit["unit_code"])
if mine is None or mine.is_empty():
    st.info(t("no_data", lang))
    st.stop()
row = mine.row(0, named=True)
prev_year = year - 1
prev_rank = widgets.run_query(lang, "ranking", year=prev_year, **base)
prev = None
if prev_rank is not None:
    p = prev_rank.filter(pl.col("unit_code") == unit["unit_code"])
    prev = p.row(0, named=True) if p.height else None

h = views.headline(row, prev, prev_year, ix.decimals, lang)
widgets.headline_metrics(h, ix, year, lang)

st.markdown("#### " + t("components", lang))
breakdown = widgets.run_query(lang, "breakdown", year=year, unit_code=unit["unit_code"], **base)
if breakdown is not None and views.parts(breakdown)["value"].is_not_null().any():
    weak = views.weakest(breakdown)
    if weak:
        st.markdown(t("weakest", lang, name=weak["name_en" if lang == "en" else "name_vi"],
                      gap=fmt.num(weak["gap_to_median"], ix.decimals, lang, sign=True)))
    st.altair_chart(charts.components_vs_peers(
        views.components_chart_frame(breakdown, lang, ix.decimals), unit_label=t("this_unit", lang),
        median_label=t("peer_median", lang), best_label=t("peer_best", lang),
        axis_title=t("achievement", lang)), width="stretch")
    st.caption(t("components_legend", lang))
    widgets.illustrative_banner(views.parts(breakdown), lang)
    st.dataframe(views.components_table(breakdown, lang, ix.decimals), hide_index=True,
                 width="stretch")
else:
    st.info(t("no_components", lang))

st.markdown("#### " + t("trend", lang))
trend = widgets.run_query(lang, "trend", index_id=index, era=era, level=level,
                          unit_code=unit["unit_code"])
if trend is not None and trend.height:
    tf = views.trend_frame(trend, lang, ix.decimals)
    st.altair_chart(charts.trend_lines(tf, field="value", title=t("trend_score", lang),
                                       series_title=t("unit", lang)), width="stretch")
    st.altair_chart(charts.trend_lines(tf, field="rank", title=t("trend_rank", lang),
                                       series_title=t("unit", lang), reverse=True),
                    width="stretch")
    st.caption(t("trend_note", lang))

st.markdown("#### " + t("distribution", lang))
widgets.distribution_view(ranking, row, ix, era, level, year, group, lang)

widgets.method_note(ix, year, lang)
widgets.copy_link(s, lang)
st.page_link(widgets.compare_page(), label=t("open_compare", lang), icon="⚖️")

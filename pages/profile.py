"""Đơn vị của tôi / My unit: score, rank, gaps, components against peers, trend, distribution."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import streamlit as st

from doisanh import fmt, views
from doisanh.i18n import t
from ui import export as dl
from ui import compare, controls, links, notes, plot, profile, shell, state, tables, unit_page
from ui import views as derived

cat = shell.load_or_stop()
s = state.begin(cat, "profile")
lang = shell.language_switch()
st.title(t("page_profile", lang))

ctx = unit_page.unit_page_header(cat, s, lang)
era, index, ix, unit, level, year, group = (ctx.era, ctx.index, ctx.ix, ctx.unit, ctx.level,
                                            ctx.year, ctx.group)
s = replace(state.from_widgets(s), unit=unit["unit_code"], level=level)
state.show_notices(lang)
state.finish(s)

if year is None:                     # the unit has no figure of this index shown
    notes.no_published(lang, "unit", index=ix, level=level, era=era)
    links.copy_link(s, lang)
    st.stop()

base = dict(era=era, level=level, index_id=index, **group.params())
ranking = notes.run_query(lang, "ranking", year=year, **base)
row = None if ranking is None else derived.row_of(ranking, unit["unit_code"])
if row is None:
    notes.no_published(lang, "unit", index=ix, level=level, era=era)
    links.copy_link(s, lang)
    st.stop()
notes.coverage_note(ranking, lang)
prev_year = year - 1
prev_rank = notes.run_query(lang, "ranking", year=prev_year, **base)
prev = None if prev_rank is None else derived.row_of(prev_rank, unit["unit_code"])

h = views.headline(row, prev, prev_year, ix.decimals, lang)
profile.headline_metrics(h, ix, year, lang)
neighbours = derived.rank_neighbours(ranking, unit["unit_code"], lang, ix.decimals)
if neighbours:
    st.markdown(neighbours)

st.markdown("#### " + t("components", lang))
breakdown = notes.run_query(lang, "breakdown", year=year, unit_code=unit["unit_code"], **base)
if breakdown is not None and derived.has_part_values(breakdown):
    weak = derived.weakest(breakdown)
    if weak:
        st.markdown(t("weakest", lang, name=weak["name_en" if lang == "en" else "name_vi"],
                      gap=fmt.num(weak["gap_to_median"], ix.decimals, lang, sign=True)))
    comp_chart = plot.show(
        "components_vs_peers", derived.components_chart_frame(breakdown, lang, ix.decimals), lang=lang,
        unit_label=t("this_unit", lang), median_label=t("peer_median", lang),
        best_label=t("peer_best", lang), axis_title=t("achievement", lang))
    st.caption(t("components_legend", lang))
    dl.chart(comp_chart, f"thanh-phan-{unit['unit_code']}-{index}-{year}", lang,
             title=dl.heading(lang, t("chart_title_components", lang, unit=controls.name_of(unit, lang)), ix, year,
                              group.sentence(lang), frame=derived.parts(breakdown), source_ids=(h.source_id,)))
    notes.illustrative_banner(derived.parts(breakdown), lang)
    comp_table = derived.components_table(breakdown, lang, ix.decimals)
    tables.table(comp_table)
    dl.table(comp_table, f"thanh-phan-bang-{unit['unit_code']}-{index}-{year}", lang)
else:
    comp_chart = None
    st.info(t("no_components", lang))

st.markdown("#### " + t("trend", lang))
trend = notes.run_query(lang, "trend", index_id=index, era=era, level=level,
                        unit_code=unit["unit_code"])
if trend is not None and trend.height:
    tf = derived.trend_frame(trend, lang, ix.decimals)
    plot.show("trend_lines", tf, lang=lang, field="value", title=t("trend_score", lang), series_title=t("unit", lang))
    if tf["rank"].is_not_null().any():     # no rank at all (one published unit): no empty chart
        plot.show("trend_lines", tf, lang=lang, field="rank", title=t("trend_rank", lang),
                  series_title=t("unit", lang), reverse=True)
    st.caption(derived.trend_caption(tf, lang))

st.markdown("#### " + t("distribution", lang))
profile.distribution_view(ranking, row, ix, era, level, year, group, lang)

trend_ids = [] if trend is None else trend["source_id"].to_list()
brief = derived.briefing_data(
    lang=lang, unit=unit, ix=ix, year=year, row=row, prev=prev, prev_year=prev_year, breakdown=breakdown,
    ranking=ranking, peers_vi=group.sentence("vi"), peers_en=group.sentence("en"), level=level,
    whatif=s.whatif, sources=notes.sources_of([h.source_id, *reversed(trend_ids)], lang=lang),
    link=links.view_url(s),
    made_on=date.today().strftime("%d/%m/%Y"))
dl.briefing_block(brief, derived.components_chart_frame(breakdown, lang, ix.decimals) if comp_chart else None,
                  tf if trend is not None and trend.height else None,
                  f"tom-tat-{unit['unit_code']}-{index}-{year}-{lang}")
notes.method_note(ix, year, lang)
links.copy_link(s, lang)
st.page_link(compare.compare_page(), label=t("open_compare", lang), icon=":material/compare_arrows:")

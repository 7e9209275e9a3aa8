"""Xếp hạng / Ranking: every unit of a level on one index and year."""
from __future__ import annotations

import streamlit as st

from doisanh import fmt
from doisanh.i18n import t
from ui import export as dl
from ui import geo as ui_geo
from ui import controls, links, notes, plot, shell, state, tables
from ui import views as derived

cat = shell.load_or_stop()
s = state.begin(cat, "ranking")
lang = shell.language_switch()
state.show_notices(lang)
st.title(t("page_ranking", lang))
st.caption(t("app_tagline", lang))

# the chosen unit's province, as the profile's default peer group (once per unit; "Cả nước" stays a choice)
ui_geo.align_province_filter(("district", "commune"), page="ranking")
sel = controls.selection_controls(cat, lang)
s = state.from_widgets(s)
state.finish(s)


ix = cat[sel.index]
if sel.year is None:
    notes.no_published(lang, "level", index=ix, level=sel.level, era=sel.era)
    links.copy_link(s, lang)
    st.stop()

ranking = notes.run_query(lang, "ranking", era=sel.era, level=sel.level, index_id=sel.index,
                          year=sel.year, province_code=sel.province, region_code=None,
                          parent_code=None, peer_codes=None)
if ranking is None or ranking.is_empty():
    notes.no_published(lang, "level", index=ix, level=sel.level, era=sel.era)
    links.copy_link(s, lang)
    st.stop()

if notes.coverage_note(ranking, lang) and sel.level != "province":
    # a handful of districts or communes published: the two ways on, as when there is none
    notes.ways_on(lang, "level", index=ix, level=sel.level, era=sel.era)
notes.illustrative_banner(ranking, lang)
mine = derived.row_of(ranking, s.unit) if s.unit else None     # the unit chosen on another page
if mine is not None:
    st.markdown(t("ranking_mine", lang, name=mine["name_en" if lang == "en" else "name_vi"],
                  rank=fmt.rank(mine["rank_in_peers"], mine["n_units"], lang),
                  value=fmt.num(mine["value"], ix.decimals, lang)))
mine_code = None if mine is None else mine["unit_code"]

top_k = min(40, ranking.height)
# what the page shows, and what the chart shows of it, in one line above the chart
scope = t("caption_ranking", lang, index=ix.short_vi if lang == "vi" else ix.short_en,
          year=sel.year, level=t("level_" + sel.level, lang),
          scope=controls.scope_label(sel, lang), n=fmt.num(ranking.height, 0, lang))
if ranking.height > top_k:
    shown_too = mine is not None and mine["rank_in_peers"] > top_k
    scope += " " + t("chart_top_and_mine" if shown_too else "chart_top", lang, k=top_k,
                    n=fmt.num(ranking.height, 0, lang)) + "."
st.caption(scope)
if ranking.height > 1:        # one published unit: its row says it all (a one-dot chart does not)
    chart_df = tables.with_labels(ranking, lang, ix.decimals, top=top_k, also=mine_code)
    rank_chart = plot.show("ranking_bars", chart_df, lang=lang, value_title=t("score", lang),
                           status_title=t("status", lang), published_label=t("published", lang),
                           illustrative_label=t("illustrative", lang), highlight=mine_code)
    dl.chart(rank_chart, f"xep-hang-{sel.index}-{sel.year}-{sel.level}", lang,
             title=dl.heading(lang, t("chart_title_ranking", lang, level=t("level_" + sel.level, lang)), ix,
                              sel.year, controls.scope_label(sel, lang), frame=ranking))
table = tables.ranking_table(ranking, lang, ix.decimals, mark=mine_code)
if mine_code is not None and ranking.height > 3:
    # the chosen unit's row and the rows just above and below it, above the full table: st.dataframe
    # has no way to scroll to a row (selection_default selects, it does not scroll), and below
    # MAX_SCREEN_ROWS at commune level the row was not on screen at all
    st.markdown("##### " + t("ranking_mine_rows", lang))
    tables.table(derived.rows_around(table, ranking, mine_code))
tables.capped_table(table, lang)
dl.table(table, f"xep-hang-bang-{sel.index}-{sel.year}-{sel.level}", lang)
notes.method_note(ix, sel.year, lang)
links.copy_link(s, lang)

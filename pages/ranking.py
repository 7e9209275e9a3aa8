"""Xếp hạng / Ranking: every unit of a level on one index and year."""
from __future__ import annotations

import streamlit as st

from doisanh.i18n import t
from ui import export as dl
from ui import plot, state, widgets

cat = widgets.load_or_stop()
s = state.begin(cat, "ranking")
lang = widgets.language_switch()
state.show_notices(lang)
st.title(t("page_ranking", lang))
st.caption(t("app_tagline", lang))

sel = widgets.selection_controls(cat, lang)
s = state.from_widgets(s)
state.finish(s)


if sel.year is None:
    st.info(t("no_data", lang))
    st.stop()

ranking = widgets.run_query(lang, "ranking", era=sel.era, level=sel.level, index_id=sel.index,
                            year=sel.year, province_code=sel.province, region_code=None,
                            parent_code=None, peer_codes=None)
if ranking is None or ranking.is_empty():
    st.info(t("no_data", lang))
    st.stop()

ix = cat[sel.index]
st.caption(t("caption_ranking", lang, index=ix.short_vi if lang == "vi" else ix.short_en,
             year=sel.year, level=t("level_" + sel.level, lang),
             scope=widgets.scope_label(sel, lang), n=ranking.height))
widgets.illustrative_banner(ranking, lang)

top_k = min(40, ranking.height)
chart_df = widgets.with_labels(ranking, lang, ix.decimals, top=top_k)
rank_chart = plot.show("ranking_bars", chart_df, lang=lang, value_title=t("score", lang),
                       status_title=t("status", lang), published_label=t("published", lang),
                       illustrative_label=t("illustrative", lang))
dl.chart(rank_chart, f"xep-hang-{sel.index}-{sel.year}-{sel.level}", lang)
if ranking.height > top_k:
    st.caption(t("chart_top", lang, k=top_k, n=ranking.height))

table = widgets.ranking_table(ranking, lang, ix.decimals)
widgets.capped_table(table, lang)
dl.table(table, f"xep-hang-bang-{sel.index}-{sel.year}-{sel.level}", lang)
widgets.method_note(ix, sel.year, lang)
widgets.copy_link(s, lang)

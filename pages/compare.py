"""So sánh / Compare: up to 8 units side by side — totals, ranks, every component."""
from __future__ import annotations

import streamlit as st

from doisanh.i18n import t
from doisanh.state import MAX_COMPARE
from ui import compare, controls, data, imports, links, narrow, notes, picker, plot, shell, state, tables
from ui import export as dl
from ui import views as derived

cat = shell.load_or_stop()
s = state.begin(cat, "compare")
lang = shell.language_switch()
narrow.style()      # the breakpoint rule of this page's narrow table views
st.title(t("page_compare", lang))

row = st.container(horizontal=True)     # wraps on a phone; one block instead of five
era, index = controls.era_index_controls(cat, lang, row)
ix = cat[index]
levels = list(ix.levels(era))
state.ensure_option("w_level", levels, levels[0])
level = row.selectbox(t("level", lang), levels, key="w_level", **controls.choose(lang), width=controls.LEVEL_WIDTH,
                      format_func=lambda lv: t("level_" + lv, lang))
units, known = controls.level_units(data.units_frame(era), level)
current, held = compare.compare_current(known)   # units of another level/era are kept aside
anchor = s.unit                          # the state's: the w_unit key is not kept on this page
if not current and anchor in known and compare.compare_first_visit():
    current = [anchor]                   # the list opens on "my unit" once; emptied, it stays empty
if len(current) > MAX_COMPARE:           # a link with more than 8 (the codec keeps 8 already)
    st.warning(t("compare_too_many", lang))
    current = current[:MAX_COMPARE]
st.session_state["w_compare"] = current
# the year after the list (still the row's last control): opened without one, it starts on the
# newest year in which most of the compared units have a figure
year = controls.year_control(era, level, index, lang, row, prefer=tuple(current))
# one list of every unit of the level, filtered as the user types (name with or without accents, code);
# no max_selections: a 9th unit is refused with a message naming it (compare.compare_changed)
options, labels = picker.picker_options(era, (level,), lang)
chosen = st.multiselect(t("compare_units", lang), options, key="w_compare", select_all=False,
                        format_func=labels.__getitem__, placeholder=t("pick_many_placeholder", lang),
                        on_change=compare.compare_changed, args=(labels,))
compare.compare_messages(chosen, lang)
if held:
    st.caption(t("compare_held", lang, n=len(held)))
compare.make_mine_control(era, chosen, labels, lang, s.unit)
s = state.from_widgets(s)
state.show_notices(lang)
state.finish(s)

if year is None:
    notes.no_published(lang, "level", index=ix, level=level, era=era)
    links.copy_link(s, lang)
    st.stop()
if len(chosen) < 2:
    st.info(t("compare_need", lang))
    links.copy_link(s, lang)
    st.stop()

cmp = notes.run_query(lang, "compare", era=era, level=level, index_id=index, year=year,
                      unit_codes=list(chosen))
if cmp is None or cmp.is_empty():
    st.info(t("no_data", lang))
    st.stop()
if not cmp["value"].is_not_null().any():
    notes.no_published(lang, "units", index=ix, level=level, era=era)
    links.copy_link(s, lang)
    st.stop()
cmp = derived.compare_in_order(cmp, tuple(chosen))

st.caption(f"{controls.index_label(ix, lang)} {year} — {t('level_' + level, lang)}")
notes.illustrative_banner(cmp, lang, valued_only=True)
missing = derived.units_without_total(cmp, lang)
if missing:
    st.caption(t("compare_without_total", lang, units=missing))
st.markdown("#### " + t("compare_table", lang))
display, numeric = derived.compare_pivot(cmp, lang, ix.decimals)
with narrow.pair("compare", narrow.compare_view(display, numeric, lang)):   # a row per unit on a phone
    tables.compare_table(display, numeric, lang)
st.caption(t("best_marked", lang) + (" * = " + t("illustrative", lang) if imports.illustrative_on() else ""))
dl.table(display, f"so-sanh-{index}-{year}", lang)

bars = derived.compare_bars(cmp, lang, ix.decimals)
if bars.height:
    st.markdown("#### " + t("compare_chart", lang))
    cmp_chart = plot.show("compare_bars", bars, lang=lang, unit_title=t("unit", lang),
                          axis_title=t("achievement", lang), value_title=t("score", lang),
                          status_title=t("status", lang))
    dl.chart(cmp_chart, f"so-sanh-bieu-do-{index}-{year}", lang,
             title=dl.heading(lang, t("chart_title_compare", lang, n=len(chosen)), ix, year,
                              t("peers_compared", lang, n=len(chosen), level=t("level_" + level, lang)),
                              frame=cmp))
notes.method_note(ix, year, lang)
links.copy_link(s, lang)

"""Mục tiêu và giả định / What-if and targets: change components, see the new rank; solve for a target."""
from __future__ import annotations

from dataclasses import replace

import streamlit as st

from doisanh import fmt, whatif
from doisanh.i18n import t
from doisanh.state import STRATEGIES
from ui import links, narrow, notes, shell, state, tables, unit_page
from ui import whatif as wi_ui
from ui import views as derived

cat = shell.load_or_stop()
s = state.begin(cat, "whatif")
lang = shell.language_switch()
narrow.style()      # the breakpoint rule of this page's narrow table views
st.title(t("page_whatif", lang))
st.caption(t("whatif_intro", lang))

ctx = unit_page.unit_page_header(cat, s, lang)
era, index, ix, unit, level, year, group = (ctx.era, ctx.index, ctx.ix, ctx.unit, ctx.level,
                                            ctx.year, ctx.group)
if year is None:
    state.finish(replace(state.from_widgets(s), unit=unit["unit_code"], level=level))
    notes.no_published(lang, "unit", index=ix, level=level, era=era)
    st.stop()

base = dict(era=era, level=level, index_id=index, year=year, **group.params())
ranking = notes.run_query(lang, "ranking", **base)
breakdown = notes.run_query(lang, "breakdown", unit_code=unit["unit_code"], **base)
row = None if ranking is None else derived.row_of(ranking, unit["unit_code"])
if row is None or breakdown is None:
    state.finish(replace(state.from_widgets(s), unit=unit["unit_code"], level=level))
    notes.no_published(lang, "unit", index=ix, level=level, era=era)
    st.stop()
# only some units published: no rank is worked out among the few (the score and rating are)
ranked = not notes.coverage_note(ranking, lang)
others = derived.peers_without(ranking, unit["unit_code"])      # sorted once per group, not per rerun
g = 10.0 ** -ix.decimals

# --- what-if sliders ------------------------------------------------------------------------
parts_df = derived.parts(breakdown)
have_parts = derived.parts_complete(breakdown)
key_of = wi_ui.whatif_key_prefix(unit["unit_code"], index, year)
current = {r["component"]: r["value"] for r in parts_df.iter_rows(named=True)}
parts = [whatif.Part(r["component"], r["value"], r["max_value"], r["weight"])
         for r in parts_df.iter_rows(named=True)] if have_parts else []
changed: dict[str, float] = {}
name_col = "name_en" if lang == "en" else "name_vi"
if not have_parts:
    st.info(t("whatif_needs_parts", lang))
else:
    maxes = {r["component"]: r["max_value"] for r in parts_df.iter_rows(named=True)}
    wi_ui.seed_whatif(key_of, current, maxes, lang)
    notes.illustrative_banner(parts_df, lang)
    st.caption(wi_ui.component_sources(parts_df, lang))
    st.button(t("reset_all", lang), on_click=wi_ui.reset_whatif, args=(key_of, current))
    for r in parts_df.iter_rows(named=True):
        cid = r["component"]
        line = st.container(horizontal=True, vertical_alignment="bottom")   # one block, not three
        # the value written the language's way in the label: Streamlit's slider writes 8.14
        label = t("slider_value", lang, name=r[name_col], max=fmt.num(r["max_value"], ix.decimals, lang),
                  value=fmt.num(st.session_state.get(key_of + cid, r["value"]), ix.decimals, lang))
        v = line.slider(label, min_value=0.0, max_value=float(r["max_value"]), step=g,
                         key=key_of + cid, format=tables.browser_number_format(ix.decimals, lang))
        line.button("↺", key="reset_" + key_of + cid, help=t("reset", lang), width="content",
                     on_click=wi_ui.reset_whatif, args=(key_of, {cid: current[cid]}))
        if abs(v - current[cid]) > g / 2:
            changed[cid] = round(v, ix.decimals)

new_total = row["value"] + sum(p.weight * (changed.get(p.id, p.value) - p.value) for p in parts)
new_rank, n = others.rank_of(new_total) if ranked else (None, row["n_units"])
new_pct = others.percentile_of(new_total) if ranked else None
wi_ui.whatif_results(row, new_total, new_rank, n, new_pct, ix, year, lang)
if not ranked:
    st.caption(t("whatif_partial", lang, k=fmt.num(row["n_published"], 0, lang),
                 n=fmt.num(row["n_level"], 0, lang)))

# --- target solver --------------------------------------------------------------------------
st.markdown("#### " + t("target", lang))
kind, target = wi_ui.target_controls(ix, year, ranking, unit, others, lang, ranked=ranked)
state.ensure_option("w_strategy", list(STRATEGIES), "largest_headroom")
strategy = st.radio(t("strategy", lang), list(STRATEGIES), key="w_strategy", horizontal=True,
                    format_func=lambda x: t("strategy_" + x, lang))
if target is not None and have_parts:
    names = dict(zip(parts_df["component"], parts_df[name_col]))
    difficulty = wi_ui.difficulty_inputs(parts, names, lang) if strategy == "weighted" else {}
    plan_parts = [replace(p, value=changed.get(p.id, p.value), difficulty=difficulty.get(p.id, 1.0))
                  for p in parts]
    req = whatif.requirement(target, plan_parts, others, new_total, decimals=ix.decimals)
    wi_ui.show_requirement(req, new_total, ix, lang, published_total=row["value"])
    if req.gain > 0 and req.reachable:
        plan = whatif.make_plan(plan_parts, req.gain, strategy, decimals=ix.decimals)
        wi_ui.show_plan(plan, parts_df, ix, lang)
        st.button(t("apply_plan", lang), on_click=wi_ui.reset_whatif,
                  args=(key_of, {st_.id: st_.new_value for st_ in plan}))
elif target is not None:
    st.info(t("whatif_needs_parts", lang))

# --- targets vs actuals ---------------------------------------------------------------------
st.markdown("#### " + t("targets_table", lang))
wi_ui.targets_table(unit, era, year, lang)

s = state.from_widgets(s)
s = replace(s, unit=unit["unit_code"], level=level, whatif=tuple(sorted(changed.items())),
            target=None if kind is None else st.session_state.get("_target_text"))
state.show_notices(lang)
state.finish(s)
notes.method_note(ix, year, lang)
links.copy_link(s, lang)

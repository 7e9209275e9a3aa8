"""The head of the unit pages (profile, what-if): era, unit, index, year and peer group in one
row, the page stopped with a prompt until a unit is chosen, and what they share (UnitContext)."""
from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from doisanh import state as codec
from doisanh.catalog import Catalog, Index
from doisanh.i18n import t
from ui import controls, links, peer_group, picker, state


def unit_and_index(cat: Catalog, lang: str, where) -> tuple[str, str, dict | None]:
    """Era selector, unit search, then the index selector offering only indices that cover
    the chosen unit's level (both selectors in container `where`, which shows before the search
    box although the index selector is filled last)."""
    era = controls.era_control(lang, where)
    all_levels = tuple(dict.fromkeys(lv for i in cat.ids for lv in cat[i].levels(era)))
    unit = picker.unit_picker(era, lang, all_levels)
    ids = list(cat.ids)
    if unit is not None:
        st.session_state["w_level"] = unit["level"]
        ids = [i for i in cat.ids if unit["level"] in cat[i].levels(era)]
        wanted = st.session_state.get("w_index")
        if wanted not in ids:
            if wanted is not None:
                state.notice("index", str(wanted), ids[0])
            st.session_state["w_index"] = ids[0]
    state.ensure_option("w_index", ids, ids[0])
    if unit is not None and not st.session_state.get(state.INDEX_CHOSEN):
        st.session_state["w_index"] = controls.index_with_figures(
            cat, st.session_state["w_index"],
            lambda i: bool(controls.unit_years(i, era, unit["level"], unit["unit_code"])), ids)
    index = where.selectbox(t("index", lang), ids, key="w_index", on_change=controls.index_chosen,
                            **controls.choose(lang), format_func=lambda i: controls.index_label(cat[i], lang))
    return era, index, unit


@dataclass(frozen=True)
class UnitContext:
    """What the unit pages (profile, what-if) share: the unit, index, year and peer group."""
    era: str
    index: str
    ix: Index
    unit: dict
    level: str
    year: int | None
    group: object   # doisanh.peers.PeerGroup


def unit_page_header(cat: Catalog, s: codec.State, lang: str) -> UnitContext:
    """Era, index, unit search, year and peer group — stops the page with a prompt until a unit
    is chosen. The caller writes the state back (state.finish) once its own widgets ran."""
    row = st.container(horizontal=True)     # wraps on a phone; one block instead of four
    era, index, unit = unit_and_index(cat, lang, row)
    if unit is None:
        state.show_notices(lang)
        state.finish(state.from_widgets(s))
        st.info(t("pick_unit_first", lang))
        st.stop()
    level = unit["level"]
    year = controls.year_control(era, level, index, lang, row, unit_code=unit["unit_code"])
    group = peer_group.peer_controls(era, level, index, year, unit, lang)
    if group.empty:                      # nothing to rank within: no rank 1/1, no "unchanged"
        state.show_notices(lang)
        s = state.from_widgets(s)
        state.finish(s)
        links.copy_link(s, lang)
        st.stop()
    st.subheader(picker.unit_label(unit, era, lang))
    st.caption(t("peer_caption", lang, group=group.sentence(lang)))
    return UnitContext(era, index, cat[index], unit, level, year, group)

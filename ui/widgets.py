"""Shared widgets and display helpers used by the pages."""
from __future__ import annotations

import logging

import polars as pl
import streamlit as st

from doisanh.catalog import Index
from doisanh.i18n import t
from ui import controls, notes, state
from ui import views as derived

log = logging.getLogger("doisanh")
ALL = state.ALL


def headline_metrics(h, ix: Index, year: int, lang: str) -> None:
    status = notes.status_text(h.is_illustrative, lang, h.source_id)
    src = notes.source_text(h.source_id, lang)
    st.caption(t("metric_caption", lang, index=controls.index_label(ix, lang), year=year, status=status,
                 source=f" — {t('source', lang)}: {src}" if src else ""))
    if h.is_illustrative:
        st.warning(t("illustrative_banner", lang, k=1, n=1))
    # two wrapping rows rather than st.columns: two blocks to send on every rerun instead of nine
    row = st.container(horizontal=True)
    row.metric(t("score", lang), h.score, h.score_delta, delta_color="normal")
    row.metric(t("rank", lang), h.rank, h.rank_delta, delta_color="off" if not h.rank_moved else "normal",
               help=t("help_rank", lang))
    row.metric(t("percentile", lang), h.percentile, help=t("help_percentile", lang))
    row.metric(t("rating", lang), h.rating, help=t("help_rating", lang))
    row = st.container(horizontal=True)
    row.metric(t("gap_to_leader", lang), h.gap_leader, help=t("help_gap_leader", lang))
    row.metric(t("gap_to_median", lang), h.gap_median, help=t("help_gap_median", lang))
    row.metric(t("gap_to_next_rank", lang), h.gap_next, help=t("help_gap_next", lang))


def distribution_view(ranking: pl.DataFrame, row: dict, ix: Index, era: str, level: str,
                      year: int, group, lang: str) -> None:
    from ui import plot
    bins = notes.run_query(lang, "histogram", era=era, level=level, index_id=ix.id, year=year,
                           province_code=None, bins=30)
    if bins is None or bins.is_empty():
        return
    name = "name_en" if lang == "en" else "name_vi"
    # peers are marked when they are a subset; the whole level is the histogram itself
    bands = tuple((b.min, b.name_vi if lang == "vi" else b.name_en) for b in ix.bands_for(year) if b.min > 0)
    marks, thresholds = derived.distribution_marks(ranking, row["unit_code"], row["value"], row[name],
                                                   mark_peers=group.mode != "all", lang=lang,
                                                   decimals=ix.decimals, bands=bands)
    # no caption under it: the peer group is named under the unit's name at the top of the page,
    # and the legend says which marks are the group (the caption repeated the first word for word)
    plot.show("distribution", bins, marks, thresholds, lang=lang,
              value_title=f"{controls.index_label(ix, lang)} {year}", count_title=t("n_units_axis", lang))


def compare_page() -> str:
    return "pages/compare.py"


_COMPARE_OPENED = "_compare_opened"     # the compare list was seeded from "my unit" once
_COMPARE_REFUSED = "_compare_refused"   # labels of units the last change tried to add past 8


def compare_first_visit() -> bool:
    """True the first time the compare page seeds its list in this session (then never again:
    a list the official emptied stays empty)."""
    first = not st.session_state.get(_COMPARE_OPENED)
    st.session_state[_COMPARE_OPENED] = True
    return first


_COMPARE_HELD = "_compare_held"         # compared units of another level or era, kept aside


def compare_current(known: frozenset[str]) -> tuple[list[str], list[str]]:
    """(the compared units of the level and era shown, at most 8; the others, held aside and
    brought back when their level and era are shown again). A level or era switch used to drop
    them from the list without a word."""
    from doisanh.state import MAX_COMPARE
    ss = st.session_state
    pool = list(dict.fromkeys([*(ss.get("w_compare") or []), *(ss.get(_COMPARE_HELD) or [])]))
    here = [c for c in pool if c in known]
    current, held = here[:MAX_COMPARE], [c for c in pool if c not in known] + here[MAX_COMPARE:]
    ss[_COMPARE_HELD] = held
    return current, held


def compare_changed(labels) -> None:
    """on_change of the compare list: a unit past the 8th is refused (the list keeps its 8) and
    named in a message, instead of being dropped without a word. Never touches w_unit."""
    from doisanh.state import MAX_COMPARE
    value = list(st.session_state.get("w_compare") or [])
    if len(value) > MAX_COMPARE:
        st.session_state["w_compare"] = value[:MAX_COMPARE]
        # the label without its unaccented spelling and code ("Tỉnh Sáu · Sau · 06" -> "Tỉnh Sáu")
        st.session_state[_COMPARE_REFUSED] = [labels.get(c, c).split(" · ")[0] for c in value[MAX_COMPARE:]]


def compare_messages(chosen: list[str], lang: str) -> None:
    from doisanh.state import MAX_COMPARE
    refused = st.session_state.pop(_COMPARE_REFUSED, None)
    if refused:
        st.warning(t("compare_refused", lang, name=", ".join(refused), n=MAX_COMPARE))
    elif len(chosen) >= MAX_COMPARE:
        st.caption(t("compare_full", lang, n=MAX_COMPARE))


def make_mine_control(era: str, chosen: list[str], labels, lang: str, mine: str | None) -> None:
    """Names "my unit" (`mine`: the state's, not the w_unit key, which Streamlit drops on a page
    without the unit picker) and offers to make one of the compared units "my unit": the only
    place on the compare page where it changes (state.choose_unit, before the widgets run)."""
    if mine in labels:
        st.caption(t("compare_mine", lang, name=labels[mine].split(" · ")[0]))
    others = [c for c in chosen if c != mine]
    if not others:
        return
    row = st.container(horizontal=True, vertical_alignment="bottom")
    pick = row.selectbox(t("compare_make_mine_pick", lang), others, key="compare_mine_pick",
                         format_func=labels.__getitem__, **controls.choose(lang))
    row.button(t("compare_make_mine", lang), key="compare_make_mine", on_click=state.choose_unit,
               args=(era, pick), icon=":material/my_location:")

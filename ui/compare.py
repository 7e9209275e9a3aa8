"""The compare page's list of units: seeded from "my unit" on the first visit only, units of
another level or era held aside, a unit past the 8th refused with a message naming it, and the
control that makes one of the compared units "my unit"."""
from __future__ import annotations

import streamlit as st

from doisanh.i18n import t
from ui import controls, state


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

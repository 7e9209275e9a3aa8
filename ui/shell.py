"""The shell every page runs in: the snapshot check that stops a page with a clear message
(load_or_stop), the sidebar's language switch with its relabelling of every pick list, and the
illustrative-data mode under it (mode_switch), set before any query runs."""
from __future__ import annotations

import streamlit as st

from doisanh.catalog import Catalog
from doisanh.i18n import t
from ui import data, imports, state


def language_switch() -> str:
    """The sidebar's language switch and, under it, the illustrative-data mode (mode_switch):
    every page calls this first, so the mode is set before any query runs."""
    state.ensure_option("w_lang", ["vi", "en"], "vi")
    lang = st.sidebar.radio(t("language", st.session_state["w_lang"]), ["vi", "en"],
                            key="w_lang", horizontal=True, on_change=relabel,
                            format_func=lambda x: {"vi": "Tiếng Việt", "en": "English"}[x])
    state.remember_language(lang)
    mode_switch(lang)
    return lang


# Widgets whose options are labelled by format_func in the page's language. Streamlit 1.67
# keys a widget with a key by that key alone, so after the language switch the browser keeps
# the selectbox it has, showing the chosen option's old label ('Trước 7/2025 (63 tỉnh)' on an
# English page) until the value changes. A value set through session state is sent to the
# browser with its new label (`set_value`): the switch sets each of them to itself.
RELABEL = ("w_era", "w_index", "w_level", "w_year", "w_province", "w_peers", "w_custom", "w_compare",
           "w_tkind", "w_t_band", "w_t_beat", "w_strategy", "w_import_kind", "w_import_choice",
           "w_map_color", "w_map_weighting", "map_recon_target", "compare_mine_pick")


def relabel() -> None:
    """The language and mode switches' callback: every labelled option widget shows its choice
    anew."""
    ss = st.session_state
    for key in RELABEL:
        if key in ss:
            ss[key] = ss[key]


def mode_switch(lang: str) -> bool:
    """The 'Dữ liệu minh họa / Illustrative data' toggle (state field `illustrative`, in the link
    as illustrative=1; ui.imports applies it to every query) and, while it is on, the banner at
    the top of every view."""
    if not isinstance(st.session_state.get(imports.MODE_KEY), bool):
        st.session_state[imports.MODE_KEY] = False
    # the year lists' labels count the published units ('2023 · 1/696'): relabel them as the
    # language switch does, or the browser's stale label resets the year on the next change
    on = st.sidebar.toggle(t("illustrative_mode", lang), key=imports.MODE_KEY, on_change=relabel,
                           help=t("illustrative_mode_help", lang))
    if on:
        st.warning(t("illustrative_mode_banner", lang), icon=":material/science:")
    return on


def load_or_stop() -> Catalog:
    """The catalog, after checking that the snapshot loads; a clear message otherwise."""
    from doisanh.snapshot import SnapshotError
    try:
        cat = data.get_catalog()
        data.connection()
    except SnapshotError as e:
        st.error(t("snapshot_error", "vi", msg=str(e)) + "\n\n" + t("snapshot_error", "en", msg=str(e)))
        st.stop()
    return cat

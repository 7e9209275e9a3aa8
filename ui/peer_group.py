"""The peer-group controls: the mode (all units, same province or region, nearest by size or
profile, a custom list), the number of neighbours and the custom list; they make a
doisanh.peers.PeerGroup."""
from __future__ import annotations

import streamlit as st

from doisanh.i18n import t
from ui import controls, data, notes, picker, state


def peer_controls(era: str, level: str, index: str, year: int | None, unit: dict, lang: str):
    """Peer-group mode, number of neighbours and custom list; returns a doisanh.peers.PeerGroup."""
    from doisanh import peers
    from doisanh.state import K_RANGE, MAX_CUSTOM, PEER_MODES
    row = st.container(horizontal=True)     # the mode, and the number of neighbours beside it
    state.ensure_option("w_peers", list(PEER_MODES), "auto")
    mode = row.selectbox(t("peers", lang), list(PEER_MODES), key="w_peers", **controls.choose(lang),
                         format_func=lambda m: t("peers_" + m, lang))
    neighbours: list[str] = []
    if mode in ("near_size", "near_profile"):
        state.ensure_option("w_k", list(range(K_RANGE[0], K_RANGE[1] + 1)), 10)
        k = row.slider(t("k_neighbours", lang), K_RANGE[0], K_RANGE[1], key="w_k")
        near = notes.run_query(lang, "neighbours", era=era, level=level, unit_code=unit["unit_code"],
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
        _, every = picker.picker_options(era, (level,), lang)
        labels = {c: every[c] for c in pool["unit_code"].to_list() if c in every}
        chosen = [c for c in st.session_state.get("w_custom") or [] if c in labels]
        if len(chosen) > MAX_CUSTOM:   # no max_selections: its message is Streamlit's English
            st.warning(t("custom_too_many", lang, n=MAX_CUSTOM))
        st.session_state["w_custom"] = chosen[:MAX_CUSTOM]
        custom = tuple(st.multiselect(t("custom_peers", lang), list(labels), key="w_custom",
                                      format_func=labels.__getitem__, select_all=False,
                                      placeholder=t("pick_many_placeholder", lang)))
    group = peers.build(mode, level=level, unit=unit, province_name=data.province_names(era),
                        region_name=data.region_names(), neighbours=neighbours, custom=custom)
    if group.empty:
        st.info(t("peers_custom_empty", lang))
    return group

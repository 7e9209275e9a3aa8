"""Sync between the URL, the widgets and doisanh.state.State.

On a fresh URL (first load or a pasted link) the widgets are seeded from the URL; after
the widgets run, the URL is rewritten from their values. This module is the only writer
of the widget keys it owns (prefix 'w_').
"""
from __future__ import annotations

from dataclasses import replace

import streamlit as st

from doisanh import state as codec
from doisanh.i18n import t

_LAST = "_last_query"


def _current_query() -> dict[str, str]:
    return {k: st.query_params.get(k) for k in st.query_params}


def begin(cat) -> codec.State:
    """Decode the URL when it changed from outside; return the state to seed widgets."""
    qp = _current_query()
    if st.session_state.get(_LAST) != qp or "_state" not in st.session_state:
        s, notices = codec.decode(qp, cat)
        st.session_state["_state"] = s
        st.session_state["_notices"] = notices
        for field in ("lang", "era", "level", "index", "year", "province", "unit"):
            st.session_state["w_" + field] = getattr(s, field)
    return st.session_state["_state"]


def ensure_option(key: str, options: list, default) -> None:
    """Keep a widget's stored value valid for its (possibly changed) options."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = default


def finish(s: codec.State) -> None:
    """Write the state back to the URL (only non-default values)."""
    st.session_state["_state"] = s
    qs = codec.encode(s)
    if _current_query() != qs:
        st.query_params.from_dict(qs)
    st.session_state[_LAST] = qs


def show_notices(lang: str) -> None:
    for n in st.session_state.get("_notices", []):
        st.warning(t("notice_invalid", lang, key=n.key, value=n.value, default=n.default or "—"))
    st.session_state["_notices"] = []


def from_widgets(base: codec.State) -> codec.State:
    ss = st.session_state
    province = ss.get("w_province", base.province)
    return replace(base, lang=ss.get("w_lang", base.lang), era=ss.get("w_era", base.era),
                   level=ss.get("w_level", base.level), index=ss.get("w_index", base.index),
                   year=ss.get("w_year", base.year),
                   province=None if province in (None, "*") else province,
                   unit=ss.get("w_unit", base.unit))

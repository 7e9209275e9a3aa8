"""Sync between the URL, the widgets and doisanh.state.State — the only writer of 'w_*' keys
outside the widgets themselves.

- A URL that changed from outside (first load, pasted link, back button) is decoded and
  seeds the widgets; invalid values become notices.
- A page switch (Streamlit clears the query string) keeps the state held in the session and
  re-seeds the new page's widgets from it, so unit, index, year and peers carry across.
- After the widgets run, `finish` writes the state back to the URL.
"""
from __future__ import annotations

from dataclasses import fields, replace

import streamlit as st

from doisanh import state as codec
from doisanh.i18n import t
from ui import imports

_LAST = "_last_query"
_STATE = "_state"
_PAGE = "_page"
ALL = "*"  # the "whole country" choice of the province filter
# The language of the last run, apart from the radio's own key: Streamlit 1.67 dropped "w_lang"
# on the page switch after a file upload, and the navigation (app.py), built before the page
# runs, named the pages in Vietnamese on an English page.
_LANG = "_lang"


def nav_language() -> str:
    """The language to name the pages in, before the page (and its language switch) runs."""
    ss = st.session_state
    lang = ss.get("w_lang") or ss.get(_LANG) or st.query_params.get("lang", "vi")
    return lang if lang in ("vi", "en") else "vi"


def remember_language(lang: str) -> None:
    st.session_state[_LANG] = lang
_FROM_LINK = "_from_link"   # this run's state was read from the URL (a link opened, back button)
INDEX_CHOSEN = "_index_chosen"  # the index came from the link or the user, not the default


def _current_query() -> dict[str, str]:
    return {k: st.query_params.get(k) for k in st.query_params}


def _seed(s: codec.State) -> None:
    for f in fields(codec.State):
        v = getattr(s, f.name)
        if isinstance(v, tuple):
            v = list(v)
        if f.name == "province" and v is None:
            v = ALL
        st.session_state["w_" + f.name] = v


def begin(cat, page: str) -> codec.State:
    """The state this run starts from; seeds the widgets when it came from outside."""
    qp = _current_query()
    ss = st.session_state
    fresh_url = qp != ss.get(_LAST)
    if fresh_url and (qp or _STATE not in ss):
        s, notices = codec.decode(qp, cat)
        ss[_STATE] = s
        ss["_notices"] = notices
        ss["_fresh_url"] = True
        ss["_link_needs_import"] = s.imp and imports.active() is None
        ss[INDEX_CHOSEN] = "index" in qp     # else the pages may open on an index with figures
        _seed(s)
        ss[_FROM_LINK] = True
    else:
        ss[_FROM_LINK] = False
    if not ss[_FROM_LINK] and ss.get(_PAGE) != page:
        ss[_STATE] = _unit_in_its_era(ss[_STATE], ss.get(SEEN), page)
        _seed(ss[_STATE])
    ss[_PAGE] = page
    return ss[_STATE]


UNIT_PAGES = ("profile", "whatif", "map")   # pages with the unit picker ("my unit" is chosen there)


def _unit_in_its_era(s: codec.State, seen: tuple[str, str] | None, page: str) -> codec.State:
    """Arriving on a unit page, "my unit" is shown in the era it was chosen in. An era switched
    on another page (compare, ranking) is not a choice of unit: followed across the 2025 break
    here, it silently replaced the unit (Hải Dương became Hải Phòng, unit=31; issue 14)."""
    if page in UNIT_PAGES and seen is not None and s.unit == seen[1] and s.era != seen[0]:
        return replace(s, era=seen[0], year=None)
    return s


def from_link() -> bool:
    """This run started from a link (its state was decoded from the URL)."""
    return bool(st.session_state.get(_FROM_LINK))


def ensure_option(key: str, options: list, default) -> None:
    """Keep a widget's stored value valid for its (possibly changed) options."""
    if st.session_state.get(key) not in options:
        st.session_state[key] = default


def update(s: codec.State, **changes) -> codec.State:
    """Change the state and the matching widgets (e.g. after a search picks a unit)."""
    s = replace(s, **changes)
    st.session_state[_STATE] = s
    _seed(s)
    return s


def from_widgets(base: codec.State) -> codec.State:
    ss = st.session_state
    values = {}
    for f in fields(codec.State):
        key = "w_" + f.name
        if key not in ss:
            continue
        v = ss[key]
        if f.name == "province" and v == ALL:
            v = None
        if isinstance(getattr(base, f.name), tuple):
            v = tuple(v or ())
        values[f.name] = v
    return replace(base, **values)


def finish(s: codec.State) -> None:
    """Write the state back to the URL (only non-default values)."""
    s = replace(s, imp=imports.active() is not None)
    st.session_state[_STATE] = s
    qs = codec.encode(s)
    if _current_query() != qs:
        st.query_params.from_dict(qs)
    st.session_state[_LAST] = qs


def notice(key: str, value: str, default: str = "") -> None:
    st.session_state.setdefault("_notices", []).append(codec.Notice(key, value, default))


def show_notices(lang: str) -> None:
    if st.session_state.pop("_link_needs_import", False):
        st.info(t("link_needs_import", lang))
    for n in st.session_state.get("_notices", []):
        st.warning(t("notice_invalid", lang, key=n.key, value=n.value, default=n.default or "—"))
    st.session_state["_notices"] = []


SEEN = "_unit_seen"      # (era, code) of the unit last shown: an era switch is told by it
ACROSS = "_across"       # (era, code) of a unit left behind by an era switch, until a unit is chosen


def choose_unit(era: str, code: str) -> None:
    """Make `code` of `era` the chosen unit (a button's callback: before the widgets run)."""
    ss = st.session_state
    ss["w_era"] = era
    ss["w_unit"] = code
    ss[SEEN] = (era, code)
    ss.pop(ACROSS, None)

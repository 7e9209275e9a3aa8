"""The link to the view on screen: its full address built from the state (view_url) and the
line at the foot of a page that offers to copy it (copy_link)."""
from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from doisanh import state as codec
from doisanh.i18n import t


def view_url(s: codec.State) -> str:
    """The full address of the view of state `s` (the query string alone outside a browser)."""
    base = ""
    try:
        base = (st.context.url or "").split("?")[0]
    except Exception:  # st.context.url is unavailable outside a browser session (AppTest)
        base = ""
    qs = urlencode(codec.encode(s))
    return f"{base}?{qs}" if qs else (base or "?")


def copy_link(s: codec.State, lang: str) -> None:
    """The full address of this view; st.code shows a copy button beside it."""
    st.caption(t("copy_link", lang))
    st.code(view_url(s), language=None)

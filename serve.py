"""Đối sánh served by Streamlit with a 404 page for unknown addresses: `streamlit run serve.py`.

app.py is the app (the frame and its pages); this file only puts ui.notfound.NotFound in front
of Streamlit's server (st.App), since Streamlit itself answers every unknown
path with 200 — a blank page for "/xep-hang/extra". Same options as `streamlit run app.py`
(.streamlit/config.toml, --server.port …).
"""
from __future__ import annotations

import streamlit as st
from starlette.middleware import Middleware

from ui.notfound import NotFound

app = st.App("app.py", middleware=[Middleware(NotFound)])

"""Đối sánh — entry point: page config, language switch, navigation.

Pages are listed explicitly with st.navigation (automatic discovery of pages/ is off).
Run: streamlit run app.py
"""
from __future__ import annotations

import streamlit as st

from doisanh.i18n import t
from ui.state import nav_language

st.set_page_config(page_title="Đối sánh", page_icon="📊", layout="wide")

lang = nav_language()

pages = [
    # the default page lives at "/" (Streamlit ignores a url_path on it)
    st.Page("pages/profile.py", title=t("page_profile", lang), icon=":material/location_on:", default=True),
    st.Page("pages/compare.py", title=t("page_compare", lang), icon=":material/compare_arrows:", url_path="so-sanh"),
    st.Page("pages/whatif.py", title=t("page_whatif", lang), icon=":material/flag:", url_path="muc-tieu"),
    st.Page("pages/ranking.py", title=t("page_ranking", lang), icon=":material/leaderboard:", url_path="xep-hang"),
    st.Page("pages/importer.py", title=t("page_import", lang), icon=":material/upload_file:", url_path="nhap-so-lieu"),
    st.Page("pages/map.py", title=t("page_map", lang), icon=":material/map:", url_path="ban-do"),
]
st.navigation(pages).run()

"""Nhập số liệu / Import data: template downloads, upload, validation report, load into the session."""
from __future__ import annotations

import polars as pl
import streamlit as st

from doisanh import fmt, ingest
from doisanh.i18n import t
from ui import controls, data, imports, narrow, shell, state, tables, upload

cat = shell.load_or_stop()
s = state.begin(cat, "import")
lang = shell.language_switch()
narrow.style()      # the breakpoint rule of this page's narrow table views
state.show_notices(lang)
st.title(t("page_import", lang))
st.caption(t("import_intro", lang))

with st.expander(t("template_title", lang)):
    st.markdown(ingest.template_doc(lang))
    a, b, _ = st.columns([1, 1, 2])
    a.download_button(t("template_csv", lang), data=ingest.template_csv, file_name="doisanh_mau.csv",
                      mime="text/csv", on_click="ignore", icon=":material/download:")
    b.download_button(t("template_xlsx", lang), data=lambda: ingest.template_xlsx(cat),
                      file_name="doisanh_mau.xlsx", on_click="ignore", icon=":material/download:",
                      mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

kinds = [None, "template", "pci", "papi"]
kind = st.selectbox(t("import_kind", lang), kinds, key="w_import_kind", **controls.choose(lang),
                    format_func=lambda k: t("kind_" + (k or "auto"), lang))
upload.uploader_texts("w_upload", lang)
up = st.file_uploader(t("upload", lang), type=["xlsx", "xls", "csv"], key="w_upload")
if up is not None:
    payload = up.getvalue()
    units = pl.concat([data.units_frame("pre2025"), data.units_frame("post2025")],
                      how="vertical_relaxed")
    result = upload.read_import(up.name, up.file_id, payload, units, kind, lang)
    if result is not None:
        st.markdown(result.summary(lang))
        if result.fatal:
            why = next(p for p in result.problems if p.severity == "fatal")
            st.error(t("import_fatal", lang, why=why.message(lang)))
        if result.problems:
            st.markdown("##### " + t("problems", lang))
            problems = result.problems_table(lang)
            keys = ingest.problem_headers(lang, "message", "severity", "row")   # on a phone
            with narrow.pair("problems", narrow.columns_view(problems, keys, lang, tables.MAX_SCREEN_ROWS)):
                tables.capped_table(problems, lang)
        if not result.fatal:
            choice = st.radio(t("import_choice", lang), ["keep", "refuse"], horizontal=True,
                              key="w_import_choice",
                              format_func=lambda c: t("keep_valid" if c == "keep" else "refuse_all", lang))
            if st.button(t("import_go", lang), type="primary"):
                try:
                    accepted = ingest.accept(result, keep_valid=choice == "keep")
                except ingest.ImportRefused:
                    st.warning(t("import_refused", lang))
                else:
                    total = imports.add(accepted, result.sources, up.name)
                    st.success(t("import_done", lang, n=fmt.num(accepted.height, 0, lang),
                                 total=fmt.num(total, 0, lang)))

imp = imports.active()
if imp:
    st.info(t("import_active", lang, files=", ".join(imp["files"])))
    a, b = st.columns([1, 1])
    a.download_button(t("workspace", lang), data=lambda: ingest.template.to_template_csv(imp["obs"], imp["sources"]),
                      file_name="doisanh_khong_gian_lam_viec.csv", mime="text/csv", on_click="ignore")
    if b.button(t("import_clear", lang)):
        imports.clear()
        st.rerun()
else:
    st.caption(t("import_none", lang))
state.finish(state.from_widgets(s))

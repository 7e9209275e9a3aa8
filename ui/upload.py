"""The import page's upload: the uploader's button and limits in the page's language (a style
rule, as Streamlit has no parameter for them) and the reading of an uploaded file in the
bounded child process, once per file and kind."""
from __future__ import annotations

import logging

import polars as pl
import streamlit as st

from doisanh.i18n import t

log = logging.getLogger("doisanh")


def uploader_texts(key: str, lang: str) -> None:
    """st.file_uploader's button ('Upload') and line of limits ('25MB per file • XLSX, XLS,
    CSV') are English in Streamlit 1.67 and have no parameter: the only way is a style rule
    scoped to this uploader's own container (its `st-key-` class) — the limits line hidden
    (the widget's label names the types and the size), the button's word replaced by ours."""
    st.html(_upload_style(key, t("upload_button", lang)))


def _upload_style(key: str, word: str) -> str:
    """The uploader's style rule: `word` as a CSS string (every character but letters, digits
    and spaces escaped, so no text can end the string or the <style> element)."""
    import re
    k = f".st-key-{re.sub(r'[^A-Za-z0-9_-]', '', key)} [data-testid='stFileUploaderDropzone']"
    css = "".join(c if c.isalnum() or c == " " else f"\\{ord(c):x} " for c in word)
    return (f"<style>{k} [data-testid='stFileUploaderDropzoneInstructions']{{display:none}}"
            f"{k} button [data-testid='stMarkdownContainer'] p{{display:none}}"
            f"{k} button [data-testid='stMarkdownContainer']::after{{content:\"{css}\"}}</style>")


def read_import(name: str, file_id: str, payload: bytes, units: pl.DataFrame, kind: str | None, lang: str):
    """Run the importer in its bounded child process (doisanh.ingest.sandbox; the catalog is
    the package's own there), once per uploaded file and kind: the page's reruns (choosing
    keep/refuse, loading) reuse the answer. A wait for a free slot is said on the page; an
    unexpected failure is logged and shown as a plain message."""
    from doisanh.ingest import sandbox
    key = (file_id, kind)
    held = st.session_state.get(_PARSED)
    if held is not None and held[0] == key:
        return held[1]
    note = st.empty()
    try:
        with st.spinner(t("import_reading", lang)):
            result = sandbox.read(name, payload, units, kind=kind, on_wait=lambda: note.info(
                t("import_waiting", lang), icon=":material/hourglass_top:"))
    except Exception:
        log.exception("import of %s failed", name)
        st.error(t("query_error", lang))
        return None
    finally:
        note.empty()
    st.session_state[_PARSED] = (key, result)
    return result


_PARSED = "_import_parsed"   # (file id, kind) → the ImportResult of the upload on screen

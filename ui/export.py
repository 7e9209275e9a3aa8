"""Download buttons: tables (CSV, XLSX), charts (PNG, SVG), the one-page briefing (PDF, PNG).
Files are generated only when the button is clicked (deferred callables)."""
from __future__ import annotations

import functools
from collections.abc import Callable

import altair as alt
import polars as pl
import streamlit as st

from doisanh import briefing, export, fmt
from doisanh.catalog import Index
from doisanh.i18n import t
from ui import plot
from ui import views as derived


def _slug(name: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in name)[:60]


def _row():
    """The download buttons of one table or chart, side by side (wrapping on a phone): one
    horizontal container instead of three columns, fewer elements to send on every rerun."""
    return st.container(horizontal=True, gap="small")


def table(df: pl.DataFrame, name: str, lang: str, notes: list[str] | None = None) -> None:
    row = _row()
    slug = _slug(name)
    row.download_button(t("download_csv", lang), data=lambda: export.to_csv(df, lang),
                        file_name=f"{slug}.csv", mime="text/csv", on_click="ignore",
                        key=f"dl_csv_{slug}", icon=":material/download:")
    row.download_button(t("download_xlsx", lang), data=lambda: export.to_xlsx(df, notes=notes, lang=lang),
                        file_name=f"{slug}.xlsx", on_click="ignore", key=f"dl_xlsx_{slug}",
                        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        icon=":material/download:")


def heading(lang: str, title: str, ix: Index, year: int, peers: str, *,
            frame: pl.DataFrame | None = None, source_ids: tuple[str | None, ...] = ()) -> Callable[[], dict]:
    """The title of an exported chart (doisanh.export.heading), made when a file is asked for
    (nothing on a rerun): index, year, peers and the sources of the figures — the ids given and
    those of `frame` (source_id, pub_source_id), by title and address, or the index's publisher
    when none is recorded — and whether `frame` holds illustrative figures."""
    from ui import imports
    return functools.partial(_heading, lang, title, ix, year, peers, frame, source_ids, imports.source_titles())


def _heading(lang: str, title: str, ix: Index, year: int, peers: str, frame: pl.DataFrame | None,
             source_ids: tuple[str | None, ...], titles) -> dict:
    from ui import notes
    ids = list(source_ids)
    illustrative = False
    if frame is not None:
        for col in ("source_id", "pub_source_id"):
            if col in frame.columns:
                ids += frame[col].unique(maintain_order=True).to_list()
        if "is_illustrative" in frame.columns:
            illustrative = bool(frame["is_illustrative"].fill_null(False).any())
    named = tuple(fmt.source_line(title_, url) for title_, url in notes.sources_of(ids, titles, lang))
    publisher = ix.publisher_vi if lang == "vi" else ix.publisher_en
    return export.heading(title, lang=lang, index=ix.short_vi if lang == "vi" else ix.short_en, year=year,
                          peers=peers, sources=named or (publisher,), illustrative=illustrative)


def chart(ch: alt.Chart | plot.Chart, name: str, lang: str, *, title: Callable[[], dict]) -> None:
    """PNG and SVG of `ch` with the title `title()` (from `heading`: what, index, year, peers,
    sources)."""
    row = _row()
    slug = _slug(name)
    row.download_button(t("download_png", lang), data=lambda: export.chart_png(ch.to_dict(), title=title()),
                        file_name=f"{slug}.png", mime="image/png", on_click="ignore",
                        key=f"dl_png_{slug}", icon=":material/image:")
    row.download_button(t("download_svg", lang), data=lambda: export.chart_svg(ch.to_dict(), title=title()),
                        file_name=f"{slug}.svg", mime="image/svg+xml", on_click="ignore",
                        key=f"dl_svg_{slug}", icon=":material/image:")


def briefing_block(d: briefing.BriefingData, components: pl.DataFrame | None,
                   trend: pl.DataFrame | None, name: str) -> None:
    """The paragraph to copy, and the one-page briefing (A4 portrait PDF or PNG) built from `d`,
    the components frame (views.components_chart_frame) and the trend frame (views.trend_frame)
    only when a button is clicked."""
    lang = d.lang
    # heading and hint in one element
    st.markdown("#### " + t("briefing", lang) + f"\n\n:small[:gray[{t('briefing_copy', lang)}]]")
    st.code(derived.paragraph(d), language=None, wrap_lines=True)
    row = _row()
    slug = _slug(name)
    row.download_button(t("download_pdf", lang), data=lambda: briefing.pdf(d, components, trend),
                        file_name=f"{slug}.pdf", mime="application/pdf", on_click="ignore",
                        key=f"dl_pdf_{slug}", icon=":material/picture_as_pdf:")
    row.download_button(t("download_png", lang), data=lambda: briefing.png(d, components, trend),
                        file_name=f"{slug}.png", mime="image/png", on_click="ignore",
                        key=f"dl_bpng_{slug}", icon=":material/image:")

"""What a page says about its figures: a query's failure as a plain message (run_query), how
many units of the level are published, which figures are illustrative, imported or published
and their sources, the index's method, and — when there are none — the ways on (import one's own
figures, or switch on the illustrative data)."""
from __future__ import annotations

import logging

import polars as pl
import streamlit as st

from doisanh import fmt
from doisanh.catalog import Index
from doisanh.i18n import t
from ui import controls, data, imports, shell
from ui.memo import memo

log = logging.getLogger("doisanh")


def run_query(lang: str, name: str, **params) -> pl.DataFrame | None:
    try:
        return imports.query(name, **params)
    except data.QueryTimeout as e:  # interrupted on its own cursor; other sessions go on
        log.warning("query %s interrupted after %s s with %s", name, e.seconds, params)
        st.error(t("query_timeout", lang, seconds=f"{e.seconds:g}"))
        return None
    except Exception:  # logged with its traceback; the user sees a plain message
        log.exception("query %s failed with %s", name, params)
        st.error(t("query_error", lang))
        return None


def coverage_note(ranking: pl.DataFrame, lang: str) -> bool:
    """When only some units of the level are published (queries/ranking.sql is_complete false),
    say how many, and that the ranks shown are the ones the source printed. True if partial."""
    if ranking.is_empty() or ranking["is_complete"][0]:
        return False
    st.info(t("partial_published", lang, k=fmt.num(ranking["n_published"][0], 0, lang),
              n=fmt.num(ranking["n_level"][0], 0, lang)))
    return True


@memo(maxsize=128)
def _flag_counts(df: pl.DataFrame, col: str, valued_only: bool) -> tuple[int, int, bool]:
    """Illustrative values, values, and whether any value was imported in this session."""
    from doisanh.ingest.result import IMPORT_PREFIX
    shown = df.filter(pl.col("value").is_not_null()) if valued_only else df
    flags = shown[col].drop_nulls()
    imported = "source_id" in shown.columns and bool(
        shown["source_id"].str.starts_with(IMPORT_PREFIX).fill_null(False).any())
    return int(flags.sum()), flags.len(), imported


def illustrative_banner(df: pl.DataFrame, lang: str, col: str = "is_illustrative", *,
                        valued_only: bool = False) -> None:
    """How many of the figures shown are illustrative (only rows with a value, if asked)."""
    k, n, imported = _flag_counts(df, col, valued_only)
    if k:
        st.warning(t("illustrative_banner", lang, k=fmt.num(k, 0, lang), n=fmt.num(n, 0, lang)))
    else:    # published, or the official's own imported figures ("Tự nhập" in the table)
        st.success(t("all_published_or_imported" if imported else "all_published", lang))


def status_text(is_illustrative: bool | None, lang: str, source_id: str | None = None) -> str:
    """'Minh họa' (generated), 'Tự nhập' (imported in this session) or 'Công bố' (published)."""
    from doisanh.ingest.result import is_imported
    if is_illustrative is None:
        return ""
    if is_illustrative:
        return t("illustrative", lang)
    return t("imported_flag", lang) if is_imported(source_id) else t("published", lang)


def source_text(source_id: str | None, lang: str = "vi") -> str:
    from doisanh.ingest.result import shown_title
    if not source_id:
        return ""
    title, url = imports.source_titles().get(source_id, (source_id, ""))
    return fmt.source_line(shown_title(title, lang), url)


def sources_of(source_ids, titles=None, lang: str = "vi") -> tuple[tuple[str, str], ...]:
    """(title, address) of each distinct source id, in the order given (none for generated
    figures: their line is the illustrative note), an imported source's title in `lang` only.
    `titles`: the session's source titles, taken during the run by whoever calls this later,
    outside it (a download's deferred callable runs in a server thread, where there is no
    session state)."""
    from doisanh.ingest.result import shown_title
    titles = imports.source_titles() if titles is None else titles
    out: dict[str, tuple[str, str]] = {}
    for sid in source_ids:
        if sid and sid != "illustrative" and sid not in out:
            title, url = titles.get(sid, (sid, ""))
            out[sid] = (shown_title(title, lang), url)
    return tuple(out.values())


def method_note(ix: Index, year: int, lang: str) -> None:
    v = ix.version_for(year)
    legal_basis, source = v.note(lang)
    source = source.replace("index_methods §", t("research_notes", lang) + " §")   # our notes' file name
    with st.expander(t("method_note", lang)):
        lines = [f"- {c.name_vi if lang == 'vi' else c.name_en}: "
                 f"{fmt.num(c.max, 2, lang)} × {fmt.num(c.weight, 4, lang)} [{c.status}]"
                 for c in v.components]
        # one element: the note on unverified items as small grey text, not a caption of its own
        st.markdown(f"**{ix.name_vi if lang == 'vi' else ix.name_en}** — "
                    f"{ix.publisher_vi if lang == 'vi' else ix.publisher_en}\n\n"
                    f"{legal_basis} · [{v.status}] {source}\n\n" + "\n".join(lines)
                    + f"\n\n:small[:gray[{t('unverified_note', lang)}]]")


def no_published(lang: str, what: str, *, index: Index | None = None, level: str | None = None,
                 era: str | None = None) -> None:
    """Nothing published for this level, unit or units (`what`): say so, and offer the two ways
    on — import one's own figures (the import page, and the template with the values to fill for
    this index and level) or switch on the illustrative data. With the mode on, or figures
    imported, the plain 'no figures' message."""
    if imports.illustrative_on():
        st.info(t("no_data", lang))
        return
    st.info(t("no_published_" + what, lang))
    ways_on(lang, what, index=index, level=level, era=era)


def ways_on(lang: str, what: str, *, index: Index | None = None, level: str | None = None,
            era: str | None = None) -> None:
    """The two ways on when figures are missing: the import page and the template (with the
    values to fill for this index and level), and the button that switches the illustrative
    data on. `what` keeps the buttons' keys apart."""
    template = ""
    if index is not None and level and era:
        template = t("no_published_template", lang, era_id=era, level_id=level, index_id=index.id,
                     index=controls.index_label(index, lang), level=t("level_" + level, lang),
                     era=t("era_" + era, lang))
    st.markdown(t("no_published_ways", lang) + template)
    row = st.container(horizontal=True, vertical_alignment="center")
    row.page_link("pages/importer.py", label=t("no_published_import", lang), icon=":material/upload_file:")
    from doisanh import ingest
    row.download_button(t("template_csv_short", lang), data=ingest.template_csv, file_name="doisanh_mau.csv",
                        mime="text/csv", on_click="ignore", icon=":material/download:",
                        key="w_tpl_" + what)
    row.button(t("no_published_switch", lang), icon=":material/science:", on_click=_mode_on,
               key="w_mode_on_" + what)


def _mode_on() -> None:
    st.session_state[imports.MODE_KEY] = True
    shell.relabel()

"""Shared widgets and display helpers used by the pages."""
from __future__ import annotations

import logging
from dataclasses import dataclass

import polars as pl
import streamlit as st

from doisanh import fmt
from doisanh.catalog import ERAS, Catalog, Index
from doisanh.i18n import t
from ui import data, state

log = logging.getLogger("doisanh")
ALL = "*"  # the "whole country" choice of the province filter


@dataclass(frozen=True)
class Selection:
    era: str
    level: str
    index: str
    year: int | None
    province: str | None


def language_switch() -> str:
    state.ensure_option("w_lang", ["vi", "en"], "vi")
    return st.sidebar.radio(t("language", st.session_state["w_lang"]), ["vi", "en"],
                            key="w_lang", horizontal=True,
                            format_func=lambda x: {"vi": "Tiếng Việt", "en": "English"}[x])


def _name(row: dict, lang: str) -> str:
    return row["name_en"] if lang == "en" and row.get("name_en") else row["name_vi"]


def selection_controls(cat: Catalog, lang: str) -> Selection:
    c1, c2, c3, c4, c5 = st.columns([1.2, 1.2, 1.2, 0.8, 1.4])
    state.ensure_option("w_era", list(ERAS), "pre2025")
    era = c1.selectbox(t("era", lang), list(ERAS), key="w_era",
                       format_func=lambda e: t("era_" + e, lang))
    state.ensure_option("w_index", list(cat.ids), "par")
    index = c2.selectbox(t("index", lang), list(cat.ids), key="w_index",
                         format_func=lambda i: cat[i].short_vi if lang == "vi" else cat[i].short_en)
    levels = list(cat[index].levels(era))
    state.ensure_option("w_level", levels, levels[0])
    level = c3.selectbox(t("level", lang), levels, key="w_level",
                         format_func=lambda lv: t("level_" + lv, lang))
    years_df = data.query("years", era=era, level=level, index_id=index)
    years = years_df["year"].to_list()
    state.ensure_option("w_year", years, years[0] if years else None)
    year = c4.selectbox(t("year", lang), years, key="w_year") if years else None
    provinces = data.query("units", era=era, level="province", province_code=None)
    codes = [ALL, *provinces["unit_code"].to_list()]
    names = {r["unit_code"]: _name(r, lang) for r in provinces.iter_rows(named=True)}
    names[ALL] = t("all_provinces", lang)
    if st.session_state.get("w_province") is None:
        st.session_state["w_province"] = ALL
    state.ensure_option("w_province", codes, ALL)
    province = c5.selectbox(t("province_filter", lang), codes, key="w_province",
                            format_func=names.__getitem__, disabled=level == "province")
    return Selection(era, level, index, year,
                     None if level == "province" or province == ALL else province)


def scope_label(sel: Selection, lang: str) -> str:
    if sel.province is None:
        return t("all_provinces", lang)
    prov = data.query("units", era=sel.era, level="province", province_code=sel.province)
    return _name(prov.row(0, named=True), lang) if prov.height else sel.province


def run_query(lang: str, name: str, **params) -> pl.DataFrame | None:
    try:
        return data.query(name, **params)
    except Exception:  # logged with its traceback; the user sees a plain message
        log.exception("query %s failed with %s", name, params)
        st.error(t("query_error", lang))
        return None


def illustrative_banner(df: pl.DataFrame, lang: str) -> None:
    k = int(df["is_illustrative"].sum())
    if k:
        st.warning(t("illustrative_banner", lang, k=fmt.num(k, 0, lang),
                     n=fmt.num(df.height, 0, lang)))
    else:
        st.success(t("all_published", lang))


def with_labels(df: pl.DataFrame, lang: str, decimals: int) -> pl.DataFrame:
    name_col = "name_en" if lang == "en" else "name_vi"
    return df.with_columns(
        (pl.col("rank_in_peers").cast(pl.String) + ". " + pl.col(name_col)).alias("label"),
        pl.col("value").map_elements(lambda v: fmt.num(v, decimals, lang),
                                     return_dtype=pl.String).alias("value_text"),
    )


def ranking_table(df: pl.DataFrame, lang: str, decimals: int) -> pl.DataFrame:
    titles = data.source_titles()
    name_col = "name_en" if lang == "en" else "name_vi"
    rating_col = "rating_en" if lang == "en" else "rating_vi"

    def status(row: dict) -> str:
        return t("illustrative", lang) if row["is_illustrative"] else t("published", lang)

    def source(row: dict) -> str:
        sid = row["pub_source_id"] if row["is_illustrative"] else row["source_id"]
        if not sid:
            return ""
        title, url = titles.get(sid, (sid, ""))
        return f"{title} — {url}" if url and url not in title else title

    rows = []
    for r in df.iter_rows(named=True):
        rows.append({
            t("rank", lang): fmt.rank(r["rank_in_peers"], r["n_units"]),
            t("name", lang): r[name_col],
            t("code", lang): r["unit_code"],
            t("score", lang): fmt.num(r["value"], decimals, lang),
            t("status", lang): status(r),
            t("rating", lang): r[rating_col] or "",
            t("gap_to_leader", lang): fmt.num(r["gap_to_leader"], decimals, lang),
            t("gap_to_next_rank", lang): fmt.num(r["gap_to_next_rank"], decimals, lang),
            t("percentile", lang): fmt.num(r["percentile"], 1, lang),
            t("published_rank", lang): "" if r["published_rank"] is None else str(r["published_rank"]),
            t("source", lang): source(r),
        })
    return pl.DataFrame(rows)


def method_note(ix: Index, year: int, lang: str) -> None:
    v = ix.version_for(year)
    with st.expander(t("method_note", lang)):
        st.markdown(f"**{ix.name_vi if lang == 'vi' else ix.name_en}** — "
                    f"{ix.publisher_vi if lang == 'vi' else ix.publisher_en}")
        st.markdown(f"{v.legal_basis} · [{v.status}] {v.source}")
        lines = [f"- {c.name_vi if lang == 'vi' else c.name_en}: "
                 f"{fmt.num(c.max, 2, lang)} × {fmt.num(c.weight, 4, lang)} [{c.status}]"
                 for c in v.components]
        st.markdown("\n".join(lines))
        st.caption(t("unverified_note", lang))

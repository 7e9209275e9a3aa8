"""The pick lists at the top of the pages: era, index, level, year and province (one Selection),
the arguments every short pick list shares (choose), how units and indices are named in them, and
the years in which a level or a unit has figures shown."""
from __future__ import annotations

from dataclasses import dataclass

import polars as pl
import streamlit as st

from doisanh import fmt, names
from doisanh.catalog import ERAS, Catalog, Index
from doisanh.i18n import t
from ui import data, imports, state
from ui import views as derived
from ui.memo import memo

ALL = state.ALL


@dataclass(frozen=True)
class Selection:
    era: str
    level: str
    index: str
    year: int | None
    province: str | None


def choose(lang: str, *, many: bool = False) -> dict:
    """The arguments that keep Streamlit's own English off a short pick list: a placeholder in
    the page's language ('Choose an option' otherwise) and no typing in it (a typed filter
    matching nothing shows Streamlit's 'No results', which has no parameter). A multiselect
    also hides its 'Select all' entry."""
    if many:
        return {"placeholder": t("choose_many", lang), "select_all": False}
    return {"placeholder": t("choose_one", lang), "filter_mode": None}


LEVEL_WIDTH = 280   # px: 'Huyện, quận, thị xã, thành phố thuộc tỉnh' was cut beside four other lists


def name_of(row: dict, lang: str) -> str:
    return row["name_en"] if lang == "en" and row.get("name_en") else row["name_vi"]


def index_label(ix: Index, lang: str) -> str:
    return ix.short_vi if lang == "vi" else ix.short_en


def era_control(lang: str, where) -> str:
    """The era selector, in container `where`."""
    state.ensure_option("w_era", list(ERAS), "pre2025")
    # wide enough for 'Before 7/2025 (63 provinces)' beside four other lists (cut at 1280 px)
    return where.selectbox(t("era", lang), list(ERAS), key="w_era", format_func=lambda e: t("era_" + e, lang),
                           width=240, **choose(lang))


def era_index_controls(cat: Catalog, lang: str, where) -> tuple[str, str]:
    """Era and index selectors, in container `where`. Until the index is chosen (in the link or
    by the user), it is the first index with figures shown at the level (the default PAR INDEX
    has none for the 34 new provinces outside the illustrative mode)."""
    era = era_control(lang, where)
    state.ensure_option("w_index", list(cat.ids), "par")
    if not st.session_state.get(state.INDEX_CHOSEN):
        level = st.session_state.get("w_level") or "province"
        st.session_state["w_index"] = index_with_figures(
            cat, st.session_state["w_index"],
            lambda i: level in cat[i].levels(era) and not imports.query(
                "years", era=era, level=level, index_id=i).is_empty())
    index = where.selectbox(t("index", lang), list(cat.ids), key="w_index", on_change=index_chosen,
                            format_func=lambda i: index_label(cat[i], lang), **choose(lang))
    return era, index


def index_chosen() -> None:
    st.session_state[state.INDEX_CHOSEN] = True


def index_with_figures(cat: Catalog, current: str, has_figures, ids: list[str] | None = None) -> str:
    """`current` if it has figures shown, else the first index (catalog order) that has, else
    `current`. Asked only while the index is the default one: cached queries, one per index."""
    if has_figures(current):
        return current
    return next((i for i in (ids or cat.ids) if i != current and has_figures(i)), current)


def year_control(era: str, level: str, index: str, lang: str, col, unit_code: str | None = None,
                 prefer: tuple[str, ...] = ()) -> int | None:
    """The year selector: the years with figures shown (published and imported; illustrative
    too in the mode) of the index at the level, newest first — or, for a unit page, the years
    in which that unit has one, so a unit opens on its own latest figure. `prefer` (the compared
    units): opened without a year, the list starts on the newest year in which most of them
    have a figure (PAR 2024 has 5 of 63 published: none of the official's peers may be among them)."""
    labels: dict[int, str] = {}
    if unit_code is None:
        df = imports.query("years", era=era, level=level, index_id=index)
        years = df["year"].to_list()
        labels = year_labels(df, lang)
    else:
        years = unit_years(index, era, level, unit_code)
    first = years[0] if years else None
    if prefer and years and st.session_state.get("w_year") not in years:   # only when a default is due
        held = [set(unit_years(index, era, level, code)) for code in prefer]
        first = max(years, key=lambda y: (sum(y in h for h in held), y))
    state.ensure_option("w_year", years, first)
    return col.selectbox(t("year", lang), years, key="w_year", **choose(lang),
                         format_func=lambda y: labels.get(y, str(y))) if years else None


@memo(maxsize=64)
def year_labels(years: pl.DataFrame, lang: str) -> dict[int, str]:
    """'2021 · 27/63' for a year in which only some units have a figure shown (published ones,
    outside the illustrative mode), so the official sees which years are fully published."""
    return {r["year"]: f"{r['year']} · {fmt.num(r['n_units'], 0, lang)}/{fmt.num(r['n_level'], 0, lang)}"
            for r in years.iter_rows(named=True) if r["n_units"] < r["n_level"]}


def unit_years(index: str, era: str, level: str, unit_code: str) -> list[int]:
    """The years in which the unit has a figure of this index shown, newest first (its own rows
    of queries/trend.sql, the same cached answer the profile's trend chart uses)."""
    trend = imports.query("trend", index_id=index, era=era, level=level, unit_code=unit_code)
    return derived.own_years(trend)


def selection_controls(cat: Catalog, lang: str) -> Selection:
    # one horizontal container (wraps on a phone) rather than five columns: six fewer
    # elements to send on every rerun
    row = st.container(horizontal=True, gap="small")
    era, index = era_index_controls(cat, lang, row)
    levels = list(cat[index].levels(era))
    state.ensure_option("w_level", levels, levels[0])
    level = row.selectbox(t("level", lang), levels, key="w_level", **choose(lang), width=LEVEL_WIDTH,
                          format_func=lambda lv: t("level_" + lv, lang))
    year = year_control(era, level, index, lang, row)
    provinces = data.query("units", era=era, level="province", province_code=None)
    codes, labels = province_options(provinces, t("all_provinces", lang), lang)
    state.ensure_option("w_province", codes, ALL)
    province = row.selectbox(t("province_filter", lang), codes, key="w_province", placeholder=t("choose_one", lang),
                             format_func=labels.__getitem__, disabled=level == "province")
    return Selection(era, level, index, year,
                     None if level == "province" or province == ALL else province)


@memo(maxsize=16)
def level_units(units: pl.DataFrame, level: str) -> tuple[pl.DataFrame, frozenset[str]]:
    """The units of one level (of data.units_frame) and their codes."""
    lv = units.filter(pl.col("level") == level)
    return lv, frozenset(lv["unit_code"].to_list())


@memo(maxsize=16)
def province_options(provinces: pl.DataFrame, all_label: str, lang: str) -> tuple[list[str], dict[str, str]]:
    """The province filter: 'all provinces' then every province; and the label of each, with its
    unmarked spelling ('Đồng Tháp · Dong Thap · 87') so that typing 'dong thap' finds it."""
    labels = {r["unit_code"]: names.pick_label(name_of(r, lang), r["unit_code"])
              for r in provinces.iter_rows(named=True)}
    plain = names.ascii_words(all_label)
    labels[ALL] = all_label if plain == all_label else f"{all_label} · {plain}"   # 'ca nuoc' finds it
    return [ALL, *provinces["unit_code"].to_list()], labels


def scope_label(sel: Selection, lang: str) -> str:
    if sel.province is None:
        return t("all_provinces", lang)
    return data.province_names(sel.era)[lang].get(sel.province, sel.province)

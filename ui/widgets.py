"""Shared widgets and display helpers used by the pages."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from types import MappingProxyType

import polars as pl
import streamlit as st

from doisanh import fmt, grid, lineage, names, tables
from doisanh import state as codec
from doisanh.catalog import ERAS, Catalog, Index
from doisanh.i18n import t
from ui import data, imports, links, state
from ui import views as derived
from ui.memo import memo

log = logging.getLogger("doisanh")
ALL = state.ALL


@dataclass(frozen=True)
class Selection:
    era: str
    level: str
    index: str
    year: int | None
    province: str | None


LEVEL_WIDTH = 280   # px: 'Huyện, quận, thị xã, thành phố thuộc tỉnh' was cut beside four other lists


def choose(lang: str, *, many: bool = False) -> dict:
    """The arguments that keep Streamlit's own English off a short pick list: a placeholder in
    the page's language ('Choose an option' otherwise) and no typing in it (a typed filter
    matching nothing shows Streamlit's 'No results', which has no parameter). A multiselect
    also hides its 'Select all' entry."""
    if many:
        return {"placeholder": t("choose_many", lang), "select_all": False}
    return {"placeholder": t("choose_one", lang), "filter_mode": None}


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
                     index=index_label(index, lang), level=t("level_" + level, lang),
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
        st.session_state["w_index"] = _index_with_figures(
            cat, st.session_state["w_index"],
            lambda i: level in cat[i].levels(era) and not imports.query(
                "years", era=era, level=level, index_id=i).is_empty())
    index = where.selectbox(t("index", lang), list(cat.ids), key="w_index", on_change=_index_chosen,
                            format_func=lambda i: index_label(cat[i], lang), **choose(lang))
    return era, index


def _index_chosen() -> None:
    st.session_state[state.INDEX_CHOSEN] = True


def _index_with_figures(cat: Catalog, current: str, has_figures, ids: list[str] | None = None) -> str:
    """`current` if it has figures shown, else the first index (catalog order) that has, else
    `current`. Asked only while the index is the default one: cached queries, one per index."""
    if has_figures(current):
        return current
    return next((i for i in (ids or cat.ids) if i != current and has_figures(i)), current)


def year_control(era: str, level: str, index: str, lang: str, col, unit_code: str | None = None) -> int | None:
    """The year selector: the years with figures shown (published and imported; illustrative
    too in the mode) of the index at the level, newest first — or, for a unit page, the years
    in which that unit has one, so a unit opens on its own latest figure."""
    labels: dict[int, str] = {}
    if unit_code is None:
        df = imports.query("years", era=era, level=level, index_id=index)
        years = df["year"].to_list()
        labels = year_labels(df, lang)
    else:
        years = unit_years(index, era, level, unit_code)
    state.ensure_option("w_year", years, years[0] if years else None)
    return col.selectbox(t("year", lang), years, key="w_year", **choose(lang),
                         format_func=lambda y: labels.get(y, str(y))) if years else None


@memo(maxsize=64)
def year_labels(years: pl.DataFrame, lang: str) -> dict[int, str]:
    """'2021 · 27/63' for a year in which only some units have a figure shown (published ones,
    outside the illustrative mode), so the official sees which years are fully published."""
    return {r["year"]: f"{r['year']} · {fmt.num(r['n_units'], 0, lang)}/{fmt.num(r['n_level'], 0, lang)}"
            for r in years.iter_rows(named=True) if r["n_units"] < r["n_level"]}


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
    labels[ALL] = all_label
    return [ALL, *provinces["unit_code"].to_list()], labels


def scope_label(sel: Selection, lang: str) -> str:
    if sel.province is None:
        return t("all_provinces", lang)
    return data.province_names(sel.era)[lang].get(sel.province, sel.province)


def unit_label(row: dict, era: str, lang: str, provinces: dict[str, str] | None = None) -> str:
    """'Thành phố Thuận An — Bình Dương · 725' (type and province help tell namesakes apart).
    `provinces` (code → name in `lang`) saves a cache lookup per label when there are many."""
    full = row["full_name_vi"] if lang == "vi" else (row.get("name_en") or row["full_name_vi"])
    prov = (provinces if provinces is not None else data.province_names(era)[lang]).get(row["province_code"], "")
    where = f" — {prov}" if prov and row["level"] != "province" else ""
    return f"{full}{where} · {row['unit_code']}"


def unit_labels(rows: list[dict], era: str, lang: str) -> dict[str, str]:
    """unit_code → unit_label for many units (one lookup of the province names)."""
    provinces = data.province_names(era)[lang]
    return {r["unit_code"]: unit_label(r, era, lang, provinces) for r in rows}


@data.shared(maxsize=16)
def picker_options(era: str, levels: tuple[str, ...], lang: str) -> tuple[tuple[str, ...], MappingProxyType]:
    """The unit picker's options (provinces, then districts, then communes; by code) and their
    labels (doisanh.names.pick_label: the unit's name, where it is, its unmarked spelling and its
    code, so the browser's as-you-type filter finds 'dong thap' and '874'). Built once per era,
    levels and language and shared: ~10,800 labels at commune scale."""
    rank = {lv: i for i, lv in enumerate(("province", "district", "commune", "ministry"))}
    units = data.units_frame(era).filter(pl.col("level").is_in(list(levels)))
    units = units.with_columns(_r=pl.col("level").replace_strict(rank, return_dtype=pl.Int8)).sort("_r", "unit_code")
    provinces = data.province_names(era)[lang]
    parents = {(r["unit_code"]): r for r in units.filter(pl.col("level") == "district").iter_rows(named=True)}
    labels = {}
    for r in units.iter_rows(named=True):
        if lang == "en":
            name = data.display_name(era, r["level"], r["unit_code"], "en") or r["name_vi"]
        else:
            name = r["full_name_vi"]
        where = ""
        if r["level"] not in ("province", "ministry"):
            where = provinces.get(r["province_code"], "")
            parent = parents.get(r["parent_code"])
            if parent is not None and r["level"] == "commune":
                where = f"{name_of(parent, lang)}, {where}"
        labels[r["unit_code"]] = names.pick_label(name, r["unit_code"], where)
    return tuple(labels), MappingProxyType(labels)


def unit_picker(era: str, lang: str, levels: tuple[str, ...], where=None) -> dict | None:
    """The one unit picker: a select box that filters as the user types (name with or without
    accents, or code); bound to w_unit. A code from the other era leads across the 2025
    reorganisation first (resolve_unit). Returns the chosen unit's row, or None."""
    unit = resolve_unit(era, st.session_state.get("w_unit"), lang)
    codes, labels = picker_options(era, levels, lang)
    if st.session_state.get("w_unit") not in labels:
        st.session_state["w_unit"] = None
        unit = None
    (where or st).selectbox(t("unit_pick", lang), codes, key="w_unit", format_func=labels.__getitem__,
                            placeholder=t("unit_pick_placeholder", lang), on_change=_picked, args=(era,))
    return unit


def _picked(era: str) -> None:
    code = st.session_state.get("w_unit")
    if code:
        state.choose_unit(era, code)


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


def unit_years(index: str, era: str, level: str, unit_code: str) -> list[int]:
    """The years in which the unit has a figure of this index shown, newest first (its own rows
    of queries/trend.sql, the same cached answer the profile's trend chart uses)."""
    trend = imports.query("trend", index_id=index, era=era, level=level, unit_code=unit_code)
    return derived.own_years(trend)


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


@memo(maxsize=32)
def with_labels(df: pl.DataFrame, lang: str, decimals: int, top: int | None = None,
                also: str | None = None) -> pl.DataFrame:
    """`df` (its first `top` rows, if given, and the row of unit `also` when it comes later) with
    a 'rank. name' label and the formatted value. Take the rows here rather than passing
    df.head(k): a new frame on every rerun is hashed again."""
    name_col = "name_en" if lang == "en" else "name_vi"
    if top is not None:
        later = df.slice(top).filter(pl.col("unit_code") == also) if also else df.head(0)
        df = pl.concat([df.head(top), later])
    return df.with_columns(
        (pl.col("rank_in_peers").cast(pl.String).fill_null(fmt.MISSING) + ". " + pl.col(name_col)).alias("label"),
        fmt.texts(df["value"], lambda v: fmt.num(v, decimals, lang)).alias("value_text"),
    )


@memo(maxsize=32)
def ranking_table(df: pl.DataFrame, lang: str, decimals: int, mark: str | None = None) -> pl.DataFrame:
    """The ranking as shown (formatted text), the rank of unit `mark` (the chosen one) flagged
    ◀ after it (after, so the rank column still sorts as numbers: doisanh.grid); cached and
    shared like the query results (ui/data.py): formatting 10,000 communes row by row took
    ~120 ms a rerun."""
    name_col = "name_en" if lang == "en" else "name_vi"
    rating_col = "rating_en" if lang == "en" else "rating_vi"
    rows = []
    for r in df.iter_rows(named=True):
        sid = r["pub_source_id"] if r["is_illustrative"] else r["source_id"]
        rows.append({
            t("rank", lang): (fmt.rank(r["rank_in_peers"], r["n_units"], lang)
                              + (grid.MARK if r["unit_code"] == mark else "")),
            t("name", lang): r[name_col],
            t("code", lang): r["unit_code"],
            t("score", lang): fmt.num(r["value"], decimals, lang),
            t("status", lang): status_text(r["is_illustrative"], lang, r["source_id"]),
            t("rating", lang): r[rating_col] or "",
            t("gap_to_leader", lang): fmt.num(r["gap_to_leader"], decimals, lang),
            t("gap_to_next_rank", lang): fmt.num(r["gap_to_next_rank"], decimals, lang),
            t("percentile", lang): fmt.num(r["percentile"], 1, lang),
            t("published_rank", lang): "" if r["published_rank"] is None else str(r["published_rank"]),
            t("source", lang): source_text(sid, lang),
        })
    return pl.DataFrame(rows)


MAX_SCREEN_ROWS = 1_000


def browser_number_format(decimals: int, lang: str) -> str:
    """How a slider or an editable number column shows its value: Streamlit formats it in the
    browser, with no choice of decimal separator; "localized" follows the browser's locale
    (79,92 in a Vietnamese browser), so it is used for Vietnamese; English keeps a fixed number
    of decimals (79.92)."""
    return "localized" if lang == "vi" else ("%.2f" if decimals <= 2 else "%.4f")


@memo(maxsize=64)
def _screen_arrow(df: pl.DataFrame, rows: int | None):
    """The Arrow table st.dataframe is given (its first `rows` rows), its number columns padded
    so that a click on their header sorts them as numbers (doisanh.grid), and the column
    settings that right-align them and widen a text column whose long cells come after its
    first rows: made once per content — Polars' to_arrow copies every text
    column, ~0.7 ms for the 63-province ranking table on every rerun."""
    shown, numbers = grid.sortable(df if rows is None else df.head(rows))
    widths = grid.widths(shown)
    return shown.to_arrow(), {c: st.column_config.TextColumn(alignment="right" if c in numbers else None,
                                                             width=widths.get(c))
                              for c in (*numbers, *widths)}


def table(df: pl.DataFrame, height: int | str = "auto", *, rows: int | None = None) -> None:
    """A frame on screen (its first `rows` rows), handed to Streamlit as an Arrow table:
    st.dataframe sends Arrow as it is, while a Polars frame goes through pandas first (~2 ms
    per table on every rerun). No index column: the row numbers 0, 1, 2… mean nothing here (a
    rank is a column of its own), and drawing it cost ~0.75 ms a table on every rerun. A missing
    value is an empty cell (Streamlit would write an English "None")."""
    arrow, columns = _screen_arrow(df, rows)
    st.dataframe(arrow, width="stretch", height=height, hide_index=True, placeholder="",
                 column_config=columns)


def capped_table(df: pl.DataFrame, lang: str) -> None:
    """At most MAX_SCREEN_ROWS rows on screen (the download has them all)."""
    if df.height > MAX_SCREEN_ROWS:
        st.caption(t("table_capped", lang, k=fmt.num(MAX_SCREEN_ROWS, 0, lang), n=fmt.num(df.height, 0, lang)))
    table(df, rows=MAX_SCREEN_ROWS)


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


def resolve_unit(era: str, code: str | None, lang: str) -> dict | None:
    """The unit row for `code` in `era`. A unit last shown in the other era (an era switch) leads
    across the 2025 reorganisation: the panel names its successors or predecessors with a button
    each and their figures side by side (across_panel); the unit is followed by itself only when
    it has exactly one unit of its level on the other side (or the same code is one of them).
    An unknown code gives a notice and None."""
    ss = st.session_state
    seen, left = ss.get(state.SEEN), ss.get(state.ACROSS)
    if not code:
        if left is not None and left[0] != era:
            across_panel(left[0], left[1], era, lang)
        elif left is not None:                # back to the era the unit was left in: take it up again
            ss["w_unit"], ss[state.SEEN] = left[1], left
            ss.pop(state.ACROSS, None)
            return derived.row_of(data.units_frame(era), left[1])
        return None
    units = data.units_frame(era)
    hit = derived.row_of(units, code)        # memoised: the same frame on every rerun
    crossed = seen is not None and seen[0] != era and seen[1] == code
    if hit is not None and not crossed:
        ss[state.SEEN] = (era, code)
        ss.pop(state.ACROSS, None)
        return hit
    other = lineage.OTHER_ERA[era]
    old = derived.row_of(data.units_frame(other), code)
    if old is None:
        if hit is not None:
            ss[state.SEEN] = (era, code)
            return hit
        st.warning(t("unit_not_found", lang, code=code, era=t("era_" + era, lang)))
        ss["w_unit"] = None
        return None
    targets = across_panel(other, code, era, lang)
    same_level = targets.filter(pl.col("level") == old["level"])
    follow = None
    if hit is not None and code in same_level["unit_code"].to_list():
        follow = code
    elif same_level.height == 1:
        follow = same_level["unit_code"][0]
    if follow is None:
        ss["w_unit"] = None
        ss[state.ACROSS] = (other, code)
        return None
    ss["w_unit"] = follow
    ss[state.SEEN] = (era, follow)
    ss.pop(state.ACROSS, None)
    return derived.row_of(units, follow)


def crossing(from_era: str, code: str, lang: str):
    """(the unit's row in from_era, its sentences, the units of the other era to go to)."""
    row = derived.row_of(data.units_frame(from_era), code)
    if row is None:
        return None, [], pl.DataFrame(schema=lineage.CROSSING_COLUMNS)
    # the subject of the sentences by its full name: 'Huyện Thanh Bình, Đồng Tháp', 'Thanh Binh
    # (district, Dong Thap)'; a province by its (display) name
    where = data.province_names(from_era)
    shown = {lg: data.display_name(from_era, row["level"], code, lg) or row["name_vi"] for lg in ("vi", "en")}
    full = dict(shown)
    if row["level"] != "province":
        prov = {lg: where[lg].get(row["province_code"], "") for lg in ("vi", "en")}
        if "(" not in shown["vi"]:
            full["vi"] = f"{row['full_name_vi']}, {prov['vi']}"
        if "(" not in shown["en"]:
            kind = names.TYPE_WORDS_EN.get(row["unit_type"] or "", "")
            full["en"] = f"{shown['en']} ({kind}, {prov['en']})" if kind else f"{shown['en']}, {prov['en']}"
    row = {**row, "name_vi": full["vi"], "name_en": full["en"]}
    lin = run_query(lang, "lineage", era=from_era, level=row["level"], unit_code=code)
    if lin is None:
        return row, [], pl.DataFrame(schema=lineage.CROSSING_COLUMNS)
    dc = run_query(lang, "district_successors", unit_code=code) if row["level"] == "district" else None
    partners = {}
    if from_era == "pre2025":
        for s in lin.filter((pl.col("direction") == "successor") & (pl.col("level") == row["level"])
                            ).iter_rows(named=True):
            theirs = run_query(lang, "lineage", era="post2025", level=s["level"], unit_code=s["unit_code"])
            if theirs is not None:
                partners[s["unit_code"]] = theirs
    texts = lineage.sentences(row, era=from_era, lineage=lin, partners=partners, district_communes=dc, lang=lang)
    targets = lineage.crossing_units(era=from_era, level=row["level"], lineage=lin, district_communes=dc)
    return row, texts, targets


def across_panel(from_era: str, code: str, to_era: str, lang: str) -> pl.DataFrame:
    """Where a unit of `from_era` went (or came from) in `to_era`: the sentences, a button per
    unit that makes it the chosen one in `to_era`, and the figures of both sides in one table.
    Returns the units offered (lineage.CROSSING_COLUMNS)."""
    row, texts, targets = crossing(from_era, code, lang)
    if row is None:
        return targets
    name = name_of(row, lang)
    box = st.container(border=True)
    box.markdown("**" + t("across_title", lang, unit=name, era=t("era_tag_" + from_era, lang),
                          other=t("era_" + to_era, lang)) + "**")
    if texts:
        box.markdown("\n\n".join(texts))
    if targets.is_empty():
        box.info(t("across_none", lang, unit=name))
        return targets
    crossing_buttons(targets, to_era, lang, box)
    figures = across_figures(row, from_era, targets, lang)
    if figures is not None:
        box.caption(t("across_figures", lang))
        with box:
            table(figures)
    return targets


def crossing_buttons(targets: pl.DataFrame, to_era: str, lang: str, where) -> None:
    """A button per unit of `targets` (lineage.CROSSING_COLUMNS) that makes it the chosen unit in
    `to_era` (the state, hence the link, follows: ui.state.choose_unit)."""
    where.caption(t("across_pick", lang, other=t("era_" + to_era, lang)))
    buttons = where.container(horizontal=True, gap="small")
    for r in targets.iter_rows(named=True):
        name = name_of(r, lang)      # a namesake's display name already says its type
        label = name if "(" in name else f"{name} · {t('level_short_' + r['level'], lang)}"
        buttons.button(label, key=f"across_{to_era}_{r['unit_code']}_{r['level']}",
                       on_click=state.choose_unit, args=(to_era, r["unit_code"]),
                       icon=":material/arrow_forward:")


def across_figures(row: dict, from_era: str, targets: pl.DataFrame, lang: str) -> pl.DataFrame | None:
    """The chosen index's latest figure of the unit and of each unit across the break: unit, era,
    index, year, score, rank (rank among all units of its level in its era)."""
    cat = data.get_catalog()
    index = st.session_state.get("w_index")
    if index not in cat.ids:
        return None
    ix = cat[index]
    units = [(from_era, row["level"], row["unit_code"], name_of(row, lang), "self")]
    units += [(r["era"], r["level"], r["unit_code"], name_of(r, lang), r["role"])
              for r in targets.iter_rows(named=True)]
    out = []
    for era, level, code, name, role in units:
        year, hit = None, None
        if level in ix.levels(era):
            years = imports.query("years", era=era, level=level, index_id=index)["year"].to_list()
            if years:
                year = years[0]
                ranking = run_query(lang, "ranking", era=era, level=level, index_id=index, year=year,
                                    province_code=None, region_code=None, parent_code=None, peer_codes=None)
                hit = None if ranking is None else derived.row_of(ranking, code)
        out.append({
            t("across_col_unit", lang): name,
            t("across_col_role", lang): t("across_role_" + role, lang),
            t("era", lang): t("era_tag_" + era, lang),
            t("index", lang): index_label(ix, lang),
            t("year", lang): "" if year is None else str(year),
            t("score", lang): t("across_no_figure", lang) if hit is None else fmt.num(hit["value"], ix.decimals, lang),
            t("rank", lang): "" if hit is None else fmt.rank(hit["rank_in_peers"], hit["n_units"]),
        })
    return pl.DataFrame(out)


def headline_metrics(h, ix: Index, year: int, lang: str) -> None:
    status = status_text(h.is_illustrative, lang, h.source_id)
    src = source_text(h.source_id, lang)
    st.caption(t("metric_caption", lang, index=index_label(ix, lang), year=year, status=status,
                 source=f" — {t('source', lang)}: {src}" if src else ""))
    if h.is_illustrative:
        st.warning(t("illustrative_banner", lang, k=1, n=1))
    # two wrapping rows rather than st.columns: two blocks to send on every rerun instead of nine
    row = st.container(horizontal=True)
    row.metric(t("score", lang), h.score, h.score_delta, delta_color="normal")
    row.metric(t("rank", lang), h.rank, h.rank_delta, delta_color="off" if not h.rank_moved else "normal",
               help=t("help_rank", lang))
    row.metric(t("percentile", lang), h.percentile, help=t("help_percentile", lang))
    row.metric(t("rating", lang), h.rating, help=t("help_rating", lang))
    row = st.container(horizontal=True)
    row.metric(t("gap_to_leader", lang), h.gap_leader, help=t("help_gap_leader", lang))
    row.metric(t("gap_to_median", lang), h.gap_median, help=t("help_gap_median", lang))
    row.metric(t("gap_to_next_rank", lang), h.gap_next, help=t("help_gap_next", lang))


def distribution_view(ranking: pl.DataFrame, row: dict, ix: Index, era: str, level: str,
                      year: int, group, lang: str) -> None:
    from ui import plot
    bins = run_query(lang, "histogram", era=era, level=level, index_id=ix.id, year=year,
                     province_code=None, bins=30)
    if bins is None or bins.is_empty():
        return
    name = "name_en" if lang == "en" else "name_vi"
    # peers are marked when they are a subset; the whole level is the histogram itself
    bands = tuple((b.min, b.name_vi if lang == "vi" else b.name_en) for b in ix.bands_for(year) if b.min > 0)
    marks, thresholds = derived.distribution_marks(ranking, row["unit_code"], row["value"], row[name],
                                                   mark_peers=group.mode != "all", lang=lang,
                                                   decimals=ix.decimals, bands=bands)
    # no caption under it: the peer group is named under the unit's name at the top of the page,
    # and the legend says which marks are the group (the caption repeated the first word for word)
    plot.show("distribution", bins, marks, thresholds, lang=lang, value_title=f"{index_label(ix, lang)} {year}",
              count_title=t("n_units_axis", lang))


def compare_page() -> str:
    return "pages/compare.py"


_COMPARE_OPENED = "_compare_opened"     # the compare list was seeded from "my unit" once
_COMPARE_REFUSED = "_compare_refused"   # labels of units the last change tried to add past 8


def compare_first_visit() -> bool:
    """True the first time the compare page seeds its list in this session (then never again:
    a list the official emptied stays empty)."""
    first = not st.session_state.get(_COMPARE_OPENED)
    st.session_state[_COMPARE_OPENED] = True
    return first


_COMPARE_HELD = "_compare_held"         # compared units of another level or era, kept aside


def compare_current(known: frozenset[str]) -> tuple[list[str], list[str]]:
    """(the compared units of the level and era shown, at most 8; the others, held aside and
    brought back when their level and era are shown again). A level or era switch used to drop
    them from the list without a word."""
    from doisanh.state import MAX_COMPARE
    ss = st.session_state
    pool = list(dict.fromkeys([*(ss.get("w_compare") or []), *(ss.get(_COMPARE_HELD) or [])]))
    here = [c for c in pool if c in known]
    current, held = here[:MAX_COMPARE], [c for c in pool if c not in known] + here[MAX_COMPARE:]
    ss[_COMPARE_HELD] = held
    return current, held


def compare_changed(labels) -> None:
    """on_change of the compare list: a unit past the 8th is refused (the list keeps its 8) and
    named in a message, instead of being dropped without a word. Never touches w_unit."""
    from doisanh.state import MAX_COMPARE
    value = list(st.session_state.get("w_compare") or [])
    if len(value) > MAX_COMPARE:
        st.session_state["w_compare"] = value[:MAX_COMPARE]
        # the label without its unaccented spelling and code ("Tỉnh Sáu · Sau · 06" -> "Tỉnh Sáu")
        st.session_state[_COMPARE_REFUSED] = [labels.get(c, c).split(" · ")[0] for c in value[MAX_COMPARE:]]


def compare_messages(chosen: list[str], lang: str) -> None:
    from doisanh.state import MAX_COMPARE
    refused = st.session_state.pop(_COMPARE_REFUSED, None)
    if refused:
        st.warning(t("compare_refused", lang, name=", ".join(refused), n=MAX_COMPARE))
    elif len(chosen) >= MAX_COMPARE:
        st.caption(t("compare_full", lang, n=MAX_COMPARE))


def make_mine_control(era: str, chosen: list[str], labels, lang: str, mine: str | None) -> None:
    """Names "my unit" (`mine`: the state's, not the w_unit key, which Streamlit drops on a page
    without the unit picker) and offers to make one of the compared units "my unit": the only
    place on the compare page where it changes (state.choose_unit, before the widgets run)."""
    if mine in labels:
        st.caption(t("compare_mine", lang, name=labels[mine].split(" · ")[0]))
    others = [c for c in chosen if c != mine]
    if not others:
        return
    row = st.container(horizontal=True, vertical_alignment="bottom")
    pick = row.selectbox(t("compare_make_mine_pick", lang), others, key="compare_mine_pick",
                         format_func=labels.__getitem__, **choose(lang))
    row.button(t("compare_make_mine", lang), key="compare_make_mine", on_click=state.choose_unit,
               args=(era, pick), icon=":material/my_location:")


@memo(maxsize=64)
def _compare_html(display: pl.DataFrame, numeric: pl.DataFrame, best: str, lowest: str) -> str:
    return tables.marked_table(display, tables.marks(numeric), titles={tables.BEST: best, tables.LOWEST: lowest})


def compare_table(display: pl.DataFrame, numeric: pl.DataFrame, lang: str) -> None:
    """The compare table, best unit of each row green and lowest red (judged on `numeric`, same
    shape). The app's one st.html: doisanh.tables escapes every header and cell, and Streamlit
    sanitises the HTML again; a pandas Styler did the same colouring at ~8 ms a rerun."""
    st.html(_compare_html(display, numeric, t("best_cell", lang), t("lowest_cell", lang)))


def peer_controls(era: str, level: str, index: str, year: int | None, unit: dict, lang: str):
    """Peer-group mode, number of neighbours and custom list; returns a doisanh.peers.PeerGroup."""
    from doisanh import peers
    from doisanh.state import K_RANGE, MAX_CUSTOM, PEER_MODES
    row = st.container(horizontal=True)     # the mode, and the number of neighbours beside it
    state.ensure_option("w_peers", list(PEER_MODES), "auto")
    mode = row.selectbox(t("peers", lang), list(PEER_MODES), key="w_peers", **choose(lang),
                         format_func=lambda m: t("peers_" + m, lang))
    neighbours: list[str] = []
    if mode in ("near_size", "near_profile"):
        state.ensure_option("w_k", list(range(K_RANGE[0], K_RANGE[1] + 1)), 10)
        k = row.slider(t("k_neighbours", lang), K_RANGE[0], K_RANGE[1], key="w_k")
        near = run_query(lang, "neighbours", era=era, level=level, unit_code=unit["unit_code"],
                         k=k, basis="size" if mode == "near_size" else "profile",
                         index_id=index, year=year)
        neighbours = [] if near is None else near["unit_code"].to_list()
        if not neighbours:
            st.info(t("neighbours_none", lang))
            mode = "all"
    custom: tuple[str, ...] = ()
    if mode == "custom":
        pool = data.query("units", era=era, level=level,
                          province_code=None if level == "province" else unit["province_code"])
        _, every = picker_options(era, (level,), lang)
        labels = {c: every[c] for c in pool["unit_code"].to_list() if c in every}
        chosen = [c for c in st.session_state.get("w_custom") or [] if c in labels]
        if len(chosen) > MAX_CUSTOM:   # no max_selections: its message is Streamlit's English
            st.warning(t("custom_too_many", lang, n=MAX_CUSTOM))
        st.session_state["w_custom"] = chosen[:MAX_CUSTOM]
        custom = tuple(st.multiselect(t("custom_peers", lang), list(labels), key="w_custom",
                                      format_func=labels.__getitem__, select_all=False,
                                      placeholder=t("pick_many_placeholder", lang)))
    group = peers.build(mode, level=level, unit=unit, province_name=data.province_names(era),
                        region_name=data.region_names(), neighbours=neighbours, custom=custom)
    if group.empty:
        st.info(t("peers_custom_empty", lang))
    return group


def unit_and_index(cat: Catalog, lang: str, where) -> tuple[str, str, dict | None]:
    """Era selector, unit search, then the index selector offering only indices that cover
    the chosen unit's level (both selectors in container `where`, which shows before the search
    box although the index selector is filled last)."""
    era = era_control(lang, where)
    all_levels = tuple(dict.fromkeys(lv for i in cat.ids for lv in cat[i].levels(era)))
    unit = unit_picker(era, lang, all_levels)
    ids = list(cat.ids)
    if unit is not None:
        st.session_state["w_level"] = unit["level"]
        ids = [i for i in cat.ids if unit["level"] in cat[i].levels(era)]
        wanted = st.session_state.get("w_index")
        if wanted not in ids:
            if wanted is not None:
                state.notice("index", str(wanted), ids[0])
            st.session_state["w_index"] = ids[0]
    state.ensure_option("w_index", ids, ids[0])
    if unit is not None and not st.session_state.get(state.INDEX_CHOSEN):
        st.session_state["w_index"] = _index_with_figures(
            cat, st.session_state["w_index"],
            lambda i: bool(unit_years(i, era, unit["level"], unit["unit_code"])), ids)
    index = where.selectbox(t("index", lang), ids, key="w_index", on_change=_index_chosen, **choose(lang),
                            format_func=lambda i: index_label(cat[i], lang))
    return era, index, unit


@dataclass(frozen=True)
class UnitContext:
    """What the unit pages (profile, what-if) share: the unit, index, year and peer group."""
    era: str
    index: str
    ix: Index
    unit: dict
    level: str
    year: int | None
    group: object   # doisanh.peers.PeerGroup


def unit_page_header(cat: Catalog, s: codec.State, lang: str) -> UnitContext:
    """Era, index, unit search, year and peer group — stops the page with a prompt until a unit
    is chosen. The caller writes the state back (state.finish) once its own widgets ran."""
    row = st.container(horizontal=True)     # wraps on a phone; one block instead of four
    era, index, unit = unit_and_index(cat, lang, row)
    if unit is None:
        state.show_notices(lang)
        state.finish(state.from_widgets(s))
        st.info(t("pick_unit_first", lang))
        st.stop()
    level = unit["level"]
    year = year_control(era, level, index, lang, row, unit_code=unit["unit_code"])
    group = peer_controls(era, level, index, year, unit, lang)
    if group.empty:                      # nothing to rank within: no rank 1/1, no "unchanged"
        state.show_notices(lang)
        s = state.from_widgets(s)
        state.finish(s)
        links.copy_link(s, lang)
        st.stop()
    st.subheader(unit_label(unit, era, lang))
    st.caption(t("peer_caption", lang, group=group.sentence(lang)))
    return UnitContext(era, index, cat[index], unit, level, year, group)

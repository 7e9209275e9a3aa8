"""Shared widgets and display helpers used by the pages."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from types import MappingProxyType

import polars as pl
import streamlit as st

from doisanh import fmt, lineage, names
from doisanh import state as codec
from doisanh.catalog import Catalog, Index
from doisanh.i18n import t
from ui import controls, data, imports, links, notes, state, tables
from ui import views as derived

log = logging.getLogger("doisanh")
ALL = state.ALL


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
                where = f"{controls.name_of(parent, lang)}, {where}"
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
    lin = notes.run_query(lang, "lineage", era=from_era, level=row["level"], unit_code=code)
    if lin is None:
        return row, [], pl.DataFrame(schema=lineage.CROSSING_COLUMNS)
    dc = notes.run_query(lang, "district_successors", unit_code=code) if row["level"] == "district" else None
    partners = {}
    if from_era == "pre2025":
        for s in lin.filter((pl.col("direction") == "successor") & (pl.col("level") == row["level"])
                            ).iter_rows(named=True):
            theirs = notes.run_query(lang, "lineage", era="post2025", level=s["level"], unit_code=s["unit_code"])
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
    name = controls.name_of(row, lang)
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
            tables.table(figures)
    return targets


def crossing_buttons(targets: pl.DataFrame, to_era: str, lang: str, where) -> None:
    """A button per unit of `targets` (lineage.CROSSING_COLUMNS) that makes it the chosen unit in
    `to_era` (the state, hence the link, follows: ui.state.choose_unit)."""
    where.caption(t("across_pick", lang, other=t("era_" + to_era, lang)))
    buttons = where.container(horizontal=True, gap="small")
    for r in targets.iter_rows(named=True):
        name = controls.name_of(r, lang)      # a namesake's display name already says its type
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
    units = [(from_era, row["level"], row["unit_code"], controls.name_of(row, lang), "self")]
    units += [(r["era"], r["level"], r["unit_code"], controls.name_of(r, lang), r["role"])
              for r in targets.iter_rows(named=True)]
    out = []
    for era, level, code, name, role in units:
        year, hit = None, None
        if level in ix.levels(era):
            years = imports.query("years", era=era, level=level, index_id=index)["year"].to_list()
            if years:
                year = years[0]
                ranking = notes.run_query(lang, "ranking", era=era, level=level, index_id=index, year=year,
                                          province_code=None, region_code=None, parent_code=None, peer_codes=None)
                hit = None if ranking is None else derived.row_of(ranking, code)
        out.append({
            t("across_col_unit", lang): name,
            t("across_col_role", lang): t("across_role_" + role, lang),
            t("era", lang): t("era_tag_" + era, lang),
            t("index", lang): controls.index_label(ix, lang),
            t("year", lang): "" if year is None else str(year),
            t("score", lang): t("across_no_figure", lang) if hit is None else fmt.num(hit["value"], ix.decimals, lang),
            t("rank", lang): "" if hit is None else fmt.rank(hit["rank_in_peers"], hit["n_units"]),
        })
    return pl.DataFrame(out)


def headline_metrics(h, ix: Index, year: int, lang: str) -> None:
    status = notes.status_text(h.is_illustrative, lang, h.source_id)
    src = notes.source_text(h.source_id, lang)
    st.caption(t("metric_caption", lang, index=controls.index_label(ix, lang), year=year, status=status,
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
    bins = notes.run_query(lang, "histogram", era=era, level=level, index_id=ix.id, year=year,
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
    plot.show("distribution", bins, marks, thresholds, lang=lang,
              value_title=f"{controls.index_label(ix, lang)} {year}", count_title=t("n_units_axis", lang))


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
                         format_func=labels.__getitem__, **controls.choose(lang))
    row.button(t("compare_make_mine", lang), key="compare_make_mine", on_click=state.choose_unit,
               args=(era, pick), icon=":material/my_location:")


def peer_controls(era: str, level: str, index: str, year: int | None, unit: dict, lang: str):
    """Peer-group mode, number of neighbours and custom list; returns a doisanh.peers.PeerGroup."""
    from doisanh import peers
    from doisanh.state import K_RANGE, MAX_CUSTOM, PEER_MODES
    row = st.container(horizontal=True)     # the mode, and the number of neighbours beside it
    state.ensure_option("w_peers", list(PEER_MODES), "auto")
    mode = row.selectbox(t("peers", lang), list(PEER_MODES), key="w_peers", **controls.choose(lang),
                         format_func=lambda m: t("peers_" + m, lang))
    neighbours: list[str] = []
    if mode in ("near_size", "near_profile"):
        state.ensure_option("w_k", list(range(K_RANGE[0], K_RANGE[1] + 1)), 10)
        k = row.slider(t("k_neighbours", lang), K_RANGE[0], K_RANGE[1], key="w_k")
        near = notes.run_query(lang, "neighbours", era=era, level=level, unit_code=unit["unit_code"],
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
    era = controls.era_control(lang, where)
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
        st.session_state["w_index"] = controls.index_with_figures(
            cat, st.session_state["w_index"],
            lambda i: bool(controls.unit_years(i, era, unit["level"], unit["unit_code"])), ids)
    index = where.selectbox(t("index", lang), ids, key="w_index", on_change=controls.index_chosen,
                            **controls.choose(lang), format_func=lambda i: controls.index_label(cat[i], lang))
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
    year = controls.year_control(era, level, index, lang, row, unit_code=unit["unit_code"])
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

"""Across the 2025 reorganisation: where a unit went (or came from) in the other era, in
sentences, with a button per unit that makes it the chosen one there, and the figures of both
sides in one table."""
from __future__ import annotations

import polars as pl
import streamlit as st

from doisanh import fmt, lineage, names
from doisanh.grid import ILLUSTRATIVE_MARK
from doisanh.i18n import t
from ui import controls, data, notes, state, tables
from ui import views as derived


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
        if figures[t("score", lang)].str.ends_with(ILLUSTRATIVE_MARK).any():   # the status column is
            box.caption(ILLUSTRATIVE_MARK.strip() + " = " + t("illustrative", lang))  # off a phone's screen
    return targets


def crossing_buttons(targets: pl.DataFrame, to_era: str, lang: str, where) -> None:
    """A button per unit of `targets` (lineage.CROSSING_COLUMNS) that makes it the chosen unit in
    `to_era` (the state, hence the link, follows: ui.state.choose_unit)."""
    where.caption(t("across_pick", lang, other=t("era_" + to_era, lang)))
    buttons = where.container(horizontal=True, gap="small")
    units = data.units_frame(to_era)
    for r in targets.iter_rows(named=True):
        label = _button_label(r, derived.row_of(units, r["unit_code"]), lang)
        buttons.button(label, key=f"across_{to_era}_{r['unit_code']}_{r['level']}",
                       on_click=state.choose_unit, args=(to_era, r["unit_code"]),
                       icon=":material/arrow_forward:")


def _button_label(target: dict, unit: dict | None, lang: str) -> str:
    """A unit across the break by what it is: 'Thành phố Hồ Chí Minh', 'Phường Sa Đéc' (the
    registry's full name), 'Ho Chi Minh · city' (was 'Hồ Chí Minh · tỉnh', and every ward a 'xã');
    a namesake's display name already says its type."""
    name = controls.name_of(target, lang)
    if "(" in name:
        return name
    kind = (unit or {}).get("unit_type") or ""
    if lang == "vi" and unit is not None and unit.get("full_name_vi"):
        return unit["full_name_vi"]
    word = names.TYPE_WORDS_EN.get(kind) if lang == "en" else None
    return f"{name} · {word or t('level_short_' + target['level'], lang)}"


def across_figures(row: dict, from_era: str, targets: pl.DataFrame, lang: str) -> pl.DataFrame | None:
    """The chosen index's latest figure of the unit and of each unit across the break (each its own
    latest year: Bình Dương's PCI is 2022 when the level's latest is 2024): unit, era, index, year,
    score, rank (among all units of its level in its era) and where the figure comes from
    (published, imported or illustrative)."""
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
            years = controls.unit_years(index, era, level, code)   # the unit's own, newest first
            if years:
                year = years[0]
                ranking = notes.run_query(lang, "ranking", era=era, level=level, index_id=index, year=year,
                                          province_code=None, region_code=None, parent_code=None, peer_codes=None)
                hit = None if ranking is None else derived.row_of(ranking, code)
        out.append({      # the name and the key figures first: what a 390 px phone shows
            t("across_col_unit", lang): name,
            t("score", lang): t("across_no_figure", lang) if hit is None else
            fmt.num(hit["value"], ix.decimals, lang) + (ILLUSTRATIVE_MARK if hit["is_illustrative"] else ""),
            t("rank", lang): "" if hit is None else fmt.rank(hit["rank_in_peers"], hit["n_units"], lang),
            t("across_col_role", lang): t("across_role_" + role, lang),
            t("year", lang): "" if year is None else str(year),
            t("era", lang): t("era_tag_" + era, lang),
            t("index", lang): controls.index_label(ix, lang),
            t("status", lang): "" if hit is None else notes.status_text(hit["is_illustrative"], lang,
                                                                        hit.get("source_id")),
        })
    return pl.DataFrame(out)

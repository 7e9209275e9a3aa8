"""The one unit picker (a select box that filters as the user types, bound to w_unit), its
options and labels, and the resolution of the chosen code in the era shown — across the 2025
reorganisation when it is a unit of the other era."""
from __future__ import annotations

from types import MappingProxyType

import polars as pl
import streamlit as st

from doisanh import lineage, names
from doisanh.i18n import t
from ui import controls, crossing, data, state
from ui import views as derived


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
            crossing.across_panel(left[0], left[1], era, lang)
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
    targets = crossing.across_panel(other, code, era, lang)
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

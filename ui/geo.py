"""The map page's helpers: cached boundaries and archipelago layer, the province filter kept in
step with what the map draws, cached map specs, the map and its table on screen, and the click
on the map that chooses a unit."""
from __future__ import annotations

from pathlib import Path

import polars as pl
import streamlit as st

# the conversion st.altair_chart applies (theme, datasets as Arrow), as ui/plot.py does
from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec

from doisanh import charts, charts_geo, fmt, geo
from doisanh.i18n import t
from ui import controls, crossing, data, notes, state, tables
from ui.memo import memo

PICK_KEY = "map_pick"          # the map chart's selection state
_ALIGNED = "_map_aligned"      # the (era, unit) whose province the filter last took
_STASH = "_map_province"       # the province filter's choice, kept while the map shows provinces
LEVELS_NEEDING_PROVINCE = ("commune",)


@st.cache_resource(show_spinner=False, max_entries=6)
def _load(path: str, mtime_ns: int, kind: str) -> dict:
    """Parsed once per process and file version; shared read-only (the charts never mutate it)."""
    return geo.load_archipelagos(Path(path)) if kind == "islands" else geo.load(Path(path))


def boundaries(era: str) -> dict:
    """The FeatureCollection of an era's provinces (doisanh.geo.geojson_path: the deployer's
    DOISANH_GEOJSON_<ERA> or data/geo/). Raises doisanh.geo.GeoError naming the file."""
    path = geo.geojson_path(era)
    if not path.is_file():
        raise geo.GeoError(f"{path}: file is missing")
    return _load(str(path), path.stat().st_mtime_ns, "provinces")


def archipelagos() -> dict:
    """The Hoàng Sa / Trường Sa layer (data/geo/archipelagos.geojson). Raises GeoError."""
    path = geo.ARCHIPELAGO_PATH
    if not path.is_file():
        raise geo.GeoError(f"{path}: file is missing")
    return _load(str(path), path.stat().st_mtime_ns, "islands")


def align_province_filter(whole_levels: tuple[str, ...] = LEVELS_NEEDING_PROVINCE, page: str = "map") -> None:
    """Call before the controls, so that the province filter names what the map draws. A newly
    chosen unit (search, link) at district or commune level brings the filter to its province
    when the filter named another one, or read 'all provinces' at commune level (the commune
    map draws one province) — once per chosen unit, so that any province or 'all provinces' can
    be chosen again afterwards. At province level the map draws the whole country, so the
    (disabled) filter reads 'all provinces' and its choice comes back at the other levels.
    The ranking page passes whole_levels=("district", "commune"): it opens on the chosen unit's
    province as the profile's default peer group ('auto': same province below province level)."""
    ss = st.session_state
    level, era, province = ss.get("w_level"), ss.get("w_era"), ss.get("w_province", state.ALL)
    if level == "province":
        if province not in (None, state.ALL):
            ss[_STASH], ss["w_province"] = province, state.ALL
        return
    if province in (None, state.ALL) and ss.get(_STASH):
        ss["w_province"] = province = ss.pop(_STASH)
    ss.pop(_STASH, None)
    code = ss.get("w_unit")
    aligned = _ALIGNED + page
    if level not in ("district", "commune") or not code or not era or ss.get(aligned) == (era, code):
        return
    if page != "map" and state.from_link() and province not in (None, state.ALL):
        ss[aligned] = (era, code)    # a shared link opens on exactly the province it names
        return
    row = data.units_frame(era).filter(pl.col("unit_code") == code)
    if page != "map" and (not row.height or row["level"][0] != level):
        return                       # the ranking lists another level: the unit is not in it
    ss[aligned] = (era, code)
    home = row["province_code"][0] if row.height else None
    whole = province in (None, state.ALL)
    if home and ((whole and level in whole_levels) or (not whole and province != home)):
        ss["w_province"] = home


@memo(maxsize=8)
def _islands(layer_key: tuple, lang: str, keep: tuple[str, ...] | None) -> tuple[pl.DataFrame, pl.DataFrame]:
    isles = geo.islands(archipelagos(), lang, keep)
    return isles, geo.archipelago_labels(isles, lang)


@memo(maxsize=32)
def _spec(kind: str, era: str, file_key: tuple, frame: pl.DataFrame, province: str | None,
          lang: str, kwargs: tuple) -> tuple[dict, tuple[str, ...]]:
    """The Vega-Lite spec of a map, built and converted once per distinct input, and the
    labels of the archipelagos it draws in an inset."""
    moved: tuple[str, ...] = ()
    kw = dict(kwargs)
    layer_key = (str(geo.ARCHIPELAGO_PATH),)
    if kind == "province":
        isles, labels = _islands(layer_key, lang, None)
        chart = charts_geo.province_map(boundaries(era), frame, islands=isles, labels=labels,
                                        name_field="name_en" if lang == "en" else "name_vi",
                                        pick=True, **kw)
    else:
        gj = boundaries(era)
        outline = geo.subset(gj, [province]) if province else gj
        isles, labels = _islands(layer_key, lang, tuple(geo.codes(outline)))
        frame_line = None
        if province and not isles.is_empty():      # Đà Nẵng, Khánh Hòa: the archipelago in an inset
            frame, outline, isles, labels, frame_line = geo.inset(frame, outline, isles, lang)
            moved = tuple(labels["label"].to_list()) if frame_line else ()
        chart = charts_geo.symbol_map(frame, outline=outline, islands=isles, labels=labels,
                                      inset=frame_line, pick=True, **kw)
    return _convert_altair_to_vega_lite_spec(chart), moved


def show_map(kind: str, era: str, frame: pl.DataFrame, province: str | None, lang: str,
             **kwargs) -> None:
    """Draw the province map (`kind` 'province') or the symbol map of `province` (None: every
    province) across the page's width; a click chooses a unit (`picked`). An archipelago drawn
    in an inset (symbol maps of Đà Nẵng and Khánh Hòa) is said so below the map."""
    path = geo.geojson_path(era)
    file_key = (str(path), path.stat().st_mtime_ns)
    spec, moved = _spec(kind, era, file_key, frame, province, lang, tuple(sorted(kwargs.items())))
    st.vega_lite_chart(charts.localize_spec(spec, lang), width="stretch", on_select=picked,
                       selection_mode=charts_geo.PICK, key=PICK_KEY)
    for name in moved:
        st.caption(t("map_inset_note", lang, name=name))


def table(frame: pl.DataFrame, lang: str, height: int) -> None:
    """The map's figures, best first: rank, score, then the name, whose column a long commune
    name widens (a 390 px phone shows the first ~358 px)."""
    tables.table(frame.filter(pl.col("value").is_not_null()).sort("rank", "unit_code").select(
        pl.col("rank_text").alias(t("rank", lang)), pl.col("value_text").alias(t("score", lang)),
        pl.col("name").alias(t("name", lang)), pl.col("unit_code").alias(t("code", lang)),
        pl.col("status").alias(t("status", lang))), height=height)


def picked() -> None:
    """on_select of the map chart: the clicked unit (a unit_code of the map's level) becomes the
    chosen unit, as if it had been found with the search box. A click that clears the selection
    (the same unit again) changes nothing."""
    event = st.session_state.get(PICK_KEY) or {}
    rows = (event.get("selection") or {}).get(charts_geo.PICK) or []
    code = rows[0].get("unit_code") if isinstance(rows, list) and rows and isinstance(rows[0], dict) else None
    if isinstance(code, str) and code:
        st.session_state["w_unit"] = code

# ---------------------------------------------------------------- lineage and reconstruction

def reconstruction(target: dict, unit_level: str, ix, lang: str) -> None:
    """The reconstructed series of `target` (a post-2025 unit) before the merger, its method,
    gaps and table."""
    index_name = controls.index_label(ix, lang)
    weightings = ["population", "equal"]
    state.ensure_option("w_map_weighting", weightings, "population")
    weighting = st.radio(t("recon_weighting", lang), weightings, key="w_map_weighting", horizontal=True,
                         format_func=lambda w: t("recon_weight_" + w, lang))
    recon = notes.run_query(lang, "reconstructed", index_id=ix.id, level=unit_level,
                            unit_code=target["unit_code"], weighting=weighting)
    if recon is None:
        return
    target_name = target["name_en" if lang == "en" else "name_vi"]
    if recon.is_empty():
        st.info(t("recon_none", lang, index=index_name))
        return
    st.info(geo.method_sentence(recon, unit_level, lang))
    own = notes.run_query(lang, "trend", index_id=ix.id, era="post2025", level=unit_level,
                          unit_code=target["unit_code"])
    own = own.filter(pl.col("relation") == "self") if own is not None else recon.head(0)
    frame = geo.reconstruction_frame(recon, own, unit_name=target_name, lang=lang, decimals=ix.decimals)
    st.altair_chart(charts.localized(charts_geo.reconstructed_lines(frame, value_title=index_name,
                                                                    series_title=t("unit", lang)), lang),
                    width="stretch")
    used, flagged = int(recon["n_used"].sum()), int(recon["n_illustrative"].sum())
    notes.illustrative_banner(pl.DataFrame({"is_illustrative": [True] * flagged + [False] * (used - flagged)}),
                              lang)
    gaps = recon.filter(pl.col("n_used") < pl.col("n_predecessors"))["year"].to_list()
    if gaps:
        st.caption(t("recon_gaps", lang, years=", ".join(str(y) for y in gaps)))
    st.caption(t("recon_note", lang))
    with st.expander(t("recon_table", lang)):
        tables.table(recon.select(
            pl.col("year").alias(t("year", lang)),
            pl.lit(fmt.texts(recon["value"], lambda v: fmt.num(v, ix.decimals, lang)))
            .alias(t("score", lang)),
            pl.col("used_codes").alias(t("recon_used", lang)),
            pl.col("missing_codes").alias(t("recon_missing", lang)),
            pl.lit(pl.Series([geo.inputs_text(a, b, lang) for a, b in
                              zip(recon["n_illustrative"].to_list(), recon["n_used"].to_list())],
                             dtype=pl.String)).alias(t("recon_inputs", lang))))


def lineage_panel(unit: dict | None, era: str, ix, lang: str) -> None:
    """The chosen unit's predecessors or successors, and the toggle of its reconstructed series."""
    name_col = "name_en" if lang == "en" else "name_vi"
    st.subheader(t("lineage", lang))
    if unit is None:
        st.info(t("lineage_pick_unit", lang))
        return
    ulevel, label = unit["level"], unit[name_col]
    lin = notes.run_query(lang, "lineage", era=era, level=ulevel, unit_code=unit["unit_code"])
    if lin is None:
        return
    if lin.is_empty():
        st.info(t("lineage_none", lang, unit=label))
    else:
        tables.table(geo.lineage_rows(lin, lang))
        st.caption(t("lineage_source", lang))
    successors = lin.filter((pl.col("direction") == "successor") & (pl.col("level") == ulevel)
                            & (pl.col("era") == "post2025"))
    _, texts, targets = crossing.crossing(era, unit["unit_code"], lang)   # whole / partial, never into itself
    if texts:
        st.markdown("\n\n".join(texts))
    if targets.height:
        crossing.crossing_buttons(targets, "post2025" if era == "pre2025" else "pre2025", lang, st)
    if ulevel not in ("province", "commune"):
        return
    if not st.toggle(t("recon_toggle", lang), key="w_map_recon"):
        return
    if era == "post2025":
        target = unit
        preds = lin.filter((pl.col("direction") == "predecessor") & (pl.col("level") == ulevel))
    else:
        if successors.is_empty():
            st.info(t("recon_no_successor", lang))
            return
        options = {r["unit_code"]: r for r in successors.iter_rows(named=True)}
        code = next(iter(options))
        if len(options) > 1:
            code = st.selectbox(t("recon_target", lang), list(options), key="map_recon_target",
                                placeholder=t("choose_one", lang),
                                format_func=lambda c: f"{options[c][name_col]} · {c}")
        target = options[code]
        theirs = notes.run_query(lang, "lineage", era="post2025", level=ulevel, unit_code=code)
        preds = theirs.filter(pl.col("direction") == "predecessor") if theirs is not None else lin.head(0)
    if preds.height == 1 and preds["relation"][0] == "whole":
        st.caption(t("recon_not_merged", lang, unit=target[name_col]))
    reconstruction(target, ulevel, ix, lang)



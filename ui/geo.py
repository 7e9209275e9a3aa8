"""The map page's helpers: cached province boundaries (one parsed GeoJSON per era and file) and
the click on the map that chooses a unit."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from doisanh import charts_geo, geo

PICK_KEY = "map_pick"    # the map chart's selection state


@st.cache_resource(show_spinner=False, max_entries=4)
def _load(path: str, mtime_ns: int) -> dict:
    """Parsed once per process and file version; shared read-only (the charts never mutate it)."""
    return geo.load(Path(path))


def boundaries(era: str) -> dict:
    """The FeatureCollection of an era's provinces (doisanh.geo.geojson_path: the deployer's
    DOISANH_GEOJSON_<ERA> or data/geo/). Raises doisanh.geo.GeoError naming the file."""
    path = geo.geojson_path(era)
    if not path.is_file():
        raise geo.GeoError(f"{path}: file is missing")
    return _load(str(path), path.stat().st_mtime_ns)


def picked() -> None:
    """on_select of the map chart: the clicked unit (a unit_code of the map's level) becomes the
    chosen unit, as if it had been found with the search box. A click that clears the selection
    (the same unit again) changes nothing."""
    event = st.session_state.get(PICK_KEY) or {}
    rows = (event.get("selection") or {}).get(charts_geo.PICK) or []
    code = rows[0].get("unit_code") if isinstance(rows, list) and rows and isinstance(rows[0], dict) else None
    if isinstance(code, str) and code:
        st.session_state["w_unit"] = code

"""Cached province boundaries for the map page (one parsed GeoJSON per era and file)."""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from doisanh import geo


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


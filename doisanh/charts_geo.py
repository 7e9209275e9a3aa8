"""Map charts: one small function per chart, each returns an Altair chart (channel objects only).

- province_map: choropleth of the provinces of one era (a GeoJSON FeatureCollection), the
  scores looked up by unit_code from the frame of doisanh.geo.map_frame;
- symbol_map: circles at unit centroids (lat/lon of the registry) for districts and communes,
  which have no boundary file;
- reconstructed_lines: a merged unit's reconstructed series before 2025 and its own after.

Projection: Mercator, fitted by Vega-Lite to the features drawn (the whole country on the
province map, the chosen province on the symbol map). Every geometry and point is inline in the
spec (no URL); the number of points is checked against Altair's default max_rows, never lifted.
"""
from __future__ import annotations

import altair as alt
import polars as pl

from doisanh.charts import CHOSEN_COLOR
from doisanh.geo import MAX_POINTS

PEER_COLOR = "#ff8c00"
NO_DATA_COLOR = "#e4e7eb"
BORDER_COLOR = "#ffffff"
SCHEME = "blues"
PICK = "pick"   # the click selection of a map (a unit_code), when the page asks for one
MAP_COLUMNS = ("unit_code", "name", "value", "value_text", "rank", "rank_text", "status", "role")
POINT_COLUMNS = (*MAP_COLUMNS, "lat", "lon")


def _color(color_by: str, title: str) -> alt.Color:
    """Darker is better: high score, or rank 1 (rank scale reversed)."""
    if color_by == "rank":
        return alt.Color("rank", type="quantitative", title=title,
                         scale=alt.Scale(scheme=SCHEME, reverse=True),
                         legend=alt.Legend(orient="bottom", format="d"))
    # '~g': a year with one figure gave the legend a label like 96,170000
    return alt.Color("value", type="quantitative", title=title, scale=alt.Scale(scheme=SCHEME),
                     legend=alt.Legend(orient="bottom", format="~g"))


def _pick(chart: alt.Chart, pick: bool) -> alt.Chart:
    """With `pick`, a click on a unit selects its unit_code (st.altair_chart on_select)."""
    if not pick:
        return chart
    return chart.add_params(alt.selection_point(name=PICK, fields=["unit_code"], on="click"))


def _tooltip(name_title: str, value_title: str, rank_title: str, status_title: str) -> list:
    return [alt.Tooltip("label", type="nominal", title=name_title),
            alt.Tooltip("value_text", type="nominal", title=value_title),
            alt.Tooltip("rank_text", type="nominal", title=rank_title),
            alt.Tooltip("status", type="nominal", title=status_title)]


def province_map(geojson: dict, values: pl.DataFrame, *, value_title: str, rank_title: str,
                 status_title: str, name_title: str, color_by: str = "value",
                 name_field: str = "name_vi", width: int = 340,
                 height: int = 560, pick: bool = False) -> alt.LayerChart:
    """Choropleth: one geoshape per feature of `geojson`, filled by score (or rank) looked up
    from `values` by unit_code; provinces without a figure stay grey; the chosen unit is
    outlined red, its peers orange. One layer holds every province (so that a click lands on
    it, whatever the colour): with `pick`, clicking a province selects its unit_code.

    `values` needs MAP_COLUMNS (doisanh.geo.map_frame). `name_field` is the feature property
    shown for a province absent from `values`.
    """
    rows = values.select(MAP_COLUMNS).to_dicts()
    lookup = alt.LookupData(data=alt.InlineData(values=rows), key="unit_code",
                            fields=[c for c in MAP_COLUMNS if c != "unit_code"])
    base = alt.Chart(alt.Data(values=geojson["features"]))
    tooltip = _tooltip(name_title, value_title, rank_title, status_title)
    # a province without a figure is drawn grey, not dropped: Vega-Lite filters marks whose
    # continuous colour field is null (the grey condition never applied, and a year with one
    # published province drew that one alone), so nulls are kept (invalid="show") and the
    # condition tests for them
    provinces = _pick(base.mark_geoshape(stroke=BORDER_COLOR, strokeWidth=0.5, invalid="show").encode(
        color=alt.when(f"datum.{'rank' if color_by == 'rank' else 'value'} == null")
        .then(alt.value(NO_DATA_COLOR))
        .otherwise(_color(color_by, rank_title if color_by == "rank" else value_title)),
        tooltip=tooltip), pick)
    peers = base.transform_filter("datum.role == 'peer'").mark_geoshape(
        filled=False, stroke=PEER_COLOR, strokeWidth=1.5)
    chosen = base.transform_filter("datum.role == 'chosen'").mark_geoshape(
        filled=False, stroke=CHOSEN_COLOR, strokeWidth=2.5)
    return alt.layer(provinces, peers, chosen).transform_lookup(
        lookup="properties.unit_code", from_=lookup,
    ).transform_calculate(
        label=f"isValid(datum.name) ? datum.name : datum.properties.{name_field}",
        unit_code="datum.properties.unit_code",
    ).project(type="mercator").properties(width=width, height=height)


def symbol_map(points: pl.DataFrame, *, value_title: str, rank_title: str, status_title: str,
               name_title: str, color_by: str = "value", outline: dict | None = None,
               width: int = 340, height: int = 420, pick: bool = False) -> alt.LayerChart:
    """Circles at unit centroids, filled by score (or rank); units without a figure light
    grey; the chosen unit larger with a red ring, peers with an orange ring. `outline` (a
    FeatureCollection, e.g. the chosen province) is drawn underneath for orientation. One layer
    holds every circle: with `pick`, clicking a unit selects its unit_code.

    `points` needs POINT_COLUMNS (doisanh.geo.map_frame, rows with a position) and at most
    MAX_POINTS rows (Altair's default max_rows): filter to one province first.
    """
    if points.height > MAX_POINTS:
        raise ValueError(f"{points.height} points exceed {MAX_POINTS}: filter to one province")
    data = alt.InlineData(values=points.select(POINT_COLUMNS).with_columns(
        pl.col("name").alias("label")).to_dicts())
    lon = alt.Longitude("lon", type="quantitative")
    lat = alt.Latitude("lat", type="quantitative")
    tooltip = _tooltip(name_title, value_title, rank_title, status_title)
    base = alt.Chart(data)
    has_value = "isValid(datum.value)"
    dots = _pick(base.mark_circle(opacity=0.9).encode(
        longitude=lon, latitude=lat, tooltip=tooltip,
        color=alt.condition(has_value, _color(color_by, rank_title if color_by == "rank" else value_title),
                            alt.value(NO_DATA_COLOR)),
        size=alt.condition(has_value, alt.value(40), alt.value(28)),
        stroke=alt.condition(has_value, alt.value("#ffffff"), alt.value("#9aa3ad")),
        strokeWidth=alt.condition(has_value, alt.value(0.4), alt.value(0.8))), pick)
    rings = base.transform_filter("datum.role != ''").mark_circle(filled=False, opacity=1).encode(
        longitude=lon, latitude=lat,
        stroke=alt.condition("datum.role == 'chosen'", alt.value(CHOSEN_COLOR), alt.value(PEER_COLOR)),
        size=alt.condition("datum.role == 'chosen'", alt.value(220), alt.value(90)),
        strokeWidth=alt.condition("datum.role == 'chosen'", alt.value(3), alt.value(1.5)),
        tooltip=tooltip)
    layers = [dots, rings]
    if outline is not None and outline.get("features"):
        layers.insert(0, alt.Chart(alt.Data(values=outline["features"])).mark_geoshape(
            fill="#f5f6f8", stroke="#9aa3ad", strokeWidth=1))
    return alt.layer(*layers).project(type="mercator").properties(width=width, height=height)


def reconstructed_lines(df: pl.DataFrame, *, value_title: str, series_title: str) -> alt.LayerChart:
    """The reconstructed series (dashed) and the unit's own figures (solid) over the years.

    `df` needs: year, series, value, value_text, status, kind ('reconstructed' | 'own'), detail
    (doisanh.geo.reconstruction_frame).
    """
    data = df.select("year", "series", "value", "value_text", "status", "kind", "detail")
    enc = dict(
        x=alt.X("year", type="ordinal", title=None, axis=alt.Axis(labelAngle=0)),
        y=alt.Y("value", type="quantitative", title=value_title, scale=alt.Scale(zero=False)),
        color=alt.Color("series", type="nominal", title=series_title,
                        legend=alt.Legend(orient="top", direction="vertical", labelLimit=360)),
    )
    base = alt.Chart(data)
    line = base.mark_line().encode(
        **enc, strokeDash=alt.StrokeDash("kind", type="nominal", legend=None,
                                         scale=alt.Scale(domain=["reconstructed", "own"],
                                                         range=[[5, 4], [1, 0]])))
    points = base.mark_point(filled=True, size=60).encode(
        **enc,
        shape=alt.Shape("status", type="nominal", title=None, legend=alt.Legend(orient="top")),
        tooltip=[alt.Tooltip("series", type="nominal", title=series_title),
                 alt.Tooltip("year", type="ordinal"),
                 alt.Tooltip("value_text", type="nominal", title=value_title),
                 alt.Tooltip("detail", type="nominal", title=" "),
                 alt.Tooltip("status", type="nominal", title=" ")])
    return (line + points).properties(height=300, width="container")

"""Map charts: one small function per chart, each returns an Altair chart (channel objects only).

- province_map: choropleth of the provinces of one era (a GeoJSON FeatureCollection), the
  scores looked up by unit_code from the frame of doisanh.geo.map_frame;
- symbol_map: circles at unit centroids (lat/lon of the registry) for districts and communes,
  which have no boundary file;
- reconstructed_lines: a merged unit's reconstructed series before 2025 and its own after.

Hoàng Sa and Trường Sa (doisanh.geo.islands / archipelago_labels) are drawn on every province
map as dots at their main islands, filled like their province (Đà Nẵng, Khánh Hòa) and labelled
'Quần đảo Hoàng Sa (Đà Nẵng)' in two lines above; on a symbol map of their province in grey.

Projection: Mercator, fitted by Vega-Lite to everything drawn: the whole country and both
archipelagos on the province map (an invisible point at EAST_PAD keeps the labels inside), the
chosen province on the symbol map. The width follows the page ("container") unless given; the
height is fixed. Every geometry and point is inline in the spec (no URL); the number of points
is checked against Altair's default max_rows, never lifted.
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
ISLAND_COLOR = "#9aa3ad"     # islands on a symbol map (no figure of their own)
ISLAND_STROKE = "#44505c"
LABEL_COLOR = "#1f4e79"      # sea blue, italic: the way maps name archipelagos
LABEL_DY, LINE_HEIGHT = 10, 13   # px: the label's last line ends 10 px above the northernmost island
EAST_PAD = (116.0, 16.5)     # lon, lat: room east of Trường Sa for its label
MAP_HEIGHT = 720             # px, at most: the province map's height follows its width
MAP_ASPECT = 1.15            # height / width of Việt Nam with its archipelagos (Mercator)
POINTS_HEIGHT = 560          # px, at most, for a symbol map (aspect 1)
MIN_HEIGHT = 300
ISLAND_COLUMNS = ("archipelago", "unit_code", "island", "lon", "lat")
LABEL_COLUMNS = ("archipelago", "unit_code", "label", "line1", "line2", "lon", "lat")
MAP_COLUMNS = ("unit_code", "name", "value", "value_text", "rank", "rank_text", "status", "role")
POINT_COLUMNS = (*MAP_COLUMNS, "lat", "lon")


def _color(color_by: str, title: str, orient: str = "bottom") -> alt.Color:
    """Darker is better: high score, or rank 1 (rank scale reversed)."""
    if color_by == "rank":
        return alt.Color("rank", type="quantitative", title=title,
                         scale=alt.Scale(scheme=SCHEME, reverse=True),
                         legend=alt.Legend(orient=orient, format="d"))
    # '~f' trims trailing zeros (a year with one figure gave a label like 96,170000) and takes its
    # decimals from the tick step; '~g' took significant digits from it: 5e+1 and 7e+1 for PCI 2016
    return alt.Color("value", type="quantitative", title=title, scale=alt.Scale(scheme=SCHEME),
                     legend=alt.Legend(orient=orient, format="~f"))


def _sized(chart: alt.LayerChart, width: int | str, height: int, aspect: float) -> alt.LayerChart:
    """A fixed size, or with width "container" (the page's width) a height that follows the
    width — min(height, width × aspect) — so that a phone gets no empty band above and below
    the map (a Vega-Lite parameter named `height` drives the view's height signal)."""
    chart = chart.properties(width=width, height=height)
    if width != "container":
        return chart
    return chart.add_params(alt.param(name="height", expr=f"min({height}, max({MIN_HEIGHT}, width * {aspect}))"))


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


def _archipelagos(isles: pl.DataFrame, labels: pl.DataFrame, *, color: alt.Color | None,
                  lookup: alt.LookupData | None, tooltip: list, island_title: str,
                  pad: bool = True, below: bool = False) -> list:
    """Layers of Hoàng Sa and Trường Sa: a dot per island (filled with `color` looked up from the
    province's figure, or grey without `lookup`), the two-line label of each archipelago, and an
    invisible point at EAST_PAD that keeps the labels inside the fitted map (with `pad`: the
    archipelagos at their true place). With `below`, the label hangs below its anchor (the
    bottom of an inset's frame) instead of standing above it."""
    if isles.is_empty():
        return []
    lon = alt.Longitude("lon", type="quantitative")
    lat = alt.Latitude("lat", type="quantitative")
    dots = alt.Chart(alt.InlineData(values=isles.select(ISLAND_COLUMNS).to_dicts()))
    island_tip = [alt.Tooltip("island", type="nominal", title=island_title)]
    mark = dict(shape="circle", filled=True, size=36, opacity=1, stroke=ISLAND_STROKE, strokeWidth=0.8)
    if lookup is not None:
        # two layers, not a condition: Vega-Lite would drop (or colour by the scale's minimum)
        # an island whose province has no figure
        dots = dots.transform_lookup(lookup="unit_code", from_=lookup).transform_calculate(
            label="datum.name")
        island_tip += tooltip
        layers = [dots.transform_filter("isValid(datum.value)").mark_point(**mark).encode(
                      longitude=lon, latitude=lat, color=color, tooltip=island_tip),
                  dots.transform_filter("!isValid(datum.value)").mark_point(**mark).encode(
                      longitude=lon, latitude=lat, color=alt.value(NO_DATA_COLOR), tooltip=island_tip)]
    else:
        layers = [dots.mark_point(**mark).encode(longitude=lon, latitude=lat,
                                                 color=alt.value(ISLAND_COLOR), tooltip=island_tip)]
    # the label in two lines, one text mark each: Vega's own multi-line text grows downwards
    # from a bottom baseline in the browser, over the islands
    names = alt.Chart(alt.InlineData(values=labels.select(LABEL_COLUMNS).to_dicts()))
    text = dict(baseline="top" if below else "bottom", align="center", fontSize=11, fontStyle="italic",
                fontWeight="bold", color=LABEL_COLOR)
    label_tip = [alt.Tooltip("label", type="nominal", title=island_title)]
    offsets = (LABEL_DY, LABEL_DY + LINE_HEIGHT) if below else (-LABEL_DY - LINE_HEIGHT, -LABEL_DY)
    for field, dy in zip(("line1", "line2"), offsets):
        layers.append(names.mark_text(dy=dy, **text).encode(
            longitude=lon, latitude=lat, text=alt.Text(field, type="nominal"), tooltip=label_tip))
    if pad and "truong_sa" in set(isles["archipelago"].to_list()):
        layers.append(alt.Chart(alt.InlineData(values=[{"lon": EAST_PAD[0], "lat": EAST_PAD[1]}]))
                      .mark_point(opacity=0, size=1).encode(longitude=lon, latitude=lat))
    return layers


def province_map(geojson: dict, values: pl.DataFrame, *, value_title: str, rank_title: str,
                 status_title: str, name_title: str, color_by: str = "value",
                 name_field: str = "name_vi", islands: pl.DataFrame | None = None,
                 labels: pl.DataFrame | None = None, island_title: str = "",
                 width: int | str = "container", height: int = MAP_HEIGHT,
                 pick: bool = False) -> alt.LayerChart:
    """Choropleth: one geoshape per feature of `geojson`, filled by score (or rank) looked up
    from `values` by unit_code; provinces without a figure stay grey; the chosen unit is
    outlined red, its peers orange. One layer holds every province (so that a click lands on
    it, whatever the colour): with `pick`, clicking a province selects its unit_code.
    `islands` and `labels` (doisanh.geo.islands, archipelago_labels) add Hoàng Sa and Trường
    Sa, their dots filled with their province's figure.

    `values` needs MAP_COLUMNS (doisanh.geo.map_frame). `name_field` is the feature property
    shown for a province absent from `values`.
    """
    rows = values.select(MAP_COLUMNS).to_dicts()
    lookup = alt.LookupData(data=alt.InlineData(values=rows), key="unit_code",
                            fields=[c for c in MAP_COLUMNS if c != "unit_code"])
    base = alt.Chart(alt.Data(values=geojson["features"]))
    tooltip = _tooltip(name_title, value_title, rank_title, status_title)
    # the legend in the map's top-right corner: open sea east of the Gulf of Tonkin
    color = _color(color_by, rank_title if color_by == "rank" else value_title, "top-right")
    # a province without a figure is drawn grey, not dropped: Vega-Lite filters marks whose
    # continuous colour field is null (the grey condition never applied, and a year with one
    # published province drew that one alone), so nulls are kept (invalid="show") and the
    # condition tests for them
    provinces = _pick(base.mark_geoshape(stroke=BORDER_COLOR, strokeWidth=0.5, invalid="show").encode(
        color=alt.when(f"datum.{'rank' if color_by == 'rank' else 'value'} == null")
        .then(alt.value(NO_DATA_COLOR))
        .otherwise(color),
        tooltip=tooltip), pick)
    peers = base.transform_filter("datum.role == 'peer'").mark_geoshape(
        filled=False, stroke=PEER_COLOR, strokeWidth=1.5)
    chosen = base.transform_filter("datum.role == 'chosen'").mark_geoshape(
        filled=False, stroke=CHOSEN_COLOR, strokeWidth=2.5)
    shapes = alt.layer(provinces, peers, chosen).transform_lookup(
        lookup="properties.unit_code", from_=lookup,
    ).transform_calculate(
        label=f"isValid(datum.name) ? datum.name : datum.properties.{name_field}",
        unit_code="datum.properties.unit_code",
    )
    extra = [] if islands is None or labels is None else _archipelagos(
        islands, labels, color=color, lookup=lookup, tooltip=tooltip, island_title=island_title)
    return _sized(alt.layer(shapes, *extra).project(type="mercator"), width, height, MAP_ASPECT)


def symbol_map(points: pl.DataFrame, *, value_title: str, rank_title: str, status_title: str,
               name_title: str, color_by: str = "value", outline: dict | None = None,
               islands: pl.DataFrame | None = None, labels: pl.DataFrame | None = None,
               island_title: str = "", inset: dict | None = None, width: int | str = "container",
               height: int = POINTS_HEIGHT, pick: bool = False) -> alt.LayerChart:
    """Circles at unit centroids, filled by score (or rank); units without a figure light
    grey; the chosen unit larger with a red ring, peers with an orange ring. `outline` (a
    FeatureCollection, e.g. the chosen province) is drawn underneath for orientation. One layer
    holds every circle: with `pick`, clicking a unit selects its unit_code. `islands` and
    `labels` (of the archipelagos of the provinces drawn) add Hoàng Sa / Trường Sa in grey;
    `inset` (a LineString feature, doisanh.geo.inset) frames them when moved into an inset.

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
    if inset is not None:
        layers.insert(1, alt.Chart(alt.Data(values=[inset])).mark_geoshape(
            filled=False, stroke=ISLAND_STROKE, strokeWidth=1, strokeDash=[4, 3]))
    if islands is not None and labels is not None:
        layers += _archipelagos(islands, labels, color=None, lookup=None, tooltip=tooltip,
                                island_title=island_title, pad=inset is None, below=inset is not None)
    return _sized(alt.layer(*layers).project(type="mercator"), width, height, 1.0)


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

"""Map specs counted in chart.to_dict(): one geoshape feature per province (63 / 34), one point
per district or commune of a chosen province; tooltips, highlight and projection.

The province maps use the shipped boundaries (data/geo) with the fixture's figures; the point
maps use the shipped snapshot (data/), whose units carry the registry's positions.
"""
from __future__ import annotations

import json
import re

import altair as alt
import polars as pl
import pytest

from doisanh import charts_geo, db, geo, sql
from doisanh.snapshot import DATA_DIR

TITLES = dict(value_title="PAR 2020", rank_title="Hạng", status_title="Nguồn gốc số liệu",
              name_title="Đơn vị")


def _nodes(spec: dict) -> list[dict]:
    """The spec and every layer in it, nested layers included."""
    return [spec, *(n for layer in spec.get("layer", []) for n in _nodes(layer))]


def _leaves(spec: dict) -> list[dict]:
    """The layers that draw (have a mark), in order."""
    return [n for n in _nodes(spec) if "mark" in n]


def _all_data(spec: dict) -> list[list]:
    """Every inline dataset of a spec: top-level data, layer data and named datasets."""
    out = list(spec.get("datasets", {}).values())
    for node in _nodes(spec):
        values = (node.get("data") or {}).get("values")
        if isinstance(values, list):
            out.append(values)
    return out


def _features(spec: dict) -> list[dict]:
    return [row for values in _all_data(spec) for row in values
            if isinstance(row, dict) and row.get("type") == "Feature"]


def _points(spec: dict) -> list[dict]:
    return [row for values in _all_data(spec) for row in values
            if isinstance(row, dict) and "lat" in row and "lon" in row]


def _marks(spec: dict) -> list[str]:
    return [layer["mark"]["type"] for layer in _leaves(spec)]


@pytest.fixture(scope="module")
def shipped():
    con = db.open_snapshot(DATA_DIR)
    yield con
    con.close()


def _province_frame(cur, era: str, index_id: str, year: int, chosen=None, peers=()) -> pl.DataFrame:
    mv = sql.run(cur, "map_values", era=era, level="province", index_id=index_id, year=year,
                 province_code=None, with_illustrative=True)
    return geo.map_frame(mv, lang="vi", decimals=2, chosen=chosen, peers=peers)


@pytest.mark.parametrize(("era", "n"), [("pre2025", 63), ("post2025", 34)])
def test_province_map_has_one_geoshape_feature_per_province(cur, era, n):
    gj = geo.load(geo.geojson_path(era))
    year, index_id = (2020, "par") if era == "pre2025" else (2025, "pci")
    frame = _province_frame(cur, era, index_id, year, chosen="04", peers=["01"])
    spec = charts_geo.province_map(gj, frame, **TITLES).to_dict()
    feats = _features(spec)
    assert len(feats) == n
    assert len({f["properties"]["unit_code"] for f in feats}) == n
    assert set(_marks(spec)) == {"geoshape"}                  # no archipelago layer unless asked
    assert spec["projection"] == {"type": "mercator"}
    lookup = next(tr for tr in spec["layer"][0]["transform"] if "lookup" in tr)
    assert lookup["lookup"] == "properties.unit_code" and lookup["from"]["key"] == "unit_code"
    looked_up = next(v for v in _all_data(spec) if v and "value_text" in v[0])
    assert {r["unit_code"] for r in looked_up} == set(frame["unit_code"])


def test_province_map_tooltips_carry_formatted_score_rank_and_status(cur):
    frame = _province_frame(cur, "pre2025", "i766", 2023, chosen="02", peers=["01", "04"])
    spec = charts_geo.province_map(geo.load(geo.geojson_path("pre2025")), frame, **TITLES).to_dict()
    tooltip = _leaves(spec)[0]["encoding"]["tooltip"]
    assert [t["field"] for t in tooltip] == ["label", "value_text", "rank_text", "status"]
    rows = {r["unit_code"]: r for v in _all_data(spec) if v and "value_text" in v[0] for r in v}
    assert (rows["02"]["value_text"], rows["02"]["rank_text"], rows["02"]["status"]) == ("79,92", "2/5", "Công bố")
    assert (rows["04"]["status"], rows["04"]["role"], rows["02"]["role"]) == ("Minh họa", "peer", "chosen")
    assert rows["10"]["value_text"] == "–" and rows["10"]["status"] == "Không có số liệu"
    # the chosen unit gets a red outline layer, peers an orange one
    strokes = {layer["transform"][0]["filter"]: layer["mark"]["stroke"]
               for layer in _leaves(spec) if "transform" in layer and layer["mark"].get("filled") is False}
    assert strokes == {"datum.role == 'chosen'": charts_geo.CHOSEN_COLOR,
                       "datum.role == 'peer'": charts_geo.PEER_COLOR}


def test_province_map_colour_by_rank_is_reversed(cur):
    frame = _province_frame(cur, "pre2025", "par", 2020)
    spec = charts_geo.province_map(geo.load(geo.geojson_path("pre2025")), frame, color_by="rank",
                                   **TITLES).to_dict()
    color = _leaves(spec)[0]["encoding"]["color"]
    # no rank (no figure, or a published figure without a printed rank): grey, and kept on the map
    assert color["condition"] == {"test": "datum.rank == null", "value": charts_geo.NO_DATA_COLOR}
    assert color["field"] == "rank" and color["scale"]["reverse"] is True
    assert _leaves(spec)[0]["mark"]["invalid"] == "show"


def test_score_legend_writes_scores_as_numbers(cur):
    """Scores from 50 to 70 (PCI 2016) were labelled '5e+1' and '7e+1' under the legend (format
    '~g' took one significant digit from the tick step)."""
    from doisanh import charts, export
    frame = _province_frame(cur, "pre2025", "par", 2020)
    frame = frame.with_columns(pl.Series("value", [50.1 + 19.9 * i / (frame.height - 1) for i in range(frame.height)]))
    spec = charts.localized(charts_geo.province_map(geo.load(geo.geojson_path("pre2025")), frame, **TITLES), "vi")
    svg = export.chart_svg(export.for_export(spec.to_dict(), 720)).decode("utf-8")
    legend = re.search(r'class="[^"]*role-legend-label[^"]*"[^>]*>(.*?)</g>', svg, re.S).group(1)
    assert re.findall(r">([^<]*)</text>", legend) == ["50", "70"]


def test_province_map_keeps_provinces_without_a_figure(cur):
    """Vega-Lite drops a mark whose continuous colour field is null: with one published province
    the map drew that province alone. The grey condition tests the null, and nulls are shown."""
    frame = _province_frame(cur, "pre2025", "par", 2020)
    spec = charts_geo.province_map(geo.load(geo.geojson_path("pre2025")), frame, **TITLES).to_dict()
    layer = _leaves(spec)[0]
    assert layer["mark"]["invalid"] == "show"
    assert layer["encoding"]["color"]["condition"] == {"test": "datum.value == null",
                                                       "value": charts_geo.NO_DATA_COLOR}
    assert layer["encoding"]["color"]["field"] == "value"


@pytest.mark.parametrize(("era", "level", "province", "index_id", "year"), [
    ("pre2025", "district", "01", "par", 2024),
    ("pre2025", "commune", "38", "par", 2024),       # Thanh Hóa: the most communes (547)
    ("post2025", "commune", "79", "par", 2025),      # Hồ Chí Minh: 168 wards and communes
])
def test_symbol_map_has_one_point_per_unit_of_the_province(shipped, era, level, province, index_id, year):
    cur = shipped.cursor()
    units = sql.run(cur, "units", era=era, level=level, province_code=province)
    mv = sql.run(cur, "map_values", era=era, level=level, index_id=index_id, year=year,
                 province_code=province, with_illustrative=True)
    frame = geo.map_frame(mv, lang="vi", decimals=2, chosen=units["unit_code"][0])
    pts, no_position = geo.points(frame)
    outline = geo.subset(geo.load(geo.geojson_path(era)), [province])
    spec = charts_geo.symbol_map(pts, outline=outline, **TITLES).to_dict()
    points = _points(spec)
    assert no_position == 0
    assert len(points) == units.height <= geo.MAX_POINTS
    assert sorted(p["unit_code"] for p in points) == sorted(units["unit_code"])
    assert len(_features(spec)) == 1                           # the province outline only
    assert _marks(spec) == ["geoshape", "circle", "circle"]     # outline, every unit, rings
    assert spec["projection"] == {"type": "mercator"}
    assert set(points[0]) == {*charts_geo.POINT_COLUMNS, "label"}     # only the needed columns
    assert len(json.dumps(spec)) < 400_000


def _params(spec: dict) -> list[dict]:
    return [p for node in _nodes(spec) for p in node.get("params", [])]


def test_a_click_picks_a_unit_code_only_when_asked(cur, shipped):
    frame = _province_frame(cur, "pre2025", "par", 2020, chosen="04")
    gj = geo.load(geo.geojson_path("pre2025"))
    assert [p["name"] for p in _params(charts_geo.province_map(gj, frame, **TITLES).to_dict())] == ["height"]
    spec = charts_geo.province_map(gj, frame, pick=True, **TITLES).to_dict()
    (param,) = [p for p in _params(spec) if p["name"] != "height"]
    assert param["name"] == charts_geo.PICK
    assert param["select"] == {"type": "point", "fields": ["unit_code"], "on": "click"}
    calc = next(tr for tr in spec["layer"][0]["transform"] if tr.get("as") == "unit_code")
    assert calc["calculate"] == "datum.properties.unit_code"    # what the click returns
    c = shipped.cursor()
    mv = sql.run(c, "map_values", era="pre2025", level="district", index_id="par", year=2024,
                 province_code="01", with_illustrative=True)
    pts, _ = geo.points(geo.map_frame(mv, lang="vi", decimals=2))
    (param,) = [p for p in _params(charts_geo.symbol_map(pts, pick=True, **TITLES).to_dict()) if p["name"] != "height"]
    assert param["select"]["fields"] == ["unit_code"]


def test_symbol_map_refuses_more_points_than_altair_max_rows():
    many = pl.DataFrame({c: ["x"] * (geo.MAX_POINTS + 1) for c in charts_geo.MAP_COLUMNS}).with_columns(
        pl.lit(1.0).alias("value"), pl.lit(1).alias("rank"), pl.lit(20.0).alias("lat"),
        pl.lit(105.0).alias("lon"))
    with pytest.raises(ValueError, match="filter to one province"):
        charts_geo.symbol_map(many, **TITLES)
    assert alt.data_transformers.options.get("max_rows", 5000) == 5000     # never lifted


def test_points_drop_units_without_a_position(cur):
    mv = sql.run(cur, "map_values", era="pre2025", level="district", index_id="par", year=2023,
                 province_code="01", with_illustrative=True)
    pts, missing = geo.points(geo.map_frame(mv, lang="en", decimals=2))
    assert (pts.height, missing) == (0, 3)                  # fixture districts have no lat/lon


def test_shown_code_follows_the_map_level():
    commune = dict(level="commune", unit_code="00007", parent_code="001", province_code="01")
    post_commune = dict(level="commune", unit_code="00004", parent_code="01", province_code="01")
    assert geo.shown_code(commune, "province") == "01"
    assert geo.shown_code(commune, "district") == "001"
    assert geo.shown_code(commune, "commune") == "00007"
    assert geo.shown_code(post_commune, "district") is None
    assert geo.shown_code(None, "province") is None


def test_reconstructed_lines_dash_the_reconstruction(cur):
    recon = sql.run(cur, "reconstructed", index_id="pci", level="province", unit_code="04",
                    weighting="population",
                    with_illustrative=True)
    own = sql.run(cur, "trend", index_id="pci", era="post2025", level="province", unit_code="04",
                  with_illustrative=True)
    frame = geo.reconstruction_frame(recon, own.filter(pl.col("relation") == "self"),
                                     unit_name="Bốn", lang="vi", decimals=2)
    assert frame["kind"].to_list() == ["reconstructed", "reconstructed", "own"]
    assert frame["value_text"].to_list() == ["62,50", "69,00", "71,00"]
    spec = charts_geo.reconstructed_lines(frame, value_title="PCI", series_title="Đơn vị").to_dict()
    dash = spec["layer"][0]["encoding"]["strokeDash"]
    assert dash["field"] == "kind" and dash["scale"]["domain"] == ["reconstructed", "own"]
    assert geo.method_sentence(recon, "province", "vi").startswith("Phương pháp: trung bình cộng")
    assert "1 trên 2" in geo.method_sentence(recon, "province", "vi")


# ---------------------------------------------------------------- Hoàng Sa and Trường Sa

LABELS = {"vi": ("Quần đảo Hoàng Sa (Đà Nẵng)", "Quần đảo Trường Sa (Khánh Hòa)"),
          "en": ("Hoàng Sa archipelago (Đà Nẵng)", "Trường Sa archipelago (Khánh Hòa)")}


def _archipelago_map(cur, era: str, lang: str = "vi", color_by: str = "value") -> dict:
    year, index_id = (2020, "par") if era == "pre2025" else (2025, "pci")
    mv = sql.run(cur, "map_values", with_illustrative=True, era=era, level="province", index_id=index_id, year=year,
                 province_code=None)
    frame = geo.map_frame(mv, lang=lang, decimals=2)
    isles = geo.islands(geo.load_archipelagos(), lang)
    return charts_geo.province_map(geo.load(geo.geojson_path(era)), frame, islands=isles,
                                   labels=geo.archipelago_labels(isles, lang), island_title="Đảo",
                                   color_by=color_by, **TITLES).to_dict()


def _rows_with(spec: dict, key: str) -> list[dict]:
    return [r for v in _all_data(spec) for r in v if isinstance(r, dict) and key in r]


@pytest.mark.parametrize("era", ["pre2025", "post2025"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_province_map_draws_and_labels_both_archipelagos(cur, era, lang):
    spec = _archipelago_map(cur, era, lang)
    assert {r["label"] for r in _rows_with(spec, "line1")} == set(LABELS[lang])
    isles = _rows_with(spec, "island")
    by_arch = {a: {r["unit_code"] for r in isles if r["archipelago"] == a} for a in geo.ARCHIPELAGOS}
    assert by_arch == {"hoang_sa": {"48"}, "truong_sa": {"56"}}      # Đà Nẵng, Khánh Hòa in both eras
    assert len(isles) == 7
    leaves = _leaves(spec)
    assert _marks(spec)[:3] == ["geoshape"] * 3 and "text" in _marks(spec)
    with_figure, without = [lv for lv in leaves if lv["mark"]["type"] == "point" and lv["mark"].get("opacity") == 1]
    # the islands take their province's figure and share the provinces' colour scale; an island
    # whose province has no figure is grey (a layer of its own: Vega-Lite would drop it)
    assert with_figure["transform"][0]["lookup"] == "unit_code"
    assert with_figure["encoding"]["color"]["field"] == leaves[0]["encoding"]["color"]["field"] == "value"
    assert with_figure["transform"][-1] == {"filter": "isValid(datum.value)"}
    assert without["transform"][-1] == {"filter": "!isValid(datum.value)"}
    assert without["encoding"]["color"] == {"value": charts_geo.NO_DATA_COLOR}
    text = next(lv for lv in leaves if lv["mark"]["type"] == "text")
    assert text["encoding"]["longitude"]["field"] == "lon" and text["encoding"]["latitude"]["field"] == "lat"
    assert "projection" not in text and spec["projection"] == {"type": "mercator"}   # one fitted projection


def test_islands_are_coloured_like_their_province_by_rank_too(cur):
    spec = _archipelago_map(cur, "pre2025", color_by="rank")
    dots = next(lv for lv in _leaves(spec) if lv["mark"]["type"] == "point" and lv["mark"].get("opacity") == 1)
    assert dots["encoding"]["color"]["field"] == "rank" and dots["encoding"]["color"]["scale"]["reverse"]


def _inside(svg: str) -> tuple[float, float, list[tuple[str, float, float]]]:
    """The SVG's size and the position of every mark with a lon/lat (islands, labels)."""
    w, h = (float(x) for x in re.search(r'<svg[^>]*width="([\d.]+)" height="([\d.]+)"', svg).groups())
    marks = [(m.group(1), float(m.group(2)), float(m.group(3))) for m in re.finditer(
        r'<(text|path)[^>]*aria-label="lon: [^"]*"[^>]*transform="translate\(([-\d.]+),([-\d.]+)\)"', svg)]
    return w, h, marks


@pytest.mark.parametrize("era", ["pre2025", "post2025"])
@pytest.mark.parametrize("width", [358, 720])
def test_exported_map_holds_both_archipelagos_inside_its_frame(cur, era, width):
    """The PNG/SVG export (vl-convert) draws the islands and both labels, inside the picture,
    at a phone's width and at the export's."""
    from doisanh import charts, export
    spec = charts.localized(alt.Chart.from_dict(_archipelago_map(cur, era)), "vi").to_dict()
    svg = export.chart_svg(export.for_export(spec, width)).decode("utf-8")
    for text in ("Quần đảo Hoàng Sa", "(Đà Nẵng)", "Quần đảo Trường Sa", "(Khánh Hòa)"):
        assert f"<tspan>{text}</tspan>" in svg or f">{text}<" in svg, text
    w, h, marks = _inside(svg)
    labels = [(x, y) for kind, x, y in marks if kind == "text"]
    assert len(labels) == 4 and len([m for m in marks if m[0] == "path"]) >= 7    # 2 labels × 2 lines
    for x, y in labels:                       # ~100 px wide, two 13-px lines above the anchor
        assert 50 <= x <= w - 50 and 30 <= y <= h, (x, y, w, h)
    # the two lines stacked, the second ending above the archipelago's northernmost island
    texts = {m.group(3): float(m.group(2)) for m in re.finditer(
        r'<text[^>]*transform="translate\(([-\d.]+),([-\d.]+)\)"[^>]*>([^<]*)<', svg)}
    phu_lam = float(re.search(r'aria-label="lon: 112,339; lat: 16,834[^"]*"[^>]*translate\([-\d.]+,([-\d.]+)\)',
                              svg).group(1))
    assert texts["(Đà Nẵng)"] - texts["Quần đảo Hoàng Sa"] == pytest.approx(charts_geo.LINE_HEIGHT, abs=0.5)
    assert phu_lam - texts["(Đà Nẵng)"] >= charts_geo.LABEL_DY
    assert all(0 <= x <= w and 0 <= y <= h for _k, x, y in marks)
    assert h <= charts_geo.MAP_HEIGHT + 20 and h >= min(charts_geo.MAP_HEIGHT, width * charts_geo.MAP_ASPECT) - 20


def test_map_height_follows_its_width_on_the_page(cur):
    spec = _archipelago_map(cur, "post2025")
    assert spec["width"] == "container"
    (height,) = [p for p in _params(spec) if p["name"] == "height"]
    cg = charts_geo
    assert height["expr"] == f"min({cg.MAP_HEIGHT}, max({cg.MIN_HEIGHT}, width * {cg.MAP_ASPECT}))"
    fixed = cg.province_map(geo.load(geo.geojson_path("post2025")), _province_frame(cur, "post2025", "pci", 2025),
                            width=400, **TITLES).to_dict()
    assert fixed["width"] == 400 and all(p["name"] != "height" for p in _params(fixed))


def test_symbol_map_of_da_nang_shows_hoang_sa_only(shipped):
    c = shipped.cursor()
    mv = sql.run(c, "map_values", with_illustrative=True, era="post2025", level="commune", index_id="par", year=2025,
                 province_code="48")
    pts, _ = geo.points(geo.map_frame(mv, lang="vi", decimals=2), "post2025")
    gj = geo.subset(geo.load(geo.geojson_path("post2025")), ["48"])
    isles = geo.islands(geo.load_archipelagos(), "vi", geo.codes(gj))
    spec = charts_geo.symbol_map(pts, outline=gj, islands=isles, labels=geo.archipelago_labels(isles, "vi"),
                                 **TITLES).to_dict()
    assert {r["label"] for r in _rows_with(spec, "line1")} == {"Quần đảo Hoàng Sa (Đà Nẵng)"}
    dots = next(lv for lv in _leaves(spec) if lv["mark"]["type"] == "point" and lv["mark"].get("opacity") == 1)
    assert dots["encoding"]["color"] == {"value": charts_geo.ISLAND_COLOR}     # no figure of their own
    assert next(p for p in pts.to_dicts() if p["unit_code"] == "20333")["lon"] > 111   # đặc khu Hoàng Sa


def test_archipelago_districts_are_drawn_at_their_islands(shipped):
    c = shipped.cursor()
    mv = sql.run(c, "map_values", with_illustrative=True, era="pre2025", level="district", index_id="par", year=2024,
                 province_code=None)
    frame = geo.map_frame(mv, lang="vi", decimals=2)
    raw = {r["unit_code"]: r for r in geo.points(frame)[0].to_dicts()}
    moved = {r["unit_code"]: r for r in geo.points(frame, "pre2025")[0].to_dicts()}
    assert raw["498"]["lon"] < 109 and raw["576"]["lon"] < 110         # the registry's offices
    assert (moved["498"]["lat"], moved["498"]["lon"]) == (16.834, 112.339)   # Đảo Phú Lâm
    assert (moved["576"]["lat"], moved["576"]["lon"]) == (8.645, 111.920)    # Đảo Trường Sa
    assert all(moved[k] == raw[k] for k in raw if k not in ("498", "576"))


@pytest.mark.parametrize(("era", "province", "level", "arch"), [
    ("post2025", "56", "commune", "truong_sa"), ("pre2025", "48", "district", "hoang_sa")])
def test_symbol_map_of_an_archipelago_province_draws_it_in_an_inset(shipped, era, province, level, arch):
    """Khánh Hòa's communes and Đà Nẵng's districts: the archipelago (islands, its units' dots,
    the province's islets) is reduced into a dashed frame beside the mainland, which then
    takes most of the map; the mainland's units and shape do not move."""
    from shapely.geometry import shape
    c = shipped.cursor()
    mv = sql.run(c, "map_values", with_illustrative=True, era=era, level=level, index_id="par",
                 year=2024 if era == "pre2025" else 2025, province_code=province)
    pts, _ = geo.points(geo.map_frame(mv, lang="vi", decimals=2), era)
    outline = geo.subset(geo.load(geo.geojson_path(era)), [province])
    isles = geo.islands(geo.load_archipelagos(), "vi", [province])
    moved_pts, moved_outline, moved_isles, labels, frame = geo.inset(pts, outline, isles, "vi")
    mainland = [p for p in shape(outline["features"][0]["geometry"]).geoms if p.bounds[0] < geo.EAST_OF]
    _mx0, my0, mx1, my1 = shape({"type": "MultiPolygon", "coordinates": [
        [list(p.exterior.coords)] for p in mainland]}).bounds
    (fx0, fy0), (fx1, _), (_, fy1) = frame["geometry"]["coordinates"][0], \
        frame["geometry"]["coordinates"][1], frame["geometry"]["coordinates"][2]
    assert frame["geometry"]["type"] == "LineString" and fx0 > mx1 and fy1 <= my1 + 1e-6
    assert (fy1 - fy0) <= geo.INSET_SHARE * (my1 - my0) + 1e-3          # reduced: the mainland dominates
    away = pts.filter(pl.col("lon") > geo.EAST_OF)["unit_code"].to_list()
    assert away                                                          # the archipelago's own unit(s)
    for r in moved_pts.filter(pl.col("unit_code").is_in(away)).to_dicts() + moved_isles.to_dicts():
        assert fx0 <= r["lon"] <= fx1 and fy0 <= r["lat"] <= fy1, r
    still = moved_pts.filter(~pl.col("unit_code").is_in(away))
    assert still.sort("unit_code").equals(pts.filter(~pl.col("unit_code").is_in(away)).sort("unit_code"))
    assert labels["archipelago"].to_list() == [arch] and labels["lat"][0] == pytest.approx(fy0)
    spec = charts_geo.symbol_map(moved_pts, outline=moved_outline, islands=moved_isles, labels=labels,
                                 inset=frame, **TITLES).to_dict()
    dashed = [lv for lv in _leaves(spec) if lv["mark"].get("strokeDash")]
    assert len(dashed) == 1 and dashed[0]["mark"]["type"] == "geoshape"
    assert not [r for r in _rows_with(spec, "lon") if r.get("lon") == charts_geo.EAST_PAD[0]]   # no pad
    assert {lv["mark"]["baseline"] for lv in _leaves(spec) if lv["mark"]["type"] == "text"} == {"top"}


def test_inset_leaves_a_province_without_archipelago_alone(shipped):
    c = shipped.cursor()
    mv = sql.run(c, "map_values", with_illustrative=True, era="pre2025", level="district", index_id="par",
                 year=2024, province_code="01")
    pts, _ = geo.points(geo.map_frame(mv, lang="vi", decimals=2), "pre2025")
    outline = geo.subset(geo.load(geo.geojson_path("pre2025")), ["01"])
    isles = geo.islands(geo.load_archipelagos(), "vi", ["01"])
    out = geo.inset(pts, outline, isles, "vi")
    assert out[0] is pts and out[1] is outline and out[4] is None and out[3].is_empty()

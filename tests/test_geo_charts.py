"""Map specs counted in chart.to_dict(): one geoshape feature per province (63 / 34), one point
per district or commune of a chosen province; tooltips, highlight and projection.

The province maps use the shipped boundaries (data/geo) with the fixture's figures; the point
maps use the shipped snapshot (data/), whose units carry the registry's positions.
"""
from __future__ import annotations

import json

import altair as alt
import polars as pl
import pytest

from doisanh import charts_geo, db, geo, sql
from doisanh.snapshot import DATA_DIR

TITLES = dict(value_title="PAR 2020", rank_title="Hạng", status_title="Nguồn gốc số liệu",
              name_title="Đơn vị")


def _all_data(spec: dict) -> list[list]:
    """Every inline dataset of a spec: top-level data, layer data and named datasets."""
    out = list(spec.get("datasets", {}).values())
    for node in [spec, *spec.get("layer", [])]:
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
    return [layer["mark"]["type"] for layer in spec["layer"]]


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
    assert set(_marks(spec)) == {"geoshape"}
    assert spec["projection"] == {"type": "mercator"}
    lookup = next(tr for tr in spec["transform"] if "lookup" in tr)
    assert lookup["lookup"] == "properties.unit_code" and lookup["from"]["key"] == "unit_code"
    looked_up = next(v for v in _all_data(spec) if v and "value_text" in v[0])
    assert {r["unit_code"] for r in looked_up} == set(frame["unit_code"])


def test_province_map_tooltips_carry_formatted_score_rank_and_status(cur):
    frame = _province_frame(cur, "pre2025", "i766", 2023, chosen="02", peers=["01", "04"])
    spec = charts_geo.province_map(geo.load(geo.geojson_path("pre2025")), frame, **TITLES).to_dict()
    tooltip = spec["layer"][0]["encoding"]["tooltip"]
    assert [t["field"] for t in tooltip] == ["label", "value_text", "rank_text", "status"]
    rows = {r["unit_code"]: r for v in _all_data(spec) if v and "value_text" in v[0] for r in v}
    assert (rows["02"]["value_text"], rows["02"]["rank_text"], rows["02"]["status"]) == ("79,92", "2/5", "Công bố")
    assert (rows["04"]["status"], rows["04"]["role"], rows["02"]["role"]) == ("Minh họa", "peer", "chosen")
    assert rows["10"]["value_text"] == "–" and rows["10"]["status"] == "Không có số liệu"
    # the chosen unit gets a red outline layer, peers an orange one
    strokes = {layer["transform"][0]["filter"]: layer["mark"]["stroke"]
               for layer in spec["layer"] if "transform" in layer and layer["mark"].get("filled") is False}
    assert strokes == {"datum.role == 'chosen'": charts_geo.CHOSEN_COLOR,
                       "datum.role == 'peer'": charts_geo.PEER_COLOR}


def test_province_map_colour_by_rank_is_reversed(cur):
    frame = _province_frame(cur, "pre2025", "par", 2020)
    spec = charts_geo.province_map(geo.load(geo.geojson_path("pre2025")), frame, color_by="rank",
                                   **TITLES).to_dict()
    color = spec["layer"][0]["encoding"]["color"]
    # no rank (no figure, or a published figure without a printed rank): grey, and kept on the map
    assert color["condition"] == {"test": "datum.rank == null", "value": charts_geo.NO_DATA_COLOR}
    assert color["field"] == "rank" and color["scale"]["reverse"] is True
    assert spec["layer"][0]["mark"]["invalid"] == "show"


def test_province_map_keeps_provinces_without_a_figure(cur):
    """Vega-Lite drops a mark whose continuous colour field is null: with one published province
    the map drew that province alone. The grey condition tests the null, and nulls are shown."""
    frame = _province_frame(cur, "pre2025", "par", 2020)
    spec = charts_geo.province_map(geo.load(geo.geojson_path("pre2025")), frame, **TITLES).to_dict()
    layer = spec["layer"][0]
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
    return [p for node in [spec, *spec.get("layer", [])] for p in node.get("params", [])]


def test_a_click_picks_a_unit_code_only_when_asked(cur, shipped):
    frame = _province_frame(cur, "pre2025", "par", 2020, chosen="04")
    gj = geo.load(geo.geojson_path("pre2025"))
    assert _params(charts_geo.province_map(gj, frame, **TITLES).to_dict()) == []
    spec = charts_geo.province_map(gj, frame, pick=True, **TITLES).to_dict()
    (param,) = _params(spec)
    assert param["name"] == charts_geo.PICK
    assert param["select"] == {"type": "point", "fields": ["unit_code"], "on": "click"}
    calc = next(tr for tr in spec["transform"] if tr.get("as") == "unit_code")
    assert calc["calculate"] == "datum.properties.unit_code"    # what the click returns
    c = shipped.cursor()
    mv = sql.run(c, "map_values", era="pre2025", level="district", index_id="par", year=2024,
                 province_code="01", with_illustrative=True)
    pts, _ = geo.points(geo.map_frame(mv, lang="vi", decimals=2))
    (param,) = _params(charts_geo.symbol_map(pts, pick=True, **TITLES).to_dict())
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

"""AppTest of the map page (pages/map.py) on the fixture snapshot, with the shipped boundaries."""
from __future__ import annotations

import json
from pathlib import Path



APP = str(Path(__file__).resolve().parents[1] / "app.py")
MAP = "pages/map.py"






def _open(at, **params):
    # the fixture's components and post-2025 figures are illustrative: these tests look at them
    # in the illustrative mode (tests/test_mode.py checks the default, published only)
    at.query_params.update({"illustrative": "1", **params})
    at.switch_page(MAP).run()
    assert not at.exception, at.exception
    return at


def _texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [w.value for w in at.warning] + [s.value for s in at.success] + [i.value for i in at.info]
    return "\n".join(str(p) for p in parts)


def _specs(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


def _map_rows(at, spec: dict) -> list[dict]:
    """Rows of the chart's named datasets (AppTest keeps them beside the spec, as Arrow)."""
    import pyarrow as pa
    chart = next(c for c in at.get("vega_lite_chart") if json.loads(c.proto.spec) == spec)
    rows = []
    for d in chart.proto.datasets:
        rows += pa.ipc.open_stream(d.data.data).read_all().to_pylist()
    return rows


def _features(spec: dict) -> list[dict]:
    out = []
    for node in [spec, *spec.get("layer", [])]:
        values = (node.get("data") or {}).get("values") or []
        out += [v for v in values if isinstance(v, dict) and v.get("type") == "Feature"]
    return out


def test_map_page_runs_and_draws_the_63_provinces(app):
    _open(app, index="par", year="2020")
    specs = _specs(app)
    assert len(specs) == 1 and len(_features(specs[0])) == 63
    texts = _texts(app)
    assert "5 trên 63 tỉnh/thành phố có số liệu" in texts
    assert "geoBoundaries" in texts
    assert any("Tìm và chọn một đơn vị" in i.value for i in app.info)
    assert app.query_params["year"] in ("2020", ["2020"])


def test_post2025_map_highlights_the_chosen_unit_and_shows_its_lineage(app):
    _open(app, era="post2025", index="par", year="2025", unit="04")
    spec = _specs(app)[0]
    assert len(_features(spec)) == 34
    rows = {r["unit_code"]: r for r in _map_rows(app, spec) if "role" in r}
    assert rows["04"]["role"] == "chosen" and rows["04"]["value_text"] == "86,00"
    assert rows["04"]["rank_text"] == "2/2" and rows["04"]["status"] == "Minh họa"
    assert any("2 trên 2 giá trị" in w.value for w in app.warning)        # illustrative flag
    lineage = app.dataframe[-1].value
    assert lineage["Mã"].to_list() == ["02", "04", "06", "14"]
    assert lineage["Phần chuyển sang"].to_list()[-1] == "một phần (chia cho 2 đơn vị)"
    assert lineage["Phần chuyển sang"].to_list()[0] == "toàn bộ"


def test_reconstructed_series_names_its_method(app):
    _open(app, era="post2025", index="par", year="2025", unit="04")
    app.toggle(key="w_map_recon").set_value(True).run()
    assert not app.exception
    assert any("trọng số theo dân số 2024" in i.value for i in app.info)
    table = app.dataframe[-1].value
    assert table["Điểm"].to_list() == ["85,45"]                         # 87,155,000 / 1,020,000
    assert len(_specs(app)) == 2
    app.radio(key="w_map_weighting").set_value("equal").run()
    assert any("trung bình cộng (trọng số bằng nhau)" in i.value for i in app.info)
    assert app.dataframe[-1].value["Điểm"].to_list() == ["83,67"]


def test_map_view_toggles_are_in_the_link_and_restored_from_it(app):
    """The reconstructed series, its weighting and the colouring come back from a shared link."""
    _open(app, era="post2025", index="par", year="2025", unit="04", map_recon="1",
          map_weighting="equal", map_color="rank")
    assert not app.exception
    assert app.toggle(key="w_map_recon").value is True
    assert app.radio(key="w_map_weighting").value == "equal"
    assert app.radio(key="w_map_color").value == "rank"
    assert any("trung bình cộng (trọng số bằng nhau)" in i.value for i in app.info)
    assert app.dataframe[-1].value["Điểm"].to_list() == ["83,67"]
    app.toggle(key="w_map_recon").set_value(False).run()
    assert "map_recon" not in app.query_params
    app.toggle(key="w_map_recon").set_value(True).run()
    assert app.query_params["map_recon"] == "1"


def test_reconstruction_falls_back_to_equal_weights_and_says_why(app):
    _open(app, era="post2025", index="pci", year="2025", unit="04")
    app.toggle(key="w_map_recon").set_value(True).run()
    assert not app.exception
    assert any("1 trên 2 đơn vị tiền thân không có số liệu dân số" in i.value for i in app.info)
    assert "Năm thiếu số liệu của một số đơn vị tiền thân: 2024" in _texts(app)


def test_pre2025_unit_lists_successors_and_reconstructs_one(app):
    _open(app, index="pci", year="2023", unit="14")
    lineage = app.dataframe[-1].value
    assert lineage["Quan hệ"].to_list() == ["Kế thừa", "Kế thừa"]
    assert lineage.columns[0] == "Tên"           # named in the columns a phone shows
    # split in two; old Bốn (same name as new Bốn) tagged with its era, never 'into itself'
    assert "Mười Bốn (trước 7/2025) được chia cho 2 đơn vị:" in _texts(app)
    assert ("Mười Bốn (trước 7/2025, một phần) hợp nhất vào Bốn (từ 7/2025) cùng với: Hai (toàn bộ), "
            "Bốn (trước 7/2025, toàn bộ), Sáu (toàn bộ).") in _texts(app)
    assert ("Mười Bốn (trước 7/2025, một phần) hợp nhất vào Mười Hai (từ 7/2025) cùng với: "
            "Mười Hai (trước 7/2025, toàn bộ).") in _texts(app)
    app.toggle(key="w_map_recon").set_value(True).run()
    assert not app.exception
    assert app.selectbox(key="map_recon_target").value == "04"


def test_commune_level_draws_one_point_per_commune_of_the_province(app):
    _open(app, index="par", year="2023", level="commune", province="01", unit="00002")
    spec = _specs(app)[0]
    points = [r for r in _map_rows(app, spec) if "lat" in r and "role" in r]
    assert sorted(p["unit_code"] for p in points) == ["00001", "00002", "00003"]
    assert next(p for p in points if p["unit_code"] == "00002")["role"] == "chosen"
    assert len(_features(spec)) == 1                                  # the outline of province 01
    assert "3 chấm tại tâm đơn vị" in _texts(app)


def test_commune_level_without_province_asks_for_one(app):
    _open(app, index="par", year="2023", level="commune")
    assert any("hãy chọn một tỉnh" in i.value for i in app.info)
    assert not _specs(app)


def test_english(app):
    _open(app, index="par", year="2020", lang="en", unit="02")
    texts = _texts(app)
    assert "5 of 63 provinces have a figure" in texts
    assert "Chosen unit:" in texts
    assert app.dataframe[-1].value["Link"].to_list() == ["Successor"]


def test_bad_configured_boundaries_give_a_message_not_an_exception(app, tmp_path, monkeypatch):
    bad = tmp_path / "bad.geojson"
    bad.write_text("{}")
    monkeypatch.setenv("DOISANH_GEOJSON_PRE2025", str(bad))
    _open(app, index="par", year="2020")
    assert any("bad.geojson" in e.value for e in app.error)


def _labels(at, spec: dict) -> set[str]:
    return {r["label"] for r in _map_rows(at, spec) if "line1" in r}


def test_both_eras_draw_hoang_sa_and_truong_sa_labelled(app):
    _open(app, index="par", year="2020")
    spec = _specs(app)[0]
    assert _labels(app, spec) == {"Quần đảo Hoàng Sa (Đà Nẵng)", "Quần đảo Trường Sa (Khánh Hòa)"}
    islands = [r for r in _map_rows(app, spec) if "island" in r]
    assert {r["unit_code"] for r in islands} == {"48", "56"} and len(islands) == 7
    assert spec["width"] == "container"                              # across the page
    title = next(m.value for m in app.markdown if m.value.startswith("#####"))
    assert title == ("##### Chỉ số CCHC năm 2020 · Tỉnh, thành phố · cả nước (63 tỉnh/thành phố "
                     "trước 7/2025), gồm quần đảo Hoàng Sa và Trường Sa")
    app.selectbox(key="w_era").set_value("post2025").run()
    app.selectbox(key="w_year").set_value(2025).run()
    assert not app.exception
    spec = _specs(app)[0]
    assert len(_features(spec)) == 34
    assert _labels(app, spec) == {"Quần đảo Hoàng Sa (Đà Nẵng)", "Quần đảo Trường Sa (Khánh Hòa)"}
    app.radio(key="w_lang").set_value("en").run()
    assert _labels(app, _specs(app)[0]) == {"Hoàng Sa archipelago (Đà Nẵng)", "Trường Sa archipelago (Khánh Hòa)"}


def test_the_province_filter_names_the_province_the_commune_map_draws(app):
    """A chosen commune and 'Cả nước' in the filter: the filter takes the commune's province
    (the map draws that province); choosing 'Cả nước' again is kept and asks for a province."""
    _open(app, index="par", year="2023", level="commune", unit="00002")
    assert app.selectbox(key="w_province").value == "01"
    assert "3 chấm tại tâm đơn vị" in _texts(app)
    assert any(m.value.endswith("· Xã, phường, thị trấn, đặc khu · Một (trước 7/2025)") for m in app.markdown)
    app.selectbox(key="w_province").set_value("*").run()
    assert not app.exception
    assert app.selectbox(key="w_province").value == "*"
    assert any("hãy chọn một tỉnh" in i.value for i in app.info) and not _specs(app)


def test_at_province_level_the_disabled_filter_reads_the_whole_country(app):
    _open(app, index="par", year="2023", level="district", province="01")
    assert app.selectbox(key="w_province").value == "01"
    app.selectbox(key="w_level").set_value("province").run()
    box = app.selectbox(key="w_province")
    assert box.value == "*" and box.disabled                        # the map shows every province
    app.selectbox(key="w_level").set_value("district").run()
    assert app.selectbox(key="w_province").value == "01"           # the choice comes back


def test_two_rows_of_controls_then_the_map_then_its_table(app):
    """Before the map: the title, two rows of controls (one flex container each), the map's
    title and the chosen unit's line; the table comes after the map."""
    _open(app, index="par", year="2020", unit="02")
    kinds = [getattr(e, "type", type(e).__name__) for e in app.main.children.values()]
    if kinds[0] == "warning":            # the illustrative mode's banner (the tests open in the mode)
        kinds = kinds[1:]
    at_map = kinds.index("vega_lite_chart")
    assert kinds[:at_map] == ["title", "flex_container", "flex_container", "markdown", "caption"]
    assert kinds.index("dataframe") > at_map
    rows = [e for e in app.main.children.values() if getattr(e, "type", "") == "flex_container"][:2]
    assert len(rows[0].children) == 5                                # era, index, level, year, province


def test_a_newly_chosen_unit_brings_the_filter_to_its_province(app):
    """District map of province 01; a unit of another province is chosen: the filter (and the
    map) move to its province; the filter can then be set back by hand."""
    import polars as pl

    from tests import fixture
    _open(app, index="par", year="2023", level="district", province="01")
    units = fixture.frames()["units"]
    row = units.filter((pl.col("era") == "pre2025") & (pl.col("level") == "district")
                       & (pl.col("province_code") != "01")).row(0, named=True)
    app.session_state["w_unit"] = row["unit_code"]
    app.run()
    assert not app.exception
    assert app.selectbox(key="w_province").value == row["province_code"]
    app.selectbox(key="w_province").set_value("01").run()
    assert app.selectbox(key="w_province").value == "01"              # kept: the unit is not new

"""The compare chart (doisanh.charts.compare_bars over views.compare_bars) as small multiples: a
panel per component in the index's order, in every panel a bar per unit in the order the units
were chosen and in the same colours, one legend above the panels in two columns, illustrative
bars paler and named as such in the tooltip. Vega-Lite has no container width for a facet grid,
so the sizes are fixed to fit a 390 px phone (measured in Chromium: tests/test_browser_compare.py);
here the spec, and the chart drawn by Vega (vl_convert) with names longer than any real one."""
from __future__ import annotations

import re

import polars as pl
import pytest

from doisanh import charts, export, views

COMPONENTS = ["Tính minh bạch", "Chi phí gia nhập thị trường", "Tiếp cận đất đai",
              "Tính năng động của chính quyền tỉnh", "Đào tạo lao động",
              "Thiết chế pháp lý và an ninh trật tự", "Cạnh tranh bình đẳng", "Chi phí thời gian",
              "Chi phí không chính thức", "Dịch vụ hỗ trợ doanh nghiệp"]
# chosen in this order: neither the codes' order nor the alphabet's
CHOSEN = [("79", "Hồ Chí Minh"), ("01", "Hà Nội"), ("74", "Bình Dương"), ("48", "Đà Nẵng"),
          ("75", "Đồng Nai"), ("31", "Hải Phòng"), ("92", "Cần Thơ"), ("22", "Quảng Ninh")]
LABELS = [f"{name} ({code})" for code, name in CHOSEN]
TITLES = dict(unit_title="Đơn vị", axis_title="Tỷ lệ đạt", value_title="Điểm", status_title="Nguồn gốc số liệu")


def _cmp(components=COMPONENTS, chosen=CHOSEN, illustrative=("01",)) -> pl.DataFrame:
    """What queries/compare.sql returns (by unit code), put in the chosen order."""
    rows = []
    for u, (code, name) in enumerate(sorted(chosen)):
        parts = [(i + 1, c, "part", 10.0, 5.0 + (u + i) % 5) for i, c in enumerate(components)]
        for ord_, comp, kind, max_value, value in [(0, "total", "total", 100.0, 60.0), *parts]:
            rows.append(dict(ord=ord_, component=comp, component_vi=comp, component_en=comp, kind=kind,
                             max_value=max_value, unit_code=code, name_vi=name, name_en=name, value=value,
                             is_illustrative=code in illustrative, rank_in_level=1, n_in_level=63))
    return views.compare_in_order(pl.DataFrame(rows), tuple(code for code, _ in chosen))


def _chart(cmp: pl.DataFrame | None = None):
    return charts.compare_bars(views.compare_bars(_cmp() if cmp is None else cmp, "vi", 2), **TITLES)


def _rows(spec: dict) -> list[dict]:
    return spec["datasets"][spec["data"]["name"]]


def test_one_panel_per_component_in_the_order_of_the_index():
    spec = _chart().to_dict()
    assert spec["facet"]["field"] == "panel" and spec["columns"] == charts.COMPARE_COLUMNS == 2
    panels = spec["facet"]["sort"]
    # each panel's name is its component's, wrapped; the panels come in the index's order
    assert [" ".join(p.split()) for p in panels] == COMPONENTS
    rows = _rows(spec)
    assert {r["panel"] for r in rows} == set(panels)
    assert all(sum(r["panel"] == p for r in rows) == len(CHOSEN) for p in panels)   # a bar per unit
    assert spec["facet"]["header"]["labelExpr"] == "split(datum.value, '\\n')"


def test_panel_names_are_wrapped_to_the_panel_and_end_just_above_it():
    """Lines of at most COMPARE_HEAD_CHARS; a shorter name gets blank lines before it, so the
    names of a row all end at its panels."""
    heads = charts._panel_heads(COMPONENTS + ["Tác động của CCHC đến người dân, tổ chức và phát triển KT-XH"])
    lines = [h.split("\n") for h in heads.values()]
    assert {len(ls) for ls in lines} == {3}
    assert all(len(line) <= charts.COMPARE_HEAD_CHARS for ls in lines for line in ls)
    assert heads["Tính minh bạch"] == "\n\nTính minh bạch"


def test_the_legend_is_above_the_panels_in_two_columns():
    legend = _chart().to_dict()["spec"]["encoding"]["color"]["legend"]
    assert legend["orient"] == "top"
    assert legend["columns"] == 2


def test_every_panel_lists_the_units_in_the_order_they_were_chosen():
    enc = _chart().to_dict()["spec"]["encoding"]
    assert enc["y"]["field"] == enc["color"]["field"] == "unit_label"
    assert enc["y"]["sort"] == enc["color"]["sort"] == LABELS       # bars and legend alike
    assert sorted(LABELS) != LABELS      # neither the alphabet
    assert enc["y"]["axis"] is None          # named once, in the legend, not beside every panel


def test_illustrative_bars_are_paler_and_say_so_in_the_tooltip():
    spec = _chart().to_dict()
    enc = spec["spec"]["encoding"]
    rule = enc["opacity"]
    assert rule["condition"]["test"] == "(datum.status === 'illustrative')"
    assert rule["condition"]["value"] < rule["value"] == 1
    tips = {t["field"]: t["title"] for t in enc["tooltip"]}
    # the points under 'Điểm' (9,92 was titled 'Tỷ lệ đạt'), the share under 'Tỷ lệ đạt'
    assert tips == {"unit_label": "Đơn vị", "component_label": " ", "value_text": "Điểm",
                    "achievement": "Tỷ lệ đạt", "status_text": "Nguồn gốc số liệu"}
    texts = {r["unit_label"]: r["status_text"] for r in _rows(spec)}
    assert texts["Hà Nội (01)"] == "Minh họa" and texts["Hồ Chí Minh (79)"] == "Công bố"
    # drawn: Hà Nội's ten bars pale, the other seventy not
    svg = export.chart_svg(spec).decode()
    opacity = re.findall(r'aria-roledescription="bar"[^>]*?opacity="([\d.]+)"', svg)
    assert len(opacity) == len(COMPONENTS) * len(CHOSEN)
    assert opacity.count(str(rule["condition"]["value"])) == len(COMPONENTS)


@pytest.mark.parametrize("n_units", [2, 8])
def test_the_grid_fits_a_phone_whatever_the_names(n_units):
    """The widest it can be — names far longer than any unit's or component's, which the legend
    and the panel names cut off — is no wider than the 358 px of a 390 px phone's content."""
    long_units = [(code, f"Thành phố rất dài tên số {code} thuộc tỉnh rất xa xôi") for code, _ in CHOSEN[:n_units]]
    long_components = [c + " và một đoạn rất dài nữa không ngắt được_" + "x" * 40 for c in COMPONENTS]
    spec = _chart(_cmp(long_components, long_units, illustrative=())).to_dict()
    svg = export.chart_svg(spec).decode()
    width = float(re.search(r'<svg[^>]*\bwidth="([\d.]+)"', svg).group(1))
    assert width <= 358, width
    assert spec["spec"]["width"] * 2 + spec["spacing"]["column"] <= 358


def test_the_exported_file_carries_its_heading_legend_and_panels():
    title = export.heading("So sánh thành phần — 8 đơn vị", lang="vi", index="PCI", year=2016,
                           peers="8 đơn vị được chọn (Tỉnh, thành phố)", sources=("VCCI",), illustrative=True)
    spec = charts.localized(_chart(), "vi").to_dict()
    svg = export.chart_svg(spec, title=title).decode()
    assert "So sánh thành phần — 8 đơn vị" in svg and "VCCI" in svg
    assert re.findall(r'role-legend-label"[^>]*><text[^>]*>([^<]+)</text>', svg) == LABELS
    assert all(c.split()[-1] in svg for c in COMPONENTS)
    assert export.chart_png(spec, title=title).startswith(b"\x89PNG")


def test_no_compared_unit_is_drawn_in_the_chosen_units_red():
    """Red marks the chosen unit on every other chart and map: eight units get eight other
    colours, none of them red and no two of one hue."""
    scale = _chart().to_dict()["spec"]["encoding"]["color"]["scale"]
    assert len(set(scale["range"])) == len(CHOSEN) == 8
    assert charts.CHOSEN_COLOR not in scale["range"]
    assert all(not (int(c[1:3], 16) > 180 and int(c[3:5], 16) < 80 and int(c[5:7], 16) < 80)
               for c in scale["range"]), scale["range"]

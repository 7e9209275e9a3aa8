"""Real browser: the map page (/ban-do) renders its map on the shipped snapshot.

Uses the `server` and `browser_type_launch_args` fixtures of tests/conftest.py (one
`streamlit run app.py` per session, Debian's headless Chromium)."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from doisanh import charts_geo
from tests.browser import T, idle, no_exception

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.browser

# a rendered Vega view draws either on a canvas or as SVG paths (Streamlit 1.67: SVG)
DRAWN = ".vega-embed canvas, .vega-embed svg path"
LABELS = ("Quần đảo Hoàng Sa", "(Đà Nẵng)", "Quần đảo Trường Sa", "(Khánh Hòa)")


def _map_texts(page) -> list[dict]:
    """Every text the map draws, with its box (the page's own SVG rendering of the chart)."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('.vega-embed svg.marks text'))
        .map(t => { const b = t.getBoundingClientRect();
                    return {text: t.textContent, x: b.x, y: b.y, right: b.right, bottom: b.bottom}; })""")


def _column_width(page) -> float:
    """The width of the main column's content (its box less its padding)."""
    return page.evaluate("""() => { const e = document.querySelector("[data-testid='stMainBlockContainer']");
        const s = getComputedStyle(e);
        return e.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight); }""")


def _labels_inside(page) -> None:
    """Both archipelagos are labelled, each line inside the map's box."""
    box = page.locator(".vega-embed").first.bounding_box()
    texts = {t["text"]: t for t in _map_texts(page)}
    for label in LABELS:
        assert label in texts, sorted(texts)
        t = texts[label]
        assert box["x"] <= t["x"] and t["right"] <= box["x"] + box["width"], (label, t, box)
        assert box["y"] <= t["y"] and t["bottom"] <= box["y"] + box["height"], (label, t, box)


def test_map_page_renders_the_province_map(server, page):
    page.goto(server + "/ban-do?era=post2025&index=par&unit=79&illustrative=1")
    page.wait_for_selector(".vega-embed", timeout=T)
    page.wait_for_selector(DRAWN, timeout=T)
    idle(page)
    no_exception(page)
    assert page.get_by_role("heading", name="Bản đồ", exact=True).count() == 1
    assert page.get_by_role("heading", name="Bảng số liệu của bản đồ").count() == 1
    body = page.inner_text("[data-testid='stMain']")
    assert "cả nước (34 tỉnh/thành phố từ 7/2025), gồm quần đảo Hoàng Sa và Trường Sa" in body
    assert "34 trên 34 tỉnh/thành phố có số liệu" in body
    assert "MINH HỌA" in body                                    # illustrative values are flagged
    assert "Lịch sử sắp xếp đơn vị hành chính" in body          # the lineage panel of Hồ Chí Minh
    assert "bảng chuyển đổi" in body
    box = page.locator(".vega-embed").first.bounding_box()
    assert page.viewport_size["width"] == 1280
    assert box is not None and box["width"] >= 0.8 * _column_width(page) and box["height"] >= 600
    _labels_inside(page)
    table = page.locator("[data-testid='stDataFrame']").first.bounding_box()   # below the map
    assert table is not None and table["y"] >= box["y"] + box["height"]
    (ROOT / "test-results").mkdir(exist_ok=True)
    page.screenshot(path=str(ROOT / "test-results" / "map.png"), full_page=True)


def test_commune_map_of_a_province_renders_points(server, page):
    page.goto(server + "/ban-do?index=par&level=commune&province=38&year=2024&illustrative=1")
    page.wait_for_selector(DRAWN, timeout=T)
    idle(page)
    no_exception(page)
    body = page.inner_text("[data-testid='stMain']")
    assert "547 chấm tại tâm đơn vị" in body                     # Thanh Hóa's 547 communes


def test_a_click_on_the_map_chooses_that_province(server, page):
    """No unit in the link; a click on the north of the 63-province map chooses the province
    under the pointer: it is outlined, named, and written to the link."""
    page.goto(server + "/ban-do?index=par&year=2020&illustrative=1")
    page.wait_for_selector(DRAWN, timeout=T)
    idle(page)
    no_exception(page)
    assert "Đơn vị đang chọn" not in page.inner_text("[data-testid='stMain']")
    chart = page.locator(".vega-embed").first
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    _labels_inside(page)                                         # the 63-province map too
    # the map (with its archipelagos, 1.15 times taller than wide) is fitted to the box and
    # centred; a quarter in from the left and top of it is the north (land, whatever province)
    drawn = min(box["width"], box["height"] / charts_geo.MAP_ASPECT)
    page.mouse.click(box["x"] + (box["width"] - drawn) / 2 + 0.25 * drawn, box["y"] + 0.25 * box["height"])
    page.wait_for_url(lambda url: "unit=" in url, timeout=T)
    idle(page)
    no_exception(page)
    code = parse_qs(urlsplit(page.url).query)["unit"][0]
    assert len(code) == 2 and code.isdigit(), page.url          # a province code of the map
    assert "Đơn vị đang chọn" in page.inner_text("[data-testid='stMain']")


def test_phone_map_fills_the_width_without_empty_bands(server, page):
    """At 390 px the map is as wide as the column and its height follows (no empty band above
    and below a fixed-height chart); both labels stay inside."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(server + "/ban-do?index=par&year=2023")
    page.wait_for_selector(DRAWN, timeout=T)
    idle(page)
    no_exception(page)
    box = page.locator(".vega-embed").first.bounding_box()
    assert box["width"] >= 0.95 * _column_width(page)
    assert box["height"] == pytest.approx(box["width"] * charts_geo.MAP_ASPECT, abs=12)
    _labels_inside(page)
    (ROOT / "test-results").mkdir(exist_ok=True)
    page.screenshot(path=str(ROOT / "test-results" / "map-390.png"), full_page=True)

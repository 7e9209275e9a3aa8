"""Real browser: the map page (/ban-do) renders its map on the shipped snapshot.

Uses the `server` and `browser_type_launch_args` fixtures of tests/conftest.py (one
`streamlit run app.py` per session, Debian's headless Chromium)."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser import T, idle, no_exception

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.browser

# a rendered Vega view draws either on a canvas or as SVG paths
DRAWN = ".vega-embed canvas, .vega-embed svg path"


def test_map_page_renders_the_province_map(server, page):
    page.goto(server + "/ban-do?era=post2025&index=par&unit=79&illustrative=1")
    page.wait_for_selector(".vega-embed", timeout=T)
    page.wait_for_selector(DRAWN, timeout=T)
    idle(page)
    no_exception(page)
    assert page.get_by_role("heading", name="Bản đồ", exact=True).count() == 1
    assert page.get_by_role("heading", name="Bảng số liệu của bản đồ").count() == 1   # beside the map
    body = page.inner_text("[data-testid='stMain']")
    assert "34 trên 34 tỉnh/thành phố có số liệu" in body
    assert "MINH HỌA" in body                                    # illustrative values are flagged
    assert "Lịch sử sắp xếp đơn vị hành chính" in body          # the lineage panel of Hồ Chí Minh
    assert "bảng chuyển đổi" in body
    box = page.locator(".vega-embed").first.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 300
    table = page.locator("[data-testid='stDataFrame']").first.bounding_box()   # beside it, not below
    assert table is not None and table["x"] >= box["x"] + box["width"] and table["y"] < box["y"] + box["height"]
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
    # the map is fitted to 340 x 560 px; a quarter in from the left and top is the northern
    # uplands (land whatever the province)
    page.mouse.click(box["x"] + 0.25 * 340, box["y"] + 0.25 * 560)
    page.wait_for_url(lambda url: "unit=" in url, timeout=T)
    idle(page)
    no_exception(page)
    code = parse_qs(urlsplit(page.url).query)["unit"][0]
    assert len(code) == 2 and code.isdigit(), page.url          # a province code of the map
    assert "Đơn vị đang chọn" in page.inner_text("[data-testid='stMain']")

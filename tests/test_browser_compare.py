"""The compare chart with eight units in Chromium, on a 390 px phone and a 1280 px desktop: the
small multiples (doisanh.charts.compare_bars) are fixed in size, since Vega-Lite has no container
width for a facet grid, so here is where their fit is measured — the drawing no wider than its
place, the legend above the first panel and naming the eight units in the order chosen, a panel
per component. Screenshots go to test-results/compare-8-<width>.png. The chart's PNG and SVG
downloads (ui/export.chart) carry their heading and the eight units."""
from __future__ import annotations

import re
from contextlib import contextmanager

import pytest
from playwright.sync_api import expect

from doisanh.i18n import t
from tests.browser import MAIN, ROOT, T, dismiss_first_load_dialog, idle, no_exception

pytestmark = pytest.mark.browser

# eight provinces with published PCI 2016 components, chosen in this order (not by code)
EIGHT = "/so-sanh?compare=74,75,77,79,72,70,80,82&index=pci&year=2016"
UNITS = ["Bình Dương (74)", "Đồng Nai (75)", "Bà Rịa - Vũng Tàu (77)", "Hồ Chí Minh (79)", "Tây Ninh (72)",
         "Bình Phước (70)", "Long An (80)", "Tiền Giang (82)"]
PCI_COMPONENTS = 10

# The compare chart (the page's only chart): its place, its drawing, and the boxes of what it
# draws, in page pixels. Each panel is a group of the facet's 'cell' mark with a frame (path.background).
MEASURE_JS = """() => {
  const holder = [...document.querySelectorAll("[data-testid='stVegaLiteChart']")].pop();
  const svg = holder.querySelector('svg');
  const box = (el) => { const r = el.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top,
                                                                        bottom: r.bottom, width: r.width}; };
  const drawn = [...svg.querySelectorAll('text, path, rect, line')].map(box).filter(b => b.width > 0);
  return {
    viewport: document.documentElement.clientWidth,
    holder: box(holder), svg: box(svg),
    right: Math.max(...drawn.map(b => b.right)), left: Math.min(...drawn.map(b => b.left)),
    legend: [...svg.querySelectorAll('.role-legend-label text')].map(t => ({text: t.textContent, ...box(t)})),
    panels: [...svg.querySelectorAll('g.cell > g > path.background')].map(box).filter(b => b.width > 0),
  };
}"""


@contextmanager
def _eight_units(server, browser, width: int, **options):
    """The compare page with the eight units, drawn in a fresh browser `width` px wide."""
    ctx = browser.new_context(viewport={"width": width, "height": 844}, device_scale_factor=1, **options)
    try:
        page = ctx.new_page()
        page.goto(server + EIGHT)
        page.wait_for_selector("[data-testid='stVegaLiteChart'] svg", timeout=T)
        dismiss_first_load_dialog(page)
        idle(page)
        no_exception(page)
        yield page
    finally:
        ctx.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_eight_units_fit_the_screen_with_the_legend_above_the_panels(server, browser, width):
    with _eight_units(server, browser, width) as page:
        page.wait_for_timeout(500)            # charts settle in their container after the run
        chart = page.locator("[data-testid='stVegaLiteChart']").last
        chart.scroll_into_view_if_needed()
        got = page.evaluate(MEASURE_JS)
        out = ROOT / "test-results"
        out.mkdir(exist_ok=True)
        # the chart as drawn (the page scrolls inside stMain: a full-page shot is the screen only),
        # without Streamlit's header over its top
        page.add_style_tag(content="[data-testid='stHeader'] {visibility: hidden}")
        chart.screenshot(path=str(out / f"compare-8-{width}.png"))

        # nothing wider than its place: the drawing within its holder, the holder within the screen
        assert got["svg"]["right"] <= got["holder"]["right"] + 1, got
        assert got["holder"]["right"] <= got["viewport"] and got["svg"]["left"] >= 0, got
        assert got["left"] >= got["svg"]["left"] - 1 and got["right"] <= got["svg"]["right"] + 1, got
        if width == 390:
            assert got["svg"]["width"] <= 358, got

        # the eight units named in the legend, in the order chosen, above the first panel
        assert [e["text"] for e in got["legend"]] == UNITS
        panels = got["panels"]
        assert len(panels) == PCI_COMPONENTS, panels
        first = min(p["top"] for p in panels)
        assert max(e["bottom"] for e in got["legend"]) < first, got
        # two panels side by side: ten components in five rows, not a column of eighty bars
        assert len({round(p["left"]) for p in panels}) == 2, panels


def test_the_downloaded_chart_has_its_heading_and_the_eight_units(server, browser):
    with _eight_units(server, browser, 390, accept_downloads=True) as page:
        files = {}
        for label in (t("download_svg", "vi"), t("download_png", "vi")):
            button = page.locator(MAIN).locator("[data-testid='stDownloadButton']").filter(has_text=label)
            expect(button).to_have_count(1, timeout=T)
            with page.expect_download(timeout=T) as d:
                button.click()
            files[label] = d.value.path().read_bytes()
        svg = files[t("download_svg", "vi")].decode()
        assert t("chart_title_compare", "vi", n=8) in svg
        assert re.findall(r'role-legend-label"[^>]*><text[^>]*>([^<]+)</text>', svg) == UNITS
        assert files[t("download_png", "vi")].startswith(b"\x89PNG")
        no_exception(page)

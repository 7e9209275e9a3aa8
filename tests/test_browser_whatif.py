"""Real browser on the shipped snapshot: the what-if page re-ranks when a slider moves.

Runs `streamlit run app.py` once (the `server` fixture in tests/conftest.py) and drives Debian's
headless Chromium through pytest-playwright. Bình Dương (74), Bộ chỉ số 766, 2023: 79,92, rank 9/63.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser import T, dismiss_first_load_dialog, idle, metric, no_exception

pytestmark = pytest.mark.browser

LINK = "/muc-tieu?unit=74&index=i766&year=2023&illustrative=1"   # ranks need every unit: the mode
SLIDER = "Số hóa hồ sơ"      # 16,38 of 22: the most headroom of the six components


def _query(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(page.url).query).items()}


def test_keyboard_on_a_slider_changes_the_new_rank_and_the_link(server, page):
    page.goto(server + LINK)
    page.wait_for_selector("[data-testid='stMetric']", timeout=T)
    page.wait_for_selector("[data-testid='stSlider']", timeout=T)
    idle(page)
    dismiss_first_load_dialog(page)
    no_exception(page)
    assert page.get_by_role("heading", name="Mục tiêu và giả định").count() == 1
    assert metric(page, "Tổng điểm mới") == "79,92"
    rank_before, n = map(int, metric(page, "Hạng mới").split("/"))
    assert (rank_before, n) == (9, 63)
    assert "whatif" not in _query(page)

    # the thumb is an <input type=range>: role slider, named by the label
    thumb = page.get_by_role("slider", name=re.compile("^" + SLIDER))
    assert thumb.input_value() == "16.38"
    thumb.focus()
    thumb.press("End")                               # to the maximum, 22: +5,62 points
    page.wait_for_function(
        "() => [...document.querySelectorAll(\"[data-testid='stMetricValue']\")]"
        ".some(e => e.innerText.trim() === '85,54')", timeout=T)
    idle(page)
    no_exception(page)
    assert thumb.input_value() == "22"
    assert metric(page, "Tổng điểm mới") == "85,54"
    rank_after, n_after = map(int, metric(page, "Hạng mới").split("/"))
    assert n_after == 63
    assert rank_after < rank_before, (rank_before, rank_after)
    page.wait_for_url(re.compile(r"whatif="), timeout=T)
    assert _query(page)["whatif"] == "c3_digitisation:22"

    thumb.focus()
    thumb.press("ArrowLeft")                         # one step of 0,01 down
    page.wait_for_url(re.compile(r"whatif=c3_digitisation(%3A|:)21\.99"), timeout=T)
    idle(page)
    assert metric(page, "Tổng điểm mới") == "85,53"


def test_sliders_show_a_decimal_comma_in_a_vietnamese_browser(server, browser):
    """Streamlit formats a slider's value in the browser; in Vietnamese the page asks for the
    browser's locale, so a vi-VN browser reads 12,91 (Bình Dương's published 12.91 of 18)."""
    context = browser.new_context(locale="vi-VN")
    try:
        page = context.new_page()
        page.goto(server + LINK)
        page.wait_for_selector("[data-testid='stSlider']", timeout=T)
        idle(page)
        dismiss_first_load_dialog(page)
        values = page.locator("[data-testid='stSliderThumbValue']").all_inner_texts()
        assert "12,91" in values and "16,38" in values, values
    finally:
        context.close()

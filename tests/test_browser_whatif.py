"""Real browser on the shipped snapshot: the what-if page re-ranks when a slider moves.

Runs `streamlit run app.py` once (the `server` fixture in tests/conftest.py) and drives Debian's
headless Chromium through pytest-playwright. Bình Dương (74), Bộ chỉ số 766, 2023: 79,92, rank 9/63.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

pytestmark = pytest.mark.browser

T = 30_000  # ms; the first page of a session loads the snapshot
LINK = "/muc-tieu?unit=74&index=i766&year=2023"
SLIDER = "Số hóa hồ sơ"      # 16,38 of 22: the most headroom of the six components


def _idle(page) -> None:
    """Wait until the script run that the last action started has finished."""
    page.wait_for_timeout(300)
    page.wait_for_selector("[data-testid='stApp'][data-test-script-state='notRunning']", timeout=T)


def _metric(page, label: str) -> str:
    box = page.locator("[data-testid='stMetric']").filter(
        has=page.locator("[data-testid='stMetricLabel']", has_text=re.compile("^" + label + "$")))
    return box.locator("[data-testid='stMetricValue']").inner_text().strip()


def _no_exception(page) -> None:
    errors = page.locator("[data-testid='stException']")
    assert errors.count() == 0, errors.first.inner_text()


def _dismiss_first_load_dialog(page) -> None:
    """The first request after the server starts, if it is not for the default page, gets
    Streamlit's "Page not found" modal over the right page (streamlit/streamlit#9992); the
    modal holds the keyboard focus, so close it."""
    dialog = page.locator("[data-testid='stDialog']")
    if dialog.count():
        assert "Page not found" in dialog.inner_text()
        dialog.get_by_role("button", name="Close").click()
        dialog.wait_for(state="detached", timeout=T)


def _query(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(page.url).query).items()}


def test_keyboard_on_a_slider_changes_the_new_rank_and_the_link(server, page):
    page.goto(server + LINK)
    page.wait_for_selector("[data-testid='stMetric']", timeout=T)
    page.wait_for_selector("[data-testid='stSlider']", timeout=T)
    _idle(page)
    _dismiss_first_load_dialog(page)
    _no_exception(page)
    assert page.get_by_role("heading", name="Mục tiêu và giả định").count() == 1
    assert _metric(page, "Tổng điểm mới") == "79,92"
    rank_before, n = map(int, _metric(page, "Hạng mới").split("/"))
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
    _idle(page)
    _no_exception(page)
    assert thumb.input_value() == "22"
    assert _metric(page, "Tổng điểm mới") == "85,54"
    rank_after, n_after = map(int, _metric(page, "Hạng mới").split("/"))
    assert n_after == 63
    assert rank_after < rank_before, (rank_before, rank_after)
    page.wait_for_url(re.compile(r"whatif="), timeout=T)
    assert _query(page)["whatif"] == "c3_digitisation:22"

    thumb.focus()
    thumb.press("ArrowLeft")                         # one step of 0,01 down
    page.wait_for_url(re.compile(r"whatif=c3_digitisation(%3A|:)21\.99"), timeout=T)
    _idle(page)
    assert _metric(page, "Tổng điểm mới") == "85,53"

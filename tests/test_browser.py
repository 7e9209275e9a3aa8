"""Real browser: `streamlit run` on a free port, driven by Debian's headless Chromium.

The `server` and `browser_type_launch_args` fixtures live in tests/conftest.py."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import idle

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.browser


def _wait_ready(page) -> None:
    page.wait_for_selector("[data-testid='stApp']", timeout=30_000)
    page.wait_for_selector(".vega-embed", timeout=30_000)
    page.wait_for_selector("[data-testid='stDataFrame']", timeout=30_000)
    idle(page)


def test_ranking_page_shows_chart_and_no_error(server, page):
    page.goto(server + "/xep-hang?index=par&year=2020&illustrative=1")
    _wait_ready(page)
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_role("heading", name="Xếp hạng").count() == 1
    body = page.inner_text("body")
    assert "Chỉ số CCHC, năm 2020" in body
    assert "MINH HỌA" in body                        # the illustrative warning is on screen
    (ROOT / "test-results").mkdir(exist_ok=True)
    page.screenshot(path=str(ROOT / "test-results" / "ranking.png"), full_page=True)

"""Real browser on the shipped snapshot: a fresh start shows no generated figure on any page, at
province and at district level; with `illustrative=1` in the link every page carries the banner.

The `server` and `browser_type_launch_args` fixtures live in tests/conftest.py."""
from __future__ import annotations

import pytest

from playwright.sync_api import expect

from tests.browser import MAIN, T, dismiss_first_load_dialog, idle, no_exception

pytestmark = pytest.mark.browser

# every page, at province level and at district level (725: a district of Bình Dương; the
# importer has no level)
PROVINCE = ["/", "/?unit=74", "/so-sanh?compare=74,79", "/muc-tieu?unit=74", "/xep-hang",
            "/nhap-so-lieu", "/ban-do"]
DISTRICT = ["/?unit=725", "/so-sanh?level=district&compare=725,726", "/muc-tieu?unit=725",
            "/xep-hang?level=district", "/ban-do?level=district&province=74"]
BANNER = "Đang bật chế độ"


def _toggle(page):
    """The sidebar's 'Dữ liệu minh họa' toggle (an input of type checkbox)."""
    return page.locator("[data-testid='stSidebar'] label").filter(has_text="Dữ liệu minh họa").locator("input")


def _open(page, server: str, path: str) -> str:
    page.goto(server + path)
    page.wait_for_selector("[data-testid='stApp']", timeout=30_000)
    dismiss_first_load_dialog(page)
    idle(page)
    no_exception(page)
    # text_content, not inner_text: the tables' cells are drawn on a canvas, and their text is
    # only in the grid's hidden accessible copy
    return page.locator(MAIN).text_content() or ""


@pytest.mark.parametrize("path", PROVINCE + DISTRICT)
def test_fresh_start_shows_no_illustrative_figure(server, page, path):
    text = _open(page, server, path)
    assert "Minh họa" not in text and "MINH HỌA" not in text, text[:2000]
    assert BANNER not in text
    # every figure shown is published, or the page says plainly that there is none
    assert ("số liệu công bố" in text or "Chưa có số liệu công bố" in text
            or "Hãy tìm và chọn" in text or path.startswith("/nhap-so-lieu")
            or "Chọn ít nhất" in text), text[:2000]
    toggle = _toggle(page)
    expect(toggle).to_have_count(1, timeout=T)
    expect(toggle).not_to_be_checked()


@pytest.mark.parametrize("path", PROVINCE + DISTRICT)
def test_the_illustrative_link_shows_the_banner_on_every_page(server, page, path):
    link = path + ("&" if "?" in path else "?") + "illustrative=1"
    text = _open(page, server, link)
    assert BANNER in text, text[:2000]
    expect(_toggle(page)).to_be_checked(timeout=T)

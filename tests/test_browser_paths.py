"""Where a browser can go: the pages keep their language across a page switch after an import,
and an address that is no page answers 404 with a page that says so and links to the start."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import T, dismiss_first_load_dialog, idle, no_exception

pytestmark = pytest.mark.browser

CSV = ("era,level,unit_code,unit_name,parent_name,index_id,year,component,value,source\n"
       "pre2025,district,,Thanh Bình,Đồng Tháp,par,2023,total,\"91,50\",Sở Nội vụ (thử nghiệm)\n")
ENGLISH_NAV = ["My unit", "Compare", "What-if and targets", "Ranking", "Import data", "Map"]


def _nav(page) -> list[str]:
    links = page.locator("[data-testid='stSidebarNav'] [data-testid='stSidebarNavLink']")
    return [links.nth(i).inner_text().splitlines()[-1].strip() for i in range(links.count())]


def test_english_page_names_survive_the_import(server, browser, tmp_path):
    """With lang=en, the sidebar named the pages in Vietnamese on the first page opened after a
    file was loaded on the import page (Streamlit dropped the language radio's state on that
    page switch, and the navigation is built before the page runs)."""
    f = tmp_path / "huyen.csv"
    f.write_text(CSV, encoding="utf-8")
    page = browser.new_context(viewport={"width": 1280, "height": 1400}).new_page()
    page.goto(server + "/nhap-so-lieu?lang=en")
    page.wait_for_selector("[data-testid='stFileUploader']", timeout=T)
    idle(page)
    dismiss_first_load_dialog(page)
    assert _nav(page) == ENGLISH_NAV
    page.set_input_files("[data-testid='stFileUploader'] input[type=file]", str(f))
    page.get_by_role("button", name="Load into my session").click()
    expect(page.get_by_text("Loaded 1 rows")).to_be_visible(timeout=T)
    assert _nav(page) == ENGLISH_NAV
    page.get_by_role("link", name="Ranking").click()
    expect(page.get_by_role("heading", name="Ranking")).to_be_visible(timeout=T)
    idle(page)
    assert _nav(page) == ENGLISH_NAV, _nav(page)
    assert "lang=en" in page.url
    no_exception(page)


@pytest.mark.parametrize("path", ["/xep-hang/extra", "/khong-co"])
def test_an_unknown_address_says_page_not_found_and_links_home(server, page, path):
    """Streamlit answered "/xep-hang/extra" with 200 and a blank page (its assets were asked for
    under /xep-hang/static/ and came back as the index page), "/khong-co" with the start page
    under an English dialog. serve.py answers both with 404 and a Vietnamese, then English page."""
    response = page.goto(server + path)
    assert response.status == 404
    body = page.inner_text("body")
    assert body.index("Không tìm thấy trang") < body.index("Page not found") and path in body
    page.get_by_role("link", name="Về trang đầu").click()
    page.wait_for_selector("[data-testid='stSidebarNav']", timeout=T)
    idle(page)
    assert page.url.rstrip("/").split("?")[0] == server
    expect(page.get_by_role("heading", name="Đơn vị của tôi")).to_be_visible(timeout=T)
    no_exception(page)


def test_the_pages_and_streamlits_own_addresses_still_answer(server, page):
    for path in ("/", "/xep-hang", "/_stcore/health", "/favicon.png"):
        assert page.request.get(server + path).status == 200, path
    response = page.goto(server + "/xep-hang?lang=en&index=par&year=2020")
    assert response.status == 200
    expect(page.get_by_role("heading", name="Ranking")).to_be_visible(timeout=T)

"""Imports stay in the importing session: a second browser context never sees them, and a link
made on imported figures tells its recipient so."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser import T, shows

pytestmark = pytest.mark.browser

CSV = ("era,level,unit_code,unit_name,parent_name,index_id,year,component,value,source\n"
       "pre2025,district,,Thanh Bình,Đồng Tháp,par,2023,total,\"91,50\",Sở Nội vụ (thử nghiệm)\n"
       "pre2025,district,,Thanh Binhh,Đồng Tháp,par,2023,total,\"70,00\",thử\n")


def _metrics(page, *expected: str) -> str:
    page.wait_for_selector("[data-testid='stMetric']", timeout=T)
    return shows(page, *expected)


def test_import_is_private_to_its_session(server, browser, tmp_path):
    f = tmp_path / "huyen_par.csv"
    f.write_text(CSV, encoding="utf-8")
    a = browser.new_context(viewport={"width": 1280, "height": 1600}).new_page()
    a.goto(server + "/?unit=874&index=par&year=2023")
    _metrics(a, "80,37")                                    # the published figure (seed 004)
    a.get_by_role("link", name="Nhập số liệu").click()
    a.wait_for_selector("[data-testid='stFileUploader']", timeout=T)
    a.set_input_files("[data-testid='stFileUploader'] input[type=file]", str(f))
    expect(a.get_by_text("1 dòng hợp lệ, 1 dòng bị loại; 1 vấn đề")).to_be_visible(timeout=T)  # Thanh Binhh
    a.get_by_role("button", name="Nạp vào phiên làm việc").click()
    expect(a.get_by_text("Đã nạp 1 dòng")).to_be_visible(timeout=T)
    a.get_by_role("link", name="Đơn vị của tôi").click()
    _metrics(a, "91,50", "Tự nhập")
    link = a.locator("[data-testid='stCode'] code").filter(has_text="http").last.inner_text()
    assert "imp=1" in link

    b = browser.new_context().new_page()                    # another person, another session
    b.goto(link)
    text = _metrics(b, "80,37", "người gửi tự nhập")
    assert "91,50" not in text

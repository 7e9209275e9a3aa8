"""Real browser on the shipped snapshot: the compare walk of issue 14. An official opens the
profile of Hải Dương (30), goes to the compare page, adds units, switches the era there to see
the new provinces, and comes back to the profile: it still shows Hải Dương, the link says
unit=30 (the era switch made on the compare page used to follow Hải Dương to Hải Phòng, unit=31)."""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser import T, dismiss_first_load_dialog, idle, shows

pytestmark = pytest.mark.browser


def _query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def _add(page, box, text: str, option: str) -> None:
    box.click()
    page.keyboard.type(text)
    page.get_by_role("option").filter(has_text=option).first.click(timeout=T)
    page.keyboard.press("Escape")
    idle(page)


def test_profile_to_compare_and_back_keeps_my_unit(server, page):
    page.goto(server + "/?unit=30&index=par&illustrative=1")
    dismiss_first_load_dialog(page)
    shows(page, "Hải Dương")
    page.get_by_role("link", name="So sánh với các đơn vị khác").click()
    idle(page)
    shows(page, "Các đơn vị so sánh")
    box = page.get_by_role("combobox", name="Các đơn vị so sánh (tối đa 8)")
    _add(page, box, "ha noi", "Hà Nội")
    _add(page, box, "hai phong", "Hải Phòng")
    text = shows(page, "Bảng so sánh", "Đơn vị của tôi: Tỉnh Hải Dương")
    assert "Hà Nội" in text and "Hải Phòng" in text
    assert _query(page)["unit"] == "30" and _query(page)["compare"] == "30,01,31", page.url
    era = page.get_by_role("combobox", name="Giai đoạn", exact=True)
    era.click()
    page.get_by_role("option", name="Từ 7/2025 (34 tỉnh)").click()
    idle(page)
    assert _query(page)["unit"] == "30", page.url
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Đơn vị của tôi").click()
    idle(page)
    text = shows(page, "Hải Dương")
    assert _query(page)["unit"] == "30", page.url
    assert "era" not in _query(page), page.url                   # back in the unit's own era
    assert page.locator("h3").filter(has_text="Hải Phòng").count() == 0


def test_a_ninth_compared_unit_is_refused_with_a_message(server, page):
    eight = "01,02,04,06,08,10,11,12"
    page.goto(server + f"/so-sanh?unit=30&index=par&illustrative=1&compare={eight}")
    dismiss_first_load_dialog(page)
    shows(page, "Bảng so sánh", "Đã đủ 8 đơn vị")
    box = page.get_by_role("combobox", name="Các đơn vị so sánh (tối đa 8)")
    _add(page, box, "hai duong", "Hải Dương")
    shows(page, "Chưa thêm Tỉnh Hải Dương: chỉ so sánh được tối đa 8 đơn vị")
    assert _query(page)["compare"] == eight and _query(page)["unit"] == "30", page.url
    page.screenshot(path="/tmp/scr/ninth.png", full_page=False)

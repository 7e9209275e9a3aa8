"""Real browser on the shipped snapshot: the one unit picker finds units as the user types
without accents; a district switched to the post-2025 era leads to its new communes; namesakes
are named with their type in the ranking chart.

Streamlit 1.67's select boxes filter their options in the browser, comparing the typed letters
with each option's label as it is (lowercased, no accent folding: 'dong thap' does not match
'Đồng Tháp'); the labels therefore carry the unmarked spelling (doisanh.names.pick_label), and
these tests type into the real widget to check that the option is offered.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser import T, dismiss_first_load_dialog, idle, no_exception, shows

pytestmark = pytest.mark.browser


def _query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query).items()}


def _type_into(page, combo, text: str) -> list[str]:
    combo.click()
    page.keyboard.type(text)
    page.wait_for_timeout(500)
    options = page.get_by_role("option")
    options.first.wait_for(timeout=T)
    return options.all_inner_texts()


def test_typing_dong_thap_in_the_province_filter_finds_dong_thap(server, page):
    page.goto(server + "/xep-hang?level=district&index=par&illustrative=1")  # a chart of every district
    page.wait_for_selector(".vega-embed", timeout=T)
    dismiss_first_load_dialog(page)
    idle(page)
    box = page.get_by_role("combobox", name="Trong tỉnh/thành phố", exact=True)
    offered = _type_into(page, box, "dong thap")
    assert offered[0].startswith("Đồng Tháp"), offered
    page.get_by_role("option").filter(has_text="Đồng Tháp").first.click()
    idle(page)
    no_exception(page)
    assert _query(page).get("province") == "87", page.url


def test_unit_picker_finds_a_province_by_unmarked_name_and_a_district_by_code(server, page):
    page.goto(server + "/?index=par")
    dismiss_first_load_dialog(page)
    idle(page)
    box = page.get_by_role("combobox", name=re.compile("^Đơn vị"))
    offered = _type_into(page, box, "binh duong")
    assert offered[0].startswith("Tỉnh Bình Dương"), offered
    page.keyboard.press("Escape")
    box.fill("")
    offered = _type_into(page, box, "874")
    assert offered[0].startswith("Huyện Thanh Bình — Đồng Tháp"), offered
    page.get_by_role("option").first.click()
    page.wait_for_selector("[data-testid='stMetric']", timeout=T)
    idle(page)
    assert _query(page).get("unit") == "874", page.url


def test_district_in_the_post2025_era_shows_its_new_communes_and_a_click_chooses_one(server, page):
    page.goto(server + "/?unit=874&index=par&illustrative=1")
    page.wait_for_selector("[data-testid='stMetric']", timeout=T)
    dismiss_first_load_dialog(page)
    idle(page)
    page.get_by_role("combobox", name="Giai đoạn", exact=True).click()
    page.get_by_role("option").filter(has_text="34 tỉnh").click()
    text = shows(page, "không còn từ 1/7/2025", "nay thuộc 5 đơn vị cấp xã mới")
    assert "Mã đơn vị" not in text                                       # not the old dead end
    for name in ("An Long (xã, Đồng Tháp)", "Thanh Bình (xã, Đồng Tháp)", "Bình Thành (xã, Đồng Tháp)"):
        assert name in text, name
    page.get_by_role("button").filter(has_text="Thanh Bình (xã, Đồng Tháp)").click()
    page.wait_for_selector("[data-testid='stMetric']", timeout=T)
    idle(page)
    no_exception(page)
    headings = page.locator("[data-testid='stHeading']").all_inner_texts()
    assert any(h.startswith("Xã Thanh Bình") and "30130" in h for h in headings), headings
    q = _query(page)
    assert q.get("unit") == "30130" and q.get("era") == "post2025", page.url


def test_namesakes_are_named_with_their_type_in_the_ranking_chart(server, page):
    page.goto(server + "/xep-hang?level=district&index=par&province=87&illustrative=1")
    page.wait_for_selector(".vega-embed", timeout=T)
    dismiss_first_load_dialog(page)
    idle(page)
    no_exception(page)
    # Vega names each drawn mark for screen readers: "label: 3. Cao Lãnh (thành phố, Đồng Tháp); value: …"
    marks = page.locator(".vega-embed [aria-label*='label: ']")
    marks.first.wait_for(state="attached", timeout=T)
    labels = [m.group(1) for m in (re.search(r"(?:^|; )label: ([^;]+)", e.get_attribute("aria-label") or "")
                                   for e in marks.all()) if m]
    joined = "\n".join(labels)
    assert re.search(r"\d+\. Cao Lãnh \(thành phố, Đồng Tháp\)", joined), labels
    assert re.search(r"\d+\. Cao Lãnh \(huyện, Đồng Tháp\)", joined), labels
    assert re.search(r"\d+\. Hồng Ngự \(huyện, Đồng Tháp\)", joined), labels
    assert not re.search(r"\d+\. Cao Lãnh$", joined, re.M), labels

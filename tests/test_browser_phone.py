"""Real browser: on a 390 px phone the what-if plan, the compare table and the import report
show their key columns without sideways scrolling (their narrow views, ui/narrow.py), and on a
1280 px screen the full tables instead. Bình Dương (74), PCI 2016 (published components): rank 4/63, 1,38
points short of rank 3, all of it planned on "Dịch vụ hỗ trợ doanh nghiệp" (+0,70) and the
components after it."""
from __future__ import annotations

import re

import pytest

from tests.browser import T, assert_fits, dismiss_first_load_dialog, idle, no_exception, pair_state, shows

pytestmark = pytest.mark.browser

WHATIF = "/muc-tieu?unit=74&index=pci&year=2016&target=rank:3"
COMPARE = "/so-sanh?unit=74&index=pci&year=2016&compare=74,75,77,79,72,70,80,82"
PHONE, SCREEN = {"width": 390, "height": 844}, {"width": 1280, "height": 900}

def test_whatif_plan_shows_the_gain_needed_on_a_phone_and_the_full_table_on_a_screen(server, page):
    page.set_viewport_size(PHONE)
    page.goto(server + WHATIF)
    page.wait_for_selector(".st-key-narrow-plan table", timeout=T)
    dismiss_first_load_dialog(page)
    shows(page, "Kế hoạch", "Cần tăng tối thiểu 1,38")
    got = pair_state(page, "plan")
    assert_fits(got, PHONE["width"])
    header, *rows = got["rows"]
    assert [c["text"] for c in header] == ["Thành phần", "Cần tăng", "Điểm mới"]
    assert len(rows) == 10 and all(re.fullmatch(r"\+?\d+,\d\d", r[1]["text"]) for r in rows), rows
    gains = {r[0]["text"]: r[1]["text"] for r in rows}
    assert gains["Dịch vụ hỗ trợ doanh nghiệp"] == "+0,70"

    page.set_viewport_size(SCREEN)
    idle(page)
    wide = pair_state(page, "plan")
    assert wide["wide"] and wide["wideShown"] and not wide["narrow"], wide
    grid = page.locator(".st-key-wide-plan [data-testid='stDataFrame']")
    assert grid.count() == 1 and grid.bounding_box()["width"] > 600
    no_exception(page)


def test_compare_shows_every_units_score_and_rank_on_a_phone(server, page):
    page.set_viewport_size(PHONE)
    page.goto(server + COMPARE)
    page.wait_for_selector(".st-key-narrow-compare table", timeout=T)
    dismiss_first_load_dialog(page)
    shows(page, "Bảng so sánh")
    got = pair_state(page, "compare")
    assert_fits(got, PHONE["width"])
    header, *rows = got["rows"]
    assert [c["text"] for c in header] == ["Đơn vị", "Tổng điểm (/100,00)", "Hạng trong cả cấp"]
    assert [re.search(r"\((\d+)\)$", r[0]["text"]).group(1) for r in rows] == [
        "74", "75", "77", "79", "72", "70", "80", "82"]            # the chosen order
    assert all(re.fullmatch(r"\d+,\d\d", r[1]["text"]) and re.fullmatch(r"\d+/63", r[2]["text"])
               for r in rows), rows
    assert rows[0][1]["text"] == "63,57" and rows[0][2]["text"] == "4/63"

    page.set_viewport_size(SCREEN)
    idle(page)
    wide = pair_state(page, "compare")
    assert wide["wide"] and wide["wideShown"] and not wide["narrow"], wide
    full = page.locator(".st-key-wide-compare table tr").first.inner_text()
    assert "Bình Dương" in full and "Tiền Giang" in full
    no_exception(page)


CSV = ("era,level,unit_code,unit_name,parent_name,index_id,year,component,value,source\n"
       "pre2025,district,,Thanh Binhh,Đồng Tháp,par,2023,total,\"70,00\",thử\n")


def test_import_problems_show_their_message_on_a_phone(server, page, tmp_path):
    f = tmp_path / "huyen_par.csv"
    f.write_text(CSV, encoding="utf-8")
    page.set_viewport_size(PHONE)
    page.goto(server + "/nhap-so-lieu")
    page.wait_for_selector("[data-testid='stFileUploader']", timeout=T)
    idle(page)
    dismiss_first_load_dialog(page)
    page.set_input_files("[data-testid='stFileUploader'] input[type=file]", str(f))
    page.wait_for_selector(".st-key-narrow-problems table", timeout=T)
    shows(page, "Các vấn đề")
    got = pair_state(page, "problems")
    assert_fits(got, PHONE["width"])
    header, *rows = got["rows"]
    assert [c["text"] for c in header] == ["Nội dung", "Mức độ", "Dòng"]
    assert len(rows) == 1 and "Thanh Binhh" in rows[0][0]["text"]
    assert [c["text"] for c in rows[0][1:]] == ["Lỗi", "2"]
    no_exception(page)

"""What travels to the meeting, downloaded from a real browser: the profile's one-page briefing
is an A4 portrait PDF naming the unit, its sources and the live view's address; the compare
page's Excel holds numbers (no '85,71 *') and its chart's SVG a title with index, year, peers
and source."""
from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from openpyxl import load_workbook

from tests.browser import T, dismiss_first_load_dialog, idle
from tests.test_browser_export import _download

pytestmark = pytest.mark.browser


def test_briefing_pdf_from_the_profile_page(server, browser, tmp_path):
    page = browser.new_context(viewport={"width": 1400, "height": 1600}, accept_downloads=True).new_page()
    page.goto(server + "/?unit=74&index=par&year=2020&whatif=sipas:9.5")
    page.wait_for_selector("[data-testid='stMetric']", timeout=T)
    idle(page)
    pdf = _download(page, "Tải PDF")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    assert [(float(w), float(h)) for w, h in boxes] == [(595.0, 842.0)]
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: install Debian's poppler-utils")
    path = tmp_path / "b.pdf"
    path.write_bytes(pdf)
    text = re.sub(r"\s+", " ", subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True,
                                              text=True, check=True).stdout)
    for part in ("Bản tóm tắt: Tỉnh Bình Dương", "năm 2020", "Số liệu chính", "Đoạn văn cho báo cáo",
                 "Diễn biến qua các năm", "Thành phần so với trung vị", "Kế hoạch mục tiêu",
                 "Nguồn số liệu", "http", "Xem trực tuyến: " + server):
        assert part in text, (part, text)
    assert "unit=74" in text.replace(" ", "")


def test_compare_excel_holds_numbers_and_chart_svg_has_its_heading(server, browser):
    page = browser.new_context(viewport={"width": 1400, "height": 1600}, accept_downloads=True).new_page()
    page.goto(server + "/so-sanh?index=par&year=2020&compare=74,79,01&illustrative=1")  # every unit a figure
    page.wait_for_selector("[data-testid='stHtml'] table >> visible=true", timeout=T)   # a phone's short one is hidden
    idle(page)
    dismiss_first_load_dialog(page)     # run first in a session, its modal made every button inert
    ws = load_workbook(io.BytesIO(_download(page, "Tải Excel"))).active
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    header, body = rows[0], rows[1:]
    units = [i for i, h in enumerate(header) if i and not h.endswith("— Minh họa")]
    assert len(units) == 3, header
    total = body[0]
    assert all(isinstance(total[i], float) for i in units), total          # was '85,71 *' as text
    assert all(re.fullmatch(r"\d+/\d+", body[1][i]) for i in units), body[1]  # the rank row
    assert not any(isinstance(v, str) and ("*" in v or "◀" in v) for r in body for v in r)
    svg = _download(page, "Tải ảnh SVG").decode()
    texts = " ".join(re.findall(r">([^<>]+)</(?:text|tspan)>", svg))
    for part in ("So sánh thành phần — 3 đơn vị", "năm 2020", "3 đơn vị được chọn", "Nguồn:"):
        assert part in texts, (part, texts[:400])

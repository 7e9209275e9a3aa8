"""Every way a table leaves the app is guarded, in a real browser: the data grid's own toolbar
has no CSV download (client.disableDataExport; it wrote imported cells such as
=HYPERLINK("http://x","a") raw), and the page's own CSV and Excel buttons give files in which
such a cell is quoted text, a negative figure is a number and the chosen unit's ◀ is gone; the
workspace file of the import page keeps the user's source text, guarded."""
from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser import MAIN, T, idle, shows

pytestmark = pytest.mark.browser

FORMULA = '=HYPERLINK("http://x","a")'


def _import_csv(tmp_path) -> str:
    buf = io.StringIO(newline="")
    w = csv.writer(buf)
    w.writerow(["era", "level", "unit_code", "unit_name", "parent_name", "index_id", "year", "component",
                "value", "source"])
    w.writerow(["pre2025", "district", "", "Thanh Bình", "Đồng Tháp", "par", "2023", "total", "91,50", FORMULA])
    f = tmp_path / "nguon_cong_thuc.csv"
    f.write_text(buf.getvalue(), encoding="utf-8")
    return str(f)


def _download(page, label: str) -> bytes:
    button = page.locator(MAIN).locator("[data-testid='stDownloadButton']").filter(has_text=label)
    expect(button).to_have_count(1, timeout=T)
    with page.expect_download(timeout=T) as d:
        button.click()
    return d.value.path().read_bytes()


def test_tables_leave_the_app_only_through_guarded_files(server, browser, tmp_path):
    page = browser.new_context(viewport={"width": 1400, "height": 1600}, accept_downloads=True).new_page()
    # in the illustrative mode, so that the district has a rank among all (the published mode
    # gives an imported figure no rank: nobody printed one)
    page.goto(server + "/?unit=874&index=par&year=2023&illustrative=1")
    page.wait_for_selector("[data-testid='stMetric']", timeout=T)
    idle(page)
    page.get_by_role("link", name="Nhập số liệu").click()
    page.wait_for_selector("[data-testid='stFileUploader']", timeout=T)
    page.set_input_files("[data-testid='stFileUploader'] input[type=file]", _import_csv(tmp_path))
    page.get_by_role("button", name="Nạp vào phiên làm việc").click()
    expect(page.get_by_text("Đã nạp 1 dòng")).to_be_visible(timeout=T)
    # the workspace file: the user's source text (not import:<file>#<hash>), guarded
    workspace = _download(page, "không gian làm việc").decode("utf-8-sig")
    assert [r["source"] for r in csv.DictReader(io.StringIO(workspace))] == ["'" + FORMULA]

    page.get_by_role("link", name="Xếp hạng").click()
    shows(page, "Thanh Bình", "◀")
    grid = page.locator(MAIN).locator("[data-testid='stDataFrame']").first
    grid.hover()
    toolbar = page.locator("[data-testid='stElementToolbar']").filter(
        has=page.get_by_role("button", name=re.compile("search", re.I)))
    expect(toolbar.first).to_be_visible(timeout=T)          # the grid's toolbar is shown …
    buttons = toolbar.first.get_by_role("button")
    labels = [buttons.nth(i).get_attribute("aria-label") or buttons.nth(i).inner_text()
              for i in range(buttons.count())]
    assert not any(re.search("download|csv|tải", lbl, re.I) for lbl in labels), labels  # … without a download

    rows = list(csv.reader(io.StringIO(_download(page, "Tải CSV").decode("utf-8-sig"), newline="")))
    header, body = rows[0], rows[1:]
    mine = next(r for r in body if r[header.index("Mã")] == "874")
    assert mine[header.index("Nguồn")].startswith("'" + FORMULA), mine
    assert re.fullmatch(r"\d+/\d+", mine[header.index("Hạng")]), mine   # the rank, without ◀
    assert not any("◀" in c for r in rows for c in r)
    assert not any(c.startswith(("=", "@")) for r in body for c in r)

    ws = load_workbook(io.BytesIO(_download(page, "Tải Excel"))).active
    xrows = [[c for c in r] for r in ws.iter_rows()]
    xheader = [c.value for c in xrows[0]]
    xmine = next(r for r in xrows[1:] if r[xheader.index("Mã")].value == "874")
    source = xmine[xheader.index("Nguồn")]
    assert source.data_type == "s" and source.value.startswith("'" + FORMULA), source.value
    assert xmine[xheader.index("Điểm")].value == 91.5                    # a number
    assert not any(isinstance(c.value, str) and "◀" in c.value for r in xrows for c in r)

"""Hostile files uploaded through Chromium into a real server: each gets its message, the
server's memory grows by less than 150 MB while it answers, the server stays up for everyone,
and the figures this session imported before are still there."""
from __future__ import annotations

import threading
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.browser import T, shows
from tests.hostile_files import CORPUS

pytestmark = pytest.mark.browser

VALID = ("era,level,unit_code,unit_name,parent_name,index_id,year,component,value,source\n"
         "pre2025,district,,Thanh Bình,Đồng Tháp,par,2023,total,\"91,50\",Sở Nội vụ (thử nghiệm)\n")
MB = 1_000_000


def _rss(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmRSS:"))


class ServerPeak:
    def __init__(self, pid: int):
        self.pid, self.base = pid, _rss(pid)
        self.peak = self.base
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.wait(0.01):
            self.peak = max(self.peak, _rss(self.pid))

    def __enter__(self):
        self._t.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._t.join()


def _upload(page, path) -> None:
    page.set_input_files("[data-testid='stFileUploader'] input[type=file]", str(path))


@pytest.mark.parametrize(("case", "says"), [("shared-strings count bomb", "khai báo 4.000.000.000"),
                                            ("shared-strings flood", "Bảng chuỗi dùng chung"),
                                            ("encrypted xlsx (OLE)", "mật khẩu")])
def test_a_hostile_upload_leaves_the_server_and_the_session_whole(case, says, server_process, browser, tmp_path):
    url, proc = server_process
    page = browser.new_context(viewport={"width": 1280, "height": 1600}).new_page()
    good = tmp_path / "huyen_par.csv"
    good.write_text(VALID, encoding="utf-8")
    page.goto(url + "/?unit=874&index=par&year=2023")
    shows(page, "Thanh Bình")
    page.get_by_role("link", name="Nhập số liệu").click()
    page.wait_for_selector("[data-testid='stFileUploader']", timeout=T)
    _upload(page, good)
    page.get_by_role("button", name="Nạp vào phiên làm việc").click()
    expect(page.get_by_text("Đã nạp 1 dòng")).to_be_visible(timeout=T)

    c = CORPUS[case]
    bad = tmp_path / c.file
    bad.write_bytes(c.build())
    with ServerPeak(proc.pid) as mem:
        _upload(page, bad)
        text = shows(page, "Tệp bị từ chối", says)
    assert mem.peak - mem.base < 150 * MB, (case, (mem.peak - mem.base) / MB)
    assert "Traceback" not in text
    with urllib.request.urlopen(url + "/_stcore/health", timeout=5) as r:
        assert r.status == 200 and proc.poll() is None

    other = browser.new_context().new_page()          # someone else, meanwhile
    other.goto(url + "/?unit=74&index=pci&year=2016")
    shows(other, "Bình Dương")
    page.get_by_role("link", name="Đơn vị của tôi").click()
    shows(page, "91,50", "Tự nhập")

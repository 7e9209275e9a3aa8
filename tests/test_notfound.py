"""The 404 page in front of Streamlit (ui/notfound.py, serve.py): which paths it answers."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from ui import notfound

ROOT = Path(__file__).resolve().parents[1]


def _url_paths() -> set[str]:
    """The url_path of every st.Page in app.py ("" for the default page, which has none)."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    pages = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
             and n.func.attr == "Page"]
    return {next((k.value.value for k in p.keywords if k.arg == "url_path"), "") for p in pages}


def test_every_page_of_the_navigation_is_known():
    assert _url_paths() == set(notfound.PAGE_PATHS)


@pytest.mark.parametrize(("path", "base", "known"), [
    ("/", "", True), ("/xep-hang", "", True), ("/so-sanh/", "", True), ("/_stcore/health", "", True),
    ("/_stcore/stream", "", True), ("/static/js/index.js", "", True), ("/media/abc.csv", "", True),
    ("/component/x/index.html", "", True), ("/app/static/x.png", "", True), ("/favicon.png", "", True),
    ("/manifest.json", "", True), ("/auth/login", "", True),
    ("/xep-hang/extra", "", False), ("/xep-hang/static/js/index.js", "", False), ("/khong-co", "", False),
    ("/..", "", False), ("/so-sanh/..", "", False), ("/index.htm", "", False),
    ("/doisanh", "doisanh", True), ("/doisanh/xep-hang", "/doisanh/", True),
    ("/doisanh/_stcore/health", "doisanh", True),
    ("/doisanh/xep-hang/extra", "doisanh", False), ("/xep-hang", "doisanh", False),
])
def test_known_paths(path, base, known):
    assert notfound.known(path, base) is known


def test_the_page_is_vietnamese_then_english_and_escapes_the_address():
    page = notfound.not_found_page("/<script>alert(1)</script>", "doisanh")
    assert page.index("Không tìm thấy trang") < page.index("Page not found")
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert page.count('href="/doisanh/"') == 2

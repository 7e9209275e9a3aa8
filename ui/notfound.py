"""A 404 page for addresses that are no page of the app, in front of Streamlit's server (serve.py).

Streamlit 1.67 answers every unknown path with its index page and 200: one segment ("/khong-co")
runs the start page under an English "Page not found" dialog, two or more ("/xep-hang/extra")
give a blank page (the page's assets are asked for under "/xep-hang/static/…", which is the
index page again, not JavaScript). Streamlit has no setting for either, so this ASGI middleware
answers GET and HEAD for such a path with 404 and a short page in Vietnamese then English that
links to the start page. Passed through: the pages (PAGE_PATHS), Streamlit's own routes (their
first segment, ROUTE_PREFIXES), files at the root of Streamlit's static folder (favicon.png,
manifest.json…), every other method and the websocket.
"""
from __future__ import annotations

import html
from pathlib import Path

import streamlit
from starlette.responses import HTMLResponse

# the url_path of every st.Page in app.py ("" is the start page); tests/test_notfound.py checks
PAGE_PATHS = frozenset({"", "so-sanh", "muc-tieu", "xep-hang", "nhap-so-lieu", "ban-do"})
# first segments of Streamlit 1.67's own routes (web/server/starlette: core API, media, custom
# components, frontend assets, static serving under /app/static, st.login)
ROUTE_PREFIXES = frozenset({"_stcore", "media", "component", "static", "app", "auth", "oauth2callback"})
_STATIC = Path(streamlit.__file__).parent / "static"

_PAGE = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Không tìm thấy trang · Page not found — Đối sánh</title></head>
<body style="font-family: sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem">
<h1>Không tìm thấy trang</h1>
<p>Địa chỉ <code>{path}</code> không phải một trang của Đối sánh. <a href="{home}">Về trang đầu</a>.</p>
<h2 lang="en">Page not found</h2>
<p lang="en">The address <code>{path}</code> is not a page of Đối sánh. <a href="{home}">Go to the start page</a>.</p>
</body></html>
"""


def known(path: str, base: str = "") -> bool:
    """Whether Streamlit should answer `path` (a request path; `base`: server.baseUrlPath).

    >>> known("/"), known("/xep-hang"), known("/xep-hang/"), known("/_stcore/health"), known("/favicon.png")
    (True, True, True, True, True)
    >>> known("/xep-hang/extra"), known("/khong-co"), known("/app/xep-hang", "app"), known("/khac", "app")
    (False, False, True, False)
    """
    base = base.strip("/")
    rel = path.strip("/")
    if base:
        if rel != base and not rel.startswith(base + "/"):
            return False
        rel = rel[len(base):].strip("/")
    first, _, rest = rel.partition("/")
    if first in ROUTE_PREFIXES:
        return True
    if not rest and first in PAGE_PATHS:
        return True
    return not rest and ".." not in first and (_STATIC / first).is_file()


def not_found_page(path: str, base: str = "") -> str:
    home = "/" + base.strip("/") + "/" if base.strip("/") else "/"
    return _PAGE.format(path=html.escape(path[:200]), home=html.escape(home))


class NotFound:
    """ASGI middleware: 404 and the page above for a GET or HEAD of an unknown path."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            from streamlit import config
            base = config.get_option("server.baseUrlPath") or ""
            if not known(scope["path"], base):
                page = not_found_page(scope["path"], base)
                await HTMLResponse(page, status_code=404,
                                   headers={"Cache-Control": "no-cache"})(scope, receive, send)
                return
        await self.app(scope, receive, send)

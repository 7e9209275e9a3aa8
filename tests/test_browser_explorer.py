"""Real browser on the shipped snapshot: shared links, state across pages, phone layout, search.

Runs `streamlit run app.py` once (the `server` fixture in tests/conftest.py) and drives Debian's
headless Chromium through pytest-playwright.
"""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser import T, idle, metric, no_exception

pytestmark = pytest.mark.browser

# i766 2023 is illustrative for most provinces: these views are read in the illustrative mode
PROFILE_LINK = "/?unit=74&index=i766&year=2023&peers=region&illustrative=1"
REGION_OPTION = "Cùng vùng kinh tế - xã hội"


def _combo(page, label: str) -> str:
    return page.get_by_role("combobox", name=label, exact=True).input_value()


def _check_bình_dương_i766_2023_region(page) -> None:
    page.wait_for_selector("[data-testid='stMetric']", timeout=T)
    idle(page)
    no_exception(page)
    headings = page.locator("[data-testid='stHeading']").all_inner_texts()
    assert any("Bình Dương" in h for h in headings), headings
    assert _combo(page, "Chỉ số") == "Bộ chỉ số 766"
    assert _combo(page, "Năm") == "2023"
    assert _combo(page, "Nhóm so sánh") == REGION_OPTION
    assert metric(page, "Điểm") == "79,92"
    rank, n = map(int, metric(page, "Hạng").split("/"))
    assert 1 <= rank <= n < 63, "region peers: the rank is within the region, not the country"
    assert "vùng Đông Nam Bộ" in page.inner_text("[data-testid='stMain']")


def test_shared_link_opens_the_same_view_in_a_fresh_browser(server, browser, page):
    page.goto(server + PROFILE_LINK)
    _check_bình_dương_i766_2023_region(page)
    link = page.locator("[data-testid='stCode']").last.inner_text().strip()
    query = {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()}
    assert query == {"unit": "74", "index": "i766", "year": "2023", "peers": "region", "illustrative": "1"}, link
    assert link.startswith(server), link

    fresh = browser.new_context()          # no cookies, no session: only the link
    try:
        other = fresh.new_page()
        other.goto(link)
        _check_bình_dương_i766_2023_region(other)
    finally:
        fresh.close()


def test_profile_to_compare_keeps_unit_index_and_year(server, page):
    page.goto(server + "/?unit=74&index=i766&year=2023&illustrative=1")
    page.wait_for_selector("[data-testid='stMetric']", timeout=T)
    idle(page)
    # every page of the navigation has an icon drawn from Streamlit's own Material font, not an
    # emoji that a machine without an emoji font shows as an empty box
    links = page.locator("[data-testid='stSidebarNav'] a")
    assert links.count() == 6
    assert page.locator("[data-testid='stSidebarNav'] a [data-testid='stIconMaterial']").count() == 6
    page.locator("[data-testid='stSidebarNav'] a", has_text="So sánh").click()
    page.wait_for_url(re.compile(r"/so-sanh"), timeout=T)
    page.wait_for_selector("[data-testid='stMultiSelect']", timeout=T)
    idle(page)
    no_exception(page)
    assert _combo(page, "Chỉ số") == "Bộ chỉ số 766"
    assert _combo(page, "Năm") == "2023"
    chosen = [t.get_attribute("aria-label")
              for t in page.locator("[data-testid='stMultiSelect'] [data-tag]").all()]
    assert chosen and "Bình Dương" in chosen[0], chosen
    # the state is written back to the new page's address
    query = parse_qs(urlsplit(page.url).query)
    assert query.get("index") == ["i766"] and query.get("year") == ["2023"], page.url
    assert query.get("compare") == ["74"], page.url
    link = page.locator("[data-testid='stCode']").last.inner_text().strip()
    assert urlsplit(link).path == "/so-sanh", link
    assert parse_qs(urlsplit(link).query).get("compare") == ["74"], link


# Pages checked at phone width, with what must be on screen before measuring.
PHONE_PAGES = [
    ("/", ["[data-testid='stSelectbox']"]),
    # a district's link in the post-2025 era: the panel of its new communes, a button each
    ("/?unit=874&index=par&era=post2025", ["[data-testid='stButton']", "[data-testid='stDataFrame']"]),
    ("/?unit=74&index=i766&year=2023&illustrative=1", ["[data-testid='stMetric']", ".vega-embed",
                                        "[data-testid='stDataFrame']"]),
    ("/so-sanh?compare=74,79,77&illustrative=1", [".vega-embed", "[data-testid='stHtml'] table >> visible=true"]),
    # eight units: the compare chart's small multiples are of fixed size (tests/test_browser_compare.py)
    ("/so-sanh?compare=74,75,77,79,72,70,80,82&index=pci&year=2016", [".vega-embed",
                                                                      "[data-testid='stHtml'] table >> visible=true"]),
    ("/xep-hang?illustrative=1", [".vega-embed", "[data-testid='stDataFrame']"]),
    ("/muc-tieu?unit=74&index=i766&year=2023&target=rank:5&illustrative=1", ["[data-testid='stSlider']",
                                                              "[data-testid='stMetric']"]),
    ("/nhap-so-lieu", ["[data-testid='stFileUploader']"]),
    ("/ban-do?unit=74&index=i766&year=2023&illustrative=1", [".vega-embed"]),
]

# Elements sticking out to the right of the viewport. The page frame (stMain, stApp, html) has
# overflow auto/hidden itself, so only containers INSIDE the content count as "scrolls by itself"
# (data frames, code blocks). A chart is not one: its <svg> clips what sticks out (a legend
# placed beside another was cut off at 390 px), so whatever is inside a chart must fit.
OVERFLOW_JS = """(W) => {
  const content = document.querySelector("[data-testid='stMainBlockContainer']")
                  || document.querySelector("[data-testid='stMain']");
  const main = document.querySelector("[data-testid='stMain']");
  const scrollsItself = (el) => {
    if (el.closest("[data-testid='stVegaLiteChart']")) return false;
    for (let a = el.parentElement; a && a !== content; a = a.parentElement) {
      const ox = getComputedStyle(a).overflowX;
      if ((ox === 'auto' || ox === 'scroll' || ox === 'hidden') && a.clientWidth <= W) return true;
    }
    return false;
  };
  const out = [];
  for (const el of content.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right <= W + 1) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility === 'hidden' || cs.display === 'none') continue;
    if (scrollsItself(el)) continue;
    const holder = el.closest('[data-testid]');
    out.push({tag: el.tagName.toLowerCase(), testid: holder ? holder.getAttribute('data-testid') : null,
              cls: String(el.className && el.className.baseVal !== undefined ? el.className.baseVal
                                                                           : el.className).slice(0, 60),
              width: Math.round(r.width), right: Math.round(r.right)});
  }
  return {docScroll: document.documentElement.scrollWidth,
          mainScroll: main ? main.scrollWidth : 0, offenders: out.slice(0, 15)};
}"""


def test_phone_width_nothing_wider_than_the_screen(server, browser):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    try:
        page = ctx.new_page()
        problems = []
        for path, selectors in PHONE_PAGES:
            page.goto(server + path)
            for sel in selectors:
                page.wait_for_selector(sel, timeout=T)
            idle(page)
            no_exception(page)
            page.wait_for_timeout(500)     # charts resize to their container after the run
            got = page.evaluate(OVERFLOW_JS, 390)
            if got["docScroll"] > 390 or got["mainScroll"] > 390 or got["offenders"]:
                problems.append(f"{path}: document {got['docScroll']} px, main pane "
                                f"{got['mainScroll']} px, wider elements: {got['offenders']}")
        assert not problems, "\n".join(problems)
    finally:
        ctx.close()


def test_search_without_accents_finds_thuan_an_and_shows_its_rank(server, page):
    page.goto(server + "/?illustrative=1")     # no district has published PAR figures but one
    box = page.get_by_role("combobox", name=re.compile("^Đơn vị"))
    box.wait_for(timeout=T)
    idle(page)
    box.click()
    page.keyboard.type("thuan an")       # the picker filters as one types; no accents needed
    page.get_by_role("option").filter(has_text=re.compile(r"^Thành phố Thuận An — Bình Dương")).first.click()
    page.wait_for_selector("[data-testid='stMetric']", timeout=T)
    idle(page)
    no_exception(page)
    headings = page.locator("[data-testid='stHeading']").all_inner_texts()
    assert any(h.startswith("Thành phố Thuận An") and "725" in h for h in headings), headings
    assert re.fullmatch(r"\d+/\d+", metric(page, "Hạng"))
    assert parse_qs(urlsplit(page.url).query).get("unit") == ["725"], page.url

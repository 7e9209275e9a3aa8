"""Real browser on the shipped snapshot: the two officials' walks of issue 14, each in one browser
context (state carried by the pages themselves: the unit picker, the sidebar, the buttons), on a
desktop (1280 × 900) and on a phone (390 × 844, a phone's user agent and touch: Streamlit closes
the sidebar after a page is chosen only on a mobile user agent, and React Aria's pickers open on a
tap).

- Province official, Bình Dương (74): the profile found by typing "binh duong", PCI 2016 (every
  province published: score and rank without the illustrative mode); two peers added on the compare
  page leave "my unit" as it was; a target rank on the what-if page gives the gain needed, on
  screen at 390 px; the ranking marks the unit; the map labels Hoàng Sa and Trường Sa; after
  1/7/2025 Bình Dương leads to Thành phố Hồ Chí Minh.
- District official, Huyện Thanh Bình (874, Đồng Tháp): its one published figure (PAR 2023); the
  ranking of Đồng Tháp's districts (one published: the page's own "Bật dữ liệu minh họa" button
  turns the illustrative mode on, as an official would) with the province found by typing "dong
  thap" and the namesakes Cao Lãnh and Hồng Ngự named with their type; the map's province filter;
  after 1/7/2025 the district's five new communes, one of which is chosen.

Every step checks that nothing is wider than the screen and, with DOISANH_WALK_SHOTS=1, saves a
screenshot of the whole page to test-results/walk-<official>-<width>-<step>.png (a tall viewport:
Streamlit's main pane scrolls inside the page, so a full-page screenshot shows only the window)."""
from __future__ import annotations

import os
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from tests.browser import (ROOT, T, assert_fits, dismiss_first_load_dialog, idle, metric, no_exception,
                           pair_state, shows)
from tests.test_browser_explorer import OVERFLOW_JS
from tests.test_geo_browser import DRAWN, _labels_inside

pytestmark = pytest.mark.browser

OUT = ROOT / "test-results"
# a whole-page screenshot per step (~1.5 s each, ~35 s a run): DOISANH_WALK_SHOTS=1 to look at them
SHOTS = os.environ.get("DOISANH_WALK_SHOTS") == "1"
PHONE_UA = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/126.0.0.0 Mobile Safari/537.36")
UNIT_PICKER = re.compile("^Đơn vị \\(gõ tên")
POST2025 = "Từ 7/2025 (34 tỉnh)"


@pytest.fixture(params=[1280, 390], ids=lambda w: f"{w}px")
def walker(request, browser):
    """A page in a fresh context at the parametrised width (390: a phone)."""
    width = request.param
    if width < 500:
        ctx = browser.new_context(viewport={"width": width, "height": 844}, user_agent=PHONE_UA,
                                  is_mobile=True, has_touch=True)
    else:
        ctx = browser.new_context(viewport={"width": width, "height": 900})
    try:
        yield ctx.new_page()
    finally:
        ctx.close()


def _query(page) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(page.url).query).items()}


def _phone(page) -> bool:
    return page.viewport_size["width"] < 500


def _hit(loc) -> None:
    """A tap on a phone, a click on a desktop."""
    if _phone(loc.page):
        loc.tap()
    else:
        loc.click()


def _go(page, name: str) -> None:
    """Another page from the sidebar (opened first on a phone, where it starts closed)."""
    side = page.get_by_test_id("stSidebar")
    box = side.bounding_box()
    if box is None or box["x"] + box["width"] <= 1:
        _hit(page.get_by_test_id("stExpandSidebarButton"))
        page.wait_for_function("() => document.querySelector(\"[data-testid='stSidebar']\")"
                               ".getBoundingClientRect().left >= 0", timeout=T)
    _hit(side.get_by_test_id("stSidebarNav").get_by_role("link", name=name, exact=True))
    expect(page.locator("h1").filter(has_text=name)).to_be_visible(timeout=T)
    idle(page)
    if _phone(page):      # the sidebar closes itself after a page is chosen on a phone
        page.wait_for_function("() => document.querySelector(\"[data-testid='stSidebar']\")"
                               ".getBoundingClientRect().right <= 1", timeout=T)


def _open(combo) -> None:
    """Open a picker's list. Below the fold the list opened and closed again at once (React Aria
    closes a popover when the page scrolls, and the click's own scrolling had not settled), so
    scroll first and open again if it did not stay open."""
    combo.scroll_into_view_if_needed()
    for _ in range(3):
        _hit(combo)
        try:
            expect(combo).to_have_attribute("aria-expanded", "true", timeout=2_000)
            return
        except AssertionError:
            continue
    expect(combo).to_have_attribute("aria-expanded", "true", timeout=1)


def _choose(page, label: str, option: str) -> None:
    """An option of a short list (no typing)."""
    _open(page.get_by_role("combobox", name=label, exact=True))
    _hit(page.get_by_role("option", name=option, exact=True))
    idle(page)


def _type(page, combo, text: str) -> list[str]:
    """Type into a picker; the options it then offers, in order."""
    _open(combo)
    page.keyboard.type(text)
    options = page.get_by_role("option")
    options.first.wait_for(timeout=T)
    page.wait_for_timeout(300)          # the list filters as the letters arrive
    return options.all_inner_texts()


def _pick(page, combo, text: str, option: str) -> list[str]:
    offered = _type(page, combo, text)
    _hit(page.get_by_role("option").filter(has_text=option).first)
    idle(page)
    return offered


def _legends_inside(page) -> None:
    """Every legend label of every chart ends inside its chart's box (a chart's <svg> clips what
    sticks out, so the page-wide overflow check cannot see a cut label)."""
    got = page.evaluate("""() => [...document.querySelectorAll('.vega-embed')].flatMap(e => {
        const box = e.getBoundingClientRect();
        return [...e.querySelectorAll('.role-legend-label text')].map(t => ({
            text: t.textContent, right: t.getBoundingClientRect().right, edge: box.right}));
    })""")
    assert got and all(g["right"] <= g["edge"] + 0.5 for g in got), got


def _step(page, official: str, name: str) -> None:
    """After each step: no exception box, nothing wider than the screen, and (DOISANH_WALK_SHOTS=1)
    a screenshot of the whole page (the window made as tall as the content, then set back)."""
    no_exception(page)
    width = page.viewport_size["width"]
    got = page.evaluate(OVERFLOW_JS, width)
    assert got["docScroll"] <= width and got["mainScroll"] <= width and not got["offenders"], (name, got)
    if not SHOTS:
        return
    OUT.mkdir(exist_ok=True)
    size = page.viewport_size
    tall = page.evaluate("() => document.querySelector(\"[data-testid='stMainBlockContainer']\").scrollHeight")
    page.set_viewport_size({"width": width, "height": max(size["height"], min(int(tall) + 120, 7000))})
    page.wait_for_timeout(400)          # charts with the container's width draw again
    page.screenshot(path=str(OUT / f"walk-{official}-{width}-{name}.png"))
    page.set_viewport_size(size)


def _heading(page) -> list[str]:
    return page.locator("[data-testid='stHeading']").all_inner_texts()


def _chart_marks(page) -> list[tuple[str, str]]:
    """(label, outline colour) of each dot of the ranking chart, as Vega names them for screen
    readers ('Điểm: 63,57; label: 4. Bình Dương; …')."""
    return page.evaluate("""() => [...document.querySelectorAll(
            ".vega-embed svg.marks .mark-symbol.role-mark path")]
        .map(p => [((p.getAttribute('aria-label') || '').match(/label: ([^;]+)/) || [])[1] || '',
                   p.getAttribute('stroke') || ''])""")


def _marked_alone(marks: list[tuple[str, str]], label: str) -> None:
    """The dot of `label` is outlined in a colour no other dot has."""
    mine = [stroke for lab, stroke in marks if lab == label]
    others = {stroke for lab, stroke in marks if lab != label}
    assert len(mine) == 1 and mine[0] not in others, (label, marks)


def _grid_cells(page) -> list[str]:
    """The cells of every data frame on the page (the grid's accessible table; the grid itself is
    drawn on a canvas)."""
    return page.evaluate("""() => [...document.querySelectorAll(
            "[data-testid='stDataFrame'] [role=gridcell], [data-testid='stDataFrame'] [role=columnheader]")]
        .map(e => e.textContent.trim())""")


# --------------------------------------------------------------------------- province official

def test_province_official_walks_from_profile_to_the_2025_successor(server, walker):
    page, who = walker, "province"
    width = page.viewport_size["width"]
    page.goto(server + "/")
    page.wait_for_selector("[data-testid='stSelectbox']", timeout=T)
    idle(page)
    dismiss_first_load_dialog(page)

    # 1. profile: Bình Dương found without accents; PCI 2016 (published for all 63)
    offered = _pick(page, page.get_by_role("combobox", name=UNIT_PICKER), "binh duong", "Tỉnh Bình Dương")
    assert offered[0].startswith("Tỉnh Bình Dương"), offered
    _choose(page, "Chỉ số", "PCI")
    _choose(page, "Năm", "2016")
    shows(page, "Tỉnh Bình Dương · 74", "PCI 2016 · Công bố")
    assert metric(page, "Điểm") == "63,57" and metric(page, "Hạng") == "4/63"
    q = _query(page)
    assert (q["unit"], q["index"], q["year"]) == ("74", "pci", "2016") and "illustrative" not in q, page.url
    _step(page, who, "1-profile")

    # 2. compare: two peers typed without accents; "my unit" stays Bình Dương
    _go(page, "So sánh")
    box = page.get_by_role("combobox", name="Các đơn vị so sánh (tối đa 8)")
    for typed, name in (("dong nai", "Tỉnh Đồng Nai"), ("long an", "Tỉnh Long An")):
        offered = _pick(page, box, typed, name)
        assert offered[0].startswith(name), (typed, offered)
        page.keyboard.press("Escape")
        idle(page)
    shows(page, "Bảng so sánh", "Đơn vị của tôi: Tỉnh Bình Dương")
    assert {"Bình Dương (74)", "Đồng Nai (75)", "Long An (80)"} <= set(
        page.locator("[data-testid='stHtml'] th").all_inner_texts()), page.url
    q = _query(page)
    assert q["unit"] == "74" and q["compare"] == "74,75,80", page.url
    _step(page, who, "2-compare")

    _go(page, "Đơn vị của tôi")
    shows(page, "Tỉnh Bình Dương · 74", "PCI 2016")
    assert metric(page, "Điểm") == "63,57" and _query(page)["unit"] == "74", page.url
    assert not any("Long An" in h or "Đồng Nai" in h for h in _heading(page))

    # 3. what-if: a target of rank 3 (Đồng Tháp's 64,96) needs 1,38 points more
    _go(page, "Mục tiêu và giả định")
    page.wait_for_selector("[data-testid='stSlider']", timeout=T)
    _choose(page, "Loại mục tiêu", "Đạt hạng (hoặc cao hơn)")
    target = page.get_by_role("spinbutton", name="Giá trị mục tiêu")
    target.fill("3")
    target.press("Enter")
    page.wait_for_url(re.compile(r"target=rank(%3A|:)3"), timeout=T)
    need = "Cần tăng tối thiểu 1,38 điểm tổng (từ 63,57 lên 64,96)."
    # the plan's +0,70 on a component at weight 2 is +1,40 of the total: the page says so
    shows(page, need, "Kế hoạch", "Dịch vụ hỗ trợ doanh nghiệp +0,70 → tổng +1,40")
    gain = page.locator("[data-testid='stAlert']").filter(has_text=need)
    gain.scroll_into_view_if_needed()
    expect(gain).to_be_in_viewport(ratio=1)
    box_ = gain.bounding_box()
    assert box_["x"] >= 0 and box_["x"] + box_["width"] <= width, box_   # no scrolling sideways to read it
    if width <= 640:    # a phone: the plan's narrow view, every gain inside the screen, no grid
        got = pair_state(page, "plan")
        assert_fits(got, width)
        header, *rows = got["rows"]
        assert [c["text"] for c in header][:2] == ["Thành phần", "Cần tăng"], header
        assert rows and all(re.fullmatch(r"\+?\d+,\d\d", r[1]["text"]) for r in rows), rows
    else:               # a screen: the whole plan in the grid, with its column of gains
        grid = page.locator(".st-key-wide-plan [data-testid='stDataFrame']")
        grid.scroll_into_view_if_needed()
        expect(grid.locator("[role=columnheader]").filter(has_text="Cần tăng")).to_have_count(1, timeout=T)
        assert not pair_state(page, "plan")["narrow"]
    assert _query(page)["unit"] == "74"
    _step(page, who, "3-whatif")

    # 4. ranking: Bình Dương's row named, flagged and outlined in the chart
    _go(page, "Xếp hạng")
    page.wait_for_selector(".vega-embed svg.marks .mark-symbol", timeout=T)
    shows(page, "Đơn vị đang chọn: Bình Dương — hạng 4/63, 63,57 điểm",
          "Đơn vị đang chọn trong bảng xếp hạng")
    assert "4/63 ◀" in _grid_cells(page)
    _marked_alone(_chart_marks(page), "4. Bình Dương")
    _step(page, who, "4-ranking")

    # 5. map: both archipelagos labelled inside the map; legend numbers written as numbers
    _go(page, "Bản đồ")
    page.wait_for_selector(DRAWN, timeout=T)
    shows(page, "gồm quần đảo Hoàng Sa và Trường Sa", "Đơn vị đang chọn: Tỉnh Bình Dương · 74")
    page.locator(".vega-embed").first.scroll_into_view_if_needed()
    _labels_inside(page)
    legend = page.evaluate("() => [...document.querySelectorAll('.vega-embed .role-legend-label text')]"
                           ".map(t => t.textContent)")
    assert legend and all(re.fullmatch(r"\d+(,\d+)?", x) for x in legend), legend   # not '5e+1'
    _step(page, who, "5-map")

    # 6. after 1/7/2025: Bình Dương leads to Thành phố Hồ Chí Minh
    _go(page, "Đơn vị của tôi")
    _choose(page, "Giai đoạn", POST2025)
    text = shows(page, "Bình Dương (trước 7/2025) → Từ 7/2025 (34 tỉnh)", "hợp nhất vào Hồ Chí Minh (từ 7/2025)")
    assert "Bà Rịa - Vũng Tàu" in text
    q = _query(page)
    assert q.get("era") == "post2025" and q.get("unit") == "79", page.url    # one successor: followed
    # the figures of both eras: Bình Dương's own latest PCI (2022, published), not the level's 2024
    # (the grid's accessible cells are those drawn: at 390 px the first columns, name, score, rank)
    cells = _grid_cells(page)
    assert {"Bình Dương", "65,13", "36/63"} <= set(cells), cells
    if width > 640:
        assert {"2022", "Công bố"} <= set(cells), cells
    buttons = page.locator("[data-testid='stButton']").all_inner_texts()
    assert any(b.strip().endswith("Thành phố Hồ Chí Minh") for b in buttons), buttons   # not '… · tỉnh'
    _step(page, who, "6-post2025")
    _hit(page.get_by_role("button").filter(has_text="Hồ Chí Minh"))
    page.wait_for_url(lambda url: "era=post2025" in url and "unit=79" in url, timeout=T)
    shows(page, "Thành phố Hồ Chí Minh · 79")
    assert any(h.startswith("Thành phố Hồ Chí Minh") for h in _heading(page)), _heading(page)
    _choose(page, "Chỉ số", "Bộ chỉ số 766")      # PCI has no published figure after 2025; 766 of 2026 has
    shows(page, "Bộ chỉ số 766 2026 · Công bố")
    assert metric(page, "Điểm") == "63,18"
    assert _query(page)["unit"] == "79" and "illustrative" not in _query(page), page.url
    _step(page, who, "7-successor")


# --------------------------------------------------------------------------- district official

def test_district_official_walks_from_profile_to_the_new_communes(server, walker):
    page, who = walker, "district"
    page.goto(server + "/")
    page.wait_for_selector("[data-testid='stSelectbox']", timeout=T)
    idle(page)
    dismiss_first_load_dialog(page)

    # 1. profile at district level: Thanh Bình's one published figure, PAR 2023
    offered = _pick(page, page.get_by_role("combobox", name=UNIT_PICKER), "thanh binh",
                    "Huyện Thanh Bình — Đồng Tháp")
    assert offered[0].startswith("Huyện Thanh Bình — Đồng Tháp"), offered
    page.wait_for_selector("[data-testid='stMetric']", timeout=T)
    shows(page, "Huyện Thanh Bình — Đồng Tháp · 874", "Chỉ số CCHC 2023 · Công bố",
          "So với các đơn vị cấp huyện của Đồng Tháp")
    assert metric(page, "Điểm") == "80,37"
    q = _query(page)
    assert (q["unit"], q["level"]) == ("874", "district") and "illustrative" not in q, page.url
    _step(page, who, "1-profile")

    # 2. ranking: opens on Đồng Tháp, where one district is published; the page's button turns on
    # the illustrative mode to see all twelve
    _go(page, "Xếp hạng")
    shows(page, "Mới có 1 trên 696 đơn vị")
    assert _query(page).get("province") == "87", page.url
    _hit(page.get_by_role("button", name=re.compile("Bật dữ liệu minh họa")))
    page.wait_for_url(re.compile(r"illustrative=1"), timeout=T)
    page.wait_for_selector(".vega-embed svg.marks .mark-symbol", timeout=T)
    shows(page, "Đồng Tháp: 12 đơn vị có số liệu", "MINH HỌA")

    # 3. the whole country, typed without accents, then back to Đồng Tháp by typing "dong thap"
    province = page.get_by_role("combobox", name="Trong tỉnh/thành phố", exact=True)
    _pick(page, province, "ca nuoc", "Cả nước")
    shows(page, "Cả nước: 696 đơn vị có số liệu")
    assert "province" not in _query(page), page.url
    offered = _pick(page, province, "dong thap", "Đồng Tháp")
    assert offered[0].startswith("Đồng Tháp"), offered
    page.wait_for_url(re.compile(r"province=87"), timeout=T)
    text = shows(page, "Đồng Tháp: 12 đơn vị có số liệu", "Đơn vị đang chọn: Thanh Bình — hạng ")
    # the mode switch relabels the year list ('2023 · 1/696' → '2023'): the province change
    # above kept the year (it moved to the newest, 2024, when the browser kept the old label)
    assert _query(page).get("year") == "2023", page.url
    rank = re.search(r"Đơn vị đang chọn: Thanh Bình — hạng (\d+)/12", text).group(1)

    # 4. the namesakes named with their type in the chart; Thanh Bình outlined and flagged
    labels = [lab for lab, _ in _chart_marks(page)]
    for name in ("Cao Lãnh (thành phố, Đồng Tháp)", "Cao Lãnh (huyện, Đồng Tháp)",
                 "Hồng Ngự (thành phố, Đồng Tháp)", "Hồng Ngự (huyện, Đồng Tháp)"):
        assert any(re.fullmatch(r"\d+\. " + re.escape(name), lab) for lab in labels), (name, labels)
    assert not any(re.fullmatch(r"\d+\. (Cao Lãnh|Hồng Ngự)", lab) for lab in labels), labels
    assert len(labels) == 12, labels
    _marked_alone(_chart_marks(page), f"{rank}. Thanh Bình")
    cells = _grid_cells(page)
    assert f"{rank}/12 ◀" in cells
    assert {"Cao Lãnh (thành phố, Đồng Tháp)", "Cao Lãnh (huyện, Đồng Tháp)"} <= set(cells)   # the table too
    assert "Cao Lãnh" not in cells
    _legends_inside(page)       # 'Công bố' and 'Minh họa' both whole ('Minh họ' at 390 px)
    _step(page, who, "2-ranking")

    # 5. map: its province filter finds Đồng Tháp too; the district's dot among Đồng Tháp's twelve
    _go(page, "Bản đồ")
    page.wait_for_selector(DRAWN, timeout=T)
    offered = _pick(page, page.get_by_role("combobox", name="Trong tỉnh/thành phố", exact=True),
                    "dong thap", "Đồng Tháp")
    assert offered[0].startswith("Đồng Tháp"), offered
    shows(page, "Đồng Tháp: 12 chấm tại tâm đơn vị", "Đơn vị đang chọn: Huyện Thanh Bình — Đồng Tháp · 874")
    _step(page, who, "3-map")

    # 6. after 1/7/2025: no district any more; its five new communes, a button each
    _go(page, "Đơn vị của tôi")
    _choose(page, "Giai đoạn", POST2025)
    communes = ["An Long (xã, Đồng Tháp)", "Thanh Bình (xã, Đồng Tháp)", "Tân Long (xã, Đồng Tháp)",
                "Tân Thạnh (xã, Đồng Tháp)", "Bình Thành (xã, Đồng Tháp)"]
    shows(page, "không còn từ 1/7/2025", "nay thuộc 5 đơn vị cấp xã mới", *communes)
    buttons = page.locator("[data-testid='stButton']").all_inner_texts()
    for name in communes:
        assert any(name in b for b in buttons), (name, buttons)
    assert "unit" not in _query(page), page.url          # several successors: none chosen for the official
    _step(page, who, "4-post2025")

    # 7. a click chooses the commune Thanh Bình: its profile, in the link
    _hit(page.get_by_role("button").filter(has_text="Thanh Bình (xã, Đồng Tháp)"))
    page.wait_for_url(re.compile(r"unit=30130"), timeout=T)
    page.wait_for_selector("[data-testid='stMetric']", timeout=T)
    shows(page, "Xã Thanh Bình — Đồng Tháp · 30130", "So với các đơn vị cấp xã của Đồng Tháp")
    assert any(h.startswith("Xã Thanh Bình") for h in _heading(page)), _heading(page)
    q = _query(page)
    assert (q["era"], q["level"], q["unit"]) == ("post2025", "commune", "30130"), page.url
    assert re.fullmatch(r"\d+/102", metric(page, "Hạng")), metric(page, "Hạng")   # among Đồng Tháp's communes
    _step(page, who, "5-commune")

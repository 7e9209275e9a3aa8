"""The narrow views of ui/narrow.py: the columns asked for, in their order, every text escaped;
the compare table turned to a row per unit (total and rank, in the chosen order, best and
lowest marked); and the style rule that shows one half of a pair at a time."""
from __future__ import annotations

import polars as pl
import pytest

from doisanh import views
from tests.test_highlight import HOSTILE, _parse
from ui import narrow


def _texts(fragment: str) -> list[list[str]]:
    return [[text for _, text, _ in r] for r in _parse(fragment).rows]


def columns_html(df, columns, lang, rows=None) -> str:
    return narrow.view_html(narrow.columns_view(df, columns, lang, rows))


def compare_html(display, numeric, lang) -> str | None:
    view = narrow.compare_view(display, numeric, lang)
    return None if view is None else narrow.view_html(view)


PLAN = pl.DataFrame({"Thành phần": ["Chi phí gia nhập thị trường", "Dịch vụ hỗ trợ doanh nghiệp"],
                     "Điểm": ["8,25", "5,57"], "Cần tăng": ["0,00", "+0,70"],
                     "Điểm mới": ["8,25", "6,27"], "Tối đa": ["10,00", "10,00"]})


def test_plan_keeps_the_component_its_gain_and_its_new_score_in_that_order():
    got = columns_html(PLAN, ("Thành phần", "Cần tăng", "Điểm mới"), "vi")
    assert _texts(got) == [["Thành phần", "Cần tăng", "Điểm mới"],
                           ["Chi phí gia nhập thị trường", "0,00", "8,25"],
                           ["Dịch vụ hỗ trợ doanh nghiệp", "+0,70", "6,27"]]
    kinds = [[kind for kind, _, _ in r] for r in _parse(got).rows[1:]]
    assert kinds == [["th", "td", "td"]] * 2          # the component labels its row and wraps
    assert "10,00" not in got                         # the other columns stay in the full table
    assert "xoay ngang" in got
    other = columns_html(PLAN, ("Điểm mới", "Thành phần"), "en")
    assert _texts(other)[0] == ["Điểm mới", "Thành phần"]
    assert "turn the phone sideways" in other


def test_a_long_table_is_cut_with_a_line_saying_so_in_the_pages_language():
    df = pl.DataFrame({"Nội dung": [f"vấn đề {i}" for i in range(1203)], "Dòng": list(range(1203))})
    got = columns_html(df, ("Nội dung", "Dòng"), "vi", 1000)
    rows = _texts(got)
    assert len(rows) == 1 + 1000 and rows[-1] == ["vấn đề 999", "999"]
    assert "1.000 dòng đầu trên tổng số 1.203" in got
    assert "1.000" not in columns_html(df.head(5), ("Nội dung", "Dòng"), "vi", 1000)


def test_hostile_headers_and_cells_stay_text():
    df = pl.DataFrame({h: HOSTILE for h in HOSTILE[:3]})
    got = columns_html(df, tuple(HOSTILE[:3]), "vi")
    parsed = _parse(got)
    assert set(parsed.tags) <= {"div", "table", "thead", "tbody", "tr", "th", "td", "p"}
    assert {name for name, _ in parsed.attrs} <= {"style", "scope", "title"}
    assert _texts(got) == [HOSTILE[:3], *([h] * 3 for h in HOSTILE)]


def _cmp(units: list[tuple[str, str, float, int]], codes: tuple[str, ...]) -> pl.DataFrame:
    """The compare query's rows for `units` (code, name, total, rank), two components each."""
    rows = [dict(ord=o, component=c, component_vi=vi, component_en=c, kind=k, max_value=m, unit_code=code,
                 name_vi=name, name_en=name, value=v if c == "total" else v / 10, is_illustrative=False,
                 rank_in_level=rank, n_in_level=63)
            for o, c, vi, k, m in ((0, "total", "Tổng điểm", "total", 100.0), (1, "a", "Một", "part", 10.0))
            for code, name, v, rank in units]
    return views.compare_in_order(pl.DataFrame(rows), codes)


UNITS = [("74", "Bình Dương", 63.57, 4), ("75", "Đồng Nai", 58.20, 34), ("79", "Hồ Chí Minh", 61.72, 8)]


def test_compare_keys_give_a_row_per_unit_with_its_total_and_rank_in_the_chosen_order():
    display, numeric = views.compare_pivot(_cmp(UNITS, ("75", "74", "79")), "vi", 2)
    got = compare_html(display, numeric, "vi")
    assert _texts(got) == [["Đơn vị", "Tổng điểm (/100,00)", "Hạng trong cả cấp"],
                           ["Đồng Nai (75)", "58,20", "34/63"],
                           ["Bình Dương (74)", "63,57", "4/63"],
                           ["Hồ Chí Minh (79)", "61,72", "8/63"]]
    cells = _parse(got).rows
    assert [c[2].get("title") for c in cells[2][1:]] == ["Cao nhất trong các đơn vị được chọn"] * 2
    assert [c[2].get("title") for c in cells[1][1:]] == ["Thấp nhất trong các đơn vị được chọn"] * 2
    assert all("title" not in c[2] for c in cells[3])
    en = compare_html(*views.compare_pivot(_cmp(UNITS, ("74", "75", "79")), "en", 2), "en")
    assert _texts(en)[0] == ["Unit", "total (/100.00)", "Rank in the level"]
    assert [r[0] for r in _texts(en)[1:]] == ["Bình Dương (74)", "Đồng Nai (75)", "Hồ Chí Minh (79)"]


def test_compare_keys_escape_unit_names():
    units = [("01", HOSTILE[0], 70.0, 1), ("02", HOSTILE[1], 60.0, 2)]
    got = compare_html(*views.compare_pivot(_cmp(units, ("01", "02")), "vi", 2), "vi")
    assert [r[0] for r in _texts(got)[1:]] == [HOSTILE[0] + " (01)", HOSTILE[1] + " (02)"]
    assert set(_parse(got).tags) <= {"div", "table", "thead", "tbody", "tr", "th", "td", "p"}


def test_compare_without_a_rank_row_has_no_narrow_view():
    display = pl.DataFrame({"Thành phần": ["Một (/10,00)"], "A (01)": ["5,00"], "B (02)": ["6,00"]})
    numeric = pl.DataFrame({"Thành phần": ["Một (/10,00)"], "A (01)": [5.0], "B (02)": [6.0]})
    assert compare_html(display, numeric, "vi") is None


def test_style_hides_the_wide_half_up_to_the_breakpoint_and_the_narrow_half_beyond():
    rule = narrow.style_rule()
    narrow_rule, wide_rule = rule.removeprefix("<style>").removesuffix("</style>").split("}@media")
    assert narrow_rule.startswith(f"@media (max-width: {narrow.BREAKPOINT}px)")
    assert f"st-key-{narrow.WIDE}" in narrow_rule and f"st-key-{narrow.NARROW}" not in narrow_rule
    assert wide_rule.startswith(f" not all and (max-width: {narrow.BREAKPOINT}px)")
    assert f"st-key-{narrow.NARROW}" in wide_rule and f"st-key-{narrow.WIDE}" not in wide_rule
    assert rule.count("display: none !important") == 2 and rule.count("<") == 2
    assert not (narrow.NARROW.startswith(narrow.WIDE) or narrow.WIDE.startswith(narrow.NARROW))


# ---------------------------------------------------------------- the pairs on their pages (AppTest)

def block(at, key: str):
    """The keyed container `key` of an AppTest run (Streamlit's tree keeps a container's key)."""
    todo = [at.main]
    while todo:
        node = todo.pop()
        if getattr(node, "type", None) == "flex_container" and getattr(node, "key", None) == key:
            return node
        todo.extend(getattr(node, "children", {}).values())
    raise AssertionError(f"no container {key!r} on the page")


def _only(node, kind: str):
    [element] = node.get(kind)
    return element


def test_whatif_plan_is_shown_twice_with_the_same_gains(app):
    """The what-if page's plan: its full table in the wide half, the component, gain and new
    score of every row in the narrow half."""
    app.query_params.update(unit="02", index="par", year="2020", target="rank:1", illustrative="1")
    app.switch_page("pages/whatif.py").run()
    assert not app.exception
    full = _only(block(app, narrow.WIDE + "plan"), "dataframe").value
    rows = _texts(_only(block(app, narrow.NARROW + "plan"), "html").value)
    assert rows[0] == ["Thành phần", "Cần tăng", "Điểm mới"]
    assert rows[1:] == [[r["Thành phần"], r["Cần tăng"].strip(), r["Điểm mới"].strip()]
                        for r in full.to_dict("records")]
    assert any(gain == "+4,50" for _, gain, _ in rows[1:])


def test_compare_page_turns_the_table_to_a_row_per_unit_on_a_phone(app):
    app.query_params.update({"compare": "08,01,02", "index": "par", "year": "2020", "lang": "en"})
    app.switch_page("pages/compare.py").run()
    assert not app.exception
    rows = _texts(_only(block(app, narrow.NARROW + "compare"), "html").value)
    assert rows == [["Unit", rows[0][1], "Rank in the level"],
                    ["Tám (08)", "75.25", "5/5"], ["Một (01)", "90.00", "1/5"], ["Hai (02)", "85.50", "2/5"]]
    full = _texts(_only(block(app, narrow.WIDE + "compare"), "html").value)
    assert full[0][1:] == ["Tám (08)", "Một (01)", "Hai (02)"]


def test_whatif_targets_results_show_the_indicator_its_result_and_margin_on_a_phone(app):
    """The results under the targets editor (an indicator typed in: escaped like every text)."""
    app.query_params.update(unit="02", index="par", year="2020", illustrative="1")
    app.switch_page("pages/whatif.py").run()
    app.session_state["w_targets_02"] = {"edited_rows": {0: {"Chỉ tiêu": HOSTILE[0], "Thực hiện": 97.5,
                                                             "Chỉ tiêu giao": 98.0}},
                                         "added_rows": [], "deleted_rows": []}
    app.run()
    assert not app.exception
    full = _only(block(app, narrow.WIDE + "targets"), "dataframe").value
    assert list(full.columns) == ["Chỉ tiêu", "Thực hiện", "Chỉ tiêu giao", "Kết quả", "Chênh lệch"]
    got = _only(block(app, narrow.NARROW + "targets"), "html").value
    assert _texts(got) == [["Chỉ tiêu", "Kết quả", "Chênh lệch"], [HOSTILE[0], "❌ Chưa đạt", "-0,50"]]
    assert "<script>" not in got


@pytest.mark.parametrize("page,has_pairs", [("pages/whatif.py", True), ("pages/compare.py", True),
                                            ("pages/importer.py", True), ("pages/profile.py", False),
                                            ("pages/ranking.py", False), ("pages/map.py", False)])
def test_only_pages_with_pairs_send_the_breakpoint_rule(app, page, has_pairs):
    """One element more on every page put the profile's rerun past one of Streamlit's flush
    cycles (README, Benchmark): the rule goes only where a pair is, once."""
    app.query_params.update(unit="02", index="par", year="2020", compare="01,02", illustrative="1")
    app.switch_page(page).run()
    assert not app.exception
    rules = [h for h in app.get("html") if h.value == narrow.style_rule()]
    assert len(rules) == (1 if has_pairs else 0)

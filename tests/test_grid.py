"""Formatted numbers in the data grid sort as numbers (doisanh.grid): which columns are numbers,
how they are padded, and — in Chromium, whose `localeCompare` the grid uses to sort text — that
the padded cells come out in numeric order in a Vietnamese and an English browser."""
from __future__ import annotations

import polars as pl
import pytest

from doisanh import fmt, grid

SCORES = [100.0, 99.82, 9.5, 10.2, 79.92, None, 1234.5]
RANKS = [(1, 696), (2, 696), (10, 696), (100, 696), (696, 696)]


def _frame(lang: str) -> pl.DataFrame:
    return pl.DataFrame({
        "Tên": ["Ia Pa", "Bù Đốp", "Hà Nội", "Gia Lộc", "Long An", "Cù Lao Dung", "Thanh Oai"],
        "Mã": ["01", "02", "10", "25747", "79", "96", "48"],
        "Điểm": [fmt.num(v, 2, lang) for v in SCORES],
        "Hạng": [fmt.rank(r, n) for r, n in RANKS] + ["3/696" + grid.MARK, "11/696"],
        "So với trung vị": [fmt.num(v, 2, lang, sign=True) for v in (1.2, -4.76, 0.0, 3.0, -10.0, 2.0, 1.0)],
        "Hạng công bố": ["1", "", "", "12", "", "", "3"],
        "Số": [1, 2, 3, 4, 5, 6, 7],
    })


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_number_columns_are_the_unsigned_formatted_numbers(lang):
    df = _frame(lang)
    assert grid.number_columns(df) == ("Điểm", "Hạng", "Hạng công bố")   # not names, codes, signs


def test_padding_gives_one_width_keeps_the_mark_and_the_values():
    df, _ = grid.sortable(_frame("vi"))
    for c in grid.number_columns(_frame("vi")):
        bodies = [v.removesuffix(grid.MARK) for v in df[c].to_list()]
        assert len({len(b) for b in bodies}) == 1, (c, bodies)
        assert [b.strip() for b in bodies] == [v.removesuffix(grid.MARK) if v else ""
                                              for v in _frame("vi")[c].fill_null("").to_list()]
    assert df["Hạng"][5] == "  3/696" + grid.MARK
    assert df["Mã"].to_list() == _frame("vi")["Mã"].to_list()          # codes untouched


def test_nothing_to_pad_leaves_the_frame_as_it_is():
    df = pl.DataFrame({"Tên": ["a", "b"], "Mã": ["01", "02"]})
    out, cols = grid.sortable(df)
    assert cols == () and out.equals(df)


@pytest.mark.browser
@pytest.mark.parametrize("locale", ["vi-VN", "en-US"])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_padded_cells_sort_as_numbers_in_the_browser(browser, locale, lang):
    df, _ = grid.sortable(_frame(lang))
    page = browser.new_context(locale=locale).new_page()
    try:
        for col, key in (("Điểm", SCORES), ("Hạng", [r for r, _ in RANKS] + [3, 11])):
            cells = df[col].to_list()
            order = page.evaluate("cells => cells.map((c, i) => [c, i])"
                                  ".sort((a, b) => a[0].localeCompare(b[0])).map(p => p[1])", cells)
            got = [key[i] for i in order]
            assert got == sorted(key, key=lambda v: (v is not None, v)), (col, [cells[i] for i in order])
    finally:
        page.context.close()


def test_a_text_column_whose_long_cells_come_later_gets_a_width():
    """The grid sizes a column to its header and first rows: the rating of a ranking is "Tốt" at
    the top and "Trung bình" further down, which it cut to "Trung bìn"."""
    df = pl.DataFrame({"Xếp loại": ["Tốt"] * 12 + ["Trung bình"] * 5, "Tên": ["Thành phố Hồ Chí Minh"] * 17,
                       "Mã": ["01"] * 17})
    w = grid.widths(df)
    assert set(w) == {"Xếp loại"}                       # names long from the first row; codes short
    assert w["Xếp loại"] >= 8 * len("Trung bình")
    assert grid.widths(df.head(10)) == {}               # all rows visible in the first ten: no need


def test_signed_number_columns_are_right_aligned_but_not_padded():
    df, right = grid.sortable(_frame("vi"))
    assert right == ("Điểm", "Hạng", "Hạng công bố", "So với trung vị")
    assert df["So với trung vị"].to_list() == _frame("vi")["So với trung vị"].to_list()


def test_a_code_column_without_leading_zeros_stays_text():
    df = pl.DataFrame({"Mã": ["635", "945", "278"], "Điểm": ["99,82", "99,67", "9,50"]})
    assert grid.number_columns(df) == ("Điểm",)

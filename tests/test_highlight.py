"""Compare table: the best unit of each row green, the lowest red (ranks are stored negated, so
the best is always the largest), nothing for ties or fewer than two values; and the HTML it is
shown as — every header and cell escaped, whatever a name contains."""
from __future__ import annotations

from html.parser import HTMLParser

import polars as pl

from doisanh.tables import BEST as B
from doisanh.tables import LOWEST as L
from doisanh.tables import marked_table, marks

TITLES = {B: "Cao nhất", L: "Thấp nhất"}


def test_best_and_lowest_per_row():
    numeric = pl.DataFrame({
        "row": ["total", "rank", "one value", "all equal", "tie for best"],
        "a": [71.2, -3.0, None, 2.0, 9.0],
        "b": [80.1, -1.0, 5.0, 2.0, 9.0],
        "c": [64.0, -2.0, None, 2.0, 1.0],
    }, strict=False)
    assert marks(numeric) == [
        ["", "", B, L],
        ["", L, B, ""],
        ["", "", "", ""],
        ["", "", "", ""],
        ["", B, B, L],
    ]


def test_no_units_gives_no_marks():
    assert marks(pl.DataFrame({"row": ["total"]})) == [[""]]


class _Cells(HTMLParser):
    """Tags, attributes and text of a fragment, as a browser's parser sees them."""

    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.rows: list[list[tuple[str, str, dict]]] = []
        self._cell = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th"):
            self._cell = (tag, [], dict(attrs))

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell:
            kind, text, attrs = self._cell
            self.rows[-1].append((kind, "".join(text), attrs))
            self._cell = None

    def handle_data(self, data):
        if self._cell:
            self._cell[1].append(data)


def _parse(fragment: str) -> _Cells:
    p = _Cells()
    p.feed(fragment)
    p.close()
    return p


def test_table_shows_every_cell_with_its_mark():
    display = pl.DataFrame({"Thành phần": ["Tổng", "Hạng"], "Một (01)": ["90,00", "1/5"],
                            "Hai (02)": ["85,50 *", "2/5"]})
    numeric = pl.DataFrame({"Thành phần": ["Tổng", "Hạng"], "Một (01)": [90.0, -1.0],
                            "Hai (02)": [85.5, -2.0]})
    got = _parse(marked_table(display, marks(numeric), titles=TITLES))
    assert [[text for _, text, _ in r] for r in got.rows] == [
        ["Thành phần", "Một (01)", "Hai (02)"], ["Tổng", "90,00", "85,50 *"], ["Hạng", "1/5", "2/5"]]
    best = got.rows[1][1][2]
    low = got.rows[1][2][2]
    assert best["title"] == "Cao nhất" and "#d8f0d8" in best["style"]
    assert low["title"] == "Thấp nhất" and "#f8d9d9" in low["style"]
    assert [kind for kind, _, _ in got.rows[1]] == ["th", "td", "td"]


HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "' onmouseover='x",
           "a & b </td></tr></table>", "<style>*{display:none}</style>"]


def test_hostile_names_and_values_stay_text():
    display = pl.DataFrame({"row": HOSTILE, **{h: HOSTILE for h in HOSTILE[:3]}})
    numeric = pl.DataFrame({"row": HOSTILE, **{h: [1.0, 2.0, 3.0, 4.0, 5.0] for h in HOSTILE[:3]}})
    got = _parse(marked_table(display, marks(numeric), titles={B: HOSTILE[1], L: HOSTILE[2]}))
    assert set(got.tags) <= {"div", "table", "thead", "tbody", "tr", "th", "td"}
    assert {name for name, _ in got.attrs} <= {"style", "scope", "title"}
    texts = [[text for _, text, _ in r] for r in got.rows]
    assert texts[0] == ["row", *HOSTILE[:3]]
    assert [r[0] for r in texts[1:]] == HOSTILE and all(r[1:] == [h] * 3 for r, h in zip(texts[1:], HOSTILE))
    assert {a["title"] for r in got.rows for _, _, a in r if "title" in a} <= {HOSTILE[1], HOSTILE[2]}


def test_compare_chart_lists_units_in_the_table_order():
    """Bars and legend follow the compare table's columns (the query's order, by unit code),
    not the alphabet: 'Hà Nội (01)' first although 'Bình Dương (74)' sorts before it."""
    from doisanh import charts, views
    rows = []
    for code, name in (("01", "Hà Nội"), ("48", "Đà Nẵng"), ("74", "Bình Dương")):
        for ord_, comp, kind, v in ((0, "total", "total", 80.0), (1, "a", "part", 8.0), (2, "b", "part", 6.0)):
            rows.append(dict(ord=ord_, component=comp, component_vi=comp, component_en=comp, kind=kind,
                             max_value=100.0 if kind == "total" else 10.0, unit_code=code, name_vi=name,
                             name_en=name, value=v, is_illustrative=False, rank_in_level=1, n_in_level=3))
    cmp = pl.DataFrame(rows)
    display, _ = views.compare_pivot(cmp, "vi", 2)
    columns = display.columns[1:]
    assert columns == ["Hà Nội (01)", "Đà Nẵng (48)", "Bình Dương (74)"]
    enc = charts.compare_bars(views.compare_bars(cmp, "vi", 2), unit_title="Đơn vị", axis_title="Tỷ lệ đạt",
                              value_title="Điểm", status_title="Nguồn gốc số liệu").to_dict()["spec"]["encoding"]
    assert enc["color"]["sort"] == columns          # the legend
    assert enc["y"]["sort"] == columns              # the bars of every panel


def test_compare_follows_the_order_the_units_were_chosen_in():
    """The query returns units by code; the table's columns and the chart's bars follow the
    order of the official's choice (their own unit first, if they picked it first)."""
    from doisanh import charts, views
    rows = [dict(ord=o, component=c, component_vi=c, component_en=c, kind=k, max_value=m, unit_code=code,
                 name_vi=name, name_en=name, value=v, is_illustrative=False, rank_in_level=1, n_in_level=3)
            for o, c, k, m, v in ((0, "total", "total", 100.0, 80.0), (1, "a", "part", 10.0, 8.0))
            for code, name in (("01", "Hà Nội"), ("48", "Đà Nẵng"), ("74", "Bình Dương"))]
    cmp = views.compare_in_order(pl.DataFrame(rows), ("74", "01", "48"))
    display, _ = views.compare_pivot(cmp, "vi", 2)
    assert display.columns[1:] == ["Bình Dương (74)", "Hà Nội (01)", "Đà Nẵng (48)"]
    enc = charts.compare_bars(views.compare_bars(cmp, "vi", 2), unit_title="Đơn vị", axis_title="Tỷ lệ đạt",
                              value_title="Điểm", status_title="Nguồn gốc số liệu").to_dict()["spec"]["encoding"]
    assert enc["color"]["sort"] == enc["y"]["sort"] == display.columns[1:]

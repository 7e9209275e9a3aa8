"""Exports: formula injection neutralised, files open, the briefing paragraph is the template's."""
from __future__ import annotations

import csv
import re
import io
from dataclasses import replace

import polars as pl
import pytest
from openpyxl import load_workbook

from doisanh import briefing, catalog, charts, export

HOSTILE = ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR", "\0NUL"]


@pytest.mark.parametrize("cell", HOSTILE)
def test_dangerous_cells_are_prefixed_in_csv_and_xlsx(cell):
    df = pl.DataFrame({"Tên": [cell, "Bình Dương"], "Điểm": [1.5, -2.0]})
    rows = list(csv.reader(io.StringIO(export.to_csv(df).decode("utf-8-sig"), newline="")))
    assert rows[1][0] == "'" + cell
    wb = load_workbook(io.BytesIO(export.to_xlsx(df)))
    ws = wb.active
    # XML cannot hold NUL and normalises CR: those arrive as U+FFFD / LF, still quoted
    stored = cell.replace("\0", "\ufffd").replace("\r", "\n")
    assert ws["A2"].value in ("'" + cell, "'" + stored)
    assert ws["A2"].data_type == "s"          # stored as text, not a formula
    assert ws["A3"].value == "Bình Dương"
    assert ws["B3"].value == -2.0             # numbers stay numbers


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_negative_numbers_stay_numbers_while_formulas_are_quoted_in_csv():
    """OWASP: quote a cell that starts = + - @ tab CR NUL only when it is not a number. A genuine
    negative figure as the page writes it ("-0,93") stays a number; "=1+1", a hyperlink formula,
    "-1+2" (no formatted number) and "-5 bậc" are quoted."""
    cells = ["-0,93", "=1+1", '=HYPERLINK("http://x","a")', "+1,5", "-1.234,5", "-1+2", "-5 bậc",
             "@SUM(1)", "+cmd|' /C calc'!A0"]
    rows = _csv_rows(export.to_csv(pl.DataFrame({"Ô": cells}), "vi"))
    got = [r[0] for r in rows[1:]]
    assert got[:2] == ["-0,93", "'=1+1"]
    assert got[2] == "'=HYPERLINK(\"http://x\",\"a\")"
    assert got[3:5] == ["+1,5", "-1.234,5"]                        # numbers, as written
    assert got[5:] == ["'" + c for c in cells[5:]]


@pytest.mark.parametrize(("lang", "number", "other_way"), [("vi", "-0,93", "-0.93"), ("en", "-0.93", "-0,93"),
                                                         ("en", "-1,234.5", "-1.234,5")])
def test_a_number_is_a_number_in_the_pages_language_only(lang, number, other_way):
    rows = _csv_rows(export.to_csv(pl.DataFrame({"x": [number, other_way]}), lang))
    assert [r[0] for r in rows[1:]] == [number, "'" + other_way]


def test_xlsx_text_cells_are_guarded_and_negative_numbers_are_numbers():
    """openpyxl reads the guarded cells back as strings (not formulas), the signed figures as
    numbers."""
    df = pl.DataFrame({"Tên": ["=1+1", '=HYPERLINK("http://x","a")', "-1+2"],
                       "Chênh lệch": ["-0,93", "+1,50", "-1.234,50"]})
    ws = load_workbook(io.BytesIO(export.to_xlsx(df, lang="vi"))).active
    names = [ws.cell(row=i, column=1) for i in (2, 3, 4)]
    assert [c.value for c in names] == ["'=1+1", "'=HYPERLINK(\"http://x\",\"a\")", "'-1+2"]
    assert all(c.data_type == "s" for c in names)
    assert [ws.cell(row=i, column=2).value for i in (2, 3, 4)] == [-0.93, 1.5, -1234.5]


def test_the_chosen_unit_mark_is_not_exported():
    """The ranking table flags the chosen unit "12/12 ◀" on screen (ui.tables.ranking_table); the
    files hold the rank only."""
    from doisanh import grid
    from ui import tables
    ranking = pl.DataFrame({
        "rank_in_peers": [1, 2], "n_units": [2, 2], "unit_code": ["01", "02"], "name_vi": ["A", "B"],
        "name_en": ["A", "B"], "value": [-0.5, -0.93], "is_illustrative": [False, False],
        "source_id": [None, None], "pub_source_id": [None, None], "rating_vi": [None, None],
        "rating_en": [None, None], "gap_to_leader": [0.0, 0.43], "gap_to_next_rank": [None, 0.43],
        "percentile": [100.0, 0.0], "published_rank": [None, None]})
    table = tables.ranking_table(ranking, "vi", 2, mark="02")
    assert table["Hạng"].to_list() == ["1/2", "2/2" + grid.MARK]       # the screen keeps it
    rows = _csv_rows(export.to_csv(table, "vi"))
    assert [r[0] for r in rows[1:]] == ["1/2", "2/2"] and "◀" not in export.to_csv(table, "vi").decode()
    assert [r[1] for r in rows[1:]] == ["-0,50", "-0,93"]              # negative scores unquoted
    ws = load_workbook(io.BytesIO(export.to_xlsx(table, lang="vi"))).active
    cells = [c.value for row in ws.iter_rows() for c in row]
    assert "2/2" in cells and not any("◀" in c for c in cells if isinstance(c, str))


def test_csv_has_bom_and_keeps_vietnamese():
    data = export.to_csv(pl.DataFrame({"x": ["Đắk Lắk"]}))
    assert data.startswith(b"\xef\xbb\xbf")
    assert "Đắk Lắk" in data.decode("utf-8-sig")


def test_header_cells_are_neutralised_too():
    wb = load_workbook(io.BytesIO(export.to_xlsx(pl.DataFrame({"=cmd": [1]}))))
    assert wb.active["A1"].value == "'=cmd"


def _chart():
    df = pl.DataFrame({"label": ["1. A", "2. B"], "value": [90.0, 85.5], "rank_in_peers": [1, 2],
                       "is_illustrative": [False, True], "unit_code": ["01", "02"],
                       "value_text": ["90,00", "85,50"]})
    return charts.ranking_bars(df, value_title="Điểm", status_title="S", published_label="Công bố",
                               illustrative_label="Minh họa")


def test_chart_exports_are_png_and_svg():
    spec = _chart().to_dict()
    assert export.chart_png(spec).startswith(b"\x89PNG")
    svg = export.chart_svg(spec)
    assert svg.lstrip().startswith(b"<svg") and "Minh họa".encode() in svg


def test_exported_charts_set_a_font_with_vietnamese_letters():
    """Every text of an exported chart asks for DejaVu Sans first: Vega's default sans-serif was
    Liberation Sans here, without "ộ", so labels like "Hà Nội" came out in a serif fallback."""
    import re
    svg = export.chart_svg(_chart().to_dict()).decode()
    families = set(re.findall(r'font-family="([^"]*)"', svg))
    assert families and all(f.startswith("DejaVu Sans") for f in families), families


BD = briefing.BriefingData(
    lang="vi", unit_name="Tỉnh Bình Dương", index=catalog.load()["par"], year=2020, value=86.93,
    rank=4, n=63, peer_phrase_vi="tỉnh, thành phố", peer_phrase_en="provinces",
    is_illustrative=False, prev_year=2019, prev_rank=17, prev_value=None, gap_to_leader=4.11,
    gap_to_next_rank=1.54, weakest_name="Tác động", weakest_gap=-3.09)


def test_briefing_paragraph_reads_like_the_review_reports():
    assert briefing.paragraph(BD) == (
        "Năm 2020, Chỉ số CCHC của Tỉnh Bình Dương đạt 86,93%, xếp thứ 4/63 tỉnh, thành phố, "
        "tăng 13 bậc so với năm 2019; cách đơn vị dẫn đầu 4,11 điểm và cần thêm 1,54 điểm để lên "
        "hạng. Thành phần thấp nhất so với nhóm là “Tác động” (-3,09 điểm so với trung vị).")


def test_briefing_paragraph_english_and_flags():
    en = replace(BD, lang="en", unit_name="Binh Duong", prev_rank=3, any_illustrative=True)
    text = briefing.paragraph(en)
    assert text.startswith("In 2020, Binh Duong's PAR Index was 86.93%, ranking 4 of 63 provinces, "
                           "down 1 places from 2019")
    assert text.endswith("Note: some figures here are illustrative, not published.")


def test_briefing_leader_and_what_if_clause():
    lead = replace(BD, rank=1, prev_rank=1, whatif_changes=(("SIPAS", 10.0),), whatif_total=88.0,
                   whatif_rank=1)
    text = briefing.paragraph(lead)
    assert "giữ nguyên thứ hạng so với năm 2019; dẫn đầu nhóm so sánh." in text
    assert "Nếu nâng “SIPAS” lên 10,00, tổng điểm đạt 88,00%, xếp thứ 1/63" in text




# ------------------------------------------------------------------ properties and real figures

from hypothesis import given  # noqa: E402
from hypothesis import strategies as hst  # noqa: E402


@given(hst.lists(hst.text(max_size=30), min_size=1, max_size=6))
def test_no_exported_cell_can_start_a_formula(cells):
    df = pl.DataFrame({"c": cells})
    rows = list(csv.reader(io.StringIO(export.to_csv(df).decode("utf-8-sig"), newline="")))
    for got, original in zip((r[0] if r else "" for r in rows[1:]), cells):
        assert not got.startswith(("=", "+", "-", "@", "\t", "\r", "\0")) or export.is_number(got), got
        assert got in (original, "'" + original) or original.startswith(("\r",)) or "\r" in original


def test_briefing_for_binh_duong_par_2020_from_the_shipped_data():
    from doisanh import db, sql
    con = db.open_snapshot()
    cur = con.cursor()
    base = dict(era="pre2025", level="province", index_id="par", province_code=None,
                region_code=None, parent_code=None, peer_codes=None, with_illustrative=True)
    ranking = sql.run(cur, "ranking", year=2020, **base)
    prev = sql.run(cur, "ranking", year=2019, **base).filter(pl.col("unit_code") == "74").row(0, named=True)
    row = ranking.filter(pl.col("unit_code") == "74").row(0, named=True)
    bd = sql.run(cur, "breakdown", year=2020, unit_code="74", **base)
    unit = sql.run(cur, "units", era="pre2025", level="province", province_code="74").row(0, named=True)
    d = briefing.data_for(lang="vi", unit=unit, ix=catalog.load()["par"], year=2020, row=row,
                          prev=prev, prev_year=2019, breakdown=bd, ranking=ranking,
                          peers_vi="tất cả các đơn vị cấp tỉnh cả nước",
                          peers_en="all province units in the country", level="province")
    text = briefing.paragraph(d)
    assert text.startswith("Năm 2020, Chỉ số CCHC của Tỉnh Bình Dương đạt 86,93%, xếp thứ 4/63 tỉnh, "
                           "thành phố, tăng 13 bậc so với năm 2019"), text
    con.close()


@pytest.mark.parametrize(("lang", "tick", "other"), [("vi", ">1,50<", ">1.50<"), ("en", ">1.50<", ">1,50<")])
def test_chart_numbers_follow_the_language(lang, tick, other):
    """Axis ticks of a Vietnamese chart read 1,50 (the download is the chart as on screen)."""
    from ui import plot
    df = pl.DataFrame({"label": ["1. A", "2. B"], "value": [1.9, 1.2], "rank_in_peers": [1, 2],
                       "is_illustrative": [False, True], "unit_code": ["01", "02"],
                       "value_text": ["1,9", "1,2"]})
    kw = (("illustrative_label", "I"), ("published_label", "P"), ("status_title", "S"), ("value_title", "V"))
    svg = export.chart_svg(plot.Chart("ranking_bars", (df,), kw, lang).to_dict()).decode()
    assert tick in svg and other not in svg


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_xlsx_writes_formatted_numbers_as_numbers(lang):
    """A spreadsheet gets numbers it can sum and sort, shown with the table's decimals in the
    reader's own locale; ranks, codes and names stay text, "–" an empty cell, and a signed gap
    is a number, not a quoted string."""
    from doisanh import fmt
    df = pl.DataFrame({
        "Hạng": ["1/63", "2/63", "3/63"], "Mã": ["01", "74", "79"], "Tên": ["Hà Nội", "=cmd", "Hồ Chí Minh"],
        "Điểm": [fmt.num(v, 2, lang) for v in (1234.5, 79.92, None)],
        "Phân vị": [fmt.num(v, 1, lang) for v in (100.0, 50.0, 0.0)],
        "So với trung vị": [fmt.num(v, 2, lang, sign=True) for v in (3.0, -4.76, 0.0)],
    })
    assert export.number_columns(df, lang) == {"Điểm": 2, "Phân vị": 1, "So với trung vị": 2}
    ws = load_workbook(io.BytesIO(export.to_xlsx(df, lang=lang))).active
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert [r[3] for r in rows] == [1234.5, 79.92, None]
    assert [r[4] for r in rows] == [100.0, 50.0, 0.0]
    assert [r[5] for r in rows] == [3.0, -4.76, 0.0]
    assert [r[0] for r in rows] == ["1/63", "2/63", "3/63"] and [r[1] for r in rows] == ["01", "74", "79"]
    assert rows[1][2] == "'=cmd"                                    # still neutralised
    assert ws["D2"].number_format == "#,##0.00" and ws["E2"].number_format == "#,##0.0"
    # without a language nothing is converted (the table's own text)
    plain = load_workbook(io.BytesIO(export.to_xlsx(df))).active
    assert plain["D3"].value == fmt.num(79.92, 2, lang)


def _compare_display(lang: str) -> pl.DataFrame:
    """The compare page's table as views.compare_pivot writes it: 85,71 * for an illustrative
    figure, the rank row 9/63 among the figures."""
    from doisanh import views
    rows = []
    for code, name, total, part, ill in (("74", "Bình Dương", 85.714, 30.0, True),
                                         ("79", "Hồ Chí Minh", 90.5, 28.25, False)):
        rows += [dict(unit_code=code, name_vi=name, name_en=name, ord=0, component="total", component_vi="Tổng điểm",
                      component_en="Total", kind="total", max_value=100.0, weight=1.0, value=total,
                      is_illustrative=ill, rank_in_level=9 if code == "74" else 2, n_in_level=63),
                 dict(unit_code=code, name_vi=name, name_en=name, ord=1, component="a", component_vi="Thành phần A",
                      component_en="Part A", kind="part", max_value=40.0, weight=1.0, value=part,
                      is_illustrative=False, rank_in_level=None, n_in_level=None)]
    display, _ = views.compare_pivot(pl.DataFrame(rows), lang, 2)
    return display


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_compare_xlsx_holds_numbers_and_flags_illustrative_in_a_column_of_its_own(lang):
    """Was: '85,71 *' as text in every unit column. Now the figure is a number, the flag beside it."""
    display = _compare_display(lang)
    assert display[display.columns[1]][0] == ("85,71 *" if lang == "vi" else "85.71 *")   # the screen keeps the mark
    ws = load_workbook(io.BytesIO(export.to_xlsx(display, lang=lang))).active
    head = [c.value for c in ws[1]]
    flag = "Minh họa" if lang == "vi" else "Illustrative"
    assert head == [head[0], "Bình Dương (74)", f"Bình Dương (74) — {flag}",
                    "Hồ Chí Minh (79)", f"Hồ Chí Minh (79) — {flag}"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    yes, no = ("có", "không") if lang == "vi" else ("yes", "no")
    assert rows[0][1:] == [85.71, yes, 90.5, no]                    # total
    assert rows[1][1:] == ["9/63", None, "2/63", None]              # rank stays text
    assert rows[2][1:] == [30.0, no, 28.25, no]                     # part
    assert ws["B2"].number_format == "#,##0.00" and ws["B2"].data_type == "n"
    cells = [v for r in rows for v in r if isinstance(v, str)]
    assert not any("*" in v or "◀" in v for v in cells)
    text = export.to_csv(display, lang).decode("utf-8-sig")
    assert "*" not in text and f"Bình Dương (74) — {flag}" in text


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_exported_chart_carries_title_index_year_peers_and_sources(lang):
    """Was: the PNG/SVG of a chart had no title, index, year or source."""
    title = export.heading("Xếp hạng Tỉnh, thành phố" if lang == "vi" else "Ranking: Province", lang=lang,
                           index="PCI", year=2024, peers="Cả nước" if lang == "vi" else "Whole country",
                           sources=("VCCI: PCI 2024 — https://pcivietnam.vn/2024", "b", "c", "d"),
                           illustrative=True)
    svg = export.chart_svg(_chart().to_dict(), title=title).decode()
    texts = " ".join(re.findall(r">([^<>]+)</(?:text|tspan)>", svg))
    vi = lang == "vi"
    for part in ("Xếp hạng Tỉnh, thành phố" if vi else "Ranking: Province",
                 "PCI · năm 2024 · Cả nước" if vi else "PCI · 2024 · Whole country",
                 "Nguồn: VCCI: PCI 2024 — https://pcivietnam.vn/2024; b; c; và 1 nguồn khác" if vi
                 else "Source: VCCI: PCI 2024 — https://pcivietnam.vn/2024; b; c; and 1 more",
                 "MINH HỌA" if vi else "ILLUSTRATIVE"):
        assert part in texts, (part, texts)
    assert export.chart_png(_chart().to_dict(), title=title).startswith(b"\x89PNG")
    no_source = export.heading("T", lang=lang, index="PCI", year=2024, peers="x")
    assert no_source["subtitle"][-1] == ("Nguồn: chưa ghi nguồn" if vi else "Source: none recorded")


def test_a_source_line_names_only_web_addresses():
    """The seed articles' 'address' is our copy of them ('seeds/004_….txt'): the line is their
    title (publisher, date, headline); a web address follows its title once."""
    from doisanh import fmt
    assert fmt.source_line("Huyện Thanh Bình, 01-03-2024: họp", "seeds/004_cda37f799773766d.txt") == \
        "Huyện Thanh Bình, 01-03-2024: họp"
    assert fmt.source_line("VCCI PCI 2016", "https://pcivietnam.vn") == "VCCI PCI 2016 — https://pcivietnam.vn"
    assert fmt.source_line("x (https://a.vn)", "https://a.vn") == "x (https://a.vn)"
    assert fmt.source_line("Báo", "") == "Báo"

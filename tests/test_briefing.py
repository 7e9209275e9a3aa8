"""The one-page briefing: an A4 portrait PDF (595 × 842 pt) and PNG whose text holds every part
an official hands out — unit, index, year, peer group, headline figures, the paragraph, trend,
components, the target plan of a what-if, published/illustrative, every source with its
address, the link to the live view. Read with pdftotext (poppler-utils: .ci/run and
scripts/ensure_chromium.sh install it); the page size from the PDF's own MediaBox."""
from __future__ import annotations

import re
import shutil
import struct
import subprocess
from dataclasses import replace

import polars as pl
import pytest

from doisanh import briefing, catalog, views

IX = catalog.load()["par"]

BREAKDOWN = pl.DataFrame({
    "ord": [1, 2, 3], "component": ["appraisal", "sipas", "leader_survey"],
    "name_vi": ["Điểm thẩm định", "Chỉ số SIPAS", "Khảo sát lãnh đạo"],
    "name_en": ["Appraisal", "SIPAS", "Leader survey"], "kind": ["part"] * 3,
    "max_value": [60.0, 10.0, 30.0], "weight": [1.0, 1.0, 1.0], "value": [55.0, 8.5, 23.43],
    "is_illustrative": [False, False, True], "peer_median": [50.0, 8.0, 25.0],
    "peer_best": [58.0, 9.5, 29.0], "gap_to_median": [5.0, 0.5, -1.57], "headroom": [5.0, 1.5, 6.57],
})
TREND = pl.DataFrame({
    "year": [2023, 2024, 2025, 2023, 2024], "era": ["pre2025"] * 2 + ["post2025"] + ["pre2025"] * 2,
    "relation": ["self", "self", "successor", "predecessor", "predecessor"],
    "unit_code": ["74"] * 3 + ["70"] * 2, "name_vi": ["Bình Dương"] * 3 + ["Bình Phước"] * 2,
    "name_en": ["Binh Duong"] * 3 + ["Binh Phuoc"] * 2, "value": [85.2, 86.93, 84.0, 80.1, 81.0],
    "rank_in_group": [9, 4, 3, 30, 28], "n_in_group": [63, 63, 34, 63, 63],
    "is_illustrative": [False, False, True, False, False], "source_id": ["s1"] * 5,
})
RANKING = pl.DataFrame({"unit_code": ["01", "74", "79"], "value": [91.04, 86.93, 85.39]})
ROW = {"unit_code": "74", "value": 86.93, "rank_in_peers": 2, "n_units": 3, "is_illustrative": False,
       "gap_to_leader": 4.11, "gap_to_next_rank": 4.12, "gap_to_median": -1.54, "rating_vi": "Tốt",
       "rating_en": "Good"}
PREV = {"unit_code": "74", "value": 85.2, "rank_in_peers": 3}
UNIT = {"unit_code": "74", "full_name_vi": "Tỉnh Bình Dương", "name_en": "Binh Duong"}
SOURCES = (("Bộ Nội vụ: Báo cáo Chỉ số CCHC năm 2024", "https://caicachhanhchinh.gov.vn/par2024"),)
LINK = "https://doisanh.example.vn/?unit=74&index=par&year=2024&whatif=sipas:9.5"


def data(lang: str = "vi", **kw) -> briefing.BriefingData:
    return briefing.data_for(lang=lang, unit=UNIT, ix=IX, year=2024, row=ROW, prev=PREV, prev_year=2023,
                             breakdown=BREAKDOWN, ranking=RANKING, peers_vi="các đơn vị cấp tỉnh vùng Đông Nam Bộ",
                             peers_en="province units of the South East region", level="province",
                             sources=SOURCES, link=LINK, made_on="04/12/2026", **kw)


def frames(lang: str):
    return views.components_chart_frame(BREAKDOWN, lang, 2), views.trend_frame(TREND, lang, 2)


def media_box(pdf: bytes) -> tuple[float, float]:
    boxes = re.findall(rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]", pdf)
    assert len(boxes) == 1, boxes              # one page
    x0, y0, x1, y1 = map(float, boxes[0])
    return x1 - x0, y1 - y0


def pdf_text(pdf: bytes, tmp_path) -> str:
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: install Debian's poppler-utils (make test does, as root)")
    path = tmp_path / "b.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return re.sub(r"\s+", " ", out)


def test_whatif_plan_and_gaps_come_from_the_data():
    d = data(whatif=(("sipas", 9.5), ("nonexistent", 1.0), ("appraisal", 99.0)))
    assert d.whatif_plan == (("Chỉ số SIPAS", 8.5, 9.5, 10.0, 1.0),)      # unknown and out-of-range dropped
    assert d.whatif_total == pytest.approx(87.93) and d.whatif_rank == 2
    assert d.gap_to_median == pytest.approx(1.54)                          # + = above the median
    assert d.peers == "các đơn vị cấp tỉnh vùng Đông Nam Bộ" and d.any_illustrative   # a part is illustrative


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_briefing_pdf_is_one_a4_portrait_page_holding_every_part(lang, tmp_path):
    comps, trend = frames(lang)
    d = data(lang, whatif=(("sipas", 9.5),))
    pdf = briefing.pdf(d, comps, trend)
    assert pdf.startswith(b"%PDF")
    assert media_box(pdf) == (595, 842)
    text = pdf_text(pdf, tmp_path)
    vi = lang == "vi"
    expected = [
        "Tỉnh Bình Dương" if vi else "Binh Duong",                                   # unit
        IX.name_vi if vi else IX.name_en,                                             # index
        "năm 2024" if vi else "2024",                                                 # year
        "vùng Đông Nam Bộ" if vi else "South East region",                            # peer group
        "86,93%" if vi else "86.93%", "2/3",                                          # score, rank of n
        "Tốt" if vi else "Good",                                                      # rating
        "+1,73" if vi else "+1.73",                                                   # change since 2023
        "4,11" if vi else "4.11", "+1,54" if vi else "+1.54", "4,12" if vi else "4.12",  # gaps
        briefing.paragraph(d)[:60],                                                   # the paragraph
        "1/7/2025" if vi else "1 July 2025",                                          # trend across the break
        "2023: 9/63",                                                                 # rank by year
        "trung vị" if vi else "median",                                               # components vs peers
        "Khảo sát lãnh đạo" if vi else "Leader survey",
        "8,50 → 9,50" if vi else "8.50 → 9.50",                                       # the target plan
        "87,93%" if vi else "87.93%",
        "Minh họa" if vi else "Illustrative",                                         # marked
        "Công bố" if vi else "Published",
        "https://caicachhanhchinh.gov.vn/par2024",                                    # the source's address
        "doisanh.example.vn",                                                         # the live view
    ]
    missing = [e for e in expected if e not in text]
    assert not missing, (missing, text)
    assert "Nguồn: —" not in text


def test_briefing_without_trend_components_or_plan_still_fills_a4_and_says_so(tmp_path):
    d = replace(data(), sources=(), link="")
    pdf = briefing.pdf(d, None, None)
    assert media_box(pdf) == (595, 842)
    text = pdf_text(pdf, tmp_path)
    assert "Không có số liệu các năm khác" in text and "Kế hoạch mục tiêu" not in text


def test_a_long_briefing_is_shortened_to_fit_the_page(tmp_path):
    """Many sources and a long plan push the page past 842 pt: the charts get shorter and the
    sources past MAX_SOURCES are counted instead."""
    comps, trend = frames("vi")
    many = tuple((f"Nguồn số {i}: một bài báo có tiêu đề rất dài về chỉ số cải cách hành chính",
                  f"https://example.vn/{i}") for i in range(14))
    pdf = briefing.pdf(replace(data(whatif=(("sipas", 9.5), ("appraisal", 60.0), ("leader_survey", 30.0))),
                               sources=many), comps, trend)
    assert media_box(pdf) == (595, 842)
    text = pdf_text(pdf, tmp_path)
    named = re.findall(r"Nguồn số (\d+):", text)
    more = re.search(r"và (\d+) nguồn khác", text)
    assert named and more and len(named) + int(more.group(1)) == len(many), text     # every one accounted for
    assert named == [str(i) for i in range(len(named))]                             # the first ones by name


def test_briefing_png_is_a4_portrait():
    comps, trend = frames("vi")
    png = briefing.png(data(), comps, trend)
    assert png.startswith(b"\x89PNG")
    w, h = struct.unpack(">II", png[16:24])
    assert (w, h) == (1190, 1684)

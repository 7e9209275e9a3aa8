"""The way across the 2025 reorganisation: queries/district_successors.sql (golden, on the
fixture), doisanh.lineage (sentences whole / partial, never a unit merging into itself; the units
to go to) and the era switch of the profile page (AppTest: a district leads to its province and
to the new communes that took its communes, a click makes one the chosen unit)."""
from __future__ import annotations

import polars as pl
import pytest

from doisanh import lineage, sql
from tests.golden import assert_golden

PRE, POST = "pre2025", "post2025"

CASES = {
    # district 001: 00001 went whole into 00010, 00002 was split between 00010 and 00011 ->
    # 00010 took 2 of its communes (1 in part), 00011 took 1 (in part) and 00003 of district 002
    "district_successors__001_split_commune": ("district_successors", dict(unit_code="001")),
    # district 002: its one commune 00003 went whole into 00011, which also took part of 00002
    "district_successors__002_shared_commune": ("district_successors", dict(unit_code="002")),
    # district 004: 00004 went whole into 00012, made of nothing else -> 'whole'
    "district_successors__004_whole": ("district_successors", dict(unit_code="004")),
    # district 003 has no commune: nothing
    "district_successors__003_no_communes": ("district_successors", dict(unit_code="003")),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_district_successors_golden(cur, case):
    name, params = CASES[case]
    assert_golden(cur, case, name, params)


def _lin(cur, era, level, code):
    return sql.run(cur, "lineage", era=era, level=level, unit_code=code)


def _unit(cur, era, level, code):
    row = sql.run(cur, "units", era=era, level=level, province_code=None).filter(
        pl.col("unit_code") == code).row(0, named=True)
    return {**row, "level": level}


def _sentences(cur, era, level, code, lang="vi"):
    lin = _lin(cur, era, level, code)
    partners = {r["unit_code"]: _lin(cur, POST, level, r["unit_code"])
                for r in lin.filter(pl.col("direction") == "successor").iter_rows(named=True)
                if era == PRE and r["level"] == level}
    dc = sql.run(cur, "district_successors", unit_code=code) if level == "district" else None
    return lineage.sentences(_unit(cur, era, level, code), era=era, lineage=lin, partners=partners,
                             district_communes=dc, lang=lang)


def test_whole_merger_names_the_partners_and_never_the_unit_itself(cur):
    # old 02 went whole into new 04 with old 02, 04, 06 (whole) and 14 (partial)
    [s] = _sentences(cur, PRE, "province", "02")
    assert s == ("Hai (trước 7/2025, toàn bộ) hợp nhất vào Bốn (từ 7/2025) cùng với: "
                 "Bốn (trước 7/2025, toàn bộ), Sáu (toàn bộ), Mười Bốn (một phần).")
    assert "Hai (toàn bộ)" not in s


def test_unit_that_kept_its_name_continues_and_is_not_merged_into_itself(cur):
    # old 04 -> new 04 (same name): 'continues as', the others listed, itself not among them
    [s] = _sentences(cur, PRE, "province", "04")
    assert s == ("Bốn (trước 7/2025) tiếp tục là Bốn (từ 7/2025), nhận thêm: Hai (toàn bộ), "
                 "Sáu (toàn bộ), Mười Bốn (một phần).")
    [en] = _sentences(cur, PRE, "province", "04", "en")
    assert en.startswith("Bốn (before 7/2025) continues as Bốn (from 7/2025), joined by:")


def test_partial_split_gives_one_sentence_per_part(cur):
    got = _sentences(cur, PRE, "commune", "00002")
    assert got[0] == "Xã A2 (trước 7/2025) được chia cho 2 đơn vị:"
    assert got[1] == "Xã A2 (trước 7/2025, một phần) hợp nhất vào Phường Mới (từ 7/2025) cùng với: Xã A1 (toàn bộ)."
    assert got[2] == "Xã A2 (trước 7/2025, một phần) hợp nhất vào Xã Mới (từ 7/2025) cùng với: Xã B1 (toàn bộ)."


def test_post2025_unit_lists_its_predecessors_with_whole_or_partial(cur):
    [s] = _sentences(cur, POST, "province", "12")
    assert s == "Mười Hai (từ 7/2025) được hình thành từ: Mười Hai (trước 7/2025, toàn bộ), Mười Bốn (một phần)."


def test_district_leads_to_its_new_communes(cur):
    lin = _lin(cur, PRE, "district", "001")
    dc = sql.run(cur, "district_successors", unit_code="001")
    got = lineage.crossing_units(era=PRE, level="district", lineage=lin, district_communes=dc)
    assert got.select("era", "level", "unit_code", "role").rows() == [
        (POST, "province", "01", "successor"), (POST, "commune", "00010", "successor"),
        (POST, "commune", "00011", "successor")]
    [province, communes] = lineage.sentences(_unit(cur, PRE, "district", "001"), era=PRE, lineage=lin, partners={},
                                   district_communes=dc, lang="vi")
    assert province == ("Huyện A (trước 7/2025) không còn từ 1/7/2025 (bỏ cấp huyện): địa bàn nay thuộc "
                        "Một (từ 7/2025).")
    assert communes == ("Các xã, thị trấn của huyện nay thuộc 2 đơn vị cấp xã mới:\n"
                        "- Phường Mới: nhận 2 xã cũ của huyện, 1 trong đó một phần\n"
                        "- Xã Mới: nhận 1 xã cũ của huyện, 1 trong đó một phần, cùng xã của nơi khác")


def test_post2025_commune_leads_back_to_its_predecessors(cur):
    lin = _lin(cur, POST, "commune", "00011")
    got = lineage.crossing_units(era=POST, level="commune", lineage=lin, district_communes=None)
    assert got.select("unit_code", "relation", "role").rows() == [
        ("00002", "partial", "predecessor"), ("00003", "whole", "predecessor")]


# ------------------------------------------------------------------ the era switch (AppTest)

def _said(at) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


def test_district_in_the_post2025_era_shows_its_successors_and_a_click_chooses_one(app):
    # the fixture's district figures are illustrative: shown in the illustrative mode
    app.query_params.update({"unit": "001", "level": "district", "index": "par", "year": "2023",
                             "illustrative": "1"})
    app.run()
    assert not app.exception
    app.selectbox(key="w_era").set_value(POST).run()
    assert not app.exception
    said = _said(app)
    assert ("Huyện Huyện A, Một (trước 7/2025) không còn từ 1/7/2025 (bỏ cấp huyện): "
            "địa bàn nay thuộc Một (từ 7/2025).") in said
    assert "nay thuộc 2 đơn vị cấp xã mới:\n- Phường Mới: nhận 2 xã cũ của huyện" in said
    assert not any("không có ở" in w.value for w in app.warning)        # no dead end
    labels = [b.label for b in app.button]
    # each unit by the registry's full name, which says what it is (the fixture's full names
    # repeat the type: 'Phường Phường Mới'); a ward was labelled 'xã' before
    assert [lb for lb in labels if "Mới" in lb or "Một" in lb] == ["Tỉnh Một", "Phường Phường Mới", "Xã Xã Mới"]
    figures = app.dataframe[0].value
    assert figures["Đơn vị"].to_list() == ["Huyện Huyện A, Một", "Một", "Phường Mới", "Xã Mới"]
    assert figures["Điểm"].to_list()[0] == "70,00 *"                     # district 001, PAR 2023, generated
    assert "* = Minh họa" in [c.value for c in app.caption]
    assert figures["Năm"].to_list()[0] == "2023"                         # the unit's own latest year
    assert list(figures.columns[:3]) == ["Đơn vị", "Điểm", "Hạng"]       # what a 390 px phone shows
    assert figures["Nguồn gốc số liệu"].to_list()[0] == "Minh họa"       # a generated figure says so
    app.selectbox(key="w_era").set_value(PRE).run()             # and back: the district again
    assert not app.exception
    assert app.selectbox(key="w_unit").value == "001"
    app.selectbox(key="w_era").set_value(POST).run()
    next(b for b in app.button if b.label == "Xã Xã Mới").click().run()
    assert not app.exception
    assert app.selectbox(key="w_unit").value == "00011"
    assert app.selectbox(key="w_era").value == POST
    assert app.query_params["unit"] in ("00011", ["00011"])
    assert app.query_params["era"] in (POST, [POST])


def test_post2025_unit_switched_back_lists_its_predecessors(app):
    app.query_params.update({"unit": "00011", "era": POST, "index": "par"})
    app.run()
    assert not app.exception
    app.selectbox(key="w_era").set_value(PRE).run()
    assert not app.exception
    assert "Xã Xã Mới, Một (từ 7/2025) được hình thành từ: Xã A2 (một phần), Xã B1 (toàn bộ)." in _said(app)
    assert [b.label for b in app.button if b.label.startswith("Xã ")] == ["Xã Xã A2", "Xã Xã B1"]

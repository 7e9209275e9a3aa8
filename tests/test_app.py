"""AppTest: run the real pages in-process on the fixture snapshot (and once on the shipped one)."""
from __future__ import annotations

import re

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest


from pathlib import Path

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PAGES = ["pages/profile.py", "pages/compare.py", "pages/whatif.py", "pages/ranking.py",
         "pages/importer.py", "pages/map.py"]
RANKING = "pages/ranking.py"






def _texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [w.value for w in at.warning] + [s.value for s in at.success] + [i.value for i in at.info]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_without_exception(app, page):
    app.run()
    app.switch_page(page).run()
    assert not app.exception


def test_missing_values_in_tables_are_empty_cells_not_none(app):
    """The profile page's tables leave a missing value empty; Streamlit's default writes the
    English word "None" into the cell."""
    app.query_params.update(unit="02", index="par", year="2020", illustrative="1")
    app.run()
    assert app.dataframe
    assert all(d.proto.HasField("placeholder") and d.proto.placeholder == "" for d in app.dataframe)


def test_query_params_select_index_year_and_show_illustrative_flag(app):
    app.query_params.update({"index": "i766", "year": "2023", "illustrative": "1"})
    app.switch_page(RANKING).run()
    assert not app.exception
    assert app.selectbox(key="w_index").value == "i766"
    assert app.selectbox(key="w_year").value == 2023
    table = app.dataframe[0].value
    assert table["Mã"].to_list()[:2] == ["01", "02"]
    assert table["Điểm"].to_list()[:2] == ["81,00", "79,92"]      # Vietnamese decimal comma
    assert table["Hạng"].to_list()[1] == "2/5"
    assert table["Nguồn gốc số liệu"].to_list()[2] == "Minh họa"
    assert "3 trên 5 giá trị" in _texts(app)                       # banner counts illustrative values


def test_the_chosen_unit_is_named_and_flagged_in_the_ranking(app):
    app.query_params.update({"index": "i766", "year": "2023", "unit": "02", "illustrative": "1"})
    app.switch_page(RANKING).run()
    assert not app.exception
    table = app.dataframe[0].value
    assert table["Hạng"].to_list()[:2] == ["1/5", "2/5 ◀"]                # only unit 02 is flagged
    assert "Đơn vị đang chọn: **Hai** — hạng 2/5, 79,92 điểm" in _texts(app)
    # the number columns are right-aligned (padded to sort as numbers); names and codes are not
    import json
    columns = json.loads(app.dataframe[0].proto.columns)
    assert {c for c, v in columns.items() if v.get("alignment") == "right"} >= {"Hạng", "Điểm", "Phân vị"}
    assert "Tên" not in columns and "Mã" not in columns


def test_a_chosen_unit_below_the_chart_top_is_added_to_it():
    import polars as pl

    from ui.tables import with_labels
    df = pl.DataFrame({"unit_code": ["a", "b", "c", "d"], "name_vi": ["A", "B", "C", "D"],
                       "name_en": ["A", "B", "C", "D"], "rank_in_peers": [1, 2, 3, 4],
                       "value": [9.0, 8.0, 7.0, 6.0]})
    assert with_labels(df, "vi", 1, top=2, also="d")["label"].to_list() == ["1. A", "2. B", "4. D"]
    assert with_labels(df, "vi", 1, top=2, also="b")["label"].to_list() == ["1. A", "2. B"]
    assert with_labels(df, "vi", 1, top=2)["label"].to_list() == ["1. A", "2. B"]


def test_english_switch_formats_numbers_the_english_way(app):
    app.query_params.update({"index": "i766", "year": "2023", "lang": "en", "illustrative": "1"})
    app.switch_page(RANKING).run()
    table = app.dataframe[0].value
    assert table["Score"].to_list()[1] == "79.92"
    assert table["Data status"].to_list()[1] == "Published"


def test_garbage_params_fall_back_with_a_visible_notice(app):
    app.query_params.update({"index": "<script>", "year": "abc", "era": "1999"})
    app.run()
    assert not app.exception
    assert app.selectbox(key="w_index").value == "par"
    notices = [w.value for w in app.warning]
    assert any("index=<script>" in n for n in notices)
    assert any("era=1999" in n for n in notices)


def test_widget_change_is_written_to_the_url(app):
    app.switch_page(RANKING).run()
    app.selectbox(key="w_index").set_value("papi").run()
    assert app.query_params["index"] == ["papi"] or app.query_params["index"] == "papi"


def test_missing_snapshot_names_the_file(tmp_path, monkeypatch):
    monkeypatch.setenv("DOISANH_DATA_DIR", str(tmp_path))
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not at.exception
    assert any("units.parquet" in e.value for e in at.error)
    st.cache_resource.clear()


def test_shipped_snapshot_commune_level_page_runs(monkeypatch):
    monkeypatch.delenv("DOISANH_DATA_DIR", raising=False)
    st.cache_resource.clear()
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"index": "i766", "level": "commune", "year": "2024", "illustrative": "1"})
    at.switch_page(RANKING).run()
    assert not at.exception
    assert len(at.dataframe[0].value) == 1_000            # capped on screen
    assert any("10.0" in c.value and "1.000" in c.value for c in at.caption)  # "1.000 … 10.035"
    # every count with its thousands separator: the ranking's caption said '10035 đơn vị'
    assert not [c.value for c in at.caption if re.search(r"(?<![\d.,/])(?!(?:19|20)\d\d\b)\d{4,}(?![\d.,/])", c.value)]
    assert table_ranks_separated(at.dataframe[0].value)
    st.cache_resource.clear()
    st.cache_data.clear()


def table_ranks_separated(df) -> bool:
    """Ranks of 10,035 communes read '1.234/10.035' (was '1234/10035')."""
    return all(re.fullmatch(r"\s*\d{1,3}(\.\d{3})*/\d{1,3}(\.\d{3})*\D*", r) for r in df["Hạng"].to_list())


def _metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def test_profile_shows_score_rank_gaps_and_weakest_component(app):
    app.query_params.update({"unit": "02", "index": "par", "year": "2020"})
    app.run()
    assert not app.exception
    assert _metric(app, "Điểm") == "85,50"
    assert _metric(app, "Hạng") == "2/5"                 # tie with 04: both rank 2 of 5
    assert _metric(app, "Cách đơn vị dẫn đầu") == "4,50"
    assert _metric(app, "Cần thêm để lên hạng") == "4,50"
    assert _metric(app, "So với trung vị") == "0,00"
    # each figure but the score says what it means when pointed at (the ⓘ beside its label)
    helps = {m.label: m.proto.help for m in app.metric}
    assert all(helps[k] for k in ("Hạng", "Phân vị", "Xếp loại", "Cách đơn vị dẫn đầu", "So với trung vị",
                                  "Cần thêm để lên hạng")), helps
    assert "thấp hơn" in helps["Phân vị"] and "trung vị" in helps["So với trung vị"]
    # who is just above and below, by how much (04 shares 02's score and rank, so it is neither)
    texts = _texts(app)
    assert "Ngay trên: **" in texts and "(hạng 1, 90,00 điểm, hơn 4,50) · ngay dưới: **" in texts
    assert "(hạng 4, 80,00 điểm, kém 5,50)" in texts
    # the fixture's PAR 2020 components are illustrative: none by default, shown in the mode
    assert any("không có điểm thành phần" in i.value for i in app.info)
    app.query_params["illustrative"] = "1"
    app.run()
    texts = _texts(app)
    assert "Thành phần yếu nhất so với nhóm: Điểm thẩm định" in texts   # -1.0 of 61.5 is the worst share
    comp = app.dataframe[0].value
    # padded on the left so the grid sorts them as numbers (doisanh.grid), shown right-aligned
    assert comp["Trung vị nhóm"].to_list() == ["51,00", " 9,00", "19,50", " 5,63"]


def test_profile_unit_without_components_says_so(app):
    app.query_params.update({"unit": "06", "index": "par", "year": "2020"})
    app.run()
    assert not app.exception
    assert any("không có điểm thành phần" in i.value for i in app.info)


def test_profile_region_peers_rank_within_region(app):
    app.query_params.update({"unit": "06", "index": "par", "year": "2020", "peers": "region"})
    app.run()
    assert _metric(app, "Hạng") == "3/3"


def test_profile_unknown_unit_gives_notice_not_exception(app):
    app.query_params.update({"unit": "99999", "index": "par"})
    app.run()
    assert not app.exception
    assert any("99999" in w.value for w in app.warning)


def test_profile_pre2025_unit_in_post2025_era_leads_to_successor(app):
    app.query_params.update({"unit": "02", "era": "post2025", "index": "par", "year": "2025", "illustrative": "1"})
    app.run()
    assert not app.exception
    said = "\n".join(m.value for m in app.markdown)
    # 02 merged into 04
    assert "Hai (trước 7/2025, toàn bộ) hợp nhất vào Bốn (từ 7/2025) cùng với: Bốn (trước 7/2025, toàn bộ)" in said
    assert app.selectbox(key="w_unit").value == "04"       # its one successor is followed
    assert _metric(app, "Điểm") == "86,00"


def test_compare_table_lists_units_and_ranks(app):
    app.query_params.update({"compare": "01,02,08", "index": "par", "year": "2020"})
    app.switch_page("pages/compare.py").run()
    assert not app.exception
    from tests.test_highlight import _parse
    from tests.test_narrow import block
    [table] = block(app, "wide-compare").get("html")      # the full table (a phone gets a short one)
    rows = [[text for _, text, _ in r] for r in _parse(table.proto.body).rows]
    assert rows[0][1:] == ["Một (01)", "Hai (02)", "Tám (08)"]
    assert rows[1][1:] == ["90,00", "85,50", "75,25"]
    assert rows[2][1:] == ["1/5", "2/5", "5/5"]
    marks = [a.get("title") for _, _, a in _parse(table.proto.body).rows[1][1:]]
    assert marks == ["Cao nhất trong các đơn vị được chọn", None, "Thấp nhất trong các đơn vị được chọn"]


def test_state_carries_from_profile_to_compare(app):
    app.query_params.update({"unit": "02", "index": "par", "year": "2020"})
    app.run()
    app.query_params.clear()                              # Streamlit clears it on page change
    app.switch_page("pages/compare.py").run()
    assert not app.exception
    assert app.multiselect(key="w_compare").value == ["02"]
    assert app.selectbox(key="w_year").value == 2020

"""AppTest: one model of the official's state (issue 14). "My unit" changes only where it is
chosen; the compare list, peers and what-if edits are parts of the state of their own; every page
opens on the same defaults."""
from __future__ import annotations

import pytest

PROFILE, COMPARE, RANKING = "pages/profile.py", "pages/compare.py", "pages/ranking.py"


def _switch(app, page):
    app.query_params.clear()                          # Streamlit clears it on a page change
    app.switch_page(page).run()
    assert not app.exception, app.exception


def _texts(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [w.value for w in at.warning] + [i.value for i in at.info]
    return "\n".join(str(p) for p in parts)


@pytest.fixture()
def on_profile(app):
    app.query_params.update({"unit": "02", "index": "par", "year": "2020", "illustrative": "1"})
    app.run()
    assert not app.exception
    assert app.selectbox(key="w_unit").value == "02"
    return app


def test_adding_units_to_compare_leaves_my_unit_as_it_was(on_profile):
    app = on_profile
    _switch(app, COMPARE)
    assert app.multiselect(key="w_compare").value == ["02"]          # opens on my unit
    app.multiselect(key="w_compare").select("01").run()
    app.multiselect(key="w_compare").select("08").run()
    assert app.multiselect(key="w_compare").value == ["02", "01", "08"]
    assert app.query_params["unit"] == "02" and app.query_params["compare"] == "02,01,08"
    # emptied, the list stays empty: my unit is not put back into it
    app.multiselect(key="w_compare").set_value([]).run()
    assert app.multiselect(key="w_compare").value == []
    _switch(app, PROFILE)
    assert app.selectbox(key="w_unit").value == "02"
    assert any("Hai" in h.value for h in app.subheader)


def test_an_era_switched_on_compare_does_not_replace_my_unit(on_profile):
    """Unit 02 exists only before 2025 and has one successor (04): an era switch made on the
    compare page used to follow it there on the profile (Hải Dương became Hải Phòng, unit=31)."""
    app = on_profile
    _switch(app, COMPARE)
    app.selectbox(key="w_era").set_value("post2025").run()
    assert app.query_params["unit"] == "02"
    _switch(app, PROFILE)
    assert app.selectbox(key="w_unit").value == "02"
    assert app.selectbox(key="w_era").value == "pre2025"
    assert app.query_params["unit"] == "02" and "era" not in app.query_params


def test_make_this_my_unit_is_the_one_way_compare_changes_it(on_profile):
    app = on_profile
    _switch(app, COMPARE)
    app.multiselect(key="w_compare").select("01").run()
    assert app.query_params["unit"] == "02"
    app.selectbox(key="compare_mine_pick").set_value("01").run()
    app.button(key="compare_make_mine").click().run()
    assert app.query_params["unit"] == "01"
    _switch(app, PROFILE)
    assert app.selectbox(key="w_unit").value == "01"


def test_a_unit_past_the_limit_is_refused_with_a_message(app, monkeypatch):
    """The fixture has 8 provinces: the limit is lowered to 3 to add one past it."""
    import doisanh.state
    monkeypatch.setattr(doisanh.state, "MAX_COMPARE", 3)
    app.query_params.update({"compare": "01,02,04", "unit": "08", "index": "par", "year": "2020"})
    app.switch_page(COMPARE).run()
    assert "Đã đủ 3 đơn vị" in _texts(app)
    app.multiselect(key="w_compare").select("06").run()
    assert not app.exception
    assert app.multiselect(key="w_compare").value == ["01", "02", "04"]     # kept, not replaced
    warnings = [w.value for w in app.warning]
    assert any("Chưa thêm **Tỉnh Sáu**" in w and "tối đa 3 đơn vị" in w for w in warnings), warnings
    assert app.query_params["compare"] == "01,02,04" and app.query_params["unit"] == "08"
    app.run()                                            # said once, not on every rerun
    assert not any("Chưa thêm" in w.value for w in app.warning)


def test_the_district_ranking_opens_on_my_units_province_like_the_profile(app):
    app.query_params.update({"unit": "001", "index": "par", "year": "2023", "illustrative": "1"})
    app.run()
    assert "cấp huyện của Một" in _texts(app)           # the profile's default peer group
    _switch(app, RANKING)
    assert app.selectbox(key="w_level").value == "district"
    assert app.selectbox(key="w_province").value == "01"
    assert app.query_params["province"] == "01"
    app.selectbox(key="w_province").set_value("*").run()  # the whole country stays a choice
    assert app.selectbox(key="w_province").value == "*"
    assert app.dataframe[0].value["Mã"].to_list().count("004") == 1


def test_an_empty_custom_peer_list_says_so_instead_of_rank_one_of_one(app):
    app.query_params.update({"unit": "02", "index": "par", "year": "2020", "peers": "custom"})
    app.run()
    assert not app.exception
    assert any("Danh sách tự chọn đang trống" in i.value for i in app.info)
    assert not app.metric                                 # no "Hạng 1/1", no "giữ nguyên hạng"
    assert "1/1" not in _texts(app) and "giữ nguyên hạng" not in _texts(app)
    assert app.query_params["peers"] == "custom"          # the link still says what is on screen
    app.multiselect(key="w_custom").select("01").run()
    assert not any("đang trống" in i.value for i in app.info)
    assert any(m.value == "2/2" for m in app.metric)      # Hai ranks behind Một (90,00 > 85,50)
    assert app.query_params["custom"] == "01"


def test_an_empty_custom_group_is_marked_empty():
    from doisanh import peers
    unit = {"unit_code": "02", "province_code": "02", "region_code": "NMM"}
    names = {"vi": {}, "en": {}}
    empty = peers.build("custom", level="province", unit=unit, province_name=names, region_name=names)
    assert empty.empty and "còn trống" in empty.sentence("vi") and "empty" in empty.sentence("en")
    full = peers.build("custom", level="province", unit=unit, province_name=names, region_name=names,
                       custom=("01",))
    assert not full.empty and full.peer_codes == ["02", "01"]
    assert not peers.build("all", level="province", unit=unit, province_name=names, region_name=names).empty


def test_the_ranking_brings_my_units_row_into_view_above_the_table(app):
    app.query_params.update({"index": "i766", "year": "2023", "unit": "04", "illustrative": "1"})
    app.switch_page(RANKING).run()
    assert not app.exception
    assert any("Đơn vị đang chọn trong bảng xếp hạng" in m.value for m in app.markdown)
    mine, full = app.dataframe[0].value, app.dataframe[1].value
    assert len(full) == 5 and len(mine) == 3
    codes = list(full["Mã"])
    i = codes.index("04")
    assert list(mine["Mã"]) == codes[max(0, i - 1):i + 2]              # its row and its neighbours
    assert [r.endswith("◀") for r in mine["Hạng"]].count(True) == 1


def test_a_ranking_link_naming_a_province_opens_on_it_even_with_my_unit_elsewhere(app):
    """District 004 is in province 04; the link names province 01: the view is what was shared."""
    app.query_params.update({"unit": "004", "level": "district", "province": "01", "index": "par",
                             "year": "2023", "illustrative": "1"})
    app.switch_page(RANKING).run()
    assert not app.exception
    assert app.selectbox(key="w_province").value == "01"
    assert app.query_params["province"] == "01"


def test_a_level_switch_on_compare_keeps_the_list_aside_and_brings_it_back(app):
    app.query_params.update({"compare": "01,02,08", "index": "par", "year": "2020"})
    app.switch_page(COMPARE).run()
    app.selectbox(key="w_level").set_value("district").run()
    assert not app.exception
    assert app.multiselect(key="w_compare").value == []
    assert any("3 đơn vị đã chọn ở cấp hoặc giai đoạn khác được giữ lại" in c.value for c in app.caption)
    app.selectbox(key="w_level").set_value("province").run()
    assert app.multiselect(key="w_compare").value == ["01", "02", "08"]
    assert app.query_params["compare"] == "01,02,08"
    assert not any("được giữ lại" in c.value for c in app.caption)

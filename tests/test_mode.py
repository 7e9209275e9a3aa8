"""Published figures first (issue 13): the queries with $with_illustrative = false (the app's
default), the link's `illustrative` parameter, and every page in its default state.

Golden answers on the fixture (tests/fixture.py), worked out by hand. What the fixture holds:
PAR 2020 totals of 01, 02, 04, 06, 08 published (their components illustrative); i766 2023
totals of 01 (81.0, no printed rank) and 02 (79.92, printed rank 9) published, 04, 06, 08
illustrative; PAPI 2016 totals published, components illustrative; PCI 2023–2024 published,
PCI 2025 (post-2025) illustrative; every district, commune and post-2025 PAR figure illustrative.
The same queries with $with_illustrative = true give the answers of tests/test_sql*.py.
"""
from __future__ import annotations

import json

import polars as pl
import pytest

from doisanh import sql
from doisanh import state as codec
from doisanh.catalog import load as load_catalog
from tests.golden import assert_golden

PRE, POST = "pre2025", "post2025"
PUB = dict(with_illustrative=False)
NO_FILTER = dict(province_code=None, region_code=None, parent_code=None, peer_codes=None)

CASES = {
    # i766 2023, two of five published: nothing is ranked among the two. 02 keeps the rank its
    # source printed (9, of the 5 units of the level), 01 has none (null, listed last); percentile,
    # median, leader and gaps are null; the rating still follows from each value's threshold
    # (81.0 -> tot, 79.92 -> kha). n_published 2 of n_level 5, is_complete false.
    "ranking__i766_2023_published": ("ranking", dict(era=PRE, level="province", index_id="i766",
                                                     year=2023, **NO_FILTER, **PUB)),
    # PAR 2020, every total published: ranked among all of them as in ranking__par2020_all
    # (01 90 first; 02 and 04 85.5 share 2nd; 06 80 4th; 08 75.25 5th), is_complete true.
    "ranking__par2020_published": ("ranking", dict(era=PRE, level="province", index_id="par",
                                                   year=2020, **NO_FILTER, **PUB)),
    # post-2025 PAR 2025: only illustrative figures -> no rows.
    "ranking__par2025_post_published": ("ranking", dict(era=POST, level="province", index_id="par",
                                                        year=2025, **NO_FILTER, **PUB)),
    # PAR 2020 components are illustrative: unit 02 keeps the catalog's four rows, every value,
    # peer figure and gap null.
    "breakdown__par2020_02_published": ("breakdown", dict(era=PRE, level="province", index_id="par",
                                                          year=2020, unit_code="02", **NO_FILTER, **PUB)),
    # i766 2023 for 01, 02, 04: totals 81.0 (no printed rank) and 79.92 (printed rank 9 of 5);
    # 04's illustrative 64.99 is an empty cell; best in the selection 81.0.
    "compare__i766_2023_01_02_04_published": ("compare", dict(era=PRE, level="province", index_id="i766",
                                                              year=2023, unit_codes=["01", "02", "04"],
                                                              **PUB)),
    # PCI, post-2025 province 12: its own 2025 figure (illustrative) goes; its predecessors 12 and
    # 14 keep their published 2023 (65, tied 2nd of 4) and 2024 (62.5 3rd, 69 1st of 3).
    "trend__pci_post12_published": ("trend", dict(index_id="pci", era=POST, level="province",
                                                  unit_code="12", **PUB)),
    # i766, post-2025 province 04 from 02 (79.92 published), 04 and 06 (illustrative): only 02's
    # figure is used -> 79.92, no illustrative input.
    "reconstructed__i766_post04_published": ("reconstructed", dict(index_id="i766", level="province",
                                                                   unit_code="04", weighting="population",
                                                                   **PUB)),
    # i766 2023 on the province map: 01 and 02 with their values; 02 with its printed rank 9 of the
    # 5 units with any figure, 01 without a rank; the other six provinces grey (value null).
    "map_values__i766_2023_provinces_published": ("map_values", dict(era=PRE, level="province",
                                                                     index_id="i766", year=2023,
                                                                     province_code=None, **PUB)),
    # i766 2023 published: 79.92 and 81.0 in three bins of 0.36 -> bins 0 and 2, one unit each.
    "histogram__i766_2023_published_bins3": ("histogram", dict(era=PRE, level="province", index_id="i766",
                                                               year=2023, province_code=None, bins=3,
                                                               **PUB)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_golden(cur, case):
    name, params = CASES[case]
    assert_golden(cur, case, name, params)


def test_years_list_only_years_with_published_figures(cur):
    assert sql.run(cur, "years", era=PRE, level="province", index_id="i766", **PUB).to_dicts() == [
        {"year": 2023, "n_units": 2, "n_published": 2, "n_level": 5}]
    assert sql.run(cur, "years", era=PRE, level="district", index_id="par", **PUB).is_empty()
    assert sql.run(cur, "years", era=POST, level="province", index_id="pci", **PUB).is_empty()


def test_profile_neighbours_need_published_components(cur):
    # PAPI 2016 components are illustrative: no profile to compare without them
    got = sql.run(cur, "neighbours", era=PRE, level="province", unit_code="01", k=10, basis="profile",
                  index_id="papi", year=2016, **PUB)
    assert got.is_empty()


def _every_query_params():
    """(name, params) for every query reading observations, over the fixture's eras, levels,
    indices and years, in both modes."""
    cat = load_catalog()
    out = []
    for name in sql.available():
        wanted = sql.load(name).params
        if "with_illustrative" not in wanted:
            continue
        for era, level, index_id, year, code in (
                (PRE, "province", "par", 2020, "02"), (PRE, "province", "i766", 2023, "02"),
                (PRE, "province", "papi", 2016, "01"), (PRE, "district", "par", 2023, "001"),
                (PRE, "commune", "par", 2023, "00001"), (POST, "province", "par", 2025, "04"),
                (POST, "province", "pci", 2025, "12"), (POST, "commune", "par", 2023, "00010")):
            assert index_id in cat.ids
            pool = dict(era=era, level=level, index_id=index_id, year=year, unit_code=code,
                        unit_codes=["01", "02", "04", code], bins=5, k=5, basis="profile",
                        weighting="population", **NO_FILTER)
            for mode in (False, True):
                out.append((name, {**{k: pool[k] for k in wanted if k != "with_illustrative"},
                                   "with_illustrative": mode}))
    return out


@pytest.mark.parametrize(("name", "params"), _every_query_params())
def test_published_mode_never_returns_an_illustrative_figure(cur, name, params):
    got = sql.run(cur, name, **params)
    flags = [c for c in ("is_illustrative",) if c in got.columns]
    counts = [c for c in ("n_illustrative",) if c in got.columns]
    if not params["with_illustrative"]:
        for c in flags:
            assert not got[c].fill_null(False).any(), (name, params)
        for c in counts:
            assert got[c].sum() == 0, (name, params)
    # ranks shown are within 1..n, or the printed rank, or missing
    for r, n in (("rank_in_peers", "n_units"), ("rank_in_group", "n_in_group"), ("rank_in_level", "n_in_level")):
        if r in got.columns and "published_rank" not in got.columns and params["with_illustrative"]:
            ok = got.filter(pl.col(r).is_not_null())
            assert ((ok[r] >= 1) & (ok[r] <= ok[n])).all(), (name, params)


def test_partial_ranking_is_the_printed_rank_never_a_rank_among_the_published(cur):
    got = sql.run(cur, "ranking", era=PRE, level="province", index_id="i766", year=2023,
                  **NO_FILTER, **PUB)
    assert got["rank_in_peers"].to_list() == got["published_rank"].to_list() == [9, None]
    assert got.select("percentile", "gap_to_leader", "gap_to_median", "gap_to_next_rank",
                      "peer_median", "leader_value").null_count().row(0) == (2,) * 6


@pytest.mark.parametrize("with_illustrative", [False, True])
@pytest.mark.parametrize("index_id,year", [("i766", 2023), ("par", 2020), ("papi", 2016), ("pci", 2024)])
def test_map_and_ranking_give_every_unit_the_same_rank(cur, index_id, year, with_illustrative):
    """map_values.sql and ranking.sql each carry the 'complete level' rule (a rank among the
    units shown only when none is left out; else the printed rank of the n of the level): the
    two copies must agree, or the map would colour a unit by another rank than the ranking page."""
    where = dict(era=PRE, level="province", index_id=index_id, year=year,
                 with_illustrative=with_illustrative)
    ranking = sql.run(cur, "ranking", **where, **NO_FILTER)
    shown = sql.run(cur, "map_values", **where, province_code=None).filter(pl.col("value").is_not_null())
    assert ranking.height and ranking.height == shown.height, (ranking.height, shown.height)
    got = shown.select("unit_code", rank="rank_in_group", n="n_in_group").sort("unit_code")
    want = ranking.select("unit_code", rank="rank_in_peers", n="n_units").sort("unit_code")
    assert got.to_dicts() == want.to_dicts()


# ------------------------------------------------------------------ the link

def test_the_mode_is_in_the_link():
    cat = load_catalog()
    on = codec.State(illustrative=True)
    assert codec.encode(on) == {"illustrative": "1"}
    assert codec.decode({"illustrative": "1"}, cat) == (on, [])
    assert codec.encode(codec.State()) == {}                        # off is the default: not written
    s, notices = codec.decode({"illustrative": "yes"}, cat)
    assert s.illustrative is False and [n.key for n in notices] == ["illustrative"]


# ------------------------------------------------------------------ the pages (AppTest)

PAGES = ["pages/profile.py", "pages/compare.py", "pages/whatif.py", "pages/ranking.py",
         "pages/importer.py", "pages/map.py"]
ILLUSTRATIVE_WORDS = ("Minh họa", "Illustrative", "MINH HỌA", "ILLUSTRATIVE")


def _shown(at) -> str:
    """Every text a user reads on the page, tables and the sidebar toggle's label aside."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for kind in (at.warning, at.success, at.info, at.error) for e in kind]
    parts += [str(m.value) for m in at.metric] + [m.label for m in at.metric]
    parts += [str(x.value) for x in at.title] + [str(x.value) for x in at.subheader]
    for d in at.dataframe:
        df = d.value
        parts += [str(c) for c in df.columns] + [str(v) for c in df.columns for v in df[c].to_list()]
    for h in at.get("html"):
        parts.append(h.proto.body)
    return "\n".join(str(p) for p in parts)


def _chart_protos(at) -> list:
    """The protos of the page's Vega-Lite charts (AppTest has no class for charts)."""
    out = []

    def walk(node):
        for child in getattr(node, "children", {}).values():
            walk(child)
        proto = getattr(node, "proto", None)
        if proto is not None and "spec" in type(proto).DESCRIPTOR.fields_by_name and proto.spec:
            out.append(proto)
    walk(at._tree)
    return out


def _charts(at) -> str:
    """The page's charts as text: each Vega-Lite spec (JSON, letters unescaped) and the rows of
    its datasets (Arrow), where the status of each mark is."""
    import pyarrow as pa
    out = []
    for proto in _chart_protos(at):
        out.append(json.dumps(json.loads(proto.spec), ensure_ascii=False))
        for ds in proto.datasets:
            out.append(str(pa.ipc.open_stream(ds.data.data).read_all().to_pylist()))
    return "\n".join(out)


# a unit with published figures in the fixture, per page (the importer has none)
DEFAULT_LINKS = {
    "pages/profile.py": {"unit": "02", "index": "par"},
    "pages/compare.py": {"compare": "01,02,08", "index": "par"},
    "pages/whatif.py": {"unit": "02", "index": "i766"},
    "pages/ranking.py": {},
    "pages/importer.py": {},
    "pages/map.py": {},
}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("fresh", [True, False], ids=["fresh", "with_unit"])
def test_default_pages_show_no_illustrative_figure(app, page, fresh):
    if not fresh:
        app.query_params.update(DEFAULT_LINKS[page])
    app.switch_page(page).run()
    assert not app.exception, [e.value for e in app.exception]
    text, charts = _shown(app), _charts(app)
    for word in ILLUSTRATIVE_WORDS:
        assert word not in text, (page, word)
        assert word not in charts, (page, word)
    assert app.toggle(key="w_illustrative").value is False
    assert "illustrative" not in app.query_params


def test_default_ranking_shows_the_published_scores_of_the_fixture(app):
    app.query_params.update({"index": "par", "year": "2020"})
    app.switch_page("pages/ranking.py").run()
    table = app.dataframe[0].value
    assert table["Mã"].to_list() == ["01", "02", "04", "06", "08"]
    assert [v.strip() for v in table["Điểm"]] == ["90,00", "85,50", "85,50", "80,00", "75,25"]
    assert set(table["Nguồn gốc số liệu"]) == {"Công bố"}
    assert [v.strip() for v in table["Hạng"]] == ["1/5", "2/5", "2/5", "4/5", "5/5"]


def test_default_ranking_of_a_partly_published_year_lists_printed_ranks(app):
    app.query_params.update({"index": "i766", "year": "2023"})
    app.switch_page("pages/ranking.py").run()
    table = app.dataframe[0].value
    assert table["Mã"].to_list() == ["02", "01"]                  # only the two published
    assert [v.strip() for v in table["Hạng"]] == ["9/5", "–"]     # the printed rank; none for 01
    assert any("2 trên 5" in i.value for i in app.info)


def test_default_year_is_the_latest_with_published_figures(app):
    app.query_params.update({"index": "pci"})
    app.switch_page("pages/ranking.py").run()
    assert app.selectbox(key="w_year").value == 2024
    app.query_params.clear()
    app.query_params.update({"index": "pci", "era": "post2025"})
    app.run()
    # PCI 2025 of the new provinces is illustrative: nothing to pick, the two ways on instead
    assert not [s for s in app.selectbox if s.key == "w_year"]
    assert any("Chưa có số liệu công bố" in i.value for i in app.info)
    assert any(b.label == "Bật dữ liệu minh họa" for b in app.button)


def test_profile_opens_on_the_units_latest_published_year(app):
    # unit 12 has published PCI in 2023 and 2024; its 2025 figure (post-2025 era) is illustrative
    app.query_params.update({"unit": "12", "index": "pci"})
    app.run()
    assert app.selectbox(key="w_year").value == 2024
    assert next(m.value for m in app.metric if m.label == "Điểm") == "62,50"


def test_district_level_says_nothing_is_published_and_offers_the_ways_on(app):
    app.query_params.update({"level": "district", "index": "par"})
    app.switch_page("pages/ranking.py").run()
    assert not app.dataframe
    assert any("Chưa có số liệu công bố" in i.value for i in app.info)
    assert any("nhập số liệu" in m.value for m in app.markdown)
    # the button switches the mode on: the figures come, marked, with the banner
    next(b for b in app.button if b.label == "Bật dữ liệu minh họa").click().run()
    assert app.toggle(key="w_illustrative").value is True
    assert app.dataframe and "Minh họa" in set(app.dataframe[0].value["Nguồn gốc số liệu"])
    assert any("Dữ liệu minh họa" in w.value for w in app.warning)
    assert app.query_params["illustrative"] in ("1", ["1"])


@pytest.mark.parametrize("page", PAGES)
def test_the_mode_shows_a_banner_on_every_page_and_carries_across_pages(app, page):
    app.query_params.update({"illustrative": "1", "unit": "02", "index": "par", "year": "2020"})
    app.run()
    app.switch_page(page).run()
    assert not app.exception
    assert app.toggle(key="w_illustrative").value is True
    assert any("Dữ liệu minh họa" in w.value for w in app.warning), page


def test_whatif_names_where_each_component_comes_from(app):
    app.query_params.update({"unit": "02", "index": "par", "year": "2020", "illustrative": "1"})
    app.switch_page("pages/whatif.py").run()
    assert any("Nguồn gốc các thành phần: Minh họa:" in c.value for c in app.caption)


def test_whatif_without_every_unit_published_offers_no_rank_target(app):
    # i766 2023: 02 is published with its printed rank, but only 2 of 5 units are
    app.query_params.update({"unit": "02", "index": "i766", "year": "2023"})
    app.switch_page("pages/whatif.py").run()
    assert not app.exception
    kinds = app.selectbox(key="w_tkind").options
    assert "Hạng cụ thể" not in " ".join(kinds) and len(kinds) == 3
    assert any("không tính được hạng mới" in c.value for c in app.caption)


def test_the_checks_above_see_illustrative_labels_when_there_are_some(app):
    """The negative checks of test_default_pages_show_no_illustrative_figure are not vacuous:
    in the mode, the same readers find the labels in the table and in the chart's data."""
    app.query_params.update({"index": "i766", "year": "2023", "illustrative": "1"})
    app.switch_page("pages/ranking.py").run()
    assert "Minh họa" in _shown(app) and "Minh họa" in _charts(app)


@pytest.mark.parametrize("page", ["pages/profile.py", "pages/whatif.py"])
def test_a_published_figure_without_a_printed_rank_is_shown_without_one(app, page):
    # i766 2023: 01's 81,00 is published, with no rank printed, and only 2 of 5 units are
    app.query_params.update({"unit": "01", "index": "i766", "year": "2023"})
    app.switch_page(page).run()
    assert not app.exception, [e.value for e in app.exception]
    shown = {m.label: m.value for m in app.metric}
    if page == "pages/profile.py":
        assert shown["Điểm"] == "81,00" and shown["Hạng"] == "–"
        assert "(chưa có hạng công bố)" in "\n".join(c.value for c in app.code)
    else:
        assert shown["Hạng mới"] == "–"


def test_briefing_paragraph_without_a_rank():
    from doisanh import briefing
    from doisanh.catalog import load
    d = briefing.BriefingData(lang="vi", unit_name="Tỉnh Một", index=load()["i766"], year=2023,
                              value=81.0, rank=None, n=63, peer_phrase_vi="tỉnh, thành phố",
                              peer_phrase_en="provinces", is_illustrative=False, prev_year=2022,
                              prev_rank=5, whatif_changes=(("A", 9.0),), whatif_total=83.0)
    text = briefing.paragraph(d)
    assert text.startswith("Năm 2023, Bộ chỉ số 766 của Tỉnh Một đạt 81,00") and "chưa có hạng công bố" in text
    assert "bậc" not in text and "xếp thứ" not in text and "tổng điểm đạt 83,00" in text


def test_year_labels_say_how_many_units_are_published(app):
    app.query_params.update({"index": "i766"})
    app.switch_page("pages/ranking.py").run()
    box = app.selectbox(key="w_year")
    assert box.value == 2023 and box.options == ["2023 · 2/5"]     # 2 of the 5 units published
    app.toggle(key="w_illustrative").set_value(True).run()
    assert app.selectbox(key="w_year").options == ["2023"]           # every unit has a figure


def test_a_unit_opens_on_an_index_it_has_published_figures_of(app):
    # province 12 has no PAR figure; its PCI 2023 and 2024 are published
    app.query_params.update({"unit": "12"})
    app.run()
    assert app.selectbox(key="w_index").value == "pci" and app.selectbox(key="w_year").value == 2024
    assert next(m.value for m in app.metric if m.label == "Điểm") == "62,50"


def test_an_index_chosen_in_the_link_is_kept_even_without_figures(app):
    app.query_params.update({"unit": "12", "index": "par"})
    app.run()
    assert app.selectbox(key="w_index").value == "par"
    assert any("Chưa có số liệu công bố của đơn vị này" in i.value for i in app.info)


def test_component_sources_name_published_imported_and_illustrative_parts():
    from ui.whatif import component_sources
    parts = pl.DataFrame({"name_vi": ["A", "B", "C"], "name_en": ["A", "B", "C"],
                          "is_illustrative": [False, False, True],
                          "source_id": ["vcci_pci_2021", "import:so_noi_vu.csv", "illustrative"]})
    assert component_sources(parts, "vi") == "Nguồn gốc các thành phần: Công bố: A · Tự nhập: B · Minh họa: C."
    assert component_sources(parts.head(2), "en").startswith("Where the components come from: Published: A")


def test_the_table_banner_says_when_imported_figures_are_among_the_published():
    from ui.notes import _flag_counts
    df = pl.DataFrame({"value": [1.0, 2.0, None], "is_illustrative": [False, False, True],
                       "source_id": ["vcci", "import:x.csv", "illustrative"]})
    assert _flag_counts(df, "is_illustrative", True) == (0, 2, True)
    assert _flag_counts(df.head(1), "is_illustrative", True) == (0, 1, False)
    assert _flag_counts(df, "is_illustrative", False) == (1, 3, True)


def _specs(at) -> list[dict]:
    return [json.loads(p.spec) for p in _chart_protos(at)]


def test_profile_of_a_unit_among_too_few_published_draws_no_empty_or_degenerate_chart(app):
    """i766 2023 has two published totals (01 without a printed rank, 02 with one): no
    distribution of two values (one published district drew one bar of width 1e-9 with axis
    labels '80,37000000000'), and 01, ranked in no year, has no empty rank chart."""
    app.query_params.update({"unit": "01", "index": "i766", "year": "2023"})
    app.run()
    assert not app.exception
    assert any(c.value == "Chỉ 2 đơn vị cùng cấp có số liệu năm này: chưa đủ để vẽ phân bố."
               for c in app.caption), [c.value for c in app.caption]
    titles = [json.dumps(s, ensure_ascii=False) for s in _specs(app)]
    assert not any("Thứ hạng (1 = cao nhất)" in s for s in titles), titles
    assert any("Điểm" in s for s in titles)                              # the score trend is drawn
    # in the illustrative mode the five units are a distribution and 01 has ranks again
    app.toggle(key="w_illustrative").set_value(True).run()
    assert not app.exception
    assert not any("chưa đủ để vẽ phân bố" in c.value for c in app.caption)
    assert any("Thứ hạng (1 = cao nhất)" in json.dumps(s, ensure_ascii=False) for s in _specs(app))


@pytest.mark.parametrize("compare,year", [("02,04", 2023), ("01,12", 2024), ("01,02,04", 2023)])
def test_compare_opens_on_the_newest_year_most_compared_units_have(app, compare, year):
    """PCI 2024 is published for 01, 12 and 14 only: 02 and 04 have nothing there, and the
    page opened on 2024 said so; it opens on 2023, where they have figures. A year in the link
    is kept."""
    app.query_params.update({"compare": compare, "index": "pci"})
    app.switch_page("pages/compare.py").run()
    assert not app.exception
    assert app.selectbox(key="w_year").value == year
    assert app.dataframe or app.get("html")


def test_compare_keeps_the_year_of_the_link(app):
    app.query_params.update({"compare": "02,04", "index": "pci", "year": "2024"})
    app.switch_page("pages/compare.py").run()
    assert not app.exception
    assert app.selectbox(key="w_year").value == 2024

"""Golden tests of queries/*.sql on the hand-checkable fixture, plus the runner contract."""
from __future__ import annotations


import duckdb
import pytest

from doisanh import sql
from tests.golden import assert_golden

# no peer-group filter, every figure (illustrative included); the published-only cases add their own
NO_FILTER = dict(province_code=None, region_code=None, parent_code=None, peer_codes=None,
                 with_illustrative=True)

CASES = {
    "ranking__par2020_all": ("ranking", dict(era="pre2025", level="province", index_id="par",
                                             year=2020, **NO_FILTER)),
    "ranking__par2020_region_nmm": ("ranking", dict(era="pre2025", level="province",
                                                    index_id="par", year=2020,
                                                    province_code=None, region_code="NMM",
                                                    parent_code=None, peer_codes=None, with_illustrative=True)),
    "ranking__i766_2023_bands": ("ranking", dict(era="pre2025", level="province",
                                                 index_id="i766", year=2023, **NO_FILTER)),
    "ranking__papi2016_quartiles": ("ranking", dict(era="pre2025", level="province",
                                                    index_id="papi", year=2016, **NO_FILTER)),
    "ranking__par2023_districts_of_01": ("ranking", dict(era="pre2025", level="district",
                                                         index_id="par", year=2023,
                                                         province_code=None, region_code=None,
                                                         parent_code="01", peer_codes=None, with_illustrative=True)),
    "ranking__par2025_post": ("ranking", dict(era="post2025", level="province", index_id="par",
                                              year=2025, **NO_FILTER)),
    "breakdown__par2020_02": ("breakdown", dict(era="pre2025", level="province", index_id="par",
                                                year=2020, unit_code="02", **NO_FILTER)),
    "breakdown__par2020_06_missing": ("breakdown", dict(era="pre2025", level="province",
                                                        index_id="par", year=2020,
                                                        unit_code="06", **NO_FILTER)),
    "units__pre_districts_of_01": ("units", dict(era="pre2025", level="district",
                                                 province_code="01")),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_golden(cur, case):
    name, params = CASES[case]
    assert_golden(cur, case, name, params)


def test_years_lists_newest_first_and_counts_published(cur):
    got = sql.run(cur, "years", era="pre2025", level="province", index_id="i766", with_illustrative=True)
    assert got.to_dicts() == [{"year": 2023, "n_units": 5, "n_published": 2, "n_level": 5}]


def test_sources_lists_every_source(cur):
    got = sql.run(cur, "sources")
    assert got["source_id"].to_list() == ["fixture_src", "illustrative"]


def test_unit_only_in_one_era_is_absent_from_the_other(cur):
    post = sql.run(cur, "ranking", era="post2025", level="province", index_id="par",
                   year=2025, **NO_FILTER)
    assert "02" not in post["unit_code"].to_list()


def test_ranks_are_one_to_n_with_competition_ties(cur):
    for era, index_id, year in (("pre2025", "par", 2020), ("pre2025", "i766", 2023)):
        got = sql.run(cur, "ranking", era=era, level="province", index_id=index_id, year=year,
                      **NO_FILTER)
        ranks = got["rank_in_peers"].to_list()
        values = got["value"].to_list()
        n = len(ranks)
        assert min(ranks) == 1 and max(ranks) <= n
        for r, v in zip(ranks, values):
            assert r == 1 + sum(1 for w in values if w > v)


def test_runner_rejects_missing_and_extra_params(cur):
    with pytest.raises(sql.QueryError, match="missing parameters"):
        sql.run(cur, "years", era="pre2025", level="province", with_illustrative=True)  # no index_id
    with pytest.raises(sql.QueryError, match="unexpected"):
        sql.run(cur, "years", era="pre2025", level="province", index_id="par", evil="x", with_illustrative=True)


@pytest.mark.parametrize("name", ["../etc/passwd", "ranking; drop table units", "Ranking", ""])
def test_runner_rejects_unknown_query_names(cur, name):
    with pytest.raises(sql.QueryError, match="unknown query"):
        sql.run(cur, name)


def test_values_are_bound_not_interpolated(cur):
    hostile = "01' or '1'='1"
    got = sql.run(cur, "breakdown", era="pre2025", level="province", index_id="par", year=2020,
                  unit_code=hostile, **NO_FILTER)
    assert got["value"].null_count() == got.height  # no unit has that code


def test_placeholders_ignore_comments_and_strings():
    assert sql.placeholders("-- $a\nselect '$b', $c from t where x = $d") == {"c", "d"}


def test_every_query_file_has_a_header_naming_its_params():
    for name in sql.available():
        q = sql.load(name)
        assert q.header.startswith(name + ":"), name
        for p in q.params:
            assert "$" + p in q.header, (name, p)


def test_connection_is_locked_down(fixture_con):
    with pytest.raises(duckdb.Error):
        fixture_con.cursor().sql("select * from read_csv('/etc/hostname')").fetchall()
    with pytest.raises(duckdb.Error):
        fixture_con.execute("SET enable_external_access = true")


def test_ranking_and_breakdown_define_the_peer_group_alike():
    """Each query file is a self-contained pipeline (STYLE.md), so the peer-group filter is
    written in both ranking.sql and breakdown.sql: the two copies must stay the same, or a
    unit's rank and its component comparison would be against different peers."""
    def peer_filter(name: str) -> list[str]:
        return [ln.strip() for ln in sql.load(name).text.splitlines()
                if "is null or" in ln and "$" in ln]
    ranking = peer_filter("ranking")
    assert len(ranking) == 4 and ranking == peer_filter("breakdown")

"""Golden tests of the explorer queries (trend, neighbours, compare, histogram, successors,
ranking with a peer list) on the hand-checkable fixture.

Each expected file in tests/expected/ was worked out by hand from the rows of tests/fixture.py;
the reasoning is written next to each case below, so a reader can check it without running SQL.
"""
from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from doisanh import sql
from tests.golden import EXPECTED, assert_golden

PRE, POST = "pre2025", "post2025"
NO_FILTER = dict(province_code=None, region_code=None, parent_code=None, with_illustrative=True)


def _near(unit_code: str, basis: str, k: int = 10, index_id: str = "papi", year: int = 2016) -> dict:
    return dict(era=PRE, level="province", unit_code=unit_code, k=k, basis=basis,
                index_id=index_id, year=year, with_illustrative=True)


CASES = {
    # PCI, post-2025 province 12: old 12 went 'whole' into it, old 14 'partial' (split with 04).
    # 2023 (pre): 01 70, 12 65, 14 65, 02 60 -> 12 and 14 share rank 2 of 4 (competition ties).
    # 2024 (pre): 14 69, 01 68, 12 62.5 -> 14 is 1st, 12 3rd of 3.
    # 2025 (post): 04 71, 12 71, 01 66 -> 12 shares rank 1 of 3 with 04.
    # Order: year, then 'self' before 'predecessor', then code.
    "trend__pci_post12_predecessors": ("trend", dict(index_id="pci", era=POST, level="province",
                                                     unit_code="12", with_illustrative=True)),
    # PCI, old 02 exists only before 2025: its own 2023 figure (4th of 4), then its successor
    # 04 in 2025 (71, tied 1st of 3, 'whole').
    "trend__pci_pre02_successor": ("trend", dict(index_id="pci", era=PRE, level="province",
                                                 unit_code="02", with_illustrative=True)),
    # PAR 2023, district 001: no crosswalk row, one era. Ranked among the districts of its own
    # province (001 70, 002 72 -> 2nd of 2); district 004 (90, province 04) is another group.
    "trend__par_district001_one_era": ("trend", dict(index_id="par", era=PRE, level="district",
                                                     unit_code="001", with_illustrative=True)),
    # Size: standardised logs are (pop, area) 01 (+1,+1), 02 (+1,-1), 04 (-1,-1), 06 (-1,?),
    # 08 (?,+1), 10/12/14 (?,?). From 01: 02 -> 2 (2 features), 04 -> sqrt 8 (2), 08 -> 0 (1),
    # 06 -> 2 (1); units sharing no feature are left out; more features come first.
    "neighbours__size_01": ("neighbours", _near("01", "size")),
    "neighbours__size_01_k3": ("neighbours", _near("01", "size", k=3)),
    # 10 has neither population nor area: nothing to compare on, no neighbours.
    "neighbours__size_10_unknown_size": ("neighbours", _near("10", "size")),
    # Profile on PAPI 2016 (six dimensions out of 10): 01 = 7,7,7,7,6,6; 02 = 7,7,7,7,5,5;
    # 04 = 7,7,7,7,6,2; 08 = 6,6,6,6,4,4; 06 has no components.
    # From 01: 02 sqrt(2 * 0.1²) = 0.1414, 08 sqrt(4 * 0.1² + 2 * 0.2²) = sqrt 0.12, 04 0.4.
    "neighbours__profile_papi2016_01": ("neighbours", _near("01", "profile")),
    # From 02: 01 0.1414, 08 sqrt(6 * 0.1²) = sqrt 0.06, 04 sqrt(0.1² + 0.3²) = sqrt 0.1; k = 2.
    "neighbours__profile_papi2016_02_k2": ("neighbours", _near("02", "profile", k=2)),
    "neighbours__profile_papi2016_06_missing": ("neighbours", _near("06", "profile")),
    # PAR 2020, units 08, 01, 06 (06 has a total but no components). Ranks among the 5 provinces
    # with a total (90, 85.5, 85.5, 80, 75.25): 01 1st, 06 4th, 08 5th, on the total row only.
    # Best per row among the three; 06's missing components have no gap.
    "compare__par2020_01_06_08": ("compare", dict(era=PRE, level="province", index_id="par",
                                                  year=2020, unit_codes=["08", "01", "06"], with_illustrative=True)),
    # i766 2023: 49.99..81, width 31.01 / 3; 50 and 49.99 (illustrative) in bin 0, 64.99
    # (illustrative) in bin 1, 79.92 and the maximum 81 in the last bin (not a 4th bin).
    "histogram__i766_2023_bins3": ("histogram", dict(era=PRE, level="province", index_id="i766",
                                                     year=2023, province_code=None, bins=3, with_illustrative=True)),
    # PAR 2023 districts, whole country: 70, 72, 90 -> width 10: [70, 80) holds two, 90 the last.
    "histogram__par2023_districts_all_bins2": ("histogram", dict(era=PRE, level="district",
                                                                 index_id="par", year=2023,
                                                                 province_code=None, bins=2, with_illustrative=True)),
    # Only province 01: 70, 72 -> width 1; 72 (the max) lands in bin 1.
    "histogram__par2023_districts_of_01_bins2": ("histogram", dict(era=PRE, level="district",
                                                                   index_id="par", year=2023,
                                                                   province_code="01", bins=2, with_illustrative=True)),
    "successors__pre14_split": ("successors", dict(era=PRE, unit_code="14")),
    "successors__pre02_merged": ("successors", dict(era=PRE, unit_code="02")),
    "successors__post01_none": ("successors", dict(era=POST, unit_code="01")),
    # PAR 2020 among 08, 04, 01 only (02 and 06 left out; 10 has no figure, 001 is a district,
    # 99 does not exist): 90, 85.5, 75.25 -> median 85.5, percentiles 100/50/0.
    "ranking__peers_par2020_custom": ("ranking", dict(era=PRE, level="province", index_id="par",
                                                      year=2020, **NO_FILTER,
                                                      peer_codes=["08", "04", "01", "10", "001",
                                                                  "99"])),
    "ranking__peers_par2020_empty": ("ranking", dict(era=PRE, level="province", index_id="par",
                                                     year=2020, **NO_FILTER, peer_codes=[])),
}

# Answers small enough to write here (no CSV): case -> (query, params, rows).
INLINE = {
    "regions": ("regions", {}, [
        dict(region_code="NMM", region_vi="Trung du và miền núi phía Bắc",
             region_en="Northern Midlands and Mountains"),
        dict(region_code="RRD", region_vi="Đồng bằng sông Hồng", region_en="Red River Delta"),
    ]),
    # PCI totals: 2024 has 01, 12, 14; 2023 has 01, 02, 12, 14; all published.
    "years__pci": ("years", dict(era=PRE, level="province", index_id="pci", with_illustrative=True), [
        dict(year=2024, n_units=3, n_published=3),
        dict(year=2023, n_units=4, n_published=4),
    ]),
    "sources": ("sources", {}, [
        dict(source_id="fixture_src", title="Fixture", url="", kind="seed", licence="test"),
        dict(source_id="illustrative", title="Illustrative", url="", kind="generated",
             licence="ours"),
    ]),
    # the fixture's one indicator (2023), inside and outside the range of years
    "indicators__2020_2023": ("indicators", dict(year_from=2020, year_to=2023), [
        dict(unit_name="Một", level="province", year=2023, indicator_vi="Tỷ lệ hồ sơ đúng hạn",
             value=98.8, unit="%", target=98.0),
    ]),
    "indicators__2024_2025": ("indicators", dict(year_from=2024, year_to=2025), []),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_golden(cur, case):
    name, params = CASES[case]
    assert_golden(cur, case, name, params)


@pytest.mark.parametrize("case", sorted(INLINE))
def test_inline_golden(cur, case):
    name, params, rows = INLINE[case]
    got = sql.run(cur, name, **params)
    if not rows:
        assert got.height == 0
        return
    assert got.select(list(rows[0])).to_dicts() == rows


def _golden_modules():
    """Every test module under tests/ that declares golden CASES {case: (query, params)}."""
    import importlib
    mods = []
    for path in sorted(Path(__file__).parent.glob("test_*.py")):
        mod = importlib.import_module(f"tests.{path.stem}")
        cases = getattr(mod, "CASES", None)
        # golden modules map case -> (query name, params, ...); other modules may use CASES too
        if isinstance(cases, dict) and cases and all(
                isinstance(v, tuple) and len(v) >= 2 and isinstance(v[0], str) and isinstance(v[1], dict)
                for v in cases.values()):
            mods.append(mod)
    return mods


def test_every_query_file_has_a_golden_case():
    covered = {name for m in _golden_modules() for name, *_ in m.CASES.values()}
    covered |= {name for name, _, _ in INLINE.values()}
    assert set(sql.available()) - covered == set()
    for case in CASES:
        assert (EXPECTED / f"{case}.csv").exists(), case


def test_every_expected_file_is_used():
    used = {case for m in _golden_modules() for case in m.CASES}
    on_disk = {p.stem for p in EXPECTED.glob("*.csv")}
    assert on_disk - used == set()


# ------------------------------------------------------------------ properties of the answers

@pytest.mark.parametrize("basis", ["size", "profile"])
@pytest.mark.parametrize("code", ["01", "02", "04", "06", "08", "10", "12", "14"])
def test_neighbours_never_include_the_unit_and_respect_k(cur, basis, code):
    for k in (1, 2, 30):
        got = sql.run(cur, "neighbours", **_near(code, basis, k=k))
        assert code not in got["unit_code"].to_list()
        assert got.height <= k
        assert got["unit_code"].n_unique() == got.height


def test_compare_ignores_codes_outside_the_level(cur):
    got = sql.run(cur, "compare", era=PRE, level="province", index_id="par", year=2020,
                  unit_codes=["01", "001", "99"], with_illustrative=True)
    assert set(got["unit_code"].to_list()) == {"01"}
    # alone, a unit is its own best: every gap is 0 where it has a value
    assert got["gap_to_best_in_selection"].drop_nulls().to_list() == [0.0] * 5


def test_histogram_counts_add_up_to_the_ranking(cur):
    for era, level, index_id, year in ((PRE, "province", "par", 2020), (PRE, "province", "i766", 2023),
                                       (PRE, "district", "par", 2023), (POST, "province", "pci", 2025)):
        hist = sql.run(cur, "histogram", era=era, level=level, index_id=index_id, year=year,
                       province_code=None, bins=7, with_illustrative=True)
        ranking = sql.run(cur, "ranking", era=era, level=level, index_id=index_id, year=year,
                          **NO_FILTER, peer_codes=None)
        assert hist["n_units"].sum() == ranking.height
        assert hist["bin"].min() >= 0 and hist["bin"].max() <= 6
        assert hist["bin_lo"].min() == pytest.approx(ranking["value"].min())
        assert hist["bin_hi"].max() == pytest.approx(ranking["value"].max())


def test_histogram_of_one_value_is_one_bin(cur):
    got = sql.run(cur, "histogram", era=PRE, level="district", index_id="par", year=2023,
                  province_code="04", bins=5, with_illustrative=True)
    assert got.select("bin", "n_units").to_dicts() == [{"bin": 0, "n_units": 1}]


def test_breakdown_with_peer_codes_uses_only_those_peers(cur):
    got = sql.run(cur, "breakdown", era=PRE, level="province", index_id="par", year=2020,
                  unit_code="02", **NO_FILTER, peer_codes=["01", "02"])
    # appraisal: 02 50, 01 55 -> median 52.5, best 55, two peers
    row = got.filter(pl.col("component") == "appraisal").row(0, named=True)
    assert (row["n_peers"], row["peer_median"], row["peer_best"]) == (2, 52.5, 55.0)


def test_trend_ranks_are_within_one_to_n(cur):
    got = sql.run(cur, "trend", index_id="pci", era=POST, level="province", unit_code="12", with_illustrative=True)
    assert (got["rank_in_group"] >= 1).all()
    assert (got["rank_in_group"] <= got["n_in_group"]).all()

"""Golden tests of the map and lineage queries (map_values, lineage, reconstructed) on the
hand-checkable fixture, plus properties of the reconstructed series.

Each expected file in tests/expected/ was worked out by hand from tests/fixture.py; the
reasoning is written next to each case.
"""
from __future__ import annotations


import polars as pl
import pytest

from doisanh import db, sql
from tests import fixture
from tests.golden import EXPECTED, assert_golden

PRE, POST = "pre2025", "post2025"


def _recon(index_id: str, unit_code: str, weighting: str = "population", level: str = "province",
           with_illustrative: bool = True) -> dict:
    return dict(index_id=index_id, level=level, unit_code=unit_code, weighting=weighting,
                with_illustrative=with_illustrative)


CASES = {
    # New 04 = old 02 (pop 1,000,000), 04 (10,000), 06 (10,000) whole + old 14 partial (no pop).
    # PAR 2020: 14 has no PAR figure, so the contributors 02, 04, 06 all have a population:
    # (85.5 × 1e6 + 85.5 × 1e4 + 80 × 1e4) / 1.02e6 = 87,155,000 / 1,020,000 = 85.44607843…
    "reconstructed__par_post04_population": ("reconstructed", _recon("par", "04")),
    # Same, equal weights: (85.5 + 85.5 + 80) / 3 = 83.666…
    "reconstructed__par_post04_equal": ("reconstructed", _recon("par", "04", "equal")),
    # New 01 = old 01 (pop 1e6), 08 (no pop), 10 (no pop, no figure). Contributors 01 and 08;
    # 08 lacks a population -> equal weights for the whole series: (90 + 75.25) / 2 = 82.625.
    # 10 never has a PAR figure, so it is not counted among the predecessors of the series.
    "reconstructed__par_post01_no_population": ("reconstructed", _recon("par", "01")),
    # PCI, new 04: contributors 02 (2023: 60) and 14 (partial; 2023: 65, 2024: 69; no pop)
    # -> equal. 2023: (60 + 65) / 2 = 62.5 from both; 2024: 69 from 14 alone, 02 missing.
    "reconstructed__pci_post04_partial_and_gap": ("reconstructed", _recon("pci", "04")),
    # i766 2023, new 04: 02 79.92 (published), 04 64.99 and 06 50 (illustrative), populations
    # 1e6, 1e4, 1e4: (79,920,000 + 649,900 + 500,000) / 1,020,000 = 79.48029411…; 2 illustrative.
    "reconstructed__i766_post04_illustrative": ("reconstructed", _recon("i766", "04")),
    # Commune 00010 = old 00001 (whole, PAR 2023 80) + 00002 (partial, 70); communes have no
    # population -> equal: 75.0; both values illustrative.
    "reconstructed__par_commune00010_split": ("reconstructed", _recon("par", "00010", level="commune")),
    # Lineage: predecessors of new 04 (02, 04, 06 whole; 14 partial, split in 2)
    "lineage__post04_predecessors": ("lineage", dict(era=POST, level="province", unit_code="04")),
    # old 14 went partly to new 04 and partly to new 12
    "lineage__pre14_split": ("lineage", dict(era=PRE, level="province", unit_code="14")),
    # commune many-to-many: new 00010 from 00001 (whole) and part of 00002
    "lineage__post_commune00010_many_to_many": ("lineage", dict(era=POST, level="commune",
                                                                unit_code="00010")),
    # and 00002 split between 00010 and 00011
    "lineage__pre_commune00002_split": ("lineage", dict(era=PRE, level="commune", unit_code="00002")),
    # PAR 2020, pre-2025 provinces: 90, 85.5, 85.5, 80, 75.25 ranked 1, 2, 2, 4, 5 of 5; 10, 12
    # and 14 have no figure: a row each, no rank. Hà Tây is not in the fixture.
    "map_values__par2020_provinces": ("map_values", dict(era=PRE, level="province", index_id="par",
                                                         year=2020, province_code=None, with_illustrative=True)),
    # PAR 2023, districts of 01: 002 72 (1st), 001 70 (2nd), 003 no figure; 004 (province 04) out.
    "map_values__par2023_districts_of_01": ("map_values", dict(era=PRE, level="district",
                                                               index_id="par", year=2023,
                                                               province_code="01", with_illustrative=True)),
    # PAR 2023, communes of 01 with their positions: 80, 70, 60 -> ranks 1, 2, 3 of 3.
    "map_values__par2023_communes_of_01": ("map_values", dict(era=PRE, level="commune",
                                                              index_id="par", year=2023,
                                                              province_code="01", with_illustrative=True)),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_golden(cur, case):
    name, params = CASES[case]
    assert_golden(cur, case, name, params)


def test_every_geo_query_has_a_golden_case():
    assert {name for name, _ in CASES.values()} == {"map_values", "lineage", "reconstructed"}
    for case in CASES:
        assert (EXPECTED / f"{case}.csv").exists(), case


# ------------------------------------------------------------------ properties

def _by_hand(index_id: str, new_code: str, weighting: str) -> dict[int, float]:
    """The weighted mean, recomputed in Python from the fixture rows (same stated rule)."""
    units = {u["unit_code"]: u for u in fixture.UNITS if u["era"] == PRE and u["level"] == "province"}
    preds = [c for c in fixture.CROSSWALK if c["new_code"] == new_code and c["new_era"] == POST
             and c["old_level"] == "province"]
    share = {c["old_code"]: 1 / c["n_successors"] if c["relation"] == "partial" else 1.0 for c in preds}
    obs = [o for o in fixture.OBSERVATIONS if o["era"] == PRE and o["level"] == "province"
           and o["index_id"] == index_id and o["component"] == "total" and o["unit_code"] in share]
    contributors = {o["unit_code"] for o in obs}
    use_pop = weighting == "population" and all(units[c]["population"] is not None for c in contributors)
    out: dict[int, list[tuple[float, float]]] = {}
    for o in obs:
        w = units[o["unit_code"]]["population"] * share[o["unit_code"]] if use_pop else 1.0
        out.setdefault(o["year"], []).append((o["value"], w))
    return {y: sum(v * w for v, w in vw) / sum(w for _, w in vw) for y, vw in out.items()}


@pytest.mark.parametrize("weighting", ["population", "equal"])
@pytest.mark.parametrize("index_id", ["par", "pci", "i766", "papi"])
@pytest.mark.parametrize("new_code", ["01", "04", "12"])
def test_reconstructed_equals_the_weighted_mean_by_hand(cur, index_id, new_code, weighting):
    got = sql.run(cur, "reconstructed", **_recon(index_id, new_code, weighting))
    expected = _by_hand(index_id, new_code, weighting)
    assert dict(zip(got["year"].to_list(), got["value"].to_list())) == pytest.approx(expected)
    assert got["method"].n_unique() <= 1                    # one method for the whole series


def test_partial_predecessor_counts_its_population_shared_among_successors():
    """With populations for old 12 (3,000) and old 14 (2,000, split in two): new 12's PCI 2024
    = (62.5 × 3,000 + 69 × 2,000 / 2) / (3,000 + 1,000) = 256,500 / 4,000 = 64.125."""
    frames = fixture.frames()
    pop = {"12": 3000, "14": 2000}
    frames["units"] = frames["units"].with_columns(
        pl.when((pl.col("era") == PRE) & pl.col("unit_code").is_in(list(pop)))
        .then(pl.col("unit_code").replace_strict(pop, default=None, return_dtype=pl.Int64))
        .otherwise(pl.col("population")).alias("population"))
    con = db.connect(frames)
    try:
        got = sql.run(con.cursor(), "reconstructed", **_recon("pci", "12"))
    finally:
        con.close()
    assert got["method"].to_list() == ["population", "population"]
    assert got["value"].to_list() == pytest.approx([65.0, 64.125])
    assert got["n_partial"].to_list() == [1, 1]


def test_reconstructed_unknown_weighting_gives_no_rows(cur):
    assert sql.run(cur, "reconstructed", **_recon("par", "04", "median")).is_empty()


def test_reconstructed_of_a_unit_without_predecessors_is_empty(cur):
    assert sql.run(cur, "reconstructed", **_recon("par", "99")).is_empty()


def test_lineage_is_symmetric_with_the_crosswalk(cur):
    """Every predecessor of a new unit lists that unit among its successors, same relation."""
    for new in ("01", "04", "12"):
        preds = sql.run(cur, "lineage", era=POST, level="province", unit_code=new)
        for r in preds.iter_rows(named=True):
            succ = sql.run(cur, "lineage", era=r["era"], level=r["level"], unit_code=r["unit_code"])
            row = succ.filter(pl.col("unit_code") == new, pl.col("era") == POST)
            assert row.height == 1 and row["relation"][0] == r["relation"]


def test_lineage_of_a_new_province_lists_provinces_not_districts(cur):
    got = sql.run(cur, "lineage", era=POST, level="province", unit_code="01")
    assert set(got["level"]) == {"province"}
    assert got["unit_code"].to_list() == ["01", "08", "10"]


def test_map_values_ranks_match_the_ranking_query(cur):
    for era, level, index_id, year in ((PRE, "province", "par", 2020), (PRE, "province", "i766", 2023),
                                       (POST, "province", "pci", 2025)):
        mv = sql.run(cur, "map_values", era=era, level=level, index_id=index_id, year=year,
                     province_code=None, with_illustrative=True).filter(pl.col("value").is_not_null())
        rk = sql.run(cur, "ranking", era=era, level=level, index_id=index_id, year=year,
                     province_code=None, region_code=None, parent_code=None, peer_codes=None, with_illustrative=True)
        joined = mv.join(rk, on="unit_code")
        assert joined.height == mv.height == rk.height
        assert (joined["rank_in_group"] == joined["rank_in_peers"]).all()
        assert (joined["n_in_group"] == joined["n_units"]).all()

"""Property tests of the illustrative-value generator (doisanh.build.illustrative).

Groups are drawn from a hidden "true" table of distinct values (so every set of constraints taken
from it is consistent and reachable); the constraints handed to `generate_group` are read off that
table: published values, published ranks (positions in the hidden order), rating bands around
the hidden value, and means of the hidden values rounded to two decimals.

The generator places a ranked unit without a published value by normal quantiles from its
neighbours; the tests therefore draw hidden values where the assumed shape (mu, sigma) puts them,
well inside [lo, hi]. Three cases outside what the generator handles are pinned below as known
failures (strict xfail: they fail loudly once fixed).
"""
from __future__ import annotations

import copy

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from doisanh.build import illustrative as gen
from doisanh.catalog import Component, Version

MU, SIGMA, LO, HI, DEC = 60.0, 8.0, 0.0, 100.0, 2
G = 10.0 ** -DEC
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _rank(values: dict[str, float], u: str) -> int:
    return 1 + sum(1 for v in values.values() if v > values[u])


def _on_grid(v: float, g: float = G) -> bool:
    return abs(v / g - round(v / g)) < 1e-6


def _run(spec: gen.GroupSpec, seed: int) -> gen.GroupResult:
    return gen.generate_group(spec, mu=MU, sigma=SIGMA, lo=LO, hi=HI, decimals=DEC, seed=seed)


@st.composite
def hidden_tables(draw, min_n: int = 2, max_n: int = 12) -> tuple[list[str], dict[str, float], dict[str, int]]:
    """Units, their hidden values (distinct, on the 0.01 grid, within mu ± 2.5 sigma, at least
    0.10 apart) and their hidden ranks."""
    n = draw(st.integers(min_n, max_n))
    units = [f"u{i:02d}" for i in range(n)]
    order = draw(st.permutations(units))
    top = draw(st.integers(round((MU + 0.5 * SIGMA) / G), round((MU + 2.5 * SIGMA) / G)))
    gaps = draw(st.lists(st.integers(10, 150), min_size=n, max_size=n))
    values, v = {}, top
    for u, gap in zip(order, gaps):
        values[u] = round(v * G, DEC)
        v -= gap
    return units, values, {u: i + 1 for i, u in enumerate(order)}


@st.composite
def ranked_groups(draw) -> tuple[gen.GroupSpec, dict[str, float]]:
    """Published values and ranks read off a hidden table. Either every published value is also
    ranked (ranked units may lack a value), or every ranked unit has a value (published values
    may be unranked)."""
    units, values, rank = draw(hidden_tables())
    pinned = draw(st.sets(st.sampled_from(units)))
    known = draw(st.sets(st.sampled_from(units)))
    if draw(st.booleans()):
        known &= pinned
    else:
        pinned &= known
    score = {u: draw(st.floats(-3, 3)) for u in units}
    spec = gen.GroupSpec(units=units, score=score, known={u: values[u] for u in known},
                         pins={u: rank[u] for u in pinned})
    return spec, values


@SETTINGS
@given(ranked_groups(), st.integers(0, 2**32 - 1))
def test_published_values_and_ranks_hold(group, seed):
    spec, _ = group
    res = _run(spec, seed)
    assert res.problems == []
    assert set(res.values) == set(spec.units)
    for u, v in spec.known.items():
        assert res.values[u] == v  # exactly, not approximately
    for u, r in spec.pins.items():
        assert _rank(res.values, u) == r, (u, r, res.values)
    for v in res.values.values():
        assert LO <= v <= HI and _on_grid(v)


@SETTINGS
@given(ranked_groups(), st.integers(0, 2**32 - 1))
def test_same_seed_same_values_and_spec_untouched(group, seed):
    spec, _ = group
    before = copy.deepcopy(spec)
    a, b = _run(spec, seed), _run(spec, seed)
    assert a.values == b.values and a.problems == b.problems
    assert spec == before


@st.composite
def groups_with_mean(draw) -> tuple[gen.GroupSpec, list[str], float]:
    """Every ranked unit has a published value, at least one unit has none, and one mean of the
    hidden values: over the whole group, or, when nothing is ranked, over any subset holding a
    unit without a published value. (With ranks, which free unit fills which rank is the
    generator's choice, so a mean over part of the group may become unreachable: see below.)"""
    units, values, rank = draw(hidden_tables(min_n=3))
    known = draw(st.sets(st.sampled_from(units), max_size=len(units) - 1))
    pinned = draw(st.sets(st.sampled_from(sorted(known)))) if known else set()
    free = [u for u in units if u not in known]
    subset = units
    if not pinned:
        subset = sorted(set(draw(st.sets(st.sampled_from(units)))) | {draw(st.sampled_from(free))})
    mean = round(sum(values[u] for u in subset) / len(subset), 2)
    score = {u: draw(st.floats(-3, 3)) for u in units}
    spec = gen.GroupSpec(units=units, score=score, known={u: values[u] for u in known},
                         pins={u: rank[u] for u in pinned}, means=[(subset, mean, 2)])
    return spec, subset, mean


@SETTINGS
@given(groups_with_mean(), st.integers(0, 2**32 - 1))
def test_reachable_mean_holds_after_rounding(group, seed):
    spec, subset, mean = group
    res = _run(spec, seed)
    assert res.problems == []
    got = sum(res.values[u] for u in subset) / len(subset)
    assert round(got, 2) == mean and abs(got - mean) < 0.005 + 1e-9
    for u, v in spec.known.items():
        assert res.values[u] == v
    for u, r in spec.pins.items():
        assert _rank(res.values, u) == r
    assert all(LO <= v <= HI and _on_grid(v) for v in res.values.values())


def test_unreachable_mean_is_reported_not_faked():
    spec = gen.GroupSpec(units=["a", "b", "c"], score={"a": 1.0, "b": 0.0, "c": -1.0},
                         known={"a": 90.0, "b": 80.0}, means=[(["a", "b", "c"], 99.0, 2)])
    res = _run(spec, 1)
    assert any("unreachable" in p for p in res.problems)
    assert (res.values["a"], res.values["b"]) == (90.0, 80.0)
    assert LO <= res.values["c"] <= HI


@st.composite
def banded_groups(draw) -> tuple[gen.GroupSpec, dict[str, tuple[float, float]]]:
    """Bands [lo, hi) on the grid around hidden values, some published values, maybe a mean."""
    units, values, _ = draw(hidden_tables())
    banded = draw(st.sets(st.sampled_from(units), min_size=1))
    rest = [u for u in units if u not in banded]
    known = draw(st.sets(st.sampled_from(rest))) if rest else set()
    bands = {}
    for u in banded:
        below = draw(st.integers(0, 500)) * G
        above = draw(st.integers(2, 500)) * G
        bands[u] = (round(max(values[u] - below, LO), DEC), round(min(values[u] + above, HI), DEC))
    means = []
    true_mean = sum(values.values()) / len(units)
    # a mean printed to 2 decimals is reachable from the hidden values only when they do not
    # sit on a rounding boundary (63.675 may print as 63.67 yet no grid value then reaches it)
    if draw(st.booleans()) and len(known) < len(units) and abs(true_mean - round(true_mean, 2)) < 0.004:
        means = [(units, round(true_mean, 2), 2)]
    score = {u: draw(st.floats(-3, 3)) for u in units}
    spec = gen.GroupSpec(units=units, score=score, known={u: values[u] for u in known}, bands=bands,
                         means=means)
    return spec, bands


@SETTINGS
@given(banded_groups(), st.integers(0, 2**32 - 1))
def test_band_bounds_respected(group, seed):
    spec, bands = group
    res = _run(spec, seed)
    assert res.problems == []
    for u, (b_lo, b_hi) in bands.items():
        assert b_lo <= res.values[u] < b_hi, (u, res.values[u], b_lo, b_hi)
    for u, v in spec.known.items():
        assert res.values[u] == v
    for subset, mean, dec in spec.means:
        assert round(sum(res.values[u] for u in subset) / len(subset), dec) == mean
    assert all(LO <= v <= HI for v in res.values.values())


def test_band_and_rank_of_the_issue():
    """Thuận An rated 'khá' [65, 80) among nine districts, the eight others 'tốt' [80, 100]."""
    units = [f"d{i}" for i in range(9)]
    bands = {u: (80.0, 100.0 + 1e-9) for u in units[1:]} | {"d0": (65.0, 80.0)}
    spec = gen.GroupSpec(units=units, score={u: float(i) for i, u in enumerate(units)}, bands=bands)
    res = gen.generate_group(spec, mu=80.0, sigma=8.0, lo=0.0, hi=100.0, decimals=2, seed=7)
    assert res.problems == []
    assert 65 <= res.values["d0"] < 80
    assert all(res.values[u] >= 80 for u in units[1:])


def test_ranks_that_leave_no_room_are_reported():
    """Ranks 1 and 2 published with 90 and 80, and an unranked 85: c cannot fit anywhere."""
    spec = gen.GroupSpec(units=["a", "b", "c", "d"], score={}, known={"a": 90.0, "b": 80.0, "c": 85.0},
                         pins={"a": 1, "b": 2})
    res = _run(spec, 3)
    assert any("conflict" in p for p in res.problems)
    assert (res.values["a"], res.values["b"], res.values["c"]) == (90.0, 80.0, 85.0)


@pytest.mark.xfail(strict=True, reason="LIMITATION: free units fill the rank positions by preference score, "
                   "not by the regional means they enter; a regional mean can become unreachable")
def test_regional_mean_with_ranks():
    """Hidden table: b 63.90 (rank 2), a 63.80 below it; a's 'region' {a} has mean 63.80. The
    generator puts a (best score) in the rank-1 position, above 63.90."""
    spec = gen.GroupSpec(units=["a", "b", "c"], score={"a": 1.0, "b": 0.0, "c": -1.0}, known={"b": 63.9},
                         pins={"b": 2}, means=[(["a"], 63.8, 2)])
    res = _run(spec, 0)
    assert res.problems == [] and round(res.values["a"], 2) == 63.8


@pytest.mark.xfail(strict=True, reason="LIMITATION: a ranked unit without a value is placed by normal "
                   "quantiles, ignoring published values that carry no rank (here 79.5 must lie below rank 1)")
def test_rank_one_above_an_unranked_published_value():
    spec = gen.GroupSpec(units=["a", "b", "c"], score={}, known={"b": 79.5}, pins={"a": 1})
    res = _run(spec, 0)
    assert res.problems == [] and _rank(res.values, "a") == 1


@pytest.mark.xfail(strict=True, reason="LIMITATION: a ranked unit without a value is clipped to the scale "
                   "maximum with no room left for the units ranked above it")
def test_rank_two_near_the_top_of_the_scale():
    spec = gen.GroupSpec(units=["a", "b", "c", "d"], score={}, known={"b": 96.62}, pins={"a": 2, "b": 3})
    res = _run(spec, 0)
    assert res.problems == [] and _rank(res.values, "a") == 2


# -------------------------------------------------------------------------- fill_components

@st.composite
def versions(draw) -> Version:
    k = draw(st.integers(1, 8))
    parts = []
    for j in range(k):
        weight = draw(st.sampled_from([0.1, 0.2, 0.5, 1.0, 1.5, 2.0]))
        mx = draw(st.sampled_from([1.0, 6.5, 10.0, 14.5, 60.0, 100.0]))
        parts.append(Component(id=f"c{j}", name_vi="", name_en="", max=mx, weight=weight, kind="part",
                               status="S", source="test"))
    if draw(st.booleans()):  # a view is shown, never summed
        parts.append(Component(id="view", name_vi="", name_en="", max=1.0, weight=0.0, kind="view",
                               status="S", source="test"))
    scale = sum(c.weight * c.max for c in parts if c.kind == "part")
    return Version(id="v", year_from=2000, year_to=2030, legal_basis="", status="S", source="", scale_max=scale,
                   components=tuple(parts))


@st.composite
def component_cases(draw):
    """A version, totals made from hidden part values, some of them moved off the hidden sum (a
    total printed with its own rounding, or a misprint), and a random mask of published parts
    (possibly all of a row's parts)."""
    v = draw(versions())
    decimals = draw(st.sampled_from([2, 4]))
    g = 10.0 ** -decimals
    parts = v.parts
    m = draw(st.integers(1, 10))
    hidden = np.array([[draw(st.integers(0, round(p.max / g))) * g for p in parts] for _ in range(m)])
    w = np.array([p.weight for p in parts])
    shift = np.array([draw(st.sampled_from([0.0, 0.0, 1e-4, 0.003, 0.05])) * draw(st.sampled_from([-1, 1]))
                      for _ in range(m)])
    totals = (hidden * w).sum(axis=1) + shift * v.scale_max
    mask = np.array([[draw(st.booleans()) for _ in parts] for _ in range(m)])
    fixed = np.where(mask, hidden, np.nan)
    return v, decimals, totals, fixed


@SETTINGS
@given(component_cases(), st.integers(0, 2**32 - 1))
def test_fill_components(case, seed):
    v, decimals, totals, fixed = case
    g = 10.0 ** -decimals
    w = np.array([p.weight for p in v.parts])
    mx = np.array([p.max for p in v.parts])
    vals, infeasible = gen.fill_components(totals, v, fixed=fixed.copy(), decimals=decimals, seed=seed)
    assert vals.shape == fixed.shape
    is_fixed = ~np.isnan(fixed)
    assert np.array_equal(vals[is_fixed], fixed[is_fixed])  # published parts unchanged, exactly
    ok = ~np.isnan(vals)
    assert (vals[ok] >= 0).all() and (vals[ok] <= np.broadcast_to(mx, vals.shape)[ok] + 1e-12).all()
    has_free = (~is_fixed).any(axis=1)
    need = totals - np.where(is_fixed, fixed * w, 0.0).sum(axis=1)
    room = np.where(is_fixed, 0.0, w * mx).sum(axis=1)
    outside = np.maximum(np.maximum(-need, need - room), 0.0)  # how far the free parts cannot reach
    # rows the free parts can fill are filled; rows far outside are flagged; all-published rows never
    assert not infeasible[has_free & (outside == 0)].any()
    assert infeasible[has_free & (outside > 1e-3 * v.scale_max)].all()
    assert not infeasible[~has_free].any()
    assert np.isnan(vals[infeasible][~is_fixed[infeasible]]).all()
    filled = has_free & ~infeasible
    assert ok[filled].all()
    sums = (vals * w).sum(axis=1)
    assert np.all(np.abs(sums - totals)[filled] <= outside[filled] + w.max() * g + 1e-9), (sums, totals)
    again, flags = gen.fill_components(totals, v, fixed=fixed.copy(), decimals=decimals, seed=seed)
    assert np.array_equal(vals, again, equal_nan=True) and np.array_equal(infeasible, flags)


def _pct_version() -> Version:
    parts = tuple(Component(id=f"c{j}", name_vi="", name_en="", max=mx, weight=1.0, kind="part", status="S",
                            source="test") for j, mx in enumerate((61.5, 10.0, 22.0, 6.5)))
    return Version(id="qd1150_2020", year_from=2020, year_to=2021, legal_basis="", status="S", source="",
                   scale_max=100.0, components=parts)


def test_fill_components_keeps_all_published_parts_even_when_they_miss_the_total():
    """All four parts printed, total printed 1 point higher: the parts stay as printed."""
    v = _pct_version()
    fixed = np.array([[55.48, 8.82, 20.27, 2.36], [55.48, 8.82, 20.27, 2.36]])
    vals, infeasible = gen.fill_components(np.array([86.93, 87.93]), v, fixed=fixed.copy(), decimals=2, seed=1)
    assert np.array_equal(vals, fixed)
    assert not infeasible.any()


def test_fill_components_flags_rows_published_parts_cannot_fit():
    v = _pct_version()
    nan = np.nan
    fixed = np.array([
        [60.0, 10.0, nan, nan],   # published parts 70 > total 50: infeasible
        [10.0, nan, nan, nan],    # 10 + at most 38.5 < total 90: infeasible
        [55.48, 8.82, nan, 2.36],  # Bình Dương 2020 without one part: leader_survey = 20.27
    ])
    totals = np.array([50.0, 90.0, 86.93])
    vals, infeasible = gen.fill_components(totals, v, fixed=fixed.copy(), decimals=2, seed=5)
    assert infeasible.tolist() == [True, True, False]
    assert vals[0].tolist()[:2] == [60.0, 10.0] and np.isnan(vals[0, 2:]).all()
    assert vals[1, 0] == 10.0 and np.isnan(vals[1, 1:]).all()
    assert vals[2].tolist() == [55.48, 8.82, 20.27, 2.36]

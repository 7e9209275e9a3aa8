"""What-if and target solver (doisanh.whatif): hand-checked cases, then properties.

- each target kind (rank, top, band, score, beat) and each strategy on the PAR 2020 fixture unit 02;
- a plan never passes a maximum nor lowers a component, and always spends at least the gain;
- applying the plan meets the target whenever requirement() says it is reachable;
- the gain is minimal: one grid step less does not meet the target (brute force on small grids);
- unreachable exactly when gain > headroom, shortfall = gain - headroom;
- Peers.rank_of / percentile_of agree with queries/ranking.sql run on DuckDB (ties included),
  quartile_of with DuckDB's ntile(4);
- the three strategies spend the same total gain; 'weighted' gives the hardest component no more
  than 'proportional' does.
"""
from __future__ import annotations

import math
from dataclasses import replace

import duckdb
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from doisanh import db, sql
from doisanh.whatif import (
    STRATEGIES,
    TIE,
    Part,
    Peers,
    Target,
    make_plan,
    quartile_of,
    requirement,
    total_of,
    weighted_steps,
)
from tests import fixture

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


# ------------------------------------------------------------ hand-checked: PAR 2020, unit 02

# unit 02 (85.50) among 01 (90.00), 04 (85.50), 06 (80.00), 08 (75.25); max 61.5 + 10 + 22 + 6.5 = 100
PEERS_02 = Peers.of([90.0, 85.5, 80.0, 75.25])
PARTS_02 = [Part("appraisal", 50.0, 61.5), Part("sipas", 9.5, 10.0),
            Part("leader_survey", 20.0, 22.0), Part("socio_economic", 6.0, 6.5)]
TOTAL_02 = 85.5


def _req(target: Target, parts=PARTS_02, peers=PEERS_02, total=TOTAL_02, decimals=2):
    return requirement(target, parts, peers, total, decimals=decimals)


def test_peers_rank_percentile_and_value_at_rank_by_hand():
    assert PEERS_02.n == 5
    assert PEERS_02.rank_of(85.5) == (2, 5)          # tie with 04: both 2nd, 1,2,2,4,5
    assert PEERS_02.rank_of(90.0) == (1, 5)          # tie with the leader shares rank 1
    assert PEERS_02.rank_of(89.99) == (2, 5)
    assert PEERS_02.rank_of(70.0) == (5, 5)
    assert PEERS_02.percentile_of(85.5) == 50.0      # 80 and 75.25 strictly below: 2 of 4
    assert PEERS_02.percentile_of(90.0) == 75.0      # the tied leader is not below
    assert PEERS_02.percentile_of(95.0) == 100.0
    assert PEERS_02.value_at_rank(1) == 90.0
    assert PEERS_02.value_at_rank(4) == 75.25
    assert PEERS_02.value_at_rank(5) is None
    assert Peers.of([1.0, None, math.nan]).asc == (1.0,)


def test_a_float_sum_an_ulp_below_a_peer_ties_with_it():
    # shipped i766 2023: a plan for rank 6 lands on 82.23 as 82.22999999999999; it must share
    # rank 6 with the unit at 82.23, not show 7 (it did before TIE was introduced)
    assert 0.01 + 2.01 < 2.02
    assert Peers.of([2.02]).rank_of(0.01 + 2.01) == (1, 2)
    assert Peers.of([2.02, 1.0]).percentile_of(0.01 + 2.01) == 50.0
    # ... while the smallest published step (4 decimals) still separates
    assert Peers.of([2.02]).rank_of(2.0199) == (2, 2)
    assert Peers.of([2.02]).percentile_of(2.0201) == 100.0


def test_target_rank_one_needs_the_gap_to_the_leader():
    req = _req(Target("rank", rank=1))
    assert req.required_total == 90.0
    assert req.gain == pytest.approx(4.5)
    assert req.headroom == pytest.approx(14.5)       # 11.5 + 0.5 + 2 + 0.5
    assert req.reachable and not req.already_met and req.shortfall == 0.0


def test_target_rank_already_held_through_a_tie_is_met():
    req = _req(Target("rank", rank=2))
    assert req.already_met and req.gain == 0.0 and req.reachable


def test_target_rank_equal_to_group_size_is_always_met():
    req = _req(Target("rank", rank=5), total=0.0)
    assert req.already_met and req.required_total == -math.inf


def test_target_top_k_is_rank_k_or_better():
    req = _req(Target("top", rank=1))
    assert req.required_total == 90.0 and req.gain == pytest.approx(4.5)
    assert _req(Target("top", rank=3)).already_met


def test_target_band_needs_the_band_minimum():
    req = _req(Target("band", band_min=88.0))
    assert req.required_total == 88.0 and req.gain == pytest.approx(2.5) and req.reachable
    assert _req(Target("band", band_min=85.5)).already_met      # the minimum itself is in the band


def test_target_score_full_marks_uses_all_headroom_and_no_more():
    req = _req(Target("score", score=100.0))
    assert req.gain == pytest.approx(14.5) and req.reachable and req.shortfall == 0.0
    req = _req(Target("score", score=101.25))
    assert not req.reachable
    assert req.gain == pytest.approx(15.75)
    assert req.shortfall == pytest.approx(1.25)


def test_target_beat_needs_one_grid_step_more_than_the_rival():
    req = _req(Target("beat", beat_total=90.0))
    assert req.required_total == pytest.approx(90.01)
    assert req.gain == pytest.approx(4.51)
    req = _req(Target("beat", beat_total=90.0), decimals=0)
    assert req.required_total == 91.0 and req.gain == pytest.approx(5.5)
    assert _req(Target("beat", beat_total=80.0)).already_met
    assert not _req(Target("beat", beat_total=85.5)).already_met        # a tie is not beating
    assert _req(Target("beat")).required_total is None


def test_unknown_target_kind_or_strategy_raises():
    with pytest.raises(ValueError):
        _req(Target("median"))
    with pytest.raises(ValueError):
        make_plan(PARTS_02, 1.0, "greedy")


def _new(plan) -> dict[str, float]:
    return {s.id: round(s.new_value, 6) for s in plan}


def test_plan_largest_headroom_by_hand():
    plan = make_plan(PARTS_02, 4.5, "largest_headroom")
    assert _new(plan) == {"appraisal": 54.5, "sipas": 9.5, "leader_survey": 20.0, "socio_economic": 6.0}
    # more than the largest room: fill appraisal (11.5), then leader_survey (2), then the ties by id
    plan = make_plan(PARTS_02, 14.0, "largest_headroom")
    assert _new(plan) == {"appraisal": 61.5, "sipas": 10.0, "leader_survey": 22.0, "socio_economic": 6.0}


def test_plan_proportional_by_hand():
    # every component gives 4.5 / 14.5 of its room, rounded up to 0.01
    plan = make_plan(PARTS_02, 4.5, "proportional")
    assert _new(plan) == {"appraisal": 53.57, "sipas": 9.66, "leader_survey": 20.63, "socio_economic": 6.16}


def test_plan_weighted_by_hand():
    # appraisal 3x harder: ease 11.5/3, 0.5, 2, 0.5 (sum 6.8333); appraisal gets 4.5*3.8333/6.8333 = 2.524
    parts = [replace(PARTS_02[0], difficulty=3.0), *PARTS_02[1:]]
    plan = make_plan(parts, 4.5, "weighted")
    assert _new(plan) == {"appraisal": 52.53, "sipas": 9.83, "leader_survey": 21.32, "socio_economic": 6.33}


def test_weighted_steps_are_those_that_count_otherwise_in_the_total():
    # PCI 2016's business support: 0-10 at weight 2 (20 of 100); +0,70 there is +1,40 of the total
    pci = [Part("support", 5.57, 10.0, weight=2.0), Part("entry", 8.25, 10.0, weight=0.5)]
    plan = make_plan(pci, 1.38, "largest_headroom")
    steps = {s.id: s for s in weighted_steps(plan)}
    assert list(steps) == ["support"] and steps["support"].increase == pytest.approx(0.69)
    assert steps["support"].points == pytest.approx(2 * steps["support"].increase)
    assert weighted_steps(make_plan(PARTS_02, 4.5, "largest_headroom")) == []     # PAR: weight 1


def test_plan_of_zero_gain_changes_nothing():
    for strategy in STRATEGIES:
        assert all(s.increase == 0 and s.points == 0 for s in make_plan(PARTS_02, 0.0, strategy))


# ------------------------------------------------------------ generators on a grid

def _grid(i: int, decimals: int) -> float:
    return round(i * 10.0 ** -decimals, decimals)


@st.composite
def cases(draw, weights=(1.0,), with_difficulty=False):
    """(decimals, parts, peers, current_total): values, maxima and peer totals on the grid."""
    decimals = draw(st.sampled_from([0, 2]))
    top = 30 if decimals == 0 else 3000               # a component is worth at most 30 points
    n_parts = draw(st.integers(1, 4))
    parts = []
    for i in range(n_parts):
        k = draw(st.integers(1, top))
        j = draw(st.integers(0, k))
        w = draw(st.sampled_from(weights))
        d = draw(st.sampled_from([0.5, 1.0, 2.0, 4.0])) if with_difficulty else 1.0
        parts.append(Part(f"c{i}", _grid(j, decimals), _grid(k, decimals), w, d))
    hi = sum(round(p.max / 10.0 ** -decimals) for p in parts) + 3
    raw = draw(st.lists(st.integers(0, hi), max_size=8))
    # peers cluster on a few values often enough to produce ties
    peers = Peers.of([_grid(i, decimals) for i in raw])
    return decimals, parts, peers, total_of(parts)


@st.composite
def targets(draw, decimals: int, peers: Peers, hi: float):
    kind = draw(st.sampled_from(["rank", "top", "band", "score", "beat"]))
    if kind in ("rank", "top"):
        return Target(kind, rank=draw(st.integers(1, peers.n + 1)))
    step = 10.0 ** -decimals
    value = _grid(draw(st.integers(0, round(hi / step) + 5)), decimals)
    if kind == "band":
        return Target("band", band_min=value)
    if kind == "score":
        return Target("score", score=value)
    if peers.asc and draw(st.booleans()):
        value = draw(st.sampled_from(peers.asc))
    return Target("beat", beat_total=value)


def meets(target: Target, peers: Peers, total: float, decimals: int | None = None) -> bool:
    """The target, stated directly (not through required_total). Totals within TIE are equal,
    as in Peers.rank_of: 0.01 + 2.01 is 2.0199999999999996 and must count as 2.02. With
    `decimals`, beating a unit means passing it by one step of the published precision (what
    the solver promises: 79.92 is beaten by 79.93); without, any strictly greater total."""
    if target.kind in ("rank", "top"):
        return peers.rank_of(total)[0] <= target.rank
    if target.kind == "band":
        return total >= target.band_min - TIE
    if target.kind == "score":
        return total >= target.score - TIE
    if decimals is not None:
        return total >= target.beat_total + 10.0 ** -decimals - TIE
    return total > target.beat_total + TIE


def _max_total(parts) -> float:
    return sum(p.weight * p.max for p in parts)


# ------------------------------------------------------------ plan properties

@SETTINGS
@given(case=cases(weights=(0.5, 1.0, 2.0), with_difficulty=True), data=st.data(),
       strategy=st.sampled_from(STRATEGIES))
def test_plan_stays_within_maxima_and_never_lowers(case, data, strategy):
    decimals, parts, _, _ = case
    room = sum(p.headroom_points for p in parts)
    gain = data.draw(st.floats(0, room * 1.5 + 1, allow_nan=False))
    plan = make_plan(parts, gain, strategy, decimals=decimals)
    assert [s.id for s in plan] == [p.id for p in parts]
    for p, s in zip(parts, plan):
        assert p.value <= s.new_value <= p.max, (p, s)
        assert s.increase == pytest.approx(s.new_value - p.value)
        assert s.points == pytest.approx(p.weight * s.increase)
        # new values are on the published grid (or the maximum itself)
        assert s.new_value == p.max or s.new_value == round(s.new_value, decimals)
    spent = sum(s.points for s in plan)
    assert spent >= min(gain, room) - 1e-9        # the plan spends at least what was asked ...
    assert spent <= room + 1e-9                    # ... and never more than there is


@SETTINGS
@given(case=cases(weights=(0.5, 1.0, 2.0), with_difficulty=True), data=st.data(),
       strategy=st.sampled_from(STRATEGIES))
def test_applying_the_plan_meets_a_reachable_target(case, data, strategy):
    decimals, parts, peers, current = case
    target = data.draw(targets(decimals, peers, _max_total(parts)))
    req = requirement(target, parts, peers, current, decimals=decimals)
    if req.required_total is None or not req.reachable:
        return
    if req.already_met:
        assert meets(target, peers, current)
        return
    plan = make_plan(parts, req.gain, strategy, decimals=decimals)
    new_total = total_of(parts, {s.id: s.new_value for s in plan})
    assert meets(target, peers, new_total), (req, plan, new_total)


@SETTINGS
@given(case=cases(), data=st.data())
def test_reported_gain_is_the_smallest_on_the_grid(case, data):
    decimals, parts, peers, current = case
    target = data.draw(targets(decimals, peers, _max_total(parts)))
    req = requirement(target, parts, peers, current, decimals=decimals)
    if req.required_total is None:
        return
    step = 10.0 ** -decimals
    assert meets(target, peers, current + req.gain), (req, current)
    if req.already_met:
        assert req.gain == 0.0
        return
    assert not meets(target, peers, current)
    assert req.gain == pytest.approx(round(req.gain / step) * step)   # a whole number of steps
    # brute force: every smaller gain on the grid misses the target
    for k in range(round(req.gain / step) - 1, -1, -1):
        assert not meets(target, peers, current + k * step), (req, k)


@SETTINGS
@given(case=cases(weights=(0.5, 1.0, 2.0)), data=st.data())
def test_unreachable_exactly_when_gain_exceeds_headroom(case, data):
    decimals, parts, peers, current = case
    target = data.draw(targets(decimals, peers, _max_total(parts) + 20))
    req = requirement(target, parts, peers, current, decimals=decimals)
    if req.required_total is None:
        assert not req.reachable
        return
    room = sum(p.headroom_points for p in parts)
    assert req.headroom == pytest.approx(room)
    assert req.reachable == (req.gain <= room + 1e-9)
    if req.reachable:
        assert req.shortfall == 0.0
        assert meets(target, peers, current + room + 1e-9, decimals)  # full marks is enough
    else:
        assert req.shortfall == pytest.approx(req.gain - room)
        assert req.shortfall > 0
        assert not meets(target, peers, current + room - 1e-9, decimals)


@SETTINGS
@given(case=cases(weights=(0.5, 1.0, 2.0), with_difficulty=True), data=st.data())
def test_strategies_spend_the_same_gain_up_to_grid_rounding(case, data):
    decimals, parts, _, _ = case
    room = sum(p.headroom_points for p in parts)
    gain = data.draw(st.floats(0, room, allow_nan=False))
    step = 10.0 ** -decimals
    slack = sum(p.weight * step for p in parts)       # each component rounds up at most one step
    for strategy in STRATEGIES:
        spent = sum(s.points for s in make_plan(parts, gain, strategy, decimals=decimals))
        assert gain - 1e-9 <= spent <= min(room, gain + slack) + 1e-9, (strategy, spent)


@SETTINGS
@given(case=cases(weights=(0.5, 1.0, 2.0), with_difficulty=True), data=st.data())
def test_weighted_gives_the_hardest_component_no_more_than_proportional(case, data):
    decimals, parts, _, _ = case
    hardest = max(p.difficulty for p in parts)
    if sum(p.difficulty == hardest for p in parts) == len(parts):
        parts = [replace(parts[0], difficulty=hardest * 2), *parts[1:]]
        hardest *= 2
    room = sum(p.headroom_points for p in parts)
    gain = data.draw(st.floats(0, room, allow_nan=False))
    step = 10.0 ** -decimals
    weighted = {s.id: s.points for s in make_plan(parts, gain, "weighted", decimals=decimals)}
    prop = {s.id: s.points for s in make_plan(parts, gain, "proportional", decimals=decimals)}
    for p in parts:
        if p.difficulty == hardest:
            assert weighted[p.id] <= prop[p.id] + p.weight * step + 1e-9, (p, weighted, prop)


# ------------------------------------------------------------ agreement with DuckDB

def test_quartile_of_matches_duckdb_ntile_for_every_group_size():
    con = duckdb.connect()
    for n in range(1, 71):
        got = con.sql("select ntile(4) over (order by i) as q from range($n) t(i) order by i",
                      params={"n": n}).fetchall()
        assert [q for (q,) in got] == [quartile_of(r, n) for r in range(1, n + 1)], n
    con.close()


@SETTINGS
@given(raw=st.lists(st.integers(0, 12), max_size=12), mine=st.integers(0, 13),
       decimals=st.sampled_from([0, 2]))
def test_rank_of_matches_duckdb_rank_with_ties(raw, mine, decimals):
    others = [_grid(i * 25, decimals) for i in raw]      # few distinct values: many ties
    total = _grid(mine * 25, decimals)
    con = duckdb.connect()
    con.execute("create table t (code varchar, value double)")
    con.executemany("insert into t values (?, ?)",
                    [(f"p{i}", v) for i, v in enumerate(others)] + [("me", total)])
    [(rank,)] = con.sql("select r from (select code, rank() over (order by value desc) as r "
                        "from t) where code = 'me'").fetchall()
    con.close()
    assert Peers.of(others).rank_of(total) == (rank, len(others) + 1)


# queries/ranking.sql itself, on the fixture snapshot plus a synthetic index-year (SIPAS 2001)
# whose peers are 70 extra provinces "20".."89"
EXTRA = [f"{i:02d}" for i in range(20, 90)]


@pytest.fixture(scope="module")
def ranking_con():
    frames = fixture.frames()
    extra = [dict(fixture.UNITS[0], unit_code=c, name_vi=f"P{c}", name_en=f"P{c}",
                  search_key=f"p{c} {c}", province_code=c) for c in EXTRA]
    frames["units"] = pl.concat([frames["units"], pl.DataFrame(extra, schema=frames["units"].schema)])
    con = db.connect(frames)
    yield con
    con.close()


def _ranking_of(con, totals: dict[str, float], index_id: str = "sipas") -> pl.DataFrame:
    cur = con.cursor()
    # the shared tables are read-only (doisanh.db.STORE, a constant: identifiers cannot be
    # bound); this cursor's own TEMP copy of `observations` is found before them
    cur.execute("create temp table observations as select * from " + db.STORE + ".observations")
    cur.executemany(
        "insert into temp.observations (era, level, unit_code, index_id, year, component, value, "
        "is_illustrative) values ('pre2025', 'province', ?, ?, 2001, 'total', ?, true)",
        [(code, index_id, v) for code, v in totals.items()])
    out = sql.run(cur, "ranking", era="pre2025", level="province", index_id=index_id, year=2001,
                  province_code=None, region_code=None, parent_code=None, peer_codes=None, with_illustrative=True)
    cur.close()
    return out


def _check_against_ranking_sql(con, others: list[float], total: float) -> None:
    codes = EXTRA[: len(others) + 1]
    df = _ranking_of(con, {codes[0]: total, **dict(zip(codes[1:], others))})
    me = df.filter(pl.col("unit_code") == codes[0]).row(0, named=True)
    peers = Peers.of(others)
    assert (me["rank_in_peers"], me["n_units"]) == peers.rank_of(total)
    assert me["percentile"] == peers.percentile_of(total), (len(others), me["percentile"])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.lists(st.integers(0, 40), max_size=60), mine=st.integers(0, 41))
def test_rank_and_percentile_match_ranking_sql(ranking_con, raw, mine):
    _check_against_ranking_sql(ranking_con, [i * 2.5 for i in raw], mine * 2.5)


@pytest.mark.parametrize("n_others, below", [(0, 0), (1, 1), (4, 2), (16, 1), (16, 3), (40, 1), (69, 12)])
def test_percentile_rounding_matches_ranking_sql(ranking_con, n_others, below):
    # 1 of 16 below is 6.25 %: DuckDB's round() gives 6.3 (half away from zero)
    others = [10.0] * below + [90.0] * (n_others - below)
    _check_against_ranking_sql(ranking_con, others, 50.0)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.lists(st.integers(0, 6), min_size=1, max_size=70))
def test_quartile_group_of_ranking_sql_is_quartile_of_the_rank(ranking_con, raw):
    # PAPI rates by quartile group. Few distinct values, so ties often straddle a group border:
    # tied units must share a group, the one quartile_of gives their (shared) rank, as the
    # what-if page re-rates a unit.
    df = _ranking_of(ranking_con, dict(zip(EXTRA, [i * 2.5 for i in raw])), index_id="papi")
    assert df.height == len(raw)
    for r in df.iter_rows(named=True):
        assert r["rating_id"] == f"q{quartile_of(r['rank_in_peers'], r['n_units'])}", r
    for _, g in df.group_by("value"):
        assert g["rating_id"].n_unique() == 1


def test_met_with_tells_the_published_score_from_the_hypothetical_one():
    from doisanh.whatif import Requirement, gain_to, met_with
    met = Requirement(90.0, 0.0, 10.0, True, 0.0, True)          # met by the hypothetical total
    assert met_with(met, published_total=90.0) == "published"
    assert met_with(met, published_total=85.5) == "hypothetical"
    assert met_with(Requirement(90.0, 4.5, 10.0, True, 0.0, False), 85.5) is None
    assert met_with(Requirement(None, math.nan, 10.0, False, math.nan, False), 85.5) is None
    assert gain_to(90.0, 85.5, decimals=2) == 4.5 and gain_to(90.0, 91.0, decimals=2) == 0.0

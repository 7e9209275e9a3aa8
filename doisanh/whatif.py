"""What-if and target solving — plain Python, no Streamlit.

Ranking follows queries/ranking.sql exactly: a unit's rank is 1 + the number of peers with a
strictly higher total (ties share the rank: 1, 2, 2, 4). Other units keep their published (or
illustrative) totals; only the chosen unit changes.

    peers = Peers.of(other_totals)             # totals of every other unit of the peer group
    rank, n = peers.rank_of(new_total)
    need = required_total(target, peers, ...)  # the smallest total that meets the target
    plan = make_plan(parts, gain, strategy)    # how to spread the gain over components
"""
from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

STRATEGIES = ("largest_headroom", "proportional", "weighted")
TARGET_KINDS = ("rank", "top", "band", "score", "beat")
# Totals closer than this are equal. Published figures have at most 4 decimals, but a what-if
# total is a float sum (85.5 - 16.38 + 22.0 ...) that can land an ulp below a peer's total.
TIE = 1e-9


def _round_half_away(x: float, digits: int) -> float:
    """DuckDB's round() of a double: halves away from zero (Python's round() goes to even)."""
    scale = 10.0 ** digits
    y = abs(x) * scale
    r = math.floor(y)
    if y - r >= 0.5:
        r += 1
    return math.copysign(r / scale, x)


@dataclass(frozen=True)
class Part:
    """One component of the unit: its value now, its maximum and its weight in the total."""

    id: str
    value: float
    max: float
    weight: float = 1.0
    difficulty: float = 1.0  # used by the 'weighted' strategy: higher = harder to raise

    @property
    def headroom_points(self) -> float:
        return max(0.0, self.weight * (self.max - self.value))


@dataclass(frozen=True)
class Peers:
    """Totals of the OTHER units of the peer group, sorted ascending."""

    asc: tuple[float, ...]

    @classmethod
    def of(cls, totals) -> Peers:
        return cls(tuple(sorted(float(v) for v in totals if v is not None and not math.isnan(v))))

    @property
    def n(self) -> int:
        return len(self.asc) + 1  # the unit itself

    def rank_of(self, total: float) -> tuple[int, int]:
        """(rank, n) of a unit scoring `total` among these peers (a what-if total within TIE of
        a peer's total ties with it: 82.23 reached as 82.22999999999999 shares its rank)."""
        higher = len(self.asc) - bisect.bisect_right(self.asc, total + TIE)
        return 1 + higher, self.n

    def percentile_of(self, total: float) -> float:
        """Share of the group strictly below, 0–100, rounded as queries/ranking.sql rounds it."""
        lower = bisect.bisect_left(self.asc, total - TIE)
        return _round_half_away(100.0 * lower / max(self.n - 1, 1), 1)

    def value_at_rank(self, r: int) -> float | None:
        """The r-th highest peer total (1-based), or None when there are fewer peers."""
        if r < 1 or r > len(self.asc):
            return None
        return self.asc[-r]


def quartile_of(rank: int, n: int) -> int:
    """PAPI-style group of a rank: the group DuckDB's ntile(4) gives the rank-th of n ordered
    units. Taken at the (shared) rank, so tied units share a group; queries/ranking.sql uses
    the same arithmetic."""
    pos = rank - 1
    base, extra = divmod(n, 4)
    bound = 0
    for q in range(1, 5):
        bound += base + (1 if q <= extra else 0)
        if pos < bound:
            return q
    return 4


def total_of(parts: list[Part], values: dict[str, float] | None = None) -> float:
    values = values or {}
    return sum(p.weight * values.get(p.id, p.value) for p in parts)


@dataclass(frozen=True)
class Target:
    kind: str            # rank | top | band | score | beat
    rank: int | None = None
    score: float | None = None
    band_min: float | None = None
    beat_total: float | None = None


@dataclass(frozen=True)
class Requirement:
    required_total: float | None   # None: the target cannot be expressed (e.g. rank > n)
    gain: float                    # smallest gain of the total that meets the target (0 if met)
    headroom: float                # total points still available over all components
    reachable: bool
    shortfall: float               # how far the headroom falls short (0 if reachable)
    already_met: bool


def _ceil_grid(x: float, decimals: int) -> float:
    q = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(x)).quantize(q, rounding=ROUND_CEILING))


def required_total(target: Target, peers: Peers, *, decimals: int) -> float | None:
    """The smallest total (on the published precision grid) that meets the target."""
    g = 10.0 ** -decimals
    if target.kind in ("rank", "top"):
        r = target.rank or 1
        if r >= peers.n:
            return -math.inf
        return peers.value_at_rank(r)          # equal to the r-th peer: shares rank r
    if target.kind == "band":
        return target.band_min
    if target.kind == "score":
        return target.score
    if target.kind == "beat":
        return None if target.beat_total is None else round(target.beat_total + g, decimals)
    raise ValueError(f"unknown target kind {target.kind!r}")


def requirement(target: Target, parts: list[Part], peers: Peers, current_total: float, *,
                decimals: int) -> Requirement:
    need = required_total(target, peers, decimals=decimals)
    headroom = sum(p.headroom_points for p in parts)
    if need is None:
        return Requirement(None, math.nan, headroom, False, math.nan, False)
    if need <= current_total + TIE:
        return Requirement(need, 0.0, headroom, True, 0.0, True)
    gain = gain_to(need, current_total, decimals=decimals)
    reachable = gain <= headroom + 1e-9
    return Requirement(need, gain, headroom, reachable,
                       0.0 if reachable else gain - headroom, False)


def gain_to(need: float, total: float, *, decimals: int) -> float:
    """Points of the total still needed to go from `total` to `need` (0 when met)."""
    if need <= total + TIE:
        return 0.0
    return _ceil_grid(need - total - TIE, decimals + 2)


def met_with(req: Requirement, published_total: float) -> str | None:
    """Which score reaches the target: 'published' (the unit's current, published score),
    'hypothetical' (only the score after the what-if edits or an applied plan), or None (not
    reached). After a plan is applied the hypothetical total meets the target; saying "đã đạt
    với điểm hiện tại" then claimed the published score did (issue 14)."""
    if req.required_total is None or not req.already_met:
        return None
    return "published" if req.required_total <= published_total + TIE else "hypothetical"


@dataclass(frozen=True)
class Step:
    id: str
    points: float        # gain of the total from this component
    new_value: float     # the component's value after the plan
    increase: float      # new_value - value


def weighted_steps(plan: list[Step], decimals: int = 2) -> list[Step]:
    """The steps whose points count in the total as other than themselves (a PCI component's
    +0,70 is +1,40 of the total at weight 2): what the page explains under the plan."""
    return [s for s in plan if s.increase > 0 and abs(s.points - s.increase) > 10 ** -(decimals + 1)]


def make_plan(parts: list[Part], gain: float, strategy: str, *, decimals: int = 2) -> list[Step]:
    """Spread `gain` points of the total over components with headroom, never past a maximum.

    largest_headroom: fill the component with the most headroom points first, then the next;
    proportional: every component gives the same share of its headroom;
    weighted: like proportional, with each share divided by the component's difficulty.
    Values are rounded UP to the published precision, so the plan always reaches the gain.
    """
    if strategy not in STRATEGIES:
        raise ValueError(f"unknown strategy {strategy!r}")
    gain = max(0.0, gain)
    room = {p.id: p.headroom_points for p in parts}
    alloc = dict.fromkeys(room, 0.0)
    total_room = sum(room.values())
    target = min(gain, total_room)
    if target > 0:
        if strategy == "largest_headroom":
            left = target
            for p in sorted(parts, key=lambda p: (-room[p.id], p.id)):
                take = min(room[p.id], left)
                alloc[p.id] = take
                left -= take
                if left <= 1e-12:
                    break
        else:
            ease = {p.id: room[p.id] / (p.difficulty if strategy == "weighted" else 1.0)
                    for p in parts}
            # water-filling: shares proportional to `ease`, capped by the room
            active = {i for i in room if room[i] > 0 and ease[i] > 0}
            left = target
            while left > 1e-12 and active:
                s = sum(ease[i] for i in active)
                capped = {i for i in active if left * ease[i] / s >= room[i] - alloc[i] - 1e-15}
                if not capped:
                    for i in active:
                        alloc[i] += left * ease[i] / s
                    left = 0.0
                    break
                for i in capped:
                    left -= room[i] - alloc[i]
                    alloc[i] = room[i]
                active -= capped
    steps = []
    for p in parts:
        pts = alloc[p.id]
        if p.weight > 0:
            inc = pts / p.weight
            new = min(p.max, _ceil_grid(p.value + inc - 1e-12, decimals)) if pts > 0 else p.value
        else:
            new = p.value
        steps.append(Step(p.id, p.weight * (new - p.value), new, new - p.value))
    return steps

"""Deterministic illustrative values, consistent with every published constraint.

Where no source publishes a figure, the build generates one and flags it
`is_illustrative`. Generated totals respect, within each peer group (all provinces of
an era; the districts or communes of one province):

- published values (kept exactly) and published ranks (the unit keeps its rank);
- published means (national or regional): the mean of all units, rounded to the
  published precision, equals the published mean;
- published rating bands (e.g. 766 'khá'): the value falls inside the band.

Generated components add up to their total (sum of weight × value, as the catalog
defines), never exceed their maximum and keep published components unchanged.

Everything is seeded from stable hashes of (index, era, level, year, group), so the
same inputs give the same snapshot.
"""
from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, field
from statistics import NormalDist

import numpy as np

from doisanh.catalog import Index, Version

# Typical level and spread of each index, as a share of its scale, by level; a plain
# assumption for generated data only (never shown as a published figure).
SHAPE = {
    ("par", "province"): (0.840, 0.035), ("par", "district"): (0.820, 0.050),
    ("par", "commune"): (0.800, 0.070),
    ("sipas", "province"): (0.830, 0.040), ("sipas", "district"): (0.880, 0.045),
    ("i766", "province"): (0.760, 0.080), ("i766", "district"): (0.800, 0.080),
    ("i766", "commune"): (0.760, 0.100),
    ("dti", "province"): (0.550, 0.080), ("dti", "district"): (0.500, 0.100),
    ("pci", "province"): (0.630, 0.030), ("papi", "province"): (0.560, 0.035),
}
YEAR_TREND = 0.004  # share of the scale gained per year after 2020 (PAR rose 81.15 → 88.37)
_N = NormalDist()


def seed_of(*parts: object) -> int:
    return zlib.crc32("|".join(str(p) for p in parts).encode("utf-8"))


def latent(index_id: str, key: str) -> float:
    """A unit's persistent strength on an index, standard normal, from a stable hash."""
    u = (seed_of("latent", index_id, key) + 0.5) / 2**32
    return _N.inv_cdf(u)


@dataclass
class GroupSpec:
    """Constraints of one peer group in one (index, era, level, year)."""

    units: list[str]
    score: dict[str, float]                   # ordering preference of free units (higher first)
    known: dict[str, float] = field(default_factory=dict)    # published values
    pins: dict[str, int] = field(default_factory=dict)       # published ranks within the group
    bands: dict[str, tuple[float, float]] = field(default_factory=dict)  # [lo, hi)
    means: list[tuple[list[str], float, int]] = field(default_factory=list)  # (subset, mean, decimals)


@dataclass
class GroupResult:
    values: dict[str, float]
    problems: list[str]


def _grid(v: float, g: float) -> float:
    return round(round(v / g) * g, 10)


def _quantile_value(r: float, n: int, mu: float, sigma: float) -> float:
    p = min(max(1.0 - (r - 0.5) / n, 1e-6), 1 - 1e-6)
    return mu + sigma * _N.inv_cdf(p)


def _draw_between(rng: np.random.Generator, count: int, lo: float, hi: float,
                  mu: float, sigma: float) -> np.ndarray:
    """`count` values in [lo, hi], descending, shaped like N(mu, sigma) where possible."""
    if count <= 0:
        return np.empty(0)
    if hi <= lo:
        return np.full(count, lo)
    a, b = _N.cdf((lo - mu) / sigma), _N.cdf((hi - mu) / sigma)
    if b - a < 1e-9:
        u = rng.uniform(lo, hi, size=count)
    else:
        p = rng.uniform(a, b, size=count)
        p = np.clip(p, 1e-12, 1 - 1e-12)
        u = np.array([mu + sigma * _N.inv_cdf(float(x)) for x in p])
    return np.sort(np.clip(u, lo, hi))[::-1]


def generate_group(spec: GroupSpec, *, mu: float, sigma: float, lo: float, hi: float,
                   decimals: int, seed: int) -> GroupResult:
    """Values for every unit of a group honouring known values, ranks, bands and means."""
    rng = np.random.default_rng(seed)
    g = 10.0 ** -decimals
    n = len(spec.units)
    problems: list[str] = []
    values: dict[str, float] = {u: spec.known[u] for u in spec.units if u in spec.known}
    pins = {u: min(r, n) for u, r in spec.pins.items() if u in spec.units}
    for u, r in spec.pins.items():
        if u in spec.units and r > n:
            problems.append(f"rank {r} of {u} exceeds group size {n}; kept at {n}")

    # 1. Values for ranked units without a published value: between known neighbours,
    #    spaced like normal order statistics.
    ranked = sorted(pins.items(), key=lambda kv: kv[1])
    anchors = [(r, values[u]) for u, r in ranked if u in values]
    for u, r in ranked:
        if u in values:
            continue
        above = [(ra, va) for ra, va in anchors if ra < r]
        below = [(rb, vb) for rb, vb in anchors if rb > r]
        q = _quantile_value(r, n, mu, sigma)
        if above and below:
            (ra, va), (rb, vb) = above[-1], below[0]
            qa, qb = _quantile_value(ra, n, mu, sigma), _quantile_value(rb, n, mu, sigma)
            t = (qa - q) / (qa - qb) if qa != qb else 0.5
            v = va - t * (va - vb)
        elif above:
            ra, va = above[-1]
            v = min(va - g * (r - ra), va - (_quantile_value(ra, n, mu, sigma) - q))
        elif below:
            rb, vb = below[0]
            v = max(vb + g * (rb - r), vb + (q - _quantile_value(rb, n, mu, sigma)))
        else:
            v = q
        values[u] = _grid(min(max(v, lo), hi), g)
        anchors = sorted(anchors + [(r, values[u])])
    # strictly decreasing by rank (equal ranks share a value)
    prev_r, prev_v = None, None
    for u, r in ranked:
        if prev_v is not None and u not in spec.known:
            if r == prev_r:
                values[u] = prev_v
            elif values[u] >= prev_v:
                values[u] = _grid(prev_v - g, g)
        prev_r, prev_v = r, values[u]

    # 2. Slots between ranked units; free units fill them in order of preference.
    free = [u for u in spec.units if u not in values]
    fixed_unranked = [u for u in spec.units if u in spec.known and u not in pins]
    rank_values = sorted({r for r in pins.values()})
    boundaries = []  # (rank, value, how many units share it)
    for r in rank_values:
        at = [u for u, rr in pins.items() if rr == r]
        boundaries.append((r, min(values[u] for u in at), len(at)))
    slots = []  # (count, lo, hi)
    top = hi
    prev_end = 0  # units above the current boundary, already accounted for
    for r, v, m in boundaries:
        between = [u for u in fixed_unranked if v < values[u] <= top]
        slots.append([r - 1 - prev_end - len(between), v + g, top if top == hi else top - g])
        prev_end = r - 1 + m
        top = v
    between = [u for u in fixed_unranked if values[u] <= top]
    slots.append([n - prev_end - len(between), lo, top if top == hi else top - g])
    for s in slots:
        if s[0] < 0:
            problems.append(f"published ranks and values conflict (slot short by {-s[0]})")
            s[0] = 0
    short = len(free) - sum(s[0] for s in slots)
    slots[-1][0] += short  # only non-zero after a conflict
    # Units with bounds (a published band, or room left by published parts) take the
    # best-preferred slot that overlaps their bounds; the others fill what is left in order.
    capacity = [s[0] for s in slots]
    assigned: dict[int, list[str]] = {i: [] for i in range(len(slots))}
    by_pref = sorted(free, key=lambda u: -spec.score.get(u, 0.0))
    for u in [u for u in by_pref if u in spec.bands]:
        b_lo, b_hi = spec.bands[u]
        fits = [i for i, (_, s_lo, s_hi) in enumerate(slots)
                if capacity[i] > 0 and s_lo <= b_hi - g and s_hi >= b_lo]
        if not fits:
            problems.append(f"bounds of {u} fit no free rank position")
            fits = [i for i in range(len(slots)) if capacity[i] > 0]
        assigned[fits[0]].append(u)
        capacity[fits[0]] -= 1
    rest = iter([u for u in by_pref if u not in spec.bands])
    for i in range(len(slots)):
        for _ in range(capacity[i]):
            u = next(rest, None)
            if u is None:  # published ranks leave more positions than free units (they conflict)
                break
            assigned[i].append(u)
    boxes: dict[str, tuple[float, float]] = {}
    for i, (count, s_lo, s_hi) in enumerate(slots):
        if not assigned[i]:
            continue
        s_lo_g = math.ceil(s_lo / g - 1e-9) * g
        s_hi_g = math.floor(s_hi / g + 1e-9) * g
        if s_lo_g > s_hi_g:
            problems.append(f"no room between published values for {count} unit(s)")
            s_lo_g = s_hi_g = min(s_lo_g, s_hi_g)
        plain = [u for u in assigned[i] if u not in spec.bands]
        for u, v in zip(plain, _draw_between(rng, len(plain), s_lo_g, s_hi_g, mu, sigma)):
            values[u] = float(v)
            boxes[u] = (s_lo_g, s_hi_g)
        for u in assigned[i]:
            if u in spec.bands:
                b_lo = max(s_lo_g, math.ceil(spec.bands[u][0] / g - 1e-9) * g)
                b_hi = min(s_hi_g, math.floor(spec.bands[u][1] / g + 1e-9) * g - g)
                if b_lo > b_hi:
                    b_lo, b_hi = s_lo_g, s_hi_g
                values[u] = float(_draw_between(rng, 1, b_lo, b_hi, mu, sigma)[0])
                boxes[u] = (b_lo, b_hi)

    # 4. Means: shift the free units of each subset (inside their boxes) until the mean holds.
    for subset, mean, _ in spec.means:
        members = [u for u in subset if u in values]
        movable = [u for u in members if u in boxes]
        fixed_sum = sum(values[u] for u in members if u not in boxes)
        target = mean * len(members) - fixed_sum
        if not movable:
            problems.append(f"mean {mean} not reproduced: every unit is published "
                            f"(their mean is {fixed_sum / max(len(members), 1):.2f})")
            continue
        base = np.array([values[u] for u in movable])
        blo = np.array([boxes[u][0] for u in movable])
        bhi = np.array([boxes[u][1] for u in movable])
        if not (blo.sum() - 1e-9 <= target <= bhi.sum() + 1e-9):
            n_m = len(members)
            problems.append(
                f"mean {mean} unreachable within published values and ranks: the other units "
                f"can only give a mean between {(fixed_sum + blo.sum()) / n_m:.2f} and "
                f"{(fixed_sum + bhi.sum()) / n_m:.2f}")
            continue
        # shift in logit space inside each box: keeps the order, never piles up on a bound
        width = np.maximum(bhi - blo, 1e-12)
        pos = np.clip((base - blo) / width, 1e-4, 1 - 1e-4)
        z = np.log(pos / (1 - pos))

        def moved(d: float, blo=blo, width=width, z=z) -> np.ndarray:
            return blo + width / (1 + np.exp(-(z + d)))

        a, b = -60.0, 60.0
        for _ in range(200):
            mid = (a + b) / 2
            if moved(mid).sum() < target:
                a = mid
            else:
                b = mid
        new = moved((a + b) / 2)
        for u, v in zip(movable, new):
            values[u] = float(v)

    # 5. Round to the published precision, then repair the means cent by cent.
    for u in boxes:
        values[u] = min(max(_grid(values[u], g), boxes[u][0]), boxes[u][1])
    for subset, mean, mdec in spec.means:
        members = [u for u in subset if u in values]
        movable = [u for u in members if u in boxes]
        if not movable:  # said above
            continue
        for _ in range(4 * len(movable) + 10):
            cur = sum(values[u] for u in members) / len(members)
            if round(cur, mdec) == round(mean, mdec) and abs(cur - mean) < 10.0 ** -mdec / 2:
                break
            step = g if cur < mean else -g
            cands = [u for u in movable
                     if boxes[u][0] <= values[u] + step <= boxes[u][1]]
            if not cands:
                problems.append(f"mean {mean} could not be repaired after rounding")
                break
            u = cands[int(rng.integers(len(cands)))]
            values[u] = _grid(values[u] + step, g)
    return GroupResult(values=values, problems=problems)


def fill_components(totals: np.ndarray, version: Version, *, fixed: np.ndarray | None,
                    decimals: int, seed: int,
                    column_means: dict[int, float] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Component values for each total (rows) over the version's parts (columns).

    `fixed` holds published component values (NaN where unknown). `column_means` maps a
    column to a published mean over all rows (e.g. PAPI control of corruption 6.77): the
    column's generated values are tilted (a common bias before each row is fitted to its
    total) until the column mean matches. Returns the matrix and a boolean vector of rows
    where the published parts left no feasible fill (NaN for their missing parts).
    """
    if column_means:
        bias = np.zeros(len(version.parts))
        for j, target in column_means.items():
            lo_b, hi_b = -1.0, 1.0
            for _ in range(40):
                bias[j] = (lo_b + hi_b) / 2
                vals, _ = _fill(totals, version, fixed=fixed, decimals=decimals, seed=seed,
                                bias=bias)
                if np.nanmean(vals[:, j]) < target:
                    lo_b = bias[j]
                else:
                    hi_b = bias[j]
        return _fill(totals, version, fixed=fixed, decimals=decimals, seed=seed, bias=bias,
                     protect=frozenset(column_means))
    return _fill(totals, version, fixed=fixed, decimals=decimals, seed=seed)


def _fill(totals, version, *, fixed, decimals, seed, bias=None, protect=frozenset()):
    """fill_components without column means; `bias` tilts columns, `protect` keeps the
    rounding residual off those columns."""
    parts = version.parts
    k, m = len(parts), len(totals)
    mx = np.array([c.max for c in parts])
    w = np.array([c.weight for c in parts])
    fixed = np.full((m, k), np.nan) if fixed is None else fixed
    is_fixed = ~np.isnan(fixed)
    rng = np.random.default_rng(seed)
    share = totals / version.scale_max
    noise = rng.normal(0.0, 0.08, size=(m, k))
    if bias is not None:
        noise = noise + bias[None, :]
    r0 = np.clip(share[:, None] + noise, 0.02, 1.0)
    fixed_pts = np.where(is_fixed, fixed * w, 0.0).sum(axis=1)
    need = totals - fixed_pts
    room = np.where(is_fixed, 0.0, w * mx).sum(axis=1)
    tol = 5e-4 * version.scale_max  # published totals and parts are rounded separately
    has_free = (~is_fixed & (w > 0)).any(axis=1)
    infeasible = has_free & ((need < -tol) | (need > room + tol))
    a, b = np.full(m, -1.0), np.full(m, 1.0)
    for _ in range(60):
        mid = (a + b) / 2
        got = np.where(is_fixed, 0.0, w * mx * np.clip(r0 + mid[:, None], 0.0, 1.0)).sum(axis=1)
        low = got < need
        a = np.where(low, mid, a)
        b = np.where(low, b, mid)
    vals = mx * np.clip(r0 + ((a + b) / 2)[:, None], 0.0, 1.0)
    g = 10.0 ** -decimals
    vals = np.round(vals / g) * g
    vals = np.where(is_fixed, fixed, vals)
    # put the rounding residual on the free part with most slack (only rows that have one: a
    # row whose parts are all published keeps them as printed)
    rows = np.flatnonzero(has_free)
    for _ in range(3):
        resid = totals[rows] - (vals[rows] * w).sum(axis=1)
        shielded = is_fixed[rows] | (w == 0)
        if protect and len(protect) < k:
            shielded = shielded | np.isin(np.arange(k), list(protect))[None, :]
        slack_up = np.where(shielded, -np.inf, mx - vals[rows])
        slack_dn = np.where(shielded, -np.inf, vals[rows])
        j = np.where(resid > 0, slack_up.argmax(axis=1), slack_dn.argmax(axis=1))
        adj = np.round(resid / w[j] / g) * g
        vals[rows, j] = np.clip(vals[rows, j] + adj, 0.0, mx[j])
    vals[infeasible] = np.where(is_fixed[infeasible], fixed[infeasible], np.nan)
    return vals, infeasible


def shape_for(ix: Index, level: str, year: int, version: Version) -> tuple[float, float]:
    mu_s, sd_s = SHAPE[(ix.id, level)]
    trend = YEAR_TREND * max(0, year - 2020) if ix.id == "par" else 0.0
    mu = min(mu_s + trend, 0.97) * version.scale_max
    return mu, sd_s * version.scale_max

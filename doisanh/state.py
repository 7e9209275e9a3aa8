"""URL state codec: a frozen dataclass <-> query parameters.

`decode(params, cat)` never raises: each invalid value falls back to its default and yields
a Notice naming the parameter. `encode(state)` writes only non-default values, so
`decode(encode(s)) == s` for every valid state. Lists are comma-separated codes.
Whether a unit code or a year has figures is checked later, against the data (ui.state).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

from doisanh.catalog import ERAS, Catalog

LANGS = ("vi", "en")
PEER_MODES = ("auto", "province", "region", "all", "near_size", "near_profile", "custom")
MAX_COMPARE = 8
MAX_CUSTOM = 30
K_RANGE = (3, 30)
_CODE = re.compile(r"^(?:[0-9]{2,5}|M[0-9]{2})$")
_COMPONENT = re.compile(r"^[a-z][a-z0-9_]{0,40}$")
_BAND = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,40}$")
_NUMBER = re.compile(r"^-?[0-9]{1,6}(?:\.[0-9]{1,6})?$")
TARGET_KINDS = ("rank", "top", "band", "score", "beat")
STRATEGIES = ("largest_headroom", "proportional", "weighted")
MAP_COLORS = ("value", "rank")
WEIGHTINGS = ("population", "equal")
_MAX_LEN = 400  # longest accepted parameter value (30 codes and commas fit)


@dataclass(frozen=True)
class State:
    lang: str = "vi"
    era: str = "pre2025"
    level: str = "province"
    index: str = "par"
    year: int | None = None         # None = the latest year with figures
    unit: str | None = None         # the chosen unit (GSO code)
    peers: str = "auto"             # how the peer group is formed (PEER_MODES)
    k: int = 10                     # number of statistical neighbours
    custom: tuple[str, ...] = ()    # custom peer list
    compare: tuple[str, ...] = ()   # units on the Compare page (≤ 8)
    province: str | None = None     # ranking page: only units of this province
    whatif: tuple[tuple[str, float], ...] = ()  # changed components: ((id, value), ...)
    target: str | None = None       # 'rank:6', 'top:10', 'band:tot', 'score:90', 'beat:79'
    strategy: str = "largest_headroom"
    imp: bool = False               # the view was made on figures its sender imported
    illustrative: bool = False      # show illustrative (generated) figures too; off = published
                                    # and imported figures only (link: illustrative=1)
    # the map page's view toggles
    map_color: str = "value"        # colour the map by value or rank (MAP_COLORS)
    map_recon: bool = False         # the reconstructed series of a merged unit is shown
    map_weighting: str = "population"  # how the reconstructed series weights predecessors


@dataclass(frozen=True)
class Notice:
    key: str
    value: str
    default: str


def _first(v: object) -> str:
    if isinstance(v, (list, tuple)):
        v = v[-1] if v else ""
    return str(v)


def _codes(raw: str, limit: int) -> tuple[tuple[str, ...], bool]:
    """Valid, de-duplicated codes (in order), and whether anything was dropped."""
    parts = [p.strip() for p in raw.split(",") if p.strip()]
    good = tuple(dict.fromkeys(p for p in parts if _CODE.match(p)))
    return good[:limit], len(good) != len(parts) or len(good) > limit


def decode(params: Mapping[str, object], cat: Catalog) -> tuple[State, list[Notice]]:
    s = State()
    notices: list[Notice] = []
    names = {f.name for f in fields(State)}
    raw = {k: _first(v) for k, v in params.items() if k in names}

    def bad(key: str, default: object) -> None:
        shown = raw[key] if len(raw[key]) <= 60 else raw[key][:57] + "…"
        notices.append(Notice(key, shown, "" if default in (None, ()) else str(default)))

    for key in raw:
        if len(raw[key]) > _MAX_LEN:
            bad(key, getattr(s, key))
            raw[key] = ""
    simple = (("lang", LANGS), ("era", ERAS), ("index", cat.ids), ("peers", PEER_MODES),
              ("strategy", STRATEGIES), ("map_color", MAP_COLORS), ("map_weighting", WEIGHTINGS))
    for key, allowed in simple:
        if raw.get(key):
            if raw[key] in allowed:
                s = replace(s, **{key: raw[key]})
            else:
                bad(key, getattr(s, key))
    levels = cat[s.index].levels(s.era)
    if raw.get("level"):
        if raw["level"] in levels:
            s = replace(s, level=raw["level"])
        else:
            bad("level", levels[0])
    if s.level not in levels:
        s = replace(s, level=levels[0])
    if raw.get("year"):
        y = raw["year"]
        if y.isascii() and y.isdigit() and int(y) in cat[s.index].years(s.era, s.level):
            s = replace(s, year=int(y))
        else:
            bad("year", "")
    if raw.get("k"):
        k = raw["k"]
        if k.isascii() and k.isdigit() and K_RANGE[0] <= int(k) <= K_RANGE[1]:
            s = replace(s, k=int(k))
        else:
            bad("k", s.k)
    for key in ("unit", "province"):
        if raw.get(key):
            v = raw[key]
            if _CODE.match(v) and (key != "province" or len(v) == 2):
                s = replace(s, **{key: v})
            else:
                bad(key, "")
    for key, limit in (("custom", MAX_CUSTOM), ("compare", MAX_COMPARE)):
        if raw.get(key):
            codes, dropped = _codes(raw[key], limit)
            s = replace(s, **{key: codes})
            if dropped:
                bad(key, ",".join(codes))
    if raw.get("whatif"):
        pairs, dropped = _pairs(raw["whatif"])
        s = replace(s, whatif=pairs)
        if dropped:
            bad("whatif", _pairs_text(pairs))
    for key in ("imp", "illustrative", "map_recon"):
        if raw.get(key):
            if raw[key] in ("1", "0"):
                s = replace(s, **{key: raw[key] == "1"})
            else:
                bad(key, "0")
    if raw.get("target"):
        if _valid_target(raw["target"]):
            s = replace(s, target=raw["target"])
        else:
            bad("target", "")
    return s, notices


def _pairs(raw: str) -> tuple[tuple[tuple[str, float], ...], bool]:
    out: dict[str, float] = {}
    parts = [p for p in raw.split(",") if p.strip()]
    for p in parts:
        k, _, v = p.strip().partition(":")
        if _COMPONENT.match(k) and _NUMBER.match(v):
            out[k] = float(v)
    return tuple(sorted(out.items())), len(out) != len(parts)


def _num_text(x: float) -> str:
    return f"{x:.6f}".rstrip("0").rstrip(".")


def _pairs_text(pairs: tuple[tuple[str, float], ...]) -> str:
    return ",".join(f"{k}:{_num_text(x)}" for k, x in pairs)


def _valid_target(raw: str) -> bool:
    kind, _, arg = raw.partition(":")
    if kind in ("rank", "top"):
        return arg.isascii() and arg.isdigit() and 1 <= int(arg) <= 20000
    if kind == "band":
        return bool(_BAND.match(arg))
    if kind == "score":
        return bool(_NUMBER.match(arg))
    if kind == "beat":
        return bool(_CODE.match(arg))
    return False


def encode(s: State) -> dict[str, str]:
    default = State()
    out: dict[str, str] = {}
    for f in fields(State):
        v = getattr(s, f.name)
        if v == getattr(default, f.name) or v is None:
            continue
        if f.name == "whatif":
            out[f.name] = _pairs_text(v)
        elif isinstance(v, bool):
            out[f.name] = "1" if v else "0"
        else:
            out[f.name] = ",".join(v) if isinstance(v, tuple) else str(v)
    return out

"""URL state codec: a frozen dataclass <-> query parameters.

`decode(params, cat)` never raises: each invalid value falls back to its default and
yields a Notice naming the parameter. `encode(state)` writes only non-default values,
so `decode(encode(s)) == s` for every valid state.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

from doisanh.catalog import ERAS, Catalog

LANGS = ("vi", "en")
_CODE = re.compile(r"^[0-9]{2,5}$")
_MAX_LEN = 64


@dataclass(frozen=True)
class State:
    lang: str = "vi"
    era: str = "pre2025"
    level: str = "province"
    index: str = "par"
    year: int | None = None        # None = the latest year with figures
    province: str | None = None    # peer group: units of this province (GSO code)
    unit: str | None = None        # the chosen unit (GSO code)


@dataclass(frozen=True)
class Notice:
    key: str
    value: str
    default: str


def _first(v: object) -> str:
    if isinstance(v, (list, tuple)):
        v = v[0] if v else ""
    return str(v)[:_MAX_LEN]


def decode(params: Mapping[str, object], cat: Catalog) -> tuple[State, list[Notice]]:
    s = State()
    notices: list[Notice] = []
    raw = {k: _first(v) for k, v in params.items() if k in {f.name for f in fields(State)}}

    def bad(key: str, default: object) -> None:
        notices.append(Notice(key, raw[key], "" if default is None else str(default)))

    if "lang" in raw:
        if raw["lang"] in LANGS:
            s = replace(s, lang=raw["lang"])
        else:
            bad("lang", s.lang)
    if "era" in raw:
        if raw["era"] in ERAS:
            s = replace(s, era=raw["era"])
        else:
            bad("era", s.era)
    if "index" in raw:
        if raw["index"] in cat.ids:
            s = replace(s, index=raw["index"])
        else:
            bad("index", s.index)
    levels = cat[s.index].levels(s.era)
    if "level" in raw:
        if raw["level"] in levels:
            s = replace(s, level=raw["level"])
        else:
            bad("level", levels[0])
    if s.level not in levels:
        s = replace(s, level=levels[0])
    if "year" in raw:
        y = raw["year"]
        years = cat[s.index].years(s.era, s.level)
        if y.isdigit() and int(y) in years:
            s = replace(s, year=int(y))
        else:
            bad("year", "")
    for key in ("province", "unit"):
        if key in raw:
            v = raw[key]
            if _CODE.match(v) and (key != "province" or len(v) == 2):
                s = replace(s, **{key: v})
            else:
                bad(key, "")
    return s, notices


def encode(s: State) -> dict[str, str]:
    default = State()
    out: dict[str, str] = {}
    for f in fields(State):
        v = getattr(s, f.name)
        if v != getattr(default, f.name) and v is not None:
            out[f.name] = str(v)
    return out

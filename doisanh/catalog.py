"""Index catalog: load and validate doisanh/indices.toml.

The TOML is the single description of the six indices (components, maxima, weights,
bands, coverage, per methodology version). `load()` validates it and returns frozen
dataclasses; `component_table()` / `band_table()` flatten it for DuckDB.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import polars as pl

CATALOG_PATH = Path(__file__).with_name("indices.toml")
STATUSES = ("S", "D", "U")
LEVELS = ("province", "district", "commune", "ministry")
ERAS = ("pre2025", "post2025")
RATING_KINDS = ("none", "bands", "quartile")
QUARTILE_GROUPS = (
    ("q1", "Nhóm điểm cao nhất", "Best performers"),
    ("q2", "Nhóm trung bình cao", "High average"),
    ("q3", "Nhóm trung bình thấp", "Low average"),
    ("q4", "Nhóm điểm thấp nhất", "Poor performers"),
)


class CatalogError(ValueError):
    """The catalog file is invalid; the message names the index and field."""


@dataclass(frozen=True)
class Component:
    id: str
    name_vi: str
    name_en: str
    max: float
    weight: float
    kind: str  # 'part' (adds into the total) or 'view' (alternative breakdown)
    status: str
    source: str


@dataclass(frozen=True)
class Version:
    id: str
    year_from: int
    year_to: int
    legal_basis: str
    status: str
    source: str
    scale_max: float
    components: tuple[Component, ...]
    source_vi: str | None = None         # the source note in Vietnamese (shown on Vietnamese pages)
    legal_basis_vi: str | None = None    # when legal_basis is not already a Vietnamese citation

    def note(self, lang: str) -> tuple[str, str]:
        """(legal basis, source note) in the page's language, where the catalog has them."""
        if lang == "vi":
            return self.legal_basis_vi or self.legal_basis, self.source_vi or self.source
        return self.legal_basis, self.source

    @property
    def parts(self) -> tuple[Component, ...]:
        return tuple(c for c in self.components if c.kind == "part")


@dataclass(frozen=True)
class Band:
    id: str
    name_vi: str
    name_en: str
    min: float
    year_from: int
    year_to: int
    status: str
    source: str


@dataclass(frozen=True)
class Coverage:
    era: str
    level: str
    year_from: int
    year_to: int


@dataclass(frozen=True)
class Index:
    id: str
    name_vi: str
    name_en: str
    short_vi: str
    short_en: str
    publisher_vi: str
    publisher_en: str
    legal_basis: str
    unit: str
    scale_max: float
    decimals: int
    direction: str
    rating_kind: str
    note: str
    coverage: tuple[Coverage, ...]
    complete_years: tuple[int, ...]
    versions: tuple[Version, ...]
    bands: tuple[Band, ...]

    def version_for(self, year: int) -> Version:
        for v in self.versions:
            if v.year_from <= year <= v.year_to:
                return v
        raise KeyError(f"{self.id}: no methodology version covers {year}")

    def bands_for(self, year: int) -> tuple[Band, ...]:
        return tuple(b for b in self.bands if b.year_from <= year <= b.year_to)

    def levels(self, era: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.level for c in self.coverage if c.era == era))

    def years(self, era: str, level: str) -> tuple[int, ...]:
        out: list[int] = []
        for c in self.coverage:
            if c.era == era and c.level == level:
                out.extend(range(c.year_from, c.year_to + 1))
        return tuple(sorted(set(out)))

    def is_complete(self, year: int) -> bool:
        lo_hi = self.complete_years
        return bool(lo_hi) and lo_hi[0] <= year <= lo_hi[1]


@dataclass(frozen=True)
class Catalog:
    indices: tuple[Index, ...]

    def __getitem__(self, index_id: str) -> Index:
        for ix in self.indices:
            if ix.id == index_id:
                return ix
        raise KeyError(index_id)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(ix.id for ix in self.indices)


def _opt_str(d: dict, key: str, where: str) -> str | None:
    return None if key not in d else _req(d, key, where, str)


def _req(d: dict, key: str, where: str, typ: type | tuple[type, ...]):
    if key not in d:
        raise CatalogError(f"{where}: missing field '{key}'")
    val = d[key]
    if typ is float and isinstance(val, int) and not isinstance(val, bool):
        val = float(val)
    if not isinstance(val, typ):
        raise CatalogError(f"{where}: field '{key}' must be {typ}, got {val!r}")
    return val


def _years(d: dict, where: str) -> tuple[int, int]:
    ys = _req(d, "years", where, list)
    if len(ys) != 2 or not all(isinstance(y, int) for y in ys) or ys[0] > ys[1]:
        raise CatalogError(f"{where}: 'years' must be [first, last], got {ys!r}")
    return ys[0], ys[1]


def _status(d: dict, where: str) -> str:
    s = _req(d, "status", where, str)
    if s not in STATUSES:
        raise CatalogError(f"{where}: status must be one of {STATUSES}, got {s!r}")
    return s


def _component(d: dict, where: str) -> Component:
    cid = _req(d, "id", where, str)
    where = f"{where} component '{cid}'"
    kind = d.get("kind", "part")
    if kind not in ("part", "view"):
        raise CatalogError(f"{where}: kind must be 'part' or 'view'")
    c = Component(
        id=cid, name_vi=_req(d, "name_vi", where, str), name_en=_req(d, "name_en", where, str),
        max=_req(d, "max", where, float), weight=_req(d, "weight", where, float), kind=kind,
        status=_status(d, where), source=_req(d, "source", where, str),
    )
    if c.max <= 0 or c.weight < 0:
        raise CatalogError(f"{where}: max must be > 0 and weight >= 0")
    return c


def _version(d: dict, where: str, scale_max: float) -> Version:
    vid = _req(d, "id", where, str)
    where = f"{where} version '{vid}'"
    y0, y1 = _years(d, where)
    comps = tuple(_component(c, where) for c in _req(d, "components", where, list))
    ids = [c.id for c in comps]
    if len(set(ids)) != len(ids):
        raise CatalogError(f"{where}: duplicate component ids")
    if "total" in ids:
        raise CatalogError(f"{where}: 'total' is reserved")
    v = Version(
        id=vid, year_from=y0, year_to=y1, legal_basis=_req(d, "legal_basis", where, str),
        status=_status(d, where), source=_req(d, "source", where, str),
        scale_max=float(d.get("scale_max", scale_max)), components=comps,
        source_vi=_opt_str(d, "source_vi", where), legal_basis_vi=_opt_str(d, "legal_basis_vi", where),
    )
    reach = sum(c.weight * c.max for c in v.parts)
    if abs(reach - v.scale_max) > 0.01:
        raise CatalogError(
            f"{where}: components reach {reach:.4f} (sum of weight × max), scale is {v.scale_max}"
        )
    return v


def _index(d: dict) -> Index:
    iid = _req(d, "id", "index", str)
    where = f"index '{iid}'"
    scale_max = _req(d, "scale_max", where, float)
    versions = tuple(
        sorted((_version(v, where, scale_max) for v in _req(d, "version", where, list)),
               key=lambda v: v.year_from)
    )
    for a, b in zip(versions, versions[1:]):
        if b.year_from <= a.year_to:
            raise CatalogError(f"{where}: versions '{a.id}' and '{b.id}' overlap")
    bands = tuple(
        Band(
            id=_req(b, "id", where, str), name_vi=_req(b, "name_vi", where, str),
            name_en=_req(b, "name_en", where, str), min=_req(b, "min", where, float),
            year_from=_years(b, where)[0], year_to=_years(b, where)[1],
            status=_status(b, where), source=_req(b, "source", where, str),
        )
        for b in d.get("band", [])
    )
    coverage = []
    for c in _req(d, "coverage", where, list):
        era, level = _req(c, "era", where, str), _req(c, "level", where, str)
        if era not in ERAS or level not in LEVELS:
            raise CatalogError(f"{where}: coverage era/level {era}/{level} unknown")
        y0, y1 = _years(c, where)
        coverage.append(Coverage(era, level, y0, y1))
    ix = Index(
        id=iid, name_vi=_req(d, "name_vi", where, str), name_en=_req(d, "name_en", where, str),
        short_vi=_req(d, "short_vi", where, str), short_en=_req(d, "short_en", where, str),
        publisher_vi=_req(d, "publisher_vi", where, str),
        publisher_en=_req(d, "publisher_en", where, str),
        legal_basis=_req(d, "legal_basis", where, str), unit=_req(d, "unit", where, str),
        scale_max=scale_max, decimals=_req(d, "decimals", where, int),
        direction=_req(d, "direction", where, str), rating_kind=_req(d, "rating_kind", where, str),
        note=_req(d, "note", where, str), coverage=tuple(coverage),
        complete_years=tuple(_req(d, "complete_years", where, list)),
        versions=versions, bands=bands,
    )
    if ix.direction != "higher_better":
        raise CatalogError(f"{where}: only direction 'higher_better' is supported")
    if ix.rating_kind not in RATING_KINDS:
        raise CatalogError(f"{where}: rating_kind must be one of {RATING_KINDS}")
    if ix.rating_kind == "bands" and not bands:
        raise CatalogError(f"{where}: rating_kind 'bands' needs [[index.band]] entries")
    for cov in ix.coverage:
        for y in range(cov.year_from, cov.year_to + 1):
            try:
                ix.version_for(y)
            except KeyError as e:
                raise CatalogError(f"{where}: coverage year {y} has no methodology version") from e
    return ix


def parse(text: str) -> Catalog:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise CatalogError(f"indices.toml: {e}") from e
    indices = tuple(_index(d) for d in _req(raw, "index", "catalog", list))
    ids = [ix.id for ix in indices]
    if len(set(ids)) != len(ids):
        raise CatalogError("catalog: duplicate index ids")
    return Catalog(indices)


@lru_cache(maxsize=1)
def load(path: Path = CATALOG_PATH) -> Catalog:
    return parse(path.read_text(encoding="utf-8"))


def component_table(cat: Catalog) -> pl.DataFrame:
    """One row per (index, version, component), plus a 'total' row per version."""
    rows = []
    for ix in cat.indices:
        for v in ix.versions:
            rows.append(dict(index_id=ix.id, version_id=v.id, year_from=v.year_from,
                             year_to=v.year_to, component="total", name_vi="Tổng điểm",
                             name_en="Total", max_value=v.scale_max, weight=1.0, kind="total",
                             ord=0, status=v.status))
            for i, c in enumerate(v.components, start=1):
                rows.append(dict(index_id=ix.id, version_id=v.id, year_from=v.year_from,
                                 year_to=v.year_to, component=c.id, name_vi=c.name_vi,
                                 name_en=c.name_en, max_value=c.max, weight=c.weight,
                                 kind=c.kind, ord=i, status=c.status))
    return pl.DataFrame(rows).with_columns(pl.col("year_from", "year_to").cast(pl.Int16))


def band_table(cat: Catalog) -> pl.DataFrame:
    """Rating bands by value (min threshold) and PAPI-style quartile groups."""
    rows = []
    for ix in cat.indices:
        for b in ix.bands:
            rows.append(dict(index_id=ix.id, band_id=b.id, name_vi=b.name_vi, name_en=b.name_en,
                             min_value=b.min, quartile=None, year_from=b.year_from,
                             year_to=b.year_to, status=b.status))
        if ix.rating_kind == "quartile":
            for q, (bid, vi, en) in enumerate(QUARTILE_GROUPS, start=1):
                rows.append(dict(index_id=ix.id, band_id=bid, name_vi=vi, name_en=en,
                                 min_value=None, quartile=q, year_from=1900, year_to=2100,
                                 status="S"))
    return pl.DataFrame(rows, schema={
        "index_id": pl.String, "band_id": pl.String, "name_vi": pl.String, "name_en": pl.String,
        "min_value": pl.Float64, "quartile": pl.Int32, "year_from": pl.Int16,
        "year_to": pl.Int16, "status": pl.String,
    })


def index_table(cat: Catalog) -> pl.DataFrame:
    return pl.DataFrame([
        dict(index_id=ix.id, name_vi=ix.name_vi, name_en=ix.name_en, short_vi=ix.short_vi,
             short_en=ix.short_en, unit=ix.unit, scale_max=ix.scale_max, decimals=ix.decimals,
             rating_kind=ix.rating_kind)
        for ix in cat.indices
    ])

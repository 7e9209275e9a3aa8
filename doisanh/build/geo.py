"""Province boundaries of both eras as small GeoJSON files for the map page (build time).

Reads two files of ../shared/data/boundaries and writes our own simplified copies:

    data/geo/provinces_pre2025.geojson    63 provinces (geoBoundaries VNM ADM1, 2008 boundaries)
    data/geo/provinces_post2025.geojson   34 provinces (vnmap, from 1 July 2025)
    data/geo/archipelagos.geojson         Hoàng Sa and Trường Sa: named islands as points

Both boundary files already hold the archipelagos' islets as tiny parts of Đà Nẵng (6 islets
east of 110.5°E) and Khánh Hòa (7), each a few hundred metres across: below a pixel on a map of
the country, and Đảo Trường Sa itself (8.645°N 111.920°E) is not among them. So the map draws
the archipelagos from a small layer of their own: the main islands at their public coordinates
(ISLANDS: each from the English Wikipedia article named beside it, rounded to 0.001°), each
carrying the code of the province it belongs to — the same in both eras: Hoàng Sa is huyện
Hoàng Sa of Đà Nẵng (48), Trường Sa is huyện Trường Sa of Khánh Hòa (56), and after 1 July 2025
both stay in their (merged) province as đặc khu Hoàng Sa and đặc khu Trường Sa.

Each feature has exactly the properties {unit_code, name_vi, name_en}; codes are GSO codes of
data/units.parquet and the names are the registry's. Steps per province: union of its parts
(Côn Đảo is a separate feature of geoBoundaries and is dissolved into Bà Rịa–Vũng Tàu, 77),
shapely `simplify(TOLERANCE, preserve_topology=True)`, snapped to a grid of GRID degrees
(coordinates have at most 3 decimals), then oriented the way d3-geo (Vega) expects: exterior
rings clockwise, holes counter-clockwise — with the opposite winding, d3 fills the whole globe.

geoBoundaries carries no GSO code: its `shapeISO` (ISO 3166-2, e.g. VN-44) is joined to the
code through registry/vnmap_provinces_63.csv (code, iso). Names in geoBoundaries are not used
(`"Hà Nội\\t"` has a trailing tab, HCMC is spelled `Ho Chi Minh`).

Run alone (fast, reuses data/units.parquet): python -m doisanh.build.geo
"""
from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from pathlib import Path

import polars as pl
import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.geometry.polygon import orient

ROOT = Path(__file__).resolve().parents[2]
SHARED_DIR = ROOT.parent / "shared"
GEO_DIR = ROOT / "data" / "geo"

PRE_FILE = "geoBoundaries-VNM-ADM1_simplified.geojson"
POST_FILE = "vnmap-vietnam-provinces-34.geojson"
TOLERANCE = 0.01   # degrees (~1 km): invisible on a 600-pixel map of the country
GRID = 0.001       # degrees (~110 m): coordinates rounded to 3 decimals
DECIMALS = 3
EXPECTED = {"pre2025": 63, "post2025": 34}
OUT_NAME = "provinces_{era}.geojson"

ARCHIPELAGO_FILE = "archipelagos.geojson"
_WIKI = "https://en.wikipedia.org/wiki/"
# (archipelago, province code (both eras), name_vi, name_en, lat, lon, source page); the
# coordinates are those of each island's article, rounded to 3 decimals
ISLANDS: tuple[tuple[str, str, str, str, float, float, str], ...] = (
    ("hoang_sa", "48", "Đảo Phú Lâm", "Woody Island", 16.834, 112.339, "Woody_Island_(South_China_Sea)"),
    ("hoang_sa", "48", "Đảo Hoàng Sa", "Pattle Island", 16.533, 111.609, "Pattle_Island"),
    ("truong_sa", "56", "Đảo Trường Sa", "Spratly Island", 8.645, 111.920, "Spratly_Island"),
    ("truong_sa", "56", "Đảo Song Tử Tây", "Southwest Cay", 11.430, 114.333, "Southwest_Cay"),
    ("truong_sa", "56", "Đảo Ba Bình", "Itu Aba Island", 10.377, 114.365, "Taiping_Island"),
    ("truong_sa", "56", "Đảo Sinh Tồn", "Sin Cowe Island", 9.883, 114.333, "Sin_Cowe_Island"),
    ("truong_sa", "56", "Đảo Nam Yết", "Namyit Island", 10.181, 114.361, "Namyit_Island"),
)

SRC_GEO_PRE = "geoboundaries_vnm_adm1"
SRC_ISLANDS = "islands_public_coordinates"
SRC_GEO_POST = "vnmap_geo_34"
_VNMAP = "https://github.com/ura8107/vnmap/blob/dfc51f8c1db56151b34a2fe983914ee1b848143b/"


class GeoBuildError(ValueError):
    """An input boundary file does not give exactly the expected provinces."""


def _read_json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def iso_to_code(shared_dir: Path = SHARED_DIR) -> dict[str, str]:
    """ISO 3166-2 code → GSO province code, from vnmap's list of the 63 provinces."""
    path = shared_dir / "data" / "registry" / "vnmap_provinces_63.csv"
    with path.open(encoding="utf-8", newline="") as f:
        return {r["iso"]: r["code"] for r in csv.DictReader(f)}


def pre2025_parts(shared_dir: Path = SHARED_DIR) -> dict[str, list[dict]]:
    """GSO code → the geoBoundaries geometries of that province (77 has two: itself and Côn Đảo)."""
    gb = _read_json(shared_dir / "data" / "boundaries" / PRE_FILE)
    code_of = iso_to_code(shared_dir)
    parts: dict[str, list[dict]] = defaultdict(list)
    for f in gb["features"]:
        iso = f["properties"]["shapeISO"]
        if iso not in code_of:
            raise GeoBuildError(f"{PRE_FILE}: ISO code {iso!r} ({f['properties']['shapeName']!r}) "
                                "is not in vnmap_provinces_63.csv")
        parts[code_of[iso]].append(f["geometry"])
    return dict(parts)


def post2025_parts(shared_dir: Path = SHARED_DIR) -> dict[str, list[dict]]:
    """GSO code → the vnmap geometries of that province (property `code`)."""
    vn = _read_json(shared_dir / "data" / "boundaries" / POST_FILE)
    parts: dict[str, list[dict]] = defaultdict(list)
    for f in vn["features"]:
        parts[str(f["properties"]["code"]).zfill(2)].append(f["geometry"])
    return dict(parts)


def _polygons(g) -> list[Polygon]:
    if isinstance(g, Polygon):
        return [] if g.is_empty else [g]
    if isinstance(g, MultiPolygon):
        return [p for p in g.geoms if not p.is_empty]
    if hasattr(g, "geoms"):                       # a collection left by snapping: keep areas only
        return [p for sub in g.geoms for p in _polygons(sub)]
    return []


def simplify(geometries: list[dict], tolerance: float = TOLERANCE, grid: float = GRID):
    """One valid (Multi)Polygon: the union of `geometries`, simplified, snapped to the grid
    and wound clockwise (exterior) for d3-geo."""
    g = shapely.union_all([shape(x) for x in geometries])
    g = g.simplify(tolerance, preserve_topology=True)
    g = shapely.set_precision(g, grid)            # valid output; slivers below the grid vanish
    if not g.is_valid:
        g = shapely.make_valid(g)
    polys = [orient(p, sign=-1.0) for p in _polygons(g)]
    if not polys:
        raise GeoBuildError("a province vanished when simplified")
    return polys[0] if len(polys) == 1 else MultiPolygon(polys)


def _rounded(coords, decimals: int):
    if isinstance(coords[0], (int, float)):
        return [round(float(c), decimals) for c in coords[:2]]
    return [_rounded(c, decimals) for c in coords]


def feature(code: str, name_vi: str, name_en: str, geom) -> dict:
    m = mapping(geom)
    return {"type": "Feature",
            "properties": {"unit_code": code, "name_vi": name_vi, "name_en": name_en},
            "geometry": {"type": m["type"], "coordinates": _rounded(m["coordinates"], DECIMALS)}}


def build_collection(parts: dict[str, list[dict]], units: pl.DataFrame, era: str) -> dict:
    """A FeatureCollection of one era, sorted by code. Raises GeoBuildError unless the codes
    are exactly EXPECTED[era] provinces of `units` (valid until 30 June 2025 for pre2025)."""
    prov = units.filter(pl.col("era") == era, pl.col("level") == "province")
    if era == "pre2025":                          # Hà Tây (until 2008) has no boundary of its own
        prov = prov.filter(pl.col("valid_to").dt.year() == 2025)
    names = {r["unit_code"]: r for r in prov.iter_rows(named=True)}
    if set(parts) != set(names) or len(parts) != EXPECTED[era]:
        raise GeoBuildError(
            f"{era}: {len(parts)} boundary codes, {len(names)} provinces; "
            f"without boundary {sorted(set(names) - set(parts))}, unknown {sorted(set(parts) - set(names))}")
    feats = [feature(c, names[c]["name_vi"], names[c]["name_en"], simplify(parts[c]))
             for c in sorted(parts)]
    return {"type": "FeatureCollection", "features": feats}


def write(collection: dict, path: Path) -> int:
    """Write compact JSON; returns the size in bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    return path.stat().st_size


def archipelagos() -> dict:
    """The archipelago layer: one Point feature per island of ISLANDS, in that order, with
    properties {archipelago, unit_code, name_vi, name_en, source}."""
    return {"type": "FeatureCollection", "features": [
        {"type": "Feature",
         "properties": {"archipelago": arch, "unit_code": code, "name_vi": vi, "name_en": en,
                        "source": _WIKI + page},
         "geometry": {"type": "Point", "coordinates": [round(lon, DECIMALS), round(lat, DECIMALS)]}}
        for arch, code, vi, en, lat, lon, page in ISLANDS]}


def build(units: pl.DataFrame, shared_dir: Path = SHARED_DIR, out_dir: Path = GEO_DIR) -> dict[str, int]:
    """Write the three files; returns {file name: size in bytes}."""
    sizes = {}
    for era, parts in (("pre2025", pre2025_parts(shared_dir)), ("post2025", post2025_parts(shared_dir))):
        name = OUT_NAME.format(era=era)
        sizes[name] = write(build_collection(parts, units, era), out_dir / name)
    sizes[ARCHIPELAGO_FILE] = write(archipelagos(), out_dir / ARCHIPELAGO_FILE)
    return sizes


def geo_sources() -> list[dict[str, str]]:
    """Rows for doisanh.schema.SOURCES naming the two boundary files and the islands' coordinates."""
    return [
        {
            "source_id": SRC_GEO_PRE,
            "title": "geoBoundaries VNM ADM1 (boundary 63759600, year 2008), 63 provinces; Côn Đảo "
                     "dissolved into Bà Rịa–Vũng Tàu, simplified by our build "
                     "(data/geo/provinces_pre2025.geojson); file as shipped by vnmap",
            "url": _VNMAP + "data-raw/source/geoBoundaries-VNM-ADM1_simplified.geojson",
            "kind": "dataset",
            "licence": "Public domain (geoBoundaries)",
        },
        {
            "source_id": SRC_GEO_POST,
            "title": "vnmap: boundaries of the 34 provinces from 1 July 2025 (derived from "
                     "thanglequoc/vietnamese-provinces-database, MIT, from sapnhap.bando.com.vn), "
                     "simplified by our build (data/geo/provinces_post2025.geojson)",
            "url": _VNMAP + "app-assets/vietnam-calendar/vietnam-provinces-34.geojson",
            "kind": "dataset",
            "licence": "MIT (vnmap)",
        },
        {
            "source_id": SRC_ISLANDS,
            "title": "Quần đảo Hoàng Sa (Đà Nẵng) và Trường Sa (Khánh Hòa): vị trí các đảo chính / "
                     "the main islands of the Hoàng Sa and Trường Sa archipelagos at their public "
                     "coordinates (English Wikipedia articles: "
                     + ", ".join(f"{vi} {lat:.3f}°N {lon:.3f}°E ({page})"
                                 for _a, _c, vi, _en, lat, lon, page in ISLANDS)
                     + "), written by our build (data/geo/archipelagos.geojson)",
            "url": _WIKI + "Paracel_Islands",
            "kind": "reference",
            "licence": "facts (coordinates)",
        },
    ]


def main(argv: list[str] | None = None) -> int:
    """Rebuild only the GeoJSON files, from ../shared and the shipped data/units.parquet."""
    from doisanh import snapshot
    argv = sys.argv[1:] if argv is None else argv
    shared = Path(argv[0]) if argv else SHARED_DIR
    units = snapshot.read_table(next(t for t in snapshot.TABLES if t.name == "units"))
    for name, size in build(units, shared).items():
        print(f"{name}: {size / 1024:.0f} KB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Province boundaries and map frames at run time (no Streamlit).

The build writes data/geo/provinces_<era>.geojson (doisanh/build/geo.py). A deployer may point
the app at another file per era with DOISANH_GEOJSON_PRE2025 / DOISANH_GEOJSON_POST2025 (a
local path: the app never fetches anything). A file is accepted if it is a GeoJSON
FeatureCollection of Polygon/MultiPolygon features whose properties carry the GSO province code
as `unit_code` (or `code`); exterior rings must be clockwise, the winding d3-geo expects.

    gj = load(geojson_path("post2025"))
    frame = map_frame(map_values, lang=..., decimals=2, chosen="79", peers=[...])

The archipelagos Hoàng Sa (Đà Nẵng, 48) and Trường Sa (Khánh Hòa, 56) come from their own small
layer, data/geo/archipelagos.geojson (islands as points, doisanh/build/geo.py names the source of
every coordinate): the boundary files hold them only as islets below a pixel. `islands` and
`archipelago_labels` turn it into the rows doisanh.charts_geo draws on every province map.
"""
from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

import polars as pl

from doisanh import fmt
from doisanh.i18n import t

GEO_DIR = Path(__file__).resolve().parent.parent / "data" / "geo"
ENV = {"pre2025": "DOISANH_GEOJSON_PRE2025", "post2025": "DOISANH_GEOJSON_POST2025"}
SHAPES = ("Polygon", "MultiPolygon")
MAX_POINTS = 5000   # Altair's default max_rows: a symbol map never carries more points
ARCHIPELAGO_PATH = GEO_DIR / "archipelagos.geojson"
ARCHIPELAGOS = ("hoang_sa", "truong_sa")


class GeoError(ValueError):
    """A boundary file is missing or is not a usable FeatureCollection; the message names it."""


def geojson_path(era: str) -> Path:
    """The boundary file of an era: the deployer's (environment variable) or the built one."""
    if era not in ENV:
        raise GeoError(f"unknown era {era!r}")
    configured = os.environ.get(ENV[era], "").strip()
    return Path(configured) if configured else GEO_DIR / f"provinces_{era}.geojson"


def is_configured(era: str) -> bool:
    """Whether a deployer configured another boundary file for this era."""
    return bool(os.environ.get(ENV.get(era, ""), "").strip())


def load(path: Path) -> dict:
    """A FeatureCollection whose features have properties {unit_code, name_vi, name_en}
    (names may be None). Raises GeoError naming the file and the problem."""
    if not path.is_file():
        raise GeoError(f"{path}: file is missing")
    try:
        gj = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise GeoError(f"{path}: not readable as JSON ({e})") from e
    if not isinstance(gj, dict) or gj.get("type") != "FeatureCollection":
        raise GeoError(f"{path}: not a GeoJSON FeatureCollection")
    out, seen = [], set()
    for i, f in enumerate(gj.get("features") or []):
        props = f.get("properties") or {}
        code = props.get("unit_code", props.get("code"))
        geom = f.get("geometry") or {}
        if code is None or geom.get("type") not in SHAPES:
            raise GeoError(f"{path}: feature {i} lacks a unit_code or a (Multi)Polygon geometry")
        code = str(code)
        if code in seen:
            raise GeoError(f"{path}: unit_code {code} appears twice")
        seen.add(code)
        out.append({"type": "Feature", "geometry": geom,
                    "properties": {"unit_code": code, "name_vi": props.get("name_vi"),
                                   "name_en": props.get("name_en")}})
    if not out:
        raise GeoError(f"{path}: no features")
    return {"type": "FeatureCollection", "features": out}


def codes(geojson: dict) -> list[str]:
    return [f["properties"]["unit_code"] for f in geojson["features"]]


def subset(geojson: dict, keep: Iterable[str]) -> dict:
    """The features whose code is in `keep` (e.g. one province's outline under its communes)."""
    wanted = set(keep)
    return {"type": "FeatureCollection",
            "features": [f for f in geojson["features"] if f["properties"]["unit_code"] in wanted]}


def map_frame(values: pl.DataFrame, *, lang: str, decimals: int, chosen: str | None = None,
              peers: Iterable[str] = ()) -> pl.DataFrame:
    """Rows of queries/map_values.sql, ready for doisanh.charts_geo: name in `lang`, the score
    written the way `lang` writes numbers, rank as 'r/n', status (published / illustrative /
    no figure) and role ('chosen', 'peer' or '')."""
    name = "name_en" if lang == "en" else "name_vi"
    peer_set = set(peers) - {chosen}

    def status(v):
        return t("map_no_figure", lang) if v is None else t("illustrative" if v else "published", lang)

    return values.with_columns(
        pl.col(name).fill_null(pl.col("name_vi")).alias("name"),
        pl.lit(pl.Series("value_text", [fmt.num(v, decimals, lang) for v in values["value"].to_list()],
                         dtype=pl.String)).alias("value_text"),
        pl.when(pl.col("rank_in_group").is_null()).then(pl.lit("–"))
        .otherwise(pl.col("rank_in_group").cast(pl.String) + "/" + pl.col("n_in_group").cast(pl.String))
        .alias("rank_text"),
        pl.lit(pl.Series("status", [status(v) for v in values["is_illustrative"].to_list()],
                         dtype=pl.String)).alias("status"),
        pl.when(pl.col("unit_code") == (chosen or "")).then(pl.lit("chosen"))
        .when(pl.col("unit_code").is_in(list(peer_set))).then(pl.lit("peer"))
        .otherwise(pl.lit("")).alias("role"),
        pl.col("rank_in_group").alias("rank"),
    )


def shown_code(unit: dict | None, level: str) -> str | None:
    """The code that stands for the chosen unit on a map of `level`: the unit itself, or the
    province (district) that contains it; None if the map shows nothing containing it.
    `unit` is a row of the units of its era (level, unit_code, parent_code, province_code)."""
    if unit is None:
        return None
    if unit["level"] == level:
        return unit["unit_code"]
    if level == "province" and unit["level"] in ("district", "commune"):
        return unit["province_code"]
    if level == "district" and unit["level"] == "commune" and unit["parent_code"] != unit["province_code"]:
        return unit["parent_code"]
    return None


# Units that are the archipelagos but whose registry position (vietnamadminunits) is an office on
# the mainland: drawn at their archipelago's main island of data/geo/archipelagos.geojson
# (Đảo Phú Lâm, Đảo Trường Sa) — (era, unit_code) → lat, lon. Post-2025 đặc khu Hoàng Sa (20333)
# and Trường Sa (22736) already sit in their archipelagos.
ARCHIPELAGO_SEATS = {
    ("pre2025", "498"): (16.834, 112.339),      # huyện Hoàng Sa (registry: 16.054, 108.202)
    ("pre2025", "576"): (8.645, 111.920),       # huyện Trường Sa (registry: Cam Ranh)
    ("pre2025", "22736"): (8.645, 111.920),     # thị trấn Trường Sa, on Đảo Trường Sa
}


def points(frame: pl.DataFrame, era: str | None = None) -> tuple[pl.DataFrame, int]:
    """The rows of a map frame that have a position, and how many had none. With `era`, the
    units of ARCHIPELAGO_SEATS are moved to their archipelago."""
    ok = frame.filter(pl.col("lat").is_not_null() & pl.col("lon").is_not_null())
    seats = {code: ll for (e, code), ll in ARCHIPELAGO_SEATS.items() if e == era}
    if seats and ok["unit_code"].is_in(list(seats)).any():
        lat = pl.col("unit_code").replace_strict({c: ll[0] for c, ll in seats.items()}, default=None,
                                                 return_dtype=pl.Float64)
        lon = pl.col("unit_code").replace_strict({c: ll[1] for c, ll in seats.items()}, default=None,
                                                 return_dtype=pl.Float64)
        ok = ok.with_columns(lat.fill_null(pl.col("lat")).alias("lat"),
                             lon.fill_null(pl.col("lon")).alias("lon"))
    return ok, frame.height - ok.height


def map_title(*, index: str, year: int, level: str, era: str, province_name: str | None,
              n_provinces: int, lang: str) -> str:
    """What the map draws, in one line: index, year, level, era and area ('cả nước' with the
    number of provinces and both archipelagos, or the one province drawn)."""
    when = t("map_when_" + era, lang)
    if province_name is None:
        area = t("map_area_country", lang, n=n_provinces, when=when)
    else:
        area = t("map_area_province", lang, province=province_name, when=when)
    return t("map_title", lang, index=index, year=year, level=t("level_" + level, lang), area=area)


# ---------------------------------------------------------------- Hoàng Sa and Trường Sa

def load_archipelagos(path: Path = ARCHIPELAGO_PATH) -> dict:
    """The archipelago layer (Point features with properties {archipelago, unit_code, name_vi,
    name_en, source}). Raises GeoError naming the file if it is missing or unusable."""
    if not path.is_file():
        raise GeoError(f"{path}: file is missing")
    try:
        gj = json.loads(path.read_text(encoding="utf-8"))
        feats = gj["features"]
        rows = [{"archipelago": f["properties"]["archipelago"], "unit_code": f["properties"]["unit_code"],
                 "name_vi": f["properties"]["name_vi"], "name_en": f["properties"]["name_en"],
                 "lon": float(f["geometry"]["coordinates"][0]), "lat": float(f["geometry"]["coordinates"][1])}
                for f in feats if f["geometry"]["type"] == "Point"]
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, IndexError, ValueError) as e:
        raise GeoError(f"{path}: not a usable archipelago layer ({e})") from e
    if {r["archipelago"] for r in rows} != set(ARCHIPELAGOS):
        raise GeoError(f"{path}: needs islands of both {', '.join(ARCHIPELAGOS)}")
    return {"type": "FeatureCollection", "features": feats}


def islands(layer: dict, lang: str, keep: Iterable[str] | None = None) -> pl.DataFrame:
    """One row per island: archipelago, unit_code (its province), island (name in `lang`), lon,
    lat; only the archipelagos of the provinces in `keep` when given."""
    name = "name_en" if lang == "en" else "name_vi"
    wanted = None if keep is None else set(keep)
    rows = [{"archipelago": f["properties"]["archipelago"], "unit_code": f["properties"]["unit_code"],
             "island": f["properties"][name] or f["properties"]["name_vi"],
             "lon": float(f["geometry"]["coordinates"][0]), "lat": float(f["geometry"]["coordinates"][1])}
            for f in layer["features"] if wanted is None or f["properties"]["unit_code"] in wanted]
    schema = {"archipelago": pl.String, "unit_code": pl.String, "island": pl.String,
              "lon": pl.Float64, "lat": pl.Float64}
    return pl.DataFrame(rows, schema=schema)


def archipelago_labels(isles: pl.DataFrame, lang: str) -> pl.DataFrame:
    """One label per archipelago of `isles`, anchored at its northernmost island (the map draws
    it above, doisanh.charts_geo.LABEL_DY), centred on the archipelago: `label`
    ('Quần đảo Hoàng Sa (Đà Nẵng)') and the same in two lines, `line1` and `line2`."""
    rows = []
    for arch in ARCHIPELAGOS:
        part = isles.filter(pl.col("archipelago") == arch)
        if part.is_empty():
            continue
        label = t("archipelago_" + arch, lang)
        head, _, tail = label.partition(" (")
        rows.append({"archipelago": arch, "unit_code": part["unit_code"][0], "label": label,
                     "line1": head, "line2": "(" + tail if tail else "",
                     "lon": round((part["lon"].min() + part["lon"].max()) / 2, 3),
                     "lat": round(part["lat"].max(), 3)})
    return pl.DataFrame(rows, schema={"archipelago": pl.String, "unit_code": pl.String,
                                      "label": pl.String, "line1": pl.String, "line2": pl.String,
                                      "lon": pl.Float64, "lat": pl.Float64})


EAST_OF = 110.5      # °E: east of this, a province's part or unit is in an archipelago
INSET_SHARE = 0.45   # the inset's height, as a share of the mainland province's


def _affine(k: float, x0: float, y1: float, nx0: float, ny1: float):
    """lon, lat → the inset: scaled by k about the archipelago box's top-left corner (x0, y1),
    moved to (nx0, ny1)."""
    return lambda lon, lat: (round(nx0 + (lon - x0) * k, 4), round(ny1 - (y1 - lat) * k, 4))


def inset(points: pl.DataFrame, outline: dict, isles: pl.DataFrame, lang: str):
    """A symbol map of Đà Nẵng or Khánh Hòa: the archipelago (islands, its units' dots and the
    province's islets) drawn in a framed inset beside the mainland, reduced so that the
    mainland keeps the map (the way provincial maps show Hoàng Sa and Trường Sa), its label
    below the frame. Returns
    (points, outline, isles, labels, frame): `frame` a GeoJSON LineString feature of the
    inset's border, None (and everything unchanged) when nothing lies east of EAST_OF."""
    from shapely import affinity
    from shapely.geometry import MultiPolygon, mapping, shape

    mainland, islets = [], []
    for f in outline["features"]:
        g = shape(f["geometry"])
        for part in getattr(g, "geoms", [g]):
            (islets if part.bounds[0] > EAST_OF else mainland).append(part)
    away = points.filter(pl.col("lon") > EAST_OF)
    if isles.is_empty() or not mainland:
        return points, outline, isles, archipelago_labels(isles, lang), None
    lons = isles["lon"].to_list() + away["lon"].to_list() + [c for p in islets for c in (p.bounds[0], p.bounds[2])]
    lats = isles["lat"].to_list() + away["lat"].to_list() + [c for p in islets for c in (p.bounds[1], p.bounds[3])]
    pad = 0.3
    x0, x1, y0, y1 = min(lons) - pad, max(lons) + pad, min(lats) - pad, max(lats) + pad
    mx0, my0, mx1, my1 = MultiPolygon(mainland).bounds
    k = min(1.0, INSET_SHARE * (my1 - my0) / (y1 - y0))
    nx0, ny1 = mx1 + 0.15 * (mx1 - mx0), my1
    move = _affine(k, x0, y1, nx0, ny1)

    def moved(frame: pl.DataFrame) -> pl.DataFrame:
        xy = [move(lon, lat) for lon, lat in zip(frame["lon"].to_list(), frame["lat"].to_list())]
        return frame.with_columns(pl.Series("lon", [p[0] for p in xy], dtype=pl.Float64),
                                  pl.Series("lat", [p[1] for p in xy], dtype=pl.Float64))

    pts = pl.concat([points.filter(pl.col("lon") <= EAST_OF), moved(away)]) if away.height else points
    parts = mainland + [affinity.affine_transform(p, [k, 0, 0, k, nx0 - x0 * k, ny1 - y1 * k]) for p in islets]
    f0 = outline["features"][0]
    new_outline = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": f0["properties"],
         "geometry": mapping(parts[0] if len(parts) == 1 else MultiPolygon(parts))}]}
    new_isles = moved(isles)
    (fx0, fy1), (fx1, fy0) = move(x0, y1), move(x1, y0)
    labels = archipelago_labels(new_isles, lang).with_columns(      # hung below the frame
        pl.lit(round((fx0 + fx1) / 2, 4)).alias("lon"), pl.lit(fy0).alias("lat"))
    ring = [[fx0, fy0], [fx1, fy0], [fx1, fy1], [fx0, fy1], [fx0, fy0]]
    frame = {"type": "Feature", "properties": {"kind": "inset"},
             "geometry": {"type": "LineString", "coordinates": ring}}
    return pts, new_outline, new_isles, labels, frame


# ---------------------------------------------------------------- lineage and reconstruction

def relation_text(relation: str, lang: str) -> str:
    """'toàn bộ' / 'một phần' (whole / partial)."""
    return t("lineage_whole" if relation == "whole" else "lineage_partial", lang)


def lineage_rows(lineage: pl.DataFrame, lang: str) -> pl.DataFrame:
    """queries/lineage.sql as a table for `lang`: the unit's name and code first (what a
    390 px phone shows), then predecessor or successor and how."""
    name = "name_en" if lang == "en" else "name_vi"
    rows = [{
        t("name", lang): r[name] or r["name_vi"],
        t("code", lang): r["unit_code"],
        t("lineage_direction", lang): t("lineage_" + r["direction"], lang),
        t("lineage_relation", lang): relation_text(r["relation"], lang)
        + (t("lineage_split_into", lang, n=r["n_successors"]) if r["n_successors"] > 1 else ""),
        t("era", lang): t("era_" + r["era"], lang),
        t("level", lang): t("level_" + r["level"], lang),
    } for r in lineage.iter_rows(named=True)]
    return pl.DataFrame(rows)


def inputs_text(n_illustrative: int, n_used: int, lang: str) -> str:
    """What a reconstructed value is made of: 'Công bố' if every predecessor's figure is
    published, else how many of them are illustrative."""
    if not n_illustrative:
        return t("published", lang)
    return t("recon_inputs_illustrative", lang, k=n_illustrative, n=n_used)


def method_sentence(recon: pl.DataFrame, level: str, lang: str) -> str:
    """What the reconstructed series is, in words: the weighting used and why."""
    if recon.is_empty():
        return ""
    r = recon.row(0, named=True)
    if r["method"] == "population":
        text = t("recon_method_population", lang)
        if (recon["n_partial"] > 0).any():
            text += " " + t("recon_partial_share", lang)
        return text
    if level != "province":
        return t("recon_method_equal_level", lang)
    if r["n_without_population"]:
        return t("recon_method_equal_fallback", lang, k=r["n_without_population"], n=r["n_predecessors"])
    return t("recon_method_equal", lang)


def reconstruction_frame(recon: pl.DataFrame, own: pl.DataFrame, *, unit_name: str, lang: str,
                         decimals: int) -> pl.DataFrame:
    """One frame for doisanh.charts_geo.reconstructed_lines: the reconstructed years (from
    queries/reconstructed.sql) and the unit's own years (the 'self' rows of queries/trend.sql)."""
    schema = {"year": pl.Int64, "series": pl.String, "value": pl.Float64, "value_text": pl.String,
              "status": pl.String, "kind": pl.String, "detail": pl.String}

    def status(v: bool) -> str:
        return t("illustrative" if v else "published", lang)

    rows = [{"year": int(r["year"]), "series": t("recon_series", lang, name=unit_name),
             "value": r["value"], "value_text": fmt.num(r["value"], decimals, lang),
             "status": status(r["is_illustrative"]), "kind": "reconstructed",
             "detail": t("recon_detail", lang, k=r["n_used"], n=r["n_predecessors"])}
            for r in recon.iter_rows(named=True)]
    rows += [{"year": int(r["year"]), "series": t("recon_own_series", lang, name=unit_name),
              "value": r["value"], "value_text": fmt.num(r["value"], decimals, lang),
              "status": status(r["is_illustrative"]), "kind": "own", "detail": ""}
             for r in own.iter_rows(named=True)]
    return pl.DataFrame(rows, schema=schema)

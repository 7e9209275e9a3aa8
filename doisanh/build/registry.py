"""Unit registry for both eras, the 2025 crosswalk and their sources (build time).

Everything comes from the maintained package `vietnamadminunits` (its SQLite
dataset and its old→new converter data) plus a few CSV files of the shared
data folder: English province names, the six GSO regions, 2024 area and
population, and the province-level merger list of Decision 19/2025/QĐ-TTg.

    units = build_units()              # doisanh.schema.UNITS
    crosswalk = build_crosswalk(units) # doisanh.schema.CROSSWALK
    regions = build_regions()          # region_code, region_vi, region_en
    sources = registry_sources()       # rows for doisanh.schema.SOURCES

Known quirks of the package data, handled here:
- a few short names carry a disambiguation suffix ("Yên Viên (Xã)"): dropped;
- a few full names capitalise the type ("Thị Xã Buôn Hồ"): respelled;
- `wardType` disagrees with the full name for 10 units ("Phường 5" typed
  "Xã"): the type is read from the full name, which agrees with the GSO list;
- the five island districts of the old registry have no communes.
"""
from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from datetime import date
from importlib import metadata, resources
from pathlib import Path

import polars as pl
from vietnamadminunits.database import query

from doisanh import schema
from doisanh.names import search_words
from doisanh.text import fold, name_key, nfc

SHARED_DIR = Path(__file__).resolve().parents[2].parent / "shared"

PRE, POST = "pre2025", "post2025"
PRE_FROM = date(2008, 8, 1)      # Hà Tây merged into Hà Nội (Resolution 15/2008/QH12)
# The pre-2025 provinces as units: the 64 of Resolution 22/2003/QH11 (Điện Biên, Đắk Nông and
# Hậu Giang from 1 January 2004), so that PCI 2005–2007 sits on units valid then. Hà Nội keeps
# its code 01 across 2008: the same city, which absorbed Hà Tây (28) whole on 1 August 2008
# (crosswalk Hà Tây → Hà Nội); its 2005–2007 figures describe it within its former borders.
# Districts and communes keep PRE_FROM: their codes are those of the post-2008 lists.
PROVINCES_FROM = date(2004, 1, 1)
PRE_TO = date(2025, 6, 30)       # last day before the 2025 reorganisation
POST_FROM = date(2025, 7, 1)

HA_TAY = {
    "code": "28",
    "name_vi": "Hà Tây",
    "full_name_vi": "Tỉnh Hà Tây",
    "name_en": "Ha Tay",
    "region_code": "RRD",
    "valid_from": date(1991, 8, 12),  # re-established from Hà Sơn Bình (NA resolution of 12 Aug 1991)
    "valid_to": date(2008, 7, 31),
    "successor": "01",
}

# Unit types as written at the start of a full name; longest first.
UNIT_TYPES = (
    "Thành phố", "Thị trấn", "Thị xã", "Đặc khu", "Tỉnh", "Quận", "Huyện", "Phường", "Xã",
)
_SUFFIX = re.compile(r" \((?:" + "|".join(UNIT_TYPES) + r")\)$")

SRC_UNITS = "vietnamadminunits"
SRC_PROVINCES_34 = "vnmap_provinces_34"
SRC_HA_TAY = "gso_hatay"

_VNMAP = "https://github.com/ura8107/vnmap/blob/dfc51f8c1db56151b34a2fe983914ee1b848143b/"

# Static SQL only: the package's query() takes a SQL string and no parameters.
_SQL_LEGACY = """
select provinceCode, province, provinceShort, provinceLat, provinceLon,
       districtCode, district, districtShort, districtLat, districtLon,
       wardCode, ward, wardShort, wardLat, wardLon,
       provinceKey, districtKey, wardKey
from admin_units_legacy
"""
_SQL_2025 = """
select provinceCode, province, provinceShort, provinceLat, provinceLon,
       wardCode, ward, wardShort, wardLat, wardLon, wardAreaKm2,
       provinceKey, wardKey
from admin_units
"""


# ---------------------------------------------------------------- helpers

def ascii_name(s: str) -> str:
    """Diacritic-free name keeping its capitals: 'Đắk Lắk' → 'Dak Lak'.

    fold() lowercases; this puts back the case of each letter of `s`."""
    folded = fold(s)
    src = nfc(" ".join(s.split()))
    if len(folded) != len(src):
        return " ".join(w[:1].upper() + w[1:] for w in folded.split(" "))
    return "".join(f.upper() if c.isupper() else f for f, c in zip(folded, src))


def split_full_name(full: str) -> tuple[str, str]:
    """('Thị Xã Buôn Hồ') → ('Thị xã', 'Thị xã Buôn Hồ'): the unit type and the
    full name respelled with the type's usual capitalisation."""
    full = nfc(" ".join(full.split()))
    low = full.lower()
    for t in UNIT_TYPES:
        if low.startswith(t.lower() + " "):
            return t, t + full[len(t):]
    raise ValueError(f"no unit type at the start of {full!r}")


def short_name(short: str) -> str:
    """Short name without the package's disambiguation suffix: 'Yên Viên (Xã)' → 'Yên Viên'."""
    return _SUFFIX.sub("", nfc(" ".join(short.split())))


def search_key(full: str, short: str, code: str) -> str:
    return f"{search_words(full)} {search_words(short)} {code}"


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _registry_csv(shared_dir: Path, name: str) -> list[dict[str, str]]:
    return _read_csv(shared_dir / "data" / "registry" / name)


def _converter() -> dict:
    path = resources.files("vietnamadminunits") / "data" / "converter_2025.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _unit_row(era, level, code, short, full, *, name_en=None, parent=None, province,
              region, lat=None, lon=None, area=None, population=None,
              valid_from=None, valid_to=None, source=SRC_UNITS) -> dict:
    unit_type, full = split_full_name(full)
    short = short_name(short)
    return {
        "era": era,
        "level": level,
        "unit_code": code,
        "name_vi": short,
        "full_name_vi": full,
        "name_en": name_en or ascii_name(short),
        "search_key": search_key(full, short, code),
        "unit_type": unit_type,
        "parent_code": parent,
        "province_code": province,
        "region_code": region,
        "valid_from": valid_from or (PRE_FROM if era == PRE else POST_FROM),
        "valid_to": valid_to if valid_to is not None else (PRE_TO if era == PRE else None),
        "lat": lat,
        "lon": lon,
        "area_km2": area,
        "population": population,
        "source_id": source,
    }


def _english(rows: list[dict[str, str]], short_by_code: dict[str, str]) -> dict[str, str]:
    """vnmap English names by code, where vnmap's Vietnamese name is the
    registry's (not for 46 before 2025: vnmap says Thừa Thiên Huế, the
    registry says Huế)."""
    return {
        r["code"]: r["name_en"]
        for r in rows
        if r["code"] in short_by_code and name_key(r["name_vi"]) == name_key(short_by_code[r["code"]])
    }


# ---------------------------------------------------------------- regions

def build_regions(shared_dir: Path = SHARED_DIR) -> pl.DataFrame:
    """The six GSO socio-economic regions, ordered by their first province code."""
    seen: dict[str, dict] = {}
    for r in sorted(_registry_csv(shared_dir, "vnmap_regions_63.csv"), key=lambda r: r["code"]):
        seen.setdefault(r["region_code"], {
            "region_code": r["region_code"], "region_vi": nfc(r["region_vi"]), "region_en": r["region_en"],
        })
    return pl.DataFrame(list(seen.values()), schema={"region_code": pl.String, "region_vi": pl.String,
                                                     "region_en": pl.String})


def _post_regions(shared_dir: Path, region_of: dict[str, str]) -> dict[str, str]:
    """Region of each new province: that of the predecessor whose code it kept,
    else of the predecessor with the largest 2024 population."""
    pop = {r["code"]: int(r["population"]) for r in _registry_csv(shared_dir, "nso_province_stats_2024_63.csv")}
    out = {}
    for r in _registry_csv(shared_dir, "vnmap_provinces_34_with_members.csv"):
        members = r["members"].split("+")
        keep = r["code"] if r["code"] in members else max(members, key=lambda m: pop[m])
        out[r["code"]] = region_of[keep]
    return out


# ---------------------------------------------------------------- units

def build_units(shared_dir: Path = SHARED_DIR) -> pl.DataFrame:
    """All units of both eras, conforming to doisanh.schema.UNITS, sorted by
    (era, level, unit_code) with levels in province, district, commune order."""
    legacy = query(_SQL_LEGACY)
    current = query(_SQL_2025)

    region_of = {r["code"]: r["region_code"] for r in _registry_csv(shared_dir, "vnmap_regions_63.csv")}
    post_region = _post_regions(shared_dir, region_of)
    stats_63 = {r["code"]: r for r in _registry_csv(shared_dir, "nso_province_stats_2024_63.csv")}
    stats_34 = {r["code"]: r for r in _registry_csv(shared_dir, "vnmap_province_stats_2024_34.csv")}
    en_63 = _english(_registry_csv(shared_dir, "vnmap_provinces_63.csv"),
                     {r["provinceCode"]: r["provinceShort"] for r in legacy})
    en_34 = _english(_registry_csv(shared_dir, "vnmap_provinces_34_with_members.csv"),
                     {r["provinceCode"]: r["provinceShort"] for r in current})

    rows: list[dict] = []
    seen: set[tuple[str, str, str]] = set()

    def add(row: dict) -> None:
        key = (row["era"], row["level"], row["unit_code"])
        if key not in seen:
            seen.add(key)
            rows.append(row)

    for r in legacy:
        p = r["provinceCode"]
        st = stats_63[p]
        add(_unit_row(PRE, "province", p, r["provinceShort"], r["province"], name_en=en_63.get(p),
                      province=p, region=region_of[p], lat=r["provinceLat"], lon=r["provinceLon"],
                      area=float(st["area_km2"]), population=int(st["population"]),
                      valid_from=PROVINCES_FROM))
        add(_unit_row(PRE, "district", r["districtCode"], r["districtShort"], r["district"], parent=p,
                      province=p, region=region_of[p], lat=r["districtLat"], lon=r["districtLon"]))
        if r["wardCode"]:
            add(_unit_row(PRE, "commune", r["wardCode"], r["wardShort"], r["ward"], parent=r["districtCode"],
                          province=p, region=region_of[p], lat=r["wardLat"], lon=r["wardLon"]))
    h = HA_TAY
    add(_unit_row(PRE, "province", h["code"], h["name_vi"], h["full_name_vi"], name_en=h["name_en"],
                  province=h["code"], region=h["region_code"], valid_from=h["valid_from"],
                  valid_to=h["valid_to"], source=SRC_HA_TAY))

    for r in current:
        p = r["provinceCode"]
        st = stats_34[p]
        add(_unit_row(POST, "province", p, r["provinceShort"], r["province"], name_en=en_34.get(p),
                      province=p, region=post_region[p], lat=r["provinceLat"], lon=r["provinceLon"],
                      area=float(st["area_km2"]), population=int(st["population"])))
        add(_unit_row(POST, "commune", r["wardCode"], r["wardShort"], r["ward"], parent=p, province=p,
                      region=post_region[p], lat=r["wardLat"], lon=r["wardLon"], area=r["wardAreaKm2"]))

    level_rank = {lv: i for i, lv in enumerate(schema.LEVELS)}
    era_rank = {e: i for i, e in enumerate(schema.ERAS)}
    rows.sort(key=lambda x: (era_rank[x["era"]], level_rank[x["level"]], x["unit_code"]))
    df = pl.DataFrame(rows, schema=schema.UNITS)
    return schema.conform(df, schema.UNITS, "units")


# ---------------------------------------------------------------- crosswalk

def _cw(old_level, old_code, new_level, new_code, relation, n, *, old_era=PRE, new_era=POST,
        effective=POST_FROM, source=SRC_UNITS) -> dict:
    return {
        "old_era": old_era, "old_level": old_level, "old_code": old_code,
        "new_era": new_era, "new_level": new_level, "new_code": new_code,
        "relation": relation, "n_successors": n, "effective": effective, "source_id": source,
    }


def converter_successors() -> dict[tuple[str, str], list[str]]:
    """(old level, old code) → sorted new commune codes, from the converter of
    vietnamadminunits. Its keys ('<province>_<district>_<ward>' for old units,
    '<ward>' within a new province for new ones) are mapped back to codes
    through the package's two tables. Old levels: 'commune', and 'district' for
    the five island districts without communes (each became a đặc khu)."""
    conv = _converter()
    old_unit = {}
    for r in query(_SQL_LEGACY):
        key = f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey'] or ''}"
        old_unit[key] = ("commune", r["wardCode"]) if r["wardCode"] else ("district", r["districtCode"])
    new_code = {(r["provinceKey"], r["wardKey"]): r["wardCode"] for r in query(_SQL_2025)}
    out: dict[tuple[str, str], set[str]] = defaultdict(set)
    for pkey, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for wkey, olds in wards.items():
            for o in olds:
                out[old_unit[o]].add(new_code[(pkey, wkey)])
    for pkey, olds in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for o, news in olds.items():
            for n in news:
                out[old_unit[o]].add(new_code[(pkey, n["newWardKey"])])
    return {k: sorted(v) for k, v in out.items()}


def commune_successors() -> dict[str, list[str]]:
    """Old commune code → sorted new commune codes (see converter_successors)."""
    return {code: news for (level, code), news in converter_successors().items() if level == "commune"}


def build_crosswalk(units: pl.DataFrame, shared_dir: Path = SHARED_DIR) -> pl.DataFrame:
    """Old → new units, conforming to doisanh.schema.CROSSWALK.

    province: each of the 63 → its one new province (vnmap's member lists), and
    Hà Tây → Hà Nội within the pre-2025 era (2008); district: each old district
    → the new province of its province, and the five island districts also →
    the đặc khu they became (new_level 'commune'); commune: old → new communes
    from the vietnamadminunits converter, 'partial' rows where a commune was
    split. n_successors counts new units of the row's new_level.
    Raises ValueError if a code is not in `units`."""
    codes = _codes_by_era_level(units)

    rows = []
    new_province = {}
    for r in _registry_csv(shared_dir, "vnmap_provinces_34_with_members.csv"):
        for m in r["members"].split("+"):
            if m in new_province:
                raise ValueError(f"old province {m} in two new provinces")
            new_province[m] = r["code"]
            rows.append(_cw("province", m, "province", r["code"], "whole", 1,
                            source=SRC_PROVINCES_34))
    rows.append(_cw("province", HA_TAY["code"], "province", HA_TAY["successor"], "whole", 1,
                    new_era=PRE, effective=PRE_FROM, source=SRC_HA_TAY))

    districts = units.filter(era=PRE, level="district").select("unit_code", "province_code")
    for d, p in districts.iter_rows():
        rows.append(_cw("district", d, "province", new_province[p], "whole", 1))

    for (level, old), news in sorted(converter_successors().items()):
        relation = "whole" if len(news) == 1 else "partial"
        for n in news:
            rows.append(_cw(level, old, "commune", n, relation, len(news)))

    df = schema.conform(pl.DataFrame(rows, schema=schema.CROSSWALK), schema.CROSSWALK, "crosswalk")
    for side in ("old", "new"):
        keys = df.select(f"{side}_era", f"{side}_level", f"{side}_code").unique().iter_rows()
        missing = [k for k in keys if k[2] not in codes.get((k[0], k[1]), set())]
        if missing:
            raise ValueError(f"crosswalk: {len(missing)} {side} codes not in units, e.g. {missing[:5]}")
    return df


def _codes_by_era_level(units: pl.DataFrame) -> dict[tuple[str, str], set[str]]:
    out: dict[tuple[str, str], set[str]] = defaultdict(set)
    for e, lv, c in units.select("era", "level", "unit_code").iter_rows():
        out[(e, lv)].add(c)
    return out


# ---------------------------------------------------------------- sources

def registry_sources() -> list[dict[str, str]]:
    """Rows for doisanh.schema.SOURCES, one per source used by this module."""
    meta = metadata.metadata("vietnamadminunits")
    classifiers = meta.get_all("Classifier") or []
    licence = "MIT" if "License :: OSI Approved :: MIT License" in classifiers else (meta.get("License") or "")
    return [
        {
            "source_id": SRC_UNITS,
            "title": f"vietnamadminunits {meta['Version']}: Vietnamese administrative units, "
                     "63-province (3 levels) and 34-province (2 levels) registers and the 2025 converter",
            "url": "https://pypi.org/project/vietnamadminunits/",
            "kind": "dataset",
            "licence": licence,
        },
        {
            "source_id": SRC_PROVINCES_34,
            "title": "vnmap: the 34 provinces from 1 July 2025 and their predecessor provinces "
                     "(Decision 19/2025/QĐ-TTg)",
            "url": _VNMAP + "data-raw/provinces_34.csv",
            "kind": "dataset",
            "licence": "MIT",
        },
        {
            "source_id": "vnmap_provinces_63",
            "title": "vnmap: the 63 provinces before 2025 with English names and ISO codes",
            "url": _VNMAP + "data-raw/provinces_63.csv",
            "kind": "dataset",
            "licence": "MIT",
        },
        {
            "source_id": "vnmap_regions_63",
            "title": "vnmap: the six GSO socio-economic regions of the 63 provinces",
            "url": _VNMAP + "data-raw/regions_63.csv",
            "kind": "dataset",
            "licence": "MIT",
        },
        {
            "source_id": "nso_stats_2024",
            "title": "NSO (GSO) 2024 area and average population by province (PX-Web table E02.01), "
                     "compiled by vnmap for the 63 provinces and summed to the 34",
            "url": _VNMAP + "data-raw/source/nso_province_stats_2024_63.csv",
            "kind": "dataset",
            "licence": "official statistics (NSO); compilation MIT (vnmap)",
        },
        {
            "source_id": SRC_HA_TAY,
            "title": "Hà Tây province (GSO code 28): re-established 12 August 1991, merged into "
                     "Hà Nội on 1 August 2008 (Resolution 15/2008/QH12 of 29 May 2008)",
            "url": "https://en.wikipedia.org/wiki/H%C3%A0_T%C3%A2y_province",
            "kind": "reference",
            "licence": "CC BY-SA 4.0",
        },
    ]

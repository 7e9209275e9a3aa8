"""Every published table in shared/data/published/*.csv (and any table a deployer adds) as FIGURES.

All tables share the columns of `news_and_official_figures.csv`: index, year,
unit_name_as_printed, level, component, score, rank, source, source_kind, note. They spell
the same thing many ways; `normalise` maps each spelling to the catalog once, here:

- index: PAR, SIPAS, PCI, PAPI, DTI, 766 → par, sipas, pci, papi, dti, i766;
- level and era: `province` → pre2025 province (post2025 from 2025 on), `province_34` →
  post2025 province, `commune` → post2025 commune (its province is the file's one
  `province_34` unit of the same source), `ministry` kept; `national` and names such as
  '(mean of 63 provinces)' or 'Đồng bằng sông Hồng (regional mean)' are statistics;
  `province_department` (a provincial department, e.g. Sở Xây dựng) is no unit of the
  registry: dropped, counted;
- unit names: a short code with the full name in `note` ('HNOI', note 'province=Hà Nội (…')
  → the name; 'UBND tỉnh Đồng Tháp', 'UBND xã M’Drắk' → without 'UBND' (and ’ → ');
  '广宁省 (Quảng Ninh)', 'Quảng Nam (クアンナム省)', 'TP. Đà Nẵng (cũ / former)' → the
  Vietnamese name; province type words ('TP.', 'tỉnh', 'thành phố') dropped;
- components: `COMPONENTS` maps every printed label (name_key of it) to a catalog id, per
  index; a label mapped to an id that the methodology version of that year does not have,
  or not mapped at all, is dropped with the reason (e.g. PAR fields printed as % of their
  maximum, the 2022–2024 four-part PAR breakdown, which is not the catalog's qd876
  structure).

`read_published` returns (figures, dropped): the FIGURES rows the build uses and one row
per dropped input row with `file` and `reason`. Ranks printed on component rows and
rank-only rows are kept (value null, published_rank set).
"""
from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from doisanh.build import published
from doisanh.catalog import Catalog
from doisanh.schema import FIGURES, conform
from doisanh.text import fold, name_key

PUBLISHED_DIR = Path("data") / "published"
INDEX_IDS = {"PAR": "par", "SIPAS": "sipas", "PCI": "pci", "PAPI": "papi", "DTI": "dti", "766": "i766"}
COLUMNS = ("index", "year", "unit_name_as_printed", "level", "component", "score", "rank",
           "source", "source_kind", "note")
DROPPED = {"file": pl.String, "index": pl.String, "year": pl.String, "unit": pl.String,
           "level": pl.String, "component": pl.String, "score": pl.String, "reason": pl.String}

# Statistics other than a mean: the aggregates table holds means only.
_MEAN_COMPONENTS = ("total_mean", "region_mean")
_REGION_NAMES = {"dongbangsonghong": "RRD", "dongnambo": "SE", "taynguyen": "CH",
                 "dongbangsongcuulong": "MRD", "trungduvamiennuiphiabac": "NMM",
                 "bactrungbovaduyenhaimientrung": "NCC"}

_PAPI = ("d1_participation", "d2_transparency", "d3_vertical_accountability",
         "d4_control_of_corruption", "d5_public_admin_procedures", "d6_public_service_delivery",
         "d7_environmental_governance", "d8_e_governance")
# words (`_label_key` of the label) → PAPI dimension, for labels without a number
_PAPI_WORDS = (
    ("participation", 0), ("thamgia", 0), ("transparency", 1), ("congkhai", 1),
    ("accountability", 2), ("trachnhiem", 2), ("corruption", 3), ("thamnhung", 3),
    ("procedures", 4), ("thutuc", 4), ("servicedelivery", 5), ("cungung", 5),
    ("environmental", 6), ("moitruong", 6), ("egovernance", 7), ("dientu", 7),
)
_PCI = {
    "entrycosts": "entry_costs", "gianhapthitruong": "entry_costs",
    "accesstoland": "land_access", "tiepcandatdai": "land_access",
    "transparency": "transparency", "tinhminhbach": "transparency",
    "timecosts": "time_costs", "chiphithoigian": "time_costs",
    "informalcharges": "informal_charges", "informalcosts": "informal_charges",
    "chiphikhongchinhthuc": "informal_charges",
    "policybias": "policy_bias", "canhtranhbinhdang": "policy_bias",
    "proactivity": "proactivity", "tinhnangdongcuachinhquyentinh": "proactivity",
    "businesssupportpolicy": "business_support", "dichvuhotrodoanhnghiep": "business_support",
    "laborpolicy": "labor_policy", "daotaolaodong": "labor_policy",
    "laworder": "law_and_order", "thietchephaplyvaanninhtrattu": "law_and_order",
}
_DTI = {
    "chinhquyenso": "pillar_digital_government", "digitalgovernment": "pillar_digital_government",
    "kinhteso": "pillar_digital_economy", "digitaleconomy": "pillar_digital_economy",
    "xahoiso": "pillar_digital_society", "digitalsociety": "pillar_digital_society",
    "digitalcognition": "digital_awareness", "digitalinstitutions": "digital_institutions",
    "digitalinfrastructure": "digital_infrastructure",
    "digitalhumanresources": "digital_human_resources",
    "networkinformationsecurity": "cyber_security",
    "digitalgovernmentactivities": "digital_government_activity",
    "digitaleconomicactivities": "digital_economy_activity",
    "digitalsocialactivities": "digital_society_activity",
}
# Bộ chỉ số 766: the portal's codes (provinces file) and the snapshot's group names (Đắk Lắk
# file). CKMB, TDGQ, MDHL are the initials of their groups; CLGQ, MDSH and TTTT were matched on
# the one unit both files print, Đắk Lắk (H15): CLGQ 9.01 = onlineService, MDSH 8.9 = digitized,
# TTTT 6.6 = payment (and in all 34 provinces CLGQ ≤ 12, MDSH ≤ 22, TTTT ≤ 10).
I766 = {
    "ckmb": "c1_transparency", "transparency": "c1_transparency",
    "tdgq": "c2_progress", "progress": "c2_progress",
    "mdsh": "c3_digitisation", "digitized": "c3_digitisation",
    "clgq": "c4_online_services", "onlineservice": "c4_online_services",
    "tttt": "c4_online_payment", "payment": "c4_online_payment",
    "mdhl": "c5_satisfaction", "satisfaction": "c5_satisfaction",
}
# PAR and SIPAS components printed in points of the catalog's structure. Fields printed as a
# percentage of their maximum (Đồng Tháp 2019: 94.12), the 2017-scheme fields of 2021 and the
# four-part breakdown of 2022–2024 (appraisal /61.5 …; the catalog's qd876 version has eight
# fields [U]) do not fit and are dropped by the version check.
_PAR = (
    ("thamdinh", "appraisal"), ("sipas", "sipas"), ("hailong", "sipas"),
    ("lanhdaoquanly", "leader_survey"), ("leadership", "leader_survey"), ("kinhtexahoi", "socio_economic"),
    ("ktxh", "socio_economic"), ("socioeconomic", "socio_economic"),
)
_PAR_FIELDS = (
    ("chidaodieuhanh", "f1_direction"), ("steering", "f1_direction"),
    ("vbqppl", "f2_legal_docs"), ("vanbanquyphamphapluat", "f2_legal_docs"),
    ("theche", "f2_institutions"), ("thutuchanhchinh", "f3_procedures"),
    ("tthc", "f3_procedures"), ("tochucbomay", "f4_organisation"),
    ("doingu", "f5_civil_service"), ("chedocongvu", "f5_civil_service"),
    ("taichinhcong", "f6_public_finance"), ("hiendaihoa", "f7_modernisation"),
    ("chinhquyendientu", "f7_digital_government"), ("hiendaihoa", "f7_digital_government"),
)


def component_id(index_id: str, label: str, allowed: set[str] | frozenset[str] = frozenset()) -> str | None:
    """The catalog id for a printed component label, or None. 'total', means and labels
    already spelled as catalog ids map to themselves; for PAR and SIPAS, where one label
    fits several schemes, the first candidate in `allowed` (the ids of the version in force)."""
    if label in ("total", "rating") or label.endswith("_mean") or label in allowed:
        return label
    key = _label_key(label)
    if index_id == "papi":
        num = re.search(r"(?:^|dimension|noidung|d)([1-8])", fold(label).replace(" ", ""))
        if num:
            return _PAPI[int(num.group(1)) - 1]
        return next((_PAPI[i] for w, i in _PAPI_WORDS if w in key), None)
    if index_id == "pci":
        return _PCI.get(key)
    if index_id == "dti":
        return _DTI.get(key)
    if index_id == "i766":
        return I766.get(key)
    if index_id in ("par", "sipas"):
        found = [cid for words, cid in (*_PAR, *_PAR_FIELDS) if words in key]
        return next((c for c in found if c in allowed), found[0] if found else None)
    return None


def _label_key(label: str) -> str:
    """Folded letters and digits of a label, parentheses in other scripts removed
    ('Cải cách tài chính công (財政改革)' → 'caicachtaichinhcong'). Not name_key: that drops a
    leading 'tỉnh'/'xã', which here are words ('Tính minh bạch', 'xã hội số')."""
    label = re.sub(r"\([^)]*[^\x00-\x7f\u00c0-\u024f\u1e00-\u1eff][^)]*\)", "", label)
    return re.sub(r"[^0-9a-z]", "", fold(label))


def unit_name(printed: str, note: str | None) -> str:
    """The Vietnamese unit name in a printed cell (see the module docstring)."""
    m = re.search(r"(?:^|; )province=([^;(]+?) \(", note or "")
    if m and printed.strip().isupper() and " " not in printed.strip():
        return m.group(1).strip()
    s = printed.replace("’", "'").strip()
    paren = re.fullmatch(r"(.*?)\s*\(([^)]*)\)\s*", s)
    if paren:
        outside, inside = paren.groups()
        s = inside if not re.search(r"[A-Za-zÀ-ỹ]", outside) else outside
    s = re.sub(r"^(UBND|Ủy ban nhân dân|Uỷ ban nhân dân)\s+", "", s, flags=re.IGNORECASE).strip()
    return SPELLINGS.get(s, s)


# Spellings of the portal that differ from the registry's (checked one by one).
SPELLINGS = {
    "xã Ea Knuếk": "Xã Ea Knuếc",   # Đắk Lắk: the registry (NSO list) writes Knuếc
}


# English names of ministries → the Vietnamese name other rows print (name_key → name).
MINISTRIES = {"statebankofvietnam": "Ngân hàng Nhà nước Việt Nam"}


def _province_name(s: str) -> str:
    return re.sub(r"^(tỉnh|thành phố|tp\.?)\s*", "", s, flags=re.IGNORECASE).strip() or s


def read_table(path: Path) -> pl.DataFrame:
    """One published CSV as strings, checked for the shared columns."""
    raw = pl.read_csv(path, infer_schema=False)
    missing = [c for c in COLUMNS if c not in raw.columns]
    if missing:
        raise ValueError(f"{path}: missing columns {missing} (a published table has {', '.join(COLUMNS)})")
    return raw.select(COLUMNS)


def published_files(shared_dir: Path, extra: tuple[Path, ...] = ()) -> list[Path]:
    """Every *.csv of shared/data/published, sorted by name, then the extra files as given."""
    return sorted((shared_dir / PUBLISHED_DIR).glob("*.csv")) + [Path(p) for p in extra]


def read_published(cat: Catalog, shared_dir: Path = published.SHARED_DIR,
                   extra: tuple[Path, ...] = ()) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(figures, dropped) of every published table; see the module docstring."""
    figs, drops = [], []
    for path in published_files(shared_dir, extra):
        f, d = normalise(read_table(path), cat, path.name)
        figs.append(f)
        drops.append(d)
    return (pl.concat(figs, how="vertical") if figs else pl.DataFrame(schema=FIGURES),
            pl.concat(drops, how="vertical") if drops else pl.DataFrame(schema=DROPPED))


def normalise(raw: pl.DataFrame, cat: Catalog, file: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """FIGURES rows (plus `parent_name`) for the rows of one table that fit the catalog, and
    the dropped rows with their reason."""
    rows = raw.to_dicts()
    urls = [s for s in {r["source"] for r in rows} if s and s.startswith(("http://", "https://"))]
    province_of_source: dict[str, set[str]] = {}
    for r in rows:
        if r["level"] == "province_34":
            province_of_source.setdefault(r["source"], set()).add(unit_name(r["unit_name_as_printed"], r["note"]))
    out, dropped = [], []

    def drop(r: dict, reason: str) -> None:
        dropped.append({"file": file, "index": r["index"], "year": r["year"],
                        "unit": r["unit_name_as_printed"], "level": r["level"],
                        "component": r["component"], "score": r["score"], "reason": reason})

    for r in rows:
        index_id = INDEX_IDS.get((r["index"] or "").strip())
        year = int(r["year"])
        if index_id is None:
            drop(r, f"index '{r['index']}' is not in the catalog")
            continue
        level_in, printed = r["level"], r["unit_name_as_printed"] or ""
        scope = None
        name: str | None = unit_name(printed, r["note"])
        parent = None
        comp = r["component"]
        if level_in == "national" and not printed.startswith("("):
            # e.g. the 766 portal's 'Cả nước' 61.86: the country's own score, not the mean of
            # the 34 provinces (theirs is 61.85); the aggregates table holds means
            drop(r, "the publisher's national score (not a mean of the units)")
            continue
        if printed.startswith("(") or level_in == "national" or "regional mean" in printed:
            if not comp.endswith("_mean"):
                drop(r, "statistic other than a mean (the snapshot's aggregates hold means)")
                continue
            region = _REGION_NAMES.get(name_key(printed.split("(")[0])) if "regional" in printed else None
            scope, name = region or "national", None
            comp = "total_mean" if comp in _MEAN_COMPONENTS else comp
        if level_in == "province_department":
            drop(r, "provincial department: not a unit of the registry (no level for it)")
            continue
        era = "post2025" if level_in in ("province_34", "commune") or year >= 2025 else "pre2025"
        level = {"province_34": "province", "national": "province"}.get(level_in, level_in)
        if level not in ("province", "ministry", "commune"):
            drop(r, f"level '{level_in}' unknown")
            continue
        if level == "commune":
            provs = province_of_source.get(r["source"], set())
            if len(provs) != 1:
                drop(r, "commune without one province of the same source")
                continue
            parent = _province_name(next(iter(provs)))
        elif level == "province" and name:
            name = _province_name(name)
        elif level == "ministry" and name:
            name = MINISTRIES.get(name_key(name), name)
        ix = cat[index_id]
        version = _version(ix, year)
        parts = {c.id: c for c in version.components} if version else {}
        cid = component_id(index_id, comp, set(parts)) if scope is None else comp
        if cid is None:
            drop(r, f"component label not mapped to the catalog ({index_id})")
            continue
        if scope is None and cid not in ("total", "rating") and cid not in parts:
            drop(r, f"component '{cid}' is not in methodology version "
                    f"{version.id if version else 'none'} of {year}")
            continue
        score = r["score"]
        value = float(score.replace(",", ".")) if score not in (None, "") else None
        rank = int(r["rank"]) if r["rank"] not in (None, "") else None
        top = parts[cid].max if cid in parts else (version.scale_max if version and cid == "total" else None)
        if value is not None and top is not None and value > top * 1.0001:
            drop(r, f"value above the maximum {top:g} of '{cid}' in version {version.id} "
                    "(printed on another scale)")
            continue
        if value is None and rank is None and cid != "rating":
            drop(r, "neither score nor rank")
            continue
        if index_id == "i766" and level == "commune" and rank is not None:
            # "rank as computed in the file among the province's units": computed by the
            # repository (as its provinces file says of its own ranks), among 116 units
            # including the 14 departments we do not ship; the score is kept
            drop(r, "rank only (score kept): computed by the repository among 116 units incl. departments")
            rank = None
        title, url = published.split_source(r["source"], urls)
        klass = re.search(r"(?:^|; )classification=([^;]+)", r["note"] or "")
        if klass and cid == "total":  # the publisher's class of the unit (766 portal: Khá, Trung bình…)
            out.append({"index_id": index_id, "year": year, "era": era, "level": level,
                        "unit_name": name, "unit_code": None, "scope": None, "component": "rating",
                        "value": None, "published_rank": None, "rank_of": None,
                        "source_title": title, "source_url": url, "source_kind": r["source_kind"],
                        "note": klass.group(1).strip(), "parent_name": parent})
        out.append({"index_id": index_id, "year": year, "era": era, "level": level,
                    "unit_name": name if scope is None else None, "unit_code": None,
                    "scope": scope, "component": cid, "value": value, "published_rank": rank,
                    "rank_of": None, "source_title": title, "source_url": url,
                    "source_kind": r["source_kind"], "note": r["note"], "parent_name": parent})
    figs = pl.DataFrame(out, schema={**FIGURES, "parent_name": pl.String})
    return (conform(figs, {**FIGURES, "parent_name": pl.String}, file),
            pl.DataFrame(dropped, schema=DROPPED))


def _version(ix, year: int):
    try:
        return ix.version_for(year)
    except KeyError:
        return None

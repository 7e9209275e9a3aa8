"""Fidelity of the SHIPPED snapshot (data/*.parquet) to what was published.

Unlike the unit tests, these read the built snapshot under data/ (doisanh.snapshot.read_all)
and the raw inputs it was built from, read here independently of the build code:
- shared/data/published/news_and_official_figures.csv (csv module) and build/published_figures.csv;
- the tidy vietnamdata CSVs of PCI 2005–2016 and PAPI 2011–2016 (a second parse of the official
  workbooks the build ships; names unaccented: 'TP HCM', 'BRVT', 'Ha Tay').
Names are resolved with doisanh.names.UnitResolver over data/units.parquet.

Where the build chose another source for the same fact, data/BUILD_REPORT.md says so ("Sources
disagree", "Duplicate figures"); those sections are parsed here and are the only exceptions allowed.
"""
from __future__ import annotations

import csv
import math
import re
from collections import defaultdict
from pathlib import Path

import polars as pl
import pytest

from doisanh import catalog, db, snapshot, sql
from doisanh.names import UnitResolver

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
NEWS_CSV = SHARED / "published" / "news_and_official_figures.csv"
TRANSCRIBED = ROOT / "build" / "published_figures.csv"
PCI_TIDY = SHARED / "pci" / "pci_2005_2016_vietnamdata.csv"
PAPI_TIDY = SHARED / "papi" / "papi_2011_2016_vietnamdata.csv"
REPORT = snapshot.DATA_DIR / "BUILD_REPORT.md"

needs_shared = pytest.mark.skipif(not NEWS_CSV.exists(), reason="../shared/data not present")

INDEX_IDS = {"PAR": "par", "SIPAS": "sipas", "PCI": "pci", "PAPI": "papi", "DTI": "dti"}
OBS_KEY = ["index_id", "era", "level", "year", "unit_code", "component"]

# Rows whose published parts do not add up to the published total (shipped as printed; the
# sources need checking):
# - PCI 2022 and 2023: pcivietnam.vn's province pages for Thanh Hóa (38; 2022 and 2023), Lâm Đồng
#   (68) and Bình Phước (70) print ten sub-indices whose weighted sum (pci_2013 weights) is
#   2.7–4.2 points below the PCI printed beside them; the same weights reproduce every published
#   PCI 2013–2021 row within 0.06, so the build generates no PCI components for 2022–2023.
# (PAPI 2021 Hải Dương, once here, now sums: the PAPI data file's dimensions (4 decimals) replace
#  the news page's, whose e-governance 3.6 was the odd one.)
PARTS_NOT_SUMMING = {("pci", 2022, "38"), ("pci", 2022, "68"), ("pci", 2022, "70"), ("pci", 2023, "38")}


# ------------------------------------------------------------------------------------ fixtures

@pytest.fixture(scope="module")
def frames() -> dict[str, pl.DataFrame]:
    return snapshot.read_all()


@pytest.fixture(scope="module")
def con(frames):
    c = db.connect(frames)
    yield c
    c.close()


@pytest.fixture(scope="module")
def obs(frames) -> pl.DataFrame:
    return frames["observations"]


@pytest.fixture(scope="module")
def units(frames) -> pl.DataFrame:
    return frames["units"]


@pytest.fixture(scope="module")
def resolver(units) -> UnitResolver:
    return UnitResolver(units)


@pytest.fixture(scope="module")
def cat() -> catalog.Catalog:
    return catalog.load()


@pytest.fixture(scope="module")
def report() -> str:
    return REPORT.read_text(encoding="utf-8")


def _section(text: str, title: str) -> list[str]:
    """The '- ' lines of the report section '## <title> (<n>)'; [] when absent."""
    m = re.search(rf"^## {re.escape(title)} \((\d+)\)\n\n((?:- .*\n?)*)", text, re.M)
    if m is None:
        return []
    lines = [x[2:] for x in m.group(2).splitlines()]
    assert len(lines) == int(m.group(1)), title
    return lines


_DISAGREE = re.compile(r"^(\S+) (\d+) (\S+) (\S+) (\S+): kept (\S+) rank (\S+) \(.*?\); other (\S+) rank (\S+) \(")
_DUPLICATE = re.compile(r"^(\S+) (\d+) (\S+) (\S+) (\S+): (\S+) \(\w+\) = (\S+) \(\w+\)$")


def _num(s: str) -> float | None:
    return None if s == "None" else float(s)


@pytest.fixture(scope="module")
def disagree(report) -> dict[tuple, list[dict]]:
    """Facts (index_id, year, level, unit_code, component) where sources disagree, with the kept
    and the other value and rank. (The report does not print the era.)"""
    out: dict[tuple, list[dict]] = defaultdict(list)
    for line in _section(report, "Sources disagree (first kept)"):
        m = _DISAGREE.match(line)
        assert m, line
        ix, year, level, unit, comp, kept, kept_rank, other, other_rank = m.groups()
        out[(ix, int(year), level, unit, comp)].append(dict(
            kept=_num(kept), kept_rank=_num(kept_rank), other=_num(other), other_rank=_num(other_rank)))
    return out


@pytest.fixture(scope="module")
def duplicates(report) -> dict[tuple, list[tuple]]:
    out: dict[tuple, list[tuple]] = defaultdict(list)
    for line in _section(report, "Duplicate figures (agree; first kept)"):
        m = _DUPLICATE.match(line)
        assert m, line
        ix, year, level, unit, comp, kept, other = m.groups()
        out[(ix, int(year), level, unit, comp)].append((_num(kept), _num(other)))
    return out


# ------------------------------------------------------------------------------- raw inputs

def _decimals(printed: str) -> int:
    return len(printed.split(".")[1]) if "." in printed else 0


def _raw_figures() -> list[dict]:
    """Unit figures with a printed value, from both inputs, as printed."""
    rows = []
    with NEWS_CSV.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if not r["score"] or r["unit_name_as_printed"].startswith("("):
                continue
            era, level = ("post2025", "province") if r["level"] == "province_34" else ("pre2025", r["level"])
            cell = r["source"].strip()
            rows.append(dict(
                input="news", index_id=INDEX_IDS[r["index"]], year=int(r["year"]), era=era, level=level,
                name=r["unit_name_as_printed"], parent=None, component=r["component"],
                printed=r["score"], value=float(r["score"]),
                url=cell.split(" ", 1)[0] if cell.startswith("http") else None, cell=cell, title=None))
    with TRANSCRIBED.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if not r["value"] or r["scope"]:
                continue
            rows.append(dict(
                input="transcribed", index_id=r["index_id"], year=int(r["year"]), era=r["era"],
                level=r["level"], name=r["unit_name"], parent=r["parent_name"] or None,
                component=r["component"], printed=r["value"], value=float(r["value"]),
                url=r["source_url"] or None, cell=None, title=r["source_title"]))
    return rows


def _resolve(res: UnitResolver, r: dict) -> str | None:
    """As doisanh.build.assemble.resolve: the parent first for districts and communes."""
    era, level, name, parent = r["era"], r["level"], r["name"], r["parent"]
    if level in ("province", "ministry"):
        return res.resolve(name, era=era, level=level)
    if level == "district":
        pc = res.resolve(parent, era=era, level="province") if parent else None
        return res.resolve(name, era=era, level="district", province_code=pc)
    d = res.resolve(parent, era=era, level="district") if parent else None
    if d is not None:
        return res.resolve(name, era=era, level="commune", parent_code=d)
    pc = res.resolve(parent, era=era, level="province") if parent else None
    return res.resolve(name, era=era, level="commune", province_code=pc)


def _cites(src: dict, r: dict) -> bool:
    """Whether the sources row `src` is the source the raw row `r` printed."""
    if r["input"] == "transcribed":
        return src["title"] == r["title"] and (src["url"] or "") == (r["url"] or "")
    if r["url"]:
        return src["url"] == r["url"]
    # short forms ('thitruonghanghoa.com 159168'): the cell itself, or a page with that id
    ids = re.findall(r"\d{5,}", r["cell"])
    return src["title"] == r["cell"] or any(i in (src["url"] or "") for i in ids)


# ------------------------------------------------------------------- 1. published figures

@needs_shared
def test_every_published_figure_is_shipped_unchanged(obs, frames, resolver, disagree, duplicates):
    raw = _raw_figures()
    assert len(raw) > 2700
    published = obs.filter(~pl.col("is_illustrative"))
    shipped = {tuple(r[k] for k in ("index_id", "year", "era", "level", "unit_code", "component")): r
               for r in published.iter_rows(named=True)}
    sources = {r["source_id"]: r for r in frames["sources"].iter_rows(named=True)}
    unresolved, missing, wrong = [], [], []
    exact = rounded = chosen_other = 0
    for r in raw:
        code = _resolve(resolver, r)
        if code is None:
            unresolved.append(r)
            continue
        got = shipped.get((r["index_id"], r["year"], r["era"], r["level"], code, r["component"]))
        if got is None:
            missing.append((r, code))
            continue
        fact = (r["index_id"], r["year"], r["level"], code, r["component"])
        assert got["source_id"] in sources
        if got["value"] == r["value"] and (_cites(sources[got["source_id"]], r) or fact in duplicates
                                           or fact in disagree):
            exact += 1
        elif fact in disagree:
            # the build kept another source's value: the printed one is an alternative it names
            alts = [(d["kept"], d["other"]) for d in disagree[fact]]
            if any(r["value"] in a for a in alts) and got["value"] in {a[0] for a in alts}:
                chosen_other += 1
            else:
                wrong.append((fact, r["printed"], got["value"], "disagree", alts))
        elif fact in duplicates and abs(got["value"] - r["value"]) <= 0.5 * 10 ** -_decimals(r["printed"]) + 1e-9:
            rounded += 1  # another source of the same figure, with more decimals, was kept
        else:
            wrong.append((fact, r["printed"], got["value"], got["source_id"]))
    assert not unresolved, unresolved[:5]
    assert not missing, missing[:5]
    assert not wrong, f"{len(wrong)} published figures changed, e.g. {wrong[:10]}"
    # 2,745 printed unit figures: 1,653 shipped exactly as printed from their own source or a
    # source printing the same number, 1,060 from a source printing more decimals (mostly the
    # official PCI workbooks of 2005–2016 over the pages that round them), 42 where sources disagree
    # (32 before the other published tables were read: the PCI 2020–2022 panel and the PAPI data
    # files, both 'dataset', now win over 10 news figures that print other values).
    assert exact > 1600
    assert chosen_other <= 45
    assert exact + rounded + chosen_other == len(raw)


def test_report_lists_few_disagreements(disagree):
    n = sum(len(v) for v in disagree.values())
    assert 0 < n <= 70  # 60 in the build of this snapshot (32 before every published table was read)


@needs_shared
def test_published_statistics_are_shipped(frames):
    aggs = {(r["index_id"], r["era"], r["level"], r["year"], r["component"], r["scope"]): r["value"]
            for r in frames["aggregates"].iter_rows(named=True)}
    raw = []
    with TRANSCRIBED.open(encoding="utf-8", newline="") as f:
        raw += [(r["index_id"], r["era"], r["level"], int(r["year"]), r["component"].removesuffix("_mean")
                 or "total", r["scope"], float(r["value"])) for r in csv.DictReader(f) if r["scope"]]
    with NEWS_CSV.open(encoding="utf-8", newline="") as f:
        raw += [(INDEX_IDS[r["index"]], "pre2025", r["level"], int(r["year"]), "total", "national",
                 float(r["score"])) for r in csv.DictReader(f) if r["unit_name_as_printed"].startswith("(mean")]
    assert len(raw) >= 15
    for *key, value in raw:
        assert aggs.get(tuple(key)) == value, key


# -------------------------------------------------------------- 2. PCI and PAPI, 2005–2016

PCI_COLUMNS = {
    "pci_entry": "entry_costs", "pci_land": "land_access", "pci_transparency": "transparency",
    "pci_time": "time_costs", "pci_informal": "informal_charges", "pci_implement": "implementation",
    "pci_bias": "policy_bias", "pci_proactive": "proactivity", "pci_support": "business_support",
    "pci_labor": "labor_policy", "pci_legal": "law_and_order", "pci_weighted": "total",
}
PAPI_COLUMNS = {
    "papi_participation": "d1_participation", "papi_transparency": "d2_transparency",
    "papi_accountability": "d3_vertical_accountability", "papi_corruption": "d4_control_of_corruption",
    "papi_procedures": "d5_public_admin_procedures", "papi_service": "d6_public_service_delivery",
    "papi_unweighted": "total",
}


@needs_shared
@pytest.mark.parametrize("index_id, path, columns, years, n_expected", [
    ("pci", PCI_TIDY, PCI_COLUMNS, (2005, 2016), 7274),
    ("papi", PAPI_TIDY, PAPI_COLUMNS, (2011, 2016), 2632),
])
def test_workbook_years_match_the_tidy_tables(obs, resolver, index_id, path, columns, years, n_expected):
    shipped = obs.filter(pl.col("index_id") == index_id, pl.col("year").is_between(*years))
    assert shipped["is_illustrative"].sum() == 0  # real values only: no generated row in these years
    assert set(shipped["era"]) == {"pre2025"} and set(shipped["level"]) == {"province"}
    look = {(r["year"], r["unit_code"], r["component"]): r["value"] for r in shipped.iter_rows(named=True)}
    assert len(look) == shipped.height
    dims = [c for c, comp in columns.items() if comp != "total"]
    checked, matched_keys, unnamed = 0, set(), 0
    with path.open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if not r["prov"]:  # PCI 2013: 50 rows without a name (a defect of the tidy table)
                unnamed += 1
                continue
            if index_id == "papi" and all(r[c] == "" for c in dims):
                # PAPI 2014 Bắc Giang, Đồng Thap: no dimension and a total of 0, not published
                assert float(r["papi_unweighted"]) == 0.0
                continue
            code = resolver.resolve(r["prov"], era="pre2025", level="province")
            assert code is not None, r["prov"]
            for col, comp in columns.items():
                if r[col] == "":
                    continue
                key = (int(r["year"]), code, comp)
                assert key in look, key
                assert look[key] == pytest.approx(float(r[col]), abs=1e-6), (key, r["prov"])
                matched_keys.add(key)
                checked += 1
    assert checked == n_expected
    assert unnamed == (50 if index_id == "pci" else 0)
    # every shipped value of those years is in the tidy table, except the 50 unnamed PCI 2013 rows
    extra = {k for k in look if k not in matched_keys}
    assert {k[0] for k in extra} <= {2013}
    assert len({k[1] for k in extra}) == (50 if index_id == "pci" else 0)


def test_no_papi_2014_row_for_the_two_unpublished_provinces(obs, resolver):
    for name in ("Bắc Giang", "Đồng Tháp"):
        code = resolver.resolve(name, era="pre2025", level="province")
        assert obs.filter(index_id="papi", year=2014, unit_code=code).height == 0


# ------------------------------------------------------------------------ 3. published ranks

def _ranking(cur, **given) -> pl.DataFrame:
    """queries/ranking.sql with every filter not given set to null, every figure included (the
    ranks computed among all units, illustrative ones too, as the build made them consistent)."""
    params = dict.fromkeys(sql.load("ranking").params)
    params.update(with_illustrative=True, **given)
    return sql.run(cur, "ranking", **params)


def test_published_ranks_hold_in_the_ranking_query(con, obs, units, disagree, cat, report):
    # a rank printed without a score where nothing is generated (PAR ministries 2017 and 2020,
    # DTI 2024 TP.HCM among the 63) has no value to rank: it is shown as printed
    ranked = obs.filter(pl.col("published_rank").is_not_null(), pl.col("component") == "total",
                        pl.col("value").is_not_null())
    province_of = dict(zip(units["unit_code"], units["province_code"]))
    rank_disputed = {(k[0], k[1], k[2], k[3]) for k, v in disagree.items()
                     if any(d["kept_rank"] is not None and d["other_rank"] is not None
                            and d["kept_rank"] != d["other_rank"] for d in v)}
    cur = con.cursor()
    tables: dict[tuple, pl.DataFrame] = {}
    checked, beyond_n, ties, disputed, wrong = 0, [], [], [], []
    for r in ranked.iter_rows(named=True):
        pc = None if r["level"] in ("province", "ministry") else province_of[r["unit_code"]]
        key = (r["era"], r["level"], r["index_id"], r["year"], pc)
        if key not in tables:
            tables[key] = _ranking(cur, era=r["era"], level=r["level"], index_id=r["index_id"],
                                   year=r["year"], province_code=pc)
        t = tables[key]
        row = t.filter(pl.col("unit_code") == r["unit_code"]).to_dicts()
        assert len(row) == 1, (key, r["unit_code"])  # every ranked unit has a value to rank
        row = row[0]
        assert row["published_rank"] == r["published_rank"]
        if r["published_rank"] > row["n_units"]:
            beyond_n.append((key, r["unit_code"], r["published_rank"], row["n_units"]))
        elif row["rank_in_peers"] == r["published_rank"]:
            checked += 1
        elif (r["index_id"], r["year"], r["level"], r["unit_code"]) in rank_disputed:
            disputed.append((key, r["unit_code"]))
        elif row["rank_in_peers"] < r["published_rank"] < row["rank_in_peers"] + (t["value"] == row["value"]).sum():
            # tied with the units above it: the publisher broke the tie on unprinted decimals
            ties.append((key, r["unit_code"], r["published_rank"], row["rank_in_peers"]))
        else:
            wrong.append((key, r["unit_code"], r["published_rank"], row["rank_in_peers"], r["is_illustrative"]))
    cur.close()
    # where sources disagree (a rank printed against published values), or only a few units of a
    # table are published and nothing is generated (ministries, DTI 2024 among the 63), the rank
    # cannot hold: the build lists the first kind in its report
    reported = _section(report, "Published ranks not reproduced")
    partial = [w for w in wrong if not _covered(cat, w[0][2], w[0][0], w[0][1], w[0][3])]
    unreported = [w for w in wrong if w not in partial and not any(
        line.startswith(str((w[0][2], w[0][0], w[0][1], w[0][3])) + f" {w[1]}:") for line in reported)]
    assert not unreported, unreported
    assert len(wrong) - len(partial) <= 20
    assert checked > 1000  # 1,098 in this snapshot
    # rank printed beyond the units holding a value: ministries (a few of 17 published) and
    # PAR 2012 (6 provinces published, Quảng Ninh '19th')
    assert {(k[1], k[2], k[3]) for k, *_ in beyond_n} <= {("ministry", "par", y) for y in range(2012, 2025)} | \
        {("province", "par", 2012), ("province", "dti", 2024)}  # DTI 2024: Quảng Nam 57th of the 63
    assert len(beyond_n) <= 6
    # PCI 2011 prints Hà Giang 41st and Bình Thuận 40th with the same 57.62 (2 decimals)
    # now that PCI 2017–2022 and PAR 2023 print many more values with 2 decimals, more such ties
    assert ("pci", 2011, "02") in [(k[2], k[3], u) for k, u, *_ in ties] and len(ties) <= 15
    assert len(disputed) <= 5


def test_ranking_covers_district_and_commune_pins(con, obs, units):
    """The district and commune ranks of the transcription are ranks within their province."""
    pins = obs.filter(pl.col("published_rank").is_not_null(), pl.col("level").is_in(["district", "commune"]))
    assert pins.height >= 5
    province_of = dict(zip(units["unit_code"], units["province_code"]))
    cur = con.cursor()
    for r in pins.iter_rows(named=True):
        t = _ranking(cur, era=r["era"], level=r["level"], index_id=r["index_id"], year=r["year"],
                     province_code=province_of[r["unit_code"]])
        row = t.filter(pl.col("unit_code") == r["unit_code"])
        assert row["rank_in_peers"].to_list() == [r["published_rank"]], r
    cur.close()


# ------------------------------------------------------------------------ 4. published means

def _print_decimals(v: float) -> int:
    s = repr(v)
    return 0 if s.endswith(".0") else len(s.split(".")[1])


def _covered(cat, index_id: str, era: str, level: str, year: int) -> bool:
    ix = cat[index_id]
    return year in ix.years(era, level) and not ix.is_complete(year)


def test_published_means_hold(obs, units, frames, cat, report):
    means = frames["aggregates"].filter(stat="mean", component="total")
    assert means.height >= 12
    problems = _section(report, "Generation problems") + _section(report, "Published means not reproduced")
    checked, unreached = 0, []
    for m in means.iter_rows(named=True):
        key = (m["index_id"], m["era"], m["level"], m["year"])
        if not _covered(cat, *key):
            # no full table is generated for ministries: only a few of the 17 are published
            assert m["level"] == "ministry", m
            continue
        t = obs.filter(index_id=m["index_id"], era=m["era"], level=m["level"], year=m["year"], component="total")
        if m["scope"] != "national":
            region = units.filter(era=m["era"], level=m["level"], region_code=m["scope"])["unit_code"].to_list()
            t = t.filter(pl.col("unit_code").is_in(region))
        assert t.height > 0 and t["value"].null_count() == 0
        got = round(t["value"].mean(), _print_decimals(m["value"]))
        if got != m["value"]:
            # a mean the published values and ranks cannot give: the build must say so. PCI 2017
            # 'mean 60.2' (all 63 values published: their mean is 62.40; VCCI usually prints the
            # median) and PAR 2023's regional means against the 21 provinces now published.
            unreached.append((key, m["scope"]))
            assert any(p.startswith(str(key)) and (f"mean {m['value']}" in p or f"published {m['value']}," in p)
                       for p in problems), (key, m["value"], problems)
            continue
        if m["scope"] == "national" and m["level"] == "province" and m["era"] == "pre2025":
            assert t.height == 63
        checked += 1
    assert checked >= 6  # PAR 2020, 2021, 2024, 2023 national; SIPAS 2022, 2023
    # PAR 2023: the six regional means and the national one (86.98 [D]) against the values and
    # ranks of 21 provinces now published; the build lists each (sources to check)
    assert len(unreached) <= 10 and (("pci", "pre2025", "province", 2017), "national") in unreached


def test_published_component_means_hold(obs, frames):
    means = frames["aggregates"].filter(pl.col("component") != "total")
    assert means.height == 2
    for m in means.iter_rows(named=True):
        t = obs.filter(index_id=m["index_id"], era=m["era"], level=m["level"], year=m["year"],
                       component=m["component"])
        assert round(t["value"].mean(), _print_decimals(m["value"])) == m["value"]


# ------------------------------------------------------------------- 5. examples of the issue

def _total(obs: pl.DataFrame, index_id: str, year: int, code: str, level: str = "province",
           component: str = "total") -> dict:
    rows = obs.filter(index_id=index_id, year=year, era="pre2025", level=level, unit_code=code,
                      component=component).to_dicts()
    assert len(rows) == 1, (index_id, year, code, component)
    return rows[0]


def test_par_2020_top_of_the_table(obs, con):
    for code, value, rank in (("22", 91.04, 1), ("31", 90.51, 2), ("46", 88.47, 3), ("74", 86.93, 4)):
        r = _total(obs, "par", 2020, code)
        assert (r["value"], r["published_rank"], r["is_illustrative"]) == (value, rank, False)
        assert r["source_id"].startswith("pub_")
    for comp, value in (("appraisal", 55.48), ("sipas", 8.82), ("leader_survey", 20.27), ("socio_economic", 2.36)):
        r = _total(obs, "par", 2020, "74", component=comp)
        assert (r["value"], r["is_illustrative"]) == (value, False)
    t = obs.filter(index_id="par", year=2020, era="pre2025", level="province", component="total")
    assert t.height == 63
    assert set(t.filter(pl.col("value") > 86.93)["unit_code"]) == {"22", "31", "46"}
    assert round(t["value"].mean(), 2) == 83.72
    cur = con.cursor()
    ranked = _ranking(cur, era="pre2025", level="province", index_id="par", year=2020)
    cur.close()
    assert ranked.head(4)["unit_code"].to_list() == ["22", "31", "46", "74"]


def test_binh_duong_sipas_and_766(obs, con):
    # 2019: eng.binhduong.gov.vn (official) prints 88.2, the seed article 88.05 (BUILD_REPORT)
    for year, value in ((2017, 79.58), (2018, 85.03), (2019, 88.2)):
        r = _total(obs, "sipas", year, "74")
        assert (r["value"], r["is_illustrative"]) == (value, False)
    r = _total(obs, "i766", 2023, "74")
    assert (r["value"], r["published_rank"], r["is_illustrative"]) == (79.92, 9, False)
    cur = con.cursor()
    ranked = _ranking(cur, era="pre2025", level="province", index_id="i766", year=2023)
    cur.close()
    assert ranked.filter(unit_code="74")["rank_in_peers"].to_list() == [9]


def test_thanh_binh_2023(obs, resolver):
    dong_thap = resolver.resolve("Đồng Tháp", era="pre2025", level="province")
    code = resolver.resolve("Thanh Bình", era="pre2025", level="district", province_code=dong_thap)
    assert (dong_thap, code) == ("87", "874")
    for ix, value in (("par", 80.37), ("sipas", 95.12)):
        r = _total(obs, ix, 2023, code, level="district")
        assert (r["value"], r["is_illustrative"]) == (value, False)


def test_binh_duong_districts_766_2023(obs, units, resolver):
    districts = units.filter(era="pre2025", level="district", province_code="74")["unit_code"].to_list()
    assert len(districts) == 9
    thuan_an = resolver.resolve("TP.Thuận An", era="pre2025", level="district", province_code="74")
    assert thuan_an in districts
    for code in districts:
        r = _total(obs, "i766", 2023, code, level="district")
        if code == thuan_an:
            assert r["published_band"] == "kha" and 65 <= r["value"] < 80
        else:
            assert r["published_band"] == "tot" and r["value"] >= 80
        assert r["is_illustrative"] and r["pub_source_id"] is not None


# --------------------------------------------------------------------------------- 6. invariants

def _part_sums(obs: pl.DataFrame, cat: catalog.Catalog) -> pl.DataFrame:
    """One row per (index, version, era, level, year, unit) with every part present: the total,
    Σ weight × value, and how many of the rows are illustrative."""
    out = []
    for ix in cat.indices:
        for v in ix.versions:
            weights = {p.id: p.weight for p in v.parts}
            sub = obs.filter(pl.col("index_id") == ix.id, pl.col("method_version") == v.id,
                             pl.col("component").is_in([*weights, "total"]))
            if sub.is_empty():
                continue
            w = pl.col("component").replace_strict(weights, default=0.0, return_dtype=pl.Float64)
            part = pl.col("component") != "total"
            g = (sub.group_by("era", "level", "year", "unit_code")
                 .agg(n_parts=part.sum(), total=pl.col("value").filter(~part).first(),
                      weighted=(pl.col("value") * w).filter(part).sum(),
                      n_illustrative=pl.col("is_illustrative").sum(), n_rows=pl.len())
                 .filter(pl.col("n_parts") == len(weights), pl.col("total").is_not_null())
                 .with_columns(index_id=pl.lit(ix.id), version=pl.lit(v.id), scale=pl.lit(v.scale_max),
                               weights_unverified=pl.lit(any(p.status == "U" for p in v.parts))))
            out.append(g)
    return pl.concat(out).with_columns(diff=(pl.col("weighted") - pl.col("total")).abs())


def test_parts_add_up_to_the_total(obs, cat):
    sums = _part_sums(obs, cat)
    generated = sums.filter(pl.col("n_illustrative") > 0)
    published = sums.filter(pl.col("n_illustrative") == 0)
    assert generated.height > 100_000 and published.height > 1000
    # generated rows (all parts generated, or published parts completed by generated ones): exact
    bad = generated.filter(pl.col("diff") > 0.01 * pl.col("scale") / 100)
    assert bad.is_empty(), bad.head()
    # all parts published: the publisher's rounding only; not for weights we could not verify
    # ([U]: PAR 2012 and 2020) nor for PCI 2011 (printed totals 0.05–0.55 above the sum); PCI 2005 is
    # checked since its weights were fitted to its 42 printed totals ([D], within 0.008)
    pci_2011 = (pl.col("index_id") == "pci") & (pl.col("year") == 2011)
    checked = published.filter(~pl.col("weights_unverified"), ~pci_2011)
    assert checked.height > 900
    bad = checked.filter(pl.col("diff") > 0.06 * pl.col("scale") / 100)
    assert set(zip(bad["index_id"], bad["year"], bad["unit_code"])) == PARTS_NOT_SUMMING, bad


def test_values_within_zero_and_max(obs, cat):
    comps = catalog.component_table(cat).select("index_id", "version_id", "component", "max_value")
    j = obs.filter(pl.col("value").is_not_null()).join(
        comps, left_on=["index_id", "method_version", "component"], right_on=["index_id", "version_id", "component"],
        how="left")
    # SIPAS 2015 (pilot year, 2 published values) precedes every SIPAS version of the catalog
    no_version = j.filter(pl.col("max_value").is_null())
    assert set(zip(no_version["index_id"], no_version["year"], no_version["method_version"])) == {
        ("sipas", 2015, "unknown")}
    assert no_version.height == 2
    assert j.filter(pl.col("value") < 0).is_empty()
    over = j.filter(pl.col("value") > pl.col("max_value") + 1e-9)
    assert over.is_empty(), over.head()


def test_illustrative_flag_matches_source(obs, frames):
    values = obs.filter(pl.col("value").is_not_null())
    assert values.filter(pl.col("is_illustrative") != (pl.col("source_id") == "illustrative")).is_empty()
    assert values.filter(~pl.col("is_illustrative")).height > 11_000
    assert obs.filter(pl.col("pub_source_id") == "illustrative").is_empty()


def test_source_ids_exist(frames):
    known = set(frames["sources"]["source_id"])
    obs = frames["observations"]
    assert set(obs["source_id"].unique()) <= known
    assert set(obs["pub_source_id"].drop_nulls().unique()) <= known
    assert set(frames["aggregates"]["source_id"].unique()) <= known
    assert set(frames["crosswalk"]["source_id"].unique()) <= known


def test_unit_source_ids_exist(frames):
    assert set(frames["units"]["source_id"].unique()) <= set(frames["sources"]["source_id"])


def test_keys_unique_and_sorted(frames):
    units, obs = frames["units"], frames["observations"]
    assert not units.select("era", "level", "unit_code").is_duplicated().any()
    keys = obs.select(OBS_KEY)
    assert not keys.is_duplicated().any()
    assert keys.equals(keys.sort(OBS_KEY))


def test_eras_and_years(obs):
    years = {era: (lo, hi) for era, lo, hi in obs.group_by("era").agg(
        pl.col("year").min().alias("lo"), pl.col("year").max().alias("hi")).iter_rows()}
    assert set(years) == {"pre2025", "post2025"}
    assert years["pre2025"][1] <= 2024 and years["post2025"][0] >= 2024
    post_2024 = obs.filter(era="post2025", year=2024)
    assert set(post_2024["index_id"]) == {"dti"}  # DTI 2024 was published for the 34 provinces
    # DTI 2024 among the 63 former provinces: a few published figures (Đà Nẵng, Quảng Nam,
    # TP.HCM's rank), none generated
    dti_63 = obs.filter(era="pre2025", index_id="dti", year=2024)
    assert 0 < dti_63.height < 10 and not dti_63["is_illustrative"].any()
    communes = obs.filter(level="commune")
    assert set(communes["era"]) == {"pre2025", "post2025"}
    for era in ("pre2025", "post2025"):
        assert communes.filter(era=era).height > 10_000


def test_pre2025_figures_sit_on_units_valid_that_year(obs, units):
    """PCI 2005–2007 (Hà Nội before it absorbed Hà Tây, and every other province) included."""
    valid = units.filter(era="pre2025").select("level", "unit_code", lo=pl.col("valid_from").dt.year(),
                                               hi=pl.col("valid_to").dt.year())
    j = obs.filter(era="pre2025").select("level", "unit_code", "year", "index_id").unique().join(
        valid, on=["level", "unit_code"], how="left")
    outside = j.filter((pl.col("year") < pl.col("lo")) | (pl.col("year") > pl.col("hi")))
    assert outside.is_empty(), outside.head()
    hanoi = j.filter(unit_code="01", index_id="pci", level="province")
    assert {2005, 2006, 2007} <= set(hanoi["year"])


def test_observation_units_are_registry_units(obs, units):
    known = units.select("era", "level", "unit_code").unique()
    orphans = obs.select("era", "level", "unit_code").unique().join(known, on=["era", "level", "unit_code"],
                                                                     how="anti")
    assert orphans.is_empty(), orphans


def test_nan_free(obs, frames):
    assert obs.filter(pl.col("value").is_nan()).is_empty()
    assert not any(math.isnan(v) for v in frames["aggregates"]["value"])

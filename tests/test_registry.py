"""The unit registry and the 2025 crosswalk, checked against independent lists
in the shared data folder (thanglequoc GSO lists, vnmap, dvhcvn)."""
from __future__ import annotations

import csv
import json
import unicodedata
from datetime import date

import polars as pl
import pytest

from doisanh import schema
from doisanh.build import registry
from doisanh.text import name_key

SHARED = registry.SHARED_DIR / "data"
pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason=f"no shared data at {SHARED}")


@pytest.fixture(scope="module")
def units() -> pl.DataFrame:
    return registry.build_units()


@pytest.fixture(scope="module")
def crosswalk(units) -> pl.DataFrame:
    return registry.build_crosswalk(units)


def _csv(name: str) -> list[dict[str, str]]:
    with (SHARED / "registry" / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _json(*parts: str):
    return json.loads(SHARED.joinpath(*parts).read_text(encoding="utf-8"))


def _codes(df: pl.DataFrame, era: str, level: str) -> set[str]:
    return set(df.filter(era=era, level=level)["unit_code"])


def _pairs(df: pl.DataFrame, key: str, value: str, **where: str) -> dict:
    """{key: value} over the rows of df matching `where`."""
    return dict(df.filter(**where).select(key, value).iter_rows())


@pytest.fixture(scope="module")
def thanglequoc_pre() -> dict[tuple[str, str], dict]:
    out = {}
    for p in _json("registry", "thanglequoc_vn_units_pre2025_63prov_v2.4.1_simplified.json"):
        out[("province", p["Code"])] = p
        for d in p["District"]:
            out[("district", d["Code"])] = d
            for w in d["Ward"] or []:          # the five island districts have Ward: null
                out[("commune", w["Code"])] = w
    return out


@pytest.fixture(scope="module")
def thanglequoc_post() -> dict[tuple[str, str], dict]:
    out = {}
    for p in _json("registry", "thanglequoc_vn_units_2025_34prov_simplified.json"):
        out[("province", p["Code"])] = p
        for w in p["Wards"]:
            out[("commune", w["Code"])] = w
    return out


# ---------------------------------------------------------------- units

def test_schema(units, crosswalk):
    assert units.schema == pl.Schema(schema.UNITS)
    assert crosswalk.schema == pl.Schema(schema.CROSSWALK)


def test_counts(units):
    counts = {(e, lv): n for e, lv, n in units.group_by("era", "level").len().iter_rows()}
    assert counts == {
        ("pre2025", "province"): 64,      # 63 + Hà Tây (until 2008)
        ("pre2025", "district"): 696,
        ("pre2025", "commune"): 10_035,
        ("post2025", "province"): 34,
        ("post2025", "commune"): 3_321,
    }
    pre_prov = units.filter(era="pre2025", level="province")
    assert pre_prov.filter(pl.col("valid_to") == date(2025, 6, 30)).height == 63
    ha_tay = pre_prov.filter(unit_code="28").row(0, named=True)
    assert ha_tay["name_vi"] == "Hà Tây" and ha_tay["source_id"] == "gso_hatay"
    assert (ha_tay["valid_from"], ha_tay["valid_to"]) == (date(1991, 8, 12), date(2008, 7, 31))
    assert units.filter(era="post2025")["valid_to"].null_count() == 3_355


def test_codes_unique_and_parents_exist(units):
    assert units.select("era", "level", "unit_code").is_duplicated().sum() == 0
    pre_d = _codes(units, "pre2025", "district")
    pre_p = _codes(units, "pre2025", "province")
    post_p = _codes(units, "post2025", "province")
    parents = {
        ("pre2025", "province"): {None}, ("post2025", "province"): {None},
        ("pre2025", "district"): pre_p, ("pre2025", "commune"): pre_d, ("post2025", "commune"): post_p,
    }
    for (era, level), allowed in parents.items():
        got = set(units.filter(era=era, level=level)["parent_code"])
        assert got <= allowed, (era, level, sorted(got - allowed, key=str)[:5])
    for era, provs in (("pre2025", pre_p), ("post2025", post_p)):
        assert set(units.filter(era=era)["province_code"]) <= provs
    # a pre-2025 commune's province is its district's province
    d_prov = units.filter(era="pre2025", level="district").select(
        parent_code="unit_code", d_prov="province_code")
    communes = units.filter(era="pre2025", level="commune").join(d_prov, on="parent_code")
    assert communes.height == 10_035 and (communes["province_code"] == communes["d_prov"]).all()


def test_code_lengths_types_and_keys(units):
    width = {"province": 2, "district": 3, "commune": 5}
    for level, n in width.items():
        assert (units.filter(level=level)["unit_code"].str.len_chars() == n).all()
    assert set(units["unit_type"]) == {"Tỉnh", "Thành phố", "Quận", "Huyện", "Thị xã", "Phường", "Xã",
                                       "Thị trấn", "Đặc khu"}
    assert (units["search_key"].str.len_chars() > 0).all()
    assert units.filter(~pl.col("search_key").str.ends_with(" " + pl.col("unit_code"))).is_empty()
    for col in ("name_vi", "full_name_vi"):
        assert all(unicodedata.is_normalized("NFC", s) for s in units[col])
    assert units.filter(pl.col("name_vi").str.contains(r"\(")).is_empty()      # 'Yên Viên (Xã)' cleaned
    assert (units["name_en"].str.contains(r"^[\x20-\x7e]+$")).all()
    row = units.filter(era="pre2025", level="district", unit_code="725").row(0, named=True)
    assert row["search_key"] == "thanh pho thuan an thuan an 725"
    assert row["name_en"] == "Thuan An"


def test_regions(units):
    regions = registry.build_regions()
    assert regions["region_code"].to_list() == ["RRD", "NMM", "NCC", "CH", "SE", "MRD"]
    assert set(units["region_code"]) == set(regions["region_code"])
    pre = _pairs(units, "unit_code", "region_code", era="pre2025", level="province")
    post = _pairs(units, "unit_code", "region_code", era="post2025", level="province")
    assert pre["79"] == "SE" and pre["28"] == "RRD"
    # post-2025: the region of the predecessor whose code was kept
    assert post["80"] == "MRD"      # Tây Ninh (new) kept Long An's code 80
    assert post["52"] == "NCC"      # Gia Lai (new) kept Bình Định's code 52
    assert post["79"] == "SE" and post["66"] == "CH"
    # communes inherit their province's region
    communes = units.filter(era="post2025", level="commune")
    assert all(post[p] == r for p, r in communes.select("province_code", "region_code").iter_rows())


def test_area_population(units):
    prov = units.filter(pl.col("unit_code") != "28", level="province")
    assert prov["population"].null_count() == 0 and prov["area_km2"].null_count() == 0
    total = {e: units.filter(level="province", era=e)["population"].sum() for e in schema.ERAS}
    assert total["pre2025"] == total["post2025"]
    hcm = units.filter(era="post2025", level="province", unit_code="79").row(0, named=True)
    assert hcm["population"] == 13_608_800  # 9,543,600 + 2,870,600 (Bình Dương) + 1,194,600 (BR-VT)
    assert units.filter(era="post2025", level="commune")["area_km2"].null_count() == 2


# ------------------------------------------ against the thanglequoc GSO lists

@pytest.mark.parametrize(("level", "code", "name", "full"), [
    ("province", "01", "Hà Nội", "Thành phố Hà Nội"),
    ("province", "74", "Bình Dương", "Tỉnh Bình Dương"),
    ("province", "77", "Bà Rịa - Vũng Tàu", "Tỉnh Bà Rịa - Vũng Tàu"),
    ("district", "725", "Thuận An", "Thành phố Thuận An"),
    ("district", "760", "1", "Quận 1"),
    ("district", "755", "Côn Đảo", "Huyện Côn Đảo"),
    ("commune", "00001", "Phúc Xá", "Phường Phúc Xá"),
    ("commune", "00526", "Yên Viên", "Thị trấn Yên Viên"),
    ("commune", "00532", "Yên Viên", "Xã Yên Viên"),
    ("commune", "26734", "Tân Định", "Phường Tân Định"),
    ("commune", "27046", "5", "Phường 5"),     # typed 'Xã' in the package; the full name says Phường
])
def test_sample_pre2025(units, thanglequoc_pre, level, code, name, full):
    tq = thanglequoc_pre[(level, code)]
    assert (tq["Name"], tq["FullName"]) == (name, full)
    row = units.filter(era="pre2025", level=level, unit_code=code).row(0, named=True)
    assert row["full_name_vi"] == full
    assert name_key(row["name_vi"]) == name_key(name)     # the package says 'Quận 1', GSO says '1'
    assert row["unit_type"] == full[: len(full) - len(name) - 1]


@pytest.mark.parametrize(("level", "code", "full"), [
    ("province", "79", "Thành phố Hồ Chí Minh"),
    ("province", "46", "Thành phố Huế"),
    ("commune", "00004", "Phường Ba Đình"),
    ("commune", "25978", "Phường Thuận An"),
    ("commune", "26732", "Đặc khu Côn Đảo"),
    ("commune", "11948", "Đặc khu Bạch Long Vĩ"),
    ("commune", "10543", "Phường Việt Hoà"),   # package: 'Phường Việt Hòa' typed 'Xã'
])
def test_sample_post2025(units, thanglequoc_post, level, code, full):
    assert thanglequoc_post[(level, code)]["FullName"] == full
    row = units.filter(era="post2025", level=level, unit_code=code).row(0, named=True)
    assert name_key(row["full_name_vi"]) == name_key(full)
    assert full.startswith(row["unit_type"] + " ")


def test_codes_and_names_agree_with_thanglequoc(units, thanglequoc_pre, thanglequoc_post):
    pre = units.filter(pl.col("unit_code") != "28", era="pre2025")
    assert {(lv, c) for lv, c in pre.select("level", "unit_code").iter_rows()} == set(thanglequoc_pre)
    post = {(lv, c) for lv, c in units.filter(era="post2025").select("level", "unit_code").iter_rows()}
    # The only code difference: Xã Ba Chẽ (Quảng Ninh) is 06970 in the package, 06978 in thanglequoc HEAD.
    assert post ^ set(thanglequoc_post) == {("commune", "06970"), ("commune", "06978")}
    # Short names by name_key (tone placement and punctuation ignored). Measured:
    # pre2025 10,742 of 10,794 agree (the rest are spelling variants, e.g. Sà Phìn / Xà Phìn,
    # Sỹ Bình / Sĩ Bình, 'Nông trường Phong Hải' / 'N.T Phong Hải'); post2025 all 3,354.
    agree = sum(name_key(thanglequoc_pre[(lv, c)]["Name"]) == name_key(n)
                for lv, c, n in pre.select("level", "unit_code", "name_vi").iter_rows())
    assert agree / pre.height >= 0.995
    post_rows = units.filter(pl.col("unit_code") != "06970", era="post2025")
    assert all(name_key(thanglequoc_post[(lv, c)]["FullName"]) == name_key(f)
               for lv, c, f in post_rows.select("level", "unit_code", "full_name_vi").iter_rows())


def test_provinces_match_vnmap(units):
    vnmap = {r["code"]: r for r in _csv("vnmap_provinces_63.csv")}
    ours = _pairs(units.filter(pl.col("unit_code") != "28"), "unit_code", "name_vi", era="pre2025",
                  level="province")
    assert set(ours) == set(vnmap)
    differ = {c for c in ours if name_key(ours[c]) != name_key(vnmap[c]["name_vi"])}
    assert differ == {"46"}   # 'Huế' (a city since 1 Jan 2025) vs vnmap's 'Thừa Thiên Huế'
    en = _pairs(units, "unit_code", "name_en", era="pre2025", level="province")
    assert (en["79"], en["46"], en["77"]) == ("Ho Chi Minh City", "Hue", "Ba Ria-Vung Tau")


# ---------------------------------------------------------------- crosswalk

def test_province_crosswalk(crosswalk):
    members = {r["code"]: set(r["members"].split("+")) for r in _csv("vnmap_provinces_34_with_members.csv")}
    prov = crosswalk.filter(old_level="province", new_era="post2025")
    assert prov.height == 63 and prov["old_code"].n_unique() == 63
    assert set(prov["relation"]) == {"whole"} and set(prov["n_successors"]) == {1}
    got = {n: set(g["old_code"]) for (n,), g in prov.group_by("new_code")}
    assert got == members
    ha_tay = crosswalk.filter(old_code="28", old_level="province").row(0, named=True)
    assert (ha_tay["new_era"], ha_tay["new_code"], ha_tay["effective"]) == ("pre2025", "01", date(2008, 8, 1))


def test_district_crosswalk(units, crosswalk):
    d = crosswalk.filter(old_level="district", new_level="province")
    assert d.height == 696 and d["old_code"].is_unique().all()
    prov_map = _pairs(crosswalk, "old_code", "new_code", old_level="province", new_era="post2025")
    d_prov = _pairs(units, "unit_code", "province_code", era="pre2025", level="district")
    assert all(prov_map[d_prov[o]] == n for o, n in d.select("old_code", "new_code").iter_rows())
    # the five island districts had no communes; each became a đặc khu
    islands = crosswalk.filter(old_level="district", new_level="commune").sort("old_code")
    assert islands.select("old_code", "new_code").rows() == [
        ("318", "11948"), ("471", "19742"), ("498", "20333"), ("536", "21548"), ("755", "26732")]


def test_commune_crosswalk_shape(units, crosswalk):
    c = crosswalk.filter(old_level="commune")
    assert set(c["old_code"]) == _codes(units, "pre2025", "commune")
    # every new commune has a predecessor: an old commune, or for 5 đặc khu an island district
    islands = set(crosswalk.filter(old_level="district", new_level="commune")["new_code"])
    assert set(c["new_code"]) | islands == _codes(units, "post2025", "commune")
    assert not set(c["new_code"]) & islands
    per_old = c.group_by("old_code").agg(
        n=pl.len(), ns=pl.col("n_successors").unique(), rel=pl.col("relation").unique())
    assert (per_old["n"] == per_old["ns"].list.first()).all()
    assert per_old.filter(pl.col("ns").list.len() != 1).is_empty()
    assert per_old.filter((pl.col("n") == 1) != (pl.col("rel").list.first() == "whole")).is_empty()
    # no commune crosses into another new province than its old province's successor
    prov_map = _pairs(crosswalk, "old_code", "new_code", old_level="province", new_era="post2025")
    pre_p = _pairs(units, "unit_code", "province_code", era="pre2025", level="commune")
    post_p = _pairs(units, "unit_code", "province_code", era="post2025", level="commune")
    assert all(prov_map[pre_p[o]] == post_p[n] for o, n in c.select("old_code", "new_code").iter_rows())


@pytest.fixture(scope="module")
def dvhcvn() -> dict[str, list[str]]:
    data = _json("crosswalk", "dvhcvn_2025_splits_old_to_new.json")["data"]
    return {w["level3_id"]: sorted(s["new_id"] for s in w["splits"]) for p in data for w in p["level3s"]}


@pytest.fixture(scope="module")
def ours(crosswalk) -> dict[str, list[str]]:
    c = crosswalk.filter(old_level="commune").group_by("old_code").agg(pl.col("new_code").sort())
    return dict(c.iter_rows())


# 20 split communes and 16 whole ones spread over the code range.
SAMPLE = [
    "00007", "00268", "00331", "00643", "10762", "10768", "27454", "25597", "29995", "30079",
    "06886", "09988", "10933", "16273", "04891", "32245", "27007", "29764", "31379", "28924",
    "00001", "02377", "04057", "06133", "08320", "10573", "13084", "15268", "17374", "19507",
    "21415", "23290", "24871", "26722", "28843", "30697",
]


@pytest.mark.parametrize("code", SAMPLE)
def test_commune_sample_agrees_with_dvhcvn(ours, dvhcvn, code):
    assert ours[code] == dvhcvn[code]


def test_commune_crosswalk_agreement_with_dvhcvn(ours, dvhcvn):
    """Measured with vietnamadminunits 1.0.4 against dvhcvn/20250701 @ dd94887:

    - dvhcvn lists 10,047 old communes; 12 are not in the 2025-03-01 registry (merged
      earlier in 2025: 07693 07732 07744 16387 16411 18448 20176 20674 25102 25174
      25177 25186). All 10,035 of ours are in dvhcvn.
    - Split communes (more than one successor): 471 here, 460 in dvhcvn; 441 are split
      in both with the same successors.
    - Successor sets agree for 9,981 of 10,035 (99.46 %). The 54 that differ:
      * homonyms conflated by the converter: old communes of one name in two old
        provinces merged into one new province get each other's successors
        (Phường 4 of Tây Ninh 25462 and of Tân An 27691; Phường 3/4/6 of Mỹ Tho,
        Cai Lậy and Sa Đéc also → Phường Cao Lãnh 29869; Xã Hòa Bình 10798/11890;
        the Cần Thơ/Hậu Giang/Sóc Trăng pairs 31246/31714, 31268/31666, 31378/31657,
        31438/31741, 31474/31744, 31480/31669, 31483/31606, 31582; 29623 29734 06079 28036);
      * dvhcvn has a second successor the converter lacks: 04012 04111 09013 09859 10963
        13219 14323 14380 14770 15598 17647 17899 19039 20669 21727 24292 31240 31588;
      * one successor each, different: 13768 23521 23710 23938 27739 30622 31771.
    """
    assert set(ours) <= set(dvhcvn)
    assert len(set(dvhcvn) - set(ours)) == 12
    agree = sum(ours[k] == dvhcvn[k] for k in ours)
    assert agree / len(ours) >= 0.994
    n_split = sum(len(v) > 1 for v in ours.values())
    n_split_dv = sum(len(v) > 1 for v in dvhcvn.values())
    assert n_split_dv == 460
    assert abs(n_split - n_split_dv) <= 15      # measured 471


# ---------------------------------------------------------------- sources

def test_sources(units, crosswalk):
    src = pl.DataFrame(registry.registry_sources(), schema=schema.SOURCES)
    assert src["source_id"].is_unique().all()
    used = set(units["source_id"]) | set(crosswalk["source_id"])
    assert used <= set(src["source_id"])
    pkg = src.filter(source_id="vietnamadminunits").row(0, named=True)
    assert pkg["licence"] == "MIT" and pkg["kind"] == "dataset"

"""The index catalog (doisanh/indices.toml via doisanh.catalog): validation and contents."""
from __future__ import annotations

import polars as pl
import pytest

from doisanh import catalog
from doisanh.catalog import CatalogError

# A minimal valid catalog; the broken cases below each change one thing in it.
BASE = """
[[index]]
id = "tst"
name_vi = "Chỉ số thử"
name_en = "Test index"
short_vi = "Thử"
short_en = "Test"
publisher_vi = "Bộ Thử"
publisher_en = "Ministry of Tests"
legal_basis = "QĐ 1/QĐ-TEST"
unit = "%"
scale_max = 100.0
decimals = 2
direction = "higher_better"
rating_kind = "bands"
note = ""
coverage = [{ era = "pre2025", level = "province", years = [2020, 2023] }]
complete_years = []

  [[index.version]]
  id = "v2020"
  years = [2020, 2021]
  legal_basis = "QĐ 1"
  status = "S"
  source = "test"
  components = [
    { id = "a", name_vi = "A", name_en = "A", max = 60.0, weight = 1.0, status = "S", source = "test" },
    { id = "b", name_vi = "B", name_en = "B", max = 40.0, weight = 1.0, status = "U", source = "test" },
    { id = "v", name_vi = "V", name_en = "V", max = 1.0, weight = 0.0, kind = "view", status = "S", source = "t" },
  ]

  [[index.version]]
  id = "v2022"
  years = [2022, 2030]
  legal_basis = "QĐ 2"
  status = "S"
  source = "test"
  components = [
    { id = "a", name_vi = "A", name_en = "A", max = 10.0, weight = 5.0, status = "D", source = "test" },
    { id = "b", name_vi = "B", name_en = "B", max = 10.0, weight = 5.0, status = "D", source = "test" },
  ]

  [[index.band]]
  id = "good"
  name_vi = "Tốt"
  name_en = "Good"
  min = 80.0
  years = [2020, 2030]
  status = "S"
  source = "test"
"""


def _broken(old: str, new: str, count: int = 1) -> str:
    assert BASE.count(old) >= count, old
    return BASE.replace(old, new, count)


def test_base_snippet_is_valid():
    cat = catalog.parse(BASE)
    ix = cat["tst"]
    assert [v.id for v in ix.versions] == ["v2020", "v2022"]
    assert [c.id for c in ix.version_for(2021).parts] == ["a", "b"]  # the view is not a part
    assert ix.years("pre2025", "province") == (2020, 2021, 2022, 2023)


BROKEN = {
    "missing index field": (
        _broken('unit = "%"\n', ""), ["index 'tst'", "'unit'", "missing"]),
    "missing component field": (
        _broken('max = 40.0, ', ""), ["index 'tst'", "version 'v2020'", "component 'b'", "'max'"]),
    "missing version field": (
        _broken('legal_basis = "QĐ 2"\n', ""), ["index 'tst'", "version 'v2022'", "'legal_basis'"]),
    "overlapping versions": (
        _broken('years = [2022, 2030]\n  legal_basis = "QĐ 2"', 'years = [2021, 2030]\n  legal_basis = "QĐ 2"'),
        ["index 'tst'", "'v2020'", "'v2022'", "overlap"]),
    "parts do not reach the scale": (
        _broken("max = 40.0", "max = 30.0"), ["index 'tst'", "version 'v2020'", "reach 90", "scale is 100"]),
    "weights do not reach the scale": (
        _broken("weight = 5.0", "weight = 4.0"), ["index 'tst'", "version 'v2022'", "reach 90", "scale"]),
    "unknown status": (
        _broken('status = "U"', 'status = "X"'), ["index 'tst'", "component 'b'", "status", "'X'"]),
    "unknown version status": (
        _broken('status = "S"\n  source = "test"\n  components', 'status = "maybe"\n  source = "test"\n  components'),
        ["index 'tst'", "version 'v2020'", "status", "'maybe'"]),
    "coverage year without a version": (
        _broken("years = [2020, 2023] }", "years = [2019, 2023] }"), ["index 'tst'", "coverage year 2019"]),
    "duplicate component ids": (
        _broken('{ id = "b", name_vi = "B", name_en = "B", max = 40.0',
                '{ id = "a", name_vi = "B", name_en = "B", max = 40.0'),
        ["index 'tst'", "version 'v2020'", "duplicate component ids"]),
    "years reversed": (
        _broken("years = [2020, 2021]", "years = [2021, 2020]"), ["index 'tst'", "version 'v2020'", "'years'"]),
    "field of the wrong type": (
        _broken("decimals = 2", 'decimals = "two"'), ["index 'tst'", "'decimals'"]),
    "unknown rating kind": (
        _broken('rating_kind = "bands"', 'rating_kind = "stars"'), ["index 'tst'", "rating_kind"]),
    "bands without bands": (
        BASE.split("  [[index.band]]")[0], ["index 'tst'", "rating_kind 'bands'", "[[index.band]]"]),
    "unknown coverage level": (
        _broken('level = "province"', 'level = "hamlet"'), ["index 'tst'", "coverage", "hamlet"]),
    "reserved component id": (
        _broken('{ id = "b", name_vi = "B", name_en = "B", max = 40.0',
                '{ id = "total", name_vi = "B", name_en = "B", max = 40.0'),
        ["index 'tst'", "version 'v2020'", "'total'"]),
    "negative weight": (
        _broken("max = 60.0, weight = 1.0", "max = 60.0, weight = -1.0"), ["index 'tst'", "component 'a'", "weight"]),
    "duplicate index ids": (BASE + BASE, ["duplicate index ids"]),
    "not TOML": (BASE.replace("[[index.band]]", "[[index.band]"), ["indices.toml"]),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_catalog_names_index_and_field(case):
    text, needles = BROKEN[case]
    with pytest.raises(CatalogError) as e:
        catalog.parse(text)
    msg = str(e.value)
    for needle in needles:
        assert needle in msg, (case, msg)


# ------------------------------------------------------------------------------ the shipped one

@pytest.fixture(scope="module")
def cat() -> catalog.Catalog:
    return catalog.load()


def test_catalog_loads(cat):
    assert cat.ids == ("par", "sipas", "i766", "dti", "pci", "papi")
    assert catalog.load() is cat  # cached


def test_every_version_reaches_its_scale(cat):
    n = 0
    for ix in cat.indices:
        for v in ix.versions:
            assert v.parts, (ix.id, v.id)
            assert sum(p.weight * p.max for p in v.parts) == pytest.approx(v.scale_max, abs=0.01), (ix.id, v.id)
            n += 1
    assert n == 15  # 14 + the six-group 766 structure of the portal (portal_2026)


def test_versions_cover_every_covered_year_without_overlap(cat):
    for ix in cat.indices:
        for a, b in zip(ix.versions, ix.versions[1:]):
            assert a.year_to < b.year_from
        for cov in ix.coverage:
            for y in range(cov.year_from, cov.year_to + 1):
                assert ix.version_for(y).year_from <= y <= ix.version_for(y).year_to


def test_binh_duong_2020_breakdown_fits_qd1150(cat):
    v = cat["par"].version_for(2020)
    assert v.id == "qd1150_2020"
    printed = {"appraisal": 55.48, "sipas": 8.82, "leader_survey": 20.27, "socio_economic": 2.36}
    parts = {p.id: p for p in v.parts}
    assert set(parts) == set(printed)
    for cid, value in printed.items():
        assert 0 <= value <= parts[cid].max, cid
    assert sum(parts[c].weight * x for c, x in printed.items()) == pytest.approx(86.93, abs=1e-9)


def test_unverified_figures_say_where_they_come_from(cat):
    n = 0
    for ix in cat.indices:
        for v in ix.versions:
            assert v.source.strip(), (ix.id, v.id)
            for c in v.components:
                assert c.status in catalog.STATUSES
                if c.status == "U":
                    assert c.source.strip(), (ix.id, v.id, c.id)
                    n += 1
        for b in ix.bands:
            assert b.source.strip(), (ix.id, b.id)
    assert n > 20


def test_component_table_shape(cat):
    t = catalog.component_table(cat)
    assert t.columns == ["index_id", "version_id", "year_from", "year_to", "component", "name_vi", "name_en",
                         "max_value", "weight", "kind", "ord", "status"]
    assert t.height == sum(1 + len(v.components) for ix in cat.indices for v in ix.versions)
    assert not t.select("index_id", "version_id", "component").is_duplicated().any()
    totals = t.filter(component="total")
    assert totals.height == 15 and set(totals["kind"]) == {"total"} and set(totals["ord"]) == {0}
    assert dict(zip(totals["version_id"], totals["max_value"]))["papi_2011"] == 60.0
    assert set(t["kind"]) == {"total", "part", "view"}
    assert t.filter(kind="view")["weight"].to_list() == [0.0, 0.0, 0.0]
    assert t.schema["year_from"] == pl.Int16


def test_766_six_groups_of_2026(cat):
    v = cat["i766"].version_for(2026)
    assert v.id == "portal_2026" and cat["i766"].version_for(2025).id == "qd766_2022"
    assert [(p.name_vi, p.max) for p in v.parts] == [
        ("Công khai minh bạch", 18.0), ("Tiến độ giải quyết", 20.0), ("Dịch vụ công trực tuyến", 12.0),
        ("Số hóa hồ sơ", 22.0), ("Thanh toán trực tuyến", 10.0), ("Mức độ hài lòng", 18.0)]
    assert sum(p.max for p in v.parts) == v.scale_max == 100.0


def test_band_table_shape(cat):
    t = catalog.band_table(cat)
    assert t.height == sum(len(ix.bands) for ix in cat.indices) + 4  # PAPI's four quartile groups
    quartiles = t.filter(pl.col("quartile").is_not_null())
    assert set(quartiles["index_id"]) == {"papi"} and sorted(quartiles["quartile"]) == [1, 2, 3, 4]
    assert quartiles["min_value"].null_count() == 4
    assert set(t.filter(pl.col("quartile").is_null())["index_id"]) == {"par", "i766"}


def _band(cat, index_id: str, year: int, value: float) -> str | None:
    t = catalog.band_table(cat).filter(pl.col("index_id") == index_id, pl.col("min_value") <= value,
                                       pl.col("year_from") <= year, pl.col("year_to") >= year)
    return t.sort("min_value", descending=True)["band_id"].first()


@pytest.mark.parametrize("index_id, year, value, band", [
    ("par", 2024, 96.17, "A"),       # Hải Phòng, PAR 2024
    ("par", 2024, 90.0, "A"),
    ("par", 2024, 89.99, "B"),
    ("par", 2024, 79.0, "C"),
    ("par", 2023, 96.17, None),      # no PAR groups published before 2024
    ("i766", 2023, 79.92, "kha"),    # Bình Dương 2023
    ("i766", 2023, 80.0, "tot"),
    ("i766", 2023, 49.0, "yeu"),
    ("i766", 2026, 69.96, "trung_binh"),  # the portal's classes of 2026 (Đắk Lắk units)
    ("i766", 2026, 70.03, "kha"),
    ("i766", 2026, 44.15, "yeu"),
])
def test_bands_classify(cat, index_id, year, value, band):
    assert _band(cat, index_id, year, value) == band


def test_method_notes_are_in_the_page_language(cat):
    """A Vietnamese page shows the Vietnamese source note where the catalog has one (the English
    research note "(five groups, 100 points)" was shown on Vietnamese pages); every version whose
    note has English words has a Vietnamese one, and English pages keep the English note."""
    import re
    english = re.compile(r"\b(the|not found|assumed|weights?|groups?|points|via|fitted|main)\b")
    for i in cat.ids:
        for v in cat[i].versions:
            basis_vi, note_vi = v.note("vi")
            assert not english.search(re.sub(r"\S*/\S*", "", note_vi)), (v.id, note_vi)   # URLs aside
            assert not english.search(basis_vi), (v.id, basis_vi)
            assert v.note("en") == (v.legal_basis, v.source)
    assert cat["i766"].version_for(2024).note("vi")[1].endswith("(năm nhóm, 100 điểm)")

"""Name resolution and unit search (doisanh.names) on the registry built by
doisanh.build.registry."""
from __future__ import annotations

import csv
import unicodedata

import polars as pl
import pytest

from doisanh import schema
from doisanh.build import registry
from doisanh.names import (
    ALIASES,
    UnitResolver,
    resolve_frame,
    search_units,
    search_words,
    search_words_expr,
)
from doisanh.text import name_key

SHARED = registry.SHARED_DIR / "data"
pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason=f"no shared data at {SHARED}")


@pytest.fixture(scope="module")
def units() -> pl.DataFrame:
    return registry.build_units()


@pytest.fixture(scope="module")
def resolver(units) -> UnitResolver:
    return UnitResolver(units)


NFD = unicodedata.normalize("NFD", "Hòa Bình")

PROVINCES_PRE = [
    ("TP HCM", "79"), ("TP. Hồ Chí Minh", "79"), ("TP.HCM", "79"), ("Tp.HCM", "79"), ("TPHCM", "79"),
    ("Ho Chi Minh", "79"), ("HCMC", "79"), ("Ho Chi Minh City", "79"), ("Thành phố Hồ Chí Minh", "79"),
    ("BRVT", "77"), ("Bà Rịa - Vũng Tàu", "77"), ("Bà Rịa–Vũng Tàu", "77"), ("Ba Ria Vung Tau", "77"),
    ("Ba Ria-Vung Tau", "77"),
    ("Hà Nội\t", "01"), ("Ha Noi", "01"), ("Hanoi", "01"), ("TP. Hà Nội", "01"),
    ("Thừa Thiên Huế", "46"), ("Thừa Thiên - Huế", "46"), ("Thừa Thiên-Huế", "46"), ("TT-Huế", "46"),
    ("TT- Huế", "46"), ("TT.Huế", "46"), ("Thua Thien Hue", "46"), ("Huế", "46"), ("TP. Huế", "46"),
    ("Hà Tây", "28"), ("Ha Tay", "28"),
    ("Dak Lak", "66"), ("Daklak", "66"), ("Đắk Lắk", "66"), ("Đăk Lăk", "66"), ("Đak Lak", "66"),
    ("Đắc Lắk", "66"), ("Dak Nong", "67"), ("Đắk Nông", "67"),
    ("Can Tho", "92"), ("TP. Cần Thơ", "92"),
    ("Hoa Binh", "17"), ("Hòa Bình", "17"), ("Hoà Bình", "17"), (NFD, "17"),
    ("Thanh Hoá", "38"), ("Thanh Hóa", "38"), ("thanh hoa", "38"),
    ("Bắc Cạn", "06"), ("Bac Kan", "06"), ("Quàng Ngãi", "51"), ("Haải Dương", "30"),
    ("Tỉnh Bình Dương", "74"), ("  binh   DUONG ", "74"),
    ("79", "79"),                                       # a code is accepted as a name
]


@pytest.mark.parametrize(("name", "code"), PROVINCES_PRE)
def test_resolve_province_pre2025(resolver, name, code):
    assert resolver.resolve(name, era="pre2025", level="province") == code


@pytest.mark.parametrize(("name", "code"), [
    ("TP. Hồ Chí Minh", "79"), ("TP HCM", "79"), ("TP. Huế", "46"), ("Thừa Thiên Huế", "46"),
    ("TP. Hà Nội", "01"), ("TP. Hải Phòng", "31"), ("Thanh Hóa", "38"), ("Dak Lak", "66"),
    ("Can Tho", "92"),
    # names that ended on 1 July 2025 are not post-2025 provinces (use the crosswalk)
    ("Bình Dương", None), ("BRVT", None), ("Hà Tây", None), ("Hòa Bình", None), ("Dak Nong", None),
])
def test_resolve_province_post2025(resolver, name, code):
    assert resolver.resolve(name, era="post2025", level="province") == code


@pytest.mark.parametrize("name", ["", "   ", "xyz", "Tỉnh", "(mean of 63 provinces)", "Bộ Tư pháp",
                                  "Ho Chi Mihn", "Quang Nim", "Đông Nam Bộ"])
def test_unresolved_is_none(resolver, name):
    assert resolver.resolve(name, era="pre2025", level="province") is None


def test_ministries_are_out_of_scope(resolver):
    assert resolver.resolve("Bộ Tư pháp", era="pre2025", level="ministry") is None


def test_suggest(resolver):
    assert resolver.suggest("Ho Chi Mihn", era="pre2025", level="province") == [("79", "Hồ Chí Minh")]
    got = resolver.suggest("Quang Nim", era="pre2025", level="province")
    assert ("22", "Quảng Ninh") in got and len(got) <= 3
    assert resolver.suggest("Binh Duong", era="pre2025", level="province", k=1) == [("74", "Bình Dương")]
    assert resolver.suggest("qqqqqqq", era="pre2025", level="province") == []


def test_districts_and_communes(resolver):
    assert resolver.resolve("Thành phố Thuận An", era="pre2025", level="district") == "725"
    assert resolver.resolve("Thuận An", era="pre2025", level="district") == "725"
    # Yên Viên is both a thị trấn and a xã of Gia Lâm: the type word decides
    assert resolver.resolve("Yên Viên", era="pre2025", level="commune", province_code="01") is None
    assert resolver.resolve("Thị trấn Yên Viên", era="pre2025", level="commune") == "00526"
    assert resolver.resolve("Xã Yên Viên", era="pre2025", level="commune", province_code="01") == "00532"
    # a common commune name needs its province, and 'Phường 4' its district
    assert resolver.resolve("Thuận An", era="post2025", level="commune") is None
    assert resolver.resolve("Phường Thuận An", era="post2025", level="commune", province_code="79") == "25978"
    assert resolver.resolve("Phường 4", era="pre2025", level="commune", province_code="79") is None
    assert resolver.resolve("Phường 4", era="pre2025", level="commune", parent_code="760") is None  # Quận 1 has none
    assert resolver.resolve("Tân Định", era="pre2025", level="commune", parent_code="760") == "26734"
    assert resolver.resolve("Đặc khu Côn Đảo", era="post2025", level="commune") == "26732"


def test_aliases_point_at_registry_names(units, resolver):
    provinces = {name_key(n) for n in units.filter(level="province")["name_vi"]}
    assert set(ALIASES.values()) <= provinces
    assert not set(ALIASES) & provinces
    # an alias is tried only when the name itself matches nothing
    assert resolver.resolve("Phường Sài Gòn", era="post2025", level="commune") == "26740"
    assert resolver.resolve("Sài Gòn", era="post2025", level="province") == "79"


def _figures(rows: list[dict]) -> pl.DataFrame:
    base = {c: None for c in schema.FIGURES}
    return pl.DataFrame([{**base, **r} for r in rows], schema=schema.FIGURES)


def test_resolve_frame(units):
    df = _figures([
        {"index_id": "pci", "year": 2007, "era": "pre2025", "level": "province", "unit_name": "Ha Tay", "value": 1.0},
        {"index_id": "pci", "year": 2007, "era": "pre2025", "level": "province", "unit_name": "TP HCM", "value": 2.0},
        {"index_id": "pci", "year": 2008, "era": "pre2025", "level": "province", "unit_name": "TP HCM", "value": 3.0},
        {"index_id": "pci", "year": 2008, "era": "pre2025", "level": "province", "unit_name": "Atlantis"},
        {"index_id": "pci", "year": 2008, "era": "pre2025", "level": "province", "unit_name": "Bình Dương",
         "unit_code": "99"},                                                      # already set: kept
        {"index_id": "pci", "year": 2008, "era": "pre2025", "level": "province", "unit_name": "mean",
         "scope": "national"},                                                    # a statistic: left alone
        {"index_id": "par", "year": 2020, "era": "pre2025", "level": "ministry", "unit_name": "Bộ Tư pháp"},
        {"index_id": "dti", "year": 2024, "era": "post2025", "level": "province", "unit_name": "TP. Huế"},
        {"index_id": "dti", "year": 2024, "era": "post2025", "level": "province", "unit_name": "Bình Dương"},
    ])
    out, unresolved = resolve_frame(df, units)
    assert out.schema == df.schema and out["value"].to_list() == df["value"].to_list()
    assert out["unit_code"].to_list() == ["28", "79", "79", None, "99", None, None, "46", None]
    assert unresolved == [("post2025", "province", "Bình Dương"), ("pre2025", "province", "Atlantis")]
    # a resolver can be passed instead of the units frame
    assert resolve_frame(df, UnitResolver(units))[0].equals(out)


def test_shared_province_names_all_resolve(resolver):
    """Every province name printed in the shared PCI/PAPI tables and the published
    figures resolves (the rest are ministries, blanks and statistics)."""
    names: set[tuple[str, str]] = set()
    for path, col in (("pci/pci_2005_2016_vietnamdata.csv", "prov"), ("papi/papi_2011_2016_vietnamdata.csv", "prov")):
        with (SHARED / path).open(encoding="utf-8", newline="") as f:
            names |= {("pre2025", r[col]) for r in csv.DictReader(f) if r[col]}
    with (SHARED / "published" / "news_and_official_figures.csv").open(encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            if r["level"] in ("province", "province_34") and not r["unit_name_as_printed"].startswith("("):
                era = "post2025" if r["level"] == "province_34" else "pre2025"
                names.add((era, r["unit_name_as_printed"]))
    assert len(names) > 100
    failed = sorted(n for n in names if resolver.resolve(n[1], era=n[0], level="province") is None)
    assert failed == []


# ---------------------------------------------------------------- search

def _hits(df: pl.DataFrame) -> list[tuple[str, str, str]]:
    return df.select("era", "level", "unit_code").rows()


def test_search_words(units):
    assert search_words("Bà Rịa - Vũng Tàu") == "ba ria vung tau"
    assert search_words("  Đạ M'ri ") == "da m ri"
    # the Polars version used by search_units agrees on every registry name
    names = units.select(pl.concat([pl.col("name_vi"), pl.col("full_name_vi")]).unique().alias("n"))
    got = names.with_columns(w=search_words_expr("n"))
    assert got.filter(pl.col("w") != pl.col("n").map_elements(search_words, return_dtype=pl.String)).is_empty()


def test_search_thuan_an(units):
    got = search_units(units, "thuan an")
    first = got.row(0, named=True)
    assert (first["unit_code"], first["full_name_vi"]) == ("725", "Thành phố Thuận An")
    assert got.columns == units.columns
    # only the ten units named Thuận An: "Xã An Phú Thuận" (key "…phu thuan an phu…") is no match
    assert got["name_vi"].to_list() == ["Thuận An"] * 10
    assert search_units(units, "Thuận An", era="pre2025", level="district")["unit_code"].to_list() == ["725"]


def test_search_binh_duong(units):
    got = search_units(units, "binh duong", limit=5)
    assert _hits(got)[0] == ("pre2025", "province", "74")
    assert (got["level"].head(2).to_list()) == ["province", "commune"]
    assert search_units(units, "bình dương", era="post2025", level="province").is_empty()


def test_search_code_and_aliases(units):
    assert _hits(search_units(units, "725", limit=1)) == [("pre2025", "district", "725")]
    assert _hits(search_units(units, "26734", limit=1)) == [("pre2025", "commune", "26734")]
    assert _hits(search_units(units, "hcmc")) == [("pre2025", "province", "79"), ("post2025", "province", "79")]
    assert _hits(search_units(units, "TP HCM", era="post2025"))[0] == ("post2025", "province", "79")
    assert _hits(search_units(units, "daklak", level="province")) == [("pre2025", "province", "66"),
                                                                     ("post2025", "province", "66")]
    assert _hits(search_units(units, "Ba Ria Vung Tau", limit=1)) == [("pre2025", "province", "77")]


def test_search_ranking_levels(units):
    # same score: province, then district, then commune; eras in ERAS order
    got = search_units(units, "hue", limit=4)
    assert _hits(got)[:2] == [("pre2025", "province", "46"), ("post2025", "province", "46")]
    assert got["level"][2] == "district"


def test_search_type_words_do_not_count_as_prefix(units):
    got = search_units(units, "xa", level="commune", limit=5)
    assert all(n.lower().startswith(("xa", "xá", "xà", "xă", "xâ", "xả", "xã", "xạ")) for n in got["name_vi"])


def test_search_empty_and_missing(units):
    assert search_units(units, "").is_empty()
    assert search_units(units, "  - ").is_empty()
    assert search_units(units, "zzzzqqq").is_empty()


# ------------------------------------------------------------------ names as shown (display_names)

from doisanh.names import ascii_words, display_names, pick_label, with_display  # noqa: E402


def _u(era, level, code, name, unit_type, parent, province, name_en=None):
    return dict(era=era, level=level, unit_code=code, name_vi=name, name_en=name_en or ascii_words(name),
                unit_type=unit_type, parent_code=parent, province_code=province)


TINY = pl.DataFrame([
    _u("pre2025", "province", "87", "Đồng Tháp", "Tỉnh", None, "87"),
    _u("pre2025", "province", "10", "Lào Cai", "Tỉnh", None, "10"),
    _u("pre2025", "district", "866", "Cao Lãnh", "Thành phố", "87", "87"),
    _u("pre2025", "district", "873", "Cao Lãnh", "Huyện", "87", "87"),
    _u("pre2025", "district", "874", "Thanh Bình", "Huyện", "87", "87"),
    _u("pre2025", "district", "083", "Mường Khương", "Huyện", "10", "10"),
    _u("pre2025", "district", "088", "Sa Pa", "Thị xã", "10", "10"),
    _u("pre2025", "commune", "02779", "Thanh Bình", "Xã", "083", "10"),
    _u("pre2025", "commune", "03022", "Thanh Bình", "Xã", "088", "10"),
    _u("pre2025", "commune", "30130", "Thanh Bình", "Thị trấn", "874", "87"),
    _u("post2025", "province", "82", "Đồng Tháp", "Tỉnh", None, "82"),
    _u("post2025", "commune", "29869", "Cao Lãnh", "Phường", "82", "82"),   # unique in its era
])


def _shown(era, code, lang="vi"):
    d = display_names(TINY).filter((pl.col("era") == era) & (pl.col("unit_code") == code))
    return d["display_en" if lang == "en" else "display_vi"].item()


def test_namesakes_carry_type_and_province_and_unique_names_stay_short():
    assert _shown("pre2025", "866") == "Cao Lãnh (thành phố, Đồng Tháp)"
    assert _shown("pre2025", "873") == "Cao Lãnh (huyện, Đồng Tháp)"
    assert _shown("pre2025", "866", "en") == "Cao Lanh (city, Dong Thap)"
    assert _shown("pre2025", "873", "en") == "Cao Lanh (district, Dong Thap)"
    assert _shown("pre2025", "874") == "Thanh Bình"                  # unique among districts
    assert _shown("post2025", "29869") == "Cao Lãnh"                 # unique in its own era
    assert _shown("pre2025", "87") == "Đồng Tháp"


def test_namesakes_of_one_type_in_one_province_carry_their_district():
    assert _shown("pre2025", "02779") == "Thanh Bình (xã, Mường Khương, Lào Cai)"
    assert _shown("pre2025", "03022") == "Thanh Bình (xã, Sa Pa, Lào Cai)"
    assert _shown("pre2025", "30130") == "Thanh Bình (thị trấn, Đồng Tháp)"


def test_display_names_are_unique_per_era_and_level_on_the_registry(units):
    shown = display_names(units)
    assert shown.height == units.height
    dup = shown.filter(pl.struct("era", "level", "display_vi").is_duplicated())
    assert dup.is_empty(), dup.head()
    cao_lanh = shown.filter((pl.col("era") == "pre2025") & pl.col("unit_code").is_in(["866", "873"]))
    assert sorted(cao_lanh["display_vi"].to_list()) == ["Cao Lãnh (huyện, Đồng Tháp)",
                                                        "Cao Lãnh (thành phố, Đồng Tháp)"]


def test_with_display_replaces_names_by_era_and_level_and_keeps_unknown_codes():
    ranking = pl.DataFrame({"unit_code": ["866", "873", "874", "99999"],
                            "name_vi": ["Cao Lãnh"] * 2 + ["Thanh Bình", "X"],
                            "name_en": ["Cao Lanh"] * 2 + ["Thanh Binh", "X"], "value": [1.0, 2.0, 3.0, 4.0]})
    got = with_display(ranking, display_names(TINY), era="pre2025", level="district")
    assert got.columns == ranking.columns
    assert got["name_vi"].to_list() == ["Cao Lãnh (thành phố, Đồng Tháp)", "Cao Lãnh (huyện, Đồng Tháp)",
                                        "Thanh Bình", "X"]
    # the same code in another level (30130 is a commune) is not touched
    lin = pl.DataFrame({"era": ["pre2025", "post2025"], "level": ["commune", "commune"],
                        "unit_code": ["30130", "29869"], "name_vi": ["Thanh Bình", "Cao Lãnh"],
                        "name_en": ["Thanh Binh", "Cao Lanh"]})
    assert with_display(lin, display_names(TINY))["name_vi"].to_list() == ["Thanh Bình (thị trấn, Đồng Tháp)",
                                                                          "Cao Lãnh"]


def test_pick_labels_hold_the_unmarked_spelling_and_the_code():
    assert ascii_words("Đồng Tháp") == "Dong Thap"
    assert ascii_words("Thừa Thiên Huế") == "Thua Thien Hue"
    label = pick_label("Huyện Thanh Bình", "874", "Đồng Tháp")
    assert label == "Huyện Thanh Bình — Đồng Tháp · Thanh Binh, Dong Thap · 874"
    # what the browser's filter does: lowercase, substring (contains) / in-order letters (fuzzy)
    for typed in ("dong thap", "thanh binh", "874", "thanh bình"):
        assert typed in label.lower(), typed
    assert "binh duong" in pick_label("Tỉnh Bình Dương", "74").lower()
    assert pick_label("Dong Thap", "87") == "Dong Thap · 87"          # nothing to add in English

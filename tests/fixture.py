"""A hand-checkable snapshot: six provinces, three districts, two eras.

Every expected answer in tests/expected/ was worked out by hand from these rows.

Added for the explorer queries (tests/test_sql_explorer.py), without touching any figure the
older expected files use:
- population / area of four pre-2025 provinces, chosen so that the standardised logs are
  exactly +1 or -1 (logs 6,6,4,4 and 3,1,1,3 around their means 5 and 2, spread 1);
- PAPI 2016 components (each out of 10) that add up to the existing totals; 06 has none;
- provinces 12 and 14 (pre-2025) and 12 (post-2025): old 12 went whole into new 12, old 14
  was split between new 04 and new 12 ('partial', n_successors 2); PCI totals 2023–2025 only;
- district 004 of province 04 (PAR 2023), so that a province filter excludes something.

Added for the maps and lineage (tests/test_geo*.py), again without touching older figures:
- pre-2025 communes 00001, 00002 (district 001) and 00003 (district 002) of province 01 with a
  position and PAR 2023 totals 80, 70, 60 (illustrative); post-2025 communes 00010 and 00011 of
  province 01; 00001 went whole into 00010, 00003 whole into 00011, 00002 was split between them
  ('partial', n_successors 2): the many-to-many case of the commune crosswalk.

Added for the way across the break (tests/test_lineage.py): pre-2025 commune 00004 of district 004
(province 04), no figure, went whole into post-2025 commune 00012 of province 04; the rows
'district → new province' of districts 001–004, as the registry has them.
"""
from __future__ import annotations

from datetime import date

import polars as pl

from doisanh import schema

PRE, POST = "pre2025", "post2025"


def _unit(era, level, code, name, parent, province, region, unit_type="Tỉnh", *,
          population=None, area=None):
    return dict(
        era=era, level=level, unit_code=code, name_vi=name, full_name_vi=f"{unit_type} {name}",
        name_en=name, search_key=f"{name.lower()} {code}", unit_type=unit_type,
        parent_code=parent, province_code=province, region_code=region,
        valid_from=date(2008, 8, 1) if era == PRE else date(2025, 7, 1),
        valid_to=date(2025, 6, 30) if era == PRE else None,
        lat=None, lon=None, area_km2=area, population=population, source_id="fixture",
    )


UNITS = [
    _unit(PRE, "province", "01", "Một", None, "01", "RRD", population=1_000_000, area=1000.0),
    _unit(PRE, "province", "02", "Hai", None, "02", "NMM",    # exists only before 2025
          population=1_000_000, area=10.0),
    _unit(PRE, "province", "04", "Bốn", None, "04", "NMM", population=10_000, area=10.0),
    _unit(PRE, "province", "06", "Sáu", None, "06", "NMM", population=10_000),    # area unknown
    _unit(PRE, "province", "08", "Tám", None, "08", "RRD", area=1000.0),   # population unknown
    _unit(PRE, "province", "10", "Mười", None, "10", "RRD"),  # no figure at all, no size
    _unit(PRE, "province", "12", "Mười Hai", None, "12", "RRD"),   # PCI only
    _unit(PRE, "province", "14", "Mười Bốn", None, "14", "NMM"),   # PCI only; split in 2025
    _unit(PRE, "district", "001", "Huyện A", "01", "01", "RRD", "Huyện"),
    _unit(PRE, "district", "002", "Huyện B", "01", "01", "RRD", "Huyện"),
    _unit(PRE, "district", "003", "Huyện C", "01", "01", "RRD", "Huyện"),
    _unit(PRE, "district", "004", "Huyện D", "04", "04", "NMM", "Huyện"),
    _unit(POST, "province", "01", "Một", None, "01", "RRD"),
    _unit(POST, "province", "04", "Bốn", None, "04", "NMM"),
    _unit(POST, "province", "12", "Mười Hai", None, "12", "RRD"),
    dict(_unit(PRE, "commune", "00001", "Xã A1", "001", "01", "RRD", "Xã"), lat=21.00, lon=105.80),
    dict(_unit(PRE, "commune", "00002", "Xã A2", "001", "01", "RRD", "Xã"), lat=21.10, lon=105.90),
    dict(_unit(PRE, "commune", "00003", "Xã B1", "002", "01", "RRD", "Xã"), lat=21.20, lon=105.70),
    dict(_unit(POST, "commune", "00010", "Phường Mới", "01", "01", "RRD", "Phường"),
         lat=21.05, lon=105.85),
    dict(_unit(POST, "commune", "00011", "Xã Mới", "01", "01", "RRD", "Xã"), lat=21.15, lon=105.75),
    # a district whose one commune went whole into a new commune of its own (district_successors)
    _unit(PRE, "commune", "00004", "Xã D1", "004", "04", "NMM", "Xã"),
    _unit(POST, "commune", "00012", "Xã Bốn Mới", "04", "04", "NMM", "Xã"),
]


def _obs(era, level, code, index_id, year, component, value, version, *,
         illustrative=False, rank=None, band=None):
    return dict(era=era, level=level, unit_code=code, index_id=index_id, year=year,
                component=component, value=value, published_rank=rank, published_band=band,
                is_illustrative=illustrative, method_version=version,
                source_id="illustrative" if illustrative else "fixture_src",
                pub_source_id=None)


def _par2020(code, total, parts):
    rows = [_obs(PRE, "province", code, "par", 2020, "total", total, "qd1150_2020")]
    for comp, v in zip(("appraisal", "sipas", "leader_survey", "socio_economic"), parts or ()):
        rows.append(_obs(PRE, "province", code, "par", 2020, comp, v, "qd1150_2020",
                         illustrative=True))
    return rows


def _papi2016_parts(code, parts):
    dims = ("d1_participation", "d2_transparency", "d3_vertical_accountability",
            "d4_control_of_corruption", "d5_public_admin_procedures", "d6_public_service_delivery")
    return [_obs(PRE, "province", code, "papi", 2016, d, v, "papi_2011", illustrative=True)
            for d, v in zip(dims, parts)]


OBSERVATIONS = [
    *_par2020("01", 90.0, (55.0, 10.0, 20.0, 5.0)),
    *_par2020("02", 85.5, (50.0, 9.5, 20.0, 6.0)),
    *_par2020("04", 85.5, (52.0, 8.5, 19.0, 6.0)),   # tie with 02
    *_par2020("06", 80.0, None),                      # total without components
    *_par2020("08", 75.25, (45.0, 8.0, 17.0, 5.25)),
    _obs(PRE, "province", "01", "i766", 2023, "total", 81.0, "qd766_2022"),
    _obs(PRE, "province", "02", "i766", 2023, "total", 79.92, "qd766_2022", rank=9),
    _obs(PRE, "province", "04", "i766", 2023, "total", 64.99, "qd766_2022", illustrative=True),
    _obs(PRE, "province", "06", "i766", 2023, "total", 50.0, "qd766_2022", illustrative=True),
    _obs(PRE, "province", "08", "i766", 2023, "total", 49.99, "qd766_2022", illustrative=True),
    _obs(PRE, "province", "01", "papi", 2016, "total", 40.0, "papi_2011"),
    _obs(PRE, "province", "02", "papi", 2016, "total", 38.0, "papi_2011"),
    _obs(PRE, "province", "04", "papi", 2016, "total", 36.0, "papi_2011"),
    _obs(PRE, "province", "06", "papi", 2016, "total", 34.0, "papi_2011"),
    _obs(PRE, "province", "08", "papi", 2016, "total", 32.0, "papi_2011"),
    _obs(PRE, "district", "001", "par", 2023, "total", 70.0, "qd876_2022", illustrative=True),
    _obs(PRE, "district", "002", "par", 2023, "total", 72.0, "qd876_2022", illustrative=True),
    _obs(POST, "province", "01", "par", 2025, "total", 88.0, "qd876_2022", illustrative=True),
    _obs(POST, "province", "04", "par", 2025, "total", 86.0, "qd876_2022", illustrative=True),
    _obs(PRE, "district", "004", "par", 2023, "total", 90.0, "qd876_2022", illustrative=True),
    *_papi2016_parts("01", (7.0, 7.0, 7.0, 7.0, 6.0, 6.0)),   # 40
    *_papi2016_parts("02", (7.0, 7.0, 7.0, 7.0, 5.0, 5.0)),   # 38
    *_papi2016_parts("04", (7.0, 7.0, 7.0, 7.0, 6.0, 2.0)),   # 36
    *_papi2016_parts("08", (6.0, 6.0, 6.0, 6.0, 4.0, 4.0)),   # 32 (06: total only)
    # PCI: ties in 2023 (12 = 14) and 2025 (04 = 12); 02 stops in 2023
    _obs(PRE, "province", "01", "pci", 2023, "total", 70.0, "pci_2013"),
    _obs(PRE, "province", "02", "pci", 2023, "total", 60.0, "pci_2013"),
    _obs(PRE, "province", "12", "pci", 2023, "total", 65.0, "pci_2013"),
    _obs(PRE, "province", "14", "pci", 2023, "total", 65.0, "pci_2013"),
    _obs(PRE, "province", "01", "pci", 2024, "total", 68.0, "pci_2013"),
    _obs(PRE, "province", "12", "pci", 2024, "total", 62.5, "pci_2013"),
    _obs(PRE, "province", "14", "pci", 2024, "total", 69.0, "pci_2013"),
    _obs(POST, "province", "01", "pci", 2025, "total", 66.0, "pci_2013", illustrative=True),
    _obs(POST, "province", "04", "pci", 2025, "total", 71.0, "pci_2013", illustrative=True),
    _obs(POST, "province", "12", "pci", 2025, "total", 71.0, "pci_2013", illustrative=True),
    _obs(PRE, "commune", "00001", "par", 2023, "total", 80.0, "qd876_2022", illustrative=True),
    _obs(PRE, "commune", "00002", "par", 2023, "total", 70.0, "qd876_2022", illustrative=True),
    _obs(PRE, "commune", "00003", "par", 2023, "total", 60.0, "qd876_2022", illustrative=True),
]

CROSSWALK = [
    dict(old_era=PRE, old_level="province", old_code=o, new_era=POST, new_level="province",
         new_code=n, relation="whole", n_successors=1, effective=date(2025, 7, 1),
         source_id="fixture")
    for o, n in (("01", "01"), ("02", "04"), ("04", "04"), ("06", "04"), ("08", "01"), ("10", "01"),
                 ("12", "12"))
] + [
    dict(old_era=PRE, old_level="province", old_code="14", new_era=POST, new_level="province",
         new_code=n, relation="partial", n_successors=2, effective=date(2025, 7, 1),
         source_id="fixture")
    for n in ("04", "12")
] + [
    dict(old_era=PRE, old_level="commune", old_code=o, new_era=POST, new_level="commune",
         new_code=n, relation=rel, n_successors=k, effective=date(2025, 7, 1), source_id="fixture")
    for o, n, rel, k in (("00001", "00010", "whole", 1), ("00002", "00010", "partial", 2),
                         ("00002", "00011", "partial", 2), ("00003", "00011", "whole", 1),
                         ("00004", "00012", "whole", 1))
] + [
    dict(old_era=PRE, old_level="district", old_code=o, new_era=POST, new_level="province",
         new_code=n, relation="whole", n_successors=1, effective=date(2025, 7, 1), source_id="fixture")
    for o, n in (("001", "01"), ("002", "01"), ("003", "01"), ("004", "04"))
]


def frames() -> dict[str, pl.DataFrame]:
    def df(rows, sch):
        return pl.DataFrame(rows, schema=sch)
    return {
        "units": df(UNITS, schema.UNITS),
        "observations": df(OBSERVATIONS, schema.OBSERVATIONS),
        "crosswalk": df(CROSSWALK, schema.CROSSWALK),
        "regions": df([dict(region_code="RRD", region_vi="Đồng bằng sông Hồng",
                            region_en="Red River Delta"),
                       dict(region_code="NMM", region_vi="Trung du và miền núi phía Bắc",
                            region_en="Northern Midlands and Mountains")], schema.REGIONS),
        "aggregates": df([], schema.AGGREGATES),
        "indicators": df([dict(unit_name="Một", parent_name=None, level="province", year=2023,
                               indicator_vi="Tỷ lệ hồ sơ đúng hạn", indicator_en="On-time dossiers",
                               value=98.8, unit="%", target=98.0, source_id="fixture_src",
                               note=None)], schema.INDICATORS),
        "sources": df([dict(source_id="fixture_src", title="Fixture", url="", kind="seed",
                            licence="test"),
                       dict(source_id="illustrative", title="Illustrative", url="",
                            kind="generated", licence="ours")], schema.SOURCES),
    }

"""A session's imports as an overlay on the shared connection (doisanh.db.overlay) answer every
query exactly as a database built from merge_frames would, and nobody else sees them."""
from __future__ import annotations

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hst

from doisanh import db, ingest, sql
from doisanh.schema import OBSERVATIONS
from tests import fixture


def _row(code, index_id, year, component, value, level="province", era="pre2025"):
    return dict(era=era, level=level, unit_code=code, index_id=index_id, year=year, component=component,
                value=value, published_rank=None, published_band=None, is_illustrative=False,
                method_version="qd1150_2020" if index_id == "par" else None,
                source_id="import:so-noi-vu.xlsx", pub_source_id=None)


IMPORTED = pl.DataFrame([
    _row("01", "par", 2020, "total", 91.5),          # replaces a total; its illustrative parts go
    _row("02", "par", 2020, "appraisal", 50.25),     # a part only
    _row("04", "par", 2019, "total", 70.0),          # a unit-year the snapshot does not have
    _row("001", "par", 2020, "total", 88.0, level="district"),
], schema=OBSERVATIONS)

POOL = dict(era="pre2025", level="province", index_id="par", year=2020, province_code=None,
            region_code=None, parent_code=None, peer_codes=None, unit_code="01",
            unit_codes=["01", "02", "04"], bins=10, k=3, basis="profile", weighting="population",
            year_from=2015, year_to=2024, with_illustrative=True)
# both modes: every figure, and published + imported only (the app's default)
VARIANTS = [{}, {"level": "district", "unit_code": "001", "province_code": "01"},
            {"year": 2019, "unit_code": "04"}, {"index_id": "i766", "year": 2023},
            {"with_illustrative": False}, {"index_id": "i766", "year": 2023, "with_illustrative": False},
            {"level": "district", "unit_code": "001", "province_code": "01", "with_illustrative": False}]


@pytest.fixture(scope="module")
def both():
    merged = db.connect(ingest.merge_frames(fixture.frames(), IMPORTED))
    shared = db.connect(fixture.frames())
    obs, src = ingest.prepare(IMPORTED)
    session = db.overlay(shared, obs, src)
    yield merged, shared, session
    for c in (session, merged, shared):
        c.close()


def _answer(con, name, params):
    df = sql.run(con, name, **params)
    return df.columns, sorted(map(repr, df.rows()))


@pytest.mark.parametrize("name", sql.available())
def test_every_query_answers_as_the_merged_database(both, name):
    merged, _, session = both
    wanted = sql.load(name).params
    for variant in VARIANTS:
        params = {k: v for k, v in {**POOL, **variant}.items() if k in wanted}
        m = merged.cursor()
        try:
            expected = _answer(m, name, params)
        finally:
            m.close()
        assert _answer(session, name, params) == expected, (name, params)


def test_only_the_session_sees_its_imports(both):
    _, shared, session = both
    q = "select value from observations where unit_code = '01' and index_id = 'par' and year = 2020 " \
        "and level = 'province' and component = 'total'"
    other = shared.cursor()
    try:
        assert session.execute(q).fetchall() == [(91.5,)]
        assert other.execute(q).fetchall() != [(91.5,)]
        assert other.execute("select count(*) from sources where source_id like 'import:%'").fetchall() == [(0,)]
        assert session.execute("select count(*) from sources where source_id like 'import:%'").fetchall() == [(1,)]
    finally:
        other.close()


@pytest.mark.parametrize("name", ["ranking", "breakdown", "trend", "histogram", "compare", "sources"])
def test_the_imports_change_these_answers(both, name):
    """So that the equality above is not vacuous: without the overlay these answers differ."""
    _, shared, session = both
    params = {k: v for k, v in POOL.items() if k in sql.load(name).params}
    plain = shared.cursor()
    try:
        assert _answer(plain, name, params) != _answer(session, name, params)
    finally:
        plain.close()


# ------------------------------------------------------------------ any import, same answers
_OBS = fixture.frames()["observations"]
_KEYS = _OBS.select("era", "level", "unit_code", "index_id", "year", "component").unique().sort(
    "era", "level", "unit_code", "index_id", "year", "component").rows()
_UNITS = fixture.frames()["units"].filter(pl.col("era") == "pre2025").select("level", "unit_code").rows()

_NEW = [("pre2025", lv, code, "par", year, comp) for lv, code in _UNITS
        for year in (2019, 2020) for comp in ("total", "appraisal")]
KEY_CHOICES = hst.sampled_from(sorted(set(_KEYS) | set(_NEW)))


@given(hst.lists(hst.tuples(KEY_CHOICES, hst.floats(0, 100, allow_nan=False).map(lambda v: round(v, 2))),
                 min_size=1, max_size=6, unique_by=lambda kv: kv[0]))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_import_answers_as_the_merged_database(rows):
    imported = pl.DataFrame([dict(zip(("era", "level", "unit_code", "index_id", "year", "component"), k),
                                  value=v, published_rank=None, published_band=None, is_illustrative=False,
                                  method_version=None, source_id="import:x.csv", pub_source_id=None)
                             for k, v in rows], schema=OBSERVATIONS)
    merged = db.connect(ingest.merge_frames(fixture.frames(), imported))
    shared = db.connect(fixture.frames())
    obs, src = ingest.prepare(imported)
    session = db.overlay(shared, obs, src)
    try:
        for (era, level, code, index_id, year, _), _v in rows:
            base = dict(POOL, era=era, level=level, unit_code=code, index_id=index_id, year=year,
                        province_code=None)
            for name in ("ranking", "breakdown", "trend", "histogram", "years"):
                params = {k: v for k, v in base.items() if k in sql.load(name).params}
                m = merged.cursor()
                try:
                    assert _answer(session, name, params) == _answer(m, name, params), (name, params)
                finally:
                    m.close()
    finally:
        for c in (session, merged, shared):
            c.close()

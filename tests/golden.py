"""Golden answers: queries/<name>.sql on the fixture against tests/expected/<case>.csv,
worked out by hand. One comparison for every golden test module."""
from __future__ import annotations

from pathlib import Path

import polars as pl
from polars.testing import assert_frame_equal

from doisanh import sql

EXPECTED = Path(__file__).parent / "expected"
# columns that hold codes or code lists: read as text, so '01' keeps its leading zero
TEXT_COLUMNS = ("unit_code", "new_code", "used_codes", "missing_codes", "from_codes", "province_code")


def expected(case: str) -> pl.DataFrame:
    path = EXPECTED / f"{case}.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    return pl.read_csv(path, schema_overrides={c: pl.String for c in header if c in TEXT_COLUMNS})


def assert_golden(cur, case: str, name: str, params: dict) -> None:
    """The query returns (at least) the expected columns with the expected values."""
    want = expected(case)
    got = sql.run(cur, name, **params)
    missing = set(want.columns) - set(got.columns)
    assert not missing, f"{name} no longer returns {sorted(missing)}"
    got = got.select(want.columns).with_columns(
        [pl.col(c).cast(want.schema[c]) for c in want.columns])
    # a CSV cell cannot tell an empty code list from a missing one
    got = got.with_columns([pl.col(c).replace("", None) for c in want.columns
                            if c in TEXT_COLUMNS and want.schema[c] == pl.String])
    assert_frame_equal(got, want, check_exact=False, abs_tol=1e-9)

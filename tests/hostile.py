"""Hostile inputs shared by the tests (short runs) and the benchmark (long runs,
benchmarks/robust.py): arbitrary URL query strings for every page of the navigation, a query
that would run for minutes unless it is interrupted, and damaged snapshot files."""
from __future__ import annotations

import ast
from dataclasses import fields
from pathlib import Path

from hypothesis import strategies as hs

from doisanh.state import State

ROOT = Path(__file__).resolve().parents[1]

# a deliberately slow query: a cross join that runs for minutes unless interrupted
SLOW_SQL = """-- slow: a cross join far too big to finish (tests only)
-- params: $n
select count(*) as n
from range($n) as a, range($n) as b
where (a.range * 7 + b.range * 13) % 1000003 = 17
"""


# ways a snapshot file can be damaged: the first three hit observations.parquet, the last
# replaces units.parquet with a file that lacks its columns
DAMAGES = ("truncated", "not parquet", "missing", "wrong columns")


def damage(snapshot_dir: Path, kind: str) -> str:
    """Damage one file of a copied snapshot folder in the way `kind` names; returns the name of
    the file the page must name."""
    if kind == "wrong columns":
        import polars as pl
        pl.DataFrame({"era": ["pre2025"], "level": ["province"]}).write_parquet(snapshot_dir / "units.parquet")
        return "units.parquet"
    f = snapshot_dir / "observations.parquet"
    if kind == "truncated":
        f.write_bytes(f.read_bytes()[: f.stat().st_size // 2])
    elif kind == "not parquet":
        f.write_bytes(b"this is not a parquet file\n" * 20)
    elif kind == "missing":
        f.unlink()
    else:
        raise ValueError(f"unknown damage {kind!r}; known: {DAMAGES}")
    return f.name


def navigation_pages() -> list[str]:
    """The page files listed in app.py's st.navigation (st.Page("pages/x.py", ...))."""
    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    return [n.args[0].value for n in ast.walk(tree)
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "Page"
            and n.args and isinstance(n.args[0], ast.Constant)]


PAGES = navigation_pages()
KEYS = [f.name for f in fields(State)]
TRICKY = ["<script>alert(1)</script>", "' OR 1=1 --", "'; DROP TABLE units; --", "$era", "01,02,08",
          "01,,02,", "par", "i766", "2020", "2023", "commune", "district", "province", "ministry",
          "pre2025", "post2025", "rank:1", "top:5", "band:A", "score:99.5", "beat:79", "1e309", "NaN",
          "-0", "０１", "٠١", "12345678901234567890", "M01", "00001", "\x00", "%00", "..%2F..%2Fetc",
          "c1_transparency:1e9", "appraisal:-5"]
VALUES = hs.one_of(
    hs.text(max_size=24),
    hs.text(alphabet="0123456789,.:-_ abcdeMz", max_size=60),
    hs.sampled_from(TRICKY),
    hs.text(alphabet="0123456789,", min_size=401, max_size=2000),    # longer than any accepted value
)
QUERIES = hs.dictionaries(
    hs.one_of(hs.sampled_from(KEYS), hs.text(max_size=12)),
    hs.one_of(VALUES, hs.lists(VALUES, min_size=2, max_size=3)),     # lists: repeated keys
    max_size=6,
)

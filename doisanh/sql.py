"""Run the SQL files in queries/: one query per file, `$named` parameters only.

`run(cur, "ranking", era=..., ...)` loads queries/ranking.sql, checks that the parameters
given are exactly the placeholders in the file, binds them, and returns Polars.
Query names are a whitelist: the files present in queries/ (or in the folder given as
`queries_dir`, which only tests use, e.g. for a deliberately slow query). This module holds the
app's only call that sends SQL text to DuckDB, and that text is always a file's content.
"""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import duckdb
import polars as pl

QUERIES_DIR = Path(__file__).resolve().parent.parent / "queries"
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_PLACEHOLDER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_COMMENT = re.compile(r"--[^\n]*")
_STRING = re.compile(r"'(?:[^']|'')*'")


# DuckDB 2.0 warns that Arrow from an execute() result makes an extra copy of the rows; measured
# here, that copy is cheaper than the second bind of the relation API (see `run`).
warnings.filterwarnings("ignore", message="Arrow output on a DB-API result", category=UserWarning,
                        module=__name__)


class QueryError(ValueError):
    """Unknown query, or parameters that do not match the query's placeholders."""


@dataclass(frozen=True)
class Query:
    name: str
    text: str
    params: frozenset[str]
    header: str


def placeholders(text: str) -> frozenset[str]:
    body = _STRING.sub("''", _COMMENT.sub("", text))
    return frozenset(_PLACEHOLDER.findall(body))


def available(queries_dir: Path | None = None) -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in (queries_dir or QUERIES_DIR).glob("*.sql")))


@lru_cache(maxsize=64)
def load(name: str, queries_dir: Path | None = None) -> Query:
    known = available(queries_dir)
    if not isinstance(name, str) or not _NAME.match(name) or name not in known:
        raise QueryError(f"unknown query {name!r}; known: {', '.join(known)}")
    text = ((queries_dir or QUERIES_DIR) / f"{name}.sql").read_text(encoding="utf-8")
    header = "\n".join(line[2:].strip() for line in text.splitlines() if line.startswith("--"))
    return Query(name, text, placeholders(text), header)


def run(cur: duckdb.DuckDBPyConnection, name: str, *, queries_dir: Path | None = None,
        **params: object) -> pl.DataFrame:
    q = load(name, queries_dir)
    given = frozenset(params)
    if given != q.params:
        missing, extra = sorted(q.params - given), sorted(given - q.params)
        raise QueryError(f"{name}: missing parameters {missing}, unexpected {extra}")
    # execute() binds the text once; cur.sql(text).pl() bound it twice (relation, then run),
    # ~3 ms more per query. The Arrow table is DuckDB's result copied once, which costs less.
    return pl.from_arrow(cur.execute(q.text, params).to_arrow_table(), rechunk=False)

"""Hardened defaults: the Streamlit configuration we ship and the DuckDB settings after load."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from doisanh import db

ROOT = Path(__file__).resolve().parents[1]
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("section", "key", "check"), [
    ("server", "enableXsrfProtection", lambda v: v is True),
    ("server", "maxUploadSize", lambda v: isinstance(v, int) and 0 < v <= 25),
    ("server", "disconnectedSessionTTL", lambda v: isinstance(v, int) and 0 < v <= 60),
    ("browser", "gatherUsageStats", lambda v: v is False),
    ("client", "showErrorDetails", lambda v: v == "none"),
    ("client", "toolbarMode", lambda v: v == "viewer"),
    ("client", "disableDataExport", lambda v: v is True),  # the grid's CSV skipped the formula guard
    ("runner", "postScriptGC", lambda v: v is False),   # measured: 25–75 ms per rerun when on
    ("runner", "magicEnabled", lambda v: v is False),   # nothing is drawn unless a page asks for it
])
def test_streamlit_config_is_hardened(section, key, check):
    value = CONFIG.get(section, {}).get(key)
    assert check(value), f"[{section}] {key} = {value!r}"


def _setting(con, name: str):
    cur = con.cursor()
    try:
        return cur.execute("SELECT current_setting($name)", {"name": name}).fetchall()[0][0]
    finally:
        cur.close()


def _bytes(text: str) -> float:
    number, unit = re.fullmatch(r"([0-9.]+) ?([A-Za-z]*)", text.strip()).groups()
    scale = {"": 1, "bytes": 1, "B": 1, "KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "KB": 1e3, "MB": 1e6, "GB": 1e9}
    return float(number) * scale[unit]


@pytest.mark.parametrize(("name", "expected"), [
    ("enable_external_access", False),
    ("autoinstall_known_extensions", False),
    ("autoload_known_extensions", False),
    ("allow_community_extensions", False),
    ("allow_unsigned_extensions", False),
    ("lock_configuration", True),
    ("threads", db.THREADS),
])
def test_duckdb_settings_after_load(app_con, name, expected):
    assert _setting(app_con, name) == expected


def test_duckdb_memory_and_temp_disk_are_bounded(app_con):
    assert _bytes(_setting(app_con, "memory_limit")) <= 512 * 2**20
    assert _bytes(_setting(app_con, "max_temp_directory_size")) == 0   # never spills to disk


def test_every_table_is_reachable_from_a_fresh_cursor(app_con):
    cur = app_con.cursor()
    try:
        for name in db.TABLE_NAMES:
            assert cur.execute("SELECT count(*) FROM " + name).fetchall()[0][0] >= 0
    finally:
        cur.close()


def test_no_page_relies_on_magic():
    """With magic off, a bare expression in a page draws nothing: there must be none."""
    import ast
    for f in [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]:
        for node in ast.walk(ast.parse(f.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Expr) and not isinstance(node.value, ast.Call | ast.Await):
                is_docstring = isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
                assert is_docstring, f"{f.name}:{node.lineno}: a bare expression (magic is off)"

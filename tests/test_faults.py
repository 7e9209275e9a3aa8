"""Faults: a query past its time limit is interrupted on its own cursor (others go on) and the
user reads a message; a missing, truncated or corrupt snapshot file is named on the page,
without a traceback."""
from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from doisanh import sql
from doisanh.i18n import t
from tests import fixture
from tests.hostile import DAMAGES, SLOW_SQL, damage

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")


@pytest.fixture()
def queries_dir(tmp_path):
    """queries/ plus slow.sql, in a folder of its own (the whitelist is that folder's files)."""
    d = tmp_path / "queries"
    shutil.copytree(sql.QUERIES_DIR, d)
    (d / "slow.sql").write_text(SLOW_SQL, encoding="utf-8")
    return d


def test_slow_query_is_interrupted_and_other_queries_go_on(fixture_env, queries_dir):
    from ui import data
    results: list[tuple[str, float]] = []

    def other_session() -> None:          # another session's queries on the same connection
        deadline = time.perf_counter() + 1.5
        while time.perf_counter() < deadline:
            t0 = time.perf_counter()
            df = data.run_with_timeout("ranking", dict(era="pre2025", level="province", index_id="par",
                                                       year=2020, province_code=None, region_code=None,
                                                       parent_code=None, peer_codes=None, with_illustrative=True))
            results.append((df["unit_code"][0], time.perf_counter() - t0))

    th = threading.Thread(target=other_session)
    th.start()
    t0 = time.perf_counter()
    with pytest.raises(data.QueryTimeout) as e:
        data.run_with_timeout("slow", {"n": 10_000_000}, timeout=0.5, queries_dir=queries_dir)
    elapsed = time.perf_counter() - t0
    th.join(timeout=10)
    assert e.value.name == "slow" and e.value.seconds == 0.5
    assert 0.4 < elapsed < 3, elapsed
    assert results and all(code == "01" for code, _ in results)
    assert max(s for _, s in results) < 1.0
    # the connection still answers afterwards
    assert data.run_with_timeout("regions", {}).height == fixture.frames()["regions"].height


def test_the_whitelist_holds_with_another_queries_dir(queries_dir):
    assert "slow" in sql.available(queries_dir) and "slow" not in sql.available()
    with pytest.raises(sql.QueryError):
        sql.load("slow")                           # not a file of queries/
    with pytest.raises(sql.QueryError):
        sql.load("../queries/ranking", queries_dir)


def _slow_page() -> None:
    import streamlit as st
    from ui import notes
    notes.run_query("en", "slow", n=10_000_000)
    st.write("after the query")


def test_user_sees_a_message_when_a_query_times_out(fixture_env, queries_dir, monkeypatch):
    monkeypatch.setenv("DOISANH_QUERY_TIMEOUT", "0.3")
    monkeypatch.setattr(sql, "QUERIES_DIR", queries_dir)
    sql.load.cache_clear()
    try:
        at = AppTest.from_function(_slow_page, default_timeout=30).run()
    finally:
        sql.load.cache_clear()
    assert not at.exception
    assert [e.value for e in at.error] == [t("query_timeout", "en", seconds="0.3")]
    assert any("after the query" in m.value for m in at.markdown)


def _page_error(fixture_dir, monkeypatch) -> str:
    monkeypatch.setenv("DOISANH_DATA_DIR", str(fixture_dir))
    st.cache_resource.clear()
    st.cache_data.clear()
    at = AppTest.from_file(APP, default_timeout=60).run()
    st.cache_resource.clear()
    assert not at.exception                        # no traceback on the page
    assert len(at.error) == 1, [e.value for e in at.error]
    return at.error[0].value


@pytest.mark.parametrize("kind", DAMAGES)
def test_damaged_snapshot_file_is_named_on_the_page(fixture_dir, tmp_path, monkeypatch, kind):
    d = tmp_path / "snap"
    shutil.copytree(fixture_dir, d)
    name = damage(d, kind)
    msg = _page_error(d, monkeypatch)
    assert name in msg
    assert "Traceback" not in msg and 'File "' not in msg
    if kind == "wrong columns":
        assert "unit_code" in msg                  # the missing column is named too

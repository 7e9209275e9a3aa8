"""Bad requests: arbitrary query strings (unicode, long values, repeated keys, known and unknown
keys) on every page of app.py's navigation never raise, and never make a query fail (every
value from the URL is checked by the codec, then reaches SQL only as a bound parameter)."""
from __future__ import annotations

import ast
from dataclasses import fields
from pathlib import Path

import pytest
import streamlit as st
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as hs
from streamlit.testing.v1 import AppTest

from doisanh import snapshot
from doisanh.i18n import t
from doisanh.state import State
from tests import fixture

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")


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


def test_every_page_of_the_navigation_is_fuzzed():
    assert "pages/profile.py" in PAGES and "pages/ranking.py" in PAGES and len(PAGES) >= 4


@pytest.fixture(scope="module")
def snapshot_env(tmp_path_factory):
    d = tmp_path_factory.mktemp("snapshot")
    snapshot.write_all(fixture.frames(), d)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DOISANH_DATA_DIR", str(d))
        st.cache_resource.clear()
        st.cache_data.clear()
        yield d
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.mark.parametrize("page_file", PAGES)
def test_arbitrary_query_strings_never_break_a_page(snapshot_env, page_file):
    failed = t("query_error", "vi")

    @settings(max_examples=20, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(QUERIES)
    def check(query):
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params.update(query)
        at.switch_page(page_file).run()
        assert not at.exception, (query, [e.value for e in at.exception])
        assert failed not in [e.value for e in at.error], query

    check()

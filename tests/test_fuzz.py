"""Bad requests: arbitrary query strings (unicode, long values, repeated keys, known and unknown
keys) on every page of app.py's navigation never raise, and never make a query fail (every
value from the URL is checked by the codec, then reaches SQL only as a bound parameter)."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from streamlit.testing.v1 import AppTest

from doisanh.i18n import t
from tests.hostile import PAGES, QUERIES

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")


def test_every_page_of_the_navigation_is_fuzzed():
    assert "pages/profile.py" in PAGES and "pages/ranking.py" in PAGES and len(PAGES) >= 4


@pytest.mark.parametrize("page_file", PAGES)
def test_arbitrary_query_strings_never_break_a_page(fixture_env, page_file):
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

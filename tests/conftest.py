import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from hypothesis import settings

from doisanh import db, snapshot
from tests import fixture

# Property tests draw the same examples on every run (seeded from each test), so CI is
# reproducible; HYPOTHESIS_PROFILE=explore searches anew.
settings.register_profile("ci", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def units():
    """The unit registry of the shipped snapshot, as the importers resolve names against it."""
    from doisanh.ingest.validate import UnitIndex
    return UnitIndex(snapshot.read_table(next(t for t in snapshot.TABLES if t.name == "units")))


@pytest.fixture(scope="session")
def fixture_con():
    con = db.connect(fixture.frames())
    yield con
    con.close()


@pytest.fixture()
def cur(fixture_con):
    c = fixture_con.cursor()
    yield c
    c.close()


# ------------------------------------------------ browser tests (marker `browser`)

@pytest.fixture(scope="session")
def browser_type_launch_args():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (scripts/ensure_chromium.sh)")
    return {"executable_path": CHROMIUM, "args": [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server(server_process):
    """The URL of the app served for the browser tests (see server_process)."""
    return server_process[0]


@pytest.fixture(scope="session")
def server_process(browser, tmp_path_factory):
    """(url, process) of `streamlit run serve.py` (app.py behind the 404 page for unknown
    addresses, as shipped) on a free loopback port, its output in a log file (named in any
    failure). One throwaway page is opened first: Streamlit shows a spurious "Page not found"
    dialog to the very first session after start when it asks for a non-default page
    (streamlit/streamlit#9992)."""
    port = _free_port()
    log_path = tmp_path_factory.mktemp("streamlit") / "server.log"
    log = open(log_path, "w")  # noqa: SIM115 - closed at teardown
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"streamlit exited with {proc.returncode}:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=1) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        proc.kill()
        pytest.fail(f"streamlit did not answer /_stcore/health within 60 s:\n{log_path.read_text()}")
    warm = browser.new_page()
    warm.goto(url + "/")
    warm.wait_for_selector("[data-testid='stApp']", timeout=30_000)
    warm.close()
    yield url, proc
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


# ---------------------------------------------------------------- AppTest on the fixture snapshot

APP = str(ROOT / "app.py")


@pytest.fixture(scope="session")
def fixture_dir(tmp_path_factory):
    """The hand-checkable snapshot of tests/fixture.py written as parquet files."""
    from doisanh import snapshot
    from tests import fixture
    d = tmp_path_factory.mktemp("snapshot")
    snapshot.write_all(fixture.frames(), d)
    return d


@pytest.fixture()
def fixture_env(fixture_dir, monkeypatch):
    """The app's environment on the fixture snapshot (DOISANH_DATA_DIR, no deployer's GeoJSON),
    with Streamlit's caches cleared before and after; yields the snapshot folder (read only:
    a test that damages files copies it first)."""
    import streamlit as st
    monkeypatch.setenv("DOISANH_DATA_DIR", str(fixture_dir))
    monkeypatch.delenv("DOISANH_GEOJSON_PRE2025", raising=False)
    monkeypatch.delenv("DOISANH_GEOJSON_POST2025", raising=False)
    st.cache_resource.clear()
    st.cache_data.clear()
    yield fixture_dir
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture()
def app(fixture_env):
    """An AppTest of app.py reading the fixture snapshot, with Streamlit's caches cleared."""
    from streamlit.testing.v1 import AppTest
    return AppTest.from_file(APP, default_timeout=30)


@pytest.fixture(scope="module", params=["frames", "folder"])
def app_con(request, fixture_dir):
    """The locked connection as the app builds it: from frames (URL snapshots, fixtures) and
    from a local snapshot folder (DuckDB's own parquet reader)."""
    con = db.connect(fixture.frames()) if request.param == "frames" else db.open_snapshot(fixture_dir)
    yield con
    con.close()

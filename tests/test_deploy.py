"""Deployable beyond one machine: the snapshot read from a URL (stateless replicas serve one
published snapshot), tested against a loopback HTTP server; the container file and the files
Streamlit Community Cloud needs."""
from __future__ import annotations

import functools
import http.server
import io
import os
import re
import threading
from pathlib import Path

import duckdb
import polars as pl
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from doisanh import db, snapshot, sql
from tests import fixture

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files with byte ranges (what an object store or a CDN serves; Polars reads the
    parquet footer first with a suffix range)."""

    def log_message(self, *args) -> None:
        pass

    def send_head(self):
        rng = self.headers.get("Range")
        path = self.translate_path(self.path)
        if not rng or not os.path.isfile(path):
            return super().send_head()
        m = re.fullmatch(r"bytes=(\d*)-(\d*)", rng.strip())
        size = os.path.getsize(path)
        if m is None:
            self.send_error(416)
            return None
        if m.group(1):
            start = int(m.group(1))
            end = min(int(m.group(2)) if m.group(2) else size - 1, size - 1)
        else:
            start, end = max(0, size - int(m.group(2))), size - 1
        with open(path, "rb") as f:
            f.seek(start)
            body = f.read(end - start + 1)
        self.send_response(206)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """The fixture snapshot written by write_all and served on 127.0.0.1 (a thread)."""
    d = tmp_path_factory.mktemp("published")
    snapshot.write_all(fixture.frames(), d)
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Handler, directory=str(d)))
    th = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    th.start()
    yield d, f"http://127.0.0.1:{srv.server_address[1]}/snapshot"
    srv.shutdown()
    srv.server_close()
    th.join(timeout=5)


@pytest.fixture()
def served(published, tmp_path):
    """<url>/snapshot/ is a copy of the folder (so a test may damage it)."""
    d, url = published
    sub = d / "snapshot"
    if sub.exists():
        for f in sub.iterdir():
            f.unlink()
    sub.mkdir(exist_ok=True)
    for f in d.glob("*.parquet"):
        (sub / f.name).write_bytes(f.read_bytes())
    return d, url


def test_snapshot_url_reads_the_same_frames_as_the_folder(served):
    d, url = served
    from_url, from_dir = snapshot.read_all(url), snapshot.read_all(d)
    assert from_url.keys() == from_dir.keys()
    for name in from_dir:
        assert from_url[name].equals(from_dir[name]), name


def test_connection_over_a_url_answers_like_the_folder(served):
    d, url = served
    params = dict(era="pre2025", level="province", index_id="par", year=2020, province_code=None,
                  region_code=None, parent_code=None, peer_codes=None, with_illustrative=True)
    answers = []
    for loc in (url, url + "/", d):
        con = db.open_snapshot(loc)
        cur = con.cursor()
        answers.append(sql.run(cur, "ranking", **params))
        cur.close()
        con.close()
    assert answers[0].equals(answers[2]) and answers[1].equals(answers[2])


def test_connection_over_a_url_is_read_only_too(served):
    """open_snapshot(url) builds through connect(frames): the same read-only database
    (tests/test_readonly.py tries every statement on the other two ways)."""
    from tests.test_readonly import ATTEMPTS, _fingerprint
    _, url = served
    con = db.open_snapshot(url)
    try:
        before = _fingerprint(con)
        assert before["rows"]["observations"][0][0] == fixture.frames()["observations"].height
        for statement in ATTEMPTS:
            cur = con.cursor()
            for target in (con, cur):
                with pytest.raises(duckdb.Error):
                    target.execute(statement).fetchall()
            cur.close()
        assert _fingerprint(con) == before
    finally:
        con.close()


def test_missing_file_at_the_url_is_named_without_the_url(served):
    d, url = served
    (d / "snapshot" / "regions.parquet").unlink()
    with pytest.raises(snapshot.SnapshotError) as e:
        snapshot.read_all(url + "?token=s3cr3t")
    assert e.value.name == "regions.parquet"
    assert "regions.parquet" in str(e.value)
    assert "s3cr3t" not in str(e.value) and "127.0.0.1" not in str(e.value)


def test_app_serves_a_published_snapshot(served, monkeypatch):
    _, url = served
    monkeypatch.setenv("DOISANH_DATA_DIR", url)
    st.cache_resource.clear()
    st.cache_data.clear()
    try:
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params.update({"index": "i766", "year": "2023", "illustrative": "1"})
        at.switch_page("pages/ranking.py").run()
        assert not at.exception
        assert at.dataframe[0].value["Mã"].to_list()[:2] == ["01", "02"]
    finally:
        st.cache_resource.clear()
        st.cache_data.clear()


def test_url_locations_stay_strings_and_folders_become_paths():
    assert snapshot.location("https://example.org/snap") == "https://example.org/snap"
    assert snapshot.location("s3://bucket/snap") == "s3://bucket/snap"
    assert snapshot.location("data") == Path("data")
    t = next(t for t in snapshot.TABLES if t.name == "units")
    assert snapshot.table_location(t, "https://x.org/s/?sig=1") == "https://x.org/s/units.parquet?sig=1"
    assert snapshot.table_location(t, "s3://b/s") == "s3://b/s/units.parquet"


# ------------------------------------------------------------------------------ hosting files
def test_container_file_builds_and_probes_the_app():
    text = (ROOT / "Containerfile").read_text(encoding="utf-8")
    lines = [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.strip().startswith("#")]
    assert lines[0].startswith("FROM python:3.11-slim")
    assert any(re.search(r"pip install .*-r requirements\.txt", ln) for ln in lines)
    assert "EXPOSE 8501" in lines
    # the fonts exported charts ask for (doisanh.export.EXPORT_FONT) come from packages.txt
    assert any(re.search(r"apt-get install .*< packages\.txt", ln) for ln in lines)
    assert any(ln.startswith("HEALTHCHECK") for ln in lines)
    assert "/_stcore/health" in text
    cmd = [ln for ln in lines if ln.startswith(("CMD", "ENTRYPOINT"))][-1]   # the last one counts
    for part in ("streamlit", "run", "serve.py", "--server.address", "0.0.0.0"):
        assert part in cmd


def test_community_cloud_finds_app_and_requirements_at_the_root():
    assert (ROOT / "app.py").is_file() and (ROOT / "requirements.txt").is_file()
    from doisanh.export import EXPORT_FONT
    assert EXPORT_FONT.startswith("DejaVu Sans")
    assert "fonts-dejavu-core" in (ROOT / "packages.txt").read_text(encoding="utf-8").split()
    reqs = (ROOT / "requirements.txt").read_text(encoding="utf-8")
    for pkg in ("streamlit==", "duckdb==", "polars=="):
        assert pkg in reqs


def test_url_snapshot_frames_are_typed_like_the_schema(served):
    _, url = served
    t = next(t for t in snapshot.TABLES if t.name == "observations")
    df = snapshot.read_table(t, url)
    assert df.schema == pl.Schema(t.schema)


def test_warm_script_renders_the_first_page_so_links_to_other_pages_open_cleanly(fixture_dir, tmp_path):
    """scripts/warm.py on a fresh replica: exit 0 once the default page has rendered; after it,
    the first real visitor's link to another page opens without Streamlit's first-session
    "Page not found" (streamlit/streamlit#9992). A replica that does not answer: exit 1."""
    import asyncio
    import subprocess
    import sys

    from benchmarks import stclient as sc
    env = {"DOISANH_DATA_DIR": str(fixture_dir), "PYTHONPATH": str(ROOT)}
    with sc.Server(APP, log_path=tmp_path / "server.log", env=env,
                   args=("--server.fileWatcherType", "none")) as srv:
        done = subprocess.run([sys.executable, str(ROOT / "scripts" / "warm.py"), srv.url, "--timeout", "60"],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr + srv.log()
        assert "first page rendered" in done.stdout
        out: list = []
        t = threading.Thread(target=lambda: out.append(asyncio.run(
            sc.touch(srv.ws_url, "xep-hang", "index=par&year=2020", timeout=60))))
        t.start()
        t.join(90)
        assert out and out[0].ok and not out[0].page_not_found, (out, srv.log())
    closed = subprocess.run([sys.executable, str(ROOT / "scripts" / "warm.py"), f"http://127.0.0.1:{sc.free_port()}",
                             "--timeout", "5"], capture_output=True, text=True, timeout=60)
    assert closed.returncode == 1 and "warm:" in closed.stderr

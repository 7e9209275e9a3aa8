"""The shipped snapshot is exactly what the build makes from ../shared/data: rebuilding into a
temporary folder gives byte-identical files (parquet, GeoJSON, SOURCES.md, BUILD_REPORT.md)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data is not beside the repository")
def test_rebuild_is_byte_identical(tmp_path):
    out = subprocess.run([sys.executable, "-m", "doisanh.build", "--out", str(tmp_path)], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    shipped = sorted(p.relative_to(ROOT / "data") for p in (ROOT / "data").rglob("*") if p.is_file())
    built = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    assert shipped == built
    differ = [str(p) for p in shipped if (ROOT / "data" / p).read_bytes() != (tmp_path / p).read_bytes()]
    assert differ == [], f"run `make data` and commit: {differ}"

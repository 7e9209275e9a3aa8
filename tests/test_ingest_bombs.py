"""Bombs refused by the full import path within 2 s and < 150 MB of memory growth, each measured
in a child process (the parent's allocations would blur a same-process measurement)."""
from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.test_ingest_hostile import _bomb, _lie_about_size

ROOT = Path(__file__).resolve().parents[1]

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from doisanh import ingest, snapshot
units = ingest.UnitIndex(snapshot.read_table(next(t for t in snapshot.TABLES if t.name == "units")))
data = Path(sys.argv[1]).read_bytes()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
try:
    res = ingest.read_any(Path(sys.argv[1]).name, data, units)
    codes = [p.code for p in res.problems if p.severity == "fatal"]
except Exception as e:  # an exception is a failure of the test, reported as such
    codes = ["EXCEPTION " + type(e).__name__ + ": " + str(e)[:200]]
elapsed = time.perf_counter() - t
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"codes": codes, "elapsed": elapsed, "growth_kb": after - before}))
"""


def _shared_strings_bomb() -> bytes:
    """A valid-looking workbook whose sharedStrings part inflates to ~300 MB of one string."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        z.writestr("xl/workbook.xml", b'<workbook><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/worksheets/sheet1.xml",
                   b'<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>')
        with z.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
            f.write(b'<sst count="1" uniqueCount="1"><si><t>')
            for _ in range(300):
                f.write(b"A" * (1 << 20))
            f.write(b"</t></si></sst>")
    return out.getvalue()


def _entity_bomb() -> bytes:
    """'Billion laughs' in a worksheet: entities that expand exponentially."""
    lol = b'<!DOCTYPE lolz [<!ENTITY lol "lol">' + b"".join(
        b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
        for i in range(1, 10)) + b"]>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        z.writestr("xl/workbook.xml", b'<workbook><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/worksheets/sheet1.xml",
                   b'<?xml version="1.0"?>' + lol +
                   b'<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c>'
                   b"</row></sheetData></worksheet>")
    return out.getvalue()


BOMBS = {
    "zip bomb": lambda: _bomb(520 << 20),
    "zip bomb lying about its size": lambda: _lie_about_size(_bomb(520 << 20), "xl/worksheets/sheet1.xml", 1024),
    "shared-strings bomb": _shared_strings_bomb,
    "entity expansion": _entity_bomb,
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_bomb_refused_fast_and_small(name, tmp_path):
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(BOMBS[name]())
    out = subprocess.run([sys.executable, "-c", CHILD, str(path)], cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stderr[-2000:]
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["codes"] and not got["codes"][0].startswith("EXCEPTION"), got
    assert got["elapsed"] < 2.0, got
    assert got["growth_kb"] < 150 * 1024, got

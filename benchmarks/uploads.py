"""Server memory while uploads are parsed: three files near the limits (190,000 template rows,
~8 MB each; one of 60,000 rows with --quick) uploaded at once, parsed the way the app does it
(doisanh.ingest.sandbox: a bounded child process each, PARALLEL at a time) and, for
comparison, the way it did before (doisanh.ingest.read_any in the server's own process).

Each way runs in a fresh process of its own, standing in for the server (same imports, the
files already in memory as Streamlit holds an upload): its resident memory is sampled every
5 ms; reported are the peak growth over the baseline, the growth left once the parses are over
and the largest child's peak. The stand-in runs with MALLOC_ARENA_MAX=2, as the Containerfile
sets it: each parse waits in a thread of its own (as each Streamlit session runs in one), and
glibc's default of one arena per thread kept ~70 MB of freed request buffers after three
concurrent uploads (8 MB with two arenas; 4–8 MB for uploads one after another either way).
Returns rows for benchmarks/bench.py: (name, value, unit, target).

    python -m benchmarks.uploads [--quick]      # prints the rows
"""
from __future__ import annotations

import gc
import json
import os
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
Row = tuple  # (name, value, unit) or (name, value, unit, target): bench.record's arguments
MB = 1_000_000


def _rss() -> int:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmRSS:"))


def _measure(way: str, rows: int, files: int) -> dict:
    """In this process: parse `files` uploads of `rows` rows at once, the `way` given."""
    from doisanh import catalog, ingest, snapshot
    from doisanh.ingest import sandbox
    from tests.test_sandbox import _big_template
    units = snapshot.read_table(next(t for t in snapshot.TABLES if t.name == "units"))
    uploads = [_big_template(rows) for _ in range(files)]
    cat = catalog.load()
    if way == "in-process":
        ingest.read_any("warm.xlsx", _big_template(10), units, cat=cat)   # the readers' first load
    else:
        sandbox.read("warm.xlsx", _big_template(10), units)
    gc.collect()
    time.sleep(0.5)
    base = peak = _rss()
    stop = threading.Event()

    def sample():
        nonlocal peak
        while not stop.wait(0.005):
            peak = max(peak, _rss())

    def parse(i: int, out: list):
        if way == "in-process":
            out[i] = ingest.read_any(f"u{i}.xlsx", uploads[i], units, cat=cat).n_rows_read
        else:
            out[i] = sandbox.read(f"u{i}.xlsx", uploads[i], units).n_rows_read

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    read = [0] * files
    t = time.perf_counter()
    workers = [threading.Thread(target=parse, args=(i, read)) for i in range(files)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - t
    gc.collect()
    time.sleep(1.0)
    after = _rss()
    stop.set()
    sampler.join()
    return {"base": base, "peak": max(peak, after), "after": after, "elapsed": elapsed, "read": read,
            "child_peak": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024}


def run(quick: bool) -> list[Row]:
    rows, files = (60_000, 1) if quick else (190_000, 3)
    out: list[Row] = []
    label = f"{files} upload{'s' if files > 1 else ''} of {rows:,} rows at once"
    for way in ("sandboxed", "in-process"):
        proc = subprocess.run([sys.executable, "-m", "benchmarks.uploads", "--measure", way,
                               str(rows), str(files)], cwd=ROOT, capture_output=True, text=True,
                              env={**os.environ, "MALLOC_ARENA_MAX": "2"}, timeout=900, check=False)
        if proc.returncode != 0:
            print(proc.stderr[-2000:])
            out.append((f"{label}, {way}: measured", 0, "", "== 1"))
            continue
        m = json.loads(proc.stdout.strip().splitlines()[-1])
        if way == "sandboxed":
            out.append((f"{label}, sandboxed: server peak RSS growth", (m["peak"] - m["base"]) / MB, "MB", "< 150"))
            out.append((f"{label}, sandboxed: server RSS growth left after", (m["after"] - m["base"]) / MB, "MB",
                        "< 30"))
            out.append((f"{label}, sandboxed: largest child's peak RSS", m["child_peak"] / MB, "MB"))
            out.append((f"{label}, sandboxed: all rows read", float(all(r == rows for r in m["read"])), "",
                        "== 1"))
        else:
            out.append((f"{label}, in-process (before): server peak RSS growth", (m["peak"] - m["base"]) / MB, "MB"))
            out.append((f"{label}, in-process (before): server RSS growth left after",
                        (m["after"] - m["base"]) / MB, "MB"))
        out.append((f"{label}, {way}: time", m["elapsed"], "s"))
    return out


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--measure":
        print(json.dumps(_measure(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))))
    else:
        for r in run("--quick" in sys.argv):
            print(r)

"""Uploads are parsed in a bounded child process (doisanh.ingest.sandbox): every file of the
hostile corpus (tests/hostile_files.py) goes through the upload's parsing function with its
specific message, in under 2 s, and this process (standing in for the server) grows by less
than 150 MB; a reader that exceeds its memory, CPU or wall-clock limit becomes one message, not
a dead server; only rows of the snapshot's shape come back."""
from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import polars as pl
import pytest

from doisanh import snapshot
from doisanh.ingest import limits, sandbox
from doisanh.ingest.result import ImportResult
from doisanh.ingest.template import COLUMNS
from doisanh.schema import OBSERVATIONS
from tests.hostile_files import CORPUS, shared_strings_xlsx, template_rows

ROOT = Path(__file__).resolve().parents[1]
MB = 1_000_000


def rss() -> int:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmRSS:"))


class PeakRSS:
    """This process's peak resident memory over a block, sampled every 5 ms."""

    def __enter__(self):
        self.base = self.peak = rss()
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)
        self._t.start()
        return self

    def _run(self):
        while not self._stop.wait(0.005):
            self.peak = max(self.peak, rss())

    def __exit__(self, *exc):
        self._stop.set()
        self._t.join()
        self.peak = max(self.peak, rss())

    @property
    def growth(self) -> int:
        return self.peak - self.base


@pytest.fixture(scope="module")
def units_frame():
    return pl.concat([snapshot.read_table(next(t for t in snapshot.TABLES if t.name == "units"))],
                     how="vertical_relaxed")


@pytest.mark.parametrize("case", list(CORPUS))
def test_hostile_corpus_through_the_upload_path(case, units_frame):
    c = CORPUS[case]
    data = c.build()
    with PeakRSS() as mem:
        t = time.perf_counter()
        res = sandbox.read(c.file, data, units_frame)
        elapsed = time.perf_counter() - t
    codes = {p.code for p in res.problems}
    assert c.codes <= codes, (case, [(p.code, p.message_en) for p in res.problems])
    assert res.fatal == c.fatal, [(p.code, p.message_en) for p in res.problems]
    if c.fatal:
        assert res.observations.height == 0
    first = next((p for p in res.problems if p.code in c.codes), None)
    if c.message:
        assert c.message in first.message_en
    for p in res.problems:   # every message printable: no control characters quoted back
        assert not any(ord(ch) < 32 for ch in p.message_vi + p.message_en), p
    assert elapsed < 2.0, (case, elapsed)
    assert mem.growth < 150 * MB, (case, mem.growth / MB)


def test_the_count_bomb_kills_an_unbounded_reader_but_not_us(tmp_path):
    """The 2 KB workbook declaring 4,000,000,000 shared strings aborts calamine in a process of
    its own (exit by SIGABRT: 'memory allocation of 96000000000 bytes failed'), which is why
    the parent refuses it from the container alone and the child parses under limits."""
    bomb = CORPUS["shared-strings count bomb"].build()
    f = tmp_path / "bomb.xlsx"
    f.write_bytes(bomb)
    crash = subprocess.run([sys.executable, "-c", "import sys, fastexcel; "
                            "fastexcel.read_excel(open(sys.argv[1], 'rb').read())", str(f)],
                           capture_output=True, timeout=60, check=False)
    assert crash.returncode < 0 and b"memory allocation" in crash.stderr, crash.returncode
    assert [p.code for p in limits.precheck("bomb.xlsx", bomb)] == ["shared_strings"]


def test_a_declared_count_that_passes_is_still_bounded(units_frame):
    """Declaring fewer strings than the limit but more than the table holds is allowed (calamine
    reserves at most MAX_SHARED_STRINGS entries) and the rows are read."""
    data = shared_strings_xlsx(template_rows(4), declared=limits.MAX_SHARED_STRINGS)
    res = sandbox.read("declared.xlsx", data, units_frame)
    assert not res.fatal and res.n_rows_valid == 4, [(p.code, p.message_en) for p in res.problems]


def _big_template(n: int) -> bytes:
    """n rows of the template, each its own source text (calamine keeps each string)."""
    head, *rows = template_rows(n)
    k = COLUMNS.index("source")
    return shared_strings_xlsx([head] + [[*r[:k], f"Nguồn số {i}", *r[k + 1:]] for i, r in enumerate(rows)])


@pytest.fixture(scope="module")
def near_the_limits() -> bytes:
    """190,000 rows (the limit is 200,000): ~8 MB, parsed under the default limits in ~10 s."""
    return _big_template(190_000)


def test_memory_limit_becomes_a_message(units_frame, near_the_limits):
    """A reader over its address-space limit (here a low one: the interpreter and the libraries
    take ~520 MiB of it, this parse needs ~250 MiB more) is refused with one message; near the
    limit the allocator may spin until the CPU limit instead, which is said as such."""
    res = sandbox.parse("big.xlsx", near_the_limits, units_frame, memory_limit=700 * sandbox.MiB, cpu_seconds=12)
    assert [p.code for p in res.problems] == ["read_unsafe"]
    msg = res.problems[0].message_en
    assert "of memory" in msg or "s of processing" in msg, msg


@pytest.mark.parametrize(("rc", "stderr", "en"), [
    (-6, b"memory allocation of 96000000000 bytes failed", "needs more than 1,536 MiB of memory"),
    (3, b"MemoryError: out of memory", "needs more than 1,536 MiB of memory"),
    (-24, b"", "more than 30 s of processing"),
    (-11, b"", "stopped abruptly (SIGSEGV)"),
    (4, b"KeyError: 'x'", "failed (exit code 4)"),
])
def test_each_way_a_child_dies_is_named(rc, stderr, en):
    vi, got = sandbox._cause(rc, stderr, sandbox.MEMORY_LIMIT, sandbox.CPU_SECONDS)
    assert en in got and vi


def test_cpu_limit_becomes_a_message(units_frame, near_the_limits):
    res = sandbox.parse("big.xlsx", near_the_limits, units_frame, cpu_seconds=1)
    assert [p.code for p in res.problems] == ["read_unsafe"]
    assert "1 s of processing" in res.problems[0].message_en


def test_wall_clock_limit_becomes_a_message(units_frame, near_the_limits):
    t = time.perf_counter()
    res = sandbox.parse("slow.xlsx", near_the_limits, units_frame, wall_seconds=0.3)
    assert time.perf_counter() - t < 3
    assert [p.code for p in res.problems] == ["read_unsafe"]
    assert "more than 0.3 s" in res.problems[0].message_en


def test_rows_near_the_limits_are_read_under_the_default_limits(units_frame, near_the_limits):
    res = sandbox.read("big.xlsx", near_the_limits, units_frame)
    assert res.n_rows_read == 190_000 and not res.fatal, [(p.code, p.message_en) for p in res.problems[:3]]


def test_a_valid_upload_comes_back_in_the_snapshot_shape(units_frame):
    data = shared_strings_xlsx(template_rows(4))
    res = sandbox.read("ok.xlsx", data, units_frame)
    assert not res.problems and res.n_rows_valid == 4
    assert dict(res.observations.schema) == dict(OBSERVATIONS)
    assert sorted(res.observations["unit_code"]) == ["02", "48", "74", "87"]
    assert res.sources.height == 1 and res.kind == "template"


def test_answers_of_another_shape_are_not_trusted():
    good = sandbox.encode(ImportResult(pl.DataFrame(schema=OBSERVATIONS), [], 0, 0, "f.csv", "template"))
    assert sandbox.decode(good).n_rows_read == 0
    with pytest.raises(ValueError):
        sandbox.decode(good[:-3])                                   # truncated
    wrong = pl.DataFrame({"unit_code": ["01"], "value": ["DROP TABLE"]})
    head, _, src = sandbox._unframe(good, 3)
    with pytest.raises(ValueError):
        sandbox.decode(sandbox._frame(head, sandbox._ipc(wrong), src))   # other columns


def test_uploads_wait_for_a_slot_and_say_so(units_frame, monkeypatch):
    """With every slot taken, the next upload calls on_wait, then is refused with server_busy
    when no slot frees in time; once one frees, it is parsed."""
    data = shared_strings_xlsx(template_rows(2))
    taken = [sandbox._slots.acquire(blocking=False) for _ in range(sandbox.PARALLEL)]
    assert all(taken)
    told = []
    try:
        res = sandbox.read("x.xlsx", data, units_frame, on_wait=lambda: told.append(1), queue_seconds=0.2)
    finally:
        for _ in taken:
            sandbox._slots.release()
    assert told == [1] and [p.code for p in res.problems] == ["server_busy"]
    res = sandbox.read("x.xlsx", data, units_frame, on_wait=lambda: told.append(2))
    assert told == [1] and res.n_rows_valid == 2

"""Parse an untrusted upload in a bounded child process; the server only receives rows.

Spreadsheet readers allocate without bounds (calamine reserved 96 GB for a 1.9 KB .xlsx
declaring four billion shared strings; the Rust allocator then aborted the whole server), and a
file that passes every limit can still take ~25× its size while it is parsed. So the parent
(the server) runs only the cheap container checks (`limits.inspect`: sizes, ratios, part and
shared-string counts), then hands the file to `python -m doisanh.ingest.worker`, which

- lowers its own limits before importing any reader: address space (MEMORY_LIMIT), CPU time
  (CPU_SECONDS), no file writes, no core dump, one thread per library;
- runs `doisanh.ingest.read_any` on the bytes it reads from stdin;
- writes back the result (`encode`): a JSON header (counts, problems, detected) and the valid
  observations and their sources as Arrow IPC, which the parent checks against
  doisanh.schema before it trusts them (`decode`).

The parent waits at most WALL_SECONDS. A crash, an abort, a limit or a time-out of the child
becomes one fatal problem `read_unsafe` naming the cause; the server, the other sessions and
the session's earlier imports are untouched. At most PARALLEL parses run at once in a process
(from the machine's cores); a further upload waits for a slot (the caller's `on_wait` is told,
to show a message) and is refused with `server_busy` after QUEUE_SECONDS.
"""
from __future__ import annotations

import io
import json
import os
import signal
import struct
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

import polars as pl

from doisanh.ingest import limits
from doisanh.ingest.problems import Problem, fatal
from doisanh.ingest.result import ImportResult, refused
from doisanh.schema import OBSERVATIONS, SOURCES

ROOT = Path(__file__).resolve().parents[2]
MiB = 1024 * 1024
# ~520 MiB of address space is taken by the interpreter and the libraries (polars, fastexcel,
# pyarrow map their code); the rest is what a parse may use: a template of 190,000 rows (the
# limit is 200,000) peaked at 806 MB resident (benchmarks/uploads.py).
MEMORY_LIMIT = 1536 * MiB
CPU_SECONDS = 30
WALL_SECONDS = 45
QUEUE_SECONDS = 120
PARALLEL = max(1, (os.cpu_count() or 2) - 1)
_slots = threading.BoundedSemaphore(PARALLEL)

_CHILD_ENV = {"POLARS_MAX_THREADS": "1", "RAYON_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
              "OMP_NUM_THREADS": "1", "MALLOC_ARENA_MAX": "2", "PYTHONDONTWRITEBYTECODE": "1"}


# ------------------------------------------------------------------------------ the wire format

def _frame(*parts: bytes) -> bytes:
    return b"".join(struct.pack("<Q", len(p)) + p for p in parts)


def _unframe(data: bytes, n: int) -> list[bytes]:
    out, pos = [], 0
    for _ in range(n):
        if pos + 8 > len(data):
            raise ValueError("truncated message")
        k = struct.unpack_from("<Q", data, pos)[0]
        pos += 8
        if pos + k > len(data):
            raise ValueError("truncated message")
        out.append(data[pos:pos + k])
        pos += k
    if pos != len(data):
        raise ValueError("trailing bytes")
    return out


def _ipc(df: pl.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.write_ipc(buf, compression="uncompressed")
    return buf.getvalue()


def _read_ipc(data: bytes, schema: dict) -> pl.DataFrame:
    df = pl.read_ipc(io.BytesIO(data))
    if dict(df.schema) != dict(schema):
        raise ValueError(f"unexpected columns {dict(df.schema)}")
    return df


def encode_request(name: str, data: bytes, units: pl.DataFrame, kind: str | None, year: int | None) -> bytes:
    head = json.dumps({"name": name, "kind": kind, "year": year}).encode("utf-8")
    return _frame(head, _ipc(units), data)


def decode_request(raw: bytes) -> tuple[str, bytes, pl.DataFrame, str | None, int | None]:
    head, units, data = _unframe(raw, 3)
    h = json.loads(head)
    return h["name"], data, pl.read_ipc(io.BytesIO(units)), h["kind"], h["year"]


def encode(res: ImportResult) -> bytes:
    head = {"n_rows_read": res.n_rows_read, "n_rows_valid": res.n_rows_valid, "file": res.file,
            "kind": res.kind, "detected": res.detected, "problems": [asdict(p) for p in res.problems]}
    return _frame(json.dumps(head, default=str).encode("utf-8"), _ipc(res.observations), _ipc(res.sources))


def decode(raw: bytes) -> ImportResult:
    """The child's answer, checked: counts are integers, problems are Problems, the frames have
    exactly the snapshot's columns and types. Raises ValueError otherwise."""
    head_b, obs_b, src_b = _unframe(raw, 3)
    head = json.loads(head_b)
    if not isinstance(head, dict):
        raise ValueError("header is not an object")
    n_read, n_valid = head.get("n_rows_read"), head.get("n_rows_valid")
    if not (isinstance(n_read, int) and isinstance(n_valid, int) and 0 <= n_valid <= max(n_read, n_valid)):
        raise ValueError("bad row counts")
    problems = [Problem(**p) for p in head.get("problems", [])]
    detected = head.get("detected") or {}
    if not isinstance(detected, dict):
        raise ValueError("bad 'detected'")
    return ImportResult(_read_ipc(obs_b, OBSERVATIONS), problems, n_read, n_valid, str(head.get("file", "")),
                        str(head.get("kind", "")), _read_ipc(src_b, SOURCES), detected)


# ------------------------------------------------------------------------------ the parent

def _mib(n: int) -> str:
    return f"{n / MiB:,.0f} MiB"


def _unsafe(name: str, kind: str, why_vi: str, why_en: str) -> ImportResult:
    return refused(name, kind, [fatal(
        name, "read_unsafe",
        f"Không đọc được tệp này một cách an toàn: {why_vi}. Không có gì được nhập; số liệu đã nạp "
        "trước đó vẫn giữ nguyên. Hãy lưu lại tệp từ Excel (chỉ giữ trang tính cần nhập) rồi tải lên lại.",
        f"This file could not be read safely: {why_en}. Nothing was imported; the figures already "
        "loaded are kept. Save the file again from Excel (keep only the sheet to import) and upload it again.")])


def _cause(rc: int, stderr: bytes, mem: int, cpu: int) -> tuple[str, str]:
    tail = stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
    last = tail[0][:200]
    if rc == -signal.SIGXCPU:
        return (f"việc đọc cần hơn {cpu} giây xử lý", f"reading it needs more than {cpu} s of processing")
    if rc in (-signal.SIGABRT, 3) or "memory allocation" in last or "MemoryError" in last:
        return (f"trình đọc bảng tính cần hơn {_mib(mem)} bộ nhớ", f"the spreadsheet reader needs more than "
                f"{_mib(mem)} of memory")
    if rc < 0:
        name = signal.Signals(-rc).name if -rc in signal.Signals._value2member_map_ else str(-rc)
        return (f"trình đọc bị dừng đột ngột ({name})", f"the reader stopped abruptly ({name})")
    return (f"trình đọc báo lỗi (mã {rc})", f"the reader failed (exit code {rc})")


def parse(name: str, data: bytes, units: pl.DataFrame, *, kind: str | None = None, year: int | None = None,
          memory_limit: int = MEMORY_LIMIT, cpu_seconds: int = CPU_SECONDS,
          wall_seconds: float = WALL_SECONDS) -> ImportResult:
    """`read_any` in a bounded child process (no precheck here, no slot: see `read`)."""
    request = encode_request(name, bytes(data), units, kind, year)
    env = {**os.environ, **_CHILD_ENV, "PYTHONPATH": str(ROOT),
           "DOISANH_SANDBOX_LIMITS": f"{memory_limit},{cpu_seconds}"}
    kind_ = kind or "template"
    try:
        proc = subprocess.run([sys.executable, "-m", "doisanh.ingest.worker"], input=request,
                              capture_output=True, env=env, cwd=ROOT, timeout=wall_seconds, check=False)
    except subprocess.TimeoutExpired:
        return _unsafe(name, kind_, f"quá {wall_seconds:g} giây", f"it took more than {wall_seconds:g} s")
    except OSError as e:
        return _unsafe(name, kind_, f"không khởi động được trình đọc ({type(e).__name__})",
                       f"the reader could not be started ({type(e).__name__})")
    if proc.returncode != 0:
        vi, en = _cause(proc.returncode, proc.stderr, memory_limit, cpu_seconds)
        return _unsafe(name, kind_, vi, en)
    try:
        return decode(proc.stdout)
    except (ValueError, TypeError, KeyError, pl.exceptions.PolarsError, OSError) as e:
        return _unsafe(name, kind_, "câu trả lời của trình đọc không hợp lệ",
                       f"the reader's answer was invalid ({type(e).__name__})")


def read(name: str, data: bytes, units: pl.DataFrame, *, kind: str | None = None, year: int | None = None,
         on_wait: Callable[[], None] | None = None, queue_seconds: float = QUEUE_SECONDS,
         **bounds) -> ImportResult:
    """What the upload page and the command line call: the container checks here, then the
    parse in a child process once a slot is free (`on_wait()` is called first if none is)."""
    ins = limits.inspect(name, data)
    if ins.fatal:
        return refused(name, kind or "template", ins.problems)
    if not _slots.acquire(blocking=False):
        if on_wait is not None:
            on_wait()
        if not _slots.acquire(timeout=queue_seconds):
            return refused(name, kind or "template", [fatal(
                name, "server_busy",
                f"Máy chủ đang đọc các tệp khác và chưa có chỗ sau {queue_seconds:g} giây; hãy thử lại sau ít phút.",
                f"The server is busy reading other files and had no free slot after {queue_seconds:g} s; "
                "try again in a few minutes.")])
    try:
        return parse(name, data, units, kind=kind, year=year, **bounds)
    finally:
        _slots.release()

"""The child process of doisanh.ingest.sandbox: limits first, then the readers.

    python -m doisanh.ingest.worker  < request  > answer

The limits are set before any reader is imported, so nothing the readers do can exceed them:
address space and CPU seconds from DOISANH_SANDBOX_LIMITS ("bytes,seconds"), no file may be
written (RLIMIT_FSIZE 0), no core file. Exit codes: 0 answer written; 3 out of memory in
Python; 4 any other failure (its type on stderr). A Rust allocation failure aborts (SIGABRT),
a CPU overrun is SIGXCPU: the parent names each.
"""
from __future__ import annotations

import os
import resource
import sys


def _limit() -> None:
    mem, cpu = (int(x) for x in os.environ.get("DOISANH_SANDBOX_LIMITS", "1610612736,30").split(","))
    resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def main() -> int:
    _limit()
    try:
        raw = sys.stdin.buffer.read()
        from doisanh import catalog
        from doisanh.ingest import read_any, sandbox
        name, data, units, kind, year = sandbox.decode_request(raw)
        del raw
        res = read_any(name, data, units, kind=kind, cat=catalog.load(), year=year)
        sys.stdout.buffer.write(sandbox.encode(res))
        sys.stdout.buffer.flush()
    except MemoryError:
        print("MemoryError: out of memory", file=sys.stderr)
        return 3
    except Exception as e:
        print(f"{type(e).__name__}: {str(e)[:200]}", file=sys.stderr)
        return 4
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

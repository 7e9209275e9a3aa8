"""Warm a freshly started replica: open one session on the default page over the websocket, as a
browser tab would, and wait until the page has rendered.

    python scripts/warm.py [http://127.0.0.1:8501] [--timeout 120]

Exit 0 once a full page has rendered, 1 otherwise (the reason on stderr). Run it after start, or
as a startup/readiness probe, so that the snapshot is loaded (~1.5 s at commune scale) before
the first official opens a link — and so that nobody sees the "Page not found" dialog Streamlit
1.67 shows to the very first session of a server when it asks for a page other than the default
one (streamlit/streamlit#9992; the page underneath is right, the dialog is not). `/_stcore/health`
answers as soon as the server listens, which is before either has happened.
"""
from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.stclient import touch


def ws_url(base: str) -> str:
    base = base.rstrip("/")
    scheme, _, rest = base.partition("://")
    ws = {"http": "ws", "https": "wss"}.get(scheme, scheme)
    return f"{ws}://{rest}/_stcore/stream"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("url", nargs="?", default="http://127.0.0.1:8501")
    ap.add_argument("--timeout", type=float, default=120.0)
    args = ap.parse_args(argv)
    try:
        r = asyncio.run(touch(ws_url(args.url), timeout=args.timeout))
    except (OSError, TimeoutError) as e:
        print(f"warm: {args.url}: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    if not r.ok:
        print(f"warm: {args.url}: {r.status} {r.exceptions} {r.errors}", file=sys.stderr)
        return 1
    print(f"warm: {args.url}: first page rendered in {r.seconds:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())

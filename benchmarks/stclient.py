"""A small Streamlit client over the real websocket: what a browser tab does, without a browser.

Used by the benchmark (benchmarks/bench.py) and by the load tests (tests/test_load.py).

- `Server` starts `streamlit run <script>` on a free 127.0.0.1 port (loopback only), waits for
  /_stcore/health within a deadline and reads the process's memory from /proc.
- `Session` connects to ws://127.0.0.1:PORT/_stcore/stream, sends the BackMsg `rerun_script`
  with a ClientState (query string, page, the hashes of the messages it already holds) and
  reads ForwardMsgs until `script_finished`, as the frontend does
  (streamlit/web/server/starlette/starlette_websocket.py, streamlit/runtime/app_session.py).
  Like the browser it keeps the query string the app wrote (page_info_changed), the page it
  landed on (navigation) and a cache of cacheable messages, so a rerun is answered with
  references (ref_hash) for unchanged large elements, as for a real tab.

Every wait is bounded: a deadline per render, per connection and for the server start.
"""
from __future__ import annotations

import asyncio
import contextlib
import math
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState, ContextInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

ROOT = Path(__file__).resolve().parents[1]
_DONE = {ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
         ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _proc_status(pid: int, key: str) -> float:
    """A memory figure of /proc/<pid>/status (VmRSS, VmHWM) in MiB."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    raise KeyError(key)


class Server:
    """`streamlit run <script>` on 127.0.0.1 (context manager); output in `log_path`."""

    def __init__(self, script: str | Path, *, log_path: Path, env: dict[str, str] | None = None,
                 args: tuple[str, ...] = (), cwd: Path = ROOT):
        self.script, self.log_path, self.cwd = str(script), Path(log_path), cwd
        self.env = {**os.environ, **(env or {})}
        self.args = args
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.ws_url = f"ws://127.0.0.1:{self.port}/_stcore/stream"
        self.proc: subprocess.Popen | None = None
        self.started_at = 0.0

    def start(self, timeout: float = 60) -> float:
        """Start and wait for /_stcore/health; returns the seconds it took."""
        log = open(self.log_path, "w")  # noqa: SIM115 - the child keeps it; closed in stop()
        self._log = log
        self.started_at = time.perf_counter()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", self.script, "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--server.headless", "true",
             "--browser.gatherUsageStats", "false", *self.args],
            cwd=self.cwd, env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = self.started_at + timeout
        while time.perf_counter() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.proc.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(self.url + "/_stcore/health", timeout=1) as r:
                    if r.status == 200:
                        return time.perf_counter() - self.started_at
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"streamlit did not answer /_stcore/health within {timeout} s:\n{self.log()}")

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def rss_mib(self) -> float:
        return _proc_status(self.pid, "VmRSS")

    def peak_rss_mib(self) -> float:
        return _proc_status(self.pid, "VmHWM")

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-4000:]
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if getattr(self, "_log", None):
            self._log.close()

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


@dataclass
class Render:
    """What one script run sent: time, bytes (sum of ForwardMsg sizes), what it showed."""
    seconds: float
    bytes: int
    messages: int
    status: str
    exceptions: list[str] = field(default_factory=list)
    alerts: list[tuple[str, str]] = field(default_factory=list)   # (format name, body)
    texts: list[str] = field(default_factory=list)                # markdown, headings, code, text
    elements: dict[str, int] = field(default_factory=dict)        # element type -> count
    blocks: int = 0                                               # containers, columns, expanders…
    page_not_found: bool = False

    @property
    def errors(self) -> list[str]:
        return [body for kind, body in self.alerts if kind == "ERROR"]

    @property
    def ok(self) -> bool:
        return self.status == "FINISHED_SUCCESSFULLY" and not self.exceptions and not self.page_not_found


class Session:
    """One browser tab on one page. `await Session.open(ws_url)`, then `await s.render(...)`."""

    def __init__(self, ws, *, page: str = "", query: str = ""):
        self.ws = ws
        self.page_name = page            # url_path of the page ("" = default page)
        self.page_hash = ""              # what the server said we landed on
        self.query = query
        self.cache: dict[str, ForwardMsg] = {}   # the browser's message cache (hash -> msg)

    @classmethod
    async def open(cls, ws_url: str, *, page: str = "", query: str = "",
                   timeout: float = 10) -> Session:
        ws = await connect(ws_url, subprotocols=["streamlit"], max_size=None, compression=None,
                           open_timeout=timeout, ping_interval=None)
        return cls(ws, page=page, query=query)

    async def close(self) -> None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.ws.close(), 5)

    def _client_state(self) -> ClientState:
        cs = ClientState(query_string=self.query, page_script_hash=self.page_hash,
                         page_name="" if self.page_hash else self.page_name,
                         cached_message_hashes=sorted(self.cache))
        cs.context_info.CopyFrom(ContextInfo(timezone="Asia/Ho_Chi_Minh", timezone_offset=-420,
                                             locale="vi-VN", url="", is_embedded=False))
        cs.widget_states.SetInParent()   # no widget changed: the server keeps the session's values
        return cs

    async def render(self, *, page: str | None = None, query: str | None = None,
                     timeout: float = 60) -> Render:
        """Ask for a run (a rerun if one happened before) and read until it finishes."""
        if page is not None:
            self.page_name, self.page_hash = page, ""
        if query is not None:
            self.query = query
        msg = BackMsg()
        msg.rerun_script.CopyFrom(self._client_state())
        t0 = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        r = Render(0.0, 0, 0, "")
        deadline = t0 + timeout
        while True:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"no script_finished within {timeout} s")
            data = await asyncio.wait_for(self.ws.recv(), left)
            r.bytes += len(data)
            r.messages += 1
            fm = ForwardMsg()
            fm.ParseFromString(data)
            if self._read(fm, r):
                break
        r.seconds = time.perf_counter() - t0
        return r

    def _read(self, fm: ForwardMsg, r: Render) -> bool:
        kind = fm.WhichOneof("type")
        if kind == "ref_hash":
            cached = self.cache.get(fm.ref_hash)
            if cached is not None:
                self._element(cached, r)
        elif kind == "delta":
            if fm.metadata.cacheable and fm.hash:
                self.cache[fm.hash] = fm
            self._element(fm, r)
        elif kind == "page_info_changed":
            self.query = fm.page_info_changed.query_string
        elif kind == "navigation":
            self.page_hash = fm.navigation.page_script_hash
        elif kind == "page_not_found":
            r.page_not_found = True
        elif kind == "script_finished":
            r.status = ForwardMsg.ScriptFinishedStatus.Name(fm.script_finished)
            return fm.script_finished in _DONE
        return False

    @staticmethod
    def _element(fm: ForwardMsg, r: Render) -> None:
        if fm.delta.WhichOneof("type") == "add_block":
            r.blocks += 1
        if fm.delta.WhichOneof("type") != "new_element":
            return
        el = fm.delta.new_element
        kind = el.WhichOneof("type")
        r.elements[kind] = r.elements.get(kind, 0) + 1
        if kind == "exception":
            r.exceptions.append(f"{el.exception.type}: {el.exception.message}")
        elif kind == "alert":
            r.alerts.append((el.alert.Format.Name(el.alert.format), el.alert.body))
        elif kind in ("markdown", "heading", "text"):
            r.texts.append(getattr(el, kind).body)
        elif kind == "code":
            r.texts.append(el.code.code_text)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    s = sorted(values)
    k = max(0, min(len(s) - 1, math.ceil(q / 100 * len(s)) - 1))
    return s[k]


# ------------------------------------------------------------------------------ load
@dataclass
class LoadResult:
    sessions: int
    succeeded: int
    first_render: list[float]
    reruns: list[float]
    failures: list[str]
    rerun_bytes: list[int]

    @property
    def success_rate(self) -> float:
        return self.succeeded / self.sessions if self.sessions else 0.0


async def _one_session(ws_url: str, page: str, query: str, until: float, think: float,
                       out: LoadResult, timeout: float) -> None:
    s = None
    try:
        s = await Session.open(ws_url, page=page, query=query, timeout=timeout)
        r = await s.render(timeout=timeout)
        if not r.ok:
            raise RuntimeError(f"first render: {r.status} {r.exceptions} {r.errors}")
        out.first_render.append(r.seconds)
        while time.perf_counter() < until:
            if think:
                await asyncio.sleep(think)
            r = await s.render(timeout=timeout)
            if not r.ok:
                raise RuntimeError(f"rerun: {r.status} {r.exceptions} {r.errors}")
            out.reruns.append(r.seconds)
            out.rerun_bytes.append(r.bytes)
        out.succeeded += 1
    except Exception as e:  # every failure is counted and reported, none stops the others
        out.failures.append(f"{page}?{query}: {type(e).__name__}: {e}")
    finally:
        if s is not None:
            await s.close()


async def load(ws_url: str, views: list[tuple[str, str]], *, sessions: int = 50, seconds: float = 10,
               think: float = 0.0, timeout: float = 60) -> LoadResult:
    """`sessions` tabs at once, tab i on views[i % len(views)] (page, query string): each opens
    its page, then reruns it until `seconds` have passed (waiting `think` s between reruns), then
    disconnects. Bounded: every render has a timeout, the whole run seconds + 2 * timeout."""
    out = LoadResult(sessions, 0, [], [], [], [])
    until = time.perf_counter() + seconds
    tasks = [_one_session(ws_url, *views[i % len(views)], until, think, out, timeout) for i in range(sessions)]
    await asyncio.wait_for(asyncio.gather(*tasks), seconds + 2 * timeout)
    return out


def read_heap(path: Path, *, newer_than: float, timeout: float = 10) -> dict:
    """The server's heap statistics (ui/data.py, DOISANH_TRACEMALLOC) written after `newer_than`."""
    import json
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            d = json.loads(Path(path).read_text())
            if d["time"] > newer_than:
                return d
        except (OSError, ValueError, KeyError):
            pass
        time.sleep(0.1)
    raise TimeoutError(f"no heap statistics in {path} after {newer_than}")


async def touch(ws_url: str, page: str = "", query: str = "", timeout: float = 60) -> Render:
    """Open a tab, render once, close it (a disconnect also makes Streamlit drop the sessions
    whose disconnected-session TTL has passed: its session store reaps on write)."""
    s = await Session.open(ws_url, page=page, query=query, timeout=timeout)
    try:
        return await s.render(timeout=timeout)
    finally:
        await s.close()

"""ui/net.py: with the patch, asyncio sets TCP_NODELAY on connections accepted by a listener
created with protocol 0, as Streamlit 1.67 creates it (without, Nagle's algorithm delays the
last messages of every run by ~40 ms: benchmarks/bench.py measures both)."""
from __future__ import annotations

import asyncio
import socket
import threading

from ui import net


async def _accepted_nodelay() -> int:
    listener = socket.socket(socket.AF_INET)            # protocol 0, like Streamlit's
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    got: asyncio.Future[int] = asyncio.get_running_loop().create_future()

    async def handle(reader, writer):
        got.set_result(writer.get_extra_info("socket").getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        writer.close()

    server = await asyncio.start_server(handle, sock=listener)
    _, writer = await asyncio.open_connection(*listener.getsockname())
    try:
        return await asyncio.wait_for(got, 10)
    finally:
        writer.close()
        server.close()


def _run(coro) -> int:
    """asyncio.run on a thread of its own (browser tests leave a loop on the main thread)."""
    out: list[int] = []
    t = threading.Thread(target=lambda: out.append(asyncio.run(coro)))
    t.start()
    t.join(30)
    return out[0]


def test_accepted_connections_get_tcp_nodelay():
    assert net.tcp_nodelay()
    assert net.tcp_nodelay()                              # idempotent
    assert _run(_accepted_nodelay()) != 0

"""A TCP proxy on loopback that delays every request by a fixed time: a loopback S3 server
with the round trip of a real one (tens of milliseconds), for the catalogue benchmark."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Iterator
from urllib.parse import urlsplit


async def _pump(reader, writer, delay: float) -> None:
    try:
        while data := await reader.read(65536):
            if delay:
                await asyncio.sleep(delay)  # each request (one read on a kept-alive link)
            writer.write(data)
            await writer.drain()
    except ConnectionError:
        pass
    finally:
        writer.close()


@contextlib.contextmanager
def delayed(endpoint: str, milliseconds: float) -> Iterator[str]:
    """``endpoint`` (http://127.0.0.1:PORT) behind a proxy adding ``milliseconds`` to each
    request; yields the proxy's endpoint."""
    target = urlsplit(endpoint)
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    found: dict = {}

    async def handle(client_reader, client_writer) -> None:
        found["tasks"].add(asyncio.current_task())
        try:
            up_reader, up_writer = await asyncio.open_connection(target.hostname, target.port)
        except OSError:
            client_writer.close()
            return
        with contextlib.suppress(asyncio.CancelledError):  # stopped with the proxy
            await asyncio.gather(
                _pump(client_reader, up_writer, milliseconds / 1000),
                _pump(up_reader, client_writer, 0),
            )

    async def start() -> None:
        found["tasks"] = set()
        server = await asyncio.start_server(handle, "127.0.0.1", 0)
        found["server"] = server
        found["port"] = server.sockets[0].getsockname()[1]
        ready.set()

    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    asyncio.run_coroutine_threadsafe(start(), loop)
    ready.wait(10)
    try:
        yield f"http://127.0.0.1:{found['port']}"
    finally:
        asyncio.run_coroutine_threadsafe(_stop(found), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)


async def _stop(found: dict) -> None:
    found["server"].close()
    tasks = [t for t in found["tasks"] if not t.done()]
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)

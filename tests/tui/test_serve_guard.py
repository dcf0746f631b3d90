"""The lock on `serve`'s door, over real sockets on loopback: token, Origin, Host, seats.

A stand-in for the dashboard (a few lines of Python speaking textual-serve's framing) keeps
these fast; each start appends a line to a file, so "no dashboard started" is counted, not
assumed. Every exchange is bounded by `asyncio.wait_for`.
"""

from __future__ import annotations

import asyncio
import shlex
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from tui.serve.guard import GuardedServer

TOKEN = "test-token-123"

# Says it is ready (textual-serve's prelude and one data packet), then waits for anything
# on stdin (the quit message) or 30 s, whichever comes first.
FAKE_DASHBOARD = """
import sys, select
open(sys.argv[1], "a").write("started\\n")
out = sys.stdout.buffer
out.write(b"__GANGLION__\\n" + b"D" + (5).to_bytes(4, "big") + b"ready")
out.flush()
select.select([sys.stdin], [], [], 30)
"""


def fake_server(tmp_path: Path, max_sessions: int = 4) -> GuardedServer:
    script = tmp_path / "fake_dashboard.py"
    script.write_text(FAKE_DASHBOARD)
    command = shlex.join([sys.executable, str(script), str(tmp_path / "starts.txt")])
    return GuardedServer(
        command, host="127.0.0.1", port=0, title="t", max_sessions=max_sessions, token=TOKEN
    )


def starts(tmp_path: Path) -> int:
    marker = tmp_path / "starts.txt"
    return len(marker.read_text().splitlines()) if marker.exists() else 0


@asynccontextmanager
async def serving(server: GuardedServer) -> AsyncIterator[str]:
    runner = web.AppRunner(await server._make_app())
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"127.0.0.1:{runner.addresses[0][1]}"
    finally:
        await seats_free(server)
        await runner.cleanup()
        await asyncio.sleep(0.2)  # let the ended processes' pipes close on this loop


async def seats_free(server: GuardedServer, below: int = 1) -> None:
    """Wait (at most 10 s) until fewer than `below` dashboards are running."""
    for _ in range(100):
        if server.sessions < below:
            return
        await asyncio.sleep(0.1)


def bounded(test: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(asyncio.wait_for(test(), timeout=30))


async def refused_ws(session: aiohttp.ClientSession, url: str, origin: str | None = None) -> int:
    """The HTTP status a websocket handshake was refused with (0 if it was accepted)."""
    try:
        async with session.ws_connect(url, origin=origin):
            return 0
    except aiohttp.WSServerHandshakeError as error:
        return error.status


async def first_data(ws: aiohttp.ClientWebSocketResponse) -> bytes:
    while True:
        msg = await ws.receive(timeout=10)
        if msg.type == aiohttp.WSMsgType.BINARY:
            return bytes(msg.data)
        assert msg.type == aiohttp.WSMsgType.TEXT, msg


def test_the_page_needs_the_token(tmp_path):
    async def check() -> None:
        async with serving(fake_server(tmp_path)) as host, aiohttp.ClientSession() as session:
            for query in ("", "?token=", "?token=wrong", "?token=test-token-12"):
                async with session.get(f"http://{host}/{query}") as response:
                    assert response.status == 403
                    assert "token" in await response.text()
            async with session.get(f"http://{host}/?token={TOKEN}") as response:
                assert response.status == 200
                page = await response.text()
                assert f"ws://{host}/ws/{TOKEN}" in page
                assert response.headers["Referrer-Policy"] == "no-referrer"

    bounded(check)
    assert starts(tmp_path) == 0


def test_a_websocket_without_the_token_starts_no_dashboard(tmp_path):
    async def check() -> None:
        async with serving(fake_server(tmp_path)) as host, aiohttp.ClientSession() as session:
            assert await refused_ws(session, f"ws://{host}/ws?width=80&height=24") == 403
            assert await refused_ws(session, f"ws://{host}/ws/wrong?width=80") == 403

    bounded(check)
    assert starts(tmp_path) == 0


def test_a_websocket_from_another_site_is_refused(tmp_path):
    async def check() -> None:
        async with serving(fake_server(tmp_path)) as host, aiohttp.ClientSession() as session:
            url = f"ws://{host}/ws/{TOKEN}?width=80&height=24"
            for origin in ("http://evil.example", f"http://evil.example:{host[-5:]}", "null"):
                assert await refused_ws(session, url, origin=origin) == 403
            assert starts(tmp_path) == 0
            async with session.ws_connect(url, origin=f"http://{host}") as ws:
                assert b"ready" in await first_data(ws)

    bounded(check)
    assert starts(tmp_path) == 1


def test_a_loopback_server_answers_only_loopback_names(tmp_path):
    """A page on another name resolving here (DNS rebinding) gets nothing, token or not."""

    async def check() -> None:
        async with serving(fake_server(tmp_path)) as host, aiohttp.ClientSession() as session:
            port = host.split(":")[1]
            headers = {"Host": f"rebound.example:{port}"}
            async with session.get(f"http://{host}/?token={TOKEN}", headers=headers) as response:
                assert response.status == 403
            localhost = {"Host": f"localhost:{port}"}
            async with session.get(f"http://{host}/?token={TOKEN}", headers=localhost) as response:
                assert response.status == 200
                assert f"ws://localhost:{port}/ws/{TOKEN}" in await response.text()

    bounded(check)


def test_the_session_cap_holds(tmp_path):
    async def check() -> None:
        server = fake_server(tmp_path, max_sessions=2)
        async with serving(server) as host, aiohttp.ClientSession() as session:
            url = f"ws://{host}/ws/{TOKEN}?width=80&height=24"
            first = await session.ws_connect(url)
            second = await session.ws_connect(url)
            for ws in (first, second):
                assert b"ready" in await first_data(ws)
            assert await refused_ws(session, url) == 503
            async with session.get(f"http://{host}/?token={TOKEN}") as response:
                assert response.status == 503
                assert "All 2 seats are taken" in await response.text()
            assert starts(tmp_path) == 2
            await first.close()
            await seats_free(server, below=2)  # a seat frees once its process has ended
            async with session.ws_connect(url) as third:
                assert b"ready" in await first_data(third)
            await second.close()

    bounded(check)
    assert starts(tmp_path) == 3


@pytest.mark.parametrize(
    "seats, text", [(1, "The only seat is taken"), (3, "All 3 seats are taken")]
)
def test_the_seats_page_counts(seats, text):
    server = GuardedServer("true", host="127.0.0.1", port=0, title="t", max_sessions=seats)
    assert server.token and len(server.token) >= 32
    body = str(server.seats_taken().text)
    assert text in body


def test_ctrl_c_is_remembered_and_requests_carry_no_log_line(tmp_path):
    """Ctrl+C ended `serve` with status 0 (textual-serve exits quietly), and every request
    was logged with its URL, token included (trial)."""
    import logging

    from aiohttp.web_runner import GracefulExit

    server = fake_server(tmp_path)
    server.initialize_logging()
    assert not logging.getLogger("aiohttp.access").isEnabledFor(logging.INFO)
    assert not server.interrupted
    with pytest.raises(GracefulExit):
        server.request_exit()
    assert server.interrupted

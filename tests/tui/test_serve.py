"""`surgedesk serve`: the dashboard in a browser, checked over a real websocket on loopback."""

from __future__ import annotations

import asyncio
import re
import select
import socket
import subprocess
import sys
import time

import aiohttp
import pytest


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(port: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listening on {port}")


def printed_link(server: subprocess.Popen[bytes], seconds: float) -> str:
    """The link `serve` prints (with its token), read within `seconds`."""
    assert server.stdout is not None
    ready, _, _ = select.select([server.stdout], [], [], seconds)
    assert ready, "serve printed no link"
    found = re.search(rb"http://\S+/\?token=\S+", server.stdout.readline())
    assert found
    return found.group().decode()


async def screen_text(port: int, token: str, seconds: float) -> str:
    """What a browser would be sent in its first seconds: the dashboard's terminal output."""
    seen = ""
    url = f"ws://127.0.0.1:{port}/ws/{token}?width=120&height=40"
    async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
        deadline = time.monotonic() + seconds
        while "Queue over time" not in seen and time.monotonic() < deadline:
            try:
                msg = await ws.receive(timeout=1)
            except TimeoutError:
                continue
            if msg.type == aiohttp.WSMsgType.BINARY:
                seen += msg.data.decode("utf-8", "replace")
            elif msg.type == aiohttp.WSMsgType.TEXT:
                seen += msg.data
            elif msg.type in (aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.ERROR):
                break
        await ws.send_json(["stdin", "q"])
    return seen


@pytest.mark.slow
def test_serve_streams_the_dashboard_to_a_browser():
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "tui", "serve", "recall", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        link = printed_link(server, 20)
        token = link.split("token=")[1]
        wait_for(port, 20)
        page = asyncio.run(_get(link))
        assert "textual.js" in page
        assert f"/ws/{token}" in page
        text = asyncio.run(screen_text(port, token, 30))
        assert "Queue over time" in text
        assert "Washing machine recall" in text
    finally:
        server.terminate()
        server.wait(timeout=10)


async def _get(url: str) -> str:
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        assert response.status == 200
        return await response.text()


def test_serve_refuses_a_bad_scenario(capsys):
    from tui.cli import main

    assert main(["serve", "no-such-scenario"]) == 2
    assert "no such file or bundled scenario" in capsys.readouterr().err


def test_serve_says_a_port_is_busy(capsys):
    from tui.cli import main

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert f"port {port} on 127.0.0.1 is already in use" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--host", "0.0.0.0"], "add --public if that is what you mean"),
        (["--host", "no-such-host.invalid"], "unknown host 'no-such-host.invalid'"),
        (["--host", ""], "expected an address"),
        (["--port", "0"], "expected 1 to 65535"),
        (["--max-sessions", "0"], "expected 1 or more"),
    ],
)
def test_serve_refuses_an_address_in_one_line(capsys, argv, message):
    from tui.cli import main

    assert main(["serve", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_serve_on_loopback_needs_no_flag():
    from tui.serve.address import is_loopback, is_loopback_name, resolve

    assert is_loopback(resolve("127.0.0.1", 8000))
    assert is_loopback(resolve("localhost", 8000))
    assert not is_loopback(resolve("0.0.0.0", 8000))
    assert is_loopback_name("[::1]") and is_loopback_name("LOCALHOST")
    assert not is_loopback_name("example.com")

"""`surgedesk serve`: the dashboard in a browser, checked over a real websocket on loopback."""

from __future__ import annotations

import asyncio
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


async def screen_text(port: int, seconds: float) -> str:
    """What a browser would be sent in its first seconds: the dashboard's terminal output."""
    seen = ""
    url = f"ws://127.0.0.1:{port}/ws?width=120&height=40"
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
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for(port, 20)
        page = asyncio.run(_get(f"http://127.0.0.1:{port}/"))
        assert "textual.js" in page
        text = asyncio.run(screen_text(port, 30))
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

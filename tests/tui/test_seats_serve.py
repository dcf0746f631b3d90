"""`serve --drill`: one hosted drill, an observer in a browser, a player and the controller
joining the same drill as terminals do, over real sockets on loopback."""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
import time

import aiohttp
import pytest

from sim.model import actions as act
from sim.session.remote import RemoteSession
from tests.tui.test_serve import free_port, wait_for
from tui.cli import main


def printed(server: subprocess.Popen[bytes], seconds: float) -> str:
    """What `serve --drill` prints before it serves: the links and the join lines."""
    assert server.stdout is not None
    text, deadline = "", time.monotonic() + seconds
    while "Ctrl+C stops" not in text and time.monotonic() < deadline:
        text += server.stdout.readline().decode()
    assert "Ctrl+C stops" in text, text
    return text


class Browser:
    """What a browser is sent over the dashboard's websocket, accumulated."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.seen = ""

    async def until(self, text: str, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        while text not in self.seen and time.monotonic() < deadline:
            try:
                msg = await self.ws.receive(timeout=0.5)
            except TimeoutError:
                continue
            if msg.type == aiohttp.WSMsgType.BINARY:
                self.seen += msg.data.decode("utf-8", "replace")
            elif msg.type == aiohttp.WSMsgType.TEXT:
                self.seen += msg.data
            else:
                break
        return text in self.seen


async def three_seats(port: int, text: str) -> tuple[str, dict[str, str]]:
    """Observer in a browser, player and controller as terminal seats; the join address."""
    tokens = dict(re.findall(r"(\w+):\s+http://\S+\?token=(\w+)", text))
    found = re.search(r"join (127\.0\.0\.1):(\d+)", text)
    assert found and set(tokens) == {"player", "controller", "observer"}
    host, seat_port = found.group(1), int(found.group(2))
    async with aiohttp.ClientSession() as http:
        async with http.get(f"http://127.0.0.1:{port}/?token=wrong") as page:
            assert page.status == 403
        url = f"ws://127.0.0.1:{port}/ws/{tokens['observer']}?width=120&height=40"
        async with http.ws_connect(url) as ws:
            browser = Browser(ws)
            assert await browser.until("Briefing", 30)
            await ws.send_json(["stdin", "\r"])
            player = await RemoteSession.connect(host, seat_port, tokens["player"], "player")
            control = await RemoteSession.connect(
                host, seat_port, tokens["controller"], "controller"
            )
            control.run.clock.paused = False  # the controller starts the drill
            await asyncio.sleep(0.5)
            began = time.monotonic()
            player.send(act.AddAgents("care", 1))
            assert await browser.until("+1 care agent", 10)  # on the observer's page
            print(f"player's action on the observer's page after {time.monotonic() - began:.3f}s")
            control.fire("newsflash")
            assert await browser.until("from the controller", 10)  # the inject, in the browser
            await ws.send_json(["stdin", "q"])
            await player.close()
            await control.close()
    return f"{host}:{seat_port}", tokens


@pytest.mark.slow
def test_a_drill_served_to_a_browser_and_joined_from_terminals(tmp_path, capsys):
    port = free_port()
    db = str(tmp_path / "runs.sqlite3")
    command = ["serve", "--drill", "recall-evening", "--port", str(port), "--db", db]
    server = subprocess.Popen(
        [sys.executable, "-m", "tui", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        text = printed(server, 30)
        wait_for(port, 20)
        address, tokens = asyncio.run(three_seats(port, text))
        # The printed join line with another role's token is refused: exit status 2.
        assert main(["join", address, "--token", tokens["player"], "--as", "controller"]) == 2
        assert "wrong join token for a controller seat" in capsys.readouterr().err
    finally:
        server.terminate()
        server.wait(20)

"""Three seats on screen at one hosted drill: the same dashboard, each with its role's keys.

The host and the three seat apps share one event loop and talk over loopback; the host's
clock is driven by the test and each app redraws when told (`live=False`), so the screens
are the same every time.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

import pytest

from sim.exercise.build import build
from sim.exercise.loading import load_drill, resolve_drill
from sim.session import wire
from sim.session.clock import DRILL_SPEED
from sim.session.drill import DrillSession
from sim.session.host import Host
from sim.session.remote import RemoteSession
from tests.tui.pilot import SIZE, event_log, on_dashboard, run_async, status_of
from tui.app import DashboardApp
from tui.cli import main
from tui.screens.briefing import BriefingScreen
from tui.screens.controller import ControllerScreen
from tui.screens.hotwash import HotwashScreen
from tui.screens.inject import InjectScreen
from tui.screens.note import NoteScreen


async def until(check: Callable[[], object], seconds: float = 3.0) -> None:
    start = time.perf_counter()
    while not check():
        assert time.perf_counter() - start < seconds, "not within the time allowed"
        await asyncio.sleep(0.005)


async def seat_app(host: Host, port: int, role: wire.Role) -> DashboardApp:
    session = await RemoteSession.connect("127.0.0.1", port, host.tokens[role], role)
    return DashboardApp(session, live=False, brief=True)


def remote(app: DashboardApp) -> RemoteSession:
    assert isinstance(app.session, RemoteSession)
    return app.session


@run_async
async def test_three_seats_play_one_drill_each_with_its_own_keys():
    built = build(load_drill(resolve_drill("recall-evening")))
    host = Host(DrillSession.start(built))
    port = await host.listen()
    player = await seat_app(host, port, "player")
    controller = await seat_app(host, port, "controller")
    observer = await seat_app(host, port, "observer")
    try:
        async with (
            player.run_test(size=SIZE) as p,
            controller.run_test(size=SIZE) as c,
            observer.run_test(size=SIZE) as o,
        ):
            for app, pilot in ((player, p), (controller, c), (observer, o)):
                await pilot.pause()
                assert isinstance(app.screen, BriefingScreen)
                # Only the controller's Enter starts the clock; the others' hint says so.
                assert app.screen.starts == (app is controller)
                await pilot.press("enter")
            await until(lambda: not host.session.run.clock.paused)  # the controller started it
            assert host.session.run.clock.holds == 0

            host.advance(60)  # the host's clock: 09:00 on every seat
            await until(lambda: remote(observer).run.view().now == 60)
            for app in (player, controller, observer):
                app.refresh_view()
                await asyncio.sleep(0)
            assert all("Day 1 09:00" in status_of(a) for a in (player, controller, observer))

            await p.press("a")  # the player adds an agent: one action, on every screen
            await until(lambda: host.session.team_actions)
            await until(lambda: "+1 care agent" in str(remote(observer).run.view().log))
            observer.refresh_view()
            controller.refresh_view()
            await o.pause()
            await c.pause()
            assert "+1 care agent" in event_log(observer)
            assert "+1 care agent" in event_log(controller)

            await o.press("h", "space", "plus", "c", "o")  # an observer cannot act or steer
            await o.pause()
            assert on_dashboard(observer) and len(host.session.team_actions) == 1
            assert host.session.run.clock.speed_index == DRILL_SPEED  # as it started
            await p.press("space", "o", "c")  # nor a player steer, score or control
            assert on_dashboard(player) and not host.session.run.clock.paused

            await o.press("e")  # an observer's note
            assert isinstance(observer.screen, NoteScreen)
            await o.press(*"slow start", "enter")
            await until(lambda: host.session.notes)
            assert host.session.notes[0].text == "slow start"

            await c.press("c")  # the controller fires the newsflash now
            assert isinstance(controller.screen, ControllerScreen)
            await c.press("down", "enter")
            await until(lambda: remote(player).injects)
            player.refresh_view()
            await p.pause()
            assert isinstance(player.screen, InjectScreen)
            assert player.screen.fired.id == "newsflash"
            newsflash = player.screen.fired.title
            assert "(from the controller)" in str(player.screen.query_one("#inject-head").render())
            await until(lambda: host.session.run.clock.holds >= 1)
            assert not host.session.run.clock.running  # the room reads it first
            await p.press("enter")
            await until(lambda: remote(observer).injects)
            observer.refresh_view()
            await o.pause()
            assert on_dashboard(observer)  # nothing to answer with: a notice, not a dialog
            told = [n.title for n in observer._notifications]
            assert any(title.endswith(newsflash) for title in told), told

            host.advance(host.session.engine.duration)  # to the end: the hotwash for all
            await until(lambda: remote(player).ended is not None)
            player.refresh_view()
            for _ in range(4):
                await p.pause()
            while isinstance(player.screen, InjectScreen):  # the injects that fell due
                await p.press("enter")
                await p.pause()
            assert isinstance(player.screen, HotwashScreen)
            assert player.screen.final
            assert (
                player.screen.report
                == "the drill was not recorded, so there is no after-action report"
            )
    finally:
        for app in (player, controller, observer):
            await remote(app).close()
        await host.close()


def test_hosting_and_joining_refuse_bad_input_in_one_line(capsys, tmp_path):
    db = ["--db", str(tmp_path / "runs.sqlite3")]
    assert main(["drill", "recall-evening", "--host", "--bind", "0.0.0.0", *db]) == 2
    assert "--bind 0.0.0.0 can be reached from other machines; add --public" in err(capsys)
    assert main(["drill", "recall-evening", "--port", "4000", *db]) == 2
    assert "--bind, --port and --public go with --host" in err(capsys)
    assert main(["drill", "recall-evening", "--host", "--headless", *db]) == 2
    assert main(["join", "127.0.0.1:1", "--token", "x"]) == 2
    assert "cannot reach a drill host at 127.0.0.1:1 (nothing listens there)" in err(capsys)
    assert main(["join", "somewhere", "--token", "x"]) == 2
    assert "expected HOST:PORT" in err(capsys)
    assert main(["join", "127.0.0.1:4000"]) == 2  # no token given, none in the environment
    assert "--token" in err(capsys)


def err(capsys: pytest.CaptureFixture[str]) -> str:
    return capsys.readouterr().err


def test_a_hosted_drill_left_early_is_marked_with_the_minute_it_was_left(tmp_path):
    """As a local drill is: its replay and report cover the minutes played, not the log."""
    import argparse

    from sim.store.runs import RunStore
    from tui.cli import hosting

    db = tmp_path / "runs.sqlite3"
    args = argparse.Namespace(seed=None, db=db, no_budget=False, max_mentions=None)
    with hosting.hosted_drill("recall-evening", args, pace=1.0) as hosted:
        hosted.session.engine.run_until(95.0)  # the seats played an hour and a half, then ^C
        lines = hosting.close_drill(hosted, None)
    incomplete = "(incomplete: the drill was stopped before its end)"
    assert lines[0] == f"drill recorded as run {hosted.run_id} {incomplete}"
    with RunStore(db, create=False) as store:
        stored = store.load(hosted.run_id)
    assert not stored.record.complete and stored.sim_until == 95.0

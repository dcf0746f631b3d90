"""One hosted drill, three seats over loopback: one clock, one log, one run in the store.

The host's clock is driven by the tests (`advance`), never by wall time, so each test sees
the same run; the seats are the real clients over a real socket on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import pytest

from sim.exercise.build import BuiltDrill
from sim.model import actions as act
from sim.present.results import summary_json
from sim.session import wire
from sim.session.drill import DrillSession
from sim.session.host import Host
from sim.session.recording import Recording
from sim.session.remote import RemoteSession, SeatRefused
from sim.store.player import replay_stored
from sim.store.runs import RunStore
from tests.tui.pilot import run_async


async def until(check: Callable[[], object], seconds: float = 2.0) -> float:
    """Wait (briefly, by polling) until `check()` is true; the wall seconds it took."""
    start = time.perf_counter()
    while not check():
        if time.perf_counter() - start > seconds:
            raise AssertionError("not within the time allowed")
        await asyncio.sleep(0.002)
    return time.perf_counter() - start


@asynccontextmanager
async def hosted(
    built: BuiltDrill, store: RunStore | None = None
) -> AsyncIterator[tuple[Host, int]]:
    recording = None if store is None else Recording.start_drill(store, built, built.seed)
    host = Host(DrillSession.start(built, recording))
    port = await host.listen()
    try:
        yield host, port
    finally:
        await host.close()


async def seat(host: Host, port: int, role: wire.Role) -> RemoteSession:
    return await RemoteSession.connect("127.0.0.1", port, host.tokens[role], role)


def lines(session: RemoteSession) -> list[str]:
    return [line.text for line in session.run.view().log]


@run_async
async def test_a_players_action_shows_on_every_seat_as_one_action_in_one_log(built):
    async with hosted(built) as (host, port):
        player = await seat(host, port, "player")
        controller = await seat(host, port, "controller")
        observer = await seat(host, port, "observer")
        assert host.census() == "1 player, 1 controller, 1 observer"
        host.advance(30)
        player.send(act.AddAgents("care", 2))
        took = await until(lambda: any("+2 care" in t for t in lines(observer)))
        await until(lambda: any("+2 care" in t for t in lines(controller)))
        assert took < 0.25
        assert [type(t.action) for t in host.session.team_actions] == [act.AddAgents]
        assert sum("+2 care" in t for t in lines(player)) == 1
        assert controller.run.engine.now == observer.run.engine.now == host.session.engine.now


@run_async
async def test_the_controllers_inject_appears_on_the_players_screen_and_holds_the_clock(built):
    async with hosted(built) as (host, port):
        player = await seat(host, port, "player")
        controller = await seat(host, port, "controller")
        observer = await seat(host, port, "observer")
        controller.fire("newsflash")
        await until(lambda: player.injects)
        shown = player.due()
        assert [(f.id, f.source) for f in shown] == [("newsflash", "controller")]
        # The seat's picker names where "the top topic" goes: the host's intent rule sends a
        # statement to the open inject's topic, not to the busiest one (a trial finding).
        await until(lambda: player.aimed(act.HoldingStatement()) is not None)
        assert player.aimed(act.HoldingStatement()) == "recall-refund"
        assert player.run.view().top_topic != "recall-refund"
        assert controller.aimed(act.HoldingStatement()) is None  # a controller cannot act
        await until(lambda: observer.injects)
        # Each player shows it as a dialog: the shared clock waits for them. The controller
        # and the observer show a notice, which nobody closes: they must not hold it.
        assert host.session.run.clock.holds == 1 and not host.session.run.clock.running
        player.run.clock.release()  # the player closed it
        await until(lambda: host.session.run.clock.holds == 0)
        observer.run.clock.hold()  # an observer's dialog never holds the drill
        await asyncio.sleep(0.02)
        assert host.session.run.clock.holds == 0


@run_async
async def test_only_the_controller_steers_the_clock_and_fires(built):
    async with hosted(built) as (host, port):
        player = await seat(host, port, "player")
        controller = await seat(host, port, "controller")
        clock = host.session.run.clock
        assert clock.paused  # a hosted drill waits for its controller
        assert controller.score() is not None and player.score() is None  # scores: controller's
        assert controller.controller_view().rows[0].inject.id == "legal-embargo"
        player.put(wire.ClockCommand(op="resume"))  # what a tampered seat might send
        player.put(wire.FireInject(inject_id="newsflash"))
        await until(lambda: len(player.messages) == 2)
        assert clock.paused and not host.session.fired
        assert "a player seat cannot do that" in player.notices()[0].text
        controller.run.clock.paused = False
        await until(lambda: not clock.paused)
        controller.run.clock.faster()
        await until(lambda: controller.run.clock.speed > 60)


@run_async
async def test_an_observer_cannot_act_but_writes_notes_players_do_not_see(built):
    async with hosted(built) as (host, port):
        player = await seat(host, port, "player")
        observer = await seat(host, port, "observer")
        assert not observer.send(act.HoldingStatement()).took_effect  # refused on the seat
        observer.put(
            wire.SendAction(action=wire.WireAction.of(act.HoldingStatement()))
        )  # and by the host
        await until(lambda: observer.messages)
        assert not host.session.team_actions
        observer.add_note("they froze for a minute")
        await until(lambda: any("froze" in t for t in lines(observer)))
        assert [n.text for n in host.session.notes] == ["they froze for a minute"]
        await asyncio.sleep(0.02)
        assert not any("froze" in t for t in lines(player))


@run_async
async def test_a_seat_without_the_token_is_refused(built):
    async with hosted(built) as (host, port):
        with pytest.raises(SeatRefused, match="wrong join token for a player seat"):
            await RemoteSession.connect("127.0.0.1", port, "guess", "player")
        player_token = host.tokens["player"]  # a player's token makes no controller
        with pytest.raises(SeatRefused, match="wrong join token for a controller seat"):
            await RemoteSession.connect("127.0.0.1", port, player_token, "controller")
        with pytest.raises(SeatRefused, match="cannot reach a drill host"):
            await RemoteSession.connect("127.0.0.1", 1, player_token, "player")
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(b'{"type": "hello", "token": "x"}\n')  # no role: not a seat
        answer = wire.from_host(await reader.readline())
        assert isinstance(answer, wire.Refused) and "not a surgedesk seat" in answer.reason
        writer.close()
        assert not host.seats


@run_async
async def test_the_host_binds_to_this_machine_only_unless_told(built):
    host = Host(DrillSession.start(built))
    await host.listen()
    try:
        assert host._server is not None
        assert {s.getsockname()[0] for s in host._server.sockets} == {"127.0.0.1"}
    finally:
        await host.close()


@run_async
async def test_the_hosted_drill_is_one_run_in_the_store_and_replays_identically(built, store):
    async with hosted(built, store) as (host, port):
        player = await seat(host, port, "player")
        controller = await seat(host, port, "controller")
        observer = await seat(host, port, "observer")
        host.advance(330)  # 13:30: the legal inject
        await until(lambda: player.injects)
        assert [f.id for f in player.due()] == ["legal-embargo"]
        player.send(act.HoldingStatement())
        await until(lambda: host.session.team_actions)
        controller.fire("evening-news")
        observer.add_note("statement out at once")
        await until(lambda: host.session.notes and host.session.fired[-1].id == "evening-news")
        host.advance(host.session.engine.duration)
        await until(lambda: all(s.ended for s in (player, controller, observer)))
        run_id = host.session.run_id
        assert run_id is not None
        assert [r.id for r in store.runs()] == [run_id]
        stored = store.load(run_id)
        assert stored.record.complete
        kinds = [e.type for e in stored.events]
        assert kinds.count("action") == 2 and kinds.count("note") == 1
        live = summary_json(host.session.engine)
        assert summary_json(replay_stored(store, run_id)) == live
        assert summary_json(player.run.recorded()) == live  # a seat's saved copy, too
        ending = player.end()
        assert ending.hotwash and json.loads(live) == ending.summary
        score = player.score()
        assert score is not None and score.overall == host.session.score().overall


@run_async
async def test_a_seat_says_so_when_the_host_is_gone(built):
    async with hosted(built) as (host, port):
        player = await seat(host, port, "player")
        host.advance(60)
        await host.close()
        await until(lambda: player.gone)
        (notice,) = player.notices()
        assert notice.severity == "error" and "the host has gone" in notice.text
        assert player.run.tick(0.1)  # the dashboard redraws to show it
        player.send(act.HoldingStatement())  # nothing to send to: quietly nothing

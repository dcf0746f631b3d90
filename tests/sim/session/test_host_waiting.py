"""A hosted drill is the players': with nobody seated to play it, its clock waits.

A trial found a served drill playing on to its end after every seat had left, its injects
"shown" to nobody and the run stored complete with a score. These tests drive the host's
own frames (`Host.frame`, the wall clock's path), not the tests' `advance`.
"""

from __future__ import annotations

import asyncio

from sim.session import wire
from sim.session.drill import DrillSession
from sim.session.host import WAITING, Host
from sim.session.recording import Recording
from sim.store.runs import RunStore
from tests.sim.session.test_host import hosted, seat, until
from tests.tui.pilot import run_async


def play(host: Host, seconds: float = 0.5) -> float:
    """A few of the host's frames, as its loop would play them; the minute it reached."""
    for _ in range(4):
        host.frame(seconds / 4)
    return host.session.engine.now


@run_async
async def test_the_clock_waits_for_a_player_before_the_first_and_after_the_last(built):
    said: list[str] = []
    async with hosted(built) as (host, port):
        host.say = said.append
        clock = host.session.run.clock
        assert clock.waiting == WAITING  # nobody seated yet
        controller = await seat(host, port, "controller")
        controller.run.clock.paused = False  # the controller closes the briefing
        await until(lambda: not clock.paused)
        assert play(host) == 0.0 and not clock.running
        assert said[-1] == (
            "the controller started the clock; no player is seated: the clock waits for players"
        )
        # Every seat says why the clock stands, as it says a hold.
        host.publish()
        await until(lambda: controller.frame.clock.waiting == WAITING)
        assert controller.run.clock.speed_label == "1 min/s, waiting for players"
        assert controller.controller_view().waiting == WAITING

        player = await seat(host, port, "player")
        assert said[-1] == (
            "player seat 2 joined (1 player, 1 controller, 0 observers); the clock plays on"
        )
        assert clock.waiting == "" and play(host) > 0.0

        await player.close()  # the player's tab closed by accident
        await until(lambda: clock.waiting == WAITING)
        assert said[-1] == (
            "player seat 2 left (0 players, 1 controller, 0 observers); "
            "no player is seated: the clock waits for players"
        )
        stood = host.session.engine.now
        assert play(host, 5.0) == stood  # at any pace: nothing plays for nobody

        again = await seat(host, port, "player")  # back: the drill goes on from there
        assert play(host) > stood
        assert again.run.clock.speed_label == "1 min/s"


@run_async
async def test_with_no_player_the_controller_cannot_step_or_fire_into_the_run(built):
    async with hosted(built) as (host, port):
        controller = await seat(host, port, "controller")
        observer = await seat(host, port, "observer")
        controller.run.step()
        controller.fire("newsflash")
        controller.surprise()
        await until(lambda: len(controller.messages) == 3)
        told = {n.text for n in controller.notices()}
        assert told == {
            "no player is seated: the clock waits for players, "
            "and nothing is stepped or fired until one joins"
        }
        assert host.session.engine.now == 0.0 and not host.session.fired
        assert not host.session.controller_actions
        # What the controller may still do alone: set the pace, and write notes.
        controller.run.clock.faster()
        controller.add_note("room not here yet")
        await until(lambda: host.session.notes)
        assert host.session.run.clock.speed_index == 3
        # An observer is not a player: the clock still waits.
        assert host.session.run.clock.waiting == WAITING and observer.frame.clock.waiting

        await seat(host, port, "player")
        controller.fire("newsflash")
        await until(lambda: host.session.fired)
        assert host.session.fired[0].id == "newsflash"


@run_async
async def test_after_the_end_a_seat_says_finished_with_no_hold_and_the_hosts_db(built, tmp_path):
    with RunStore(tmp_path / "host.sqlite3") as store:
        recording = Recording.start_drill(store, built, built.seed)
        host = Host(DrillSession.start(built, recording))
        port = await host.listen()
        try:
            player = await seat(host, port, "player")
            controller = await seat(host, port, "controller")
            assert player.report_command == (
                f"surgedesk report {recording.run_id} --db {tmp_path / 'host.sqlite3'}"
            )
            player.run.clock.hold()  # both have a dialog open at the end (the hotwash)
            controller.run.clock.hold()
            await until(lambda: host.session.run.clock.holds == 2)
            host.advance(host.session.engine.duration)
            await until(lambda: player.ended is not None and player.frame.clock.holds == 2)
            assert player.frame.snapshot.done
            assert player.run.clock.speed_label == controller.run.clock.speed_label == "1 min/s"
            await player.close()  # leaving after the end is no reason to wait
            await controller.close()
            await until(lambda: not host.seats)
            assert host.session.run.clock.waiting == ""
        finally:
            await host.close()


@run_async
async def test_a_seat_of_the_old_protocol_is_refused_in_one_line(built):
    async with hosted(built) as (host, port):
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        hello = wire.Hello(token=host.tokens["player"], role="player", protocol=1)
        writer.write(wire.encode(hello))
        answer = wire.from_host(await reader.readline())
        assert isinstance(answer, wire.Refused)
        assert answer.reason == f"this host speaks seat protocol {wire.PROTOCOL}, not 1"
        writer.close()
        assert wire.PROTOCOL == 2  # ClockState, ControlView and Welcome grew fields


def test_a_local_recording_names_its_store_only_when_it_is_not_the_default(built, store):
    recording = Recording.start_drill(store, built, built.seed)
    assert recording.report_command == f"surgedesk report 1 --db {store.path}"
    assert DrillSession.start(built).report_command is None  # not recorded: no report

"""A player's keys in a drill: no one-key surge into the scored run, and help holds no room.

A trial found a player's `s` firing a live surge into a hosted drill with one key (it
raised the run's spike alert, so the scripted crisis's alert was scored as never raised),
and a player's `?` holding the whole room's clock.
"""

from __future__ import annotations

import asyncio

from sim.session.drill import DRILL, DrillSession
from sim.session.host import CAPABILITIES, Host
from sim.session.run import Capabilities
from tests.tui.pilot import SIZE, on_dashboard, run_async
from tests.tui.test_seats import remote, seat_app, until
from tui.app import DashboardApp
from tui.keys import allowed, help_keys, refusal
from tui.screens.help import HelpScreen
from tui.screens.inject import InjectScreen

WHY = "s does nothing here: in a drill, surges are the controller's: c, then l"


def test_a_surge_is_a_key_of_the_live_dashboard_only():
    live = Capabilities()  # a live dashboard's (LiveSession's default)
    assert allowed("surge", live) and ("s", "trigger a surge: a shock on the top topic") in (
        help_keys(live)
    )
    for drill in (DRILL, CAPABILITIES["player"], CAPABILITIES["controller"]):
        assert not allowed("surge", drill)
        assert "s" not in [keys for keys, _ in help_keys(drill)]
    assert refusal("s", DRILL) == refusal("s", CAPABILITIES["player"]) == WHY
    replay = Capabilities(act=False, restart=False, timeline=True)  # a replay's: acts on nothing
    assert refusal("s", replay) == (
        "s does nothing here: a replay plays the run as recorded, "
        "and in a hosted drill only the players act"
    )


@run_async
async def test_a_players_s_sends_nothing_and_says_whose_key_it_is(built):
    host = Host(DrillSession.start(built))
    port = await host.listen()
    player = await seat_app(host, port, "player")
    controller = await seat_app(host, port, "controller")
    try:
        async with player.run_test(size=SIZE) as p, controller.run_test(size=SIZE) as c:
            await p.press("enter")
            await c.press("enter")  # the controller starts the clock
            await until(lambda: not host.session.run.clock.paused)
            await p.press("s")
            await p.pause()
            assert [n.message for n in player._notifications] == [WHY]
            assert not host.session.team_actions and not host.session.controller_actions

            # `?` is one person reading the keys: the room's clock plays on.
            await p.press("question_mark")
            await p.pause()
            assert isinstance(player.screen, HelpScreen)
            await asyncio.sleep(0.05)
            assert host.session.run.clock.holds == 0 and host.session.run.clock.running
            await p.press("escape")
            assert on_dashboard(player)

            # An inject is read by the room: it holds; `s` on it answers nothing.
            remote(controller).fire("newsflash")
            await until(lambda: remote(player).injects)
            player.refresh_view()
            await p.pause()
            assert isinstance(player.screen, InjectScreen)
            await until(lambda: host.session.run.clock.holds == 1)
            await p.press("s")
            await p.pause()
            assert isinstance(player.screen, InjectScreen)  # not a response key in a drill
            assert not host.session.team_actions
    finally:
        for app in (player, controller):
            await remote(app).close()
        await host.close()


@run_async
async def test_a_local_drills_s_is_refused_too(built):
    session = DrillSession.start(built)
    app = DashboardApp(session, live=False, brief=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        assert [n.message for n in app._notifications] == [WHY]
        assert not session.run.sent

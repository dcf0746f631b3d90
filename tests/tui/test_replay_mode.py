"""A stored drill played back on the dashboard: jumps along its timeline, exact to the end."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from sim.engine.core import TimedAction
from sim.engine.replay import replay
from sim.exercise.build import build
from sim.exercise.loading import load_drill, resolve_drill
from sim.model import actions as act
from sim.present.results import summary_json
from sim.session.recording import Recording
from sim.session.replay import ReplaySession
from sim.store.recorded import load_run
from sim.store.runs import RunStore, series_rows
from tests.tui.pilot import SIZE, event_log, live_app, on_dashboard, played, run_async, status_of
from tui.app import DashboardApp
from tui.screens.hotwash import HotwashScreen
from tui.screens.replay import TimelineScreen
from tui.screens.summary import SummaryScreen

LIVE = [
    TimedAction(375.0, act.HoldingStatement(topic="recall-refund")),
    TimedAction(530.0, act.AddAgents("care", 1)),
]


@pytest.fixture
def recorded(tmp_path: Path) -> Iterator[tuple[RunStore, int]]:
    """The recall drill as a team played it: two injects, two answers, a note, finished."""
    built = build(load_drill(resolve_drill("recall-evening")))
    store = RunStore(tmp_path / "runs.sqlite3")
    run_id = Recording.start_drill(store, built, built.seed).run_id
    news = built.drill.inject("newsflash")
    assert news is not None
    payload = {"id": "newsflash", "title": news.title, "message": "", "kind": "news"}
    store.add_event(run_id, 360.0, "inject", "script", payload)
    store.add_action(run_id, LIVE[0].at, LIVE[0].action, "key")
    store.add_event(run_id, 375.0, "note", "evaluator", {"text": "quick", "inject_id": "newsflash"})
    store.add_action(run_id, LIVE[1].at, LIVE[1].action, "key")
    engine = replay(built.scenario, built.seed, LIVE)
    store.finish(run_id, engine.summary().as_dict(), series_rows(engine))
    yield store, run_id
    store.close()


async def jump_to(pilot: Pilot[int], kind: str, t: float) -> None:
    """Open the timeline, move to the first event of `kind` at minute `t`, press enter."""
    await pilot.press("j")
    screen = pilot.app.screen
    assert isinstance(screen, TimelineScreen)
    index = next(i for i, m in enumerate(screen.items) if m.kind == kind and m.t == t)
    screen.query_one(OptionList).highlighted = index
    await pilot.press("enter")
    await pilot.pause()


def open_replay(store: RunStore, run_id: int) -> DashboardApp:
    return DashboardApp(ReplaySession.open(load_run(store, run_id)), live=False)


@pytest.mark.slow
@run_async
async def test_jumps_along_the_timeline_and_plays_to_the_recorded_summary(recorded):
    store, run_id = recorded
    stored = store.load(run_id)
    app = open_replay(store, run_id)
    async with app.run_test(size=SIZE) as pilot:
        await jump_to(pilot, "action", 530.0)  # forward: the second answer, 16:50
        assert on_dashboard(app)
        engine = played(app).engine
        assert engine.now == 530 and app.session.run.clock.paused
        assert "Day 1 16:50" in status_of(app)
        taken = [e.text for e in engine.log if e.kind == "action" and e.t == 530]
        assert taken == ["+1 care agent"]  # the recorded action applied at its minute
        log = event_log(app)
        assert "Breaking: Lumen recalls" in log and "[newsflash] quick" in log

        await jump_to(pilot, "inject", 360.0)  # back: a fresh engine replayed to 14:00
        engine = played(app).engine
        assert engine.now == 360 and "Day 1 14:00" in status_of(app)
        assert not any(e.t > 360 for e in engine.log)
        assert "holding statement" not in event_log(app)

        await pilot.press("h", "a", "s")  # keys that would change the run do nothing here
        assert not any(e.kind == "action" and e.t == 360 for e in engine.log)

        await pilot.press("o")  # a drill's score at this minute
        assert isinstance(app.screen, HotwashScreen)
        assert {e.status for e in app.screen.score.expectations} == {"pending"}
        await pilot.press("escape")

        for _ in range(7):  # to the end in uneven slices, the way a clock plays it
            app.advance(83.7)
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SummaryScreen)
        assert screen.summary == stored.record.summary
        assert summary_json(played(app).engine) == summary_json(
            replay(app.session.run.engine.scenario, stored.record.seed, LIVE)
        )
        note = str(screen.query_one("#summary-note").render())
        assert f"replay matches run {run_id}" in note


@run_async
async def test_an_incomplete_run_stops_at_its_last_event(recorded, tmp_path):
    store, _ = recorded
    built = build(load_drill(resolve_drill("recall-evening")))
    run_id = Recording.start_drill(store, built, built.seed).run_id
    store.add_action(run_id, 200.0, act.AddAgents("care", 1), "key")
    app = open_replay(store, run_id)
    async with app.run_test(size=SIZE) as pilot:
        app.advance(500)
        await pilot.pause()
        assert app.session.run.engine.now == 200 and app.session.run.clock.paused
        assert on_dashboard(app)


@run_async
async def test_keys_a_replay_switches_off_say_why_and_change_nothing(recorded):
    store, run_id = recorded
    app = open_replay(store, run_id)
    async with app.run_test(size=SIZE) as pilot:
        app.advance(400.0)
        await pilot.pause()
        sent = list(played(app).sent)
        for key in ("a", "f", "r", "c"):
            await pilot.press(key)
            await pilot.pause()
        said = [n.message for n in app._notifications]
        assert any(m.startswith("a does nothing here: a replay plays the run") for m in said)
        assert any(m.startswith("f does nothing here: a replay plays the run") for m in said)
        assert any(m.startswith("r does nothing here: only a live run") for m in said)
        assert any(m.startswith("c does nothing here: only a drill's controller") for m in said)
        assert app.screen is app.dashboard and played(app).sent == sent  # nothing changed


@run_async
async def test_a_live_run_says_why_its_drill_keys_do_nothing(recall):
    app = live_app(recall, paused=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "a")
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert said == ["j does nothing here: only a replay has a timeline to jump along"]

"""A drill played on the dashboard by keys, with the clock stepped by the test.

The bundled recall drill, recorded into a throwaway run store: injects pop up on time and
enter the event log, the team answers one expectation on time, one late and skips the
rest, an evaluator writes a note, and at the end the hotwash and the store say so. The
stored run must replay to the same bytes.
"""

from __future__ import annotations

import sys

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from sim.exercise.build import BuiltDrill, build
from sim.exercise.loading import load_drill, resolve_drill
from sim.model import actions as act
from sim.present.report import build_report
from sim.present.results import summary_json
from sim.session.clock import Clock
from sim.session.drill import DrillSession
from sim.session.recording import Recording
from sim.session.replay import ReplaySession
from sim.store.player import replay_stored
from sim.store.runs import RunStore
from tests.tui.pilot import SIZE, event_log, on_dashboard, played, run_async
from tui.app import DashboardApp
from tui.cli import main
from tui.screens.briefing import BriefingScreen
from tui.screens.controller import ControllerScreen
from tui.screens.help import HelpScreen
from tui.screens.hotwash import HotwashScreen
from tui.screens.inject import InjectScreen
from tui.screens.summary import SummaryScreen


async def dismiss_injects(pilot: Pilot[int]) -> list[str]:
    """Close every inject on screen, oldest first; their ids in the order they were shown."""
    shown = []
    await pilot.pause()
    while isinstance(pilot.app.screen, InjectScreen):
        shown.append(pilot.app.screen.fired.id)
        await pilot.press("enter")
        await pilot.pause()
    return shown


def drill_app(built: BuiltDrill, store: RunStore, *, paused: bool = False) -> DashboardApp:
    """The recall drill on the dashboard, recorded into `store`, its clock stepped by the test."""
    session = DrillSession.start(built, Recording.start_drill(store, built, built.seed))
    session.run.clock.paused = paused
    return DashboardApp(session, live=False)


def clock_of(app: DashboardApp) -> Clock:
    return played(app).clock


@pytest.mark.slow
@run_async
async def test_drill_by_keys_gives_the_expected_log_score_and_store(built, store):
    app = drill_app(built, store)
    async with app.run_test(size=SIZE) as pilot:
        app.advance(340)  # 13:40: legal's embargo notice came at 13:30
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InjectScreen) and screen.fired.id == "legal-embargo"
        assert not clock_of(app).running  # the clock waits while the players read
        assert "Legal: recall notice goes public at 14:00 (legal)" in event_log(app)
        assert await dismiss_injects(pilot) == ["legal-embargo"]
        assert clock_of(app).running  # and resumes once they have

        app.advance(35)  # 14:15: the news broke at 14:00; a statement is due by 14:30
        assert await dismiss_injects(pilot) == ["newsflash"]
        await pilot.press("h", "h")  # the top topic: the key twice
        await pilot.pause()
        assert "holding statement on recall-refund" in event_log(app)

        await pilot.press("c")  # the evaluator notes it in the controller
        assert isinstance(app.screen, ControllerScreen)
        await pilot.press("n", *"statement out in 15 min", "enter")
        await pilot.pause()
        assert "statement out in 15 min" in str(app.screen.query_one("#controller-notes").render())
        await pilot.press("escape")
        assert on_dashboard(app)
        assert "[newsflash] statement out in 15 min" in event_log(app)

        app.advance(155)  # 16:50: the FAQ request, the sick calls and the influencer passed
        assert await dismiss_injects(pilot) == ["coo-faq", "sick-calls", "influencer-video"]
        await pilot.press("a")  # cover for the sick calls, 50 minutes after the deadline
        await pilot.press("k")  # the 14:45 spike alert, acknowledged 1h55m late
        app.advance(built.scenario.meta.duration)  # to the end, the evening news on the way
        assert await dismiss_injects(pilot) == ["evening-news"]
        await pilot.pause()

        hotwash = app.screen
        assert isinstance(hotwash, HotwashScreen) and hotwash.final
        db = store.path  # not the user's default store: the hint names it
        assert (
            hotwash.report
            == f"`surgedesk report {run_id_of(app)} --db {db}` writes the full after-action report"
        )
        status = {e.inject_id: e.status for e in hotwash.score.expectations}
        assert status == {
            "newsflash": "met",
            "coo-faq": "missed",  # nobody pressed `f`: the drill's FAQ waits for a player
            "sick-calls": "late",
            "influencer-video": "missed",
            "evening-news": "missed",
            "alert-1": "late",  # the drill's [spike_alert]: within 10 minutes of 14:45
        }
        late = [e.late_by for e in hotwash.score.expectations if e.status == "late"]
        assert late == [50, 115]
        assert hotwash.score.overall == pytest.approx(
            (1 + 0.5 + 0.5 + sum(o.passed for o in hotwash.score.objectives)) / 9
        )
        svg = app.export_screenshot()
        for word in ("MET", "LATE", "MISSED", "Overall"):
            assert word in svg
        await pilot.press("escape")
        assert isinstance(app.screen, SummaryScreen)
        expected = summary_json(played(app).engine)

    stored = store.load(run_id_of(app))
    assert stored.record.complete and stored.record.kind == "drill"
    assert stored.drill_text == built.drill.text
    rows = [(e.type, e.source, e.t_sim) for e in stored.events]
    injects = [(e.payload["id"], e.t_sim) for e in stored.events if e.type == "inject"]
    assert injects == [(i.id, i.at) for i in built.drill.injects]
    assert [r for r in rows if r[0] != "inject"] == [
        ("action", "key", 375.0),
        ("note", "evaluator", 375.0),
        ("alert", "engine", 405.0),  # raised at 14:45, kept as it was raised
        ("action", "key", 530.0),
        ("action", "key", 530.0),  # its acknowledgement
    ]
    assert all(e.wall for e in stored.events)
    note = next(e for e in stored.events if e.type == "note")
    assert note.payload == {"text": "statement out in 15 min", "inject_id": "newsflash"}
    actions = [e.payload for e in stored.events if e.type == "action"]
    assert actions[0]["action"] == "holding_statement"
    # The key aims at "the top topic"; the session names the topic the drill's open
    # expectation is about before applying it, and records (and replays) that action.
    assert actions[0]["topic"] == "recall-refund"
    assert actions[1] == {"action": "add_agents", "role": "care"}  # count 1: the default
    replayed = summary_json(replay_stored(store, run_id_of(app)))
    assert replayed == expected
    assert stored.record.summary is not None
    assert summary_json(replay_stored(store, run_id_of(app))) == replayed

    # The after-action report of the same drill says what the hotwash said.
    report = build_report(stored)
    table = {
        line.split("|")[1].strip(): line
        for line in report.markdown.splitlines()
        if line.startswith("|")
    }
    assert "| met |" in table["newsflash"] and "| late |" in table["sick-calls"]
    # Nobody pressed `f`, and the drill's FAQ waits for a player (its trigger is out of reach).
    for inject_id in ("coo-faq", "influencer-video", "evening-news"):
        assert "| missed |" in table[inject_id]
    assert "statement out in 15 min" in report.markdown
    assert "<svg" in report.html and "statement out in 15 min" in report.html


@pytest.mark.slow
@run_async
async def test_controller_fires_an_inject_and_pauses_and_quitting_keeps_the_log(built, store):
    app = drill_app(built, store, paused=True)
    async with app.run_test(size=SIZE) as pilot:
        app.advance(100)
        await pilot.press("c")
        assert isinstance(app.screen, ControllerScreen)
        await pilot.press("space")
        assert not clock_of(app).paused
        await pilot.pause()
        head = str(app.screen.query_one("#controller-head").render())
        assert "runs once this closes" in head  # held while open: not "running" (trial)
        await pilot.press("space")
        assert clock_of(app).paused
        await pilot.pause()
        assert "paused" in str(app.screen.query_one("#controller-head").render())
        options = app.screen.query_one(OptionList)
        options.highlighted = [i.id for i in built.drill.injects].index("evening-news")
        await pilot.press("enter")  # fire it now, off-script
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InjectScreen)
        assert screen.fired.source == "controller" and screen.fired.at == 100
        await dismiss_injects(pilot)
        assert clock_of(app).paused  # paused before the inject, still paused after it
        assert "Evening news leads with the recall (news)" in event_log(app)
        shown = event_log(app)
        assert shown.index("Evening news leads") < shown.index("surge triggered: Evening")
        await pilot.press("o")  # the hotwash on demand: nothing is due yet
        assert isinstance(app.screen, HotwashScreen) and not app.screen.final
        assert {e.status for e in app.screen.score.expectations} == {"pending"}
        await pilot.press("escape")
        await pilot.press("r")  # a restart would leave the recording behind: disabled
        assert app.session.run.engine.now == 100
        await pilot.press("question_mark")  # help lists the drill's keys, not the disabled ones
        assert isinstance(app.screen, HelpScreen)
        svg = app.export_screenshot()
        assert "controller:" in svg and "hotwash:" in svg and "restart" not in svg
    stored = store.load(run_id_of(app))
    assert not stored.record.complete  # quit before the end: kept, marked incomplete
    assert [(e.type, e.source, e.t_sim) for e in stored.events] == [
        ("inject", "controller", 100.0),
        ("action", "controller", 100.0),
    ]
    assert stored.events[1].payload["action"] == "trigger_surge"
    assert drill_of(app).team_actions == []  # the trainer's inject is not the team's response


def on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if typed at a terminal (the dashboard refuses to open without one; its own test
    is in test_cli), with the output still captured as plain text."""
    monkeypatch.setattr("tui.launch.require_terminal", lambda: None)


def test_drill_command_records_into_the_store(tmp_path, monkeypatch, capsys):
    opened: list[DashboardApp] = []

    def played_five_minutes(self: DashboardApp, **kw: object) -> None:
        opened.append(self)
        self.session.run.advance(5)  # past the briefing: a drill left at it is not kept

    monkeypatch.setattr(DashboardApp, "run", played_five_minutes)
    on_a_terminal(monkeypatch)
    db = tmp_path / "runs.sqlite3"
    assert main(["drill", "recall-evening", "--db", str(db), "--seed", "3"]) == 0
    assert "drill recorded as run 1 (incomplete" in capsys.readouterr().out
    (app,) = opened
    assert app.session.run.engine.seed == 3
    with RunStore(db) as s:
        record = s.load(1).record
    assert (record.kind, record.name, record.seed) == ("drill", built_name(), 3)


def drill_of(app: DashboardApp) -> DrillSession:
    assert isinstance(app.session, DrillSession)
    return app.session


def run_id_of(app: DashboardApp) -> int:
    run_id = drill_of(app).run_id
    assert run_id is not None
    return run_id


def built_name() -> str:
    return load_drill(resolve_drill("recall-evening")).name


def test_drill_command_errors_are_one_line(tmp_path, capsys):
    assert main(["drill", "no-such-drill", "--db", str(tmp_path / "x.sqlite3")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("surgedesk: ") and err.count("\n") == 1
    assert "recall-evening" in err  # it lists the bundled drills
    assert not (tmp_path / "x.sqlite3").exists()


def test_replay_opens_the_dashboard_only_on_a_terminal(tmp_path, monkeypatch, capsys):
    db = tmp_path / "runs.sqlite3"
    with RunStore(db) as s:
        built = build(load_drill(resolve_drill("recall-evening")))
        run_id = Recording.start_drill(s, built, built.seed).run_id
        s.add_action(run_id, 30.0, act.AddAgents("care", 1), "key")
    opened: list[DashboardApp] = []
    monkeypatch.setattr(DashboardApp, "run", lambda self, **kw: opened.append(self))
    on_a_terminal(monkeypatch)
    assert main(["replay", str(run_id), "--db", str(db)]) == 0  # captured: not a terminal
    assert opened == [] and "incomplete" in capsys.readouterr().out
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["replay", str(run_id), "--db", str(db), "--headless"]) == 0
    assert opened == []
    assert main(["replay", str(run_id), "--db", str(db)]) == 0
    assert len(opened) == 1
    session = opened[0].session
    assert isinstance(session, ReplaySession) and session.recorded.live[0].at == 30.0


@pytest.mark.slow
@run_async
async def test_a_response_key_on_an_inject_closes_it_and_acts(built, store):
    """A player who answers straight from the inject is heard, not swallowed by the dialog."""
    app = drill_app(built, store)
    async with app.run_test(size=SIZE) as pilot:
        app.advance(340)
        assert await dismiss_injects(pilot) == ["legal-embargo"]
        app.advance(25)  # 14:05: the news broke at 14:00
        await pilot.pause()
        assert isinstance(app.screen, InjectScreen) and app.screen.fired.id == "newsflash"
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("enter")  # the topic picker: the top topic is highlighted
        await pilot.pause()
        assert not isinstance(app.screen, InjectScreen)
        assert [type(t.action) for t in drill_of(app).team_actions] == [act.HoldingStatement]
        assert 360.0 <= drill_of(app).team_actions[0].at <= 365.0
        assert "holding statement on" in event_log(app)


@pytest.mark.slow
@run_async
async def test_the_controller_opened_and_closed_fast_leaves_the_drill_running(built, store):
    """A frame drawn while the controller opens or closes finds no half-built screen.

    The clock's frames are called by hand right after each key, before the screen has
    settled, as a 10 Hz timer does in a real terminal (the old wiring crashed there).
    """
    recording = Recording.start_drill(store, built, built.seed)
    session = DrillSession.start(built, recording)
    app = DashboardApp(session, live=False)
    async with app.run_test(size=SIZE) as pilot:
        app.advance(60)
        for _ in range(20):
            await pilot.press("c")
            app.advance(1)
            await pilot.press("escape")
            app.advance(1)
        await pilot.pause()
        assert on_dashboard(app) and session.run.engine.now == 100
        assert session.run.clock.running
        app.advance(built.scenario.meta.duration)
        await dismiss_injects(pilot)
        await pilot.pause()
        assert isinstance(app.screen, HotwashScreen)
    assert store.load(run_id_of(app)).record.complete


@run_async
async def test_a_drill_offers_no_planner_which_would_show_the_script(built, store):
    """At 08:04 the planner charted the 14:00 surge: players never see the script."""
    app = drill_app(built, store)
    async with app.run_test(size=SIZE) as pilot:
        app.advance(4)
        await pilot.press("P")
        await pilot.pause()
        assert on_dashboard(app)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = app.export_screenshot()
        assert "hotwash" in shown and "staffing" not in shown


@run_async
async def test_the_clock_waits_while_a_dialog_is_open_so_no_inject_cuts_into_a_note(built, store):
    """A note typed just before an inject is due is saved whole, and no letter of it acts."""
    app = drill_app(built, store)
    async with app.run_test(size=SIZE) as pilot:
        app.advance(329)  # 13:29: legal's inject is due at 13:30
        await pilot.press("c", "n")
        await pilot.pause()
        assert not clock_of(app).running
        assert not app.session.run.tick(0.5)  # a frame while the controller is open: no move
        await pilot.press(*"has a far smash", "enter")
        await pilot.pause()
        assert [n.text for n in drill_of(app).notes] == ["has a far smash"]
        assert drill_of(app).team_actions == [] and app.session.run.engine.now == 329
        await pilot.press("escape")
        await pilot.pause()
        assert on_dashboard(app) and clock_of(app).running
        assert app.session.run.tick(0.5)  # the dashboard is on top again: the clock runs


@run_async
async def test_a_drill_opens_paused_on_its_briefing_and_enter_starts_it(built, store):
    session = DrillSession.start(built, Recording.start_drill(store, built, built.seed))
    assert session.run.clock.speed == 60  # a simulated minute a second, by default
    app = DashboardApp(session, live=False, brief=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, BriefingScreen)
        shown = str(app.screen.query_one("#briefing-text").render())
        assert built.drill.name in shown and "1 min/s" in shown
        assert all(i.title not in shown for i in built.drill.injects)  # no spoilers
        assert not clock_of(app).running
        await pilot.press("enter")
        await pilot.pause()
        assert on_dashboard(app) and clock_of(app).running


def test_the_drill_pace_is_one_of_the_clocks_speeds_never_snapped(tmp_path, monkeypatch, capsys):
    opened: list[DashboardApp] = []
    monkeypatch.setattr(DashboardApp, "run", lambda self, **kw: opened.append(self))
    on_a_terminal(monkeypatch)
    db = str(tmp_path / "runs.sqlite3")
    assert main(["drill", "recall-evening", "--db", db, "--pace", "5m"]) == 0
    assert main(["drill", "recall-evening", "--db", db, "--pace", "1h"]) == 0
    assert main(["drill", "recall-evening", "--db", db, "--pace", "2m"]) == 2  # not 1m quietly
    assert "expected one of 1s, 10s, 1m, 5m, 15m, 1h, 4h" in capsys.readouterr().err
    assert [a.session.run.clock.speed for a in opened] == [300, 3600]
    assert opened[0].brief


@run_async
async def test_the_live_surge_takes_two_presses_of_l(built, store):
    """One stray `l` (next to `n`, the note key) fired a surge into the scored run (trial)."""
    app = drill_app(built, store, paused=True)
    async with app.run_test(size=SIZE) as pilot:
        app.advance(100)
        await pilot.press("c", "l")
        screen = app.screen
        assert isinstance(screen, ControllerScreen)  # armed, not fired
        assert "l again fires a live surge" in str(screen.query_one("#controller-hint").render())
        assert "Live inject" not in event_log(app)
        await pilot.press("l")
        await pilot.pause()
        await dismiss_injects(pilot)
        assert "Live inject" in event_log(app)

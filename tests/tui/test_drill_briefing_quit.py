"""A drill opened and left at its briefing was never played: the run store does not keep it.

`surgedesk drill` is run as a user runs it, with the dashboard driven by keys (Pilot) in
place of a terminal: quitting at the briefing leaves nothing in `runs`, while quitting a
few minutes after the clock started keeps the run, marked incomplete, up to that minute.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest

from sim.session.drill import DrillSession
from sim.store.runs import RunStore
from tests.tui.pilot import SIZE
from tui import launch
from tui.app import DashboardApp
from tui.cli import main
from tui.screens.briefing import BriefingScreen


def _driving(play_minutes: float | None) -> Callable[[DrillSession], int]:
    """A `run_app` that opens the drill at its briefing and quits it: at once (None), or
    after starting the clock and playing `play_minutes`."""

    async def drive(session: DrillSession) -> int:
        app = DashboardApp(session, brief=True, live=False)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, BriefingScreen)
            if play_minutes is not None:
                await pilot.press("enter")
                await pilot.pause()
                app.advance(play_minutes)
                await pilot.pause()
                app.exit()
            else:
                await pilot.press("q")
            await pilot.pause()
        return app.return_code or 0

    return lambda session: asyncio.run(drive(session))


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(launch, "require_terminal", lambda: None)
    return tmp_path / "runs.sqlite3"


def test_quitting_at_the_briefing_stores_nothing(db, monkeypatch, capsys):
    monkeypatch.setattr(launch, "run_app", _driving(None))
    assert main(["drill", "recall-evening", "--db", str(db)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "not started" in out and "nothing recorded" in out and "report" not in out
    with RunStore(db, create=False) as store:
        assert store.runs() == []
        (count,) = store._query("SELECT COUNT(*) FROM events")[0]
        assert count == 0  # not even the injects due at its first minute
    assert main(["runs", "--db", str(db)]) == 0


def test_quitting_after_the_clock_started_keeps_the_run_as_incomplete(db, monkeypatch, capsys):
    monkeypatch.setattr(launch, "run_app", _driving(20))
    assert main(["drill", "recall-evening", "--db", str(db)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "drill recorded as run 1 (incomplete" in out
    with RunStore(db, create=False) as store:
        (record,) = store.runs()
        assert not record.complete
        assert store.load(record.id).sim_until == pytest.approx(20)


def test_a_finished_run_is_never_discarded(tmp_path: Path):
    from sim.model.library import resolve
    from sim.model.loading import load_scenario

    scenario = load_scenario(resolve("recall"))
    with RunStore(tmp_path / "runs.sqlite3") as store:
        run_id = store.save(
            summary={},
            series=[],
            name="x",
            seed=1,
            scenario_text="",
            scenario_source="recall",
            scenario_data=scenario.model_dump(mode="json"),
        )
        assert not store.discard(run_id)
        assert [r.id for r in store.runs()] == [run_id]


def test_a_hosted_drill_closed_before_the_controller_started_it_is_not_kept(tmp_path: Path):
    """`drill --host` and `serve --drill` close through the same `close_drill`."""
    from sim.exercise.build import build
    from sim.exercise.loading import load_drill, resolve_drill
    from sim.session.recording import Recording
    from tui.cli.hosting import Hosted, close_drill

    built = build(load_drill(resolve_drill("recall-evening")))
    with RunStore(tmp_path / "runs.sqlite3") as store:
        started = []
        for play in (0.0, 5.0):
            recording = Recording.start_drill(store, built, built.seed)
            session = DrillSession.start(built, recording, built.seed)
            session.run.advance(play)
            started.append(close_drill(Hosted(session, store, recording.run_id), None))
        assert started[0] == ["drill not started (left at its briefing): nothing recorded"]
        assert (
            started[1][0]
            == "drill recorded as run 2 (incomplete: the drill was stopped before its end)"
        )
        assert [r.id for r in store.runs()] == [2]

"""Runs stored before typed events and `user_version` still load, list, replay and report.

The fixture `fixtures/v1_store.sqlite3` was written by the schema-1 code (see
`fixtures/make_v1_store.py`); each test opens a copy, which migrates it.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from sim.present.report import build_report
from sim.store.compare import OLDER_RULES, compare
from sim.store.events import ActionEvent, InjectEvent, NoteEvent
from sim.store.player import Player, replay_stored
from sim.store.recorded import load_run
from sim.store.runs import SCHEMA_VERSION, RunStore
from sim.store.schema import MIGRATIONS

FIXTURE = Path(__file__).parent / "fixtures" / "v1_store.sqlite3"


@pytest.fixture
def v1(tmp_path: Path) -> Path:
    db = tmp_path / "runs.sqlite3"
    shutil.copyfile(FIXTURE, db)
    return db


def _versions(db: Path) -> tuple[int, list[tuple[int]]]:
    with sqlite3.connect(db) as conn:
        user = conn.execute("PRAGMA user_version").fetchone()[0]
        rows = conn.execute("SELECT version FROM schema_version").fetchall()
    return user, rows


def test_the_fixture_is_a_first_kind_store(v1: Path) -> None:
    assert _versions(v1) == (0, [(1,)])


def test_opening_migrates_once_and_keeps_every_row(v1: Path) -> None:
    with sqlite3.connect(v1) as conn:
        before = {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                  for t in ("runs", "events", "series")}  # fmt: skip
    RunStore(v1).close()
    assert _versions(v1) == (SCHEMA_VERSION, [(SCHEMA_VERSION,)])
    assert len(MIGRATIONS) == SCHEMA_VERSION
    RunStore(v1).close()  # opening again changes nothing
    assert _versions(v1) == (SCHEMA_VERSION, [(SCHEMA_VERSION,)])
    with sqlite3.connect(v1) as conn:
        for table, count in before.items():
            assert conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == count


def test_old_runs_list(v1: Path) -> None:
    with RunStore(v1) as store:
        records = store.runs()
    assert [(r.id, r.kind, r.name, r.complete) for r in records] == [
        (3, "drill", "Fixture drill", False),
        (2, "drill", "Fixture drill", True),
        (1, "run", "small", True),
    ]
    assert records[2].summary is not None and records[2].summary["scenario"] == "small"


def test_old_events_read_as_typed_events(v1: Path) -> None:
    with RunStore(v1) as store:
        run = load_run(store, 2)
    kinds = [(type(e).__name__, str(e.source), e.t_sim) for e in run.events]
    assert kinds[:3] == [
        ("InjectEvent", "script", 360.0),
        ("ActionEvent", "key", 372.5),
        ("NoteEvent", "evaluator", 375.0),
    ]
    assert [i.id for i in run.injects] == ["news", "sick", "press", "live-surge"]
    assert [i.source for i in run.injects if i.source == "controller"] == ["controller"] * 2
    assert [n.inject_id for n in run.notes] == ["news", "sick", ""]
    assert sum(isinstance(e, ActionEvent) for e in run.events) == len(run.live) == 5
    assert [a.at for a in run.team] == [372.5, 450.0, 505.0]
    assert [a.at for a in run.controller] == [480.0, 500.0]
    assert run.drill is not None and run.drill.name == "Fixture drill"
    assert all(isinstance(e, InjectEvent | NoteEvent | ActionEvent) for e in run.events)


@pytest.mark.parametrize("run_id", [1, 2])
def test_old_complete_runs_say_they_cannot_replay_exactly(v1: Path, run_id: int) -> None:
    """Recorded under the engine's earlier rules (a post left the queue when its author
    gave up): the replay says so plainly instead of passing off a different run as it."""
    with RunStore(v1) as store:
        run = load_run(store, run_id)
        engine = replay_stored(store, run_id)
    assert compare(run, engine) == OLDER_RULES
    assert compare(run.stored, Player.of(run).play()) == OLDER_RULES
    if run_id == 1:
        assert run.end == engine.now == 120.0  # saved with `run --until 2h`


def test_an_old_incomplete_drill_replays_to_its_last_event(v1: Path) -> None:
    with RunStore(v1) as store:
        run = load_run(store, 3)
        engine = replay_stored(store, 3)
    assert not run.complete and run.end == engine.now == 375.0
    assert [a.at for a in run.team] == [372.5]


@pytest.mark.parametrize("run_id", [1, 2, 3])
def test_old_runs_report(v1: Path, run_id: int) -> None:
    with RunStore(v1) as store:
        stored = store.load(run_id)
    report = build_report(stored)
    assert "Summary figures" in report.markdown and "<svg" in report.html
    if run_id == 2:
        assert "| controller | surge triggered" in report.markdown
        assert "good tone \\<b\\>" in report.markdown and "good tone &lt;b&gt;" in report.html
    if run_id == 3:
        assert "not finished" in report.markdown and "pending" in report.html


def test_the_command_line_reads_an_old_store(v1: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli import main

    assert main(["runs", "--db", str(v1)]) == 0
    listed = capsys.readouterr().out
    assert "small" in listed and "incomplete" in listed and "43.6%" in listed
    assert main(["replay", "2", "--db", str(v1)]) == 1
    assert OLDER_RULES in capsys.readouterr().err


def test_a_failed_migration_leaves_the_file_as_it_was(
    v1: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sim.store import schema
    from sim.store.runs import StoreError

    def broken(db: sqlite3.Connection) -> None:
        db.execute("DELETE FROM schema_version")
        raise sqlite3.OperationalError("disk I/O error")

    steps = list(schema.MIGRATIONS)
    steps[1] = schema.Migration("broken", broken)
    monkeypatch.setattr(schema, "MIGRATIONS", tuple(steps))
    with pytest.raises(StoreError, match="disk I/O error"):
        RunStore(v1)
    assert _versions(v1) == (0, [(1,)])
    monkeypatch.undo()
    with RunStore(v1) as store:
        assert len(store.runs()) == 3

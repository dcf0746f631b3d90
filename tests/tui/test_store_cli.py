"""`run --save`, `runs` and `replay` as people and scripts use them."""

from __future__ import annotations

import json
import os
import sqlite3
import tomllib
from pathlib import Path

import pytest

from sim.engine.core import Engine
from sim.model import actions as act
from sim.model.library import resolve
from sim.model.loading import load_scenario
from sim.present.results import summary_json
from sim.store.player import replay_stored
from sim.store.runs import RunStore, series_rows, to_json
from tests.fixtures import small_scenario
from tests.helpers.killing import kill_after
from tui.cli import main

SMALL = small_scenario(
    tail='\n[[inject]]\nat = "2h"\naction = "add_agents"\nrole = "care"\ncount = 1\n'
)


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small.toml"
    path.write_text(SMALL)
    return path


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store" / "runs.sqlite3"


def one_line_error(capsys, code: int, *args: str) -> str:
    assert main(list(args)) == code
    err: str = capsys.readouterr().err
    assert err.startswith("surgedesk: ") and err.count("\n") == 1, err
    return err


def test_saved_run_replays_to_identical_json_and_series(small, db, tmp_path, capsys):
    assert (
        main(
            [
                "run",
                str(small),
                "--seed",
                "8",
                "--json",
                "--save",
                "--db",
                str(db),
                "--out",
                str(tmp_path / "a"),
            ]
        )
        == 0
    )
    captured = capsys.readouterr()
    original = captured.out
    json.loads(original)  # stdout stays pure JSON
    assert captured.err == "saved as run 1\n"

    assert main(["replay", "1", "--db", str(db), "--json", "--out", str(tmp_path / "b")]) == 0
    captured = capsys.readouterr()
    assert captured.out == original
    assert "replay matches run 1: identical summary and 24 intervals" in captured.err
    for name in ("summary.json", "series.csv", "mentions.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()

    store = RunStore(db)
    try:
        stored = store.load(1)
        assert stored.record.seed == 8 and stored.record.name == "small"
        assert stored.scenario_text == SMALL and stored.scenario_source == str(small)
        assert stored.scenario_data == json.loads(to_json(tomllib.loads(SMALL)))
        assert stored.events == []  # the inject lives in the scenario, not as a live action
        assert stored.series == series_rows(replay_stored(store, 1))
    finally:
        store.close()


def test_bundled_run_saved_under_its_name_and_listed(db, capsys, monkeypatch):
    monkeypatch.setenv("SURGEDESK_DB", str(db))  # the default store, redirected
    assert main(["run", "outage", "--save", "--until", "10h"]) == 0
    assert "saved as run 1" in capsys.readouterr().out
    assert main(["replay", "1"]) == 0
    out = capsys.readouterr().out
    assert "replay matches run 1: identical summary and 40 intervals" in out
    assert main(["runs"]) == 0
    table = capsys.readouterr().out
    assert "complete" in table and "incomplete" not in table
    store = RunStore(db)
    try:
        stored = store.load(1)
        assert stored.scenario_source == "outage" and stored.sim_until == 600.0
        assert stored.scenario_text == resolve("outage").read_text(encoding="utf-8")
    finally:
        store.close()


def test_a_stored_dashboard_session_replays_byte_for_byte(db, capsys):
    path = resolve("recall")
    text = path.read_text(encoding="utf-8")
    sc = load_scenario(path)
    store = RunStore(db)
    run_id = store.start(
        kind="drill",
        name="recall drill",
        seed=3,
        scenario_text=text,
        scenario_source="recall",
        scenario_data=tomllib.loads(text),
    )
    live = Engine(sc, 3)
    session: list[tuple[float, act.Action]] = [
        (50.0, act.AddAgents("care", 3, duration=240.0)),
        (400.5, act.HoldingStatement()),
        (700.0, act.ChangeProtocol(respond_to=("complaint", "crisis"))),
    ]
    for t, action in session:
        live.run_until(t)
        live.apply(action)
        store.add_action(run_id, live.now, action, "key")
    live.run_until(live.duration)
    store.finish(run_id, live.summary().as_dict(), [iv.flat() for iv in live.series])
    store.close()

    assert main(["replay", str(run_id), "--db", str(db), "--json"]) == 0
    captured = capsys.readouterr()
    assert captured.out == summary_json(live, alerts=True)
    assert "replay matches" in captured.err


def test_a_tampered_recording_is_caught(small, db, capsys):
    assert main(["run", str(small), "--save", "--db", str(db)]) == 0
    capsys.readouterr()
    with sqlite3.connect(db) as con:
        (row,) = con.execute("SELECT row FROM series WHERE idx = 5").fetchone()
        data = json.loads(row)
        data["missed"] += 1
        con.execute("UPDATE series SET row = ? WHERE idx = 5", (json.dumps(data),))
    err = one_line_error(capsys, 1, "replay", "1", "--db", str(db))
    assert "differs from the recording: interval 5 (from minute 75.0): missed" in err

    with sqlite3.connect(db) as con:
        (text,) = con.execute("SELECT summary FROM runs").fetchone()
        summary = json.loads(text)
        summary["answered"] -= 1
        con.execute("UPDATE runs SET summary = ?", (json.dumps(summary),))
    err = one_line_error(capsys, 1, "replay", "1", "--db", str(db), "--json")
    assert "summary answered: recorded" in err


def test_a_killed_drill_is_listed_incomplete_and_replays_to_its_last_event(db, capsys):
    kill_after(db, 4, pause=True)
    assert main(["runs", "--db", str(db)]) == 0
    table = capsys.readouterr().out
    assert "killed" in table and "incomplete" in table and "│ drill" in table

    assert main(["replay", "1", "--db", str(db), "--json"]) == 0
    captured = capsys.readouterr()
    assert "run 1 is incomplete: replayed up to minute 180" in captured.err
    store = RunStore(db)
    try:
        logged = store.load(1).events[-1].payload["summary"]
    finally:
        store.close()
    expected = {**logged, "alerts": []}  # `--json` lists the alerts: none by minute 180
    assert captured.out == json.dumps(expected, indent=2, sort_keys=True) + "\n"


def test_runs_on_an_empty_or_missing_store(db, capsys):
    assert main(["runs", "--db", str(db)]) == 0
    assert "No runs saved yet" in capsys.readouterr().out
    assert not db.exists()  # listing does not create a store
    RunStore(db).close()
    assert main(["runs", "--db", str(db)]) == 0
    assert "No runs saved yet" in capsys.readouterr().out


def test_bad_input_is_one_line_and_exit_2(small, db, tmp_path, capsys):
    assert main(["run", str(small), "--save", "--db", str(db)]) == 0
    capsys.readouterr()
    assert "no run 7 in" in one_line_error(capsys, 2, "replay", "7", "--db", str(db))
    assert "expected a run number" in one_line_error(capsys, 2, "replay", "x", "--db", str(db))
    assert "expected a run number" in one_line_error(capsys, 2, "replay", "0", "--db", str(db))
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"\x00\x01 not sqlite at all " * 100)
    for args in (["replay", "1"], ["runs"], ["run", str(small), "--save"]):
        err = one_line_error(capsys, 2, *args, "--db", str(junk))
        assert "not a surgedesk run store" in err
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    for args in (["runs"], ["replay", "1"], ["report", "1"]):  # read-only: never a schema in it
        err = one_line_error(capsys, 2, *args, "--db", str(empty))
        assert "not a surgedesk run store (an empty file)" in err
    assert empty.read_bytes() == b""
    missing = tmp_path / "nope.sqlite3"
    assert "no run store at" in one_line_error(capsys, 2, "replay", "1", "--db", str(missing))
    assert "only used with --save" in one_line_error(capsys, 2, "run", str(small), "--db", str(db))
    (tmp_path / "file").write_text("")
    err = one_line_error(capsys, 2, "replay", "1", "--db", str(db), "--out", str(tmp_path / "file"))
    assert "is not a folder" in err


def test_an_out_folder_that_cannot_be_written_is_refused_before_the_run(small, tmp_path, capsys):
    """Not after minutes of work: the run never starts, nothing is printed but the reason."""
    (tmp_path / "file").write_text("")
    err = one_line_error(capsys, 2, "run", str(small), "--out", str(tmp_path / "file" / "x"))
    assert f"cannot write to {tmp_path / 'file' / 'x'} (not a folder)" in err
    if Path("/proc/self").is_dir():  # a folder that takes no new entries, even for root
        assert main(["run", str(small), "--out", "/proc/x"]) == 2
        captured = capsys.readouterr()
        assert captured.out == "" and "cannot write to /proc/x" in captured.err
    assert not list(tmp_path.glob(".*"))  # the probe left nothing behind


def test_runs_shows_a_finished_drills_score(tmp_path, capsys):
    from sim.exercise.build import build
    from sim.exercise.loading import load_drill, resolve_drill
    from sim.session.drill import DrillSession
    from sim.session.recording import Recording

    db = tmp_path / "runs.sqlite3"
    built = build(load_drill(resolve_drill("recall-evening")))
    with RunStore(db) as store:
        session = DrillSession.start(built, Recording.start_drill(store, built, built.seed))
        session.run.advance(built.scenario.meta.duration)
        session.due()
        session.end()
        overall = session.score().overall
    assert main(["runs", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "score" in out and f"{overall:.1%}" in out


def test_a_scenario_piped_in_is_saved_as_it_was_run(db, capsys):
    """`cat my.toml | surgedesk run /dev/stdin --save`: the text is read once, for both."""
    read, write = os.pipe()
    os.write(write, resolve("recall").read_bytes())
    os.close(write)
    try:
        argv = ["run", f"/dev/fd/{read}", "--until", "1h", "--save", "--db", str(db)]
        assert main(argv) == 0
    finally:
        os.close(read)
    assert "saved as run 1" in capsys.readouterr().out
    with RunStore(db, create=False) as store:
        assert store.load(1).scenario_text == resolve("recall").read_text(encoding="utf-8")

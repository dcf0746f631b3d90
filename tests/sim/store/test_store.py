"""The run store keeps runs durably and gives back exactly what a replay needs."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import tomllib
from pathlib import Path

import pytest

from sim.engine.core import Engine, TimedAction
from sim.engine.replay import replay
from sim.model import actions as act
from sim.model.library import bundled, resolve
from sim.model.loading import load_scenario
from sim.model.scenario import Scenario
from sim.present.results import summary_json
from sim.store.player import replay_stored
from sim.store.runs import (
    SCHEMA_VERSION,
    RunNotFound,
    RunStore,
    StoreError,
    series_rows,
    to_json,
)
from tests.fixtures import small_scenario
from tests.helpers.killing import kill_after

ROOT = Path(__file__).resolve().parents[3]

SMALL = small_scenario(
    scenario="start = 2026-03-02T08:00:00\n",
    baseline="topics = { general = 0.7, billing = 0.3 }\n",
    tail='\n[faq]\ntrigger = 10\nwindow = "1h"\ndraft_time = "30m"\napproval_time = "15m"\n'
    "deflection = 0.3\n",
)


@pytest.fixture
def store(tmp_path: Path):
    s = RunStore(tmp_path / "runs.sqlite3")
    yield s
    s.close()


def start_small(store: RunStore, kind: str = "run", seed: int = 4) -> int:
    return store.start(
        kind=kind,
        name="small",
        seed=seed,
        scenario_text=SMALL,
        scenario_source="small.toml",
        scenario_data=tomllib.loads(SMALL),
    )


def test_round_trip_keeps_everything_and_lists_newest_first(store):
    first = start_small(store)
    second = start_small(store, kind="drill", seed=9)
    store.add_event(second, 12.5, "note", "controller", {"text": "team briefed"})
    store.add_action(second, 30.0, act.AddAgents("care", 2, duration=60.0), "key")
    store.add_event(second, 45.25, "inject", "script", {"action": "publish_faq"})
    engine = Engine(Scenario.model_validate(tomllib.loads(SMALL)), 9)
    engine.run_until(engine.duration)
    series = [iv.flat() for iv in engine.series]
    store.finish(second, engine.summary().as_dict(), series)

    assert [r.id for r in store.runs()] == [second, first]
    pending, done = store.runs()[1], store.runs()[0]
    assert not pending.complete and pending.finished_at is None and pending.summary is None
    assert done.complete and done.finished_at is not None and done.kind == "drill"
    assert done.scenario_hash == hashlib.sha256(SMALL.encode()).hexdigest()
    assert done.summary == json.loads(summary_json(engine))

    loaded = store.load(second)
    assert loaded.record == done
    assert loaded.scenario_text == SMALL and loaded.scenario_source == "small.toml"
    assert loaded.drill_text is None and loaded.sim_until is None
    assert [(e.seq, e.t_sim, e.type, e.source) for e in loaded.events] == [
        (1, 12.5, "note", "controller"),
        (2, 30.0, "action", "key"),
        (3, 45.25, "inject", "script"),
    ]
    assert loaded.events[1].payload == {
        "action": "add_agents",
        "role": "care",
        "count": 2,
        "duration": "60.0m",
    }
    assert loaded.series == series_rows(engine)
    assert len(loaded.series) == 24 and loaded.series[0] == json.loads(to_json(series[0]))
    sc = Scenario.model_validate(loaded.scenario_data)
    assert store.live_actions(second, sc) == [TimedAction(30.0, act.AddAgents("care", 2, 60.0))]
    assert store.live_actions(first, sc) == []


def test_each_event_is_committed_before_finish(store, tmp_path):
    run_id = start_small(store, kind="drill")
    store.add_action(run_id, 5.0, act.PublishFaq("billing"), "key")
    # a second connection, as another process would open it, sees the event at once
    other = sqlite3.connect(tmp_path / "runs.sqlite3")
    try:
        rows = other.execute("SELECT seq, type, payload FROM events").fetchall()
    finally:
        other.close()
    assert rows == [(1, "action", '{"action":"publish_faq","topic":"billing"}')]
    reader = RunStore(tmp_path / "runs.sqlite3")
    try:
        assert [e.seq for e in reader.load(run_id).events] == [1]
        assert not reader.runs()[0].complete
    finally:
        reader.close()


def test_finish_is_all_or_nothing(store):
    run_id = start_small(store)
    bad_row = {("not", "a", "key"): 1}  # json cannot write a tuple key
    with pytest.raises(TypeError):
        store.finish(run_id, {"missed": 1}, [{"t_start": 0.0}, bad_row])
    loaded = store.load(run_id)
    assert not loaded.record.complete and loaded.record.summary is None and loaded.series == []


@pytest.mark.parametrize("entry", bundled(), ids=lambda e: e.name)
def test_every_bundled_scenario_survives_the_json_round_trip(store, entry):
    text = entry.path.read_text(encoding="utf-8")
    run_id = store.start(
        kind="run",
        name=entry.name,
        seed=1,
        scenario_text=text,
        scenario_source=entry.name,
        scenario_data=tomllib.loads(text),
    )
    stored = store.load(run_id)
    assert Scenario.model_validate(stored.scenario_data) == load_scenario(entry.path)


def test_toml_datetimes_round_trip(store):
    run_id = start_small(store)  # SMALL's start is a TOML datetime, not a string
    data = store.load(run_id).scenario_data
    assert data["scenario"]["start"] == "2026-03-02 08:00:00"
    assert Scenario.model_validate(data) == Scenario.model_validate(tomllib.loads(SMALL))


def test_a_dashboard_session_replays_byte_for_byte(store):
    path = resolve("recall")
    text = path.read_text(encoding="utf-8")
    sc = load_scenario(path)
    run_id = store.start(
        kind="drill",
        name="recall drill",
        seed=11,
        scenario_text=text,
        scenario_source="recall",
        scenario_data=tomllib.loads(text),
    )
    live = Engine(sc, 11)
    surge = act.action_from_params(
        "trigger_surge",
        {"shape": "shock", "peak_per_hour": 200, "half_life": "45m", "topic": "recall-refund"},
        sc,
    )
    session: list[tuple[float, act.Action]] = [
        (37.5, act.AddAgents("care", 2)),
        (120.0, act.HoldingStatement("recall-refund", duration=90.0)),
        (360.0, surge),
        (360.0, act.PublishFaq()),  # two keys in the same minute keep their order
        (361.25, act.MobilizeAdvocates(0.3, duration=120.0)),
        (600.0, act.ChangeProtocol(respond_to=("complaint", "crisis"), sla_factor=1.5)),
        (900.0, act.RemoveAgents("care", 1, duration=30.0)),
    ]
    for t, action in session:
        live.run_until(t)
        live.apply(action)
        store.add_action(run_id, live.now, action, "key")
        store.add_event(run_id, live.now, "log", "engine", {"text": act.describe(action)})
    live.run_until(live.duration)
    store.finish(run_id, live.summary().as_dict(), [iv.flat() for iv in live.series])

    again = replay_stored(store, run_id)
    stored = store.load(run_id)
    assert summary_json(again) == summary_json(live)
    assert json.dumps(stored.record.summary, indent=2, sort_keys=True) + "\n" == summary_json(live)
    assert to_json(series_rows(again)) == to_json(stored.series)
    # and the replay is not trivially equal: without the actions the run differs
    assert summary_json(replay(sc, 11, [])) != summary_json(live)


def test_a_run_stopped_early_replays_to_the_same_minute(store):
    sc = Scenario.model_validate(tomllib.loads(SMALL))
    engine = Engine(sc, 4)
    engine.run_until(100.0)  # not on an interval boundary
    run_id = start_small(store)
    store.finish(run_id, engine.summary().as_dict(), series_rows(engine), until=100.0)
    again = replay_stored(store, run_id)
    assert again.now == 100.0
    assert summary_json(again) == summary_json(engine)


def test_a_killed_drill_stays_readable_and_incomplete(tmp_path):
    db = tmp_path / "runs.sqlite3"
    kill_after(db, 4, pause=True)
    store = RunStore(db)
    try:
        (record,) = store.runs()
        assert record.kind == "drill" and not record.complete and record.finished_at is None
        stored = store.load(record.id)
        kinds = [(e.type, e.t_sim) for e in stored.events]
        assert kinds == [
            ("log", 45.0),
            ("action", 90.0),
            ("log", 90.0),
            ("log", 135.0),
            ("action", 180.0),
            ("log", 180.0),
        ]
        assert stored.series == []
        # replaying it up to its last event reproduces the state the drill logged there
        engine = replay_stored(store, record.id)
        assert engine.now == 180.0
        logged = stored.events[-1].payload["summary"]
        assert summary_json(engine) == json.dumps(logged, indent=2, sort_keys=True) + "\n"
    finally:
        store.close()


def test_a_drill_killed_while_writing_loses_no_committed_event(tmp_path):
    db = tmp_path / "runs.sqlite3"
    kill_after(db, 30, pause=False)  # killed wherever it happens to be
    store = RunStore(db)
    try:
        (record,) = store.runs()
        events = store.load(record.id).events
        assert not record.complete
        assert [e.seq for e in events] == list(range(1, len(events) + 1))
        logs = [e.payload["step"] for e in events if e.type == "log"]
        assert logs[:30] == list(range(1, 31))  # every step it reported is there
        assert store.live_actions(record.id, load_scenario(resolve("recall")))
    finally:
        store.close()


def test_unknown_run(store):
    with pytest.raises(RunNotFound):
        store.load(99)
    with pytest.raises(RunNotFound):
        store.add_event(99, 0.0, "note", "controller", {})
    with pytest.raises(RunNotFound):
        store.finish(99, {}, [])
    with pytest.raises(RunNotFound):
        store.live_actions(99, Scenario.model_validate(tomllib.loads(SMALL)))


def test_bad_arguments_are_refused(store):
    with pytest.raises(ValueError, match="kind"):
        store.start(
            kind="game", name="x", seed=1, scenario_text="", scenario_source="", scenario_data={}
        )
    run_id = start_small(store)
    with pytest.raises(ValueError, match="type"):
        store.add_event(run_id, 0.0, "chat", "key", {})


def test_files_that_are_not_a_run_store(tmp_path):
    text = tmp_path / "notes.sqlite3"
    text.write_text("these are not the runs you are looking for\n" * 50)
    with pytest.raises(StoreError, match="not a surgedesk run store"):
        RunStore(text)
    assert text.read_text().startswith("these are not")  # left untouched
    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE things (x)")
    with pytest.raises(StoreError, match="not a surgedesk run store"):
        RunStore(foreign)
    with pytest.raises(StoreError, match="cannot open"):
        RunStore(tmp_path)  # a folder


def test_a_newer_schema_is_refused(tmp_path):
    RunStore(tmp_path / "runs.sqlite3").close()
    with sqlite3.connect(tmp_path / "runs.sqlite3") as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="newer surgedesk"):
        RunStore(tmp_path / "runs.sqlite3")


def test_a_first_kind_store_saying_newer_is_refused(tmp_path):
    """Before `user_version`, the version was a row in `schema_version`."""
    with sqlite3.connect(tmp_path / "runs.sqlite3") as db:
        db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        db.execute("CREATE TABLE runs (id INTEGER PRIMARY KEY)")
        db.execute("INSERT INTO schema_version VALUES (?)", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match="newer surgedesk"):
        RunStore(tmp_path / "runs.sqlite3")


def test_store_settings(store):
    db = store._db
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    # kept so that a first-kind surgedesk refuses the file as newer
    assert db.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]


def test_default_path(monkeypatch, tmp_path):
    monkeypatch.setenv("SURGEDESK_DB", str(tmp_path / "elsewhere.sqlite3"))
    assert RunStore.default_path() == tmp_path / "elsewhere.sqlite3"
    s = RunStore()
    s.close()
    assert (tmp_path / "elsewhere.sqlite3").exists()
    monkeypatch.delenv("SURGEDESK_DB")
    default = RunStore.default_path()
    assert default.name == "runs.sqlite3" and "surgedesk" in default.parts

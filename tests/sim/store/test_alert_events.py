"""Spike alerts in the run store: an event type of their own, and older stores take them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from sim.model.vocabulary import Source
from sim.store.events import AlertEvent, EventError, parse_event
from sim.store.runs import SCHEMA_VERSION, RunStore
from sim.store.schema import MIGRATIONS

PAYLOAD = {"volume": 205.0, "expected": 75.8, "score": 3.35, "window": 60.0}


def test_an_alert_reads_as_its_own_event_with_its_figures():
    event = parse_event("alert", "engine", dict(PAYLOAD), t_sim=390.0)
    assert isinstance(event, AlertEvent)
    assert (event.t_sim, event.volume, event.expected) == (390.0, 205.0, 75.8)
    assert event.payload == PAYLOAD
    assert event.label == "spike alert: 205 mentions, 76 expected"


@pytest.mark.parametrize(
    ("source", "payload", "expected"),
    [
        ("key", PAYLOAD, "source"),  # the team does not raise alerts
        ("engine", {**PAYLOAD, "volume": -1.0}, "volume"),
        ("engine", {"expected": 3.0}, "volume"),
    ],
)
def test_a_bad_alert_event_is_one_line(source, payload, expected):
    with pytest.raises(EventError) as caught:
        parse_event("alert", source, payload, t_sim=1.0)
    assert str(caught.value).startswith(f"alert event: {expected}")


def _v3_store(path: Path) -> None:
    """A store as the schema-3 code left it, with one run and one action event."""
    db = sqlite3.connect(path, isolation_level=None)
    for version, migration in enumerate(MIGRATIONS[:3], start=1):
        migration.apply(db)
        db.execute(f"PRAGMA user_version = {version}")
    db.execute(
        "INSERT INTO runs (kind, name, seed, version, started_at, scenario_hash, scenario_text,"
        " scenario_source, scenario_data) VALUES ('drill', 'd', 1, 'v', 'now', 'h', '', 's', '{}')"
    )
    db.execute(
        "INSERT INTO events VALUES (1, 1, 5.0, 'now', 'action', 'key', "
        '\'{"action": "acknowledge_alert"}\')'
    )
    db.close()


def test_a_schema_3_store_migrates_keeps_its_events_and_takes_alerts(tmp_path: Path):
    path = tmp_path / "runs.sqlite3"
    _v3_store(path)  # whose table refuses the new type
    with pytest.raises(sqlite3.IntegrityError), sqlite3.connect(path) as db:
        db.execute("INSERT INTO events VALUES (1, 2, 6.0, 'now', 'alert', 'engine', '{}')")
    with RunStore(path) as store:
        store.add_event(1, 390.0, "alert", Source.ENGINE, dict(PAYLOAD))
        events = store.load(1).events
    assert [(e.type, e.t_sim) for e in events] == [("action", 5.0), ("alert", 390.0)]
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 5
        assert db.execute("SELECT version FROM schema_version").fetchall() == [(5,)]

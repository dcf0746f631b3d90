"""What one stored run is, as the store hands it out: its record, its rows, its events.

Kept apart from the SQLite code so readers of a run (the player, the report, `compare`)
depend on what a run is, not on how it is kept.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from sim.engine.core import Engine, TimedAction
from sim.engine.version import FIRST
from sim.model.actions import ActionError
from sim.model.scenario import Scenario
from sim.store.events import ActionEvent, Event


class StoreError(Exception):
    """The store cannot be used: not a database, a newer schema, unwritable. One line."""


def check_existing(path: Path) -> None:
    """For the verbs that only read: a store must already be there, and an empty file is
    not one (SQLite would take it for a new database and write a schema into it)."""
    try:
        size = path.stat().st_size if path.is_file() else None
    except OSError as exc:  # a name too long, a folder it cannot look into
        raise StoreError(f"{path}: cannot open the run store ({exc.strerror})") from None
    if size is None:
        raise StoreError(f"no run store at {path}")
    if size == 0:
        raise StoreError(f"{path}: not a surgedesk run store (an empty file)")


class RunNotFound(LookupError):
    """No run with that id in the store."""


@dataclass(frozen=True)
class RunRecord:
    id: int
    kind: str  # "run" | "drill"
    name: str  # scenario (or drill) name
    seed: int
    version: str
    started_at: str
    finished_at: str | None
    complete: bool
    scenario_hash: str  # sha256 of scenario_text
    summary: dict[str, Any] | None
    score: float | None = None  # a finished drill's overall score, 0..1
    engine: int = FIRST  # the engine version that played it (`sim.engine.version`)


@dataclass(frozen=True)
class StoredRun:
    """Everything stored for one run.

    `sim_until` is the minute a complete run was played to when that was short of the
    scenario's end (`run --until`), or the minute an incomplete run was left at (a drill
    quit early); None means the end, or an incomplete run that did not say.
    """

    record: RunRecord
    scenario_text: str
    scenario_source: str
    scenario_data: dict[str, Any]
    drill_text: str | None
    events: list[Event]  # typed: see `sim.store.events`
    series: list[dict[str, Any]]
    sim_until: float | None = None


def scenario_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def to_json(value: Any) -> str:
    """Compact JSON; datetimes (TOML dates) become their ISO text, which pydantic reads back."""
    return json.dumps(value, default=str, separators=(",", ":"))


def live_actions(events: Sequence[Event], scenario: Scenario, where: str) -> list[TimedAction]:
    """The "action" events as timed actions, in the order they were applied.

    Only "action" events are live actions; "inject" events are a record of injects the
    engine applied itself (they are in the scenario data) or whose action was logged as
    its own event, and are not played again.
    """
    live = []
    for event in events:
        if isinstance(event, ActionEvent):
            try:
                live.append(TimedAction(event.t_sim, event.action(scenario)))
            except ActionError as exc:
                raise StoreError(f"{where}, event {event.seq}: bad action ({exc})") from None
    return live


def stored_scenario(stored: StoredRun) -> Scenario:
    """The run's effective scenario, rebuilt from its stored data."""
    try:
        return Scenario.model_validate(stored.scenario_data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise StoreError(
            f"run {stored.record.id}: its stored scenario no longer validates "
            f"({where}: {first['msg']})"
        ) from None


def series_rows(engine: Engine) -> list[dict[str, Any]]:
    """The engine's time series as stored rows (JSON round trip, as `load` returns them)."""
    rows: list[dict[str, Any]] = json.loads(to_json([iv.flat() for iv in engine.series]))
    return rows


__all__ = [
    "Event",
    "RunNotFound",
    "RunRecord",
    "StoreError",
    "StoredRun",
    "live_actions",
    "scenario_hash",
    "series_rows",
    "stored_scenario",
    "to_json",
]


def read_json(text: Any, kind: type, where: str) -> Any:
    """Stored JSON read back, or a `StoreError` naming what no longer reads (rows rot)."""
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        raise StoreError(f"{where}: stored data is not valid JSON") from None
    if not isinstance(value, kind):
        raise StoreError(f"{where}: stored data is not a JSON {kind.__name__}") from None
    return value


def read_record(row: sqlite3.Row, path: Path) -> RunRecord:
    summary = row["summary"]
    where = f"{path}: run {row['id']}, its summary"
    return RunRecord(
        id=row["id"],
        kind=row["kind"],
        name=row["name"],
        seed=row["seed"],
        version=row["version"],
        started_at=row["started_at"],
        finished_at=row["finished_at"],
        complete=bool(row["complete"]),
        scenario_hash=row["scenario_hash"],
        summary=None if summary is None else read_json(summary, dict, where),
        score=row["score"],
        engine=row["engine"] or FIRST,
    )

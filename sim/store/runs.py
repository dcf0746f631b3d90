"""The run store: runs and drills kept in a local SQLite database, for listing and replay.

A run is stored as what is needed to play it again exactly (the effective scenario as raw
data, the seed, the live actions with their minutes) plus what it measured (summary and
time series), so a replay can prove itself against the original. Every event is its own
committed transaction: a drill killed mid-run keeps everything logged up to the kill, and
stays marked incomplete because only `finish` sets `complete`.

WAL mode lets a reader (`surgedesk runs` in another terminal) see a drill in progress
without blocking its writer; `synchronous=FULL` makes each commit survive a power cut too,
which is affordable because events arrive at human speed.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import platformdirs
from pydantic import ValidationError

from sim.engine.core import Engine, TimedAction
from sim.engine.replay import replay
from sim.model.actions import Action, ActionError, action_from_params, action_to_params
from sim.model.scenario import Scenario

SCHEMA_VERSION = 1
KINDS = ("run", "drill")
EVENT_TYPES = ("action", "inject", "note", "log")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('run', 'drill')),
    name TEXT NOT NULL,
    seed INTEGER NOT NULL,
    version TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    complete INTEGER NOT NULL DEFAULT 0 CHECK (complete IN (0, 1)),
    scenario_hash TEXT NOT NULL,
    scenario_text TEXT NOT NULL,
    scenario_source TEXT NOT NULL,
    scenario_data TEXT NOT NULL,
    drill_text TEXT,
    summary TEXT,
    sim_until REAL
);
CREATE TABLE IF NOT EXISTS events (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    t_sim REAL NOT NULL,
    wall TEXT NOT NULL,
    type TEXT NOT NULL CHECK (type IN ('action', 'inject', 'note', 'log')),
    source TEXT NOT NULL,
    payload TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
);
CREATE TABLE IF NOT EXISTS series (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    idx INTEGER NOT NULL,
    row TEXT NOT NULL,
    PRIMARY KEY (run_id, idx)
);
"""

_RUN_COLUMNS = (
    "id, kind, name, seed, version, started_at, finished_at, complete, scenario_hash, summary"
)


class StoreError(Exception):
    """The store cannot be used: not a database, a newer schema, unwritable. One line."""


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


@dataclass(frozen=True)
class Event:
    seq: int
    t_sim: float
    wall: str
    type: str  # "action" | "inject" | "note" | "log"
    source: str  # e.g. "key", "controller", "script", "engine"
    payload: dict[str, Any]


@dataclass(frozen=True)
class StoredRun:
    """Everything stored for one run.

    `sim_until` is the minute a complete run was played to when that was short of the
    scenario's end (`run --until`); None means the end, or an incomplete run.
    """

    record: RunRecord
    scenario_text: str
    scenario_source: str
    scenario_data: dict[str, Any]
    drill_text: str | None
    events: list[Event]
    series: list[dict[str, Any]]
    sim_until: float | None = None


def scenario_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def to_json(value: Any) -> str:
    """Compact JSON; datetimes (TOML dates) become their ISO text, which pydantic reads back."""
    return json.dumps(value, default=str, separators=(",", ":"))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def current_version() -> str:
    try:
        return metadata.version("surgedesk")
    except metadata.PackageNotFoundError:
        return "unknown"


class RunStore:
    """A connection to the run store; safe to share between threads (one lock)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = RunStore.default_path() if path is None else Path(path)
        self._lock = threading.Lock()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(
                self.path, timeout=10.0, isolation_level=None, check_same_thread=False
            )
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"{self.path}: cannot open the run store ({exc})") from None
        try:
            self._setup()
        except sqlite3.Error as exc:
            self._db.close()
            raise StoreError(f"{self.path}: not a surgedesk run store ({exc})") from None
        except StoreError:
            self._db.close()
            raise

    @staticmethod
    def default_path() -> Path:
        """`SURGEDESK_DB` if set, else runs.sqlite3 in the user's data directory."""
        override = os.environ.get("SURGEDESK_DB")
        if override:
            return Path(override)
        return platformdirs.user_data_path("surgedesk") / "runs.sqlite3"

    def _setup(self) -> None:
        db = self._db
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if tables and "schema_version" not in tables:
            raise StoreError(f"{self.path}: a SQLite database, but not a surgedesk run store")
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")
        with self._transaction():
            for statement in _SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            row = db.execute("SELECT MAX(version) FROM schema_version").fetchone()
            if row[0] is None:
                db.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))
            elif row[0] > SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path}: written by a newer surgedesk (store schema {row[0]}, "
                    f"this version reads up to {SCHEMA_VERSION})"
                )

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT: all or nothing, and writers queue instead of failing."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    # ------------------------------------------------------------------ writing

    def start(
        self,
        *,
        kind: str,
        name: str,
        seed: int,
        scenario_text: str,
        scenario_source: str,
        scenario_data: dict[str, Any],
        drill_text: str | None = None,
    ) -> int:
        """Open a run (incomplete until `finish`); returns its id."""
        if kind not in KINDS:
            raise ValueError(f"kind: expected one of {', '.join(KINDS)}, got {kind!r}")
        with self._transaction() as db:
            cursor = db.execute(
                "INSERT INTO runs (kind, name, seed, version, started_at, scenario_hash,"
                " scenario_text, scenario_source, scenario_data, drill_text)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    kind,
                    name,
                    int(seed),
                    current_version(),
                    _now(),
                    scenario_hash(scenario_text),
                    scenario_text,
                    scenario_source,
                    to_json(scenario_data),
                    drill_text,
                ),
            )
            run_id = cursor.lastrowid
        assert run_id is not None
        return run_id

    def add_event(
        self, run_id: int, t_sim: float, type: str, source: str, payload: dict[str, Any]
    ) -> None:
        """Log one event, committed before returning: a kill right after cannot lose it."""
        if type not in EVENT_TYPES:
            raise ValueError(f"type: expected one of {', '.join(EVENT_TYPES)}, got {type!r}")
        try:
            with self._transaction() as db:
                db.execute(
                    "INSERT INTO events (run_id, seq, t_sim, wall, type, source, payload)"
                    " SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ?, ?"
                    " FROM events WHERE run_id = ?",
                    (run_id, float(t_sim), _now(), type, source, to_json(payload), run_id),
                )
        except sqlite3.IntegrityError:
            raise RunNotFound(f"no run {run_id} in {self.path}") from None

    def add_action(self, run_id: int, t_sim: float, action: Action, source: str) -> None:
        """Log a live action so `live_actions` can play it again at the same minute."""
        self.add_event(run_id, t_sim, "action", source, action_to_params(action))

    def finish(
        self,
        run_id: int,
        summary: dict[str, Any],
        series: list[dict[str, Any]],
        *,
        until: float | None = None,
    ) -> None:
        """Close a run with what it measured, in one transaction.

        `until`: the minute the run stopped at if short of the scenario's end, so a replay
        stops there too.
        """
        with self._transaction() as db:
            updated = db.execute(
                "UPDATE runs SET summary = ?, complete = 1, finished_at = ?, sim_until = ?"
                " WHERE id = ?",
                (to_json(summary), _now(), until, run_id),
            ).rowcount
            if not updated:
                raise RunNotFound(f"no run {run_id} in {self.path}")
            db.execute("DELETE FROM series WHERE run_id = ?", (run_id,))
            db.executemany(
                "INSERT INTO series (run_id, idx, row) VALUES (?, ?, ?)",
                ((run_id, i, to_json(row)) for i, row in enumerate(series)),
            )

    # ------------------------------------------------------------------ reading

    def _query(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            cursor = self._db.execute(sql, params)
            cursor.row_factory = sqlite3.Row
            return cursor.fetchall()

    def runs(self) -> list[RunRecord]:
        """Every run, newest first."""
        rows = self._query(f"SELECT {_RUN_COLUMNS} FROM runs ORDER BY id DESC")
        return [_record(row) for row in rows]

    def load(self, run_id: int) -> StoredRun:
        rows = self._query(
            f"SELECT {_RUN_COLUMNS}, scenario_text, scenario_source, scenario_data,"
            " drill_text, sim_until FROM runs WHERE id = ?",
            (run_id,),
        )
        if not rows:
            raise RunNotFound(f"no run {run_id} in {self.path}")
        row = rows[0]
        return StoredRun(
            record=_record(row),
            scenario_text=row["scenario_text"],
            scenario_source=row["scenario_source"],
            scenario_data=json.loads(row["scenario_data"]),
            drill_text=row["drill_text"],
            events=self._events(run_id),
            series=[
                json.loads(r["row"])
                for r in self._query(
                    "SELECT row FROM series WHERE run_id = ? ORDER BY idx", (run_id,)
                )
            ],
            sim_until=row["sim_until"],
        )

    def _events(self, run_id: int) -> list[Event]:
        rows = self._query(
            "SELECT seq, t_sim, wall, type, source, payload FROM events"
            " WHERE run_id = ? ORDER BY seq",
            (run_id,),
        )
        return [
            Event(r["seq"], r["t_sim"], r["wall"], r["type"], r["source"], json.loads(r["payload"]))
            for r in rows
        ]

    def live_actions(self, run_id: int, scenario: Scenario) -> list[TimedAction]:
        """The run's "action" events as timed actions, in the order they were applied.

        Only "action" events are live actions; "inject" events are a record of injects the
        engine applied itself (they are in the scenario data) and are not played again.
        """
        if not self._query("SELECT 1 FROM runs WHERE id = ?", (run_id,)):
            raise RunNotFound(f"no run {run_id} in {self.path}")
        live = []
        for event in self._events(run_id):
            if event.type != "action":
                continue
            params = dict(event.payload)
            name = params.pop("action", None)
            try:
                action = action_from_params(str(name), params, scenario)
            except ActionError as exc:
                raise StoreError(
                    f"{self.path}: run {run_id}, event {event.seq}: bad action ({exc})"
                ) from None
            live.append(TimedAction(event.t_sim, action))
        return live

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> RunStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _record(row: sqlite3.Row) -> RunRecord:
    summary = row["summary"]
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
        summary=None if summary is None else json.loads(summary),
    )


# ---------------------------------------------------------------------- replay


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


def replay_end(stored: StoredRun) -> float | None:
    """Where a replay stops: a complete run's end; an incomplete run's last event.

    None means the scenario's end.
    """
    if stored.record.complete:
        return stored.sim_until
    return stored.events[-1].t_sim if stored.events else 0.0


def replay_stored(store: RunStore, run_id: int) -> Engine:
    """Play a stored run again: a fresh engine with its seed and live actions, to its end."""
    stored = store.load(run_id)
    scenario = stored_scenario(stored)
    live = store.live_actions(run_id, scenario)
    return replay(scenario, stored.record.seed, live, replay_end(stored))


def series_rows(engine: Engine) -> list[dict[str, Any]]:
    """The engine's time series as stored rows (JSON round trip, as `load` returns them)."""
    rows: list[dict[str, Any]] = json.loads(to_json([iv.flat() for iv in engine.series]))
    return rows


__all__ = [
    "Event",
    "RunNotFound",
    "RunRecord",
    "RunStore",
    "StoreError",
    "StoredRun",
    "current_version",
    "replay_end",
    "replay_stored",
    "scenario_hash",
    "series_rows",
    "stored_scenario",
    "to_json",
]

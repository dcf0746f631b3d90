"""The run store: runs and drills kept in a local SQLite database, for listing and replay.

A run is stored as what is needed to play it again exactly (the effective scenario as raw
data, the seed, the live actions with their minutes) plus what it measured (summary and
time series), so a replay can prove itself against the original. Every event is its own
committed transaction: a drill killed mid-run keeps everything logged up to the kill, and
stays marked incomplete because only `finish` sets `complete`.

WAL mode lets a reader (`surgedesk runs` in another terminal) see a drill in progress
without blocking its writer; `synchronous=FULL` makes each commit survive a power cut.

Disks fill and files rot, so: a write the disk refuses is a `StoreError` with its reason
and rolls back whole (`save` stores a headless run in one transaction, never half); a row
that no longer reads is a `StoreError` naming the run, which `runs` skips and reports
instead of failing the whole listing; and the read-only verbs open with `create=False`,
so looking at a store that is not there (or an empty file) never makes one.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import platformdirs

from sim.engine.core import TimedAction
from sim.engine.version import ENGINE_VERSION
from sim.model.actions import Action, action_to_params
from sim.model.scenario import Scenario
from sim.store.events import EVENT_TYPES, EventError, Source, parse_event
from sim.store.schema import SCHEMA_VERSION, NewerStore, NotAStore, migrate
from sim.store.stored import (
    Event,
    RunNotFound,
    RunRecord,
    StoredRun,
    StoreError,
    check_existing,
    live_actions,
    read_json,
    read_record,
    scenario_hash,
    series_rows,
    stored_scenario,
    to_json,
)

KINDS = ("run", "drill")

_RUN_COLUMNS = (
    "id, kind, name, seed, version, started_at, finished_at, complete, scenario_hash, summary,"
    " score, engine"
)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def current_version() -> str:
    try:
        return metadata.version("surgedesk")
    except metadata.PackageNotFoundError:
        return "unknown"


class RunStore:
    """A connection to the run store; safe to share between threads (one lock)."""

    def __init__(self, path: Path | None = None, *, create: bool = True) -> None:
        self.path = RunStore.default_path() if path is None else Path(path)
        self._lock = threading.RLock()  # RLock: `save` nests start and finish
        if not create:
            check_existing(self.path)
        try:
            if create:
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
        db.execute("PRAGMA foreign_keys = ON")
        try:
            migrate(db)
        except NotAStore:
            raise StoreError(
                f"{self.path}: a SQLite database, but not a surgedesk run store"
            ) from None
        except NewerStore as exc:
            raise StoreError(
                f"{self.path}: written by a newer surgedesk (store schema {exc.args[0]}, "
                f"this version reads up to {SCHEMA_VERSION})"
            ) from None
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE … COMMIT: all or nothing, and writers queue instead of failing.

        A write SQLite refuses (a full disk, a read-only file, a locked store) rolls back
        and becomes a `StoreError` saying why; an integrity error is left to the caller.
        """
        with self._lock:
            if self._db.in_transaction:  # inside this thread's own transaction: part of it
                yield self._db
                return
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    yield self._db
                    self._db.execute("COMMIT")
                except BaseException:
                    if self._db.in_transaction:
                        self._db.execute("ROLLBACK")
                    raise
            except sqlite3.IntegrityError:
                raise
            except sqlite3.Error as exc:
                raise StoreError(f"{self.path}: cannot write to the run store ({exc})") from None

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
                " scenario_text, scenario_source, scenario_data, drill_text, engine)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    kind, name, int(seed), current_version(), _now(), scenario_hash(scenario_text),
                    scenario_text, scenario_source, to_json(scenario_data), drill_text,
                    ENGINE_VERSION,
                ),
            )  # fmt: skip
            run_id = cursor.lastrowid
        assert run_id is not None
        return run_id

    def add_event(
        self, run_id: int, t_sim: float, type: str, source: str, payload: dict[str, Any]
    ) -> None:
        """Log one event, committed before returning: a kill right after cannot lose it.

        The event is read through its typed model first (`ValueError` if it does not
        read), and stored as that model writes it, so what is read back is what was meant.
        """
        try:
            event = parse_event(type, source, payload, t_sim=float(t_sim))
        except EventError as exc:
            raise ValueError(str(exc)) from None
        self.add(run_id, event)

    def add(self, run_id: int, event: Event) -> None:
        """Log a typed event (its `seq` and `wall` are the store's to set)."""
        try:
            with self._transaction() as db:
                db.execute(
                    "INSERT INTO events (run_id, seq, t_sim, wall, type, source, payload)"
                    " SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ?, ?"
                    " FROM events WHERE run_id = ?",
                    (
                        run_id,
                        float(event.t_sim),
                        _now(),
                        event.type,
                        str(event.source),
                        to_json(event.payload),
                        run_id,
                    ),
                )
        except sqlite3.IntegrityError:
            raise RunNotFound(f"no run {run_id} in {self.path}") from None

    def add_action(self, run_id: int, t_sim: float, action: Action, source: str) -> None:
        """Log a live action so a replay can play it again at the same minute."""
        self.add_event(run_id, t_sim, "action", source, action_to_params(action))

    def add_inject(
        self,
        run_id: int,
        t_sim: float,
        source: Source,
        *,
        id: str,
        title: str,
        message: str,
        kind: str,
    ) -> None:
        """Log an inject as it was shown (its action, if any, is logged by `add_action`)."""
        payload = {"id": id, "title": title, "message": message, "kind": kind}
        self.add_event(run_id, t_sim, "inject", source, payload)

    def add_note(self, run_id: int, t_sim: float, text: str, inject_id: str = "") -> None:
        """Log an evaluator's note about an inject ("" for a general note)."""
        payload = {"text": text, "inject_id": inject_id}
        self.add_event(run_id, t_sim, "note", Source.EVALUATOR, payload)

    def finish(
        self,
        run_id: int,
        summary: dict[str, Any],
        series: list[dict[str, Any]],
        *,
        until: float | None = None,
        score: float | None = None,
    ) -> None:
        """Close a run with what it measured, in one transaction.

        `until`: the minute the run stopped at if short of the scenario's end, so a replay
        stops there too. `score`: a drill's overall score at its end, for `runs` to show.
        """
        with self._transaction() as db:
            updated = db.execute(
                "UPDATE runs SET summary = ?, complete = 1, finished_at = ?, sim_until = ?,"
                " score = ? WHERE id = ?",
                (to_json(summary), _now(), until, score, run_id),
            ).rowcount
            if not updated:
                raise RunNotFound(f"no run {run_id} in {self.path}")
            db.execute("DELETE FROM series WHERE run_id = ?", (run_id,))
            db.executemany(
                "INSERT INTO series (run_id, idx, row) VALUES (?, ?, ?)",
                ((run_id, i, to_json(row)) for i, row in enumerate(series)),
            )

    def stopped(self, run_id: int, until: float) -> None:
        """An unfinished run left at `until` (a drill quit early): what its replay covers."""
        with self._transaction() as db:
            db.execute("UPDATE runs SET sim_until=? WHERE id=? AND complete=0", (until, run_id))

    def save(
        self,
        *,
        summary: dict[str, Any],
        series: list[dict[str, Any]],
        until: float | None = None,
        events: Sequence[Event] = (),
        **run: Any,
    ) -> int:
        """A finished headless run and its `events` (alerts) in one transaction: a full disk
        halfway leaves no incomplete row. `run` is `start`'s arguments but `kind`."""
        with self._transaction():
            run_id = self.start(kind="run", **run)
            for event in events:
                self.add(run_id, event)
            self.finish(run_id, summary, series, until=until)
        return run_id

    # ------------------------------------------------------------------ reading

    def _query(self, sql: str, params: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                cursor = self._db.execute(sql, params)
                cursor.row_factory = sqlite3.Row
                return cursor.fetchall()
            except sqlite3.Error as exc:
                raise StoreError(f"{self.path}: cannot read the run store ({exc})") from None

    def runs(self, skipped: list[str] | None = None) -> list[RunRecord]:
        """Every run that reads, newest first.

        A row that does not read is left out, never failing the listing; its one-line
        reason is appended to `skipped` if given.
        """
        rows = self._query(f"SELECT {_RUN_COLUMNS} FROM runs ORDER BY id DESC")
        records = []
        for row in rows:
            try:
                records.append(read_record(row, self.path))
            except StoreError as exc:
                if skipped is not None:
                    skipped.append(str(exc))
        return records

    def load(self, run_id: int) -> StoredRun:
        rows = self._query(
            f"SELECT {_RUN_COLUMNS}, scenario_text, scenario_source, scenario_data,"
            " drill_text, sim_until FROM runs WHERE id = ?",
            (run_id,),
        )
        if not rows:
            raise RunNotFound(f"no run {run_id} in {self.path}")
        row = rows[0]
        where = f"{self.path}: run {run_id}"
        series = self._query("SELECT idx, row FROM series WHERE run_id = ? ORDER BY idx", (run_id,))
        return StoredRun(
            record=read_record(row, self.path),
            scenario_text=row["scenario_text"],
            scenario_source=row["scenario_source"],
            scenario_data=read_json(row["scenario_data"], dict, f"{where}, its scenario"),
            drill_text=row["drill_text"],
            events=self._events(run_id),
            series=[read_json(r["row"], dict, f"{where}, interval {r['idx']}") for r in series],
            sim_until=row["sim_until"],
        )

    def _events(self, run_id: int) -> list[Event]:
        rows = self._query(
            "SELECT seq, t_sim, wall, type, source, payload FROM events"
            " WHERE run_id = ? ORDER BY seq",
            (run_id,),
        )
        events = []
        for r in rows:
            try:
                where = f"{self.path}: run {run_id}, event {r['seq']}"
                event = parse_event(
                    r["type"],
                    r["source"],
                    read_json(r["payload"], dict, where),
                    t_sim=r["t_sim"],
                    seq=r["seq"],
                    wall=r["wall"],
                )
            except (EventError, ValueError, TypeError) as exc:
                raise StoreError(f"{self.path}: run {run_id}, event {r['seq']}: {exc}") from None
            events.append(event)
        return events

    def live_actions(self, run_id: int, scenario: Scenario) -> list[TimedAction]:
        """The run's "action" events as timed actions, in the order they were applied."""
        if not self._query("SELECT 1 FROM runs WHERE id = ?", (run_id,)):
            raise RunNotFound(f"no run {run_id} in {self.path}")
        return live_actions(self._events(run_id), scenario, f"{self.path}: run {run_id}")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> RunStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


__all__ = [
    "EVENT_TYPES",
    "SCHEMA_VERSION",
    "Event",
    "RunNotFound",
    "RunRecord",
    "RunStore",
    "StoreError",
    "StoredRun",
    "current_version",
    "live_actions",
    "scenario_hash",
    "series_rows",
    "stored_scenario",
    "to_json",
]

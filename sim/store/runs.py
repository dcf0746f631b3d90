"""The run store: runs and drills kept in a local SQLite database, for listing and replay.

A run is stored as what is needed to play it again exactly (the effective scenario as raw
data, the seed, the live actions with their minutes) plus what it measured (summary and
time series), so a replay can prove itself against the original. Every event is its own
committed transaction: a drill killed mid-run keeps everything logged up to the kill, and
stays marked incomplete because only `finish` sets `complete`.

A drill left at its briefing, before its clock started, was never played: `discard`
takes it out again rather than have it listed, replayed and reported as if it had been.

Disks fill and files rot, so: a write the disk refuses is a `StoreError` with its reason
and rolls back whole (`save` stores a headless run in one transaction, never half); and a
row that no longer reads is a `StoreError` naming the run, which `runs` skips and reports
instead of failing the whole listing. Opening the file is `sim.store.connection`'s job.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from sim.engine.core import TimedAction
from sim.engine.version import ENGINE_VERSION
from sim.model.actions import Action, action_to_params
from sim.model.scenario import Scenario
from sim.store.connection import Connection, current_version, now
from sim.store.events import EVENT_TYPES, EventError, Source, parse_event
from sim.store.schema import SCHEMA_VERSION
from sim.store.stored import (
    Event,
    RunNotFound,
    RunRecord,
    StoredRun,
    StoreError,
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


class RunStore(Connection):
    """The run store: runs written as they happen, read back for listing and replay."""

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
                    kind, name, int(seed), current_version(), now(), scenario_hash(scenario_text),
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
                        now(),
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
                (to_json(summary), now(), until, score, run_id),
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

    def discard(self, run_id: int) -> bool:
        """Take out an unfinished run and its events (a drill that never started); a
        finished run is never discarded. True if there was such a run to take out."""
        with self._transaction() as db:
            gone = db.execute("DELETE FROM runs WHERE id = ? AND complete = 0", (run_id,))
            return gone.rowcount > 0

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

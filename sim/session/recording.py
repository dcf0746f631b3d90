"""A session's record in the run store: each event committed as it happens.

A drill killed mid-way keeps everything up to the kill, marked incomplete, because only
`finish` completes a run. A write that fails is said, not raised: the exercise in the room
goes on, and the message says what was not kept.
"""

from __future__ import annotations

import shlex
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sim.engine.core import Engine, TimedAction
from sim.exercise.build import BuiltDrill
from sim.store.runs import RunStore, StoreError, series_rows


@dataclass
class Recording:
    """The run store and the run a session writes to."""

    store: RunStore
    run_id: int
    problems: list[str] = field(default_factory=list)  # what could not be written, in words

    @classmethod
    def start_drill(cls, store: RunStore, built: BuiltDrill, seed: int) -> Recording:
        """Open the drill's run in the store (incomplete until the drill's end)."""
        run_id = store.start(
            kind="drill",
            name=built.drill.name,
            seed=seed,
            scenario_text=built.scenario_text,
            scenario_source=built.scenario_source,
            scenario_data=built.scenario_data,
            drill_text=built.drill.text,
        )
        return cls(store, run_id)

    @property
    def report_command(self) -> str:
        """`surgedesk report N`, with the store's `--db` unless it is the default one."""
        path = self.store.path
        db = "" if path == RunStore.default_path() else f" --db {shlex.quote(str(path))}"
        return f"surgedesk report {self.run_id}{db}"

    def _write(self, write: Callable[[RunStore], None]) -> None:
        try:
            write(self.store)
        except (sqlite3.Error, StoreError, LookupError) as exc:
            self.problems.append(f"not recorded in the run store: {exc}")

    def event(self, t: float, type: str, source: str, payload: dict[str, Any]) -> None:
        self._write(lambda s: s.add_event(self.run_id, t, type, source, payload))

    def action(self, timed: TimedAction, source: str) -> None:
        """An action as sent: "the top topic" stays unresolved, as a replay resolves it."""
        self._write(lambda s: s.add_action(self.run_id, timed.at, timed.action, source))

    def stopped(self, t: float) -> None:
        """Left unfinished at minute `t`: what a replay and a report of it cover."""
        self._write(lambda s: s.stopped(self.run_id, t))

    def finish(self, engine: Engine, score: float | None = None) -> None:
        summary = engine.summary().as_dict()
        rows = series_rows(engine)
        self._write(lambda s: s.finish(self.run_id, summary, rows, score=score))

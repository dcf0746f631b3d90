"""A stored run, read once into what every consumer of it needs.

`load_run` is the one way from a run id to a run ready to play: its scenario rebuilt
and validated, its events typed, its live actions parsed (and split into the team's and
the controller's), its drill read, and the minute a replay of it stops at. The headless
replay, the dashboard's replay, the report and `replay_stored` all start here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sim.engine.core import TimedAction
from sim.exercise.drill_file import Drill
from sim.exercise.loading import parse_drill
from sim.model.scenario import Scenario
from sim.store.events import ActionEvent, InjectEvent, NoteEvent, is_team
from sim.store.runs import (
    Event,
    RunRecord,
    RunStore,
    StoredRun,
    StoreError,
    live_actions,
    stored_scenario,
)


@dataclass(frozen=True)
class RecordedRun:
    """A stored run with its scenario and live actions parsed, ready to replay or report.

    `live` holds every recorded action in the order it was applied (the team's and the
    controller's: both changed the run); `team` only the players' (`is_team`), which are
    what a drill scores.
    """

    stored: StoredRun
    scenario: Scenario
    live: list[TimedAction]
    team: list[TimedAction]
    controller: list[TimedAction]  # the rest of `live`: the controller's (and the script's)

    @property
    def record(self) -> RunRecord:
        return self.stored.record

    @property
    def id(self) -> int:
        return self.stored.record.id

    @property
    def seed(self) -> int:
        return self.stored.record.seed

    @property
    def complete(self) -> bool:
        return self.stored.record.complete

    @property
    def events(self) -> list[Event]:
        return self.stored.events

    @property
    def series(self) -> list[dict[str, Any]]:
        return self.stored.series

    @property
    def drill_text(self) -> str | None:
        return self.stored.drill_text

    @property
    def injects(self) -> list[InjectEvent]:
        return [e for e in self.stored.events if isinstance(e, InjectEvent)]

    @property
    def notes(self) -> list[NoteEvent]:
        return [e for e in self.stored.events if isinstance(e, NoteEvent)]

    @cached_property
    def drill(self) -> Drill | None:
        """The drill this run played, as its text was stored; None for a plain run."""
        if self.record.kind != "drill" or not self.drill_text:
            return None
        return parse_drill(self.drill_text, f"run {self.id} drill")

    @property
    def end(self) -> float:
        """Where a replay stops: the recorded end, else the scenario's."""
        end = replay_end(self.stored)
        return self.scenario.meta.duration if end is None else end

    def shown_until(self, t: float) -> list[tuple[str, float]]:
        """The injects the players had seen by minute `t` (id, minute), for scoring."""
        return [(e.id, e.t_sim) for e in self.injects if e.t_sim <= t]

    def team_until(self, t: float) -> list[TimedAction]:
        """The players' actions taken by minute `t`, as a hotwash at `t` scores them."""
        return [a for a in self.team if a.at <= t]


def replay_end(stored: StoredRun) -> float | None:
    """Where a replay stops: a complete run's end; an incomplete run's last event, or the
    minute it was left at if that is later (a drill quit after a quiet spell).

    None means the scenario's end.
    """
    if stored.record.complete:
        return stored.sim_until
    last = stored.events[-1].t_sim if stored.events else 0.0
    return max(last, stored.sim_until or 0.0)


def recorded(stored: StoredRun, where: str = "") -> RecordedRun:
    """Parse a stored run once; `StoreError` if its scenario or an action no longer reads."""
    scenario = stored_scenario(stored)
    actions = [e for e in stored.events if isinstance(e, ActionEvent)]
    live = live_actions(actions, scenario, where or f"run {stored.record.id}")
    pairs = list(zip(live, actions, strict=True))
    team = [timed for timed, e in pairs if is_team(e)]
    others = [timed for timed, e in pairs if not is_team(e)]
    return RecordedRun(stored, scenario, live, team, others)


def load_run(store: RunStore, run_id: int) -> RecordedRun:
    """The one way to read a stored run for replaying or reporting it.

    `RunNotFound` for an unknown id; `StoreError` for a run that no longer reads.
    """
    return recorded(store.load(run_id), f"{store.path}: run {run_id}")


__all__ = ["RecordedRun", "StoreError", "load_run", "recorded", "replay_end"]

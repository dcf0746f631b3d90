"""How far a long analysis has got: the stage, the iteration and the replications done.

A plan's iterations each evaluate every replication; a progress bar that moves only once
an iteration is no bar at all on a long scenario, so every replication of a stage is
handed to the mapper at once and the bar moves as they come back, in order, a worker's
load at a time. The order changes nothing in the numbers: replication r always draws from
the streams of (seed, r).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from sim.analysis.measure import Channels, evaluate_each, evaluate_teams_each
from sim.analysis.replications import Mapper
from sim.model.scenario import Scenario


@dataclass(frozen=True)
class Step:
    stage: str  # "measuring demand", "searching", "checking on fresh seeds", "rostering"…
    iteration: int  # 0 before the search starts
    done: int  # replications finished in this stage
    total: int  # replications this stage runs

    @property
    def share(self) -> float:
        return self.done / self.total if self.total else 1.0


ProgressFn = Callable[[Step], None]


@dataclass
class Tracker:
    """Evaluates replications through a mapper, reporting each batch as it finishes."""

    mapper: Mapper
    say: ProgressFn | None = None
    stage: str = ""
    iteration: int = 0
    mentions: int = 0  # every mention simulated so far, for throughput figures
    channels: Channels = ()  # channels with targets of their own

    def at(self, stage: str, iteration: int = 0) -> None:
        self.stage, self.iteration = stage, iteration

    def evaluate(
        self,
        scenario: Scenario,
        seed: int,
        reps: range,
        role: str,
        interval: float,
        *,
        base: int = 0,
        total: int | None = None,
    ) -> NDArray[np.float64]:
        """Counts of `reps`; progress says `base` + done of `total` (a stage of a larger set)."""
        of = len(reps) + base if total is None else total
        parts = []
        each = evaluate_each(self.mapper, scenario, seed, reps, role, interval, self.channels)
        for done, part in enumerate(each, start=1):
            parts.append(part)
            self.mentions += int(part[5].sum())
            self._report(base + done, of, done == len(reps))
        return np.stack(parts)

    def evaluate_teams(
        self,
        scenario: Scenario,
        seed: int,
        reps: range,
        teams: tuple[tuple[str, Channels], ...],
        interval: float,
    ) -> list[NDArray[np.float64]]:
        """`evaluate` for several teams at once: one run per replication, counted for each."""
        parts = []
        each = evaluate_teams_each(self.mapper, scenario, seed, reps, teams, interval)
        for done, part in enumerate(each, start=1):
            parts.append(part)
            self.mentions += int(part[0][5].sum())
            self._report(done, len(reps), done == len(reps))
        return [np.stack([p[j] for p in parts]) for j in range(len(teams))]

    def _report(self, done: int, total: int, last: bool) -> None:
        """Say how far the stage is, once per worker's worth of replications and at its end."""
        if self.say is not None and (last or done % max(1, self.mapper.workers) == 0):
            self.say(Step(self.stage, self.iteration, done, total))

"""How far a long analysis has got: the stage, the iteration and the replications done.

A plan's iterations each evaluate every replication; a progress bar that moves only once
an iteration is no bar at all on a long scenario, so replications are handed to the
mapper a worker's load at a time and each batch reports. Batching changes nothing in the
numbers: replication r always draws from the streams of (seed, r).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from sim.analysis.measure import Channels, evaluate, evaluate_teams
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
        batch = len(reps) if self.say is None else max(1, self.mapper.workers)
        parts = []
        for lo in range(0, len(reps), batch):
            part = evaluate(
                self.mapper, scenario, seed, reps[lo : lo + batch], role, interval, self.channels
            )
            parts.append(part)
            self.mentions += int(part[:, 5].sum())
            if self.say is not None:
                done = base + min(lo + batch, len(reps))
                self.say(Step(self.stage, self.iteration, done, of))
        return np.concatenate(parts)

    def evaluate_teams(
        self,
        scenario: Scenario,
        seed: int,
        reps: range,
        teams: tuple[tuple[str, Channels], ...],
        interval: float,
    ) -> list[NDArray[np.float64]]:
        """`evaluate` for several teams at once: one run per replication, counted for each."""
        batch = len(reps) if self.say is None else max(1, self.mapper.workers)
        parts = []
        for lo in range(0, len(reps), batch):
            part = evaluate_teams(self.mapper, scenario, seed, reps[lo : lo + batch], teams,
                                  interval)  # fmt: skip
            parts.append(part)
            self.mentions += int(part[0][:, 5].sum())
            if self.say is not None:
                self.say(Step(self.stage, self.iteration, min(lo + batch, len(reps)), len(reps)))
        return [np.concatenate([p[j] for p in parts]) for j in range(len(teams))]

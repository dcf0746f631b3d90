"""The queue every benchmark model simulates, and the counts each one reports.

Three models (plain SimPy, Ciw and the surgedesk engine) are timed side by side, so they
share one description of the queue and one definition of what they count: a speed-up only
means something if all three simulate the same M/M/c+M system and agree with Erlang A.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the plain SimPy script imports this module: it needs no theory
    from sim.analysis.erlang import QueueFigures


@dataclass(frozen=True)
class Case:
    """An M/M/c+M queue and a run length; times in minutes, like `sim/`."""

    per_hour: float  # arrivals per hour
    mean_handle: float  # exponential handle time, minutes
    agents: int
    mean_patience: float  # exponential patience, minutes
    sla: float  # answered within this many minutes counts for the service level
    customers: int  # expected arrivals over the whole run, warm-up included
    warmup: float  # minutes; arrivals before it are not counted

    @property
    def rate(self) -> float:
        """Arrivals per minute."""
        return self.per_hour / 60.0

    @property
    def duration(self) -> float:
        """Minutes of simulated time that carry `customers` arrivals on average."""
        return self.customers / self.rate

    def theory(self) -> QueueFigures:
        from sim.analysis.erlang import erlang_a

        return erlang_a(self.rate, self.mean_handle, self.agents, self.mean_patience, self.sla)

    def scaled(self, customers: int) -> Case:
        return Case(
            self.per_hour,
            self.mean_handle,
            self.agents,
            self.mean_patience,
            self.sla,
            customers,
            self.warmup,
        )


# The benchmark: 600/h, 6 min handle, 65 agents, 30 min patience, ~333 h of traffic.
BENCH_CASE = Case(
    per_hour=600.0,
    mean_handle=6.0,
    agents=65,
    mean_patience=30.0,
    sla=1.0,
    customers=200_000,
    warmup=300.0,
)


@dataclass(frozen=True)
class Counts:
    """Outcomes of the customers who arrived after the warm-up.

    A customer counts as served when service starts (that is when the wait, and so the SLA,
    is settled), as abandoned when patience runs out first; those still waiting when the run
    stops are neither, exactly as the engine's summary counts them.
    """

    arrivals: int
    served: int
    abandoned: int
    served_in_sla: int
    total: int  # every arrival of the run, warm-up included: the work that was simulated

    @property
    def p_abandon(self) -> float:
        return self.abandoned / self.arrivals if self.arrivals else math.nan

    @property
    def service_level(self) -> float:
        """Served within the SLA over all arrivals, Erlang A's definition."""
        return self.served_in_sla / self.arrivals if self.arrivals else math.nan

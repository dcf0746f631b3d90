"""The arrivals a team faces per interval, from the scenario's own rates rather than samples.

Per-interval Erlang A is the baseline the planner is compared with, so it must not carry
sampling noise: averaging 20 replications reads 104 where 100 are expected. The baseline
and every shaped surge (step, ramp, shock, wave) are non-homogeneous Poisson processes
whose expected count over an interval is known exactly (`RateShape.expected`); each is
thinned by the share of its mix the team answers (kinds the protocol responds to, the
team's channels, kinds and topics, listening coverage for indirect mentions). What has no
closed form here (viral cascades, follow-ups, echoes) is left to the measured mean, which
the caller adds from the simulation; FAQ deflection and advocates are not subtracted, so
the column is the load before either helps.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray

from sim.engine.sources import Mix, Source, build_sources
from sim.model.scenario import Scenario
from sim.model.team import Team


def answered_share(mix: Mix, team: Team, respond_to: list[str], coverage: float) -> float:
    """The share of a source's mentions that need a response this team can give."""

    def allowed(shares: Mapping[str, float], only: list[str] | None) -> float:
        return sum(v for name, v in shares.items() if only is None or name in only)

    kinds = {k: v for k, v in mix.kinds.items() if k in respond_to}
    heard = mix.direct + (1.0 - mix.direct) * coverage
    return (
        allowed(mix.channels, _names(team.channels))
        * allowed(kinds, _names(team.kinds))
        * allowed(mix.topics, _names(team.topics))
        * heard
    )


def _names(values: Sequence[str] | None) -> list[str] | None:
    return None if values is None else [str(v) for v in values]


def shaped_sources(scenario: Scenario) -> list[Source]:
    """The scenario's sources that have a rate shape (an exact expected count)."""
    return [s for s in build_sources(scenario, seed=0) if s.shape is not None]


def expected_arrivals(scenario: Scenario, team: Team, interval: float) -> NDArray[np.float64]:
    """Expected mentions per interval from the shaped sources that need `team`'s response."""
    k = math.ceil(scenario.meta.duration / interval)
    edges = [min(i * interval, scenario.meta.duration) for i in range(k + 1)]
    coverage = scenario.listening.coverage if scenario.listening is not None else 1.0
    respond_to = [str(kind) for kind in scenario.protocol.respond_to]
    out = np.zeros(k)
    for source in shaped_sources(scenario):
        assert source.shape is not None
        share = answered_share(source.mix, team, respond_to, coverage)
        if share > 0:
            out += share * np.array([source.shape.expected(a, b) for a, b in pairwise(edges)])
    return out

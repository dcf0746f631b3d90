"""The arrivals a team faces per interval, from the scenario's own rates rather than samples.

Per-interval Erlang A is the baseline the planner is compared with, so it must not carry
sampling noise: averaging 20 replications reads 104 where 100 are expected. The baseline
and every shaped surge (step, ramp, shock, wave) are non-homogeneous Poisson processes
whose expected count over an interval is known exactly (`RateShape.expected`); each is
thinned by the share of its mix the team answers (kinds the protocol responds to, the
team's channels, kinds and topics, listening coverage for indirect mentions). What has no
closed form here is measured without simulating any service: a viral cascade is drawn
whole when its source is built, so its arrivals are counted straight from the sources of
each replication (`cascade_arrivals`), with no team and no queue. Follow-ups and echoes
exist only where the service falls short; they are left out of the demand (with every
mention answered at once there would be none) and the search meets them as they come.
FAQ deflection and advocates are not subtracted either, so the column is the load before
either helps.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import replace
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


def channel_shares(scenario: Scenario, team: Team) -> dict[str, float]:
    """Expected mentions over the run per channel that need `team`'s response, from the
    shaped sources (what the team's queue is made of, for its Erlang A parameters)."""
    coverage = scenario.listening.coverage if scenario.listening is not None else 1.0
    respond_to = [str(kind) for kind in scenario.protocol.respond_to]
    out: dict[str, float] = {}
    for source in shaped_sources(scenario):
        assert source.shape is not None
        count = source.shape.expected(0.0, scenario.meta.duration)
        for channel, share in source.mix.channels.items():
            only = replace(source.mix, channels={channel: 1.0})
            part = count * share * answered_share(only, team, respond_to, coverage)
            if part > 0:
                out[channel] = out.get(channel, 0.0) + part
    return out


def cascade_arrivals(
    scenario: Scenario, team: Team, interval: float, seed: int, replications: range
) -> NDArray[np.float64]:
    """Mean mentions per interval from viral cascades that need `team`'s response, over
    the replications: each cascade's times as its source draws them, thinned by the
    share of its mix the team answers (no engine, no team, no queue)."""
    k = math.ceil(scenario.meta.duration / interval)
    out = np.zeros(k)
    if not replications or not any(s.shape == "viral" for s in scenario.surges):
        return out
    coverage = scenario.listening.coverage if scenario.listening is not None else 1.0
    respond_to = [str(kind) for kind in scenario.protocol.respond_to]
    for r in replications:
        for source in build_sources(scenario, seed, r):
            if source.cascade is None:
                continue
            share = answered_share(source.mix, team, respond_to, coverage)
            index = np.minimum((source.cascade[0] // interval).astype(np.int64), k - 1)
            out += share * np.bincount(index, minlength=k)
    return out / len(replications)


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

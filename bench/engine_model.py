"""The benchmark queue run by the surgedesk engine, from a scenario file like any user's."""

from __future__ import annotations

from bench.case import Case, Counts
from sim.engine.core import Engine
from sim.model.loading import parse_scenario
from sim.model.scenario import Scenario


def scenario_toml(case: Case, seed: int) -> str:
    """A flat baseline, one team, exponential handle time and patience: an M/M/c+M queue.

    Durations are written in minutes with enough digits that the run has exactly the case's
    length (333.3 h for the issue's 200,000 customers).
    """
    return f"""
[scenario]
name = "bench M/M/{case.agents}+M"
duration = "{case.duration:.6f}m"
warmup = "{case.warmup:.6f}m"
interval = "1h"
seed = {seed}

[baseline]
per_hour = {case.per_hour}
channels = {{ chat = 1.0 }}  # a synchronous channel: who gives up, leaves

[[team]]
role = "care"
agents = {case.agents}
handle_time = {{ dist = "exponential", mean = "{case.mean_handle}m" }}

[protocol]
sla = {{ default = "{case.sla}m" }}
patience = {{ dist = "exponential", mean = "{case.mean_patience}m" }}
"""


def build_scenario(case: Case, seed: int) -> Scenario:
    return parse_scenario(scenario_toml(case, seed))


def run_engine(case: Case, seed: int) -> Counts:
    """Parse the scenario, run it headless without keeping per-mention records, and count.

    `needs_response` is every post-warm-up arrival here (no FAQ, advocates or listening),
    so it is the same denominator the other two models use.
    """
    engine = Engine(build_scenario(case, seed), record_mentions=False)
    s = engine.run()
    total = sum(iv.arrivals for iv in engine.series)
    return Counts(s.needs_response, s.answered, s.missed, s.answered_in_sla, total)

"""Every team planned at once, each against the others' plans."""

from __future__ import annotations

import pytest

from sim.analysis.measure import Targets
from sim.analysis.replications import mapper
from sim.analysis.teams import plan_teams
from sim.model.loading import parse_scenario

TWO_TEAMS = parse_scenario(
    """
[scenario]
name = "two teams"
duration = "4h"
start = "2026-03-02T08:00"
seed = 6
[baseline]
per_hour = 120
channels = { twitter = 0.6, phone = 0.4 }
kinds = { question = 1.0 }
[[surge]]
at = "1h"
shape = "step"
per_hour = 120
duration = "2h"
channels = { twitter = 1.0 }
[[team]]
role = "care"
agents = 4
channels = ["phone", "twitter"]
handle_time = { dist = "exponential", mean = "5m" }
[[team]]
role = "community_manager"
agents = 2
channels = ["twitter"]
handle_time = { dist = "exponential", mean = "5m" }
[protocol]
sla = { twitter = "30m", phone = "5m" }
patience = { dist = "exponential", mean = "30m" }
"""
)


@pytest.mark.slow
def test_teams_sharing_a_channel_are_planned_against_each_other():
    """Both teams answer twitter: sized alone, each would staff for all of it (per-team
    Erlang A counts the shared work twice); planned together they split it."""
    with mapper(2) as m:
        result = plan_teams(
            TWO_TEAMS, ["care", "community_manager"], default=Targets(0.8, 0.05),
            targets={"community_manager": Targets(0.7, 0.1)}, replications=4, mapper=m,
        )  # fmt: skip
    assert result.settled
    care, cm = result.plans["care"], result.plans["community_manager"]
    assert care.converged and cm.converged
    assert cm.targets.service_level == 0.7 and care.targets.service_level == 0.8
    together = care.agent_hours + cm.agent_hours
    alone = care.erlang_a_agent_hours + cm.erlang_a_agent_hours
    assert together < 0.8 * alone
    for plan in (care, cm):
        fresh = {c.schedule: c for c in plan.checks}["plan"]
        assert fresh.significantly_below == 0

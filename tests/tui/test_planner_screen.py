"""The planner screen: a plan runs in the background and its curves are drawn."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from sim.analysis.plan import plan_staffing
from sim.model.loading import parse_scenario
from tests.tui.pilot import SIZE, live_app, on_dashboard, run_async
from tui.screens.planner import PlannerScreen, fit

SMALL = parse_scenario(
    """
[scenario]
name = "small"
duration = "4h"
seed = 2
[baseline]
per_hour = 60
[[surge]]
at = "1h"
shape = "step"
per_hour = 120
duration = "1h"
[[team]]
role = "care"
agents = 2
handle_time = { dist = "exponential", mean = "5m" }
[protocol]
sla = { default = "10m" }
patience = { dist = "exponential", mean = "30m" }
"""
)


@pytest.mark.slow
@run_async
async def test_plan_key_runs_a_plan_and_draws_it():
    app = live_app(SMALL)
    app.plan_replications = 3
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("P")
        assert isinstance(app.screen, PlannerScreen)
        screen = app.screen
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.plan is not None
        expected = plan_staffing(SMALL, "care", replications=3)
        assert screen.plan.agents == expected.agents
        assert max(screen.plan.agents[1:2]) > screen.plan.agents[0]  # the surge hour
        progress = str(screen.query_one("#planner-progress", Static).render())
        assert f"{expected.agent_hours:,.0f} agent-hours planned" in progress
        await pilot.press("escape")
        assert on_dashboard(app)


def test_long_plans_share_columns_at_their_peak():
    assert fit([1.0, 5.0, 2.0], width=3) == [1.0, 5.0, 2.0]
    assert fit([1.0, 5.0, 2.0, 0.0, 3.0], width=3) == [5.0, 2.0, 3.0]

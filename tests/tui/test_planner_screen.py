"""The planner screen: a plan and its roster run in the background and are drawn."""

from __future__ import annotations

from datetime import datetime

import pytest
from textual.widgets import ProgressBar, Static

from sim.analysis.plan import plan_staffing
from sim.analysis.rostering import prove_roster
from sim.model.loading import parse_scenario
from tests.tui.pilot import SIZE, live_app, on_dashboard, run_async
from tui.screens.planner import DEFAULT_SHIFTS, PlannerScreen
from tui.widgets.plan_chart import fit, plan_chart

SMALL_TEXT = """
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
SMALL = parse_scenario(SMALL_TEXT)


@pytest.mark.slow
@run_async
async def test_plan_key_runs_a_plan_and_a_roster_and_draws_them():
    app = live_app(SMALL)
    app.plan_replications = 3
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("P")
        assert isinstance(app.screen, PlannerScreen)
        screen = app.screen
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert screen.plan is not None and screen.proven is not None
        expected = plan_staffing(SMALL, "care", replications=3)
        assert screen.plan.agents == expected.agents
        assert max(screen.plan.agents[1:2]) > screen.plan.agents[0]  # the surge hour
        roster = prove_roster(SMALL, expected, DEFAULT_SHIFTS).roster
        assert screen.proven.roster.shifts == roster.shifts
        progress = str(screen.query_one("#planner-progress", Static).render())
        assert f"{expected.agent_hours:,.0f} agent-hours planned" in progress
        assert f"roster {roster.agent_hours:,.0f} agent-hours" in progress
        chart = str(screen.query_one("#planner-chart", Static).render())
        assert "Mon 08:00" in chart and "people" in chart and "arrivals/h" in chart
        shifts = screen.query_one("#planner-shifts", Static)
        drawn = "\n".join(strip.text for strip in shifts.render_lines(shifts.region.reset_offset))
        assert "Mon 08:00" in drawn and "8h" in drawn and "people" in drawn
        bar = screen.query_one("#planner-bar", ProgressBar)
        assert bar.progress == bar.total  # the last batch of replications filled it
        await pilot.press("escape")
        assert on_dashboard(app)


class Idle(PlannerScreen):
    """The screen without its worker: it draws what it is told and plans nothing."""

    def run_plan(self) -> None:  # type: ignore[override]
        return None


@run_async
async def test_progress_shows_the_stage_the_iteration_and_the_replications():
    from sim.analysis.progress import Step

    app = live_app(SMALL)
    async with app.run_test(size=SIZE) as pilot:
        screen = Idle(SMALL, "care", 3)
        await app.push_screen(screen)
        screen.step(Step("searching", 2, 3, 4))
        await pilot.pause()
        said = str(screen.query_one("#planner-progress", Static).render())
        assert "searching · iteration 2 · 3/4 replications" in said
        bar = screen.query_one("#planner-bar", ProgressBar)
        assert (bar.progress, bar.total) == (3, 4)


def test_the_chart_has_labelled_axes_in_clock_time():
    text = plan_chart(
        datetime(2026, 3, 2, 8, 0),
        60,
        required=[2, 4, 8, 4, 2, 2],
        covered=[3, 4, 8, 5, 3, 3],
        arrivals=[20, 40, 90, 40, 20, 20],
        width=60,
        height=8,
    ).plain
    lines = text.splitlines()
    assert lines[0].startswith("people ┐") and "arrivals/h" in lines[0]
    assert lines[1].startswith("     8 ┤") and lines[1].endswith("├ 100")
    assert lines[8].startswith("     0 ┤") and lines[8].endswith("├ 0")
    assert "Mon 08:00" in lines[10]
    assert "█ required" in lines[-1] and "━ rostered" in lines[-1]
    assert "•" in text and "━" in text and "█" in text


def test_long_plans_share_columns_at_their_peak():
    assert fit([1.0, 5.0, 2.0], width=3) == [1.0, 5.0, 2.0]
    assert fit([1.0, 5.0, 2.0, 0.0, 3.0], width=3) == [5.0, 2.0, 3.0]


def test_the_screen_rosters_from_the_scenarios_own_patterns():
    """A scenario's [[shift_pattern]] for the team is used; without one, 8-hour shifts."""
    own = parse_scenario(SMALL_TEXT + '[[shift_pattern]]\nlength = "2h"\nteam = "care"\n')
    assert [p.length for p in PlannerScreen(own, "care").patterns] == [120]
    assert "the scenario's shift patterns" in PlannerScreen(own, "care").shifts_hint
    assert PlannerScreen(SMALL, "care").patterns == DEFAULT_SHIFTS

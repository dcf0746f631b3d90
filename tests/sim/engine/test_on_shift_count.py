"""`Group.on_shift` is a kept count; it must equal the agents not on their way out."""

from __future__ import annotations

from sim.analysis.measure import with_schedule
from sim.engine.core import Engine, TimedAction
from sim.model import actions as act
from sim.model.library import resolve
from sim.model.loading import load_scenario


def test_the_kept_count_equals_the_agents_not_leaving_through_a_run():
    sc = load_scenario(resolve("recall"))
    sc = with_schedule(sc, "care", [3, 9, 2, 14, 0, 6] * 4, 30)  # busy agents leave late
    extra = [
        TimedAction(95.0, act.AddAgents(role="care", count=5)),
        TimedAction(200.0, act.RemoveAgents(role="care", count=7)),
    ]
    engine = Engine(sc, 7, actions=extra)
    for t in range(5, 12 * 60, 5):
        engine.run_until(float(t))
        for group in engine.groups:
            assert group.on_shift == sum(1 for a in group.agents if not a.leaving)

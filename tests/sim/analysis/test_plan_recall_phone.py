"""On recall with a phone target of its own, phone meets it in every interval."""

from __future__ import annotations

import pytest

from sim.analysis.measure import ChannelTarget, Targets
from sim.analysis.plan import plan_staffing
from sim.analysis.replications import mapper
from sim.model.library import resolve
from sim.model.loading import load_scenario

PHONE = ChannelTarget("phone", 0.8, 0.05, within=1.0)  # 80% within 1 minute, ≤ 5% missed


@pytest.mark.slow
def test_recall_phone_meets_its_own_target_in_every_interval():
    """`plan recall --channel-target phone:0.8,0.05,1m`: every interval meets phone's
    target (and the pooled ones) by the planner's rule on its replications, and fresh
    seeds show no interval below either at the planner's confidence. Per-interval Erlang A
    on the pooled load cannot see the phone target: fresh seeds show it failing phone."""
    sc = load_scenario(resolve("recall"))
    targets = Targets(by_channel=(PHONE,))
    with mapper(2) as m:
        plan = plan_staffing(sc, "care", targets=targets, replications=10, mapper=m)
    assert plan.converged  # every interval meets every target on the planning seeds
    checks = {c.schedule: c for c in plan.checks}
    fresh = checks["plan"]
    assert len(fresh.by_channel["phone"]["missed_rate"]) == len(plan.intervals) == 72
    assert fresh.failed == []  # none below at the planner's confidence, pooled or phone
    assert fresh.significantly_below == 0
    erlang = checks["erlang_a"]
    assert erlang.failed and erlang.below_target > fresh.below_target

"""The plan's baseline, shrinkage and occupancy cap: exact where they can be."""

from __future__ import annotations

import numpy as np
import pytest

from sim.analysis.intensity import expected_arrivals
from sim.analysis.measure import Targets, busy_minutes
from sim.analysis.plan import plan_staffing, scheduled_people
from sim.model.loading import parse_scenario

MIXED = parse_scenario(
    """
[scenario]
name = "mixed"
duration = "3h"
start = "2026-03-02T09:00"
seed = 4
[baseline]
per_hour = 120
channels = { twitter = 0.5, phone = 0.5 }
kinds = { question = 0.6, praise = 0.4 }
[[surge]]
at = "1h"
shape = "step"
per_hour = 60
duration = "30m"
channels = { phone = 1.0 }
kinds = { complaint = 1.0 }
[[team]]
role = "care"
agents = 3
channels = ["phone"]
handle_time = { dist = "exponential", mean = "4m" }
[protocol]
respond_to = ["question", "complaint"]
sla = { default = "10m" }
patience = { dist = "exponential", mean = "20m" }
"""
)


def test_the_erlang_a_column_reads_the_exact_intensity():
    team = MIXED.team[0]
    # baseline: 120/h x phone 0.5 x question 0.6 = 36 per hour; the surge adds 30 in hour 2
    assert np.allclose(expected_arrivals(MIXED, team, 60), [36, 66, 36])
    plan = plan_staffing(MIXED, "care", replications=3, validate=False)
    assert [iv.arrivals for iv in plan.intervals] == pytest.approx([36, 66, 36])


def test_busy_minutes_are_cut_at_the_interval_edges():
    begin = np.array([10.0, 50.0, 170.0])
    end = np.array([20.0, 130.0, 200.0])  # the last runs past the end of the clock
    assert busy_minutes(begin, end, 60, 3).tolist() == [20.0, 60.0, 20.0]


@pytest.mark.parametrize(
    ("agents", "shrinkage", "people"),
    [(7, 0.3, 10), (8, 0.3, 12), (0, 0.3, 0), (10, 0.0, 10), (9, 0.25, 12), (1, 0.5, 2)],
)
def test_shrinkage_grosses_up_exactly(agents, shrinkage, people):
    assert scheduled_people(agents, shrinkage) == people


def test_shrinkage_scales_the_plan_by_one_over_one_minus_s():
    plain = plan_staffing(MIXED, "care", replications=3, validate=False)
    shrunk = plan_staffing(MIXED, "care", replications=3, validate=False, shrinkage=0.3)
    assert shrunk.agents == plain.agents  # productive agents do not change
    for iv in shrunk.intervals:
        assert iv.scheduled == -(-iv.agents * 10 // 7)  # ⌈agents / 0.7⌉ in integers
        assert iv.scheduled * 0.7 >= iv.agents - 1e-9
        assert (iv.scheduled - 1) * 0.7 < iv.agents


def test_a_bad_shrinkage_is_refused():
    with pytest.raises(ValueError, match="shrinkage"):
        plan_staffing(MIXED, "care", replications=2, shrinkage=1.0)


def test_the_occupancy_cap_is_a_target_like_the_others():
    loose = Targets(0.8, 0.05)
    capped = Targets(0.8, 0.05, max_occupancy=0.45)
    free = plan_staffing(MIXED, "care", targets=loose, replications=4, validate=False)
    held = plan_staffing(MIXED, "care", targets=capped, replications=4, validate=False)
    assert held.converged
    assert all(iv.occupancy <= 0.45 for iv in held.intervals)
    assert max(iv.occupancy for iv in free.intervals) > 0.45  # the cap binds somewhere
    assert held.agent_hours > free.agent_hours


PHONE_AND_TWITTER = parse_scenario(
    """
[scenario]
name = "phone and twitter"
duration = "4h"
start = "2026-03-02T08:00"
seed = 3
[baseline]
per_hour = 120
channels = { twitter = 0.8, phone = 0.2 }
kinds = { question = 1.0 }
[[surge]]
at = "1h"
shape = "step"
per_hour = 120
duration = "2h"
[[team]]
role = "care"
agents = 4
handle_time = { dist = "exponential", mean = "5m" }
[protocol]
sla = { twitter = "1h", phone = "5m" }
patience = { dist = "exponential", mean = "30m" }
"""
)


def test_channel_rows_split_the_pooled_counts():
    from sim.analysis.measure import ROWS, cohort_counts, with_schedule

    sc = with_schedule(PHONE_AND_TWITTER, "care", [6, 8, 8, 6], 60)
    both = (("phone", None), ("twitter", None))
    counts = cohort_counts(sc, 3, 0, "care", 60, both)
    assert counts.shape == (ROWS + 8, 4)
    phone, twitter = counts[ROWS : ROWS + 4], counts[ROWS + 4 : ROWS + 8]
    assert np.array_equal(phone + twitter, counts[:4])  # needs, settled, in SLA, missed
    strict = cohort_counts(sc, 3, 0, "care", 60, (("phone", 0.5),))[ROWS : ROWS + 4]
    assert np.array_equal(strict[[0, 1, 3]], phone[[0, 1, 3]])
    assert (strict[2] <= phone[2]).all() and strict[2].sum() < phone[2].sum()


def test_a_channel_target_staffs_up_until_that_channel_meets_it():
    from sim.analysis.measure import ChannelTarget

    pooled = Targets(0.8, 0.05)
    phone = Targets(0.8, 0.05, by_channel=(ChannelTarget("phone", 0.95, 0.01, within=0.5),))
    plain = plan_staffing(PHONE_AND_TWITTER, "care", targets=pooled, replications=4)
    strict = plan_staffing(PHONE_AND_TWITTER, "care", targets=phone, replications=4)
    assert strict.converged
    assert strict.agent_hours > plain.agent_hours
    assert all(s >= p for s, p in zip(strict.agents, plain.agents, strict=True))
    check = {c.schedule: c for c in strict.checks}
    figures = check["plan"].by_channel["phone"]
    assert len(figures["service_level"]) == len(strict.intervals)
    # per-interval Erlang A on the pooled load cannot see the phone target: it fails it
    assert check["erlang_a"].below_target > check["plan"].below_target

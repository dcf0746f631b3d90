"""Giving up is not leaving: who stays in the queue after their patience runs out, and the
figures that follow (answered later, dropped, open at the end, caught up).

The first cases are worked by hand: 36 posts wait at the start (a backlog of age 0), one
agent answers each in exactly 10 minutes, every author gives up after exactly 55 minutes,
and the SLA is an hour. The agent picks up posts 1-6 at minutes 0, 10, ..., 50, all within
patience and SLA; posts 7-36 give up at minute 55. What happens to those 30 is the rule.
"""

from __future__ import annotations

import pytest

from sim.engine.core import Engine
from sim.engine.mentions import State
from sim.model.loading import parse_scenario
from sim.model.scenario import Scenario


def overloaded_then_quiet(channel: str = "twitter", protocol: str = "") -> Scenario:
    return parse_scenario(
        f"""
[scenario]
name = "hand-computed backlog"
duration = "8h"
interval = "1h"

[[team]]
role = "care"
agents = 1
handle_time = "10m"

[protocol]
sla = {{ default = "1h" }}
patience = "55m"
{protocol}

[[backlog]]
channel = "{channel}"
kind = "question"
count = 36
age = "0m"
"""
    )


def test_posts_that_stay_are_answered_later_and_the_backlog_clears_by_hand() -> None:
    engine = Engine(overloaded_then_quiet())
    s = engine.run()
    assert (s.needs_response, s.answered_in_sla, s.late, s.missed) == (36, 6, 0, 30)
    assert s.missed_answered_later == 30  # posts 7-36, at minutes 60, 70, ..., 350
    assert (s.answered, s.dropped, s.open_at_end, s.open) == (36, 0, 0, 0)
    assert s.peak_queue == 35  # post 1 was picked up at once
    assert s.backlog_cleared_min == pytest.approx(350.0)  # post 36 picked up at minute 350
    assert s.occupancy == pytest.approx(360 / 480)  # busy for 6 of the 8 hours
    # The agent stays busy for the six hours after the posts' authors gave up (post 36
    # ends at minute 360, the sixth interval's end, where it still counts as busy).
    assert [iv.agents_busy for iv in engine.series] == [1, 1, 1, 1, 1, 1, 0, 0]
    assert engine.series[0].missed == 30 and engine.series[0].dropped == 0
    assert sum(iv.missed_answered_later for iv in engine.series) == 30
    later = sorted(m.t_start for m in engine.mentions if m.gave_up)
    assert later == pytest.approx([60.0 + 10 * i for i in range(30)])
    assert {m.outcome for m in engine.mentions if m.gave_up} == {"answered_later"}
    assert s.by_channel["twitter"]["missed"] == 30
    assert s.by_team["care"] == {"agents_on_shift_mean": 1.0, "occupancy": 0.75, "answered": 36}


def test_with_stale_after_zero_nothing_is_answered_after_giving_up() -> None:
    engine = Engine(overloaded_then_quiet(protocol='stale_after = { default = "0m" }'))
    s = engine.run()
    assert (s.answered_in_sla, s.missed, s.missed_answered_later) == (6, 30, 0)
    assert (s.answered, s.dropped, s.open_at_end) == (6, 30, 0)
    assert s.backlog_cleared_min == pytest.approx(55.0)  # all 30 dropped at minute 55
    assert all(m.state is State.MISSED and m.t_end == 55.0 for m in engine.mentions if m.gave_up)


def test_a_post_is_dropped_when_it_goes_stale() -> None:
    engine = Engine(overloaded_then_quiet(protocol='stale_after = { twitter = "2h" }'))
    s = engine.run()
    # Posts 7-13 are answered at 60..120 (at 120 exactly, not yet past its age); the
    # rest are past 2 h right after, and dropped unanswered.
    assert (s.missed_answered_later, s.dropped, s.open_at_end) == (7, 23, 0)
    dropped = [m for m in engine.mentions if m.state is State.MISSED]
    assert {m.t_end for m in dropped} == {120.0}


def test_synchronous_channels_leave_at_patience() -> None:
    s = Engine(overloaded_then_quiet("phone")).run()
    assert (s.answered, s.missed, s.missed_answered_later, s.dropped) == (6, 30, 0, 30)
    kept = 'leave_at_patience = ["chat"]'
    s = Engine(overloaded_then_quiet("phone", protocol=kept)).run()
    assert (s.answered, s.missed_answered_later, s.dropped) == (36, 30, 0)


def test_the_backlog_still_waiting_at_the_end_is_open() -> None:
    sc = overloaded_then_quiet()
    sc = sc.model_copy(update={"meta": sc.meta.model_copy(update={"duration": 180.0})})
    s = Engine(sc).run()
    # By minute 180 the agent has picked up 18 posts (0, 10, ..., 170); 18 still wait.
    assert (s.answered, s.open_at_end, s.missed) == (18, 18, 30)
    assert s.open == 0  # every author still waiting has given up
    assert s.answered + s.dropped + s.open_at_end == s.needs_response
    assert s.backlog_cleared_min is None  # never back to the level before the backlog


def overload(protocol: str = "", hours_quiet: int = 10) -> Scenario:
    """Twitter only: 6 hours at twice the team's capacity, then a quiet baseline."""
    return parse_scenario(
        f"""
[scenario]
name = "twitter overload"
duration = "{6 + hours_quiet}h"
interval = "1h"
seed = 5

[baseline]
per_hour = 6
daily_profile = "flat"

[[surge]]
at = "0m"
shape = "step"
per_hour = 54
duration = "6h"

[[team]]
role = "care"
agents = 5
handle_time = {{ dist = "exponential", mean = "10m" }}

[protocol]
patience = {{ dist = "exponential", mean = "1h" }}
{protocol}
"""
    )


def test_after_a_surge_the_team_works_off_the_backlog() -> None:
    stays = Engine(overload())
    s = stays.run()
    assert s.missed_answered_later > 100
    assert s.backlog_cleared_min is not None and s.backlog_cleared_min > 60
    # Two hours after the surge the team is still fully busy with the posts that stayed.
    assert [iv.agents_busy for iv in stays.series[6:8]] == [5, 5]
    gone = Engine(overload('stale_after = { default = "0m" }'))
    g = gone.run()
    assert g.missed_answered_later == 0 and g.dropped == g.missed
    assert g.answered < s.answered
    assert sum(iv.agents_busy for iv in gone.series[7:9]) < 10
    for summary in (s, g):
        assert summary.answered + summary.dropped + summary.open_at_end == summary.needs_response
        later = summary.answered - summary.answered_in_sla - summary.late
        assert later == summary.missed_answered_later


def test_serving_those_still_waiting_first_keeps_more_within_patience() -> None:
    first = Engine(overload()).run()
    strict = Engine(overload("gave_up_last = false")).run()
    assert first.missed < strict.missed
    assert first.answered_in_sla + first.late > strict.answered_in_sla + strict.late

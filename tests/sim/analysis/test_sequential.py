"""Sequential sampling: an iteration stops adding replications once its outcome is settled."""

from __future__ import annotations

import numpy as np
import pytest

from sim.analysis.intensity import cascade_arrivals
from sim.analysis.measure import ROWS, Targets
from sim.analysis.sequential import judge_iteration, stages
from sim.analysis.staffing import queue_of
from sim.model.library import resolve
from sim.model.loading import load_scenario, parse_scenario


@pytest.mark.parametrize(
    ("reps", "workers", "marks"),
    [
        (20, 2, [6, 10, 14, 18, 20]),
        (20, 1, [5, 8, 11, 14, 17, 20]),
        (4, 2, [4]),
        (10, 4, [4, 8, 10]),
    ],
)
def test_stages_are_whole_multiples_of_the_workers_ending_at_all(reps, workers, marks):
    assert stages(reps, workers) == marks


def _counts(in_sla: list[list[int]], settled: float = 100.0) -> np.ndarray:
    """Replications × rows × intervals with `in_sla[r][i]` of `settled` answered in SLA."""
    sla = np.asarray(in_sla, dtype=np.float64)
    out = np.zeros((sla.shape[0], ROWS, sla.shape[1]))
    out[:, 0] = out[:, 1] = settled
    out[:, 2] = sla
    return out


def test_a_clear_failure_and_a_clear_pass_settle_early_an_undecided_one_does_not():
    targets = Targets(0.9, 0.05, 0.9)
    no_cap = np.zeros(2)
    # interval 0: about 70% in SLA (clearly under 90%); interval 1: about 99% (clearly over)
    clear = judge_iteration(_counts([[70, 99], [72, 98], [69, 99], [71, 100]]), targets, no_cap,
                            complete=False)  # fmt: skip
    assert clear.failed.tolist() == [True, False] and clear.met.tolist() == [False, True]
    assert clear.settled
    # around 90% with a wide spread: neither clearly in nor out, so sampling goes on
    unsure = judge_iteration(_counts([[80, 99], [99, 99], [85, 99], [96, 99]]), targets, no_cap,
                             complete=False)  # fmt: skip
    assert not unsure.failed.any() and unsure.met.tolist() == [False, True]
    assert not unsure.settled
    # on the full set the planner's own rule decides: not met is failed
    full = judge_iteration(_counts([[80, 99], [99, 99], [85, 99], [96, 99]]), targets, no_cap,
                           complete=True)  # fmt: skip
    assert full.failed.tolist() == [True, False] and full.settled


def test_few_replications_must_show_more_than_many_to_count_as_met():
    """Student's t on n − 1 degrees of freedom, not the normal bound of the full set."""
    targets = Targets(0.9, 0.05, 0.9)
    reps = [[93], [95], [92], [94]]  # mean 93.5%, sd 1.3 points: normal bound 92.7, t 91.7
    early = judge_iteration(_counts(reps), targets, np.zeros(1), complete=False)
    assert early.met.all()
    tight = Targets(0.925, 0.05, 0.9)  # above t's bound, below the normal one
    assert not judge_iteration(_counts(reps), tight, np.zeros(1), complete=False).met.any()
    assert judge_iteration(_counts(reps), tight, np.zeros(1), complete=True).met.all()


def test_the_queue_is_weighted_by_the_exact_intensity():
    sc = parse_scenario(
        """
[scenario]
name = "two channels"
duration = "2h"
[baseline]
per_hour = 100
channels = { twitter = 0.75, phone = 0.25 }
kinds = { question = 1.0 }
[[team]]
role = "care"
agents = 3
handle_time = { dist = "exponential", mean = "5m" }
[protocol]
sla = { twitter = "60m", phone = "4m" }
[protocol.patience]
default = { dist = "exponential", mean = "2h" }
phone = { dist = "exponential", mean = "4m" }
"""
    )
    q = queue_of(sc, sc.team[0])
    assert q.handle == pytest.approx(5.0)
    assert q.sla == pytest.approx(0.75 * 60 + 0.25 * 4)
    assert q.patience == pytest.approx(0.75 * 120 + 0.25 * 4)


def test_cascades_are_counted_from_the_sources_without_a_team():
    sc = load_scenario(resolve("influencer"))
    assert any(s.shape == "viral" for s in sc.surges)
    team = sc.team[0]
    once = cascade_arrivals(sc, team, 60, sc.meta.seed, range(3))
    assert once.sum() > 0
    assert np.array_equal(once, cascade_arrivals(sc, team, 60, sc.meta.seed, range(3)))
    assert cascade_arrivals(load_scenario(resolve("recall")), team, 60, 7, range(3)).sum() == 0

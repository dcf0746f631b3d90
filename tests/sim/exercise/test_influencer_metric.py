"""The influencer objective on the bundled influencer-night drill: it must measure the team.

Averaging only the answered big accounts once scored a team that answered every one of
them, the last one late, at 137 minutes and a team that did nothing at 66 (trial 3): silence
left the hardest post out. An unanswered post now counts the time it waited.
"""

from __future__ import annotations

import pytest

from sim.engine.core import Engine, TimedAction
from sim.engine.mentions import INFLUENCER_REACH
from sim.exercise.build import BuiltDrill, build
from sim.exercise.loading import load_drill, resolve_drill
from sim.exercise.metrics import INFLUENCER_METRIC, measure
from sim.session.responses import vip_first


@pytest.fixture(scope="module")
def night() -> BuiltDrill:
    return build(load_drill(resolve_drill("influencer-night")))


def _play(built: BuiltDrill, actions: list[TimedAction]) -> Engine:
    engine = Engine(built.scenario, built.seed)
    for timed in actions:
        engine.run_until(timed.at)
        engine.apply(timed.action)
    engine.run_until(engine.duration)
    return engine


def test_a_big_account_nobody_answered_counts_its_wait_to_the_end(night: BuiltDrill) -> None:
    engine = _play(night, [])  # the team does nothing
    posts = [m for m in engine.influential if m.needs_response and m.reach >= INFLUENCER_REACH]
    unanswered = [m for m in posts if m.t_start < 0]
    assert unanswered and len(unanswered) < len(posts)
    expected = sum((m.t_start if m.t_start >= 0 else engine.now) - m.t for m in posts) / len(posts)
    assert measure(INFLUENCER_METRIC, engine) == pytest.approx(expected)


def test_answering_big_accounts_first_passes_and_doing_nothing_does_not(night: BuiltDrill) -> None:
    target = next(o.target for o in night.drill.objectives if o.metric == INFLUENCER_METRIC)
    idle = measure(INFLUENCER_METRIC, _play(night, []))
    first = measure(INFLUENCER_METRIC, _play(night, [TimedAction(11 * 60 + 10, vip_first())]))
    assert idle is not None and first is not None
    assert first <= target < idle

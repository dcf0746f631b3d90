"""The counterfactual: the drill replayed with late responses on time and missed ones taken."""

from __future__ import annotations

import dataclasses
import math

from sim.engine.core import TimedAction
from sim.engine.replay import replay
from sim.exercise.counterfactual import counterfactual
from sim.exercise.scoring import RunFacts, score, score_facts
from sim.model import actions as act


def test_counterfactual_moves_the_late_action_and_equals_a_direct_replay(played):
    built, engine, live = played
    sc = score(built.drill, engine, live)
    cf = counterfactual(built, live, sc, insert_missed=False)
    assert [(c.kind, c.at, c.was_at) for c in cf.changes] == [("moved", 480.0, 510.0)]
    assert cf.actual == engine.summary()  # the replay of the live run is exact
    direct = replay(built.scenario, built.seed, [live[0], TimedAction(480.0, live[1].action)])
    assert cf.counterfactual == direct.summary()
    assert cf.missed_counterfactual < cf.missed_actual
    assert cf.counterfactual.service_level > cf.actual.service_level
    again = counterfactual(built, live, sc, insert_missed=False)
    assert again.counterfactual == cf.counterfactual  # deterministic


def test_counterfactual_can_insert_missed_responses(played):
    built, engine, live = played
    # Judged on the team's actions alone (the run's FAQ process, which starts the FAQ on its
    # own in this run and so meets the FAQ expectation, left out): the FAQ response is missed.
    facts = dataclasses.replace(RunFacts.of(engine, []), faqs=None, measured={})
    facts = dataclasses.replace(facts, measured={o.metric: None for o in built.drill.objectives})
    sc = score_facts(built.drill, live, facts)
    cf = counterfactual(built, live, sc)
    inserted = [c for c in cf.changes if c.kind == "inserted"]
    assert [(c.inject_id, c.at, c.action) for c in inserted] == [
        ("faq", 540.0, act.PublishFaq(topic="recall-refund"))
    ]
    assert TimedAction(540.0, act.PublishFaq(topic="recall-refund")) in cf.live_actions
    assert not math.isnan(cf.counterfactual.service_level)

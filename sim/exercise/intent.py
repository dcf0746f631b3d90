"""Where a team action aimed at "the top topic" is meant to land during a drill.

The dashboard's statement and FAQ keys name no topic: they aim at whatever people are
talking about most. In a drill that guess can be wrong in a way no team would mean: legal
warns at 13:30 that the recall goes public at 14:00 and asks for a holding statement now;
the team posts one, and "the top topic" at 13:30 is still delivery, because the recall
topic does not exist yet. The rule, one for the session (what is sent and recorded) and
for scoring (old records that kept the action topic-less):

A `holding_statement` or `publish_faq` without a topic, taken at minute t, is about topic X
when the drill expects that action on X and that expectation is *open* at t: the inject
before it in the script has been shown (its heads-up; the inject itself if it is the first)
and the team has not yet taken that action on X. Several open: the earliest deadline wins.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from sim.engine.core import TimedAction
from sim.exercise.drill_file import Drill, DrillInject
from sim.model import actions as act

TOPIC_ACTIONS = (act.HoldingStatement, act.PublishFaq)


def opens_at(drill: Drill, inject: DrillInject) -> float:
    """The minute an expectation opens: the inject shown just before this one, if any."""
    earlier = [i.at for i in drill.injects if i.at < inject.at]
    return max(earlier) if earlier else inject.at


def intended_topic(
    drill: Drill, action: act.Action, at: float, earlier: Sequence[TimedAction]
) -> str | None:
    """The topic a topic-less statement or FAQ at minute `at` means, by the rule; else None.

    `earlier` are the team's actions before this one (topics resolved).
    """
    if not isinstance(action, TOPIC_ACTIONS) or action.topic is not None:
        return None
    name = act.action_name(action)
    answered = {
        getattr(t.action, "topic", None)
        for t in earlier
        if t.at <= at and act.action_name(t.action) == name
    }
    open_ = [
        (inj.at + inj.expect.within, i, inj.expect.topic)
        for i, inj in enumerate(drill.injects)
        if inj.expect is not None
        and inj.expect.action == name
        and inj.expect.topic is not None
        and inj.expect.topic not in answered
        and opens_at(drill, inj) <= at
    ]
    return min(open_)[2] if open_ else None


def with_intent(drill: Drill, timed: TimedAction, earlier: Sequence[TimedAction]) -> act.Action:
    """The action with the topic the rule gives it (unchanged if the rule does not apply)."""
    topic = intended_topic(drill, timed.action, timed.at, earlier)
    if topic is None:
        return timed.action
    return dataclasses.replace(timed.action, topic=topic)  # type: ignore[arg-type]


def resolve_all(drill: Drill, live: Sequence[TimedAction]) -> list[TimedAction]:
    """Each live action with its intended topic, in the order given (each sees the earlier)."""
    out: list[TimedAction] = []
    for timed in live:
        out.append(TimedAction(timed.at, with_intent(drill, timed, out)))
    return out

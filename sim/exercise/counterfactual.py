"""What being on time would have bought: the drill replayed with its responses moved.

The after-action report sets the run as played beside the same run with every late
response moved to its deadline (and, if asked, every missed one taken at its deadline).
Both are replays with the same seed to the same minute, so the difference is timing alone.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sim.engine.core import TimedAction
from sim.engine.metrics import Summary
from sim.engine.replay import replay
from sim.exercise.build import BuiltDrill
from sim.exercise.drill_file import Expect
from sim.exercise.scoring import Score
from sim.model import actions as act
from sim.model.scenario import Scenario


@dataclass(frozen=True)
class Change:
    """One edit the counterfactual makes to the live actions."""

    inject_id: str
    kind: Literal["moved", "inserted"]
    action: act.Action
    at: float
    was_at: float | None = None  # for a moved action, when the team actually took it


@dataclass(frozen=True)
class Counterfactual:
    """The same drill with every late response on time (and, if asked, every missed one)."""

    changes: tuple[Change, ...]
    actual: Summary
    counterfactual: Summary
    live_actions: tuple[TimedAction, ...]
    inserted_missed: bool

    @property
    def missed_actual(self) -> int:
        return self.actual.missed

    @property
    def missed_counterfactual(self) -> int:
        return self.counterfactual.missed

    def as_dict(self) -> dict[str, Any]:
        return {
            "inserted_missed": self.inserted_missed,
            "changes": [
                {
                    "inject_id": c.inject_id,
                    "kind": c.kind,
                    "at_min": c.at,
                    "was_at_min": c.was_at,
                    "action": act.describe(c.action),
                }
                for c in self.changes
            ],
            "actual": self.actual.as_dict(),
            "counterfactual": self.counterfactual.as_dict(),
        }


def counterfactual(
    built: BuiltDrill,
    live_actions: Sequence[TimedAction],
    score: Score,
    *,
    insert_missed: bool = True,
    fixed: Sequence[TimedAction] = (),
) -> Counterfactual:
    """Replay with each late response moved to its deadline, and each missed one inserted.

    `fixed` are live actions that were not the team's (a controller's unscheduled
    injects): they changed the run, so both replays keep them where they were.

    A missed response is inserted at its deadline with the action's default parameters
    plus the expectation's `topic` and `role` (for staffing actions without a role, the
    scenario's first team; one agent). Both runs are replays with the same seed, played to
    the minute the score was taken at, so the difference is the timing alone.
    """
    live = list(live_actions)
    changes: list[Change] = []
    for e in score.expectations:
        if e.status == "late" and e.evidence is not None and e.evidence_index is not None:
            live[e.evidence_index] = TimedAction(e.deadline, e.evidence.action)
            changes.append(
                Change(e.inject_id, "moved", e.evidence.action, e.deadline, e.evidence.at)
            )
    if insert_missed:
        for e in score.expectations:
            if e.status != "missed":
                continue
            inject = built.drill.inject(e.inject_id)
            if inject is None or inject.expect is None:
                continue  # a spike alert's: acknowledging changes nothing in the run
            action = default_action(inject.expect, built.scenario)
            if action is None or e.deadline >= built.scenario.meta.duration:
                continue
            live.append(TimedAction(e.deadline, action))
            changes.append(Change(e.inject_id, "inserted", action, e.deadline))
    until = score.at
    actual = replay(built.scenario, built.seed, [*fixed, *live_actions], until).summary()
    after = replay(built.scenario, built.seed, [*fixed, *live], until).summary()
    changes.sort(key=lambda c: c.at)  # stable: same-minute changes keep expectation order
    return Counterfactual(tuple(changes), actual, after, tuple(live), insert_missed)


def default_action(expect: Expect, scenario: Scenario) -> act.Action | None:
    """The plainest action that answers an expectation; None for a surge (nobody's response)."""
    params: dict[str, Any] = {}
    cls = act.ACTION_TYPES[expect.action]
    if cls is act.TriggerSurge:
        return None
    names = {f.name for f in dataclasses.fields(cls)}
    if "topic" in names and expect.topic is not None:
        params["topic"] = expect.topic
    if "role" in names:
        role = expect.role or (scenario.team[0].label if scenario.team else None)
        if role is None:
            return None
        params["role"] = role
    return act.action_from_params(expect.action, params, scenario)

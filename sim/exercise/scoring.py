"""How the team did: expectations met, late or missed (with evidence), objectives passed.

The rules are functions of facts (the live actions, the minute, the run's summary and
measured values), so a score can be taken from a stored run or in a test without an
engine; `score` is the shortcut that reads those facts off an engine.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sim.engine.core import Engine, TimedAction
from sim.engine.metrics import Summary
from sim.exercise.drill_file import Drill, DrillInject, Expect, Objective
from sim.exercise.metrics import measure
from sim.model import actions as act

Status = Literal["met", "late", "missed", "pending"]

# Overall score weights: an expectation met earns 1, a late one LATE_CREDIT, a missed one 0;
# an objective passed earns 1. The overall score is the points over the item count.
LATE_CREDIT = 0.5


@dataclass(frozen=True)
class ExpectationResult:
    inject_id: str
    title: str
    action: str
    description: str
    inject_at: float
    deadline: float
    status: Status
    evidence: TimedAction | None = None
    evidence_index: int | None = None  # position in the live action list
    late_by: float | None = None

    def as_dict(self) -> dict[str, Any]:
        ev = self.evidence
        return {
            "inject_id": self.inject_id,
            "title": self.title,
            "action": self.action,
            "description": self.description,
            "inject_at_min": self.inject_at,
            "deadline_min": self.deadline,
            "status": self.status,
            "evidence": None
            if ev is None
            else {
                "at_min": ev.at,
                **act.action_to_params(ev.action),
                "text": act.describe(ev.action),
            },
            "late_by_min": self.late_by,
        }


@dataclass(frozen=True)
class ObjectiveResult:
    metric: str
    op: str
    target: float
    description: str
    value: float | None  # None: nothing to measure (no mention of that sort)
    passed: bool

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Score:
    """How the team did. `overall` = (met + LATE_CREDIT x late + objectives passed) / items."""

    expectations: tuple[ExpectationResult, ...]
    objectives: tuple[ObjectiveResult, ...]
    overall: float
    at: float  # the simulated minute the score was taken at
    summary: Summary

    def count(self, status: Status) -> int:
        return sum(1 for e in self.expectations if e.status == status)

    def as_dict(self) -> dict[str, Any]:
        return {
            "overall": self.overall,
            "at_min": self.at,
            "met": self.count("met"),
            "late": self.count("late"),
            "missed": self.count("missed"),
            "pending": self.count("pending"),
            "expectations": [e.as_dict() for e in self.expectations],
            "objectives": [o.as_dict() for o in self.objectives],
        }


@dataclass(frozen=True)
class RunFacts:
    """What scoring reads from a run: where its clock is, whether it ended, what it measured."""

    now: float
    done: bool
    summary: Summary
    measured: Mapping[str, float | None]  # each objective's metric by name; None: nothing

    @classmethod
    def of(cls, engine: Engine, metrics: Iterable[str]) -> RunFacts:
        """The engine's facts, with `metrics` measured on it."""
        summary = engine.summary()
        measured = {m: measure(m, engine, summary) for m in metrics}
        return cls(engine.now, engine.done, summary, measured)


def score(drill: Drill, engine: Engine, live_actions: Sequence[TimedAction]) -> Score:
    """Expectations met, late or missed, with evidence; objectives on the engine's summary."""
    facts = RunFacts.of(engine, (o.metric for o in drill.objectives))
    return score_facts(drill, live_actions, facts)


def score_facts(drill: Drill, live_actions: Sequence[TimedAction], facts: RunFacts) -> Score:
    """The score of `live_actions` on a run whose facts are known."""
    expectations = expectation_results(drill, live_actions, facts.now, facts.done)
    objectives = tuple(objective_result(o, facts.measured[o.metric]) for o in drill.objectives)
    total = overall(expectations, objectives)
    return Score(expectations, objectives, total, facts.now, facts.summary)


def overall(
    expectations: Sequence[ExpectationResult], objectives: Sequence[ObjectiveResult]
) -> float:
    """Points over items (see `LATE_CREDIT`); NaN for a drill with nothing to score."""
    points = sum(
        1.0 if e.status == "met" else LATE_CREDIT if e.status == "late" else 0.0
        for e in expectations
    ) + sum(1.0 for o in objectives if o.passed)
    items = len(expectations) + len(objectives)
    return points / items if items else math.nan


def matches(expect: Expect, action: act.Action) -> bool:
    """Does a live action answer an expectation? A topic-less action counts for any topic.

    The dashboard's keys act on "the top topic" without naming it, and a team that posts a
    statement on the topic everyone is shouting about has done what was asked.
    """
    if act.action_name(action) != expect.action:
        return False
    if expect.topic is not None:
        topic = (
            action.surge.topic
            if isinstance(action, act.TriggerSurge)
            else getattr(action, "topic", None)
        )
        if topic is not None and topic != expect.topic:
            return False
    if expect.role is not None:
        role = getattr(action, "role", None)
        if role is not None and role != expect.role:
            return False
    return True


def expectation_results(
    drill: Drill, live: Sequence[TimedAction], now: float, done: bool
) -> tuple[ExpectationResult, ...]:
    """Greedy, deterministic matching: each live action answers at most one expectation.

    Expectations are served in deadline order; first every on-time answer is assigned
    (earliest action first), then late answers for those still open. One not answered is
    pending while its deadline is ahead of an unfinished run, else missed.
    """
    rows = [(i, inj) for i, inj in enumerate(drill.injects) if inj.expect is not None]
    order = sorted(rows, key=lambda r: (r[1].at + _within(r[1]), r[0]))
    used: set[int] = set()
    found: dict[int, tuple[int, bool]] = {}
    for on_time in (True, False):
        for i, inj in order:
            if i in found:
                continue
            expect = inj.expect
            assert expect is not None
            deadline = inj.at + expect.within
            for k, timed in sorted(enumerate(live), key=lambda kv: (kv[1].at, kv[0])):
                if k in used or timed.at < inj.at or not matches(expect, timed.action):
                    continue
                if on_time != (timed.at <= deadline):
                    continue
                used.add(k)
                found[i] = (k, on_time)
                break
    out = []
    for i, inj in rows:
        expect = inj.expect
        assert expect is not None
        deadline = inj.at + expect.within
        base = ExpectationResult(
            inj.id, inj.title, expect.action, expect.description, inj.at, deadline, "missed"
        )
        if i in found:
            k, on_time = found[i]
            timed = live[k]
            late_by = None if on_time else timed.at - deadline
            status: Status = "met" if on_time else "late"
            out.append(dataclasses.replace(
                base, status=status, evidence=timed, evidence_index=k, late_by=late_by
            ))  # fmt: skip
        elif not done and now < deadline:
            out.append(dataclasses.replace(base, status="pending"))
        else:
            out.append(base)
    return tuple(out)


def _within(inject: DrillInject) -> float:
    return inject.expect.within if inject.expect is not None else 0.0


def objective_result(obj: Objective, value: float | None) -> ObjectiveResult:
    """An objective judged on its measured value; nothing to measure fails it."""
    if value is None:
        passed = False
    elif obj.op == ">=":
        passed = value >= obj.target
    else:
        passed = value <= obj.target
    return ObjectiveResult(obj.metric, obj.op, obj.target, obj.description, value, passed)

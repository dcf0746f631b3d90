"""How the team did: expectations met, late or missed (with evidence), objectives passed.

The rules are functions of facts (the live actions, the minute, the run's summary and
measured values), so a score can be taken from a stored run or in a test without an
engine; `score` is the shortcut that reads those facts off an engine.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sim.engine.core import Engine, TimedAction
from sim.engine.metrics import Summary
from sim.exercise.alert_ack import alert_results
from sim.exercise.drill_file import Drill, DrillInject, Expect, Objective
from sim.exercise.evidence import action_how, clock_of, holds_until, missed_how
from sim.exercise.expectation import ExpectationResult as ExpectationResult  # re-exported
from sim.exercise.expectation import Status
from sim.exercise.intent import resolve_all
from sim.exercise.metrics import measure
from sim.model import actions as act
from sim.model.units import format_duration

# Overall score weights: an expectation met earns 1, a late one LATE_CREDIT, a missed one 0;
# an objective passed earns 1. The overall score is the points over the item count.
LATE_CREDIT = 0.5


@dataclass(frozen=True)
class ObjectiveResult:
    metric: str
    op: str
    target: float
    description: str
    value: float | None  # None: nothing to measure (no mention of that sort)
    passed: bool
    final: bool = True  # False mid-run: `passed` says on track, not passed

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
class FaqFact:
    """One topic's FAQ in a run: when it started, by what, and when it was published."""

    started: float
    by: str  # "process" (the topic crossed the trigger) or "action" (someone's publish_faq)
    published: float | None = None


@dataclass(frozen=True)
class RunFacts:
    """What scoring reads from a run: where its clock is, whether it ended, what it measured.

    `faqs` (each topic's FAQ) and `start` (the run's wall clock, for the evidence's times)
    are optional: without them an FAQ expectation is judged by the team's actions alone.
    """

    now: float
    done: bool
    summary: Summary
    measured: Mapping[str, float | None]  # each objective's metric by name; None: nothing
    faqs: Mapping[str, FaqFact] | None = None
    start: datetime | None = None
    alerts: tuple[float, ...] = ()  # the minute of each spike alert raised so far

    @classmethod
    def of(cls, engine: Engine, metrics: Iterable[str], alerts: Iterable[float] = ()) -> RunFacts:
        """The engine's facts, with `metrics` measured on it; `alerts` are the run's."""
        summary = engine.summary()
        measured = {m: measure(m, engine, summary) for m in metrics}
        desk = engine.faq
        faqs = {
            topic: FaqFact(t, by, desk.published_at.get(topic))
            for topic, (t, by) in desk.started_at.items()
        }
        start = engine.scenario.meta.start
        return cls(engine.now, engine.done, summary, measured, faqs, start, tuple(alerts))


def score(
    drill: Drill,
    engine: Engine,
    live_actions: Sequence[TimedAction],
    shown: Iterable[tuple[str, float]] = (),
    alerts: Iterable[float] = (),
) -> Score:
    """Expectations met, late or missed, with evidence; objectives on the engine's summary.

    `shown` is every inject as the players saw it (id, minute): one the controller fired
    before its scripted minute asks its response from then on. `alerts` are the minutes
    of the run's spike alerts, for a drill that expects them acknowledged.
    """
    facts = RunFacts.of(engine, (o.metric for o in drill.objectives), alerts)
    return score_facts(drill, live_actions, facts, shown)


def score_facts(
    drill: Drill,
    live_actions: Sequence[TimedAction],
    facts: RunFacts,
    shown: Iterable[tuple[str, float]] = (),
) -> Score:
    """The score of `live_actions` on a run whose facts are known."""
    drill = drill.as_played(first_shown(shown))
    expectations = expectation_results(
        drill, live_actions, facts.now, facts.done, facts.faqs, facts.start
    ) + alert_results(drill, live_actions, facts.alerts, facts.now, facts.done, facts.start)
    objectives = tuple(
        objective_result(o, facts.measured[o.metric], final=facts.done) for o in drill.objectives
    )
    total = overall(expectations, objectives)
    return Score(expectations, objectives, total, facts.now, facts.summary)


def first_shown(shown: Iterable[tuple[str, float]]) -> dict[str, float]:
    """Each inject's first showing: the minute its expectation opens."""
    first: dict[str, float] = {}
    for inject_id, at in shown:
        first[inject_id] = min(at, first.get(inject_id, at))
    return first


def overall(
    expectations: Sequence[ExpectationResult], objectives: Sequence[ObjectiveResult]
) -> float:
    """Points over the items decided so far (see `LATE_CREDIT`); NaN while none is.

    A pending expectation and an objective measured before the run's end are not decided:
    counting the one as failed and the other as passed made a good team's score mid-drill
    whatever the two happened to balance to. At the end every item is decided.
    """
    decided = [e for e in expectations if e.status != "pending"]
    final = [o for o in objectives if o.final]
    points = sum(
        1.0 if e.status == "met" else LATE_CREDIT if e.status == "late" else 0.0 for e in decided
    ) + sum(1.0 for o in final if o.passed)
    items = len(decided) + len(final)
    return points / items if items else math.nan


def matches(expect: Expect, action: act.Action) -> bool:
    """Does a team action answer an expectation? Name, topic and role must agree.

    A topic-less action (one the intent rule of `sim.exercise.intent` did not place)
    answers only an expectation without a topic; a role-less expectation takes any team.
    """
    if act.action_name(action) != expect.action:
        return False
    if expect.topic is not None:
        topic = (
            action.surge.topic
            if isinstance(action, act.TriggerSurge)
            else getattr(action, "topic", None)
        )
        if topic != expect.topic:
            return False
    if expect.role is not None:
        role = getattr(action, "role", None)
        if role is not None and role != expect.role:
            return False
    return True


def _counts_before(timed: TimedAction, inject_at: float) -> bool:
    until = holds_until(timed)
    return until is not None and until > inject_at


def expectation_results(
    drill: Drill,
    live: Sequence[TimedAction],
    now: float,
    done: bool,
    faqs: Mapping[str, FaqFact] | None = None,
    start: datetime | None = None,
) -> tuple[ExpectationResult, ...]:
    """Greedy, deterministic matching: each live action answers at most one expectation.

    Topic-less statements and FAQs first get the topic the intent rule gives them. An
    expectation to publish an FAQ is met by the FAQ's state when the run's `faqs` are known
    (however it started). The others are served in deadline order; first every on-time
    answer is assigned (earliest action first; an action before the inject counts while
    its effect holds), then late answers for those still open. One not answered is pending
    while its deadline is ahead of an unfinished run, else missed.
    """
    live = resolve_all(drill, live)
    clock = clock_of(start)
    rows = [(i, inj) for i, inj in enumerate(drill.injects) if inj.expect is not None]
    order = sorted(rows, key=lambda r: (r[1].at + _within(r[1]), r[0]))
    used: set[int] = set()
    found: dict[int, tuple[int, bool]] = {}
    by_state: dict[int, ExpectationResult] = {}
    for i, inj in order:
        state = _faq_state(inj, live, faqs, clock, used)
        if state is not None:
            by_state[i] = state
    for on_time in (True, False):
        for i, inj in order:
            if i in found or i in by_state:
                continue
            expect = inj.expect
            assert expect is not None
            deadline = inj.at + expect.within
            for k, timed in sorted(enumerate(live), key=lambda kv: (kv[1].at, kv[0])):
                if k in used or not matches(expect, timed.action):
                    continue
                if timed.at < inj.at and not _counts_before(timed, inj.at):
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
        if i in by_state:
            out.append(by_state[i])
        elif i in found:
            k, on_time = found[i]
            timed = live[k]
            late_by = None if on_time else timed.at - deadline
            status: Status = "met" if on_time else "late"
            how = action_how(timed, inj.at, deadline, late_by, clock)
            out.append(dataclasses.replace(
                base, status=status, evidence=timed, evidence_index=k, late_by=late_by, how=how
            ))  # fmt: skip
        elif not done and now < deadline:
            how = f"deadline {clock(deadline)} still ahead"
            out.append(dataclasses.replace(base, status="pending", how=how))
        else:
            earlier = next(
                (t for t in reversed(live) if t.at < inj.at and matches(expect, t.action)), None
            )
            how = missed_how(expect, deadline, clock, earlier)
            out.append(dataclasses.replace(base, how=how))
    return tuple(out)


def _faq_state(
    inj: DrillInject,
    live: Sequence[TimedAction],
    faqs: Mapping[str, FaqFact] | None,
    clock: Callable[[float], str],
    used: set[int],
) -> ExpectationResult | None:
    """An FAQ expectation judged on the FAQ itself: under way or out by the deadline.

    None when the run's FAQs are not known or none has started on the topic (the action
    rule then decides: missed, pending, or an FAQ key in a scenario with no FAQ process).
    """
    expect = inj.expect
    if expect is None or expect.action != "publish_faq" or not faqs:
        return None
    topics = [expect.topic] if expect.topic is not None else sorted(faqs)
    started = [(faqs[t].started, t) for t in topics if t in faqs]
    if not started:
        return None
    t_start, topic = min(started)
    fact = faqs[topic]
    deadline = inj.at + expect.within
    k = None
    if fact.by == "action":
        k = next(
            (
                k
                for k, timed in enumerate(live)
                if k not in used
                and isinstance(timed.action, act.PublishFaq)
                and timed.action.topic in (topic, None)
                and abs(timed.at - t_start) < 1e-6
            ),
            None,
        )
    who = {"process": "the FAQ process"}.get(fact.by, "the team" if k is not None else "")
    who = who or "an action not the team's (the script or the controller)"
    how = f"FAQ on {topic} started by {who} at {clock(t_start)}"
    if fact.published is not None:
        how += f", published {clock(fact.published)}"
    else:
        how += ", not yet published"
    late_by = t_start - deadline if t_start > deadline else None
    if late_by is not None:
        how += f"; {format_duration(late_by)} after the deadline {clock(deadline)}"
    status: Status = "met" if late_by is None else "late"
    if k is not None:
        used.add(k)
    return ExpectationResult(
        inj.id,
        inj.title,
        expect.action,
        expect.description,
        inj.at,
        deadline,
        status,
        evidence=None if k is None else live[k],
        evidence_index=k,
        late_by=late_by,
        how=how,
    )


def _within(inject: DrillInject) -> float:
    return inject.expect.within if inject.expect is not None else 0.0


def objective_result(obj: Objective, value: float | None, final: bool = True) -> ObjectiveResult:
    """An objective judged on its measured value; nothing to measure fails it. Before the
    run's end (`final` False) the judgement is provisional: on track, or not."""
    if value is None:
        passed = False
    elif obj.op == ">=":
        passed = value >= obj.target
    else:
        passed = value <= obj.target
    return ObjectiveResult(obj.metric, obj.op, obj.target, obj.description, value, passed, final)

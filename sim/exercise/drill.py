"""Drills: a scenario plus a script of timed injects, expected responses and objectives.

A drill file follows exercise doctrine (HSEEP's master scenario events list): each inject
is something the players see at a set minute (a news flash, a message from legal, an
influencer's post, staff calling in sick), may change the simulation (an action), and may
carry the response the evaluators expect, with a deadline. Objectives are targets on the
run's summary. Scoring compares the team's live actions with the expectations; the
counterfactual replays the run with late responses moved to their deadlines, so the
after-action report can say what being on time would have bought.

The drill's scripted actions are written into the built scenario's `[[inject]]` list, so
the built scenario data alone (what the run store keeps) replays them; only the players'
live actions travel separately.
"""

from __future__ import annotations

import copy
import dataclasses
import math
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from sim.analysis.sweep import set_key
from sim.engine.core import Engine, TimedAction
from sim.engine.metrics import Summary
from sim.engine.replay import replay
from sim.model import actions as act
from sim.model.errors import ScenarioError, describe_validation_error, format_key, read_text
from sim.model.library import resolve, resolve_in
from sim.model.scenario import Scenario, problems
from sim.model.tomlpos import line_of
from sim.model.units import Duration, format_duration

INFLUENCER_REACH = 10_000
"""Reach from which an author counts as an influencer for `first_response_influencer_min`."""

INFLUENCER_METRIC = "first_response_influencer_min"
_SUMMARY_METRICS = tuple(
    f.name for f in dataclasses.fields(Summary) if f.name not in {"scenario", "seed"}
)
METRICS: tuple[str, ...] = (*_SUMMARY_METRICS, INFLUENCER_METRIC)

InjectKind = Literal["news", "legal", "executive", "feed", "staffing"]
Status = Literal["met", "late", "missed", "pending"]

# Overall score weights: an expectation met earns 1, a late one LATE_CREDIT, a missed one 0;
# an objective passed earns 1. The overall score is the points over the item count.
LATE_CREDIT = 0.5


# ---------------------------------------------------------------------- the file's model


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Expect(_Model):
    """The response evaluators look for after an inject, and how soon."""

    action: str
    within: Duration
    topic: str | None = None
    role: str | None = None
    description: str = ""

    @field_validator("action")
    @classmethod
    def _known_action(cls, v: str) -> str:
        if v not in act.ACTION_TYPES:
            raise ValueError(f"expected one of {', '.join(act.ACTION_TYPES)}, got {v!r}")
        return v

    @field_validator("within")
    @classmethod
    def _positive(cls, v: float) -> float:
        if v <= 0:
            raise ValueError("expected a duration greater than zero")
        return v


class DrillInject(_Model):
    """One row of the events list: what players see, what it does, what is expected."""

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$", max_length=40)
    at: Duration
    title: str = Field(min_length=1)
    message: str = ""
    kind: InjectKind = "news"
    action: dict[str, Any] | None = None
    expect: Expect | None = None

    @field_validator("at")
    @classmethod
    def _not_negative(cls, v: float) -> float:
        if v < 0:
            raise ValueError("expected a time 0 or later")
        return v


class Objective(_Model):
    metric: str
    op: Literal[">=", "<="]
    target: float
    description: str = ""

    @field_validator("metric")
    @classmethod
    def _known_metric(cls, v: str) -> str:
        if v not in METRICS:
            raise ValueError(f"expected one of {', '.join(METRICS)}, got {v!r}")
        return v


class DrillMeta(_Model):
    name: str = Field(min_length=1)
    description: str = ""
    scenario: str = Field(min_length=1)
    seed: int | None = Field(default=None, ge=0)
    duration: Duration | None = None
    overrides: dict[str, Any] = Field(default_factory=dict)

    @field_validator("duration")
    @classmethod
    def _positive(cls, v: float | None) -> float | None:
        if v is not None and v <= 0:
            raise ValueError("expected a duration greater than zero")
        return v


class DrillSpec(_Model):
    meta: DrillMeta = Field(alias="drill")
    injects: list[DrillInject] = Field(default_factory=list, alias="inject")
    objectives: list[Objective] = Field(default_factory=list, alias="objective")


@dataclass(frozen=True)
class Drill:
    """A validated drill file: its model, its text (for line numbers) and where it lives."""

    spec: DrillSpec
    text: str
    source: str
    base: Path | None  # the folder relative scenario paths start from

    @property
    def name(self) -> str:
        return self.spec.meta.name

    @property
    def injects(self) -> list[DrillInject]:
        return self.spec.injects

    @property
    def objectives(self) -> list[Objective]:
        return self.spec.objectives

    def inject(self, inject_id: str) -> DrillInject | None:
        return next((i for i in self.spec.injects if i.id == inject_id), None)


@dataclass(frozen=True)
class BuiltDrill:
    """The drill turned into what the engine and the run store take.

    `scenario_data` is the effective scenario (overrides, length and the scripted injects
    applied) and replays the drill on its own; `scenario_text` and `scenario_source` are
    the scenario file as written, for people and for the store's hash.
    """

    scenario: Scenario
    scenario_data: dict[str, Any]
    seed: int
    scenario_text: str
    scenario_source: str
    drill: Drill


# ---------------------------------------------------------------------- loading


def parse_drill(text: str, source: str = "<drill>", base: Path | None = None) -> Drill:
    """Validate drill TOML text on its own (not yet against its scenario)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError.from_toml_error(source, exc) from None
    try:
        spec = DrillSpec.model_validate(data)
    except ValidationError as exc:
        raise _drill_error(source, text, exc) from None
    seen: set[str] = set()
    for i, inject in enumerate(spec.injects):
        if inject.id in seen:
            raise _at(source, text, ("inject", i, "id"), f"two injects share the id {inject.id!r}")
        seen.add(inject.id)
        if inject.action is not None and not isinstance(inject.action.get("action"), str):
            raise _at(
                source,
                text,
                ("inject", i, "action"),
                f"expected a table with `action` naming one of {', '.join(act.ACTION_TYPES)}",
            )
    return Drill(spec, text, source, base)


def load_drill(path: str | Path) -> Drill:
    """Read a drill file and check it against its scenario; errors name file, line and key."""
    p = Path(path)
    text = read_text(p, "drill file")
    drill = parse_drill(text, str(p), p.parent)
    build(drill)  # the checks that need the scenario: roles, overrides, the drill's length
    return drill


def drill_dir() -> Path:
    return Path(str(resources.files("scenarios"))) / "drills"


def bundled_drills() -> list[Path]:
    return sorted(drill_dir().glob("*.toml"))


def resolve_drill(name_or_path: str) -> Path:
    """A drill file as given, or a bundled drill by name (`recall-evening`, ...)."""
    return resolve_in(drill_dir(), name_or_path, "drill")


def _at(source: str, text: str, loc: Sequence[str | int], expected: str) -> ScenarioError:
    return ScenarioError(source, line_of(text, loc), format_key(loc), expected)


def _drill_error(source: str, text: str, exc: ValidationError) -> ScenarioError:
    err = describe_validation_error(source, text, exc)
    first = exc.errors()[0]
    if first["type"] == "extra_forbidden":  # the scenario's key list would mislead here
        loc = tuple(first["loc"])
        allowed = _allowed(loc[:-1])
        others = len(exc.errors()) - 1
        more = f" (and {others} more problem{'s' if others > 1 else ''})" if others else ""
        err = ScenarioError(
            source, err.line, err.key, f"unknown key; expected one of: {allowed}{more}"
        )
    return err


def _allowed(parent: tuple[Any, ...]) -> str:
    names = [p for p in parent if isinstance(p, str)]
    model: type[BaseModel] = DrillSpec
    tables: dict[str, type[BaseModel]] = {
        "drill": DrillMeta,
        "inject": DrillInject,
        "objective": Objective,
        "expect": Expect,
    }
    if names:
        model = tables.get(names[-1], DrillSpec)
    return ", ".join(f.alias or n for n, f in model.model_fields.items())


# ---------------------------------------------------------------------- building


def build(drill: Drill) -> BuiltDrill:
    """The drill's scenario with its overrides, length and scripted injects applied."""
    meta = drill.spec.meta
    src, text = drill.source, drill.text
    path = _scenario_path(drill)
    try:
        scenario_text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        raise _at(
            src, text, ("drill", "scenario"), f"cannot read the scenario file {meta.scenario!r}"
        ) from None
    from sim.model.loading import parse_scenario

    parse_scenario(scenario_text, str(path))  # the scenario's own errors name its own file
    data = tomllib.loads(scenario_text)
    for key, value in meta.overrides.items():
        try:
            set_key(data, key, copy.deepcopy(value))
        except (KeyError, TypeError) as exc:
            raise _at(src, text, ("drill", "overrides", key), str(exc.args[0])) from None
    if meta.duration is not None:
        data.setdefault("scenario", {})["duration"] = f"{meta.duration!r}m"
    base = _validate(data, drill, ("drill", "overrides"))
    scripted = _scripted(drill, base)
    data.setdefault("inject", [])
    data["inject"] = [*data["inject"], *scripted]
    scenario = _validate(data, drill, ("drill",))
    seed = meta.seed if meta.seed is not None else scenario.meta.seed
    return BuiltDrill(scenario, data, seed, scenario_text, str(path), drill)


def _scenario_path(drill: Drill) -> Path:
    name = drill.spec.meta.scenario
    looks_like_path = name.endswith(".toml") or "/" in name
    if looks_like_path:
        path = Path(name)
        if not path.is_absolute() and drill.base is not None:
            path = drill.base / path
        if not path.is_file():
            raise _at(
                drill.source,
                drill.text,
                ("drill", "scenario"),
                f"no scenario file {name!r} (paths are relative to the drill file)",
            )
        return path
    try:
        return resolve(name)
    except ScenarioError as exc:
        raise _at(drill.source, drill.text, ("drill", "scenario"), exc.expected) from None


def _validate(data: dict[str, Any], drill: Drill, loc: tuple[str, ...]) -> Scenario:
    """The edited scenario, validated; a problem points at the drill key that caused it."""
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        err = describe_validation_error(drill.source, "", exc)
        where = _blame(drill, tuple(exc.errors()[0]["loc"]), loc)
        raise _at(drill.source, drill.text, where, f"{err.key}: {err.expected}") from None
    for path, expected in problems(scenario):
        where = _blame(drill, path, loc)
        raise _at(drill.source, drill.text, where, f"{format_key(path)}: {expected}")
    return scenario


def _blame(drill: Drill, error_loc: tuple[Any, ...], fallback: tuple[str, ...]) -> tuple[str, ...]:
    """The override whose dotted key best matches the scenario key that failed.

    A list index in the error (`team[1]`) matches any name or number in the key
    (`team.care`), since overrides pick list items by name.
    """
    best, best_len = fallback, 0
    for key in drill.spec.meta.overrides:
        parts = key.split(".")
        n = 0
        for part, got in zip(parts, error_loc, strict=False):
            if part != got and not isinstance(got, int):
                break
            n += 1
        if n > best_len:
            best, best_len = ("drill", "overrides", key), n
    if best_len == 0 and error_loc[:2] == ("scenario", "duration"):
        return ("drill", "duration")
    return best


def _scripted(drill: Drill, scenario: Scenario) -> list[dict[str, Any]]:
    """Each inject's action as a scenario `[[inject]]` entry, checked against the scenario."""
    end = scenario.meta.duration
    out: list[dict[str, Any]] = []
    for i, inject in enumerate(drill.injects):
        if inject.at >= end:
            raise _at(
                drill.source,
                drill.text,
                ("inject", i, "at"),
                f"expected a time before the drill ends ({format_duration(end)})",
            )
        if inject.expect is not None:
            _check_expect(drill, i, inject.expect, scenario)
        if inject.action is None:
            continue
        params = dict(inject.action)
        name = str(params.pop("action"))
        try:
            action = act.action_from_params(name, params, scenario)
        except act.ActionError as exc:
            key = "action" if exc.key == "action" else exc.key
            loc = ("inject", i, "action") if key == "action" else ("inject", i, "action", key)
            raise _at(drill.source, drill.text, loc, exc.expected) from None
        out.append({"at": f"{inject.at!r}m", **act.action_to_params(action)})
    return out


def _check_expect(drill: Drill, index: int, expect: Expect, scenario: Scenario) -> None:
    """An expectation nobody could meet is a typo: a role or topic the drill never has."""
    loc = ("inject", index, "expect")
    fields = {f.name for f in dataclasses.fields(act.ACTION_TYPES[expect.action])}
    if expect.role is not None:
        labels = [t.label for t in scenario.team]
        if "role" not in fields:
            raise _at(drill.source, drill.text, (*loc, "role"), f"{expect.action} takes no role")
        if expect.role not in labels:
            raise _at(
                drill.source,
                drill.text,
                (*loc, "role"),
                f"no team called {expect.role!r} (teams: {', '.join(labels) or 'none'})",
            )
    if expect.topic is not None:
        if "topic" not in fields and "surge" not in fields:
            raise _at(drill.source, drill.text, (*loc, "topic"), f"{expect.action} takes no topic")
        topics = _drill_topics(drill, scenario)
        if expect.topic not in topics:
            raise _at(
                drill.source,
                drill.text,
                (*loc, "topic"),
                f"no topic {expect.topic!r} in this drill (topics: {', '.join(topics)})",
            )


def _drill_topics(drill: Drill, scenario: Scenario) -> list[str]:
    """The scenario's topics and those of the surges the drill's injects trigger."""
    topics = scenario.topics()
    for inject in drill.injects:
        if inject.action is not None and inject.action.get("action") == "trigger_surge":
            topic = str(inject.action.get("topic", "general"))
            if topic not in topics:
                topics.append(topic)
    return topics


# ---------------------------------------------------------------------- scoring


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


def score(drill: Drill, engine: Engine, live_actions: Sequence[TimedAction]) -> Score:
    """Expectations met, late or missed, with evidence; objectives on the engine's summary."""
    expectations = _expectations(drill, live_actions, engine.now, engine.done)
    summary = engine.summary()
    objectives = tuple(_objective(o, engine, summary) for o in drill.objectives)
    points = sum(
        1.0 if e.status == "met" else LATE_CREDIT if e.status == "late" else 0.0
        for e in expectations
    ) + sum(1.0 for o in objectives if o.passed)
    items = len(expectations) + len(objectives)
    overall = points / items if items else math.nan
    return Score(expectations, objectives, overall, engine.now, summary)


def _expectations(
    drill: Drill, live: Sequence[TimedAction], now: float, done: bool
) -> tuple[ExpectationResult, ...]:
    """Greedy, deterministic matching: each live action answers at most one expectation.

    Expectations are served in deadline order; first every on-time answer is assigned
    (earliest action first), then late answers for those still open.
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


def measure(metric: str, engine: Engine, summary: Summary | None = None) -> float | None:
    """An objective's metric on a run; None when there is nothing to measure."""
    if metric == INFLUENCER_METRIC:
        return influencer_first_response(engine)
    value = getattr(summary or engine.summary(), metric)
    value = float(value)
    return None if math.isnan(value) else value


def influencer_first_response(engine: Engine) -> float | None:
    """Mean staff wait of answered mentions whose author reaches 10,000 or more."""
    waits = [
        m.wait
        for m in engine.mentions
        if m.reach >= INFLUENCER_REACH
        and m.t >= engine.warmup
        and m.handled_by not in ("", "advocate")
        and m.t_start >= 0
    ]
    return sum(waits) / len(waits) if waits else None


def _objective(obj: Objective, engine: Engine, summary: Summary) -> ObjectiveResult:
    value = measure(obj.metric, engine, summary)
    if value is None:
        passed = False
    elif obj.op == ">=":
        passed = value >= obj.target
    else:
        passed = value <= obj.target
    return ObjectiveResult(obj.metric, obj.op, obj.target, obj.description, value, passed)


# ---------------------------------------------------------------------- counterfactual


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
            assert inject is not None and inject.expect is not None
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


__all__ = [
    "INFLUENCER_METRIC",
    "INFLUENCER_REACH",
    "LATE_CREDIT",
    "METRICS",
    "BuiltDrill",
    "Change",
    "Counterfactual",
    "Drill",
    "DrillInject",
    "Expect",
    "ExpectationResult",
    "Objective",
    "ObjectiveResult",
    "Score",
    "build",
    "bundled_drills",
    "counterfactual",
    "default_action",
    "influencer_first_response",
    "load_drill",
    "matches",
    "measure",
    "parse_drill",
    "resolve_drill",
    "score",
]

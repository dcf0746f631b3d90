"""What-if sweeps: a grid of scenario variants, each over the same replications.

A variant changes keys of the scenario file (`advocates.answer_share=0.1`,
`faq.draft_time=2h`, `team.care.agents=8`, `surge.1.peak_per_hour=500`) and is validated
like a file, so a bad value gets the same clear message. All variants run on the same
replications (common random numbers), so their differences are the levers' doing; the
one-at-a-time ranking compares each lever against the scenario as written with paired
differences.
"""

from __future__ import annotations

import copy
import itertools
import math
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from pydantic import ValidationError

from sim.analysis.measure import Targets
from sim.analysis.plan import plan_staffing
from sim.analysis.replications import InProcess, Mapper
from sim.engine.core import Engine
from sim.model.errors import ScenarioError, describe_validation_error, format_key
from sim.model.overrides import set_key
from sim.model.scenario import Scenario, problems


@dataclass(frozen=True)
class Vary:
    """One lever: a dotted key path and the values to try."""

    key: str
    values: tuple[Any, ...]


def parse_vary(text: str) -> Vary:
    """`advocates.answer_share=0,0.1,0.2` → Vary; values read as TOML, else as strings."""
    key, sep, raw = text.partition("=")
    if not sep or not key.strip() or not raw.strip():
        raise ValueError(f"expected KEY=VALUE[,VALUE...], got {text!r}")
    values = tuple(_value(v.strip()) for v in raw.split(","))
    return Vary(key.strip(), values)


def _value(text: str) -> Any:
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def variant(data: dict[str, Any], source: str, changes: dict[str, Any]) -> Scenario:
    """The scenario with `changes` applied, validated; errors name the lever."""
    edited = copy.deepcopy(data)
    for key, value in changes.items():
        try:
            set_key(edited, key, value)
        except KeyError as exc:
            raise ScenarioError(source, None, f"--vary {key}", str(exc.args[0])) from None
    lever = ", ".join(f"{k}={v}" for k, v in changes.items())
    try:
        scenario = Scenario.model_validate(edited)
    except ValidationError as exc:
        err = describe_validation_error(source, "", exc)
        raise ScenarioError(source, None, err.key, f"{err.expected} (with {lever})") from None
    for loc, expected in problems(scenario):
        raise ScenarioError(source, None, format_key(loc), f"{expected} (with {lever})")
    return scenario


@dataclass(frozen=True)
class Grid:
    """Every scenario a sweep runs, validated before any runs: the base, the grid of all
    combinations, and each lever's values alone (for the ranking)."""

    base: Scenario
    changes: list[dict[str, Any]]
    scenarios: list[Scenario]
    singles: list[tuple[str, Any]]
    single_scenarios: list[Scenario]

    @property
    def every(self) -> list[Scenario]:
        return [self.base, *self.scenarios, *self.single_scenarios]


def build_grid(data: dict[str, Any], source: str, varies: list[Vary]) -> Grid:
    changes = [
        dict(zip([v.key for v in varies], combo, strict=True))
        for combo in itertools.product(*(v.values for v in varies))
    ]
    singles = [(v.key, value) for v in varies for value in v.values]
    return Grid(
        variant(data, source, {}),
        changes,
        [variant(data, source, c) for c in changes],
        singles,
        [variant(data, source, {k: value}) for k, value in singles],
    )


# ---------------------------------------------------------------------- running


def run_summary(scenario: Scenario, seed: int, replication: int) -> tuple[float, float, int]:
    """Service level, missed rate and missed count of one replication."""
    engine = Engine(scenario, seed, replication=replication, record_mentions=False)
    s = engine.run()
    sl = s.service_level if not math.isnan(s.service_level) else 1.0
    mr = s.missed_rate if not math.isnan(s.missed_rate) else 0.0
    return sl, mr, s.missed


@dataclass(frozen=True)
class Outcome:
    changes: dict[str, Any]
    service_level: float
    service_level_ci: float
    missed_rate: float
    missed_rate_ci: float
    agent_hours: float | None = None
    per_rep_missed: tuple[float, ...] = field(default=(), repr=False)


@dataclass(frozen=True)
class Sensitivity:
    key: str
    value: Any
    delta_missed_rate: float  # against the scenario as written, paired across replications
    ci: float


@dataclass(frozen=True)
class SweepResult:
    scenario: str
    replications: int
    seed: int
    base: Outcome
    variants: list[Outcome]
    sensitivity: list[Sensitivity]


def _outcome(
    mapper: Mapper, sc: Scenario, changes: dict[str, Any], seed: int, reps: int
) -> Outcome:
    rows = np.array(mapper.map(run_summary, [(sc, seed, r) for r in range(reps)]))
    sl, mr = rows[:, 0], rows[:, 1]
    half = 1.96 / math.sqrt(reps) if reps > 1 else 0.0
    return Outcome(
        dict(changes),
        float(sl.mean()),
        float(sl.std(ddof=1) * half) if reps > 1 else 0.0,
        float(mr.mean()),
        float(mr.std(ddof=1) * half) if reps > 1 else 0.0,
        per_rep_missed=tuple(float(x) for x in mr),
    )


def sweep(
    grid: Grid,
    *,
    replications: int = 10,
    seed: int | None = None,
    mapper: Mapper | None = None,
    role: str | None = None,
    targets: Targets | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SweepResult:
    """Run the grid of all combinations, and each lever alone for the ranking.

    With `role`, each variant is also planned (hourly) to report the agent-hours it needs.
    """
    mapper = mapper or InProcess()
    base_sc = grid.base
    seed = base_sc.meta.seed if seed is None else seed
    total = len(grid.every)
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total)

    def measure(sc: Scenario, changes: dict[str, Any]) -> Outcome:
        out = _outcome(mapper, sc, changes, seed, replications)
        if role is not None:
            plan = plan_staffing(
                sc, role, targets=targets, replications=replications, seed=seed,
                mapper=mapper, validate=False,
            )  # fmt: skip
            out = Outcome(**{**out.__dict__, "agent_hours": plan.agent_hours})
        step()
        return out

    base = measure(base_sc, {})
    variants = [measure(sc, c) for sc, c in zip(grid.scenarios, grid.changes, strict=True)]
    ranking = []
    for (key, value), sc in zip(grid.singles, grid.single_scenarios, strict=True):
        alone = _outcome(mapper, sc, {key: value}, seed, replications)
        diff = np.array(alone.per_rep_missed) - np.array(base.per_rep_missed)
        ci = 1.96 * diff.std(ddof=1) / math.sqrt(len(diff)) if len(diff) > 1 else 0.0
        ranking.append(Sensitivity(key, value, float(diff.mean()), float(ci)))
        step()
    ranking.sort(key=lambda s: -abs(s.delta_missed_rate))
    return SweepResult(base_sc.meta.name, replications, seed, base, variants, ranking)


def lever_ranking(result: SweepResult) -> list[tuple[str, float]]:
    """Each lever's largest effect on the missed rate, largest first."""
    best: dict[str, float] = {}
    for s in result.sensitivity:
        best[s.key] = max(best.get(s.key, 0.0), abs(s.delta_missed_rate))
    return sorted(best.items(), key=lambda kv: -kv[1])

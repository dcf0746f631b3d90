"""The budget flags shared by the verbs that run the engine, and the check they make.

A run estimated above the budget is refused before it starts (exit 2, one line) rather than
left to hang or allocate gigabytes; `--max-mentions N` moves the budget, `--no-budget` lifts it.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from tui.cli import common
from tui.cli.common import UsageError

if TYPE_CHECKING:
    from sim.engine.core import TimedAction
    from sim.model.scenario import Scenario
    from sim.model.surge import Surge


def add_flags(parser: Any) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--max-mentions",
        type=common.count(1),
        metavar="N",
        help="refuse runs estimated above N mentions in all (default 5,000,000)",
    )
    group.add_argument("--no-budget", action="store_true", help="run however large the estimate")


def check(
    args: argparse.Namespace,
    scenario: Scenario,
    until: float | None = None,
    runs: int = 1,
    variants: Sequence[Scenario] = (),
    fired: Sequence[tuple[float, Surge]] = (),
) -> None:
    """Refuse the job with a `UsageError` (exit 2) if it is estimated over the budget.

    `variants` are the scenarios a sweep makes from `scenario`, each run `runs` times; the
    job is the sum of them all (a varied value can be what makes it huge). `fired` are the
    surges a team's actions file triggers, at their minutes.
    """
    from sim.model import budget

    if args.no_budget:
        return
    limit = budget.DEFAULT_MAX_MENTIONS if args.max_mentions is None else args.max_mentions
    runs_of = variants or (scenario,)
    est = budget.Estimate.of_all([budget.estimate(s, until, runs, fired) for s in runs_of])
    ways = [
        w for flag, w in (("until", "--until"), ("reps", "fewer --reps")) if hasattr(args, flag)
    ]
    try:
        budget.check(est, limit, ", ".join(ways) or "a shorter scenario")
    except budget.OverBudget as exc:
        raise UsageError(f"{scenario.meta.name[:60]}: {exc}") from None


def fired_surges(actions: Sequence[TimedAction]) -> list[tuple[float, Surge]]:
    """The surges a team's actions file triggers, at their minutes (a drill's own injects
    are in its built scenario already)."""
    from sim.model import actions as act

    return [(a.at, a.action.surge) for a in actions if isinstance(a.action, act.TriggerSurge)]

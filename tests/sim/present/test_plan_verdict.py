"""The plan's verdict from fresh seeds: a plan they clearly disprove says so as its conclusion.

A plan of a fitted, volatile history searched on 4 replications read "converged" and was
below target in 277 of 1,324 hours on fresh seeds, worst SL 51.9% (trial 3).
"""

from __future__ import annotations

from types import SimpleNamespace

from sim.analysis.checking import Check
from sim.present.planning import proof_line


def _plan(clearly: int, below: int) -> SimpleNamespace:
    check = Check("plan", 100.0, below, clearly, 0.519, 0.389)
    erlang = Check("erlang_a", 120.0, 0, 0, 0.95, 0.01)
    return SimpleNamespace(checks=[erlang, check], intervals=[None] * 1324, replications=4)


def test_a_plan_fresh_seeds_clearly_disprove_is_not_proven() -> None:
    line = proof_line(_plan(clearly=34, below=277))  # type: ignore[arg-type]
    assert line == (
        "NOT proven: on fresh seeds this plan is below target in 277 of 1,324 intervals "
        "(34 clearly; worst SL 51.9%, worst missed 38.9%). Its 4 replications do not cover "
        "this scenario's variability: raise --reps."
    )


def test_estimates_below_target_within_their_noise_are_no_verdict() -> None:
    assert proof_line(_plan(clearly=0, below=3)) is None  # type: ignore[arg-type]

"""Fuzzing the front door: mutated scenario and drill files never give a traceback or a hang.

Every file `validate` accepts, `run` completes or refuses with exit 2 within its budget. The
suite runs a few dozen files of each kind (derandomised, so CI sees the same files every
time); `make fuzz` raises the counts with FUZZ_EXAMPLES and writes the figures to
FUZZ_REPORT, which RELIABILITY.md records.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import signal
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from sim.engine.core import Engine
from sim.exercise.build import build
from sim.exercise.loading import load_drill
from sim.model import budget
from sim.model.errors import ScenarioError
from tests.helpers.fuzz import DRILLS, SCENARIOS, mutated
from tui.cli import main

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "0"))
HANG_SECONDS = 60  # far beyond any run this budget allows; more is a hang
RUN_BUDGET = "20000"  # mentions: keeps each run of the suite well under a second or two

FIGURES: dict[str, Counter[str]] = {"scenario": Counter(), "drill": Counter()}
SLOWEST: dict[str, float] = {"scenario": 0.0, "drill": 0.0}

pytestmark: list[pytest.MarkDecorator] = [pytest.mark.slow] if EXAMPLES else []


def _settings(default: int) -> settings:
    return settings(
        max_examples=EXAMPLES or default,
        deadline=None,  # hangs are caught by the alarm below, with a clear failure
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


@contextlib.contextmanager
def bounded(kind: str) -> Iterator[None]:
    """Fail (as a hang) any call longer than HANG_SECONDS; note the slowest."""

    def hang(signum: int, frame: object) -> None:
        FIGURES[kind]["hangs"] += 1
        raise TimeoutError(f"a {kind} file took over {HANG_SECONDS}s")

    previous = signal.signal(signal.SIGALRM, hang)
    signal.alarm(HANG_SECONDS)
    started = time.perf_counter()
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
        SLOWEST[kind] = max(SLOWEST[kind], time.perf_counter() - started)


def cli(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    assert "Traceback" not in err.getvalue()
    return code, err.getvalue()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@pytest.fixture(scope="module", autouse=True)
def report() -> Iterator[None]:
    yield
    target = os.environ.get("FUZZ_REPORT")
    if target:
        rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        figures = {k: dict(v) | {"slowest_s": round(SLOWEST[k], 2)} for k, v in FIGURES.items()}
        figures["max_rss_mb"] = {"process": round(rss_kb / 1024)}
        Path(target).write_text(json.dumps(figures, indent=2) + "\n")


@_settings(120)
@given(text=mutated(SCENARIOS))
def test_fuzzed_scenarios_validate_and_run_cleanly(folder: Path, text: str) -> None:
    path = folder / "fuzzed.toml"
    path.write_text(text, encoding="utf-8")
    figures = FIGURES["scenario"]
    figures["files"] += 1
    with bounded("scenario"):
        code, err = cli("validate", str(path))
        assert code in (0, 2)
        if code == 2:
            figures["rejected"] += 1
            lines = err.splitlines()  # a line a problem, each naming the file
            assert lines and all(line.startswith(str(path)) for line in lines), err
            return
        figures["accepted"] += 1
        code, err = cli("run", str(path), "--until", "2h", "--max-mentions", RUN_BUDGET)
        assert code in (0, 2), err
        figures["ran" if code == 0 else "refused by budget"] += 1


@_settings(60)
@given(text=mutated(DRILLS))
def test_fuzzed_drills_load_and_run_cleanly(folder: Path, text: str) -> None:
    path = folder / "fuzzed-drill.toml"
    path.write_text(text, encoding="utf-8")
    figures = FIGURES["drill"]
    figures["files"] += 1
    with bounded("drill"):
        try:
            built = build(load_drill(path))
        except ScenarioError as exc:
            figures["rejected"] += 1
            assert "\n" not in str(exc)
            return
        figures["accepted"] += 1
        try:
            budget.check(budget.estimate(built.scenario, 120), int(RUN_BUDGET))
        except budget.OverBudget:
            figures["refused by budget"] += 1
            return
        Engine(built.scenario, built.seed).run_until(min(120, built.scenario.meta.duration))
        figures["ran"] += 1

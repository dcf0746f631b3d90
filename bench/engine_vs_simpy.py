"""How fast the surgedesk engine plays a plain queue, next to plain SimPy and Ciw.

Run with ``python -m bench.engine_vs_simpy [--customers N] [--repeat K] [--record]``.

All three models simulate the issue's M/M/65+M queue (600 arrivals/h, 6 min handle,
30 min patience) in one process, so they share the machine, the interpreter and its
state. Times are the process's CPU time (`time.process_time`): on a machine shared with
other work, wall time measures the neighbours as much as the model. Each timed run covers
everything a user would wait for: building the model (parsing the scenario, for the
engine), simulating, and counting outcomes. Runs are interleaved model by model within
each repeat, so a slow spell of a shared machine hits all three alike. Throughput and the
speed-up are taken from the median of K runs; the best run is shown beside it, and the
load average while measuring is recorded. Each model's P(abandon) and service level are
shown against Erlang A, so a speed-up can't come from simulating a different queue.

The yardstick for "agrees" is the run-to-run standard deviation of a run this long,
measured from `--spread` extra, untimed runs of the engine with other seeds. A binomial
standard error would be far too small: customers of one queue share its busy spells, and
for this case the service level of a 200,000-customer run varies about ten times more
than a binomial SE says. The spread is a property of the queue, not of the model, so the
fastest model measures it; `tests/bench` checks all three models against Erlang A with
independent replications, which is what makes that reuse fair.

The target (issue 15): the engine at least four times the plain SimPy model's throughput.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import textwrap
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from rich.console import Console
from rich.table import Table

from bench.case import BENCH_CASE, Case, Counts
from bench.ciw_model import run_ciw
from bench.engine_model import run_engine
from bench.plain_simpy import run_plain_simpy
from bench.recording import (
    RESULTS,
    load_average,
    machine,
    machine_footer,
    record,
    section_markers,
)

SECTION_START, SECTION_END = section_markers("engine_vs_simpy")
TARGET_SPEEDUP = 4.0

Runner = Callable[[Case, int], Counts]


def _plain_simpy(case: Case, seed: int) -> Counts:
    return run_plain_simpy(case, np.random.default_rng(seed))


MODELS: dict[str, Runner] = {
    "plain SimPy": _plain_simpy,
    "Ciw": run_ciw,
    "surgedesk engine": run_engine,
}
BASELINE = "plain SimPy"


@dataclass(frozen=True)
class Timing:
    """K timed runs of one model, and the counts of its last run (all runs share a seed)."""

    model: str
    seconds: list[float]
    counts: Counts

    @property
    def best(self) -> float:
        return min(self.seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def throughput(self) -> float:
        """Customers simulated per second of the median run, warm-up customers included."""
        return self.counts.total / self.median


def time_models(case: Case, repeat: int, seed: int) -> list[Timing]:
    seconds: dict[str, list[float]] = {name: [] for name in MODELS}
    counts: dict[str, Counts] = {}
    for _ in range(repeat):
        for name, run in MODELS.items():
            gc.collect()  # garbage left by the previous model is not this one's cost
            start = time.process_time()
            counts[name] = run(case, seed)
            seconds[name].append(time.process_time() - start)
    return [Timing(name, seconds[name], counts[name]) for name in MODELS]


@dataclass(frozen=True)
class Spread:
    """Run-to-run standard deviation of one run's figures, from independent replications."""

    runs: int
    p_abandon: float
    service_level: float


def measure_spread(case: Case, runs: int, seed: int) -> Spread:
    """Untimed engine runs with seeds seed+1 .. seed+runs (the timed runs use `seed`)."""
    counts = [run_engine(case, seed + 1 + i) for i in range(runs)]
    return Spread(
        runs,
        statistics.stdev(c.p_abandon for c in counts),
        statistics.stdev(c.service_level for c in counts),
    )


def _vs_theory(value: float, theory: float, sd: float) -> str:
    return f"{value:.4f} ({(value - theory) / sd:+.1f} sd)"


def rows(case: Case, timings: list[Timing], spread: Spread) -> list[list[str]]:
    """The table as text cells; the first row is the theory the models are checked against."""
    theory = case.theory()
    base = next(t for t in timings if t.model == BASELINE)
    out = [
        [
            "Erlang A (exact)",
            "",
            "",
            "",
            "",
            "",
            f"{theory.p_abandon:.4f} ± {spread.p_abandon:.4f}",
            f"{theory.service_level:.4f} ± {spread.service_level:.4f}",
        ]
    ]
    for t in timings:
        c = t.counts
        out.append(
            [
                t.model,
                f"{c.total:,}",
                f"{t.best:.2f}",
                f"{t.median:.2f}",
                f"{t.throughput:,.0f}",
                f"{t.throughput / base.throughput:.2f}×",
                _vs_theory(c.p_abandon, theory.p_abandon, spread.p_abandon),
                _vs_theory(c.service_level, theory.service_level, spread.service_level),
            ]
        )
    return out


HEADERS = [
    "model",
    "customers",
    "best CPU s",
    "median CPU s",
    "customers/s",
    "vs plain SimPy",
    "P(abandon)",
    "service level",
]


def describe(case: Case, repeat: int, seed: int) -> str:
    return (
        f"M/M/{case.agents}+M: {case.per_hour:g} arrivals/h, exponential handle time mean "
        f"{case.mean_handle:g} min, exponential patience mean {case.mean_patience:g} min, "
        f"service level = answered within {case.sla:g} min; {case.customers:,} expected "
        f"customers ({case.duration / 60:.1f} h), the first {case.warmup / 60:g} h not counted; "
        f"seed {seed}, best and median of {repeat} interleaved runs per model; throughput and "
        "speed-up from the medians."
    )


def verdict(timings: list[Timing]) -> str:
    by = {t.model: t for t in timings}
    ratio = by["surgedesk engine"].throughput / by[BASELINE].throughput
    met = "met" if ratio >= TARGET_SPEEDUP else "NOT met"
    return f"engine / plain SimPy throughput = {ratio:.2f}× (target ≥ {TARGET_SPEEDUP:g}×: {met})"


def markdown(
    case: Case,
    repeat: int,
    seed: int,
    timings: list[Timing],
    spread: Spread,
    command: str,
    load: str,
) -> str:
    table = [
        "| " + " | ".join(HEADERS) + " |",
        "|" + "|".join("---" if i == 0 else "---:" for i in range(len(HEADERS))) + "|",
    ]
    table += ["| " + " | ".join(r) + " |" for r in rows(case, timings, spread)]
    info = machine()
    lines = [
        SECTION_START,
        "## Engine vs plain SimPy vs Ciw",
        "",
        textwrap.fill(describe(case, repeat, seed), 100),
        "",
        *table,
        "",
        f"**{verdict(timings)}**",
        "",
        textwrap.fill(
            "P(abandon) and service level are over the customers arriving after the warm-up. "
            "The Erlang A row gives the exact figure ± the run-to-run standard deviation of a "
            f"run this long, measured from {spread.runs} untimed engine runs with other seeds; "
            "the figure in brackets is each model's distance from Erlang A in those deviations.",
            100,
        ),
        "",
        *machine_footer(info, load, command),
        SECTION_END,
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.engine_vs_simpy", description=__doc__)
    parser.add_argument("--customers", type=int, default=BENCH_CASE.customers)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--spread", type=int, default=10, help="untimed engine runs that measure the run-to-run sd"
    )
    parser.add_argument("--record", action="store_true", help="write the table to RESULTS.md")
    args = parser.parse_args(argv)
    if args.customers <= 0 or args.repeat <= 0 or args.spread < 2:
        parser.error("--customers and --repeat must be positive, --spread at least 2")
    case = BENCH_CASE.scaled(args.customers)

    console = Console(width=max(Console().width, 140))
    console.print(describe(case, args.repeat, args.seed))
    timings = time_models(case, args.repeat, args.seed)
    load = load_average()
    console.print(f"timed; measuring the run-to-run spread with {args.spread} engine runs…")
    spread = measure_spread(case, args.spread, args.seed)
    table = Table(*HEADERS, title="Engine vs plain SimPy vs Ciw")
    for col in table.columns[1:]:
        col.justify = "right"
    for r in rows(case, timings, spread):
        table.add_row(*r)
    console.print(table)
    console.print(verdict(timings))
    if args.record:
        command = (
            f"python -m bench.engine_vs_simpy --customers {args.customers} "
            f"--repeat {args.repeat} --seed {args.seed} --spread {args.spread} --record"
        )
        section = markdown(case, args.repeat, args.seed, timings, spread, command, load)
        record("engine_vs_simpy", section)
        console.print(f"recorded in {RESULTS.name}")


if __name__ == "__main__":
    main()

"""Where people wait for a whole command: start-up, a default run, and the engine as a process.

Run with ``python -m bench.startup [--rounds K] [--customers N] [--record]``.

Each figure is the CPU time (user + system) of one whole process, from the interpreter
starting to it exiting, as `surgedesk` is used from a shell:

- `surgedesk --help`;
- `surgedesk run recall --json`, the default scenario played headless;
- `surgedesk run FILE --json` on the benchmark queue (`bench.engine_model`'s scenario file,
  200,000 expected customers) against `python -m bench.plain_simpy`, the same queue as a
  plain SimPy script (numpy and SimPy, nothing else), so their ratio is the speed-up a user
  sees, start-up included;
- the floor under the default run: Python with no imports, and Python importing the
  libraries a run needs (numpy, SimPy, pydantic's `BaseModel`) and nothing of ours.

The commands run interleaved, round by round, so a busy spell of a shared machine hits all
alike; the figures are medians of `--rounds`, and the load average is recorded with them.
One untimed round goes first, so Python's bytecode caches exist as they do for an
installed package (a process told not to write them is let write them here).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

from bench.case import BENCH_CASE
from bench.engine_model import scenario_toml
from bench.recording import (
    RESULTS,
    load_average,
    machine,
    machine_footer,
    record,
    section_markers,
)

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {"help": 0.15, "recall": 0.35}  # CPU seconds
TARGET_RATIO = 3.0  # plain SimPy script / `surgedesk run FILE --json`


@dataclass(frozen=True)
class Command:
    key: str
    label: str
    argv: list[str]


def commands(queue_file: Path, customers: int, seed: int) -> list[Command]:
    py = sys.executable
    return [
        Command("help", "`surgedesk --help`", [py, "-m", "tui", "--help"]),
        Command(
            "recall", "`surgedesk run recall --json`", [py, "-m", "tui", "run", "recall", "--json"]
        ),
        Command(
            "engine",
            "`surgedesk run FILE --json` (benchmark queue)",
            [py, "-m", "tui", "run", str(queue_file), "--json"],
        ),
        Command(
            "plain",
            "plain SimPy script (benchmark queue)",
            [py, "-m", "bench.plain_simpy", "--customers", str(customers), "--seed", str(seed)],
        ),
        # The floor under `run recall --json`: what no change of ours can take away.
        Command("python", "floor: Python itself (`python -c pass`)", [py, "-c", "pass"]),
        Command(
            "libraries",
            "floor: the libraries a run needs (numpy, SimPy, pydantic's `BaseModel`)",
            [py, "-c", LIBRARIES],
        ),
    ]


# As `surgedesk` starts them: OpenBLAS asked for one thread first (`tui.cli.one_blas_thread`).
LIBRARIES = (
    "import os; os.environ.setdefault('OPENBLAS_NUM_THREADS', '1'); "
    "import numpy, simpy; from pydantic import BaseModel"
)


def cpu_seconds(argv: list[str], env: dict[str, str]) -> tuple[float, str]:
    """The CPU time of one child process, and what it printed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return used, done.stdout


def measure(cmds: list[Command], rounds: int) -> tuple[dict[str, list[float]], dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    for cmd in cmds:  # untimed: bytecode caches written, files read once
        if cmd.key not in ("engine", "plain"):
            cpu_seconds(cmd.argv, env)
    times: dict[str, list[float]] = {c.key: [] for c in cmds}
    outputs: dict[str, str] = {}
    for _ in range(rounds):
        for cmd in cmds:
            seconds, outputs[cmd.key] = cpu_seconds(cmd.argv, env)
            times[cmd.key].append(seconds)
    return times, outputs


def customers_of(outputs: dict[str, str]) -> tuple[int, int]:
    """Customers simulated by each side of the pair: the engine's interval arrivals are not
    in its summary, so its post-warm-up `mentions` stand beside the script's `arrivals`."""
    engine = json.loads(outputs["engine"])["mentions"]
    plain = json.loads(outputs["plain"])["arrivals"]
    return int(engine), int(plain)


def table(cmds: list[Command], times: dict[str, list[float]]) -> list[str]:
    median = {k: statistics.median(v) for k, v in times.items()}
    lines = ["| command | median CPU s | best CPU s | target |", "|---|---:|---:|---|"]
    for cmd in cmds:
        target = TARGETS.get(cmd.key)
        goal = ""
        if target is not None:
            goal = f"≤ {target:g} s: {'met' if median[cmd.key] <= target else 'NOT met'}"
        lines.append(
            f"| {cmd.label} | {median[cmd.key]:.2f} | {min(times[cmd.key]):.2f} | {goal} |"
        )
    return lines


def ratio(times: dict[str, list[float]]) -> float:
    return statistics.median(times["plain"]) / statistics.median(times["engine"])


def verdict(times: dict[str, list[float]]) -> str:
    r = ratio(times)
    met = "met" if r >= TARGET_RATIO else "NOT met"
    return (
        f"plain SimPy script / `surgedesk run FILE --json`, whole processes = {r:.2f}× "
        f"(target ≥ {TARGET_RATIO:g}×: {met})"
    )


def markdown(
    cmds: list[Command],
    times: dict[str, list[float]],
    rounds: int,
    counts: tuple[int, int],
    load: str,
    command: str,
) -> str:
    start, end = section_markers("startup")
    info = machine(("numpy", "simpy", "pydantic", "rich"))
    lines = [
        start,
        "## Whole processes: start-up, the default run, the engine against a SimPy script",
        "",
        textwrap.fill(
            f"CPU time (user + system) of each whole process, median and best of {rounds} "
            "interleaved rounds after one untimed round (bytecode caches in place). The queue "
            f"pair simulates the benchmark queue (`engine_vs_simpy`'s case): {counts[0]:,} and "
            f"{counts[1]:,} customers after the warm-up (engine, script; same seed, each its "
            "own draws).",
            100,
        ),
        "",
        *table(cmds, times),
        "",
        f"**{verdict(times)}**",
        "",
        *machine_footer(info, load, command),
        end,
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.startup", description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--customers", type=int, default=BENCH_CASE.customers)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--record", action="store_true", help="write the table to RESULTS.md")
    args = parser.parse_args(argv)
    if args.rounds <= 0 or args.customers <= 0:
        parser.error("--rounds and --customers must be positive")
    case = BENCH_CASE.scaled(args.customers)
    with tempfile.TemporaryDirectory() as tmp:
        queue = Path(tmp) / "queue.toml"
        queue.write_text(scenario_toml(case, args.seed), encoding="utf-8")
        cmds = commands(queue, args.customers, args.seed)
        times, outputs = measure(cmds, args.rounds)
    load = load_average()
    counts = customers_of(outputs)
    print("\n".join(table(cmds, times)))
    print(verdict(times))
    print(f"customers after the warm-up: engine {counts[0]:,}, script {counts[1]:,}; load {load}")
    if args.record:
        command = (
            f"python -m bench.startup --rounds {args.rounds} --customers {args.customers} "
            f"--seed {args.seed} --record"
        )
        record("startup", markdown(cmds, times, args.rounds, counts, load, command))
        print(f"recorded in {RESULTS.name}")


if __name__ == "__main__":
    main()

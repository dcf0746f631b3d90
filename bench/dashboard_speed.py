"""Dashboard benchmark: the default 72 h scenario at top speed with the UI drawing (Textual's
headless driver, 120×40), and how fast keys are answered while it plays.

- **snapshots/s**: the dashboard's frame rate while the run plays at top speed: frames
  begun per wall second, from the first frame's start to the last one's (the rate at
  which snapshots reach the screen), beside the headless run of the same scenario.
- **frame ms**: wall time of one clock frame, from its first slice of simulation to its
  panels updated (the slices' gaps, where keys are answered, included); the screen's
  paint comes after, on Textual's side.
- **frame CPU ms**: the process's CPU time per frame, paint included, from the first
  frame's start to the last one's: what a frame costs whatever else the machine runs (the
  simulation's share of it is what drawing leaves of the frame).
- **key ms**: from a key reaching the app (posted as the terminal driver posts it) to the
  first paint of the screen that shows its effect: `-` (the status line reads "4 h/s"),
  `+` (back to "max"), `p` (the scenario picker is up), Escape (the dashboard is back).

The headless driver skips writing to a terminal; each paint here also builds the
terminal's escape sequence, as a real terminal's driver would, so its cost is counted.
Every figure is a median over `--repeat` rounds, each round a fresh app run as the
`surgedesk` command runs it (it freezes what it is built of once its screen is up). The
run's clock starts once the first frame is on screen, as a user sees it: laying the
screen out and the one-off loads come before the first frame, not inside the rate.

Run: `python -m bench.dashboard_speed [--repeat 5] [--record]`.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import itertools
import os
import statistics
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, TypeVar

from rich.console import Console
from rich.table import Table
from textual import events
from textual.screen import Screen

from bench.recording import machine, record, section_markers
from sim.engine.core import Engine
from sim.model.library import DEFAULT_SCENARIO, resolve
from sim.model.loading import load_scenario
from sim.model.scenario import Scenario
from sim.session.clock import SPEEDS, Clock
from sim.session.live import LiveSession
from tui.app import DashboardApp
from tui.cli import common
from tui.screens.picker import PickerScreen
from tui.widgets.status import StatusBar

SIZE = (120, 40)
T = TypeVar("T")
TOP = len(SPEEDS) - 1


def headless(scenario: Scenario) -> float:
    began = time.perf_counter()
    Engine(scenario, record_mentions=False).run()  # as the dashboard's engine runs
    return time.perf_counter() - began


@dataclass
class Probe:
    """One key, the condition its effect shows as, and when it was pressed and painted."""

    name: str
    key: str
    shows: Callable[[DashboardApp], bool]
    pressed: float = 0.0
    painted: float | None = None


@dataclass
class Watch:
    """Hooks on one app: times its clock's frames and the keys to their paint."""

    app: DashboardApp
    begun: list[float] = field(default_factory=list)  # wall time each frame began
    cpu: list[float] = field(default_factory=list)  # the process's CPU time then
    frames: list[float] = field(default_factory=list)  # wall seconds of each frame
    probe: Probe | None = None

    def attach(self) -> None:
        app, pacer = self.app, self.app.pacer
        begin, draw, display = pacer._begin, pacer._draw, app._display

        def begun() -> None:
            self.begun.append(time.perf_counter())
            self.cpu.append(time.process_time())
            begin()

        def drawn() -> None:
            draw()
            if self.begun:
                self.frames.append(time.perf_counter() - self.begun[-1])

        def painted(screen: Screen[Any], renderable: Any) -> None:
            display(screen, renderable)
            if renderable is not None and hasattr(renderable, "render_segments"):
                renderable.render_segments(app.console)  # what a terminal's driver writes
            probe = self.probe
            if probe is not None and probe.painted is None and probe.shows(app):
                probe.painted = time.perf_counter()

        pacer._begin = begun  # type: ignore[method-assign]
        pacer._draw = drawn  # type: ignore[method-assign]
        app._display = painted  # type: ignore[method-assign]

    async def press(self, probe: Probe, timeout: float = 5.0) -> float:
        """Post the key as a terminal's driver does; milliseconds until its effect is painted."""
        self.probe = probe
        probe.pressed = time.perf_counter()
        self.app.post_message(events.Key(probe.key, None))
        while probe.painted is None and time.perf_counter() - probe.pressed < timeout:
            await asyncio.sleep(0.002)
        self.probe = None
        if probe.painted is None:
            raise RuntimeError(f"{probe.name}: no paint showed it within {timeout} s")
        return (probe.painted - probe.pressed) * 1000


def top_speed_app(scenario: Scenario) -> DashboardApp:
    return DashboardApp(LiveSession.start(scenario, clock=Clock(speed_index=TOP)))


async def play(scenario: Scenario) -> tuple[float, list[float], float, float]:
    """Frames per second while the run plays to its end, each frame's wall time, the
    process's CPU milliseconds per frame, and the median time from one frame to the next
    (the first frame, which lays the screen out, counts in the rate, not in the median)."""
    app = top_speed_app(scenario)
    watch = Watch(app)
    watch.attach()
    async with app.run_test(size=SIZE) as pilot:
        while not app.session.run.engine.done:
            # A plain sleep: `pilot.pause` makes every widget answer and forces a compositor
            # refresh, five extra paints a frame that a terminal never asks for.
            await asyncio.sleep(0.02)
        begun, frames, cpu = list(watch.begun), list(watch.frames), list(watch.cpu)
        await pilot.pause(0.2)
    rate = (len(begun) - 1) / (begun[-1] - begun[0])
    between = statistics.median(b - a for a, b in itertools.pairwise(begun)) * 1000
    return rate, frames, (cpu[-1] - cpu[0]) * 1000 / (len(cpu) - 1), between


def status_reads(label: str) -> Callable[[DashboardApp], bool]:
    return lambda app: label in str(app.dashboard.query_one(StatusBar).render())


def probes() -> list[Probe]:
    return [
        Probe("- (slower)", "minus", status_reads("4 h/s")),
        Probe("+ (faster)", "plus", status_reads("max")),
        Probe("p (picker)", "p", lambda app: isinstance(app.screen, PickerScreen)),
        Probe("Escape (back)", "escape", lambda app: app.screen is app.dashboard),
    ]


def lengthened(scenario: Scenario, days: int = 14) -> Scenario:
    """The scenario run on for `days`: on a quiet machine the 72 h recall plays to its end
    at top speed before a dozen keys are timed, and a key pressed at the end times nothing."""
    meta = scenario.meta.model_copy(update={"duration": days * 24 * 60.0})
    return scenario.model_copy(update={"meta": meta})


async def keys(scenario: Scenario, pairs: int = 3) -> dict[str, list[float]]:
    """Each probe pressed `pairs` times while the run plays at top speed (the scenario
    lengthened, so the keys are timed while it plays, its surge behind it)."""
    app = top_speed_app(lengthened(scenario))
    watch = Watch(app)
    watch.attach()
    out: dict[str, list[float]] = {}
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        for _ in range(pairs):
            for probe in probes():
                if app.session.run.engine.done:
                    raise RuntimeError("the run ended before every key was timed")
                out.setdefault(probe.name, []).append(await watch.press(probe))
                await asyncio.sleep(0.15)  # frames at top speed between keys
    return out


def one_round(coroutine: Coroutine[Any, Any, T]) -> T:
    """A round as the `surgedesk` command runs it: the app freezes what it is built of
    once its screen is up, and the next round starts without this round's objects."""
    try:
        return asyncio.run(coroutine)
    finally:
        gc.unfreeze()
        gc.collect()


def load_average() -> str:
    return "{:.1f}, {:.1f}, {:.1f}".format(*os.getloadavg())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.dashboard_speed", description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--record", action="store_true", help="write the table to RESULTS.md")
    args = parser.parse_args(argv)
    common.one_command_process()  # as the console script says: see `one_round`
    scenario = load_scenario(resolve(DEFAULT_SCENARIO))
    load_before = load_average()
    plain = [headless(scenario) for _ in range(args.repeat)]
    rates: list[float] = []
    cpu_ms: list[float] = []
    frame_ms: list[float] = []
    p95: list[float] = []
    gaps: list[float] = []
    key_ms: dict[str, list[float]] = {}
    for _ in range(args.repeat):
        rate, frames, cpu, between = one_round(play(scenario))
        rates.append(rate)
        gaps.append(between)
        cpu_ms.append(cpu)
        ms = sorted(f * 1000 for f in frames)
        frame_ms.append(statistics.median(ms))
        p95.append(ms[min(len(ms) - 1, int(0.95 * len(ms)))])
        for name, values in one_round(keys(scenario)).items():
            key_ms.setdefault(name, []).append(statistics.median(values))
    load_after = load_average()
    rows = [
        ["headless run to the end (s)", f"{statistics.median(plain):.2f}"],
        ["dashboard at top speed: snapshots/s", f"{statistics.median(rates):.1f}"],
        ["frame to frame, median (ms)", f"{statistics.median(gaps):.0f}"],
        ["clock frame, median (ms)", f"{statistics.median(frame_ms):.0f}"],
        ["clock frame, 95th percentile (ms)", f"{statistics.median(p95):.0f}"],
        ["CPU per frame, paint included (ms)", f"{statistics.median(cpu_ms):.0f}"],
        *([f"key {k} to its paint (ms)", f"{statistics.median(v):.0f}"] for k, v in key_ms.items()),
    ]
    headers = ["72 h recall at top speed, 120×40", f"median of {args.repeat}"]
    table = Table(*headers, title="Dashboard speed")
    for r in rows:
        table.add_row(*r)
    Console().print(table)
    print(f"load average before {load_before}, after {load_after}")
    if args.record:
        start, end = section_markers("dashboard_speed")
        lines = [
            start,
            "## Dashboard: the default scenario at top speed",
            "",
            "The 72 h recall scenario at top speed in Textual's headless driver at 120×40, "
            "each paint also building the terminal's output; snapshots/s is the frame rate "
            "while the run plays (frames begun per second, first to last; the run's clock "
            "starts once the first frame is on screen, so laying the screen out is not in "
            "it); frame to frame is the median time between two frames' starts; the CPU "
            "row is the process's CPU from the first frame's start to the last one's, per "
            "frame. Keys are posted as the terminal driver posts them and timed to the "
            "first paint showing their effect (see the module's docstring). The dashboard "
            "books a frame every 1/12 s and gives each frame's simulation what drawing "
            "(and, on a busy machine, the time a frame overran) leaves, so on a machine "
            "with the CPU for the drawing the rate holds near 12 and the run plays at "
            "what is left; on a busy one the run plays slower, not the screen. "
            f"Medians of {args.repeat} rounds, a fresh app each, run as the `surgedesk` "
            "command runs it.",
            "",
            "| " + " | ".join(headers) + " |",
            "|---|---:|",
            *("| " + " | ".join(r) + " |" for r in rows),
            "",
            "Machine:",
            "",
            *(f"- {k}: {v}" for k, v in machine(("numpy", "simpy", "textual")).items()),
            f"- load average (1, 5, 15 min) before: {load_before}; after: {load_after} "
            "(the machine is shared: other work ran on its cores)",
            "",
            f"Command: `python -m bench.dashboard_speed --repeat {args.repeat} --record`",
            end,
            "",
        ]
        record("dashboard_speed", "\n".join(lines))


if __name__ == "__main__":
    main()

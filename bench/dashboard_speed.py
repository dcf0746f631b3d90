"""Dashboard benchmark: the default 72 h scenario played to its end at top speed with the
UI drawing (Textual headless, 120×40), against the headless run of the same scenario.
Reports snapshots drawn per second and both wall times.

Run: `python -m bench.dashboard_speed [--repeat 3] [--record]`.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

from rich.console import Console
from rich.table import Table

from bench.recording import machine, record, section_markers
from sim.engine.core import Engine
from sim.model.library import DEFAULT_SCENARIO, resolve
from sim.model.loading import load_scenario
from sim.model.scenario import Scenario
from sim.session.clock import SPEEDS, Clock
from sim.session.live import LiveSession
from tui.app import DashboardApp


def headless(scenario: Scenario) -> float:
    began = time.perf_counter()
    Engine(scenario, record_mentions=False).run()  # as the dashboard's engine runs
    return time.perf_counter() - began


async def with_ui(scenario: Scenario) -> tuple[float, int]:
    """Wall seconds until the summary opens, and snapshots drawn on the way."""
    app = DashboardApp(LiveSession.start(scenario, clock=Clock(speed_index=len(SPEEDS) - 1)))
    frames = 0
    draw = app.refresh_view

    def counted() -> None:
        nonlocal frames
        frames += 1
        draw()

    app.refresh_view = counted  # type: ignore[method-assign]
    began = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        while not app.session.run.engine.done:
            await pilot.pause(0.05)
        elapsed = time.perf_counter() - began
    return elapsed, frames


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.dashboard_speed", description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--record", action="store_true", help="write the table to RESULTS.md")
    args = parser.parse_args(argv)
    scenario = load_scenario(resolve(DEFAULT_SCENARIO))
    plain = [headless(scenario) for _ in range(args.repeat)]
    ui = [asyncio.run(with_ui(scenario)) for _ in range(args.repeat)]
    ui_s = [s for s, _ in ui]
    fps = [f / s for s, f in ui]
    rows = [
        ["headless run", f"{min(plain):.2f}", f"{statistics.median(plain):.2f}", "–"],
        [
            "dashboard at max speed",
            f"{min(ui_s):.2f}",
            f"{statistics.median(ui_s):.2f}",
            f"{statistics.median(fps):.1f}",
        ],
    ]
    headers = ["72 h recall, to the end", "best s", "median s", "snapshots/s"]
    table = Table(*headers, title="Dashboard vs headless")
    for r in rows:
        table.add_row(*r)
    Console().print(table)
    if args.record:
        start, end = section_markers("dashboard_speed")
        lines = [
            start,
            "## Dashboard: the default scenario at top speed",
            "",
            "The 72 h recall scenario played to its end; the dashboard in Textual's headless "
            "driver at 120×40 with its 10 Hz clock and a 40 ms simulation budget per frame, "
            f"best and median of {args.repeat}.",
            "",
            "| " + " | ".join(headers) + " |",
            "|---|---:|---:|---:|",
            *("| " + " | ".join(r) + " |" for r in rows),
            "",
            "Machine:",
            "",
            *(f"- {k}: {v}" for k, v in machine(("numpy", "simpy", "textual")).items()),
            "",
            f"Command: `python -m bench.dashboard_speed --repeat {args.repeat} --record`",
            end,
            "",
        ]
        record("dashboard_speed", "\n".join(lines))


if __name__ == "__main__":
    main()

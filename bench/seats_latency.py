"""Seats benchmark: how long an inject takes from the controller to every seat, on loopback.

One hosted drill (`recall-evening`, its clock running at the drill's pace) in this process;
`--seats` seats (players and observers, in turn) in one separate process each, as terminals
would be; one controller seat here fires `--injects` injects, one every `--gap` seconds.
For each inject and each seat it measures, on the machine's monotonic clock (shared by
processes), the wall time from the controller sending the fire command to the seat having:

- the inject (the message that opens the inject dialog), and
- the first snapshot after it (the frame the dashboard draws next).

A seat's dashboard polls for news at 10 Hz, so what a person sees adds up to 100 ms to
the second figure. Run: `python -m bench.seats_latency [--seats 10] [--injects 20] [--record]`.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time

from rich.console import Console
from rich.table import Table

from bench.recording import machine, record, section_markers

DRILL = "recall-evening"


async def seat(port: int, token: str, role: str, count: int) -> None:
    """A seat process: the times it had each inject and the snapshot after it, as JSON."""
    from sim.session import wire

    reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=wire.HOST_LINE_LIMIT)
    writer.write(wire.encode(wire.Hello(token=token, role=role)))
    got: list[tuple[float, float]] = []
    shown: float | None = None
    print("ready", flush=True)
    while len(got) < count and (line := await reader.readline()):
        now = time.monotonic()
        message = wire.from_host(line)
        if isinstance(message, wire.Inject):
            shown = now
        elif isinstance(message, wire.Frame) and shown is not None:
            got.append((shown, now))
            shown = None
    print(json.dumps(got), flush=True)
    writer.close()


async def host(seats: int, injects: int, gap: float) -> tuple[list[float], list[float]]:
    from sim.exercise.build import build
    from sim.exercise.loading import load_drill, resolve_drill
    from sim.session.drill import DrillSession
    from sim.session.host import Host
    from sim.session.remote import RemoteSession

    hosted = Host(DrillSession.start(build(load_drill(resolve_drill(DRILL)))))
    port = await hosted.listen()
    roles = ["player" if i % 2 == 0 else "observer" for i in range(seats)]
    procs = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.seats_latency",
            "--seat",
            str(port),
            hosted.tokens[role],  # type: ignore[index]
            role,
            str(injects),
            stdout=subprocess.PIPE,
        )
        for role in roles
    ]
    for proc in procs:
        assert proc.stdout is not None
        await proc.stdout.readline()  # "ready"
    playing = asyncio.create_task(hosted.run(linger=False))
    controller = await RemoteSession.connect(
        "127.0.0.1", port, hosted.tokens["controller"], "controller"
    )
    while len(hosted.seats) < seats + 1:
        await asyncio.sleep(0.01)
    controller.run.clock.paused = False
    ids = [i.id for i in hosted.session.drill.injects]
    sent: list[float] = []
    for n in range(injects):
        await asyncio.sleep(gap)
        sent.append(time.monotonic())
        controller.fire(ids[n % len(ids)])
    to_inject: list[float] = []
    to_frame: list[float] = []
    for proc in procs:
        out, _ = await proc.communicate()
        for t0, (shown, drawn) in zip(sent, json.loads(out.decode().splitlines()[-1]), strict=True):
            to_inject.append((shown - t0) * 1000)
            to_frame.append((drawn - t0) * 1000)
    playing.cancel()
    await controller.close()
    await hosted.close()
    return to_inject, to_frame


def row(name: str, ms: list[float]) -> list[str]:
    ms = sorted(ms)
    p95 = ms[min(len(ms) - 1, round(0.95 * (len(ms) - 1)))]
    return [name, f"{statistics.median(ms):.1f}", f"{p95:.1f}", f"{ms[-1]:.1f}", str(len(ms))]


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--seat":
        port, token, role, count = sys.argv[2:6]
        asyncio.run(seat(int(port), token, role, int(count)))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seats", type=int, default=10)
    parser.add_argument("--injects", type=int, default=20)
    parser.add_argument("--gap", type=float, default=0.5, help="seconds between injects")
    parser.add_argument("--record", action="store_true")
    args = parser.parse_args()
    to_inject, to_frame = asyncio.run(host(args.seats, args.injects, args.gap))
    load = os.getloadavg()[0]
    headers = ["controller fires → seat has", "median ms", "p95 ms", "max ms", "samples"]
    rows = [row("the inject", to_inject), row("the next snapshot", to_frame)]
    table = Table(*headers, title=f"{args.seats} seats on loopback")
    for r in rows:
        table.add_row(*r)
    Console().print(table)
    if args.record:
        start, end = section_markers("seats_latency")
        lines = [
            start,
            "## Seats: inject to screen with 10 seats",
            "",
            f"One hosted `{DRILL}` drill, its clock running at the drill's pace; "
            f"{args.seats} seats (players and observers in turn), one process each, on "
            f"loopback; a controller seat fires {args.injects} injects, one every "
            f"{args.gap:g} s. Time from the controller sending the command to each seat "
            "having the inject, and the next snapshot (a seat's dashboard then draws it "
            "within its 10 Hz frame, up to 100 ms more).",
            "",
            "| " + " | ".join(headers) + " |",
            "|---|---:|---:|---:|---:|",
            *("| " + " | ".join(r) + " |" for r in rows),
            "",
            "Machine:",
            "",
            *(f"- {k}: {v}" for k, v in machine(("pydantic", "textual")).items()),
            f"- load average while measuring: {load:.1f} (other work shares the cores)",
            "",
            f"Command: `python -m bench.seats_latency --seats {args.seats} "
            f"--injects {args.injects} --record`",
            end,
            "",
        ]
        record("seats_latency", "\n".join(lines))


if __name__ == "__main__":
    main()

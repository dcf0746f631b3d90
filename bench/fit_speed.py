"""`surgedesk fit` speed: a 55-day history of 5-minute counts (15,840 rows) read and fitted.

The history is made by surgedesk itself (a Cox baseline of 600 mentions an hour with a
business-like daily cycle, two shocks and a viral cascade), written as the CSV a
listening tool exports, then `surgedesk fit FILE` is run in-process and timed, best of
`--repeat`; `--history FILE...` times files of your own as well (the six real series of
FITTING.md, say). Target (issue 13): under 5 seconds for a 55-day, 16,000-row file.
Start-up imports are timed once, apart.

Run: `python -m bench.fit_speed [--repeat 3] [--history FILE...] [--record]`.
"""

from __future__ import annotations

import argparse
import io
import os
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from rich.console import Console
from rich.table import Table

from bench.recording import machine, record, section_markers

SCENARIO = """
[scenario]
name = "bench history"
duration = "55d"
start = "2015-02-26T00:00"
[baseline]
per_hour = 600
daily_profile = "business"
volatility = 0.35
level_half_life = "90m"
[[surge]]
at = "200h"
shape = "shock"
peak_per_hour = 9000
half_life = "3h"
[[surge]]
at = "700h"
shape = "viral"
seed_posts = 2000
branching = 0.8
kernel = "exponential"
mean_delay = "20m"
[[surge]]
at = "1100h"
shape = "shock"
peak_per_hour = 4000
tau = "30m"
theta = 0.8
"""
START = datetime(2015, 2, 26, tzinfo=UTC).timestamp()


def make_history(path: Path) -> int:
    """Write the bench history as `timestamp,value` rows; returns the row count."""
    from sim.engine.sources import build_sources
    from sim.model.loading import parse_scenario

    sc = parse_scenario(SCENARIO)
    end = sc.meta.duration
    t = np.concatenate([s.window(0.0, end).t for s in build_sources(sc, 1)])
    n = int(end // 5)
    counts = np.bincount((t // 5).astype(np.int64), minlength=n)[:n]
    lines = ["timestamp,value"]
    for i, c in enumerate(counts.tolist()):
        stamp = datetime.fromtimestamp(START + i * 300 + 173, UTC).strftime("%Y-%m-%d %H:%M:%S")
        lines.append(f"{stamp},{c}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return n


def time_fit(path: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one `surgedesk fit` (CPU time shows it on a shared machine)."""
    from tui.cli import main

    began, cpu = time.perf_counter(), time.process_time()
    # `main` prints to a fresh Console on stdout; the tables are not what is timed.
    import contextlib

    with contextlib.redirect_stdout(io.StringIO()):
        code = main(["fit", str(path)])
    if code != 0:
        raise SystemExit(f"fit failed with status {code}")
    return time.perf_counter() - began, time.process_time() - cpu


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.fit_speed", description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--history", type=Path, nargs="+", help="time these CSVs as well as the made one"
    )
    parser.add_argument("--record", action="store_true", help="write the table to RESULTS.md")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    import sim.analysis.history.fitting  # noqa: F401  (start-up, timed apart)
    import tui.cli.fit  # noqa: F401

    imports = time.perf_counter() - began
    rows: list[tuple[str, str, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        made = Path(tmp) / "history.csv"
        count = make_history(made)
        for name, path, n in [
            ("made (5-minute counts)", made, f"{count:,}"),
            *((p.name, p, f"{_rows(p):,}") for p in args.history or []),
        ]:
            times = [time_fit(path) for _ in range(args.repeat)]
            rows.append((name, n, min(t[0] for t in times), min(t[1] for t in times)))
    table = Table(title=f"surgedesk fit: read and fit (imports {imports:.2f} s apart)")
    for col in ("history", "rows", "best wall (s)", "best CPU (s)"):
        table.add_column(col, justify="right")
    for name, n, wall, cpu in rows:
        table.add_row(name, n, f"{wall:.2f}", f"{cpu:.2f}")
    Console().print(table)
    if args.record:
        start, end = section_markers("fit_speed")
        m = "\n".join(f"- {k}: {v}" for k, v in machine(("numpy", "scipy")).items())
        m += f"\n- load average (1 min, at the end): {os.getloadavg()[0]:.1f}"
        lines = "".join(f"| {a} | {b} | {c:.2f} | {d:.2f} |\n" for a, b, c, d in rows)
        files = " ".join(f"{p.parent.name}/{p.name}" for p in args.history or [])
        command = f"python -m bench.fit_speed --repeat {args.repeat} --record"
        command += f" --history {files}" if files else ""
        body = (
            f"{start}\n## fit_speed\n\n{m}\n\nImports, once: {imports:.2f} s.\n\n"
            "| history | rows | best wall (s) | best CPU (s) |\n|---|---|---|---|\n"
            f"{lines}\nCommand: `{command}`\n{end}\n"
        )
        record("fit_speed", body)


def _rows(path: Path) -> int:
    with path.open(encoding="utf-8") as handle:
        return sum(1 for _ in handle) - 1


if __name__ == "__main__":
    main()

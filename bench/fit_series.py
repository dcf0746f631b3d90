"""`surgedesk fit` on a folder of real histories: the figures of FITTING.md, one row a file.

For each `*.csv` in FOLDER (with `labelled_windows.json` beside them, NAB's format), what
`surgedesk fit FILE --holdout 7d --labels labelled_windows.json` reports: the held-out
hours (outside labelled windows and bursts) inside the simulated 90% band, the fitted
daily and weekly profiles' correlation with the held-out week's, and, over the whole
history at the default alert rule, the labelled windows alerted and the false alerts a
week, and how many of those false alerts fall on a burst the whole-history fit itself
finds (real bursts the labels do not mark; still counted as false); plus the CPU seconds
to fit the whole file (read, baseline, bursts, shapes).

Run: `python -m bench.fit_series FOLDER [--seeds 40] [--holdout 7d]`.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from sim.analysis.history.alerts import Alert, AlertRule, alerts_over, score_alerts
from sim.analysis.history.bursts import burst_mask
from sim.analysis.history.check import check_fit
from sim.analysis.history.fitting import HistoryFit, fit_history
from sim.analysis.history.labels import Window, label_mask, read_labels
from sim.analysis.history.reading import read_history
from sim.analysis.history.series import HOUR, to_series
from sim.analysis.history.tomlout import document
from sim.analysis.history.writing import scenario_data
from sim.model.errors import read_text
from sim.model.library import resolve
from sim.model.loading import load_toml, parse_scenario
from tui.cli.common import duration


def measure(path: Path, labels: Path, seeds: int, holdout_min: float) -> dict[str, float]:
    """One file's figures."""
    template_path = resolve("recall")
    template = load_toml(read_text(template_path), str(template_path))
    cpu = time.process_time()
    history = read_history(str(path))
    series = to_series(history)
    whole = fit_history(str(path), series)
    fit_seconds = time.process_time() - cpu
    keep = len(series.counts) - round(holdout_min * 60 / series.width)
    fit = fit_history(str(path), series.head(keep))
    hourly = series.hourly()
    data = scenario_data(fit, history, template)
    data["scenario"]["duration"] = f"{len(hourly.counts)}h"
    sc = parse_scenario(document(data), "<fitted scenario>")
    windows = read_labels(labels, path.name)
    check = check_fit(fit, sc, hourly, seeds, fit.hours, label_mask(hourly, windows))
    weeks = len(series.counts) * series.width / (7 * 24 * HOUR)
    alerts = alerts_over(series, AlertRule())
    score = score_alerts(alerts, windows, weeks)
    return {
        "coverage": check.coverage,
        "daily": check.daily_corr,
        "weekly": check.weekly_corr,
        "found": sum(a is not None for _, a in score.found),
        "windows": len(windows),
        "false": score.false_alerts,
        "weeks": weeks,
        "fit_s": fit_seconds,
        "bursts": len(whole.surges),
        "on_bursts": _on_bursts(whole, alerts, windows),
    }


def _on_bursts(whole: HistoryFit, alerts: list[Alert], windows: list[Window]) -> int:
    """False alerts whose window (the hour before the alert) overlaps a burst of the fit."""
    hours = len(whole.hourly.counts)
    busy = burst_mask(hours, [s.burst for s in whole.surges], after=0)
    n = 0
    for a in alerts:
        t = a.at * 60
        if any(lo <= t <= hi for lo, hi in windows):
            continue
        h = int((t - whole.hourly.start) // HOUR)
        n += bool(busy[max(h - 1, 0) : min(h + 1, hours)].any())
    return n


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.fit_series", description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seeds", type=int, default=40)
    parser.add_argument("--holdout", type=duration, default=7 * 1440.0)
    args = parser.parse_args(argv)
    labels = args.folder / "labelled_windows.json"
    table = Table(title=f"fit --holdout, {args.seeds} simulations; default alert rule")
    cols = ("series", "coverage", "daily r", "weekly r", "windows alerted", "false (a week)")
    for col in (*cols, "false on fit's bursts", "bursts", "fit CPU (s)"):
        table.add_column(col, justify="right")
    total = {"found": 0.0, "windows": 0.0, "false": 0.0, "weeks": 0.0, "on_bursts": 0.0}
    for path in sorted(args.folder.glob("*.csv")):
        m = measure(path, labels, args.seeds, args.holdout)
        for k in total:
            total[k] += m[k]
        table.add_row(
            path.stem.rsplit("_", 1)[-1],
            f"{100 * m['coverage']:.1f}%",
            f"{m['daily']:.2f}",
            f"{m['weekly']:.2f}",
            f"{m['found']:.0f} of {m['windows']:.0f}",
            f"{m['false']:.0f} ({m['false'] / m['weeks']:.2f})",
            f"{m['on_bursts']:.0f}",
            f"{m['bursts']:.0f}",
            f"{m['fit_s']:.2f}",
        )
    table.add_row(
        "all",
        "",
        "",
        "",
        f"{total['found']:.0f} of {total['windows']:.0f}",
        f"{total['false']:.0f} ({total['false'] / total['weeks']:.2f})",
        f"{total['on_bursts']:.0f}",
        "",
        "",
    )
    Console(width=140).print(table)


if __name__ == "__main__":
    main()

"""`surgedesk fit --check` and `--labels`: the fit against what happened, and the alert rule
against labelled windows; each returns the lines the scenario's header keeps."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from sim.analysis.history.alerts import AlertRule, alerts_over, score_alerts
from sim.analysis.history.check import FAR, SURGE_NOTES, Check, check_fit
from sim.analysis.history.fitting import HistoryFit
from sim.analysis.history.labels import label_mask, read_labels
from sim.analysis.history.reading import History
from sim.analysis.history.series import HOUR, Series
from sim.analysis.history.tomlout import document
from sim.analysis.history.writing import scenario_data, stamp
from sim.model.loading import parse_scenario
from tui.cli.fit_chart import band_chart


def _pct(x: float) -> str:
    return "n/a" if x != x else f"{100 * x:.0f}%"


def _num(x: float) -> str:
    return "n/a" if x != x else f"{x:.2f}"


def run_check(
    args: argparse.Namespace,
    fit: HistoryFit,
    history: History,
    series: Series,
    template: dict[str, Any],
    out: Console,
) -> list[str]:
    hourly = series.hourly()
    data = scenario_data(fit, history, template, args.channel)
    data["scenario"]["duration"] = f"{len(hourly.counts)}h"  # the held-out days too
    sc = parse_scenario(document(data), "<fitted scenario>")
    first = fit.hours if args.holdout is not None else 0
    excluded = None
    if args.labels is not None:
        excluded = label_mask(hourly, read_labels(args.labels, Path(args.history).name))
    check = check_fit(fit, sc, hourly, args.seeds, first, excluded)
    what = f"the last {len(check.hourly.counts)} hours, held out" if first else "every hour"
    outside = "labelled windows and bursts" if excluded is not None else "bursts"
    table = Table(title=f"Check: {check.seeds} simulations against {what}", title_justify="left")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("hours inside the simulated 90% band", _pct(check.coverage_all))
    table.add_row(f"  of hours outside {outside}", _pct(check.coverage))
    table.add_row("daily profile correlation", _num(check.daily_corr))
    table.add_row("weekly profile correlation", _num(check.weekly_corr))
    out.print(table)
    if check.surges and not first:
        out.print(surge_table(check))
        for line in SURGE_NOTES:
            out.print(line, markup=False, highlight=False)
    out.print(band_chart(check, max(40, min(96, out.width - 12))), markup=False, highlight=False)
    if args.report is not None:
        from sim.present.fileset import write_file
        from sim.present.report.history import check_page

        write_file(args.report, check_page(fit, check, f"Fit check: {Path(fit.source).name}"))
        out.print(f"wrote {args.report}", markup=False, highlight=False)
    return _quality(check, what, outside)


def surge_table(check: Check) -> Table:
    """Each burst seen against the simulations; `far` where the seen lies outside the
    simulated 90% band."""
    table = Table(title="Surges: seen against simulated", title_justify="left")
    for col in ("#", "window", "extra\nseen", "simulated\nmedian", "90% band", "halves in"):
        table.add_column(col, justify="right")
    table.add_column("", justify="left")
    for s in check.surges:
        lo, mid, hi = s.simulated
        table.add_row(
            str(s.index),
            f"{s.window_hours:.0f}h",
            f"{s.observed:,.0f}",
            f"{mid:,.0f}",
            f"{lo:,.0f} to {hi:,.0f}",
            s.halves,
            FAR if s.outside else "",
        )
    return table


def _quality(check: Check, what: str, outside: str) -> list[str]:
    return [
        f"check over {what}, {check.seeds} simulations: {_pct(check.coverage_all)} of hours "
        f"inside the simulated 90% band ({_pct(check.coverage)} outside {outside});",
        f"daily profile correlation {_num(check.daily_corr)}, weekly {_num(check.weekly_corr)}.",
    ]


def run_alerts(args: argparse.Namespace, series: Series, out: Console) -> list[str]:
    windows = read_labels(args.labels, Path(args.history).name)
    rule = AlertRule()
    alerts = alerts_over(series, rule)
    weeks = len(series.counts) * series.width / (7 * 24 * HOUR)
    score = score_alerts(alerts, windows, weeks)
    held = f" for {rule.persistence:.0f}m" if rule.persistence > 0 else ""
    table = Table(
        title=(
            f"Spike alerts (window {rule.window:.0f}m, sensitivity {rule.sensitivity}, at "
            f"least {rule.min_ratio:g}x normal{held}, cooldown {rule.cooldown / 60:.0f}h) "
            "on labelled windows"
        ),
        title_justify="left",
    )
    for col in ("window start", "window end", "first alert", "after start"):
        table.add_column(col, justify="right")
    for (lo, hi), first in score.found:
        table.add_row(
            stamp(lo),
            stamp(hi),
            "missed" if first is None else stamp(first),
            "" if first is None else f"{(first - lo) / HOUR:.1f}h",
        )
    out.print(table)
    found = sum(a is not None for _, a in score.found)
    line = (
        f"alerts: {found} of {len(windows)} labelled windows found; {score.false_alerts} false "
        f"alerts in {weeks:.1f} weeks ({score.false_per_week:.2f} a week)"
    )
    out.print(line, markup=False, highlight=False)
    return [line]

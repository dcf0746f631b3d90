"""`surgedesk fit HISTORY.csv`: a scenario from a team's own mention history.

Prints the fitted baseline and surges; `--out` writes the scenario (checked by the normal
loader first, then written atomically); `--check` simulates the fit against the history
(`--holdout 7d` fits on all but the last week and checks on it); `--labels` scores the
spike-alert rule against labelled windows.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.cli import common

if TYPE_CHECKING:
    from rich.console import Console

    from sim.analysis.history.series import Series


def add_parser(sub: Any) -> None:
    p = sub.add_parser("fit", help="fit a scenario to a mention history (CSV)")
    p.add_argument("history", help="a CSV export: a timestamp column, with or without counts")
    p.add_argument(
        "--out", type=common.out_file, metavar="FILE", help="write the fitted scenario (TOML)"
    )
    p.add_argument(
        "--template",
        default="recall",
        metavar="SCENARIO",
        help="team, protocol and the rest from this scenario (default: recall)",
    )
    p.add_argument(
        "--channel",
        type=_channel,
        metavar="CHANNEL",
        help="the one channel a history without a channel column counts (a Twitter volume "
        "export: twitter): baseline, surges and follow-ups all on it; without it the "
        "template's channel mix is used",
    )
    p.add_argument(
        "--check",
        action="store_true",
        help="simulate the fit against the history: a table and a terminal chart",
    )
    p.add_argument(
        "--holdout",
        type=common.duration,
        metavar="DURATION",
        help='fit on all but the last DURATION (e.g. "7d") and check on it (implies --check)',
    )
    p.add_argument(
        "--seeds", type=common.count(2), default=40, help="simulations for --check (default 40)"
    )
    p.add_argument("--labels", type=Path, metavar="FILE", help="labelled windows (JSON)")
    p.add_argument(
        "--report",
        type=common.out_file,
        metavar="FILE",
        help="write the check as HTML (implies --check)",
    )


def _channel(raw: str) -> str:
    from sim.model.vocabulary import CHANNELS

    if raw not in CHANNELS:
        raise argparse.ArgumentTypeError(
            f"no channel {raw!r}; expected one of: {', '.join(CHANNELS)}"
        )
    return raw


def run(args: argparse.Namespace, out: Console) -> int:
    from sim.analysis.history.fitting import fit_history
    from sim.analysis.history.reading import read_history
    from sim.analysis.history.series import to_series
    from sim.model.errors import read_text
    from sim.model.library import resolve
    from sim.model.loading import load_toml, parse_scenario
    from sim.present.fileset import write_file
    from tui.cli.fit_output import print_fit

    template_path = resolve(args.template)
    template = load_toml(read_text(template_path), str(template_path))
    parse_scenario(read_text(template_path), str(template_path))  # a broken template: exit 2
    if args.labels is not None:  # a bad labels file is said before the work, not after
        from sim.analysis.history.labels import read_labels

        read_labels(args.labels, Path(args.history).name)
    history = read_history(args.history)
    if args.channel is not None:
        from sim.analysis.history.channels import check_channel

        try:
            check_channel(history, template, args.channel)
        except ValueError as exc:
            raise common.UsageError(f"--channel {args.channel}: {exc}") from None
    series = to_series(history)
    fit_series = series
    if args.holdout is not None:
        keep = len(series.counts) - round(args.holdout * 60 / series.width)
        if keep * series.width < 3 * 86400:
            raise common.UsageError(
                "--holdout leaves less than three days to fit on; give a shorter holdout"
            )
        fit_series = series.head(keep)
    _fittable(args.history, fit_series)
    try:
        fit = fit_history(args.history, fit_series)
    except ValueError as exc:
        raise common.UsageError(f"{args.history}: {exc}") from None
    print_fit(fit, history, out)
    from sim.analysis.history.channels import mix_note

    note = " ".join(mix_note(history, template, args.channel))
    out.print(note, markup=False, highlight=False, style="bold")
    quality: list[str] = []
    if args.check or args.holdout is not None or args.report is not None:
        from tui.cli.fit_check import run_check

        quality += run_check(args, fit, history, series, template, out)
    if args.labels is not None:
        from tui.cli.fit_check import run_alerts

        quality += run_alerts(args, series, out)
    if args.out is not None:
        from sim.analysis.history.writing import scenario_text

        text = scenario_text(fit, history, args.template, template, quality, args.channel)
        parse_scenario(text, str(args.out))  # what we write must load
        write_file(args.out, text)
        out.print(f"wrote {args.out}", markup=False, highlight=False)
    return 0


def _fittable(path: str, series: Series) -> None:
    """Say what a history cannot be fitted from before the fit meets it as NaNs (which
    would surface as a bad key in the scenario about to be written)."""
    import numpy as np

    from sim.model.limits import MAX_RATE

    hourly = series.hourly().counts
    known = hourly[np.isfinite(hourly)]
    if not known.size:
        raise common.UsageError(f"{path}: no whole hour of counts to fit")
    if not known.any():
        raise common.UsageError(f"{path}: every count is zero: there is no traffic to fit")
    if known.max() > MAX_RATE:
        raise common.UsageError(
            f"{path}: {known.max():,.0f} mentions in an hour, above the {MAX_RATE:,.0f} an hour "
            "a scenario takes"
        )
    if known.min() == known.max():
        raise common.UsageError(
            f"{path}: every hour has {known.max():,.0f} mentions: counts that never vary have no "
            "daily profile or volatility to fit (a listening export varies hour to hour)"
        )

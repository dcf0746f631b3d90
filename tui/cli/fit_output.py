"""What `surgedesk fit` prints: the fitted baseline and each surge, with intervals."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from sim.analysis.history.baseline import Estimate
from sim.analysis.history.fitting import HistoryFit
from sim.analysis.history.reading import History
from sim.analysis.history.series import HOUR
from sim.analysis.history.writing import UNITS, stamp


def _est(e: Estimate) -> tuple[str, str]:
    value, _, interval = e.text().partition(" (95% CI ")
    return value, interval.rstrip(")")


def print_fit(fit: HistoryFit, history: History, out: Console) -> None:
    kind = "one row per mention" if history.per_mention else "counts per bucket"
    out.print(
        f"{fit.source}: {history.rows:,} rows ({kind}), {stamp(fit.start)} to "
        f"{stamp(fit.start + fit.hours * HOUR)}",
        markup=False,
        highlight=False,
    )
    b = fit.baseline
    base = Table(title="Baseline (fitted outside the bursts)", title_justify="left")
    for col in ("parameter", "value", "95% interval"):
        base.add_column(col, justify="right" if col != "parameter" else "left")
    base.add_row("per_hour", *_est(b.per_hour))
    base.add_row("volatility (sd of log level)", *_est(b.volatility))
    base.add_row("level half-life (hours)", *_est(b.half_life_h))
    if b.slow_volatility.value > 0:
        base.add_row("slow part's volatility", *_est(b.slow_volatility))
        base.add_row("slow part's half-life (hours)", *_est(b.slow_half_life_h))
    base.add_row("hours used", str(b.hours_used), "")
    out.print(base)
    if not fit.surges:
        out.print("No bursts found.")
        return
    surges = Table(title="Surges (maximum likelihood, chosen by QAIC)", title_justify="left")
    surges.add_column("burst (UTC)", no_wrap=True)
    surges.add_column("parameter", no_wrap=True)
    for col in ("value", "95% interval", "extra\nseen"):
        surges.add_column(col, justify="right")
    for i, s in enumerate(fit.surges, start=1):
        about = [f"{i}  {stamp(s.at)[:16]}", s.fit.label]
        for k, (name, est) in enumerate(s.fit.params.items()):
            value, interval = _est(est)
            unit = UNITS.get(name, "")
            surges.add_row(
                about[k] if k < len(about) else "",
                name,
                value + unit,
                interval + unit,
                f"{s.observed:,.0f}" if k == 0 else "",
            )
    out.print(surges)
    out.print(
        "extra seen: mentions above the baseline from the burst's start to 12 hours after "
        "it ends (or the next burst), the window `fit --check` counts too.",
        markup=False,
        highlight=False,
    )

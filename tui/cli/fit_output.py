"""What `surgedesk fit` prints: the fitted baseline and each surge, with intervals."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from sim.analysis.history.baseline import Estimate
from sim.analysis.history.fitting import HistoryFit
from sim.analysis.history.reading import History
from sim.analysis.history.series import HOUR
from sim.analysis.history.writing import stamp


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
    for col in ("#", "start (UTC)", "shape", "parameter", "value", "95% interval", "extra seen"):
        surges.add_column(col, justify="left" if col in ("shape", "parameter") else "right")
    for i, s in enumerate(fit.surges, start=1):
        for k, (name, est) in enumerate(s.fit.params.items()):
            first = k == 0
            surges.add_row(
                str(i) if first else "",
                stamp(s.at)[:16] if first else "",
                s.fit.label if first else "",
                name,
                *_est(est),
                f"{s.observed:,.0f}" if first else "",
            )
    out.print(surges)

"""The report's spike-alert rows: each surge with its alert and lead time, and false alerts.

The alerts are the scenario's rule run on the replayed run (`sim.analysis.spikes`), the
same alerts the room saw; a surge counts as announced by the first alert after it began
and before the next surge began.
"""

from __future__ import annotations

from sim.analysis.spikes import rule_of
from sim.model.units import format_duration
from sim.present.format import clock_label
from sim.present.report.facts import ReportData


def rule_text(data: ReportData) -> str:
    """The rule in words, as the scenario's `[alerts]` set it."""
    rule = rule_of(data.scenario)  # the rule the run was watched with, defaults filled in
    if rule is None:
        return "Spike alerts were switched off for this scenario (`[alerts] enabled = false`)."
    return (
        f"The listening tool's rule: volume over the last {format_duration(rule.window)} more "
        f"than {rule.sensitivity:g} robust deviations above normal (and at least "
        f"{rule.min_ratio:g} times it), then quiet for {format_duration(rule.cooldown)}. "
        "Lead time runs from a surge's start to its first alert."
    )


def surge_rows(data: ReportData) -> list[tuple[str, str, str, str]]:
    """Surge, when it began, its alert (or "no alert") and the lead time."""
    rows = []
    cooldown = data.scenario.alerts.cooldown
    for s in data.surges:
        began = clock_label(data.start, s.surge.at)
        if s.alert is None or s.lead is None:
            quiet = any(r.alert.at <= s.surge.at < r.alert.at + cooldown for r in data.alerts)
            rows.append((s.surge.name, began, "no alert" + quiet * " (in cooldown)", "–"))
        else:
            at = clock_label(data.start, s.alert.at)
            rows.append((s.surge.name, began, at, format_duration(s.lead) if s.lead else "0m"))
    return rows


def false_rows(data: ReportData) -> list[tuple[str, str, str]]:
    """Alerts with no new surge behind them: when, the volume and what was expected."""
    return [
        (
            clock_label(data.start, r.alert.at),
            f"{r.alert.volume:,.0f}",
            f"{r.alert.normal:,.0f}",
        )
        for r in data.alerts
        if r.surge is None
    ]

"""Spike alerts on a run: the scenario's `[alerts]` rule, the listening tool's history, and
which surge each alert announced.

The rule is the one `surgedesk fit` scores on a history (`SpikeDetector`), run by
`LiveAlerts` on the run's closed reporting intervals. A listening tool knows the brand's
past, so before the run's first interval the detector is shown the scenario's expected
baseline volume over its lookback (no randomness: the alerts depend only on the scenario
and the run's own counts, so the same seed and actions raise the same alerts, live, headless
and in a replay). Without that history the rule could not alert for its first 36 hours.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sim.analysis.history.alerts import Alert, AlertRule
from sim.analysis.history.live import LiveAlerts
from sim.engine.arrivals.rates import Baseline as BaselineRate
from sim.engine.clock import LogEntry
from sim.engine.core import Engine
from sim.model import actions as act
from sim.model.scenario import Scenario
from sim.model.units import clock_label, format_duration


def rule_of(scenario: Scenario) -> AlertRule | None:
    """The scenario's alert rule; None when its `[alerts]` are switched off."""
    spec = scenario.alerts
    if not spec.enabled:
        return None
    return AlertRule(window=spec.window, sensitivity=spec.sensitivity, cooldown=spec.cooldown)


def _past_counts(scenario: Scenario, rule: AlertRule) -> list[float]:
    """The baseline's expected count in each interval of the lookback before the start."""
    base, meta = scenario.baseline, scenario.meta
    step = meta.interval
    n = max(1, round(rule.lookback / step))
    if base is None:
        return [0.0] * n
    start = meta.start
    shape = BaselineRate(
        base.per_hour,
        base.daily(),
        base.weekly(),
        start.weekday() * 1440 + start.hour * 60 + start.minute,
    )
    return [shape.expected(-(n - i) * step, -(n - i - 1) * step) for i in range(n)]


def watch(scenario: Scenario) -> LiveAlerts | None:
    """A live detector for a run of `scenario`, primed with its history; None: alerts off."""
    rule = rule_of(scenario)
    if rule is None:
        return None
    live = LiveAlerts(scenario.meta.interval, rule)
    live.prime(_past_counts(scenario, rule))
    return live


def alerts_of(engine: Engine) -> list[Alert]:
    """Every alert the rule raises over the engine's closed intervals so far."""
    live = watch(engine.scenario)
    return [] if live is None else live.feed(engine.series)


def raised_in(engine: Engine) -> list[RaisedAlert]:
    """The engine's alerts so far, each with the surge it announced (or none: false)."""
    return attribute(alerts_of(engine), surge_starts(engine.log))


def alert_rows(engine: Engine) -> list[dict[str, Any]]:
    """The summary's `alerts`: time, volume, expected, surge and lead time of each."""
    start = engine.scenario.meta.start
    return [r.as_dict(start) for r in raised_in(engine)]


ANNOUNCES_WITHIN = 1440.0  # minutes: an alert a day after a surge began does not announce it


@dataclass(frozen=True)
class SurgeStart:
    at: float
    name: str


_BEGINS = re.compile(r" begins \(\w+\)$")


def surge_starts(log: Sequence[LogEntry]) -> list[SurgeStart]:
    """Every surge the run saw begin: the scenario's, triggered ones and spreading posts."""
    out = []
    for e in log:
        if e.kind == "surge":
            out.append(SurgeStart(e.t, _BEGINS.sub("", e.text)))
        elif isinstance(e.action, act.TriggerSurge):
            surge = e.action.surge
            out.append(SurgeStart(e.t, surge.name or f"{surge.shape} on {surge.topic}"))
    return sorted(out, key=lambda s: s.at)


@dataclass(frozen=True)
class RaisedAlert:
    """An alert with what it answered: the surge it was the first alert of, if any."""

    alert: Alert
    surge: SurgeStart | None  # None: a false alert (no surge began since the last alert)

    @property
    def lead(self) -> float | None:
        """Minutes from the surge's start to this alert."""
        return None if self.surge is None else self.alert.at - self.surge.at

    def as_dict(self, start: datetime) -> dict[str, Any]:
        a = self.alert
        return {
            "time": clock_label(start, a.at),
            "at_min": a.at,
            "volume": a.volume,
            "expected": round(a.normal, 3),
            "score": round(a.score, 3),
            "surge": None if self.surge is None else self.surge.name,
            "surge_at_min": None if self.surge is None else self.surge.at,
            "lead_min": self.lead,
        }


@dataclass(frozen=True)
class SurgeAlert:
    """A surge and its first alert (None: no alert before the next surge or the end)."""

    surge: SurgeStart
    alert: Alert | None

    @property
    def lead(self) -> float | None:
        return None if self.alert is None else self.alert.at - self.surge.at


def attribute(alerts: Sequence[Alert], starts: Sequence[SurgeStart]) -> list[RaisedAlert]:
    """Each alert with the surge it announces: the latest surge begun by then, if no earlier
    alert announced it and it began less than `ANNOUNCES_WITHIN` before; any other alert
    is a false one. As `lead_times` has it, a surge followed by another before any alert
    has none."""
    out: list[RaisedAlert] = []
    claimed: set[int] = set()
    for a in alerts:
        begun = [i for i, s in enumerate(starts) if s.at <= a.at]
        i = begun[-1] if begun and begun[-1] not in claimed else None
        if i is not None and a.at - starts[i].at > ANNOUNCES_WITHIN:
            i = None  # days later: whatever the alert saw, it is not news of that surge
        if i is not None:
            claimed.add(i)
        out.append(RaisedAlert(a, None if i is None else starts[i]))
    return out


def by_surge(raised: Sequence[RaisedAlert], starts: Sequence[SurgeStart]) -> list[SurgeAlert]:
    """Each surge with its alert, in the order they began."""
    first = {r.surge: r.alert for r in raised if r.surge is not None}
    return [SurgeAlert(s, first.get(s)) for s in starts]


def alert_line(alert: Alert, window: float) -> str:
    """The event log's words for an alert: the window's volume against what is normal."""
    ratio = alert.volume / alert.normal if alert.normal > 0 else math.inf
    times = f"{ratio:.1f}x" if math.isfinite(ratio) else "far above"
    return (
        f"spike alert: {alert.volume:.0f} mentions in the last {format_duration(window)}, "
        f"{alert.normal:.0f} expected ({times})"
    )


def alert_payload(alert: Alert, window: float) -> dict[str, Any]:
    """An alert as the run store keeps it (`sim.store.events.AlertEvent`)."""
    return {
        "volume": alert.volume,
        "expected": alert.normal,
        "score": alert.score,
        "window": window,
    }

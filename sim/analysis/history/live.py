"""The spike rule on a running simulation: fed the recorder's closed intervals as they close.

`LiveAlerts.feed(series)` takes the run's list of closed intervals (the recorder's
`series`, which only grows) and returns the alerts raised by the ones it has not seen,
with the same `SpikeDetector` that scores a history; `lead_times` says, for each surge of
the scenario, how long after its start the first alert came. Times are run minutes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

from sim.analysis.history.alerts import Alert, AlertRule, SpikeDetector
from sim.model.scenario import Scenario


class ClosedInterval(Protocol):
    t_end: float
    arrivals: int


@dataclass
class LiveAlerts:
    interval: float  # minutes per reporting interval
    rule: AlertRule = field(default_factory=AlertRule)
    alerts: list[Alert] = field(default_factory=list)
    _seen: int = field(default=0, init=False)
    _detector: SpikeDetector = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._detector = SpikeDetector(self.rule, self.interval)

    def prime(self, past: Sequence[float]) -> None:
        """Show the rule what came before the run: `past` counts, one per interval, the
        last ending at minute 0 (what a listening tool has seen of the brand's history).
        Alerts they would raise are not the run's and are dropped."""
        for i, count in enumerate(past):
            self._detector.push(-(len(past) - i - 1) * self.interval, count)

    def feed(self, series: Sequence[ClosedInterval]) -> list[Alert]:
        """The alerts raised by the intervals closed since the last call."""
        new: list[Alert] = []
        for iv in series[self._seen :]:
            alert = self._detector.push(iv.t_end, float(iv.arrivals))
            if alert is not None:
                new.append(alert)
        self._seen = len(series)
        self.alerts += new
        return new


def lead_times(scenario: Scenario, alerts: Sequence[Alert]) -> list[tuple[str, float | None]]:
    """Each surge's name and the minutes from its start to the first alert at or after it
    (None: no alert before the next surge or the end)."""
    starts = sorted((s.at, s.name or f"{s.shape} surge") for s in scenario.surges)
    out: list[tuple[str, float | None]] = []
    for i, (at, name) in enumerate(starts):
        until = starts[i + 1][0] if i + 1 < len(starts) else float("inf")
        first = next((a.at for a in alerts if at <= a.at < until), None)
        out.append((name, None if first is None else first - at))
    return out

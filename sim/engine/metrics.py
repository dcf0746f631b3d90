"""What a run measured: a row per reporting interval, and the run's summary.

The summary's field names are a stable interface (`surgedesk run --json`, tests and
scripts rely on them); add fields, never rename one. Rates are over mentions that arrive
after the warm-up: `service_level` = answered in SLA / needs response, `missed_rate` =
missed / needs response.

Every mention needing a response is answered in SLA, late, missed (its author gave up
first) or still open. A missed post that stayed in the queue may be answered later
(`missed_answered_later`, part of `answered` and of `missed`); one that left unanswered is
`dropped` (hung up, or stale). So `answered = answered_in_sla + late +
missed_answered_later`, and `needs_response = answered + dropped + open_at_end`.
"""

from __future__ import annotations

import math
from array import array
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sim.model.vocabulary import CHANNELS, KINDS


@dataclass(slots=True)
class Interval:
    """Counts of what happened during one reporting interval, and the state at its end."""

    t_start: float
    t_end: float = 0.0
    arrivals: int = 0
    by_channel: dict[str, int] = field(default_factory=lambda: dict.fromkeys(CHANNELS, 0))
    by_kind: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    needs_response: int = 0
    answered: int = 0
    answered_in_sla: int = 0
    late: int = 0
    missed: int = 0
    missed_answered_later: int = 0
    dropped: int = 0
    followups: int = 0
    advocate_answered: int = 0
    advocate_corrections: int = 0
    faq_deflected: int = 0
    unseen: int = 0
    offline_resolved: int = 0
    negative_reach: float = 0.0  # reach of negative mentions that arrived (weighted)
    total_reach: float = 0.0
    waiting: int = 0
    in_service: int = 0
    agents_on_shift: int = 0
    agents_busy: int = 0
    oldest_wait_min: float = 0.0
    sentiment_index: float = 0.0
    customers_at_risk: float = 0.0

    def flat(self) -> dict[str, Any]:
        """One CSV row: the per-channel and per-kind counts become their own columns."""
        row = asdict(self)
        for name in ("by_channel", "by_kind"):
            prefix = "arrivals_"
            for key, value in row.pop(name).items():
                row[prefix + key] = value
        return row


@dataclass(slots=True)
class ChannelTally:
    """One channel's part of the run's totals (the `by_channel` figures); the run's own
    totals of these outcomes are their sums over the channels."""

    needs_response: int = 0  # advocates' answers included, as in `Tally`
    answered: int = 0
    answered_in_sla: int = 0
    late: int = 0
    missed: int = 0
    advocate_answered: int = 0
    wait_sum: float = 0.0

    def figures(self) -> dict[str, float | int | None]:
        need = self.needs_response - self.advocate_answered
        return {
            "needs_response": need,
            "answered_in_sla": self.answered_in_sla,
            "late": self.late,
            "missed": self.missed,
            "service_level": self.answered_in_sla / need if need else None,
            "missed_rate": self.missed / need if need else None,
            "mean_response_min": self.wait_sum / self.answered if self.answered else None,
        }


@dataclass(slots=True)
class Tally:
    """Running totals over mentions that arrived after the warm-up.

    What every channel counts (needing a response, answered in the SLA or late, missed,
    answered by advocates) is counted once, in the channel's own tally, and summed here
    when the totals are read: the hot path pays one increment per outcome, not two.
    """

    warmup: float
    mentions: int = 0
    missed_answered_later: int = 0
    dropped: int = 0
    no_response: int = 0
    advocate_corrections: int = 0
    faq_deflected: int = 0
    followups: int = 0
    unseen: int = 0
    offline_resolved: int = 0
    peak_queue: int = 0
    channels: dict[str, ChannelTally] = field(
        default_factory=lambda: {c: ChannelTally() for c in CHANNELS}
    )
    waits: array[float] = field(default_factory=lambda: array("d"))
    resolutions: array[float] = field(default_factory=lambda: array("d"))

    def totals(self) -> Totals:
        channels = self.channels.values()
        answered = sum(c.answered for c in channels)
        advocates = sum(c.advocate_answered for c in channels)
        # Advocates' correct answers took the mention off the team's hands: it no longer
        # needs a staff response, just as a deflected one never did.
        need = sum(c.needs_response for c in channels) - advocates
        return Totals(
            mentions=self.mentions,
            needs_response=need,
            answered=answered,
            answered_in_sla=sum(c.answered_in_sla for c in channels),
            late=sum(c.late for c in channels),
            missed=sum(c.missed for c in channels),
            missed_answered_later=self.missed_answered_later,
            dropped=self.dropped,
            open_at_end=need - answered - self.dropped,
            no_response=self.no_response,
            advocate_answered=advocates,
            advocate_corrections=self.advocate_corrections,
            faq_deflected=self.faq_deflected,
            followups=self.followups,
            unseen=self.unseen,
            offline_resolved=self.offline_resolved,
            peak_queue=self.peak_queue,
        )


@dataclass(frozen=True)
class Totals:
    """The run's counts so far, over mentions posted after the warm-up: what a live view shows.

    `needs_response` has the summary's meaning: advocates' correct answers took those
    mentions off the team's hands, so they no longer count as needing a staff response.
    """

    mentions: int
    needs_response: int
    answered: int
    answered_in_sla: int
    late: int
    missed: int
    missed_answered_later: int
    dropped: int
    open_at_end: int  # still in the queue (answerable, whether or not its author gave up)
    no_response: int
    advocate_answered: int
    advocate_corrections: int
    faq_deflected: int
    followups: int
    unseen: int
    offline_resolved: int
    peak_queue: int


@dataclass(frozen=True)
class Summary:
    scenario: str
    seed: int
    duration_min: float
    warmup_min: float
    mentions: int
    needs_response: int
    answered: int
    answered_in_sla: int
    late: int
    missed: int
    missed_answered_later: int
    dropped: int
    open_at_end: int
    open: int  # neither answered nor missed: still waiting within its author's patience
    backlog_cleared_min: float | None
    no_response: int
    service_level: float
    missed_rate: float
    mean_response_min: float
    p90_response_min: float
    peak_queue: int
    advocate_answered: int
    advocate_corrections: int
    faq_deflected: int
    followups: int
    unseen: int
    offline_resolved: int
    mean_resolution_min: float
    customers_at_risk: float
    occupancy: float
    peak_sentiment_index: float
    by_channel: dict[str, dict[str, float | int | None]]
    by_team: dict[str, dict[str, float | int | None]]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: NaN (nothing to average) becomes null."""
        return {
            k: (None if isinstance(v, float) and math.isnan(v) else v)
            for k, v in asdict(self).items()
        }


def quantile(values: NDArray[np.float64], q: float) -> float:
    """`np.quantile(values, q)` (its default linear method), step for step as numpy 2 does
    it, without `np.quantile`: that calls `np.unique`, whose first call imports `numpy.ma`,
    a fifth of a headless run's imports. `values` has no NaN (waits never do)."""
    n = values.size
    virtual = (n - 1) * q  # numpy's virtual index for the linear method
    if virtual >= n - 1:
        return float(values.max())
    if virtual < 0:
        return float(values.min())
    below = math.floor(virtual)
    part = np.partition(values, (below, below + 1))
    a, b = float(part[below]), float(part[below + 1])
    t = virtual - below
    diff = b - a
    return b - diff * (1 - t) if t >= 0.5 else a + diff * t  # numpy's `_lerp`


def summarize(
    tally: Tally,
    *,
    scenario: str,
    seed: int,
    duration: float,
    occupancy: float,
    at_risk_share: float,
    peak_sentiment_index: float,
    by_team: dict[str, dict[str, float | int | None]],
    backlog_cleared_min: float | None,
) -> Summary:
    totals = tally.totals()
    waits = np.frombuffer(tally.waits, dtype=np.float64) if tally.waits else np.empty(0)
    res = np.frombuffer(tally.resolutions, dtype=np.float64) if tally.resolutions else None
    need = totals.needs_response
    return Summary(
        **asdict(totals),
        scenario=scenario,
        seed=seed,
        duration_min=duration,
        warmup_min=tally.warmup,
        open=need - totals.answered_in_sla - totals.late - totals.missed,
        backlog_cleared_min=backlog_cleared_min,
        service_level=totals.answered_in_sla / need if need else math.nan,
        missed_rate=totals.missed / need if need else math.nan,
        mean_response_min=float(waits.mean()) if waits.size else math.nan,
        p90_response_min=quantile(waits, 0.9) if waits.size else math.nan,
        mean_resolution_min=float(res.mean()) if res is not None else math.nan,
        customers_at_risk=totals.missed * at_risk_share,
        occupancy=occupancy,
        peak_sentiment_index=peak_sentiment_index,
        by_channel={c: t.figures() for c, t in tally.channels.items() if t.needs_response},
        by_team=by_team,
    )

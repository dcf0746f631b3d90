"""What a run measured: a row per reporting interval, and the run's summary.

The summary's field names are a stable interface (`surgedesk run --json`, tests and
scripts rely on them); add fields, never rename one. Rates are over mentions that arrive
after the warm-up: `service_level` = answered in SLA / needs response, `missed_rate` =
missed / needs response.
"""

from __future__ import annotations

import math
from array import array
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

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
class Tally:
    """Running totals over mentions that arrived after the warm-up."""

    warmup: float
    mentions: int = 0
    answered: int = 0
    answered_in_sla: int = 0
    late: int = 0
    missed: int = 0
    no_response: int = 0
    advocate_answered: int = 0
    advocate_corrections: int = 0
    faq_deflected: int = 0
    followups: int = 0
    unseen: int = 0
    offline_resolved: int = 0
    peak_queue: int = 0
    needs_response: int = 0  # seen by the team and needing a response, advocates included
    waits: array[float] = field(default_factory=lambda: array("d"))
    resolutions: array[float] = field(default_factory=lambda: array("d"))

    def totals(self) -> Totals:
        return Totals(
            mentions=self.mentions,
            # Advocates' correct answers took the mention off the team's hands: it no
            # longer needs a staff response, just as a deflected one never did.
            needs_response=self.needs_response - self.advocate_answered,
            answered=self.answered,
            answered_in_sla=self.answered_in_sla,
            late=self.late,
            missed=self.missed,
            no_response=self.no_response,
            advocate_answered=self.advocate_answered,
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
    open: int
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

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready: NaN (nothing to average) becomes null."""
        return {
            k: (None if isinstance(v, float) and math.isnan(v) else v)
            for k, v in asdict(self).items()
        }


def summarize(
    tally: Tally,
    *,
    scenario: str,
    seed: int,
    duration: float,
    occupancy: float,
    at_risk_share: float,
    peak_sentiment_index: float,
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
        open=need - totals.answered - totals.missed,
        service_level=totals.answered_in_sla / need if need else math.nan,
        missed_rate=totals.missed / need if need else math.nan,
        mean_response_min=float(waits.mean()) if waits.size else math.nan,
        p90_response_min=float(np.quantile(waits, 0.9)) if waits.size else math.nan,
        mean_resolution_min=float(res.mean()) if res is not None else math.nan,
        customers_at_risk=totals.missed * at_risk_share,
        occupancy=occupancy,
        peak_sentiment_index=peak_sentiment_index,
    )

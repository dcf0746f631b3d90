"""What a run counts: each outcome once, into the open interval and the run's totals.

Two views of one run are kept: the interval row (what happened during these minutes, for
the chart and the series CSV) and the run's totals (what became of the mentions posted
after the warm-up, for the summary). An outcome is told to the recorder once; the recorder
alone knows about the warm-up. A mention posted during the warm-up counts into a second,
never-reported tally, picked by one comparison, so the hot path does not branch per field.
A scenario's backlog was posted before minute 0: it counts unless there is a warm-up
(`counted_from`, the engine's choice).
"""

from __future__ import annotations

import math

from sim.engine.mentions import Mention
from sim.engine.metrics import Interval, Summary, Tally, Totals, summarize

NEGATIVE = -0.2  # sentiment below this is weighed into the interval's negative reach
MEMORY = 240.0  # minutes for the sentiment index to forget half of what it knew


class Recorder:
    """The counts of one run, and its series of closed intervals."""

    __slots__ = (
        "_reputation",
        "_uncounted",
        "at_risk_share",
        "counted_from",
        "current",
        "interval",
        "series",
        "tally",
        "warmup",
    )

    def __init__(
        self,
        warmup: float,
        interval: float,
        at_risk_share: float,
        counted_from: float | None = None,
    ) -> None:
        self.warmup = warmup
        self.counted_from = warmup if counted_from is None else counted_from
        self.interval = interval
        self.at_risk_share = at_risk_share
        self.tally = Tally(warmup)
        self._uncounted = Tally(warmup)  # the warm-up's mentions: counted, never reported
        self.current = Interval(0.0)
        self.series: list[Interval] = []
        self._reputation = 0.0

    def _tally(self, m: Mention) -> Tally:
        """The warm-up check, in the one place it is made: by when the mention was posted."""
        return self.tally if m.t >= self.counted_from else self._uncounted

    # ------------------------------------------------------------------ outcomes

    def arrival(self, m: Mention) -> None:
        iv = self.current
        iv.arrivals += 1
        iv.by_channel[m.channel] += 1
        iv.by_kind[m.kind] += 1
        reach = m.reach
        iv.total_reach += reach
        if m.sentiment < NEGATIVE:
            iv.negative_reach += reach
        tally = self.tally if m.t >= self.counted_from else self._uncounted
        tally.mentions += 1
        if m.followup_of >= 0:
            iv.followups += 1
            tally.followups += 1

    def unseen(self, m: Mention) -> None:
        self.current.unseen += 1
        self._tally(m).unseen += 1

    def no_response(self, m: Mention) -> None:
        self._tally(m).no_response += 1

    def deflected(self, m: Mention) -> None:
        self.current.faq_deflected += 1
        self._tally(m).faq_deflected += 1

    def needs_response(self, m: Mention) -> None:
        self.current.needs_response += 1
        tally = self.tally if m.t >= self.counted_from else self._uncounted
        tally.channels[m.channel].needs_response += 1

    def queue_length(self, waiting: int, now: float) -> None:
        """The queue grew to `waiting`: the run's peak counts from the warm-up on."""
        if waiting > self.tally.peak_queue and now >= self.warmup:
            self.tally.peak_queue = waiting

    def answered(self, m: Mention, now: float, in_sla: bool) -> None:
        """An agent picked the mention up: answered in the SLA, late, or after its author
        gave up (already counted missed)."""
        iv = self.current
        tally = self.tally if m.t >= self.counted_from else self._uncounted
        channel = tally.channels[m.channel]
        iv.answered += 1
        channel.answered += 1
        if m.gave_up:
            iv.missed_answered_later += 1
            tally.missed_answered_later += 1
        elif in_sla:
            iv.answered_in_sla += 1
            channel.answered_in_sla += 1
        else:
            iv.late += 1
            channel.late += 1
        wait = now - m.t
        tally.waits.append(wait)
        channel.wait_sum += wait

    def missed(self, m: Mention) -> None:
        """The author gave up before a response (the post may stay, and be answered)."""
        iv = self.current
        iv.missed += 1
        iv.negative_reach += m.reach  # an unanswered complaint stays in public view
        self._tally(m).channels[m.channel].missed += 1

    def dropped(self, m: Mention) -> None:
        """The mention left the queue unanswered: hung up, or too old to answer."""
        self.current.dropped += 1
        self._tally(m).dropped += 1

    def advocate_corrected(self, m: Mention) -> None:
        self.current.advocate_corrections += 1
        self._tally(m).advocate_corrections += 1

    def advocate_answered(self, m: Mention) -> None:
        self.current.advocate_answered += 1
        self._tally(m).channels[m.channel].advocate_answered += 1

    def resolved(self, m: Mention) -> None:
        """The offline resolution path of an answered mention came to its end."""
        self.current.offline_resolved += 1
        tally = self._tally(m)
        tally.offline_resolved += 1
        tally.resolutions.append(m.resolved_at - m.t)

    def close(
        self, t: float, waiting: int, in_service: int, on_shift: int, busy: int, oldest: float
    ) -> None:
        """End the open interval at `t` with the state of the queue then; open the next."""
        iv = self.current
        iv.t_end = t
        iv.waiting = waiting
        iv.in_service = in_service
        iv.agents_on_shift = on_shift
        iv.agents_busy = busy
        iv.oldest_wait_min = t - oldest if oldest < math.inf else 0.0
        raw = iv.negative_reach / iv.total_reach if iv.total_reach else 0.0
        keep = 0.5 ** (self.interval / MEMORY)
        self._reputation = keep * self._reputation + (1 - keep) * min(1.0, raw)
        iv.sentiment_index = self._reputation
        iv.customers_at_risk = iv.missed * self.at_risk_share
        self.series.append(iv)
        self.current = Interval(t)

    # ------------------------------------------------------------------ reading

    def totals(self) -> Totals:
        return self.tally.totals()

    def summary(
        self,
        scenario: str,
        seed: int,
        duration: float,
        *,
        occupancy: float,
        by_team: dict[str, dict[str, float | int | None]],
        backlog_cleared_min: float | None,
    ) -> Summary:
        return summarize(
            self.tally,
            scenario=scenario,
            seed=seed,
            duration=duration,
            occupancy=occupancy,
            at_risk_share=self.at_risk_share,
            peak_sentiment_index=max((iv.sentiment_index for iv in self.series), default=0.0),
            by_team=by_team,
            backlog_cleared_min=backlog_cleared_min,
        )

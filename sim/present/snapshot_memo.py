"""What one snapshot can keep for the next: sums over the finished part of the run's series.

A live view takes a snapshot ten times a second, and most of what it adds up is history
that no longer changes: reporting intervals already closed, chart buckets already full.
A `SeriesMemo` adds each closed interval once, so a snapshot's cost stays flat as a 72 h
run grows instead of growing with it. It gives exactly what summing afresh gives.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sim.present.view import ChartPoint

if TYPE_CHECKING:
    from sim.engine.metrics import Interval


def bucket_size(n: int, max_points: int) -> int:
    """Intervals per chart point: a power of two, so buckets regroup only when n doubles."""
    size = 1
    while n > size * max(1, max_points):
        size *= 2
    return size


def bucket_point(chunk: Sequence[Interval]) -> ChartPoint:
    """One chart point: the queue's peak in the bucket (a short spike must stay visible),
    the flows as hourly rates (comparable across buckets)."""
    hours = max(1e-9, (chunk[-1].t_end - chunk[0].t_start) / 60.0)
    return ChartPoint(
        t_start=chunk[0].t_start,
        t_end=chunk[-1].t_end,
        waiting=max(iv.waiting for iv in chunk),
        arrivals_per_hour=sum(iv.arrivals for iv in chunk) / hours,
        answered_per_hour=sum(iv.answered for iv in chunk) / hours,
        missed_per_hour=sum(iv.missed for iv in chunk) / hours,
    )


@dataclass
class SeriesMemo:
    """Running sums over one engine's closed intervals; starts over for another engine."""

    series: list[Interval] | None = None  # the series the sums are of
    summed: int = 0  # closed intervals added into `by_channel`
    by_channel: Counter[str] = field(default_factory=Counter)
    size: int = 0  # the chart's bucket size when `full` was made
    full: list[ChartPoint] = field(default_factory=list)  # points of full buckets only

    def _follow(self, series: list[Interval]) -> None:
        if series is not self.series or len(series) < self.summed:
            self.series, self.summed, self.by_channel = series, 0, Counter()
            self.size, self.full = 0, []

    def channel_totals(self, series: list[Interval]) -> Counter[str]:
        """Mentions per channel over every closed interval of `series`."""
        self._follow(series)
        for iv in series[self.summed :]:
            self.by_channel.update(iv.by_channel)
        self.summed = len(series)
        return self.by_channel

    def chart(self, series: list[Interval], max_points: int) -> tuple[ChartPoint, ...]:
        """`downsample(series, max_points)`, making only the last, unfilled bucket afresh."""
        self._follow(series)
        n = len(series)
        size = bucket_size(n, max_points)
        if size != self.size:
            self.size, self.full = size, []
        for lo in range(len(self.full) * size, n - size + 1, size):
            self.full.append(bucket_point(series[lo : lo + size]))
        tail = series[len(self.full) * size :]
        return (*self.full, bucket_point(tail)) if tail else tuple(self.full)

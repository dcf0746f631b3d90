"""A history as regular series: fine buckets (for surge shapes) and hours (for the baseline).

Bucket exports keep their own bucket width (the median spacing of their rows); a
per-mention export is counted in 5-minute buckets. Hours the export does not cover whole
(the first and last, and any gap) are NaN, never zero, so a gap is not read as silence.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
from numpy.typing import NDArray

from sim.analysis.history.reading import History

HOUR = 3600.0
PER_MENTION_BUCKET = 300.0


@dataclass(frozen=True)
class Series:
    """Counts per bucket from `start` (UTC epoch seconds), `width` seconds each; NaN = no data."""

    start: float
    width: float
    counts: NDArray[np.float64]

    @property
    def per_hour(self) -> int:
        return max(1, round(HOUR / self.width))

    def head(self, buckets: int) -> Series:
        """The first `buckets` buckets (the fit's part when the rest is held out)."""
        return Series(self.start, self.width, self.counts[:buckets])

    def hourly(self) -> Hourly:
        """Whole hours only: an hour with any bucket missing is NaN."""
        k = self.per_hour
        first_hour = np.ceil(self.start / HOUR) * HOUR
        skip = math.ceil((first_hour - self.start) / self.width - 1e-9)
        body = self.counts[skip:]
        n = len(body) // k
        counts = body[: n * k].reshape(n, k).sum(axis=1)  # NaN if any bucket is NaN
        return Hourly(float(first_hour), counts)


@dataclass(frozen=True)
class Hourly:
    """Counts per UTC hour from `start` (epoch seconds, on the hour); NaN = not covered."""

    start: float
    counts: NDArray[np.float64]

    @property
    def hour_of_day(self) -> NDArray[np.int64]:
        return ((self.start // HOUR + np.arange(len(self.counts))) % 24).astype(np.int64)

    @property
    def day_of_week(self) -> NDArray[np.int64]:
        """0 = Monday, as the scenario's weekly profile counts."""
        days = (self.start // HOUR + np.arange(len(self.counts))) // 24
        return ((days + 3) % 7).astype(np.int64)  # 1970-01-01 was a Thursday

    def when(self, hour: int) -> datetime:
        return datetime.fromtimestamp(self.start + hour * HOUR, UTC)

    def slice(self, first: int, end: int) -> Hourly:
        return Hourly(self.start + first * HOUR, self.counts[first:end])


def to_series(history: History) -> Series:
    """The history's counts on a regular grid of buckets."""
    t = history.times
    if history.per_mention:
        width = PER_MENTION_BUCKET
        start = np.floor(t[0] / width) * width
        idx = ((t - start) // width).astype(np.int64)
        counts = np.bincount(idx, weights=history.counts).astype(np.float64)
        # The first and last buckets are only partly covered by the export.
        counts[0] = counts[-1] = np.nan
        return Series(float(start), width, counts)
    gaps = np.diff(t)
    positive = gaps[gaps > 0]
    width = float(np.median(positive)) if len(positive) else HOUR
    width = max(60.0, round(width / 60) * 60)  # whole minutes: exports round their stamps
    start = float(t[0])
    idx = np.round((t - start) / width).astype(np.int64)
    counts = np.full(int(idx[-1]) + 1, np.nan)
    sums = np.bincount(idx, weights=history.counts)
    seen = np.bincount(idx) > 0
    counts[seen] = sums[seen]
    return Series(start, width, counts)

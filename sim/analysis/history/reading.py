"""Reading a listening tool's export: a timestamp column, and a count per bucket or not.

Exports come in two kinds: one row per mention (a timestamp, maybe a channel, a kind, a
sentiment), or one row per time bucket with a count. A numeric column named like a count
(`value`, `count`, `volume`, `mentions`...) says it is the second kind. Timestamps may be
ISO 8601 (with or without a zone), RFC 2822, Twitter's `created_at`, day- or month-first
with slashes, or Unix epoch seconds or milliseconds; a stamp without a zone is UTC. A bad
row is a `ScenarioError` naming the file, the line and the column (exit status 2).
"""

from __future__ import annotations

import csv
import io
import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from sim.model.errors import ScenarioError, read_text

MAX_HISTORY_BYTES = 512 * 1024 * 1024
"""A year of per-mention rows for a busy brand fits well below this."""

TIME_NAMES = ("timestamp", "time", "datetime", "date", "created_at", "created", "published",
              "posted", "posted_at", "published_at", "ts")  # fmt: skip
COUNT_NAMES = ("value", "count", "counts", "volume", "mentions", "n", "total", "posts")
CHANNEL_NAMES = ("channel", "source", "network", "platform")
KIND_NAMES = ("kind", "type", "category")
SENTIMENT_NAMES = ("sentiment", "polarity", "tone")
_SENTIMENT_WORDS = {"positive": 1.0, "negative": -1.0, "neutral": 0.0, "mixed": 0.0}
_FORMATS = (
    "%a %b %d %H:%M:%S %z %Y",  # Twitter's created_at
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
)


@dataclass
class History:
    """What the file said: event or bucket times (UTC epoch seconds) and their counts."""

    source: str
    times: NDArray[np.float64]
    counts: NDArray[np.float64]
    per_mention: bool
    channels: dict[str, float] = field(default_factory=dict)
    kinds: dict[str, float] = field(default_factory=dict)
    sentiment: float | None = None

    @property
    def rows(self) -> int:
        return len(self.times)


def parse_time(raw: str) -> datetime:
    """One timestamp in any of the accepted forms, as an aware UTC datetime."""
    text = raw.strip()
    if not text:
        raise ValueError("empty")
    if _is_number(text):
        value = float(text)
        if not math.isfinite(value):
            raise ValueError("not a time")
        seconds = value / 1000 if abs(value) >= 1e11 else value  # epoch millis or seconds
        return datetime.fromtimestamp(seconds, UTC)
    stamp: datetime | None = None
    try:
        stamp = datetime.fromisoformat(text)
    except ValueError:
        for fmt in _FORMATS:
            try:
                stamp = datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
    if stamp is None:
        try:
            stamp = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            raise ValueError("not a recognised timestamp") from None
    return stamp.replace(tzinfo=UTC) if stamp.tzinfo is None else stamp.astimezone(UTC)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _find(header: list[str], names: tuple[str, ...]) -> int | None:
    lowered = [h.strip().lower() for h in header]
    for name in names:
        if name in lowered:
            return lowered.index(name)
    return None


def read_history(path: str | Path) -> History:
    """Read a history CSV, or raise a `ScenarioError` naming the first bad line."""
    p = Path(path)
    text = read_text(p, "history CSV", MAX_HISTORY_BYTES)  # a FIFO or a device: never a hang
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    rows = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(rows, None)
    src = str(p)
    if not header or not any(h.strip() for h in header):
        raise ScenarioError(src, 1, None, "expected a header row naming the columns")
    t_col = _find(header, TIME_NAMES)
    if t_col is None:
        raise ScenarioError(
            src, 1, None, f"expected a timestamp column (one of: {', '.join(TIME_NAMES[:6])})"
        )
    n_col = _find(header, COUNT_NAMES)
    optional = {
        "channel": _find(header, CHANNEL_NAMES),
        "kind": _find(header, KIND_NAMES),
        "sentiment": _find(header, SENTIMENT_NAMES),
    }
    times: list[float] = []
    counts: list[float] = []
    tallies: dict[str, defaultdict[str, float]] = {
        "channel": defaultdict(float),
        "kind": defaultdict(float),
    }
    col: int | None
    moods: list[float] = []
    for line, row in enumerate(rows, start=2):
        if not row or not any(cell.strip() for cell in row):
            continue
        times.append(_time_cell(src, line, header[t_col], row, t_col))
        counts.append(1.0 if n_col is None else _count_cell(src, line, header[n_col], row, n_col))
        for what in ("channel", "kind"):
            col = optional[what]
            if col is not None and col < len(row) and row[col].strip():
                tallies[what][row[col].strip().lower()] += counts[-1]
        col = optional["sentiment"]
        if col is not None and col < len(row) and row[col].strip():
            moods.append(_mood(src, line, header[col], row[col]))
    if len(times) < 2:
        raise ScenarioError(src, None, None, "expected at least two rows of history")
    order = np.argsort(np.asarray(times), kind="stable")
    return History(
        source=src,
        times=np.asarray(times, np.float64)[order],
        counts=np.asarray(counts, np.float64)[order],
        per_mention=n_col is None,
        channels=_shares(tallies["channel"]),
        kinds=_shares(tallies["kind"]),
        sentiment=float(np.clip(np.mean(moods), -1, 1)) if moods else None,
    )


def _time_cell(src: str, line: int, name: str, row: list[str], col: int) -> float:
    raw = row[col] if col < len(row) else ""
    try:
        return parse_time(raw).timestamp()
    except (ValueError, OverflowError, OSError):
        raise ScenarioError(
            src, line, name, f"expected a timestamp such as 2015-03-01 14:05:00, got {raw!r}"
        ) from None


def _count_cell(src: str, line: int, name: str, row: list[str], col: int) -> float:
    raw = row[col].strip() if col < len(row) else ""
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not (math.isfinite(value) and value >= 0):
        raise ScenarioError(src, line, name, f"expected a count 0 or more, got {raw!r}")
    return value


def _mood(src: str, line: int, name: str, raw: str) -> float:
    word = raw.strip().lower()
    if word in _SENTIMENT_WORDS:
        return _SENTIMENT_WORDS[word]
    try:
        value = float(word)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and -1 <= value <= 1):
        raise ScenarioError(
            src, line, name, f"expected positive, negative, neutral or -1..1, got {raw!r}"
        )
    return value


def _shares(tally: dict[str, float]) -> dict[str, float]:
    total = sum(tally.values())
    ranked = sorted(tally.items(), key=lambda kv: -kv[1])
    return {k: v / total for k, v in ranked} if total > 0 else {}

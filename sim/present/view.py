"""The snapshot a view draws: every figure of one instant of a run, as plain data.

A dashboard redraws many times a second while the engine keeps changing underneath, so it
reads one `Snapshot` per frame instead of poking at the engine: every figure on screen
comes from the same instant. These are the shapes only; `sim.present.snapshot` fills them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sim.engine.team import GroupView

Level = Literal["ok", "warn", "bad", "info"]


@dataclass(frozen=True)
class Kpi:
    """One headline figure, already formatted, with how worrying it is."""

    key: str
    label: str
    value: str
    detail: str
    level: Level
    short: str = ""  # the detail in fewer words, for a narrow tile ("": it has none)


@dataclass(frozen=True)
class ChannelRow:
    channel: str
    arrivals_last_hour: int
    arrivals_total: int
    waiting: int
    sla_min: float
    service_level: float | None = None  # answered in SLA / needing a response, so far
    missed: int = 0  # authors who gave up before a response, so far


@dataclass(frozen=True)
class ChartPoint:
    """A stretch of closed intervals: the longest queue in it, and hourly rates."""

    t_start: float
    t_end: float
    waiting: int
    arrivals_per_hour: float
    answered_per_hour: float
    missed_per_hour: float


@dataclass(frozen=True)
class Marker:
    """A moment worth pointing at on the chart: a surge, or something the team did."""

    t: float
    kind: str
    label: str


@dataclass(frozen=True)
class FeedItem:
    id: int
    t: float
    clock: str
    channel: str
    kind: str
    topic: str
    sentiment: float
    reach: int
    handle: str
    text: str
    outcome: str


@dataclass(frozen=True)
class LogLine:
    seq: int  # position in the run's log, so a view can append only what is new
    t: float
    clock: str
    kind: str
    text: str


@dataclass(frozen=True)
class TopicRow:
    """A topic the team could aim an FAQ or a holding statement at, and where each stands."""

    topic: str
    recent: int  # mentions on it among the live feed's latest
    faq: str  # "" (none yet), "drafting since Day 1 14:04", "published Day 1 15:19"
    statement: str  # "" or "out until Day 1 18:00"


@dataclass(frozen=True)
class Snapshot:
    scenario: str
    brand: str
    seed: int
    now: float
    duration: float
    interval: float
    done: bool
    sim_time: datetime
    day: int
    clock: str  # "Day 1 14:05"
    progress: float  # 0..1
    mentions: int
    needs_response: int
    waiting: int
    oldest_wait_min: float
    answered: int
    answered_in_sla: int
    late: int
    missed: int
    service_level: float | None  # answered in SLA / needing a response, as in the summary
    missed_rate: float | None
    customers_at_risk: float
    agents_busy: int
    agents_on_shift: int
    top_topic: str | None
    topics: tuple[TopicRow, ...]  # the top topic first, then by recent mentions
    kpis: tuple[Kpi, ...]
    groups: tuple[GroupView, ...]
    channels: tuple[ChannelRow, ...]
    chart: tuple[ChartPoint, ...]
    markers: tuple[Marker, ...]
    feed: tuple[FeedItem, ...]
    log: tuple[LogLine, ...]
    log_count: int
    open_alert: str = ""  # when the oldest spike alert nobody acknowledged was raised; "": none

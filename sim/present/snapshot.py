"""What a live view of a run shows, frozen into plain data.

A dashboard redraws many times a second while the engine keeps changing underneath, so it
reads one `Snapshot` per frame instead of poking at the engine: every figure on screen comes
from the same instant, and every rule about what a figure means (which rate, which
threshold makes it red, how the chart is thinned out) lives here, testable without a
terminal. Only the feed items on display get their text made; the rest of the run's
mentions never do.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from sim.engine.mentions import Mention
from sim.model.scenario import Scenario
from sim.model.units import format_duration
from sim.model.vocabulary import CHANNELS
from sim.present.format import clock_label as clock_label  # moved; old importers
from sim.present.format import day_number, pct
from sim.present.format import format_wait as format_wait  # moved; old importers
from sim.present.text import MentionText, mention_text

if TYPE_CHECKING:
    from sim.engine.core import Engine
    from sim.engine.metrics import Interval

Level = Literal["ok", "warn", "bad", "info"]

CHART_POINTS = 240  # the chart never gets more points than this, however long the run
FEED_LIMIT = 12
LOG_LIMIT = 40
MARKER_LIMIT = 64
MISSED_OK = 0.02  # "miss under 2%" is the planner's target in the design
MISSED_BAD = 0.05
SLA_OK = 0.8
SLA_BAD = 0.6


@dataclass(frozen=True)
class Kpi:
    """One headline figure, already formatted, with how worrying it is."""

    key: str
    label: str
    value: str
    detail: str
    level: Level


@dataclass(frozen=True)
class GroupRow:
    label: str
    on_shift: int
    busy: int
    concurrency: int
    added: int  # agents added (+) or removed (-) by actions
    waiting: int
    oldest_wait_min: float  # 0 when nobody waits


@dataclass(frozen=True)
class ChannelRow:
    channel: str
    arrivals_last_hour: int
    arrivals_total: int
    waiting: int
    sla_min: float


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
    kpis: tuple[Kpi, ...]
    groups: tuple[GroupRow, ...]
    channels: tuple[ChannelRow, ...]
    chart: tuple[ChartPoint, ...]
    markers: tuple[Marker, ...]
    feed: tuple[FeedItem, ...]
    log: tuple[LogLine, ...]
    log_count: int


def take_snapshot(
    engine: Engine,
    feed_limit: int = FEED_LIMIT,
    log_limit: int = LOG_LIMIT,
    chart_points: int = CHART_POINTS,
) -> Snapshot:
    """Everything a live view shows about `engine` at this instant, as plain data."""
    meta = engine.scenario.meta
    now = engine.now
    tally = engine.totals()
    need = tally.needs_response  # the summary's definition
    service = tally.answered_in_sla / need if need else None
    missed_rate = tally.missed / need if need else None
    at_risk = tally.missed * engine.scenario.reputation.at_risk_share
    groups = _groups(engine)
    busy = sum(g.busy for g in groups)
    on_shift = sum(g.on_shift for g in groups)
    sim_time = meta.start + timedelta(minutes=now)
    queued = engine.waiting_mentions()
    first = min(queued, key=lambda m: m.t, default=None)
    oldest = now - first.t if first is not None else 0.0
    oldest_sla = (
        engine.scenario.protocol.sla_for(first.channel) * engine.sla_factor
        if first is not None
        else engine.scenario.protocol.sla_for("default") * engine.sla_factor
    )
    figures = _Figures(
        waiting=len(queued),
        oldest=oldest,
        need=need,
        answered=tally.answered,
        in_sla=tally.answered_in_sla,
        late=tally.late,
        missed=tally.missed,
        service=service,
        missed_rate=missed_rate,
        at_risk=at_risk,
        at_risk_share=engine.scenario.reputation.at_risk_share,
        busy=busy,
        on_shift=on_shift,
        sla=oldest_sla,
        oldest_channel=first.channel if first is not None else "",
    )
    return Snapshot(
        scenario=meta.name,
        brand=meta.brand,
        seed=engine.seed,
        now=now,
        duration=engine.duration,
        interval=engine.interval,
        done=engine.done,
        sim_time=sim_time,
        day=day_number(meta.start, sim_time),
        clock=clock_label(meta.start, now),
        progress=min(1.0, now / engine.duration) if engine.duration else 1.0,
        mentions=tally.mentions,
        needs_response=need,
        waiting=len(queued),
        oldest_wait_min=oldest,
        answered=tally.answered,
        answered_in_sla=tally.answered_in_sla,
        late=tally.late,
        missed=tally.missed,
        service_level=service,
        missed_rate=missed_rate,
        customers_at_risk=at_risk,
        agents_busy=busy,
        agents_on_shift=on_shift,
        top_topic=top_topic(engine),
        kpis=_kpis(figures),
        groups=groups,
        channels=_channels(engine, queued),
        chart=downsample(engine.series, chart_points),
        markers=_markers(engine),
        feed=_feed(engine, feed_limit),
        log=_log(engine, log_limit),
        log_count=len(engine.log),
    )


# ---------------------------------------------------------------------- headline figures


@dataclass(frozen=True)
class _Figures:
    waiting: int
    oldest: float
    need: int
    answered: int
    in_sla: int
    late: int
    missed: int
    service: float | None
    missed_rate: float | None
    at_risk: float
    at_risk_share: float
    busy: int
    on_shift: int
    sla: float  # the SLA of the oldest waiting mention's channel
    oldest_channel: str


def _kpis(f: _Figures) -> tuple[Kpi, ...]:
    """The tiles, in reading order; levels say what a crisis lead would worry about."""
    late_share = f.late / f.answered if f.answered else 0.0
    miss_level = _miss_level(f.missed_rate)
    return (
        Kpi(
            "waiting",
            "Waiting",
            f"{f.waiting:,}",
            f"{f.waiting / f.on_shift:.1f} per agent" if f.on_shift else "no agents on shift",
            _above(f.waiting, max(1, f.on_shift), 4 * max(1, f.on_shift)),
        ),
        Kpi(
            "oldest",
            "Oldest wait",
            format_wait(f.oldest),
            _oldest_detail(f),
            _above(f.oldest, f.sla / 2, f.sla),
        ),
        Kpi(
            "sla",
            "In SLA",
            pct(f.service),
            f"{f.in_sla:,} of {f.need:,}",
            "info" if f.service is None else _below(f.service, SLA_OK, SLA_BAD),
        ),
        Kpi(
            "late",
            "Late",
            f"{f.late:,}",
            f"{late_share:.0%} of answers",
            _above(late_share, 0.1, 0.25),
        ),
        Kpi(
            "missed",
            "Missed",
            f"{f.missed:,}",
            f"{pct(f.missed_rate)} of needed",
            miss_level,
        ),
        Kpi(
            "at_risk",
            "At risk",
            f"{f.at_risk:,.0f}",
            f"{f.at_risk_share:.0%} of missed",
            miss_level,
        ),
        Kpi(
            "agents",
            "Agents busy",
            f"{f.busy} / {f.on_shift}",
            f"{f.busy / f.on_shift:.0%} busy" if f.on_shift else "nobody on shift",
            "bad" if not f.on_shift else _above(f.busy / f.on_shift, 0.85, 0.99),
        ),
    )


def _oldest_detail(f: _Figures) -> str:
    sla = f"SLA {format_duration(f.sla)}" if math.isfinite(f.sla) else "no SLA"
    return f"{sla} · {f.oldest_channel}" if f.oldest_channel else sla


def _above(value: float, warn: float, bad: float) -> Level:
    return "bad" if value > bad else "warn" if value > warn else "ok"


def _below(value: float, ok: float, bad: float) -> Level:
    return "ok" if value >= ok else "warn" if value >= bad else "bad"


def _miss_level(rate: float | None) -> Level:
    if rate is None:
        return "info"
    return "ok" if rate <= MISSED_OK else "warn" if rate <= MISSED_BAD else "bad"


# ---------------------------------------------------------------------- team and channels


def _groups(engine: Engine) -> tuple[GroupRow, ...]:
    return tuple(
        GroupRow(
            label=g.label,
            on_shift=g.on_shift,
            busy=g.busy,
            concurrency=g.concurrency,
            added=g.added,
            waiting=g.waiting,
            oldest_wait_min=g.oldest_wait_min,
        )
        for g in engine.group_views()
    )


def scenario_channels(scenario: Scenario) -> list[str]:
    """The channels a scenario sends mentions on, in the canonical order."""
    used: set[str] = set()
    if scenario.baseline is not None:
        used |= {str(c) for c in scenario.baseline.channels}
    for surge in scenario.surges:
        used |= {str(c) for c in (surge.channels or {})}
    return [c for c in CHANNELS if c in used]


def _channels(engine: Engine, queued: list[Mention]) -> tuple[ChannelRow, ...]:
    per_hour = max(1, round(60.0 / engine.interval))
    current = engine.open_interval()
    totals: Counter[str] = Counter(current.by_channel)
    recent: Counter[str] = Counter(current.by_channel)
    for i, iv in enumerate(reversed(engine.series)):
        totals.update(iv.by_channel)
        if i < per_hour - 1:
            recent.update(iv.by_channel)
    waiting = Counter(m.channel for m in queued)
    shown = set(scenario_channels(engine.scenario))
    shown |= {c for c, n in totals.items() if n}
    protocol = engine.scenario.protocol
    return tuple(
        ChannelRow(c, recent[c], totals[c], waiting[c], protocol.sla_for(c) * engine.sla_factor)
        for c in CHANNELS
        if c in shown
    )


def top_topic(engine: Engine, recent: int = 50) -> str | None:
    """The topic most of the last `recent` mentions are about: where a live inject aims."""
    return engine.top_topic(recent)


# ---------------------------------------------------------------------- chart


def downsample(series: list[Interval], max_points: int = CHART_POINTS) -> tuple[ChartPoint, ...]:
    """At most `max_points` points covering the whole series.

    Buckets are runs of a power-of-two number of intervals counted from the start, so a
    bucket's figures stay put as the run goes on and only regroup when the series doubles;
    the queue keeps its peak (a short spike must stay visible), the flows become hourly
    rates (comparable across buckets).
    """
    n = len(series)
    if not n:
        return ()
    size = 1
    while n > size * max(1, max_points):
        size *= 2
    points = []
    for lo in range(0, n, size):
        chunk = series[lo : lo + size]
        hours = max(1e-9, (chunk[-1].t_end - chunk[0].t_start) / 60.0)
        points.append(
            ChartPoint(
                t_start=chunk[0].t_start,
                t_end=chunk[-1].t_end,
                waiting=max(iv.waiting for iv in chunk),
                arrivals_per_hour=sum(iv.arrivals for iv in chunk) / hours,
                answered_per_hour=sum(iv.answered for iv in chunk) / hours,
                missed_per_hour=sum(iv.missed for iv in chunk) / hours,
            )
        )
    return tuple(points)


def _markers(engine: Engine) -> tuple[Marker, ...]:
    marks = [Marker(e.t, e.kind, e.text) for e in engine.log if e.kind in ("surge", "action")]
    return tuple(marks[-MARKER_LIMIT:])


# ---------------------------------------------------------------------- feed and log


@lru_cache(maxsize=1024)
def _text(
    mention_id: int,
    seed: int,
    channel: str,
    kind: str,
    topic: str,
    sentiment: float,
    brand: str,
    reach: int,
) -> MentionText:
    """A feed shows the same mentions frame after frame: make each one's words once."""
    return mention_text(mention_id, seed, channel, kind, topic, sentiment, brand, reach)


def _feed(engine: Engine, limit: int) -> tuple[FeedItem, ...]:
    if limit <= 0:
        return ()
    meta = engine.scenario.meta
    recent = list(engine.feed)[-limit:]
    items = []
    for m in recent:
        words = _text(
            m.id, engine.seed, m.channel, m.kind, m.topic, m.sentiment, meta.brand, m.reach
        )
        items.append(
            FeedItem(
                id=m.id,
                t=m.t,
                clock=f"{meta.start + timedelta(minutes=m.t):%H:%M}",
                channel=m.channel,
                kind=m.kind,
                topic=m.topic,
                sentiment=m.sentiment,
                reach=m.reach,
                handle=words.handle,
                text=words.text,
                outcome=m.outcome,
            )
        )
    return tuple(items)


def _log(engine: Engine, limit: int) -> tuple[LogLine, ...]:
    start = engine.scenario.meta.start
    first = max(0, len(engine.log) - limit)
    return tuple(
        LogLine(first + i, e.t, clock_label(start, e.t), e.kind, e.text)
        for i, e in enumerate(engine.log[first:])
    )


# ---------------------------------------------------------------------- scenario cards


@dataclass(frozen=True)
class ScenarioFacts:
    """The key numbers a picker shows before anyone starts a scenario."""

    name: str
    description: str
    duration: str
    start: str
    baseline_per_hour: float
    surges: tuple[str, ...]
    agents: tuple[str, ...]
    channels: tuple[str, ...]


def scenario_facts(scenario: Scenario) -> ScenarioFacts:
    meta = scenario.meta
    surges = []
    for s in scenario.surges:
        size = s.peak_per_hour or s.per_hour or s.to_per_hour
        rate = f", {size:g}/h" if size else ""
        surges.append(
            f"{s.name or s.shape} at {format_duration(s.at)} ({s.shape}{rate}, {s.topic})"
        )
    agents = []
    start_minute = meta.start.hour * 60 + meta.start.minute
    for team in scenario.team:
        staffed = team.staffed(0.0, start_minute)
        agents.append(f"{team.label}: {staffed} at the start")
    return ScenarioFacts(
        name=meta.name,
        description=meta.description.strip(),
        duration=format_duration(meta.duration),
        start=f"{meta.start:%a %d %b %H:%M}",
        baseline_per_hour=scenario.baseline.per_hour if scenario.baseline else 0.0,
        surges=tuple(surges),
        agents=tuple(agents),
        channels=tuple(scenario_channels(scenario)),
    )

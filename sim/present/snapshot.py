"""A live view of a run, taken from the engine in one go: `take_snapshot`.

Every rule about what a figure means (which rate, how the chart is thinned out, which
mentions the feed shows) lives here or in `kpis`, testable without a terminal. Only the
feed items on display get their text made; the rest of the run's mentions never do.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from sim.engine.waiting import wait_of
from sim.model import actions as act
from sim.model.vocabulary import CHANNELS
from sim.present.format import clock_label, day_number
from sim.present.kpis import Figures, kpis
from sim.present.scenario_card import scenario_channels
from sim.present.snapshot_memo import SeriesMemo, bucket_point, bucket_size
from sim.present.text import MentionText, mention_text
from sim.present.topics import topic_rows
from sim.present.view import (
    ChannelRow,
    ChartPoint,
    FeedItem,
    LogLine,
    Marker,
    Snapshot,
)

if TYPE_CHECKING:
    from sim.engine.core import Engine
    from sim.engine.metrics import Interval

CHART_POINTS = 240  # the chart never gets more points than this, however long the run
FEED_LIMIT = 12
LOG_LIMIT = 40
MARKER_LIMIT = 64


def take_snapshot(
    engine: Engine,
    feed_limit: int = FEED_LIMIT,
    log_limit: int = LOG_LIMIT,
    chart_points: int = CHART_POINTS,
    memo: SeriesMemo | None = None,
) -> Snapshot:
    """Everything a live view shows about `engine` at this instant, as plain data.

    A view that takes snapshot after snapshot of one run passes the same `memo`, so the
    run's closed intervals are summed once rather than at every frame."""
    memo = SeriesMemo() if memo is None else memo
    meta = engine.scenario.meta
    now = engine.now
    tally = engine.totals()
    need = tally.needs_response  # the summary's definition
    service = tally.answered_in_sla / need if need else None
    missed_rate = tally.missed / need if need else None
    at_risk = tally.missed * engine.scenario.reputation.at_risk_share
    groups = engine.group_views()
    busy = sum(g.busy for g in groups)
    on_shift = sum(g.on_shift for g in groups)
    sim_time = meta.start + timedelta(minutes=now)
    waiting = engine.waiting  # kept as mentions join and leave the queue: no scan
    first = engine.oldest_waiting()
    oldest = wait_of(first, now)
    oldest_sla = (
        engine.scenario.protocol.sla_for(first.channel) * engine.sla_factor
        if first is not None
        else engine.scenario.protocol.sla_for("default") * engine.sla_factor
    )
    figures = Figures(
        waiting=waiting,
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
    top = top_topic(engine)
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
        waiting=waiting,
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
        top_topic=top,
        topics=topic_rows(engine, top),
        kpis=kpis(figures),
        groups=groups,
        channels=_channels(engine, memo),
        chart=memo.chart(engine.series, chart_points),
        markers=_markers(engine),
        feed=_feed(engine, feed_limit),
        log=_log(engine, log_limit),
        log_count=len(engine.log),
    )


# ---------------------------------------------------------------------- team and channels


def _channels(engine: Engine, memo: SeriesMemo) -> tuple[ChannelRow, ...]:
    per_hour = max(1, round(60.0 / engine.interval))
    current = engine.open_interval()
    totals: Counter[str] = Counter(current.by_channel)
    totals.update(memo.channel_totals(engine.series))
    recent: Counter[str] = Counter(current.by_channel)
    for iv in engine.series[max(0, len(engine.series) - (per_hour - 1)) :] if per_hour > 1 else ():
        recent.update(iv.by_channel)  # the last hour: the open interval and those before it
    waiting = engine.board.by_channel()
    shown = set(scenario_channels(engine.scenario))
    shown |= {c for c, n in totals.items() if n}
    protocol = engine.scenario.protocol
    figures = engine.by_channel()
    rows = []
    for c in CHANNELS:
        if c not in shown:
            continue
        mine = figures.get(c, {})
        service = mine.get("service_level")
        rows.append(
            ChannelRow(
                c,
                recent[c],
                totals[c],
                waiting[c],
                protocol.sla_for(c) * engine.sla_factor,
                service_level=float(service) if service is not None else None,
                missed=int(mine.get("missed") or 0),
            )
        )
    return tuple(rows)


def top_topic(engine: Engine) -> str | None:
    """Where an FAQ or a statement on "the top topic" goes if sent now: the FAQ window's
    busiest topic, else the live feed's. The picker names this topic, so it must be the
    one the engine resolves to, not the feed's alone (which may be `general`)."""
    sent = engine.resolved(act.PublishFaq())
    return sent.topic if isinstance(sent, act.PublishFaq) else None


# ---------------------------------------------------------------------- chart


def downsample(series: list[Interval], max_points: int = CHART_POINTS) -> tuple[ChartPoint, ...]:
    """At most `max_points` points covering the whole series.

    Buckets are runs of a power-of-two number of intervals counted from the start, so a
    bucket's figures stay put as the run goes on and only regroup when the series doubles;
    the queue keeps its peak (a short spike must stay visible), the flows become hourly
    rates (comparable across buckets).
    """
    size = bucket_size(len(series), max_points)
    return tuple(bucket_point(series[lo : lo + size]) for lo in range(0, len(series), size))


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


def prepare_feed_text() -> None:
    """Make one mention's words, so that what every mention's words are made from (the
    phrases, Faker's name tables: ~0.1 s of imports) is loaded now, before a clock runs,
    rather than in the middle of the first frame that shows a mention."""
    mention_text(0, 0, CHANNELS[0], "question", "", 0.0)


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

"""The engine: a scenario played against a team, in SimPy, one event at a time.

Design for speed: a mention costs at most two SimPy events (its arrival and, if answered,
the end of its handling). Customers giving up are not events: each waiting mention's
deadline sits in a heap that is drained lazily whenever the engine looks at the queue, so
the count of waiting mentions is exact at every event without a timeout per customer.

The engine is driven in steps (`run_until`), so a dashboard or a drill can watch it and
apply actions between steps; a headless run is `run_until(duration)`.
"""

from __future__ import annotations

import dataclasses
import heapq
import math
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import simpy
from simpy.events import Timeout

from sim.engine import arrivals, streams
from sim.engine.community import FaqDesk
from sim.engine.mentions import Mention, State
from sim.engine.metrics import Interval, Summary, Tally, summarize
from sim.engine.sources import (
    Batch,
    Source,
    build_sources,
    draw_batch,
    make_cascade,
    shares,
    surge_source,
    with_streams,
)
from sim.engine.team import Agent, Group
from sim.model import actions as act
from sim.model.scenario import Scenario
from sim.model.vocabulary import CHANNELS, KINDS

WINDOW = 60.0  # minutes of arrivals generated at a time
FEED_SIZE = 200  # recent mentions kept for a live feed


@dataclass(frozen=True)
class LogEntry:
    """One line of the run's event log; `action` is set when it records an action."""

    t: float
    kind: str  # "action", "surge", "faq", "shift", "statement", "advocates"
    text: str
    action: act.Action | None = None


@dataclass(frozen=True)
class TimedAction:
    """An action and the minute it applies at: injects, drill scripts, replays."""

    at: float
    action: act.Action


class Engine:
    """One run of a scenario with a seed and a list of actions."""

    def __init__(
        self,
        scenario: Scenario,
        seed: int | None = None,
        *,
        actions: list[TimedAction] | None = None,
        replication: int = 0,
        record_mentions: bool = True,
    ) -> None:
        self.scenario = scenario
        meta = scenario.meta
        self.seed = meta.seed if seed is None else seed
        self.replication = replication
        self.duration = meta.duration
        self.warmup = meta.warmup
        self.interval = meta.interval
        self.env = simpy.Environment()
        self.record_mentions = record_mentions

        self.protocol = scenario.protocol
        self.respond_to: frozenset[str] = frozenset(self.protocol.respond_to)
        self.sla_factor = 1.0
        self._sla: dict[str, float] = {c: self.protocol.sla_for(c) for c in CHANNELS}
        self._rank: dict[str, int] = {k: self.protocol.rank(k) + 1 for k in KINDS}
        self.vip_reach = self.protocol.vip_reach

        self.groups = [Group(i, t) for i, t in enumerate(scenario.team)]
        self.sources: list[Source] = []
        self._route: dict[tuple[str, str, str], tuple[Group, ...]] = {}
        self._start_minute_of_day = meta.start.hour * 60 + meta.start.minute

        self.deadlines: list[tuple[float, int, Mention]] = []
        self.waiting = 0
        self.busy_slots = 0
        self.capacity = 0
        self._area_t = 0.0
        self.busy_area = 0.0
        self.capacity_area = 0.0

        self.tally = Tally(self.warmup)
        self.intake_warm = 0
        self.current = Interval(0.0)
        self.series: list[Interval] = []
        self.mentions: list[Mention] = []
        self.feed: deque[Mention] = deque(maxlen=FEED_SIZE)
        self.log: list[LogEntry] = []
        self._listeners: list[Callable[[LogEntry], None]] = []
        self._next_id = 0
        self._next_tick = min(self.interval, self.duration)
        self._next_window = 0.0
        self._reputation = 0.0

        self._rng_followups = streams.stream(self.seed, streams.FOLLOWUPS, replication=replication)
        self._rng_advocates = streams.stream(self.seed, streams.ADVOCATES, replication=replication)
        self._rng_listening = streams.stream(self.seed, streams.LISTENING, replication=replication)
        self._rng_offline = streams.stream(self.seed, streams.OFFLINE, replication=replication)
        self._rng_holding = streams.stream(self.seed, streams.HOLDING, replication=replication)
        self.advocate_share = scenario.advocates.answer_share if scenario.advocates else 0.0
        self.faq = FaqDesk(
            scenario.faq, streams.stream(self.seed, streams.FAQ, replication=replication)
        )
        self.statements: dict[str, tuple[float, float, float]] = {}  # topic → until, cut, factor
        self._triggered = 0
        self._cascade_sources: dict[int, Source] = {}

        self.sources = build_sources(scenario, self.seed, replication)
        for surge, src in zip(scenario.surges, self.sources[1:], strict=True):
            self._at(surge.at, self._log, "surge", f"{src.name} begins ({surge.shape})")
        for group in self.groups:
            self._staff(group)
            for t in group.spec.change_points(self.duration, self._start_minute_of_day):
                self._at(t, self._staff, group)
        for inject in scenario.injects:
            action = act.action_from_params(inject.action, inject.params, scenario)
            self.schedule(inject.at, action)
        for timed in actions or []:
            self.schedule(timed.at, timed.action)

    # ------------------------------------------------------------------ driving

    @property
    def now(self) -> float:
        return float(self.env.now)

    @property
    def done(self) -> bool:
        return self.now >= self.duration

    def run_until(self, t: float) -> None:
        """Advance simulated time to `t` (clamped to the scenario's end)."""
        t = min(t, self.duration)
        while True:
            stop = min(self._next_tick, self._next_window, t)
            if stop > self.env.now:
                self.env.run(until=stop)
            if stop == self._next_window and self._next_window < self.duration:
                self._generate_window(self._next_window)
                continue
            if stop == self._next_tick and (not self.series or self.series[-1].t_end < stop):
                self._close_interval(stop)
                continue
            if stop >= t:
                return

    def run(self) -> Summary:
        """Play the whole scenario and return its summary."""
        self.run_until(self.duration)
        return self.summary()

    def on_log(self, listener: Callable[[LogEntry], None]) -> None:
        """Be told of every log entry as it happens (the dashboard's event log)."""
        self._listeners.append(listener)

    def schedule(self, at: float, action: act.Action) -> None:
        """Apply `action` at minute `at` (now, if `at` has passed)."""
        self._at(max(at, self.now), self.apply, action)

    def apply(self, action: act.Action) -> None:
        """Apply an action now and log it: the one door every change goes through.

        "The top topic" is resolved first, so the log says which topic an FAQ or a
        statement went to, and what the action changed when it could change nothing.
        """
        now = self.now
        self._expire(now)
        action = self._resolve(action)
        text = act.describe(action) + self._no_effect(action)
        self._log("action", text, action)
        match action:
            case act.AddAgents(role, count, duration):
                self._adjust(role, count, duration)
            case act.RemoveAgents(role, count, duration):
                self._adjust(role, -count, duration)
            case act.PublishFaq(topic) if topic:
                self._start_faq(topic)
            case act.HoldingStatement(topic, cut, factor, duration) if topic:
                self.statements[topic] = (now + duration, cut, factor)
                self._at(now + duration, self._end_statement, topic, now + duration)
            case act.MobilizeAdvocates(share, duration):
                before = self.advocate_share
                self.advocate_share = share
                if duration:
                    self._at(now + duration, self._restore_advocates, before)
            case act.ChangeProtocol(respond_to, sla_factor):
                if respond_to is not None:
                    self.respond_to = frozenset(respond_to)
                if sla_factor is not None:
                    self.sla_factor = sla_factor
            case act.TriggerSurge(surge):
                self._trigger(surge)

    def _resolve(self, action: act.Action) -> act.Action:
        """The same action with "the top topic" replaced by the topic it means now."""
        if isinstance(action, act.PublishFaq | act.HoldingStatement) and action.topic is None:
            top = self.faq.top_topic(self.now) or self.top_topic()
            if top:
                return dataclasses.replace(action, topic=top)
        return action

    def _no_effect(self, action: act.Action) -> str:
        """Why an action changes nothing, said in the log rather than silently."""
        if isinstance(action, act.PublishFaq):
            if self.faq.spec is None:
                return " (no FAQ process in this scenario)"
            if action.topic in self.faq.started:
                return " (already under way or published)"
            if action.topic is None:
                return " (no topic yet)"
        if isinstance(action, act.MobilizeAdvocates) and self.scenario.advocates is None:
            return " (no advocates in this scenario)"
        if isinstance(action, act.HoldingStatement) and action.topic is None:
            return " (no topic yet)"
        return ""

    # ------------------------------------------------------------------ arrivals

    def _generate_window(self, t0: float) -> None:
        t1 = min(t0 + WINDOW, self.duration)
        self._next_window = t0 + WINDOW
        batches = [src.window(t0, t1) for src in self.sources]
        self._schedule_batches(batches)

    def _schedule_batches(self, batches: list[Batch]) -> None:
        """Create the mentions of some batches in time order and schedule their arrivals."""
        rows: list[tuple[float, int, int]] = []
        for b, batch in enumerate(batches):
            rows += [(t, b, i) for i, t in enumerate(batch.t.tolist())]
        rows.sort()
        cols = [
            (
                b.channel,
                b.kind,
                b.topic,
                b.sentiment.tolist(),
                b.reach.tolist(),
                b.direct.tolist(),
                b.u_handle.tolist(),
                b.patience.tolist(),
            )
            for b in batches
        ]
        now = self.env.now
        env = self.env
        arrive = self._on_arrival
        for t, b, i in rows:
            ch, kd, tp, se, re, di, uh, pa = cols[b]
            m = Mention(
                self._next_id,
                t,
                batches[b].source,
                ch[i],
                kd[i],
                tp[i],
                se[i],
                re[i],
                di[i],
                uh[i],
                pa[i],
            )
            self._next_id += 1
            Timeout(env, t - now, m).callbacks.append(arrive)

    def _on_arrival(self, event: Timeout) -> None:
        m: Mention = event._value
        now = m.t
        self._expire(now)
        iv = self.current
        iv.arrivals += 1
        iv.by_channel[m.channel] += 1
        iv.by_kind[m.kind] += 1
        iv.total_reach += m.reach
        if m.sentiment < -0.2:
            iv.negative_reach += m.reach
        warm = now >= self.warmup
        if warm:
            self.tally.mentions += 1
            if m.followup_of >= 0:
                self.tally.followups += 1
        if m.followup_of >= 0:
            iv.followups += 1
        if self.record_mentions:
            self.mentions.append(m)
        self.feed.append(m)
        listening = self.scenario.listening
        if not m.direct and listening is not None:
            if self._rng_listening.random() >= listening.coverage:
                m.state = State.UNSEEN
                iv.unseen += 1
                if warm:
                    self.tally.unseen += 1
                return
            delay = float(listening.delay.sample(self._rng_listening, 1)[0])
            if delay > 0:
                self._at(now + delay, self._intake, m)
                return
        self._intake(m)

    def _intake(self, m: Mention) -> None:
        """The team sees the mention: decide whether it needs a response, and route it."""
        now = self.now
        warm = m.t >= self.warmup
        if m.kind not in self.respond_to:
            m.state = State.NO_RESPONSE
            if warm:
                self.tally.no_response += 1
            return
        # A topic "repeats" when people keep asking about it: praise and spam do not count.
        self.faq.observe(m.topic, now, self._faq_triggered)
        if m.kind != "crisis" and self.faq.deflects(m.topic):
            self._deflect(m, warm)
            return
        statement = self.statements.get(m.topic)
        if statement is not None:
            _, cut, factor = statement
            if m.kind == "question" and self._rng_holding.random() < cut:
                self._deflect(m, warm)
                return
            m.patience *= factor
        m.needs_response = True
        m.deadline = m.t + m.patience
        m.sla_deadline = m.t + self._sla[m.channel] * self.sla_factor
        vip = self.vip_reach is not None and m.reach >= self.vip_reach
        m.priority = 0 if vip else self._rank[m.kind]
        self.current.needs_response += 1
        if warm:
            self.intake_warm += 1
        adv = self.scenario.advocates
        if (
            adv is not None
            and m.channel in adv.channels
            and m.kind in adv.kinds
            and self._rng_advocates.random() < self.advocate_share
        ):
            delay = float(adv.delay.sample(self._rng_advocates, 1)[0])
            self._at(max(now, m.t + delay), self._advocate_answers, m)  # they saw the post
        self._dispatch(m, now)

    def _deflect(self, m: Mention, warm: bool) -> None:
        m.state = State.DEFLECTED
        self.current.faq_deflected += 1
        if warm:
            self.tally.faq_deflected += 1

    def _dispatch(self, m: Mention, now: float) -> None:
        key = (m.channel, m.kind, m.topic)
        groups = self._route.get(key)
        if groups is None:
            groups = self._route[key] = tuple(g for g in self.groups if g.can_handle(*key))
        for group in groups:
            if group.pool:
                self._start(m, group, group.pool[-1], now)
                return
        m.state = State.WAITING
        self.waiting += 1
        for group in groups:
            group.enqueue(m)
        if m.deadline < math.inf:
            heapq.heappush(self.deadlines, (m.deadline, m.id, m))
        if self.waiting > self.tally.peak_queue and now >= self.warmup:
            self.tally.peak_queue = self.waiting

    # ------------------------------------------------------------------ service

    def _start(self, m: Mention, group: Group, agent: Agent, now: float) -> None:
        if m.state is State.WAITING:
            self.waiting -= 1
        m.state = State.SERVING
        m.t_start = now
        m.handled_by = group.label
        agent.active += 1
        if agent.active == 1:
            group.busy += 1
        if agent.active >= group.concurrency:
            agent.pooled = False
            pool = group.pool
            if pool[-1] is agent:
                pool.pop()
            else:
                pool.remove(agent)
        self._advance_areas(now)
        self.busy_slots += 1
        handle = group.handle_time(m.u_handle)
        if self.faq.published(m.topic):
            handle *= self.faq.handle_factor
        m.handle = handle
        in_sla = now <= m.sla_deadline
        m.in_sla = in_sla
        iv = self.current
        iv.answered += 1
        if in_sla:
            iv.answered_in_sla += 1
        else:
            iv.late += 1
        if m.t >= self.warmup:
            tally = self.tally
            tally.answered += 1
            if in_sla:
                tally.answered_in_sla += 1
            else:
                tally.late += 1
            tally.waits.append(now - m.t)
        Timeout(self.env, handle, (m, group, agent)).callbacks.append(self._on_done)

    def _on_done(self, event: Timeout) -> None:
        m, group, agent = event._value
        now = self.now
        self._expire(now)
        m.t_end = now
        m.state = State.DONE
        self._advance_areas(now)
        self.busy_slots -= 1
        agent.active -= 1
        if agent.active == 0:
            group.busy -= 1
        offline = self.scenario.offline
        if offline is not None and self._rng_offline.random() < offline.share:
            self._go_offline(m, now)
        if agent.leaving:
            group.capacity -= 1
            self.capacity -= 1
            if agent.active == 0:
                group.agents.remove(agent)
            return
        if not agent.pooled:
            agent.pooled = True
            group.pool.append(agent)
        self._fill(group, now)

    def _fill(self, group: Group, now: float) -> None:
        pool = group.pool
        while pool:
            m = group.next_waiting()
            if m is None:
                return
            self._start(m, group, pool[-1], now)

    def _expire(self, now: float) -> None:
        """Customers whose patience ran out before `now` give up: they are missed."""
        deadlines = self.deadlines
        while deadlines and deadlines[0][0] < now:
            deadline, _, m = heapq.heappop(deadlines)
            if m.state is State.WAITING:
                self._miss(m, deadline)

    def _miss(self, m: Mention, at: float) -> None:
        m.state = State.MISSED
        m.t_end = at
        self.waiting -= 1
        iv = self.current
        iv.missed += 1
        iv.negative_reach += m.reach  # an unanswered complaint stays in public view
        if m.t >= self.warmup:
            self.tally.missed += 1
        fu = self.scenario.followups
        if fu is not None and m.kind in fu.kinds:
            self._maybe_follow_up(m, at)

    # ------------------------------------------------------------------ staffing

    def _staff(self, group: Group) -> None:
        target = group.spec.staffed(self.now, self._start_minute_of_day) + group.delta
        before = group.on_shift
        self._resize(group, target)
        after = group.on_shift
        if after != before and self.now > 0:
            self._log("shift", f"{group.label}: {before} → {after} agents on shift")

    def _resize(self, group: Group, target: int) -> None:
        now = self.now
        self._expire(now)
        self._advance_areas(now)
        before = group.capacity
        group.resize(target)
        self.capacity += group.capacity - before
        self._fill(group, now)

    def _adjust(self, role: str, delta: int, duration: float | None) -> None:
        group = next((g for g in self.groups if g.label == role), None)
        if group is None:
            return
        group.delta += delta
        self._resize(group, group.spec.staffed(self.now, self._start_minute_of_day) + group.delta)
        if duration:
            self._at(self.now + duration, self._undo_adjust, group, delta)

    def _undo_adjust(self, group: Group, delta: int) -> None:
        group.delta -= delta
        self._staff(group)

    def _advance_areas(self, now: float) -> None:
        start = self._area_t if self._area_t > self.warmup else self.warmup
        if now > start:
            span = now - start
            self.busy_area += self.busy_slots * span
            self.capacity_area += self.capacity * span
        self._area_t = now

    # ------------------------------------------------------------------ community

    def _advocate_answers(self, m: Mention) -> None:
        """An advocate replies; if staff have not picked the mention up yet, it counts."""
        self._expire(self.now)
        if m.state is not State.WAITING:
            return
        adv = self.scenario.advocates
        assert adv is not None
        warm = m.t >= self.warmup
        if self._rng_advocates.random() >= adv.accuracy:
            self.current.advocate_corrections += 1
            if warm:
                self.tally.advocate_corrections += 1
            return  # a wrong answer: staff still have to step in and correct it
        m.state = State.ADVOCATE
        m.t_start = m.t_end = self.now
        m.handled_by = "advocate"
        self.waiting -= 1
        self.current.advocate_answered += 1
        if warm:
            self.tally.advocate_answered += 1

    def _restore_advocates(self, share: float) -> None:
        self.advocate_share = share
        self._log("advocates", f"advocate answer share back to {share:.0%}")

    def _faq_triggered(self, topic: str) -> None:
        self._start_faq(topic)

    def _start_faq(self, topic: str) -> None:
        if not self.faq.start(topic):
            return
        assert self.faq.spec is not None
        self._log("faq", f"FAQ drafting started: {topic}")
        draft = self.faq.spec.draft_time
        approval = self.faq.spec.approval_time
        self._at(self.now + draft, self._log, "faq", f"FAQ drafted, in approval: {topic}")
        self._at(self.now + draft + approval, self._publish_faq, topic)

    def _publish_faq(self, topic: str) -> None:
        self.faq.publish(topic)
        self._log("faq", f"FAQ published: {topic}")

    def _end_statement(self, topic: str, until: float) -> None:
        current = self.statements.get(topic)
        if current is not None and current[0] == until:
            del self.statements[topic]
            self._log("statement", f"holding statement on {topic} has run its course")

    def top_topic(self, recent: int = 50) -> str | None:
        """The topic most of the last `recent` mentions are about: where "the top topic" aims.

        Counter breaks ties by first appearance: a set would break them by string hash,
        which changes from one Python process to the next.
        """
        topics = [m.topic for m in list(self.feed)[-recent:]]
        return Counter(topics).most_common(1)[0][0] if topics else None

    # ------------------------------------------------------------------ feedback

    def _maybe_follow_up(self, m: Mention, missed_at: float) -> None:
        fu = self.scenario.followups
        assert fu is not None
        rng = self._rng_followups
        if rng.random() < fu.probability:
            t = max(self.now, missed_at + float(fu.delay.sample(rng, 1)[0]))
            if t < self.duration:
                channel = m.channel
                if fu.channels:
                    names = list(fu.channels)
                    channel = names[int(rng.choice(len(names), p=list(fu.channels.values())))]
                follow = Mention(
                    self._next_id,
                    t,
                    m.source,
                    channel,
                    "complaint" if m.kind != "crisis" else "crisis",
                    m.topic,
                    max(-1.0, m.sentiment - fu.sentiment_drop),
                    m.reach,
                    True,
                    float(rng.random()),
                    m.patience,
                    followup_of=m.id,
                )
                self._next_id += 1
                Timeout(self.env, t - self.now, follow).callbacks.append(self._on_arrival)
        if fu.viral_reach is not None and m.reach >= fu.viral_reach:
            self._cascade_from_miss(m, missed_at)

    def _cascade_from_miss(self, m: Mention, at: float) -> None:
        """A missed influencer: their audience echoes the complaint, and the echo spreads.

        The cascade draws from its own streams (keyed by the source), never from the
        source's, so a miss cannot change what the baseline or a surge sends later.
        """
        fu = self.scenario.followups
        assert fu is not None
        src = self.sources[m.source]
        cascade = self._cascade_sources.get(m.source)
        if cascade is None:
            cascade = Source(src.index, f"{src.name} echo", src.mix, src.patience)
            key = streams.CASCADES * 1000 + m.source
            cascade = self._cascade_sources[m.source] = with_streams(
                cascade, self.seed, self.replication, key
            )
        # The audience's echo posts follow the missed post by the SEISMIC delay, then spread.
        start = max(at, self.now)
        kernel = arrivals.SeismicKernel()
        seeds = np.sort(start + kernel.sample(cascade.rng, fu.viral_seed_posts))
        times, reach = arrivals.hawkes_cascade(
            cascade.rng, seeds, fu.viral_branching, kernel, self.duration
        )
        inside = times < self.duration
        times, reach = times[inside], reach[inside]
        if not len(times):
            return
        self._log("surge", f"missed influencer post on {m.topic} is spreading")
        batch = draw_batch(cascade, times, reach)
        batch.kind = ["complaint"] * len(times)
        batch.topic = [m.topic] * len(times)
        self._schedule_batches([batch])

    def _trigger(self, surge: Any) -> None:
        self._triggered += 1
        base = self.scenario.baseline
        channels = shares(base.channels) if base else {"twitter": 1.0}
        index = len(self.sources)
        src = surge_source(
            index,
            surge,
            self.now + surge.at,
            self.duration,
            channels,
            self.sources[0].mix.reach,
            self.scenario.protocol.patience,
            base,
        )
        with_streams(src, self.seed, self.replication, streams.TRIGGERED_BASE + self._triggered)
        if surge.shape == "viral":
            make_cascade(src, surge, self.now + surge.at, self.duration)
        self.sources.append(src)
        end = min(self._next_window, self.duration)
        if end > self.now:
            self._schedule_batches([src.window(self.now, end)])

    def _go_offline(self, m: Mention, now: float) -> None:
        offline = self.scenario.offline
        assert offline is not None
        m.state = State.OFFLINE
        total = sum(float(h.delay.sample(self._rng_offline, 1)[0]) for h in offline.path)
        m.resolved_at = now + total
        self._at(m.resolved_at, self._resolved, m)

    def _resolved(self, m: Mention) -> None:
        self.current.offline_resolved += 1
        if m.t >= self.warmup:
            self.tally.offline_resolved += 1
            self.tally.resolutions.append(m.resolved_at - m.t)

    # ------------------------------------------------------------------ bookkeeping

    def _at(self, t: float, fn: Callable[..., Any], *args: Any) -> None:
        """Call `fn(*args)` at minute `t` of the run, if the run gets that far."""
        if t > self.duration:
            return
        event = Timeout(self.env, max(0.0, t - self.now))
        event.callbacks.append(lambda _e: fn(*args))

    def _log(self, kind: str, text: str, action: act.Action | None = None) -> None:
        entry = LogEntry(self.now, kind, text, action)
        self.log.append(entry)
        for listener in self._listeners:
            listener(entry)

    def _close_interval(self, t: float) -> None:
        self._expire(t)
        self._advance_areas(t)
        iv = self.current
        iv.t_end = t
        iv.waiting = self.waiting
        iv.in_service = self.busy_slots
        iv.agents_on_shift = sum(g.on_shift for g in self.groups)
        iv.agents_busy = sum(g.busy for g in self.groups)
        oldest = min((g.oldest_waiting() for g in self.groups), default=math.inf)
        iv.oldest_wait_min = t - oldest if oldest < math.inf else 0.0
        raw = iv.negative_reach / iv.total_reach if iv.total_reach else 0.0
        keep = 0.5 ** (self.interval / 240.0)  # a 4-hour memory
        self._reputation = keep * self._reputation + (1 - keep) * min(1.0, raw)
        iv.sentiment_index = self._reputation
        iv.customers_at_risk = iv.missed * self.scenario.reputation.at_risk_share
        self.series.append(iv)
        self.current = Interval(t)
        self._next_tick = min(t + self.interval, self.duration)
        if t >= self.duration:
            self._next_tick = math.inf

    def summary(self) -> Summary:
        tally = self.tally
        occupancy = self.busy_area / self.capacity_area if self.capacity_area else math.nan
        # Advocates' correct answers took the mention off the team's hands: it no longer
        # needs a staff response, just as a deflected one never did.
        needs_response = self.intake_warm - tally.advocate_answered
        return summarize(
            tally,
            needs_response=needs_response,
            scenario=self.scenario.meta.name,
            seed=self.seed,
            duration=self.duration,
            occupancy=occupancy,
            at_risk_share=self.scenario.reputation.at_risk_share,
            peak_sentiment_index=max((iv.sentiment_index for iv in self.series), default=0.0),
        )


__all__ = ["Engine", "LogEntry", "TimedAction"]

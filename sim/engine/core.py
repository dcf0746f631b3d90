"""The engine: a scenario played against a team, in SimPy, one event at a time.

The fast path (intake, dispatch, service, giving up) is `sim.engine.service`, which the
engine extends with arrivals, actions, reading and the reporting clock; the parts the
engine holds (team, rota, community, feedback, recorder) live in their own modules.
It is driven in steps (`run_until`), so a dashboard or a drill can watch it and apply
actions between steps; a headless run is `run_until(duration)`.
"""

from __future__ import annotations

import gc
import math
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from sim.engine import draws, streams
from sim.engine.applied import Applied, resolve, why_no_effect, within_staff
from sim.engine.backlog import backlog_mentions
from sim.engine.clock import Clock, LogEntry
from sim.engine.community import Community, FaqDesk
from sim.engine.due import NORMAL
from sim.engine.feedback import Feedback
from sim.engine.mentions import INFLUENCER_REACH, UNSEEN, Mention, top_topic
from sim.engine.metrics import Interval, Summary, Totals
from sim.engine.recorder import Recorder
from sim.engine.rota import Rota
from sim.engine.service import Service
from sim.engine.sources import Batch, Source, build_sources, in_order, schedule_arrivals
from sim.engine.steering import Policy, steer
from sim.engine.team import Group, GroupView, waiting_in
from sim.engine.waiting import Key, wait_of
from sim.model import actions as act
from sim.model.scenario import Scenario

WINDOW = 60.0  # minutes of arrivals generated at a time
FEED_SIZE = 200  # recent mentions kept for a live feed


@dataclass(frozen=True)
class TimedAction:
    """An action and the minute it applies at: injects, drill scripts, replays."""

    at: float
    action: act.Action


class Engine(Service):
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
        self.seed = seed = meta.seed if seed is None else seed
        self.replication = replication
        self.duration = meta.duration
        self.warmup = meta.warmup
        self.interval = meta.interval
        self.clock = Clock(self.duration)
        self.env = self.clock.env
        self._schedule = self.clock.schedule
        self._arrive: tuple[Callable[[Mention], None], ...] = (self._on_arrival,)
        # A window's mention, arriving: the next one goes on the calendar, then it arrives.
        self._arrive_next: tuple[Callable[[Mention], None], ...] = (
            self._queue_next,
            self._on_arrival,
        )
        self._upcoming: Iterator[Mention] = iter(())
        self.record_mentions = record_mentions
        # Whether a spike alert waits to be acknowledged, where a session watches for them:
        # an acknowledgement with none open is logged as changing nothing.
        self.alert_open: Callable[[], bool] | None = None

        self.protocol = scenario.protocol
        self.policy = Policy(frozenset(self.protocol.respond_to), vip_reach=self.protocol.vip_reach)
        self._listening = scenario.listening
        self._listening_delay = draws.sampler(self._listening.delay) if self._listening else None

        self.groups = [Group(i, t, self.warmup) for i, t in enumerate(scenario.team)]
        # A backlog is posted before the run: it counts unless a warm-up is left out.
        counted_from = self.warmup if self.warmup > 0 or not scenario.backlog else -math.inf
        self._setup_service(self.protocol, counted_from)

        self.recorder = Recorder(
            self.warmup, self.interval, scenario.reputation.at_risk_share, counted_from
        )
        self.mentions: list[Mention] = []
        # Kept even when `mentions` is not: a drill scores answers to big accounts, and a
        # live or replayed drill records no mentions (so its memory stays flat).
        self.influential: list[Mention] = []
        self.feed: deque[Mention] = deque(maxlen=FEED_SIZE)
        self._next_id = 0
        self._next_tick = min(self.interval, self.duration)
        self._next_window = 0.0

        self._rng_listening = streams.stream(seed, streams.LISTENING, replication=replication)
        self.community = Community(scenario, self.clock, self.recorder, seed, replication)
        self._faq_on = self.community.faq.spec is not None  # else no mention self-serves
        self._faq_published = self.community.faq.published
        self._faq_factor = self.community.faq.handle_factor
        self._offline = scenario.offline is not None
        self.sources: list[Source] = build_sources(scenario, seed, replication)
        self.feedback = Feedback(
            scenario,
            self.clock,
            self.recorder,
            self.sources,
            seed,
            replication,
            self._post,
            self._post_batches,
        )
        day_start = meta.start.hour * 60 + meta.start.minute
        self.rota = Rota(self.groups, self.clock, day_start, self._resize)
        for surge, src in zip(scenario.surges, self.sources[1:], strict=True):
            self.clock.at(surge.at, self.clock.say, "surge", f"{src.name} begins ({surge.shape})")
        # "Caught up" means back to the queue's level when the first surge began (at the
        # start, before any backlog, if there is no surge).
        self.clock.at(min((s.at for s in scenario.surges), default=0.0), self._mark_level)
        self.rota.start()
        if scenario.backlog:
            first = backlog_mentions(scenario, seed, replication, self._next_id)
            self._next_id += len(first)
            self.clock.at(0.0, self._post_backlog, first)
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
        """Advance simulated time to `t` (clamped to the scenario's end).

        The garbage collector rests meanwhile: a run makes hundreds of thousands of
        short-lived objects and no cycles among them (reference counting frees them), so a
        collection pass over everything alive would only cost time.
        """
        if not gc.isenabled():
            self._run_until(t)
            return
        gc.disable()
        try:
            self._run_until(t)
        finally:
            gc.enable()

    def _run_until(self, t: float) -> None:
        t = min(t, self.duration)
        while True:
            stop = min(self._next_tick, self._next_window, t)
            if stop > self.env.now:
                self.env.run(until=stop)
            if stop == self._next_window and self._next_window < self.duration:
                self._generate_window(self._next_window)
                continue
            series = self.recorder.series
            if stop == self._next_tick and (not series or series[-1].t_end < stop):
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
        self.clock.on_log(listener)

    def schedule(self, at: float, action: act.Action) -> None:
        """Apply `action` at minute `at` (now, if `at` has passed)."""
        self.clock.at(max(at, self.now), self.apply, action)

    def apply(self, sent: act.Action) -> Applied:
        """Apply an action now and log it: the one door every change goes through.

        "The top topic" is resolved first, so the log says which topic an FAQ or a
        statement went to, and what the action changed when it could change nothing.
        """
        now = self.now
        self._expire(now)
        action = within_staff(self.resolved(sent), self.groups)
        start = self.scenario.meta.start
        reason, logged = why_no_effect(
            action, self.community, self.groups, start, self.policy.vip_reach, self.alert_open
        )
        text = f"no effect: {reason}" if logged else act.describe(action)
        self.clock.say("action", text, action)
        vip_reach = self.policy.vip_reach
        steer(action, self.rota, self.community, self.feedback, self.policy, self._next_window)
        if self.policy.vip_reach != vip_reach:
            self.promote_vips()
        return Applied(now, sent, action, reason, text)

    def resolved(self, action: act.Action) -> act.Action:
        """`action` with "the top topic" named as it would be if applied now."""
        now = self.now
        return resolve(action, lambda: self.faq.top_topic(now) or self.top_topic())

    # ------------------------------------------------------------------ reading

    @property
    def log(self) -> list[LogEntry]:
        return self.clock.log

    @property
    def series(self) -> list[Interval]:
        """The closed reporting intervals, oldest first."""
        return self.recorder.series

    @property
    def sla_factor(self) -> float:
        """How far the actions have stretched the scenario's SLAs (1: as written)."""
        return self.policy.sla_factor

    @property
    def faq(self) -> FaqDesk:
        return self.community.faq

    @property
    def advocate_share(self) -> float:
        return self.community.advocate_share

    def open_interval(self) -> Interval:
        """The reporting interval in progress (read it, do not change it)."""
        return self.recorder.current

    def totals(self) -> Totals:
        """The run's counts so far, over mentions posted after the warm-up."""
        return self.recorder.totals()

    def by_channel(self) -> dict[str, dict[str, float | int | None]]:
        """Each channel's figures so far, as the summary's `by_channel` gives them."""
        channels = self.recorder.tally.channels
        return {c: t.figures() for c, t in channels.items() if t.needs_response}

    def group_views(self) -> tuple[GroupView, ...]:
        """Each group's staffing and its own queue (the mentions it could serve that wait),
        read from the waiting board: no scan of the queues, however long they are."""
        now, board, routes = self.now, self.board, self._route
        views = []
        for group in self.groups:

            def mine(key: Key, group: Group = group) -> bool:
                return group in routes[key][1]

            views.append(group.view(board.count(mine), wait_of(board.oldest(mine), now)))
        return tuple(views)

    def oldest_waiting(self) -> Mention | None:
        """The waiting mention posted first (the oldest wait is counted from posting)."""
        return self.board.oldest()

    def waiting_mentions(self) -> list[Mention]:
        """The mentions in the queues right now, each once (a mention waits in every group
        that can serve it), counted from the queues themselves rather than a running counter."""
        return waiting_in(self.groups)

    def top_topic(self, recent: int = 50) -> str | None:
        """The topic most of the last `recent` mentions are about: where "the top topic" aims."""
        return top_topic(list(self.feed)[-recent:])

    def summary(self) -> Summary:
        now = self.now
        groups = self.groups
        for group in groups:
            group.meter(now)
        # Busy and staffed slot-minutes after the warm-up, as each group keeps them.
        staffed = sum(g.capacity_area for g in groups)
        occupancy = sum(g.busy_area(now) for g in groups) / staffed if staffed else math.nan
        return self.recorder.summary(
            self.scenario.meta.name,
            self.seed,
            self.duration,
            occupancy=occupancy,
            by_team={g.label: g.figures(now) for g in groups},
            backlog_cleared_min=self.backlog_cleared_min(),
        )

    # ------------------------------------------------------------------ arrivals

    def _generate_window(self, t0: float) -> None:
        """The sources' mentions of the next window, queued in time order: only the first
        is on SimPy's calendar, and each one's arrival puts the next on it (so the
        calendar holds one arrival, not a window's hundreds, and stays quick to keep)."""
        t1 = min(t0 + WINDOW, self.duration)
        self._next_window = t0 + WINDOW
        made = in_order([src.window(t0, t1) for src in self.sources], self._next_id)
        self._next_id += len(made)
        self._upcoming = iter(made)
        self._queue_next()

    def _queue_next(self, _: object = None) -> None:
        """Put the window's next mention on the calendar (the one that just arrived, if
        any, was the one before it)."""
        m = next(self._upcoming, None)
        if m is not None:
            m.callbacks = self._arrive_next
            self._schedule(m, NORMAL, m.t - self.env._now)

    def _post_batches(self, batches: list[Batch]) -> None:
        self._next_id = schedule_arrivals(
            self._schedule, self.now, batches, self._next_id, self._arrive
        )

    def _post(self, m: Mention) -> None:
        """Number one mention made mid-run (a follow-up) and schedule its arrival."""
        m.id = self._next_id
        self._next_id += 1
        m.callbacks = self._arrive  # the mention is its own arrival event
        self._schedule(m, NORMAL, m.t - self.now)

    def _on_arrival(self, m: Mention) -> None:
        now = m.t
        deadlines = self.deadlines
        if deadlines and deadlines[0][0] < now:  # `_expire`'s test, without its call
            self._expire(now)
        self.recorder.arrival(m)
        if self.record_mentions:
            self.mentions.append(m)
        if m.reach >= INFLUENCER_REACH:
            self.influential.append(m)
        self.feed.append(m)
        listening = self._listening
        if not m.direct and listening is not None:
            if self._rng_listening.random() >= listening.coverage:
                m.state = UNSEEN
                self.recorder.unseen(m)
                return
            assert self._listening_delay is not None
            delay = self._listening_delay(self._rng_listening)
            if delay > 0:
                self.clock.at(now + delay, self._intake, m)
                return
        self._intake(m)

    def _post_backlog(self, mentions: list[Mention]) -> None:
        """The scenario's backlog: already in the inbox when the run starts."""
        recorder, record = self.recorder, self.record_mentions
        for m in mentions:
            recorder.arrival(m)
            if record:
                self.mentions.append(m)
            if m.reach >= INFLUENCER_REACH:
                self.influential.append(m)
            self.feed.append(m)
            self._intake(m)

    # ------------------------------------------------------------------ bookkeeping

    def _resize(self, group: Group, target: int) -> None:
        """Staff `group` with `target` agents now; newly free agents take waiting work."""
        now = self.now
        self._expire(now)
        group.meter(now)
        before = group.capacity
        group.resize(target)
        self.capacity += group.capacity - before
        self._fill(group, now)

    def _close_interval(self, t: float) -> None:
        self._expire(t)
        groups = self.groups
        on_shift, busy = sum(g.on_shift for g in groups), sum(g.busy for g in groups)
        first = self.board.oldest()
        oldest = first.t if first is not None else math.inf
        self.recorder.close(t, self.waiting, self.busy_slots, on_shift, busy, oldest)
        self._next_tick = min(t + self.interval, self.duration)
        if t >= self.duration:
            self._next_tick = math.inf


__all__ = ["Engine", "TimedAction"]

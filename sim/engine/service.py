"""The engine's fast path: intake, dispatch, service, giving up and dropping.

A mention costs at most two SimPy events (its arrival and, if answered, the end of its
handling). Customers giving up are not events: each waiting mention's deadline sits in a
heap that is drained lazily whenever the engine looks at the queue, so the count of
waiting mentions is exact at every event without a timeout per customer.

Giving up is not leaving. When a customer's patience runs out the mention is *missed*
(with what follows: follow-ups, reputation, customers at risk). On a channel whose
customers leave at patience (phone, chat, sms by default) the contact leaves the queue
then; on the others the post stays, still answerable, until it is older than the
protocol's `stale_after`, when it is dropped. Its stale age goes back into the same heap,
so a staying post costs one more heap entry, and a scenario where everyone leaves pays
nothing for the rule.

Teams cover each other: a group may take its `overflow_channels`' work, but only when none
of its own waits (a free agent means its own queue is empty) and, if it says so, once the
mention has waited `overflow_after`. The features a scenario does not use cost one test.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable

from simpy import Environment

from sim.engine.clock import Clock
from sim.engine.community import Community
from sim.engine.due import NORMAL, Schedule
from sim.engine.feedback import Feedback
from sim.engine.mentions import DEFLECTED, DONE, MISSED, NO_RESPONSE, SERVING, WAITING, Mention
from sim.engine.recorder import Recorder
from sim.engine.steering import Policy
from sim.engine.team import Agent, Group
from sim.engine.waiting import WaitingBoard
from sim.model.protocol import Protocol
from sim.model.vocabulary import CHANNELS, KINDS

Route = tuple[int, tuple[Group, ...], tuple[Group, ...]]  # rank, own groups, overflow groups
GAVE_UP = 1000  # added to the priority of a post that stays after its author gave up


class Service:
    """Queues, agents and the outcomes of waiting; the engine adds driving and reading."""

    env: Environment
    _schedule: Schedule
    clock: Clock
    recorder: Recorder
    community: Community
    feedback: Feedback
    policy: Policy
    groups: list[Group]
    _faq_on: bool
    _faq_published: set[str]
    _faq_factor: float
    _offline: bool

    def _setup_service(self, protocol: Protocol, counted_from: float) -> None:
        self._sla: dict[str, float] = {c: protocol.sla_for(c) for c in CHANNELS}
        self._leaves: dict[str, bool] = {c: protocol.leaves(c) for c in CHANNELS}
        self._stale: dict[str, float] = {c: protocol.stale_for(c) for c in CHANNELS}
        self._gave_up_last = protocol.gave_up_last
        # Service order: VIPs (0), then channel rank, then kind rank (see scenarios/README).
        tier = len(KINDS) + 1
        self._rank: dict[tuple[str, str], int] = {
            (c, k): 1 + protocol.channel_rank(c) * tier + protocol.rank(k)
            for c in CHANNELS
            for k in KINDS
        }
        self._route: dict[tuple[str, str, str], Route] = {}
        self._counted_from = counted_from
        self._done: tuple[Callable[[Mention], None], ...] = (self._on_done,)
        self.deadlines: list[tuple[float, int, Mention]] = []
        self.waiting = 0
        self.board = WaitingBoard()  # who waits, per route: the live view's queue figures
        self.busy_slots = 0
        self.capacity = 0
        # Catching up: the queue's level when the first surge begins (-1 until then), its
        # peak since, and when it came back down to that level after the peak.
        self.clear_level = -1
        self.peak_since = 0
        self.peak_at = 0.0
        self.cleared_at: float | None = None

    # ------------------------------------------------------------------ intake

    def _intake(self, m: Mention) -> None:
        """The team sees the mention: decide whether it needs a response, and route it."""
        now: float = self.env._now  # the hot path skips the property: always a float here
        if m.kind not in self.policy.respond_to:
            m.state = NO_RESPONSE
            self.recorder.no_response(m)
            return
        community = self.community
        if (self._faq_on or community.statements) and community.self_serves(m, now):
            m.state = DEFLECTED
            self.recorder.deflected(m)
            return
        m.needs_response = True
        t, channel = m.t, m.channel
        deadline = m.deadline = t + m.patience
        m.sla_deadline = t + self._sla[channel] * self.policy.sla_factor
        # Its rank in the service order and the groups that serve it: one look-up.
        key = (channel, m.kind, m.topic)
        route = self._route.get(key)
        if route is None:
            route = self._route[key] = self._routes(*key)
        rank, own, over = route
        vip_reach = self.policy.vip_reach
        m.priority = 0 if vip_reach is not None and m.reach >= vip_reach else rank
        self.recorder.needs_response(m)
        if community.advocates is not None:
            community.offer_to_advocates(m, now, self._advocate_answers)
        # Dispatch: the first group of those that can serve it with a free agent takes it.
        if deadline < now and not self._gives_up(m, deadline):
            self._drop(m, deadline)  # seen after its author gave up, and gone
            return
        for group in own:
            pool = group.pool
            if pool:
                self._start(m, group, pool[-1], now)
                return
        for group in over:  # a free agent: none of the group's own work is waiting
            pool = group.pool
            if pool and now - t >= group.overflow_after:
                self._start(m, group, pool[-1], now)
                return
        m.state = WAITING
        if m.deadline < math.inf and not m.gave_up:
            heapq.heappush(self.deadlines, (m.deadline, m.id, m))
        self.waiting += 1
        self.board.join(key, m)
        for group in own:
            group.enqueue(m)
        for group in over:
            group.enqueue_overflow(m)
            if now - m.t < group.overflow_after:
                self.clock.at(m.t + group.overflow_after, self._overflow_due, m)
        waiting = self.waiting
        self.recorder.queue_length(waiting, now)
        if waiting > self.peak_since and self.clear_level >= 0:
            self.peak_since, self.peak_at, self.cleared_at = waiting, now, None

    def _routes(self, channel: str, kind: str, topic: str) -> Route:
        own = tuple(g for g in self.groups if g.can_handle(channel, kind, topic))
        over = tuple(g for g in self.groups if g.can_overflow(channel, kind, topic))
        return self._rank[channel, kind], own, over

    def _overflow_due(self, m: Mention) -> None:
        """`m` has waited long enough for the groups that take it as overflow."""
        now = self.clock.now
        self._expire(now)
        if m.state is not WAITING:
            return
        key = (m.channel, m.kind, m.topic)
        for group in self._route[key][2]:
            if group.pool and now - m.t >= group.overflow_after:
                self._start(m, group, group.pool[-1], now)
                return

    # ------------------------------------------------------------------ service

    def _start(self, m: Mention, group: Group, agent: Agent, now: float) -> None:
        if m.state is WAITING:
            self._left_queue(m, now)
        m.state = SERVING
        m.t_start = now
        m.handled_by = group.label
        group.take(agent)
        if m.t >= self._counted_from:
            group.answered += 1
        self.busy_slots += 1
        handle = group.handle_time(m.u_handle)
        if group.slowdown:
            handle *= 1.0 + group.slowdown * (agent.active - 1)
        published = self._faq_published
        if published and m.topic in published:
            handle *= self._faq_factor
        m.handle = handle
        end = now + handle
        group.ends += end
        warmup = group.warmup
        group.work += handle if now >= warmup else max(0.0, end - warmup)
        in_sla = m.in_sla = now <= m.sla_deadline and not m.gave_up
        self.recorder.answered(m, now, in_sla)
        m.group = group
        m.agent = agent
        m.callbacks = self._done  # the mention is the event of its handling's end
        self._schedule(m, NORMAL, handle)

    def _on_done(self, m: Mention) -> None:
        group, agent = m.group, m.agent
        assert group is not None and agent is not None
        now: float = self.env._now
        deadlines = self.deadlines
        if deadlines and deadlines[0][0] < now:  # `_expire`'s test, without its call
            self._expire(now)
        m.t_end = now
        m.state = DONE
        self.busy_slots -= 1
        group.ends -= now
        if agent.leaving:
            group.meter(now)  # the slot goes with the agent
        stays = group.release(agent)
        if self._offline:
            self.feedback.after_answer(m, now)
        if not stays:
            self.capacity -= 1
            return
        if self.waiting:  # nothing waits: nothing to fill (overflow work counts in it too)
            self._fill(group, now)

    def _fill(self, group: Group, now: float) -> None:
        """Give free agents of `group` the mentions waiting for them: its own channels'
        first, then (with none of its own waiting) its overflow channels'."""
        pool = group.pool
        while pool:
            m = group.next_waiting()
            if m is None:
                if not group.overflow_queues:
                    return
                m = group.next_overflow(now)
                if m is None:
                    return
            self._start(m, group, pool[-1], now)

    # ------------------------------------------------------------------ giving up

    def _expire(self, now: float) -> None:
        """Customers whose patience ran out before `now` give up; stale posts are dropped."""
        deadlines = self.deadlines
        while deadlines and deadlines[0][0] < now:
            deadline, _, m = heapq.heappop(deadlines)
            if m.state is WAITING and (m.gave_up or not self._gives_up(m, deadline)):
                self._drop(m, deadline)  # hung up, or (a second deadline) went stale
                self._left_queue(m, deadline)

    def promote_vips(self) -> None:
        """Move waiting posts from authors at the protocol's VIP reach to the front.

        A threshold set during the run (a protocol change) must reach the big accounts
        already waiting, not only those still to come. Their copies queued at the old
        priority are then skipped as stale, as when a post's author gives up."""
        threshold = self.policy.vip_reach
        if threshold is None:
            return
        found = {
            m.id: m
            for group in self.groups
            for queues in (group.queues, group.overflow_queues)
            for priority, queue in queues.items()
            for m in queue
            if m.state is WAITING and m.priority == priority and m.reach >= threshold
        }
        for m in sorted(found.values(), key=lambda m: (m.t, m.id)):
            top = GAVE_UP if m.gave_up and self._gave_up_last else 0
            if m.priority <= top:
                continue
            m.priority = top
            _, own, over = self._route[m.channel, m.kind, m.topic]
            for group in own:
                group.enqueue(m)
            for group in over:
                group.enqueue_overflow(m)

    def _gives_up(self, m: Mention, at: float) -> bool:
        """`m`'s author gave up at `at`: it is missed. True if the post stays answerable
        (its stale age then joins the deadlines), False if it leaves the queue now."""
        m.gave_up = True
        self.recorder.missed(m)
        fu = self.feedback.followups
        if fu is not None and m.kind in fu.kinds:
            self.feedback.after_miss(m, at)
        if self._leaves[m.channel]:
            return False
        stale_at = m.t + self._stale[m.channel]
        if stale_at <= at:
            return False
        if stale_at < math.inf:
            heapq.heappush(self.deadlines, (stale_at, m.id, m))
        if self._gave_up_last:  # behind everyone who still waits (the copies queued
            m.priority += GAVE_UP  # at the old priority are skipped as stale)
            if m.state is WAITING:
                _, own, over = self._route[m.channel, m.kind, m.topic]
                for group in own:
                    group.enqueue(m)
                for group in over:
                    group.enqueue_overflow(m)
        return True

    def _drop(self, m: Mention, at: float) -> None:
        """`m` leaves unanswered: its author hung up, or it went stale."""
        m.state = MISSED
        m.t_end = at
        self.recorder.dropped(m)

    def _left_queue(self, m: Mention, now: float) -> None:
        self.board.leave(m)
        waiting = self.waiting = self.waiting - 1
        if waiting <= self.clear_level and self.cleared_at is None:
            self.cleared_at = now

    def _advocate_answers(self, m: Mention) -> None:
        """An advocate replies; if staff have not picked the mention up yet, it counts.

        Advocates answer people who still wait: a post whose author gave up is the team's.
        """
        now = self.clock.now
        self._expire(now)
        if m.state is WAITING and not m.gave_up and self.community.advocate_replies(m, now):
            self._left_queue(m, now)

    # ------------------------------------------------------------------ catching up

    def _mark_level(self) -> None:
        """The first surge begins (or the run, without one): the queue's level now is what
        "caught up" returns to."""
        self.clear_level = self.peak_since = self.waiting
        self.peak_at = self.clock.now
        self.cleared_at = self.peak_at

    def backlog_cleared_min(self) -> float | None:
        """Minutes from the queue's peak (after the first surge began) until it was back to
        its level then; None if it never was, or the first surge has not begun."""
        if self.clear_level < 0 or self.cleared_at is None:
            return None
        return self.cleared_at - self.peak_at

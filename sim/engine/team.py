"""Agents, role groups, skills and the queues they serve.

Routing is by skill: a mention can be served by every group whose channels, kinds and
topics cover it, and it waits in each such group's queue at once. Whichever group frees an
agent first takes it; the copies left behind are skipped when they reach the head (a
`State` check), which costs less than removing them eagerly.

A group owns its pool of agents with a free slot: `take` and `release` keep the pool, the
busy count and the capacity right as agents pick mentions up and finish them. A group may
also take other channels' work as overflow: that waits in a second set of queues, read
only when nothing of the group's own waits. For the run's per-team figures it keeps the
staffed minutes after the warm-up (metered at each staffing change, which is rare) and
the work it took on (added as each mention is picked up, so the hot path pays two sums).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sim.engine.draws import scalar_quantile
from sim.engine.mentions import WAITING, Mention
from sim.model.team import Team
from sim.model.units import _Dist


class Agent:
    """One person; `active` is how many mentions they hold (up to the concurrency)."""

    __slots__ = ("active", "id", "leaving", "pooled")

    def __init__(self, agent_id: int) -> None:
        self.id = agent_id
        self.active = 0
        self.leaving = False
        self.pooled = False


def handle_sampler(dist: _Dist) -> Callable[[float], float]:
    """A fast scalar inverse CDF: the hot path calls it once per answered mention."""
    return scalar_quantile(dist)


@dataclass(frozen=True)
class GroupView:
    """A role group as a live view shows it: staffing, load and its own queue."""

    label: str
    on_shift: int
    busy: int  # of those on shift: never more than `on_shift`
    concurrency: int
    added: int  # agents added (+) or removed (-) by actions
    waiting: int  # distinct mentions waiting in this group's queues
    oldest_wait_min: float  # 0 when nobody waits
    finishing: int = 0  # sent off shift, still finishing what they hold


class Group:
    """A role group: its agents, its skills and its priority queues."""

    def __init__(self, index: int, spec: Team, warmup: float = 0.0) -> None:
        self.index = index
        self.spec = spec
        self.label = spec.label
        self.concurrency = spec.concurrency
        self.slowdown = spec.concurrency_slowdown  # 0: concurrent mentions cost nothing
        self.overflow_after = spec.overflow_after
        self._overflow = frozenset(spec.overflow_channels)
        self.overflow_queues: dict[int, deque[Mention]] = {}
        self._overflow_priorities: list[int] = []
        self.answered = 0  # mentions posted after the warm-up that this group picked up
        self.warmup = warmup
        self.staffed = 0  # agents on shift, not on their way out (as `on_shift`, kept)
        self._meter_t = 0.0
        self.work = 0.0  # handle minutes taken on, the part after the warm-up
        self.ends = 0.0  # the sum of the end times of the mentions in service
        self.capacity_area = 0.0  # staffed slot-minutes after the warm-up
        self.staffed_area = 0.0  # agent-minutes on shift after the warm-up
        self.handle_time = handle_sampler(spec.handle_time)
        self.agents: list[Agent] = []
        self.pool: list[Agent] = []  # agents with a free slot who are not leaving
        self.queues: dict[int, deque[Mention]] = {}
        self.priorities: list[int] = []  # keys of `queues`, ascending
        self.delta = 0  # agents added (+) or removed (-) by actions
        self.busy = 0  # agents holding at least one mention
        self.slots_busy = 0  # mentions held by the group's agents
        self.capacity = 0  # slots of agents on shift (leaving agents count their held ones)
        self._next_id = 0
        self._channels = None if spec.channels is None else frozenset(spec.channels)
        self._kinds = None if spec.kinds is None else frozenset(spec.kinds)
        self._topics = None if spec.topics is None else frozenset(spec.topics)

    def can_handle(self, channel: str, kind: str, topic: str) -> bool:
        return (
            (self._channels is None or channel in self._channels)
            and (self._kinds is None or kind in self._kinds)
            and (self._topics is None or topic in self._topics)
        )

    def can_overflow(self, channel: str, kind: str, topic: str) -> bool:
        """Can the group take this as overflow (another channel's work, when idle)?"""
        return (
            channel in self._overflow
            and (self._kinds is None or kind in self._kinds)
            and (self._topics is None or topic in self._topics)
        )

    def meter(self, now: float) -> None:
        """Add the staffed slot- and agent-minutes since the last change (after the
        warm-up); call before anything changes the capacity or the staffing."""
        start = self._meter_t if self._meter_t > self.warmup else self.warmup
        if now > start:
            span = now - start
            self.capacity_area += self.capacity * span
            self.staffed_area += self.staffed * span
        self._meter_t = now

    def busy_area(self, now: float) -> float:
        """Busy slot-minutes after the warm-up up to `now`: the work taken on, less what
        the mentions still in service have left."""
        return self.work - (self.ends - self.slots_busy * now)

    def figures(self, now: float) -> dict[str, float | int | None]:
        """The group's `by_team` figures of the run so far (metered up to `now`)."""
        span = now - self.warmup
        return {
            # rounded: summed over many staffing changes, 6 agents came out as 5.99999...
            "agents_on_shift_mean": round(self.staffed_area / span, 6) if span > 0 else None,
            "occupancy": self.busy_area(now) / self.capacity_area if self.capacity_area else None,
            "answered": self.answered,
        }

    @property
    def on_shift(self) -> int:
        """Agents counted as staffed: those not on their way out (`resize` keeps the count)."""
        return self.staffed

    def take(self, agent: Agent) -> None:
        """`agent` picks up one more mention; a full agent leaves the pool of free ones."""
        agent.active += 1
        self.slots_busy += 1
        if agent.active == 1:
            self.busy += 1
        if agent.active >= self.concurrency:
            agent.pooled = False
            pool = self.pool
            if pool[-1] is agent:
                pool.pop()
            else:
                pool.remove(agent)

    def release(self, agent: Agent) -> bool:
        """`agent` finished a mention. False if they were leaving: their slot is gone."""
        agent.active -= 1
        self.slots_busy -= 1
        if agent.active == 0:
            self.busy -= 1
        if agent.leaving:
            self.capacity -= 1
            if agent.active == 0:
                self.agents.remove(agent)
            return False
        if not agent.pooled:
            agent.pooled = True
            self.pool.append(agent)
        return True

    def view(self, waiting: int, oldest_wait: float) -> GroupView:
        """The group as a live view shows it, with its queue's figures from the engine's
        waiting board (`waiting` distinct mentions, the longest waited `oldest_wait`)."""
        on_shift = self.on_shift
        finishing = len(self.agents) - on_shift  # a leaving agent stays only while busy
        return GroupView(
            label=self.label,
            on_shift=on_shift,
            busy=self.busy - finishing,
            finishing=finishing,
            concurrency=self.concurrency,
            added=self.delta,
            waiting=waiting,
            oldest_wait_min=oldest_wait,
        )

    def enqueue(self, mention: Mention) -> None:
        queue = self.queues.get(mention.priority)
        if queue is None:
            queue = self.queues[mention.priority] = deque()
            self.priorities = sorted(self.queues)
        queue.append(mention)

    def enqueue_overflow(self, mention: Mention) -> None:
        queue = self.overflow_queues.get(mention.priority)
        if queue is None:
            queue = self.overflow_queues[mention.priority] = deque()
            self._overflow_priorities = sorted(self.overflow_queues)
        queue.append(mention)

    def next_overflow(self, now: float) -> Mention | None:
        """Pop the highest-priority overflow mention that has waited `overflow_after`.

        Each queue is in order of intake, so a head too young to take means the mentions
        behind it are (all but a listening delay's difference) too young as well.
        """
        after = self.overflow_after
        for priority in self._overflow_priorities:
            queue = self.overflow_queues[priority]
            while queue and (queue[0].state is not WAITING or queue[0].priority != priority):
                queue.popleft()
            if queue and now - queue[0].t >= after:
                return queue.popleft()
        return None

    def next_waiting(self) -> Mention | None:
        """Pop the highest-priority, longest-waiting mention still waiting."""
        for priority in self.priorities:
            queue = self.queues[priority]
            while queue:
                mention = queue.popleft()
                if mention.state is WAITING and mention.priority == priority:
                    return mention
        return None

    def resize(self, target: int) -> list[Agent]:
        """Move the number of staffed agents to `target`; returns agents who can take work.

        Busy agents asked to leave finish what they hold first, as people do at shift end.
        """
        target = self.staffed = max(0, target)
        staffed = [a for a in self.agents if not a.leaving]
        ready: list[Agent] = []
        if target > len(staffed):
            need = target - len(staffed)
            for agent in self.agents:  # call back those still finishing up first
                if need and agent.leaving:
                    agent.leaving = False
                    self.capacity += self.concurrency - agent.active
                    need -= 1
                    ready.append(agent)
            for _ in range(need):
                agent = Agent(self._next_id)
                self._next_id += 1
                self.agents.append(agent)
                self.capacity += self.concurrency
                ready.append(agent)
            for agent in ready:
                if agent.active < self.concurrency and not agent.pooled:
                    agent.pooled = True
                    self.pool.append(agent)
        elif target < len(staffed):
            excess = len(staffed) - target
            for agent in sorted(staffed, key=lambda a: a.active):  # idle ones go first
                if not excess:
                    break
                excess -= 1
                agent.leaving = True
                self.capacity -= self.concurrency - agent.active
                if agent.pooled:
                    agent.pooled = False
                    self.pool.remove(agent)
                if agent.active == 0:
                    self.agents.remove(agent)
        return ready


def waiting_in(groups: Iterable[Group]) -> list[Mention]:
    """The mentions in the groups' queues right now, each once (a mention waits in every
    group that can serve it), counted from the queues themselves rather than a counter."""
    seen: set[int] = set()
    queued: list[Mention] = []
    for group in groups:
        for queue in group.queues.values():
            for m in queue:
                if m.state is WAITING and m.id not in seen:
                    seen.add(m.id)
                    queued.append(m)
        for queue in group.overflow_queues.values():  # work only an overflow group covers
            for m in queue:
                if m.state is WAITING and m.id not in seen:
                    seen.add(m.id)
                    queued.append(m)
    return queued

"""Who is waiting, kept as mentions join and leave the queue rather than counted by a scan.

A live view asks ten times a second how many wait (in all, per channel, per team) and for
how long the longest has waited. Scanning the queues for that costs time in proportion to
the backlog, and a dashboard where someone pressed "surge" two hundred times holds tens of
thousands of waiting mentions. The board keeps, per route (channel, kind, topic), a count
and the waiting mentions in order of posting, updated where the service changes a
mention's state; reading it costs a look-up per route, and keeping it an append and a
count per waiting mention.

"Waiting" is counted from when the customer posted (the SLA and patience are counted from
then too), not from when listening let the team see it: one definition, `oldest`, serves
the dashboard's tile, the team panel and the recorded series.
"""

from __future__ import annotations

import heapq
import math
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field

from sim.engine.mentions import WAITING, Mention

Key = tuple[str, str, str]  # a mention's route: channel, kind, topic


@dataclass(slots=True)
class Line:
    """The mentions of one route waiting now: how many, and in order of posting (with
    entries of mentions that left since, dropped when they reach the front).

    They join mostly in posting order, so a queue in joining order is enough and costs an
    append; the first mention to join out of order (a listening delay, a re-queued post)
    turns the line into a heap by posting time for good.
    """

    count: int = 0
    ordered: deque[Mention] = field(default_factory=deque)  # while `heap` is None
    heap: list[tuple[float, int, Mention]] | None = None
    last: tuple[float, int] = (-math.inf, -1)  # the posting time and id that joined last

    def join(self, m: Mention) -> None:
        self.count += 1
        heap = self.heap
        if heap is not None:
            heapq.heappush(heap, (m.t, m.id, m))
            return
        key = (m.t, m.id)
        if key > self.last:
            self.last = key
            self.ordered.append(m)
            return
        heap = self.heap = [(x.t, x.id, x) for x in self.ordered]  # out of order: a heap
        self.ordered.clear()
        heap.append((m.t, m.id, m))
        heapq.heapify(heap)

    def first(self) -> Mention | None:
        """The waiting mention of this route posted first, or None."""
        heap = self.heap
        if heap is None:
            queue = self.ordered
            while queue and queue[0].state is not WAITING:
                queue.popleft()
            return queue[0] if queue else None
        while heap and heap[0][2].state is not WAITING:
            heapq.heappop(heap)
        return heap[0][2] if heap else None

    def clear(self) -> None:
        """Everyone who waited here left: their entries go at once."""
        self.ordered.clear()
        if self.heap is not None:
            self.heap.clear()


class WaitingBoard:
    """Counts and posting order of the waiting mentions, per route."""

    __slots__ = ("lines",)

    def __init__(self) -> None:
        self.lines: dict[Key, Line] = {}

    def join(self, key: Key, m: Mention) -> None:
        """`m` (routed by `key`) starts waiting."""
        line = self.lines.get(key)
        if line is None:
            line = self.lines[key] = Line()
        line.join(m)

    def leave(self, m: Mention) -> None:
        """`m` stops waiting (picked up, answered by an advocate, dropped)."""
        self.lines[m.channel, m.kind, m.topic].count -= 1

    def count(self, which: Callable[[Key], bool] | None = None) -> int:
        """Mentions waiting, on the routes `which` accepts (all routes if None)."""
        return sum(ln.count for k, ln in self.lines.items() if which is None or which(k))

    def by_channel(self) -> Counter[str]:
        """Mentions waiting per channel."""
        out: Counter[str] = Counter()
        for (channel, _, _), line in self.lines.items():
            if line.count:
                out[channel] += line.count
        return out

    def oldest(self, which: Callable[[Key], bool] | None = None) -> Mention | None:
        """The waiting mention posted first, on the routes `which` accepts; None if none."""
        best: Mention | None = None
        for key, line in self.lines.items():
            if not line.count:
                line.clear()
                continue
            if which is not None and not which(key):
                continue
            m = line.first()
            if m is not None and (best is None or (m.t, m.id) < (best.t, best.id)):
                best = m
        return best


def wait_of(m: Mention | None, now: float) -> float:
    """How long `m` has waited at `now`, from its posting; 0 when nobody waits."""
    return now - m.t if m is not None else 0.0

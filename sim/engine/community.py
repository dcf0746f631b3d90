"""The community side of care: FAQ deflection (advocates live in the engine's events).

An FAQ is not instant. When a topic repeats often enough (`trigger` mentions within
`window`), someone drafts an answer, someone approves it, and only then does it take load
off the team: some later mentions self-serve, the rest are quicker to answer.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable

import numpy as np

from sim.model.community import Faq


class FaqDesk:
    """Per-topic FAQ state: counting, drafting, published."""

    def __init__(self, spec: Faq | None, rng: np.random.Generator) -> None:
        self.spec = spec
        self.rng = rng
        self.handle_factor = spec.handle_factor if spec else 1.0
        self._recent: dict[str, deque[float]] = {}
        self._started: set[str] = set()
        self._published: set[str] = set()

    def observe(self, topic: str, now: float, on_trigger: Callable[[str], None]) -> None:
        """Count a mention on `topic`; call `on_trigger` the moment the topic crosses."""
        if self.spec is None or not self.spec.covers(topic):
            return
        times = self._recent.setdefault(topic, deque())
        times.append(now)
        horizon = now - self.spec.window
        while times and times[0] < horizon:
            times.popleft()
        if len(times) >= self.spec.trigger and topic not in self._started:
            on_trigger(topic)

    def top_topic(self, now: float) -> str | None:
        """The topic with most mentions within the window, for 'FAQ on the top topic'."""
        if self.spec is None:
            return None
        horizon = now - self.spec.window
        counts = Counter({t: sum(1 for x in q if x >= horizon) for t, q in self._recent.items()})
        best = counts.most_common(1)
        return best[0][0] if best and best[0][1] else None

    def start(self, topic: str) -> bool:
        """Begin drafting; False if this topic's FAQ is already under way or out."""
        if self.spec is None or topic in self._started:
            return False
        self._started.add(topic)
        return True

    def publish(self, topic: str) -> None:
        self._published.add(topic)

    def published(self, topic: str) -> bool:
        return topic in self._published

    def deflects(self, topic: str) -> bool:
        """Does this mention self-serve from the published FAQ? (A random draw.)"""
        if topic not in self._published:
            return False
        assert self.spec is not None
        return bool(self.rng.random() < self.spec.deflection)

    @property
    def started(self) -> frozenset[str]:
        return frozenset(self._started)

"""The community side of care: advocates, the FAQ desk and holding statements.

Each of them takes some mentions off the team's hands before an agent picks them up:
an advocate answers a waiting post, a published FAQ lets a customer self-serve, a holding
statement keeps some new questions from being asked and makes people wait longer.

An FAQ is not instant. When a topic repeats often enough (`trigger` mentions within
`window`), someone drafts an answer, someone approves it, and only then does it take load
off the team: some later mentions self-serve, the rest are quicker to answer.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable

import numpy as np

from sim.engine import streams
from sim.engine.clock import Clock
from sim.engine.draws import sampler
from sim.engine.mentions import ADVOCATE, Mention
from sim.engine.recorder import Recorder
from sim.model.community import Faq
from sim.model.scenario import Scenario


class FaqDesk:
    """Per-topic FAQ state: counting, drafting, published."""

    def __init__(self, spec: Faq | None, rng: np.random.Generator) -> None:
        self.spec = spec
        self.uniform = streams.Uniforms(rng)  # its one reader: the deflection draws
        self.handle_factor = spec.handle_factor if spec else 1.0
        self._recent: dict[str, deque[float]] = {}  # covered topics: their recent times
        self._uncovered: set[str] = set()  # topics that can get no FAQ, once looked at
        self._window = spec.window if spec else 0.0
        self._trigger = spec.trigger if spec else 0
        self._deflection = spec.deflection if spec else 0.0
        self._started: set[str] = set()
        self.published: set[str] = set()  # topics whose FAQ is out
        # When each topic's FAQ started and by what ("process": the trigger; "action":
        # someone's publish_faq), and when it was published: what a drill's score reads.
        self.started_at: dict[str, tuple[float, str]] = {}
        self.published_at: dict[str, float] = {}

    def observe(self, topic: str, now: float, on_trigger: Callable[[str], None]) -> None:
        """Count a mention on `topic`; call `on_trigger` the moment the topic crosses."""
        times = self._recent.get(topic)
        if times is None:  # a topic's first mention: may it get an FAQ at all?
            if self.spec is None or topic in self._uncovered:
                return
            if not self.spec.covers(topic):
                self._uncovered.add(topic)
                return
            times = self._recent[topic] = deque()
        times.append(now)
        horizon = now - self._window
        while times[0] < horizon:  # `now` itself stays: never empty
            times.popleft()
        if len(times) >= self._trigger and topic not in self._started:
            on_trigger(topic)

    def top_topic(self, now: float) -> str | None:
        """The topic with most mentions within the window, for 'FAQ on the top topic'."""
        if self.spec is None:
            return None
        horizon = now - self.spec.window
        for times in self._recent.values():  # in time order: what left the window goes
            while times and times[0] < horizon:
                times.popleft()
        counts = Counter({t: len(q) for t, q in self._recent.items()})
        best = counts.most_common(1)
        return best[0][0] if best and best[0][1] else None

    def start(self, topic: str, now: float = 0.0, by: str = "process") -> bool:
        """Begin drafting; False if this topic's FAQ is already under way or out."""
        if self.spec is None or topic in self._started:
            return False
        self._started.add(topic)
        self.started_at[topic] = (now, by)
        return True

    def publish(self, topic: str, now: float = 0.0) -> None:
        self.published.add(topic)
        self.published_at[topic] = now

    def deflects(self, topic: str) -> bool:
        """Does this mention self-serve from the published FAQ? (A random draw.)"""
        if topic not in self.published:
            return False
        return self.uniform() < self._deflection

    @property
    def started(self) -> frozenset[str]:
        return frozenset(self._started)


class Community:
    """Advocates, the FAQ desk and holding statements of one run."""

    def __init__(
        self, scenario: Scenario, clock: Clock, recorder: Recorder, seed: int, replication: int
    ) -> None:
        self.clock = clock
        self.recorder = recorder
        self.advocates = scenario.advocates
        self._advocate_delay = sampler(self.advocates.delay) if self.advocates else None
        self.advocate_share = self.advocates.answer_share if self.advocates else 0.0
        self._base_share = self.advocate_share
        self._in_force: list[tuple[int, float]] = []  # mobilizations in force, oldest first
        self._mobilized = 0
        self.faq = FaqDesk(scenario.faq, streams.stream(seed, streams.FAQ, replication=replication))
        self.statements: dict[str, tuple[float, float, float]] = {}  # topic → until, cut, factor
        self._rng_advocates = streams.stream(seed, streams.ADVOCATES, replication=replication)
        self._rng_holding = streams.stream(seed, streams.HOLDING, replication=replication)

    # ------------------------------------------------------------------ at intake

    def self_serves(self, m: Mention, now: float) -> bool:
        """Does the mention need no agent (an FAQ or a statement answered it)?

        A topic "repeats" when people keep asking about it: the caller has already left
        out praise and spam. A statement also makes the others on its topic more patient.
        """
        faq = self.faq
        faq.observe(m.topic, now, self.start_faq)
        if m.kind != "crisis" and faq.deflects(m.topic):
            return True
        statement = self.statements.get(m.topic)
        if statement is not None:
            _, cut, factor = statement
            if m.kind == "question" and self._rng_holding.random() < cut:
                return True
            m.patience *= factor
        return False

    def offer_to_advocates(self, m: Mention, now: float, answer: Callable[[Mention], None]) -> None:
        """An advocate may see the post and `answer` it later (if staff have not by then)."""
        adv = self.advocates
        if (
            adv is not None
            and m.channel in adv.channels
            and m.kind in adv.kinds
            and self._rng_advocates.random() < self.advocate_share
            and self._advocate_delay is not None
        ):
            delay = self._advocate_delay(self._rng_advocates)
            self.clock.at(max(now, m.t + delay), answer, m)  # they saw the post

    def advocate_replies(self, m: Mention, now: float) -> bool:
        """An advocate replies to a waiting mention; True if the reply settles it."""
        adv = self.advocates
        assert adv is not None
        if self._rng_advocates.random() >= adv.accuracy:
            self.recorder.advocate_corrected(m)
            return False  # a wrong answer: staff still have to step in and correct it
        m.state = ADVOCATE
        m.t_start = m.t_end = now
        m.handled_by = "advocate"
        self.recorder.advocate_answered(m)
        return True

    # ------------------------------------------------------------------ actions

    def mobilize(self, share: float, duration: float | None) -> None:
        """The latest mobilization in force sets the share; when it ends, the one before it
        (if still in force) or the scenario's own share holds again. Restoring the share each
        saw when it began would let an early call's end cut a later one short and leave
        its share on for good."""
        self._mobilized += 1
        self._in_force.append((self._mobilized, share))
        self.advocate_share = share
        if duration:
            self.clock.at(self.clock.now + duration, self._end_mobilization, self._mobilized)
        else:  # until further notice: the earlier calls no longer matter
            self._in_force = [(self._mobilized, share)]

    def _end_mobilization(self, call: int) -> None:
        self._in_force = [(c, s) for c, s in self._in_force if c != call]
        share = self._in_force[-1][1] if self._in_force else self._base_share
        if share != self.advocate_share:
            self.advocate_share = share
            self.clock.say("advocates", f"advocate answer share back to {share:.0%}")

    def start_faq(self, topic: str, by: str = "process") -> None:
        """Begin drafting the FAQ on `topic`: drafted, approved, then published.

        `by` says what started it: "process" (the topic crossed the trigger) or "action".
        """
        if not self.faq.start(topic, self.clock.now, by):
            return
        assert self.faq.spec is not None
        clock = self.clock
        clock.say("faq", f"FAQ drafting started: {topic}")
        draft = self.faq.spec.draft_time
        approval = self.faq.spec.approval_time
        clock.at(clock.now + draft, clock.say, "faq", f"FAQ drafted, in approval: {topic}")
        clock.at(clock.now + draft + approval, self._publish_faq, topic)

    def _publish_faq(self, topic: str) -> None:
        self.faq.publish(topic, self.clock.now)
        self.clock.say("faq", f"FAQ published: {topic}")

    def hold(self, topic: str, cut: float, factor: float, duration: float) -> None:
        """Put out a holding statement on `topic` for `duration` minutes (a new one replaces)."""
        until = self.clock.now + duration
        self.statements[topic] = (until, cut, factor)
        self.clock.at(until, self._end_statement, topic, until)

    def _end_statement(self, topic: str, until: float) -> None:
        current = self.statements.get(topic)
        if current is not None and current[0] == until:
            del self.statements[topic]
            self.clock.say("statement", f"holding statement on {topic} has run its course")

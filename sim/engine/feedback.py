"""What the run's own outcomes send back into it: follow-ups, echoes, offline paths, surges.

A missed customer may post again, angrier; a missed influencer's audience echoes the
complaint and the echo spreads as a cascade; an answered mention may move offline onto a
resolution path; a controller may trigger a new surge mid-run. Each draws from its own
random streams, so none of them can change what the baseline or a surge sends later.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from sim.engine import arrivals, streams
from sim.engine.categorical import Categorical
from sim.engine.clock import Clock
from sim.engine.draws import sampler
from sim.engine.mentions import OFFLINE, Mention
from sim.engine.recorder import Recorder
from sim.engine.sources import (
    Batch,
    Source,
    draw_batch,
    make_cascade,
    shares,
    surge_source,
    with_streams,
)
from sim.model.scenario import Scenario


class Feedback:
    """The loops from a run's outcomes back into its arrivals."""

    def __init__(
        self,
        scenario: Scenario,
        clock: Clock,
        recorder: Recorder,
        sources: list[Source],
        seed: int,
        replication: int,
        post: Callable[[Mention], None],
        post_batches: Callable[[list[Batch]], None],
    ) -> None:
        self.scenario = scenario
        self.clock = clock
        self.recorder = recorder
        self.sources = sources
        self.seed = seed
        self.replication = replication
        self.followups = scenario.followups
        self.offline = scenario.offline
        fu, offline = self.followups, self.offline
        self._followup_delay = sampler(fu.delay) if fu is not None else None
        self._followup_channel = Categorical(shares(fu.channels)) if fu and fu.channels else None
        self._offline_path = [sampler(h.delay) for h in offline.path] if offline else []
        self._post = post
        self._post_batches = post_batches
        self._rng_followups = streams.stream(seed, streams.FOLLOWUPS, replication=replication)
        self._rng_offline = streams.stream(seed, streams.OFFLINE, replication=replication)
        self._cascade_sources: dict[int, Source] = {}
        self._triggered = 0

    # ------------------------------------------------------------------ after a miss

    def after_miss(self, m: Mention, missed_at: float) -> None:
        """A missed customer of a kind that follows up may post again; an influencer echoes."""
        fu = self.followups
        assert fu is not None
        rng = self._rng_followups
        now = self.clock.now
        if rng.random() < fu.probability:
            assert self._followup_delay is not None
            t = max(now, missed_at + self._followup_delay(rng))
            if t < self.clock.duration:
                channel = m.channel
                if self._followup_channel is not None:
                    channel = self._followup_channel.one(rng)
                follow = Mention(
                    -1,  # numbered when posted
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
                self._post(follow)
        if fu.viral_reach is not None and m.reach >= fu.viral_reach:
            self._cascade_from_miss(m, missed_at)

    def _cascade_from_miss(self, m: Mention, at: float) -> None:
        """A missed influencer: their audience echoes the complaint, and the echo spreads.

        The cascade draws from its own streams (keyed by the source), never from the
        source's, so a miss cannot change what the baseline or a surge sends later.
        """
        fu = self.followups
        assert fu is not None
        duration = self.clock.duration
        src = self.sources[m.source]
        cascade = self._cascade_sources.get(m.source)
        if cascade is None:
            cascade = Source(src.index, f"{src.name} echo", src.mix, src.patience)
            key = streams.CASCADES * 1000 + m.source
            cascade = self._cascade_sources[m.source] = with_streams(
                cascade, self.seed, self.replication, key
            )
        # The audience's echo posts follow the missed post by the SEISMIC delay, then spread.
        start = max(at, self.clock.now)
        kernel = arrivals.SeismicKernel()
        seeds = np.sort(start + kernel.sample(cascade.rng, fu.viral_seed_posts))
        times, reach = arrivals.hawkes_cascade(
            cascade.rng, seeds, fu.viral_branching, kernel, duration
        )
        inside = times < duration
        times, reach = times[inside], reach[inside]
        if not len(times):
            return
        self.clock.say("surge", f"missed influencer post on {m.topic} is spreading")
        batch = draw_batch(cascade, times, reach)
        batch.kind = ["complaint"] * len(times)
        batch.topic = [m.topic] * len(times)
        self._post_batches([batch])

    # ------------------------------------------------------------------ after an answer

    def after_answer(self, m: Mention, now: float) -> None:
        """An answered mention may move offline, onto the scenario's resolution path."""
        offline = self.offline
        assert offline is not None
        rng = self._rng_offline
        if rng.random() < offline.share:
            m.state = OFFLINE
            total = sum(draw(rng) for draw in self._offline_path)
            m.resolved_at = now + total
            self.clock.at(m.resolved_at, self.recorder.resolved, m)

    # ------------------------------------------------------------------ a new surge

    def trigger(self, surge: Any, window_end: float) -> None:
        """Start `surge` now; its mentions up to `window_end` (already generated) come now."""
        self._triggered += 1
        now = self.clock.now
        duration = self.clock.duration
        base = self.scenario.baseline
        channels = shares(base.channels) if base else {"twitter": 1.0}
        src = surge_source(
            len(self.sources),
            surge,
            now + surge.at,
            duration,
            channels,
            self.sources[0].mix.reach,
            self.scenario.protocol.patience,
            base,
        )
        with_streams(src, self.seed, self.replication, streams.TRIGGERED_BASE + self._triggered)
        if surge.shape == "viral":
            make_cascade(src, surge, now + surge.at, duration)
        self.sources.append(src)
        end = min(window_end, duration)
        if end > now:
            self._post_batches([src.window(now, end)])

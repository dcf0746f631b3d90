"""The mentions already waiting when a run starts (`[[backlog]]` in a scenario).

Each backlog table is a source of its own with its own random streams, so a backlog never
changes what the baseline or a surge sends. Its mentions are posted before minute 0 (their
ages are drawn), so the SLA and patience have partly run by the time the team sees them.
"""

from __future__ import annotations

import numpy as np

from sim.engine import streams
from sim.engine.mentions import Mention
from sim.engine.sources import Mix, Source, draw_batch, with_streams
from sim.model.scenario import Scenario
from sim.model.traffic import Reach


def backlog_mentions(
    scenario: Scenario, seed: int, replication: int, first_id: int
) -> list[Mention]:
    """The backlog's mentions, oldest first, numbered from `first_id`."""
    reach = scenario.baseline.reach if scenario.baseline else Reach()
    patience = scenario.protocol.patience
    made: list[Mention] = []
    for i, spec in enumerate(scenario.backlog):
        mix = Mix({spec.channel: 1.0}, {spec.kind: 1.0}, {spec.topic: 1.0}, 0.0, 1.0, reach)
        src = with_streams(
            Source(0, "backlog", mix, patience), seed, replication, streams.BACKLOG_BASE + i
        )
        ages = np.asarray(spec.age.sample(src.rng, spec.count), dtype=np.float64)
        b = draw_batch(src, -np.maximum(ages, 0.0), None)
        made += [
            Mention(0, t, 0, ch, kd, tp, se, re, bool(di), uh, pa)
            for t, ch, kd, tp, se, re, di, uh, pa in zip(
                b.t.tolist(),
                b.channel,
                b.kind,
                b.topic,
                b.sentiment.tolist(),
                b.reach.tolist(),
                b.direct.tolist(),
                b.u_handle.tolist(),
                b.patience.tolist(),
                strict=True,
            )
        ]
    made.sort(key=lambda m: m.t)
    for n, m in enumerate(made):
        m.id = first_id + n
    return made

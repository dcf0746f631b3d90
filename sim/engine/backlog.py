"""The mentions already waiting when a run starts (`[[backlog]]` in a scenario).

Each backlog table is a source of its own with its own random streams, so a backlog never
changes what the baseline or a surge sends. Its mentions are posted before minute 0 (their
ages are drawn), so the SLA and patience have partly run by the time the team sees them.
"""

from __future__ import annotations

import numpy as np

from sim.engine import streams
from sim.engine.mentions import Mention
from sim.engine.sources import Mix, Source, columns, draw_batch, with_streams
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
        _, ch, kd, tp, se, re, di, uh, pa = columns(b)
        made += [
            Mention(0, t, 0, ch[i], kd[i], tp[i], se[i], re[i], bool(di[i]), uh[i], pa[i])
            for i, t in enumerate(b.t.tolist())
        ]
    made.sort(key=lambda m: m.t)
    for n, m in enumerate(made):
        m.id = first_id + n
    return made

"""Counting a run by cohort: the fast pass gives the counts a mention-by-mention reading does."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pytest

from sim.analysis.measure import ROWS, count_role, with_schedule
from sim.analysis.progress import Tracker
from sim.analysis.replications import InProcess
from sim.analysis.sequential import Verdict, sample
from sim.engine.core import Engine
from sim.engine.mentions import State
from sim.model.library import resolve
from sim.model.loading import load_scenario

ANSWERED = (State.SERVING, State.DONE, State.OFFLINE)


def by_hand(engine: Engine, role: str, interval: float, channel: str, within: float) -> np.ndarray:
    """The rows read one mention at a time, straight from their definitions."""
    group = next(g for g in engine.groups if g.label == role)
    shaped = {s.index for s in engine.sources if s.shape is not None}
    k = math.ceil(engine.scenario.meta.duration / interval)
    out = np.zeros((ROWS + 4, k))
    for m in engine.mentions:
        i = min(int(m.t // interval), k - 1)
        out[5, i] += 1
        if m.handled_by == role:
            for j in range(k):  # busy minutes by the clock, interval by interval
                out[4, j] += max(0.0, min(m.t_start + m.handle, (j + 1) * interval)
                                 - max(m.t_start, j * interval))  # fmt: skip
        if not (m.needs_response and m.state is not State.ADVOCATE):
            continue
        if not group.can_handle(m.channel, m.kind, m.topic):
            continue
        answered = m.state in ANSWERED
        settled = m.state not in (State.NEW, State.WAITING)
        out[0:4, i] += (1, settled, answered and m.in_sla, m.gave_up)
        out[6, i] += m.source not in shaped
        if m.channel == channel:
            out[ROWS : ROWS + 4, i] += (1, settled, answered and m.wait <= within, m.gave_up)
    return out


@pytest.mark.parametrize("agents", [4, 9])
def test_count_role_agrees_with_a_mention_by_mention_count(agents):
    sc = load_scenario(resolve("recall"))
    short = sc.model_copy(update={"meta": sc.meta.model_copy(update={"duration": 12 * 60.0})})
    staffed = with_schedule(short, "care", [agents] * 12, 60.0)
    engine = Engine(staffed, 3, replication=1)
    engine.run_until(staffed.meta.duration)
    fast = count_role(engine, "care", 60.0, (("phone", 2.0),))
    slow = by_hand(engine, "care", 60.0, "phone", 2.0)
    assert fast[0].sum() > 0 and fast[ROWS].sum() > 0  # phone calls were counted
    np.testing.assert_allclose(fast, slow, atol=1e-6)


@dataclass
class Recording(Tracker):
    """A tracker that records which replications each stage asks for (and simulates none)."""

    asked: list[range] = field(default_factory=list)

    def evaluate(self, scenario, seed, reps, role, interval, *, base=0, total=None):
        self.asked.append(reps)
        return np.zeros((len(reps), ROWS, 3))


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_the_stages_do_not_depend_on_the_workers(workers):
    """A plan must not depend on how many processes ran it, so neither may the points at
    which an iteration may stop adding replications."""

    def undecided(counts: np.ndarray, complete: bool) -> Verdict:
        none = np.zeros(3, dtype=np.bool_)
        return Verdict(none, none, counts.shape[0], complete)

    track = Recording(InProcess(workers))
    sc = load_scenario(resolve("recall"))
    sample(track, sc, 1, range(20), "care", 60.0, undecided)  # type: ignore[arg-type]
    assert [r.stop for r in track.asked] == [6, 10, 14, 18, 20]

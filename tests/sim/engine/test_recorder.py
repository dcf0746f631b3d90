"""The recorder counts each outcome once: the run's totals, the intervals and the summary agree."""

from __future__ import annotations

import dataclasses

from sim.engine.core import Engine
from sim.model.library import resolve
from sim.model.loading import load_scenario


def test_totals_are_the_summary_counts_and_the_intervals_add_up():
    sc = load_scenario(resolve("recall"))
    engine = Engine(sc, 11)
    engine.run_until(24 * 60)
    totals = dataclasses.asdict(engine.totals())
    summary = engine.summary().as_dict()
    assert totals == {name: summary[name] for name in totals}
    # The intervals count every outcome when it happens; the totals leave out the warm-up's
    # mentions, so they can only be smaller.
    intervals = [*engine.series, engine.open_interval()]
    assert sum(iv.arrivals for iv in intervals) >= totals["mentions"] > 0
    assert sum(iv.answered for iv in intervals) >= totals["answered"] > 0
    assert sum(iv.missed for iv in intervals) >= totals["missed"]


def test_mentions_posted_during_the_warm_up_are_not_in_the_totals():
    sc = load_scenario(resolve("recall"))
    sc = sc.model_copy(update={"meta": sc.meta.model_copy(update={"warmup": 6 * 60.0})})
    engine = Engine(sc, 11)
    engine.run_until(6 * 60)
    assert engine.totals().mentions == 0 and engine.totals().answered == 0
    assert sum(iv.arrivals for iv in engine.series) > 0
    engine.run_until(8 * 60)
    late = [m for m in engine.mentions if m.t >= 6 * 60]
    assert engine.totals().mentions == len(late)

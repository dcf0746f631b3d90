"""A snapshot that keeps sums from the last one gives exactly what summing afresh gives."""

from __future__ import annotations

from collections import Counter

from sim.engine.core import Engine
from sim.model.scenario import Scenario
from sim.present.snapshot import downsample, take_snapshot
from sim.present.snapshot_memo import SeriesMemo


def test_a_memo_followed_frame_by_frame_equals_a_fresh_snapshot(recall: Scenario):
    engine = Engine(recall, record_mentions=False)
    memo = SeriesMemo()
    step = 0
    while not engine.done:  # uneven steps: within an interval, across several, to the end
        step += 1
        engine.run_until(min(engine.duration, engine.now + (7.5 if step % 3 else 95.0)))
        assert take_snapshot(engine, memo=memo) == take_snapshot(engine)
    assert memo.summed == len(engine.series) > 200


def test_chart_buckets_regroup_when_the_series_doubles(recall: Scenario):
    engine = Engine(recall, record_mentions=False)
    memo = SeriesMemo()
    sizes = set()
    while not engine.done:
        engine.run_until(min(engine.duration, engine.now + 40.0))
        for points in (8, 30):  # two charts of different widths share nothing wrongly
            assert memo.chart(engine.series, points) == downsample(engine.series, points)
        sizes.add(memo.size)
    assert len(sizes) > 3  # the bucket size changed several times on the way
    fresh: Counter[str] = Counter()
    for iv in engine.series:
        fresh.update(iv.by_channel)
    assert memo.channel_totals(engine.series) == fresh


def test_another_engine_starts_the_memo_over(recall: Scenario):
    memo = SeriesMemo()
    first = Engine(recall, record_mentions=False)
    first.run_until(600.0)
    memo.chart(first.series, 50)
    second = Engine(recall, seed=first.seed + 1, record_mentions=False)
    second.run_until(300.0)
    assert memo.chart(second.series, 50) == downsample(second.series, 50)
    assert take_snapshot(second, memo=memo) == take_snapshot(second)

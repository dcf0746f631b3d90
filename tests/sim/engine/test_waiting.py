"""The waiting board agrees with a scan of the queues, and the oldest wait is counted from
posting wherever it is shown (the tile, the team panel, the recorded series)."""

from __future__ import annotations

from collections import Counter

import pytest

from sim.engine.core import Engine
from sim.engine.mentions import Mention, State
from sim.engine.team import waiting_in
from sim.model.library import resolve
from sim.model.loading import load_scenario
from sim.present.snapshot import take_snapshot


def scanned(engine: Engine) -> tuple[int, Counter[str], Mention | None]:
    queued = waiting_in(engine.groups)
    first = min(queued, key=lambda m: (m.t, m.id), default=None)
    return len(queued), Counter(m.channel for m in queued), first


def in_queue_of(engine: Engine, index: int) -> list[Mention]:
    group = engine.groups[index]
    seen = {m.id: m for q in group.queues.values() for m in q if m.state is State.WAITING}
    return list(seen.values())


# breach: listening finds a fifth of the mentions after a delay (so the queues are not in
# posting order); outage: a team takes another's channels as overflow.
@pytest.mark.parametrize("name", ["breach", "outage"])
def test_board_agrees_with_a_scan_of_the_queues(name: str) -> None:
    engine = Engine(load_scenario(resolve(name)), record_mentions=False)
    checked = 0
    for t in range(60, 24 * 60, 45):
        engine.run_until(float(t))
        count, by_channel, first = scanned(engine)
        assert engine.waiting == count
        assert +engine.board.by_channel() == by_channel
        assert engine.oldest_waiting() is first
        for i, view in enumerate(engine.group_views()):
            mine = in_queue_of(engine, i)
            assert view.waiting == len(mine)
            oldest = min((m.t for m in mine), default=None)
            assert view.oldest_wait_min == (engine.now - oldest if oldest is not None else 0.0)
        checked += count > 0
    assert checked > 5  # the comparison was made with people waiting


def test_the_oldest_wait_counts_from_posting_not_from_when_listening_saw_it() -> None:
    """With a listening delay the queue's head (seen first) is not the one posted first:
    the tile and the series read the mention posted first, as the SLA counts from then."""
    engine = Engine(load_scenario(resolve("breach")), record_mentions=False)
    differed = closed = 0
    for t in range(60, 24 * 60, 30):
        engine.run_until(float(t))
        _, _, first = scanned(engine)
        heads = [q[0] for g in engine.groups for q in g.queues.values() if q]
        waiting_heads = [m for m in heads if m.state is State.WAITING]
        snap = take_snapshot(engine)
        expected = engine.now - first.t if first is not None else 0.0
        assert snap.oldest_wait_min == expected
        if engine.series[-1].t_end == engine.now:  # the interval closed at this minute
            assert engine.series[-1].oldest_wait_min == pytest.approx(expected)
            closed += 1
        if first is not None and waiting_heads and min(m.t for m in waiting_heads) > first.t:
            differed += 1
    assert closed
    assert differed  # the case the definitions used to disagree on did occur

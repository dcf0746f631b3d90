"""Two hundred presses of `s` leave the dashboard's frame as cheap as before them.

Each live surge adds a source and, soon, thousands of waiting mentions. The snapshot used
to scan every queue three times a frame (the count, the channels, each team), so a frame
grew with the backlog: 2 ms at a thousand waiting, 55 to 106 ms at forty thousand. It now
reads the engine's waiting board, whose cost does not grow with the backlog.
"""

from __future__ import annotations

import statistics
import time

import pytest

from tests.tui.pilot import SIZE, live_app, played, run_async
from tui.app import DashboardApp


def snapshot_cpu(app: DashboardApp, rounds: int = 9) -> float:
    """CPU seconds of one frame's snapshot and panel update, median of `rounds`."""
    run = played(app)
    times = []
    for _ in range(rounds):
        began = time.process_time()
        app.dashboard.show(run.view(), app.run_state)
        times.append(time.process_time() - began)
    return statistics.median(times)


@pytest.mark.slow
@run_async
async def test_two_hundred_surges_do_not_slow_the_frame(recall):
    app = live_app(recall, paused=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.advance(10 * 60.0)
        await pilot.pause()
        engine = played(app).engine
        before, waiting_before = snapshot_cpu(app), engine.waiting
        for _ in range(200):
            await pilot.press("s")
        app.advance(60.0)
        await pilot.pause()
        assert len(played(app).sent) == 200  # every press sent a live surge
        assert engine.waiting > 20 * waiting_before  # tens of thousands wait now
        after = snapshot_cpu(app)
        assert after < 4 * max(before, 0.002), (before, after)

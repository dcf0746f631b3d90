"""The status line and the headline tiles fit 80, 120 and 160 columns: what is cut is the
least useful words at the end of the status line, never the speed, the progress or a
tile's detail."""

from __future__ import annotations

import pytest

from tests.tui.pilot import live_app, run_async, status_of
from tui.widgets.kpi import KpiTile, tile_detail

MID_SURGE = 8 * 60.0  # two hours after the recall is announced: a spike alert is open


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (160, 50)])
@run_async
async def test_status_line_and_tiles_fit_with_a_spike_alert_open(recall, size):
    app = live_app(recall, paused=True)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.advance(MID_SURGE)
        await pilot.pause()
        snap, state = app._snap, app.run_state
        assert snap is not None and snap.open_alert
        status = status_of(app)
        assert len(status) <= size[0]
        assert "⚠" in status and "alert" in status
        assert f"{state.speed}  {snap.progress:.0%}" in status  # both whole, after the alert
        if size[0] >= 120:
            assert f"spike alert {snap.open_alert} · press k" in status
            assert f"seed {snap.seed}" in status
        shown = [t for t in app.dashboard.query(KpiTile) if t.display]
        kpis = {k.key: k for k in snap.kpis}
        for tile in shown:
            kpi = kpis[str(tile.id).removeprefix("kpi-")]
            value, detail = str(tile.render()).split("\n")
            inner = tile.size.width
            assert value.strip() == kpi.value
            assert detail.strip() == tile_detail(kpi, inner)  # whole, not cut
            assert len(detail.strip()) <= inner
            if size[0] >= 160:
                assert detail.strip() == kpi.detail  # room for the full wording


def test_a_tile_says_its_detail_in_fewer_words_only_where_it_must(recall):
    from sim.present.view import Kpi

    kpi = Kpi("late", "Late", "11", "2% of answers", "ok", "2% late")
    assert tile_detail(kpi, 13) == "2% of answers"
    assert tile_detail(kpi, 12) == "2% late"
    bare = Kpi("agents", "Agents busy", "7 / 7", "100% busy", "ok")
    assert tile_detail(bare, 5) == "100% busy"  # no shorter wording: the tile cuts it


def test_a_replay_says_so_where_a_live_run_says_running(recall):
    """A replay's header read "▶ running", like a live run's: nothing said REPLAY (trial)."""
    from sim.session.clock import Clock
    from sim.session.run import PlayedRun, new_engine
    from tui.widgets.status import RunState, status_text

    snap = PlayedRun(new_engine(recall, None), Clock()).view()
    live = status_text(snap, RunState("max", False, "care")).plain
    replay = status_text(snap, RunState("max", False, "care", replay=True)).plain
    assert "▶ running" in live and "▶ replaying" in replay and "running" not in replay

"""Spike alerts on the dashboard: raised in the event log and status line, `k` answers."""

from __future__ import annotations

from sim.model import actions as act
from sim.model.alerting import Alerts
from tests.tui.pilot import SIZE, event_log, live_app, played, run_async, status_of
from tui.keys import help_keys
from tui.screens.help import HelpScreen


@run_async
async def test_an_alert_is_raised_told_and_acknowledged_with_k(recall):
    app = live_app(recall, paused=True)
    async with app.run_test(size=SIZE) as pilot:
        app.advance(390)  # 14:30: the recall broke at 14:00, not yet 3x normal
        assert "spike alert" not in event_log(app)
        await pilot.press("k")  # nothing to acknowledge: said, and nothing sent
        await pilot.pause()
        assert played(app).sent == []
        assert "no spike alert to acknowledge" in [n.message for n in app._notifications]

        app.advance(20)  # 14:50
        await pilot.pause()
        log = event_log(app)
        assert "14:45 alert spike alert: 275 mentions in the last 60m, 76 expected (3.6x)" in log
        assert "⚠ spike alert Day 1 14:45 · press k" in status_of(app)
        assert not [n for n in app._notifications if "spike alert:" in n.message]  # no toast

        await pilot.press("k")
        await pilot.pause()
        assert [t.action for t in played(app).sent] == [act.AcknowledgeAlert()]
        assert "14:50 action spike alert acknowledged" in event_log(app)
        assert "spike alert" not in status_of(app)


@run_async
async def test_k_is_in_the_help_and_a_rule_switched_off_stays_silent(recall):
    off = recall.model_copy(update={"alerts": Alerts(enabled=False)})
    app = live_app(off, paused=True)
    async with app.run_test(size=SIZE) as pilot:
        app.advance(600)
        await pilot.pause()
        assert "spike alert" not in event_log(app) and "spike alert" not in status_of(app)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
    keys = dict(help_keys(app.session.capabilities))
    assert keys["k"] == "acknowledge the open spike alert"

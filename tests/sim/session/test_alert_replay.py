"""A drill's spike alert as the record keeps it: acknowledged, replayed, scored and reported."""

from __future__ import annotations

from sim.model import actions as act
from sim.present.report import render_markdown
from sim.present.report.facts import gather
from sim.session import wire
from sim.session.clock import Clock
from sim.session.drill import DrillSession
from sim.session.recording import Recording
from sim.session.replay import ReplaySession
from sim.session.run import PlayedRun, new_engine
from sim.store.recorded import load_run


def _alert_lines(lines: object) -> list[tuple[str, str]]:
    return [(line.clock, line.text) for line in lines if line.kind == "alert"]  # type: ignore[attr-defined]


def test_the_alert_is_recorded_acknowledged_replayed_and_reported(built, store):
    session = DrillSession.start(built, Recording.start_drill(store, built, built.seed))
    session.run.advance(410)  # 14:50: the alert came at 14:45 (3.6x normal)
    assert session.run.view().open_alert == "Day 1 14:45"
    session.send(act.AcknowledgeAlert())  # five minutes after: within the ten asked
    assert session.run.view().open_alert == ""
    session.run.advance(built.scenario.meta.duration)
    session.due()
    session.end()
    live_log = _alert_lines(session.run.view(log_limit=1000).log)
    assert live_log == [
        ("Day 1 14:45", "spike alert: 275 mentions in the last 60m, 76 expected (3.6x)")
    ]
    alert = next(e for e in session.score().expectations if e.inject_id == "alert-1")
    assert (alert.status, alert.deadline, alert.how) == (
        "met",
        415.0,
        "acknowledged at 14:50, 5m after the alert",
    )

    run_id = session.recording.run_id  # type: ignore[union-attr]
    replay = ReplaySession.open(load_run(store, run_id))
    replay.run.advance(built.scenario.meta.duration)
    assert _alert_lines(replay.run.view(log_limit=1000).log) == live_log  # the same alert
    assert replay.run.view().open_alert == ""  # and its recorded acknowledgement
    assert ("alert", "spike alert: 275 mentions, 76 expected") in [
        (m.kind, m.text) for m in replay.marks()
    ]
    score = replay.score()
    assert score is not None
    assert next(e for e in score.expectations if e.inject_id == "alert-1").status == "met"

    data = gather(store.load(run_id))
    assert [(s.surge.name, s.lead) for s in data.surges][:1] == [("Recall announced", 45.0)]
    report = render_markdown(data)
    assert "## Spike alerts" in report
    assert "(and at least 3 times it)" in report  # the rule in force, not an old "twice"
    assert "| Recall announced | Day 1 14:00 | Day 1 14:45 | 45m |" in report
    assert "| alert-1 | Day 1 14:45 |" in report and "| met |" in report
    assert "| Evening news | Day 1 18:00 | no alert (in cooldown) | – |" in report


def test_a_seat_sees_the_open_alert_its_host_sees(recall):
    """The snapshot a hosted drill sends its seats carries the open alert (and `k` there
    goes to the host like any key)."""
    run = PlayedRun(new_engine(recall, None), Clock())
    run.advance(410)
    clock = wire.ClockState(
        speed_index=0, speed=1.0, speed_label="1x", paused=True, running=False, holds=0
    )
    frame = wire.Frame(snapshot=run.view(), clock=clock, advocate_share=0.0)
    seen = wire.from_host(wire.encode(frame))
    assert isinstance(seen, wire.Frame) and seen.snapshot.open_alert == "Day 1 14:45"

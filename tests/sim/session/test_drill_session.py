"""A drill played without a screen: injects, the controller, notes, the record and the score.

Everything a trainer relies on lives in the session, so it is tested here without Textual:
the dashboard only shows what `due` returns and sends what keys mean.
"""

from __future__ import annotations

import pytest

from sim.exercise.build import BuiltDrill
from sim.model import actions as act
from sim.present.report.facts import gather
from sim.present.results import summary_json
from sim.session.clock import SPEEDS, Clock
from sim.session.drill import DrillSession
from sim.session.recording import Recording
from sim.store.player import replay_stored
from sim.store.recorded import load_run
from sim.store.runs import RunStore


def recorded(built: BuiltDrill, store: RunStore) -> DrillSession:
    return DrillSession.start(built, Recording.start_drill(store, built, built.seed))


def test_injects_are_due_once_each_at_their_minute_in_file_order(built):
    session = DrillSession.start(built)
    first, second = sorted(i.at for i in built.drill.injects)[:2]
    session.run.advance(first - 1)
    assert session.due() == []
    session.run.advance(1)
    shown = session.due()
    assert [f.at for f in shown] == [first] and shown[0].source == "script"
    assert session.due() == []  # once each
    session.run.advance(second - first)
    assert [f.id for f in session.due()] == [i.id for i in built.drill.injects if i.at == second]


def test_the_clock_stops_at_each_inject(built):
    session = DrillSession.start(built, clock=Clock(speed_index=len(SPEEDS) - 1))
    session.run.clock.timer = lambda: 0.0  # no frame budget: only an inject may stop it
    first, second = sorted(i.at for i in built.drill.injects)[:2]
    assert session.run.tick(0.5) and session.run.engine.now == first
    assert session.run.tick(0.5) and session.run.engine.now == second


def test_the_log_reads_an_inject_above_what_it_causes_and_a_note_below(built):
    session = DrillSession.start(built)
    session.run.advance(100)
    fired = session.fire("evening-news")
    assert fired is not None and fired.source == "controller" and fired.at == 100
    session.add_note("they saw it")
    lines = [(line.kind, line.text) for line in session.run.view().log]
    inject = lines.index(("inject", "Evening news leads with the recall (news)"))
    surge = next(i for i, (k, t) in enumerate(lines) if t.startswith("surge triggered: Evening"))
    note = lines.index(("note", "[evening-news] they saw it"))
    assert inject < surge < note
    seqs = [line.seq for line in session.run.view(log_limit=500).log]
    assert seqs == list(range(len(seqs)))  # numbered as written, so a view appends


def test_the_controller_is_recorded_but_never_scored_as_the_team(built, store):
    session = recorded(built, store)
    session.run.advance(100)
    session.fire("evening-news")
    assert session.team_actions == [] and len(session.controller_actions) == 1
    assert {e.status for e in session.score().expectations} == {"pending"}
    events = store.load(session.recording.run_id).events  # type: ignore[union-attr]
    assert [(e.type, e.source, e.t_sim) for e in events] == [
        ("inject", "controller", 100.0),
        ("action", "controller", 100.0),
    ]
    view = session.controller_view()
    row = next(r for r in view.rows if r.inject.id == "evening-news")
    assert [f.source for f in row.shown] == ["controller"] and view.about == "evening-news"


def test_a_drill_played_headless_is_recorded_scored_and_replays_exactly(built, store):
    session = recorded(built, store)
    session.run.advance(375)  # 14:15: the news broke at 14:00; a statement is due by 14:30
    session.due()
    session.send(act.HoldingStatement())
    session.add_note("statement out in 15 min")
    session.run.advance(155)  # 16:50: cover for the sick calls, 50 minutes late
    session.due()
    session.send(act.AddAgents("care", 1))
    session.run.advance(built.scenario.meta.duration)
    session.due()
    assert session.run.at_end
    ending = session.end()
    assert ending.hotwash and ending.notice.startswith("drill recorded as run")
    status = {e.inject_id: e.status for e in session.score().expectations}
    assert status["newsflash"] == "met" and status["sick-calls"] == "late"
    session.end()  # a second end (space at the end) records nothing twice
    run_id = session.recording.run_id  # type: ignore[union-attr]
    stored = store.load(run_id)
    assert stored.record.complete
    assert stored.record.score == pytest.approx(session.score().overall)  # kept for `runs`
    kept = [(e.type, e.source, e.t_sim) for e in stored.events if e.type != "inject"]
    assert kept == [
        ("action", "key", 375.0),
        ("note", "evaluator", 375.0),
        ("alert", "engine", 405.0),  # the recall's spike alert (14:45), kept as it was raised
        ("action", "key", 530.0),
    ]
    assert summary_json(replay_stored(store, run_id)) == summary_json(session.run.engine)


def test_a_store_failure_is_said_and_the_drill_goes_on(built, store):
    session = recorded(built, store)
    store.close()
    session.run.advance(30)
    session.send(act.AddAgents("care", 1))
    assert session.recording is not None
    assert session.recording.problems and "not recorded" in session.recording.problems[0]
    assert session.run.engine.now == 30


def test_an_inject_fired_early_opens_its_expectation_early_and_replays_so(built, store):
    session = recorded(built, store)
    news = next(i for i in built.drill.injects if i.id == "newsflash")
    assert news.expect is not None and news.expect.action == "holding_statement"
    assert news.at == 360.0
    session.run.advance(news.at - 60)  # an hour early, the controller breaks the news
    session.due()
    session.fire("newsflash")
    session.run.advance(news.expect.within + 15)  # the statement comes 15 minutes late
    session.due()
    session.send(act.HoldingStatement())
    result = next(e for e in session.score().expectations if e.inject_id == "newsflash")
    assert result.inject_at == news.at - 60
    assert result.status == "late" and result.late_by == pytest.approx(15.0)
    session.run.advance(built.scenario.meta.duration)
    session.due()
    session.end()
    run_id = session.recording.run_id  # type: ignore[union-attr]
    shown = load_run(store, run_id).shown_until(news.at)
    assert [s for s in shown if s[0] == "newsflash"] == [("newsflash", 300.0), ("newsflash", 360.0)]
    report = gather(store.load(run_id))  # the after-action report scores it the same way
    assert report.score is not None
    again = next(e for e in report.score.expectations if e.inject_id == "newsflash")
    assert (again.inject_at, again.status, again.late_by) == (news.at - 60, "late", 15.0)


def test_the_topic_picker_is_told_where_the_top_topic_goes_in_a_drill(built):
    """At the legal heads-up (13:30) the recall has no mentions yet; a statement aimed at
    "the top topic" goes to the recall by the intent rule, and the picker must say so."""
    session = DrillSession.start(built)
    session.run.advance(330)
    session.due()
    assert session.engine.top_topic() != "recall-refund"
    assert session.aimed(act.HoldingStatement()) == "recall-refund"
    sent = session.send(act.HoldingStatement())
    assert sent.action == act.HoldingStatement("recall-refund")  # where the picker said


def test_a_drill_quit_early_is_replayed_and_reported_up_to_where_it_was_left(built, store):
    """Quit at 08:07 after an action at 08:01: the record covers seven minutes, not one."""
    session = recorded(built, store)
    session.run.advance(1)
    session.send(act.AddAgents("care", 1))
    session.run.advance(6)
    session.recording.stopped(session.engine.now)  # type: ignore[union-attr]
    run_id = session.recording.run_id  # type: ignore[union-attr]
    run = load_run(store, run_id)
    assert not run.complete and run.end == 7.0
    report = gather(store.load(run_id))
    assert report.engine.now == 7.0 and report.summary["mentions"] > 0


def test_an_inject_fired_early_is_what_a_statement_for_the_top_topic_answers(built):
    """Legal's heads-up fired at 08:29 instead of 13:30: 'h' then goes to the recall."""
    session = DrillSession.start(built)
    session.run.advance(29)
    session.fire("legal-embargo")
    assert session.engine.top_topic() != "recall-refund"
    assert session.aimed(act.HoldingStatement()) == "recall-refund"
    assert session.send(act.HoldingStatement()).action.topic == "recall-refund"  # type: ignore[union-attr]

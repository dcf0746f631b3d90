"""The dashboard driven by keys, as a person would, with the clock stepped by the test."""

from __future__ import annotations

import json

import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import OptionList

from sim.engine.core import Engine
from sim.model import actions as act
from sim.present.results import results_folder, summary_json
from sim.session.clock import DEFAULT_SPEED, SPEEDS
from tests.tui.pilot import (
    SIZE,
    event_log,
    lines_of,
    live_app,
    on_dashboard,
    played,
    run_async,
    status_of,
)
from tui.screens.help import HelpScreen
from tui.screens.picker import PickerScreen
from tui.screens.summary import SummaryScreen
from tui.screens.topic import TopicScreen
from tui.widgets.logs import EventLog, FeedLog


@pytest.mark.slow
@run_async
async def test_keys_change_speed_and_pause(recall):
    app = live_app(recall)
    async with app.run_test(size=SIZE) as pilot:
        assert played(app).clock.speed_index == DEFAULT_SPEED
        await pilot.press("plus")
        assert played(app).clock.speed_index == DEFAULT_SPEED + 1
        await pilot.press("minus", "minus", "minus")
        assert played(app).clock.speed_index == DEFAULT_SPEED - 2
        for _ in SPEEDS:
            await pilot.press("plus")
        assert app.session.run.clock.speed_label == "max"
        assert "max" in status_of(app)
        assert not app.session.run.clock.paused
        await pilot.press("space")
        assert app.session.run.clock.paused
        assert "paused" in status_of(app)
        await pilot.press("space")
        assert not app.session.run.clock.paused
        assert "running" in status_of(app)


@run_async
async def test_step_key_plays_one_interval_and_pauses(recall):
    app = live_app(recall)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert app.session.run.engine.now == recall.meta.interval
        assert app.session.run.clock.paused
        await pilot.press("n", "n")
        assert app.session.run.engine.now == 3 * recall.meta.interval
        assert "Day 1 08:45" in status_of(app)


@run_async
async def test_add_agent_key_adds_an_agent_and_logs_it(recall):
    app = live_app(recall, paused=True)
    async with app.run_test(size=SIZE) as pilot:
        app.advance(120)
        care = app.session.run.engine.groups[0]
        before = care.on_shift
        await pilot.press("a")
        await pilot.pause()
        assert care.on_shift == before + 1
        assert any("+1 care agent" in line for line in lines_of(app.dashboard.query_one(EventLog)))
        await pilot.press("A", "A")
        await pilot.pause()
        assert care.on_shift == before - 1
        assert any("-1 care agent" in line for line in lines_of(app.dashboard.query_one(EventLog)))


@run_async
async def test_role_key_moves_the_agent_keys_to_the_next_team(recall):
    app = live_app(recall, paused=True)
    async with app.run_test(size=SIZE) as pilot:
        cm = app.session.run.engine.groups[1]
        await pilot.press("g", "a")
        assert cm.on_shift == 2
        assert app.session.run.engine.groups[0].on_shift == recall.team[0].agents


@run_async
async def test_every_action_key_goes_through_the_engine_log(recall):
    app = live_app(recall, paused=True)
    async with app.run_test(size=SIZE) as pilot:
        app.advance(8 * 60)
        before = len(played(app).engine.log)
        await pilot.press("f", "f", "h", "enter", "m", "s")  # f and h ask which topic
        await pilot.pause()
        taken = [e for e in played(app).engine.log[before:] if e.action is not None]
        names = [type(e.action).__name__ for e in taken]
        assert names == ["PublishFaq", "HoldingStatement", "MobilizeAdvocates", "TriggerSurge"]
        shown = event_log(app)
        assert "holding statement" in shown
        assert "surge triggered: Live inject on recall-refund" in shown


@run_async
async def test_the_faq_and_statement_keys_let_the_team_pick_the_topic(recall):
    app = live_app(recall, paused=True)
    async with app.run_test(size=SIZE) as pilot:
        app.advance(8 * 60)
        engine = played(app).engine
        await pilot.press("f")
        screen = app.screen
        assert isinstance(screen, TopicScreen)
        rows = [str(screen.query_one(OptionList).get_option_at_index(i).prompt) for i in (0, 1)]
        assert rows[0].startswith("the top topic (now recall-refund)")
        other = screen.query_one(OptionList).get_option_at_index(1).id
        assert other and other != "recall-refund"
        await pilot.press("down", "enter")
        await pilot.pause()
        assert on_dashboard(app)
        assert [e.action for e in engine.log if e.action][-1] == act.PublishFaq(other)
        before = len(engine.log)
        await pilot.press("h", "escape")  # changed their mind: nothing is sent
        await pilot.pause()
        assert on_dashboard(app) and len(engine.log) == before
        await pilot.press("f", "down", "enter")  # the same topic again: says what happened
        await pilot.pause()
        notices = [n.message for n in app._notifications]
        assert f"FAQ for {other} already being drafted" in notices[-1]


@pytest.mark.parametrize("key", ["f", "h"])
@run_async
async def test_the_top_topic_the_picker_names_is_the_one_the_action_lands_on(recall, key):
    """At 09:30 on the recall's first day the feed's busiest topic is `general`, which no
    FAQ covers; the picker must name the topic "the top topic" really goes to."""
    app = live_app(recall, paused=True)
    async with app.run_test(size=SIZE) as pilot:
        app.advance(90)
        engine = played(app).engine
        await pilot.press(key)
        named = str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
        await pilot.press("enter")
        await pilot.pause()
        sent = [e.action for e in engine.log if e.action][-1]
        assert isinstance(sent, act.PublishFaq | act.HoldingStatement) and sent.topic
        assert named.startswith(f"the top topic (now {sent.topic})"), (named, sent)


@pytest.mark.slow
@run_async
async def test_run_end_summary_matches_the_headless_run(recall, tmp_path):
    expected = Engine(recall, 11).run().as_dict()
    app = live_app(recall, 11, results_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(12):  # in uneven slices, as a live clock would play it
            app.advance(recall.meta.duration / 11.3)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SummaryScreen)
        assert screen.summary == expected
        assert app.session.run.clock.paused
        svg = app.export_screenshot()
        for key in ("mentions", "answered_in_sla", "late", "missed", "peak_queue"):
            assert f"{expected[key]:,}" in svg
        assert f"{expected['service_level']:.1%}" in svg
        await pilot.press("s")
        await pilot.pause()
        folder = results_folder(tmp_path, recall, 11)
        saved = json.loads((folder / "summary.json").read_text())
        assert saved == json.loads(summary_json(played(app).engine, alerts=True))
        assert not played(app).engine.mentions  # the live engine keeps no per-mention list
        rows = (folder / "mentions.csv").read_text().splitlines()
        assert len(rows) - 1 == expected["mentions"]  # the save rebuilt it by exact replay
        await pilot.press("escape")
        assert on_dashboard(app)
        await pilot.press("space")  # the run is over: space brings the summary back
        assert isinstance(app.screen, SummaryScreen)


@run_async
async def test_restart_takes_the_next_seed_and_clears_the_logs(recall):
    app = live_app(recall, paused=True)
    async with app.run_test(size=SIZE) as pilot:
        app.advance(600)
        await pilot.press("r")
        await pilot.pause()
        assert app.session.run.engine.seed == recall.meta.seed + 1
        assert app.session.run.engine.now == 0
        assert lines_of(app.dashboard.query_one(EventLog)) == []
        assert lines_of(app.dashboard.query_one(FeedLog)) == []


@pytest.mark.slow
@run_async
async def test_help_and_picker_open_and_close(recall):
    app = live_app(recall, paused=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert on_dashboard(app)
        app.advance(60)
        await pilot.press("p")
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert on_dashboard(app)
        assert app.session.run.engine.now == 0  # a fresh run of the chosen scenario


@pytest.mark.slow
@run_async
async def test_feed_is_capped_and_survives_a_small_terminal(recall):
    app = live_app(recall, paused=True)
    async with app.run_test(size=SIZE) as pilot:
        feed = app.dashboard.query_one(FeedLog)
        for _ in range(15):
            app.advance(60)
            await pilot.pause()
        assert feed.max_lines is not None
        assert 0 < len(feed.lines) <= feed.max_lines
        await pilot.resize_terminal(80, 24)
        app.advance(30)
        await pilot.pause()
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert on_dashboard(app)


async def typed_fast(pilot: Pilot[int], *keys: str) -> None:
    """Keys as a fast typist's terminal delivers them: all queued before the first is handled
    (`pilot.press` waits for each key to be handled, which hides races)."""
    for key in keys:
        pilot.app.post_message(events.Key(key, "\r" if key == "enter" else key))
    await pilot.pause()
    await pilot.pause()


@run_async
async def test_a_dialog_answered_twice_in_a_hurry_closes_once(recall):
    """Enter pressed twice on a dialog: the second press must not close the dashboard."""
    app = live_app(recall, paused=True)
    async with app.run_test(size=SIZE) as pilot:
        app.advance(8 * 60)
        engine = played(app).engine
        before = len([e for e in engine.log if e.action is not None])
        await pilot.press("f")
        await typed_fast(pilot, "enter", "enter")
        await pilot.press("h")
        await typed_fast(pilot, "enter", "enter")
        assert on_dashboard(app)
        sent = [type(e.action).__name__ for e in engine.log if e.action is not None][before:]
        assert sent == ["PublishFaq", "HoldingStatement"]  # each once
        await pilot.press("p")  # the scenario picker too
        await typed_fast(pilot, "enter", "enter")
        assert on_dashboard(app)


@run_async
async def test_the_faq_key_without_an_faq_process_says_so_at_once():
    """On a scenario with no [faq] the picker asked for a topic, then said 'no FAQ' (trial)."""
    from sim.model.library import resolve
    from sim.model.loading import load_scenario

    app = live_app(load_scenario(resolve("outage")), paused=True)
    async with app.run_test(size=SIZE) as pilot:
        app.advance(60)
        await pilot.press("f")
        await pilot.pause()
        assert on_dashboard(app)
        assert "no effect: no FAQ process in this scenario" in event_log(app)

"""Dialogs fit the terminal: the last line, the hint, is on screen at 80×24 and at 120×40.

A long part (the briefing's text, the controller's notes, the run summary's figures, a
scenario's card in the picker) scrolls within a bound height instead of pushing the hint
off the bottom or being cut; trials found each cut at 80×24.
"""

from __future__ import annotations

import pytest
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import OptionList, Static

from sim.exercise.build import BuiltDrill
from sim.session.drill import DrillSession
from sim.session.recording import Recording
from sim.store.runs import RunStore
from tests.tui.pilot import live_app, run_async
from tui.app import DashboardApp
from tui.screens.briefing import BriefingScreen
from tui.screens.controller import ControllerScreen
from tui.screens.picker import PickerScreen
from tui.screens.summary import SummaryScreen

SIZES = [(80, 24), (120, 40)]


def drill(built: BuiltDrill, store: RunStore) -> DashboardApp:
    session = DrillSession.start(built, Recording.start_drill(store, built, built.seed))
    return DashboardApp(session, live=False, brief=True)


def inside(inner: Widget, outer: Widget) -> bool:
    """`inner` lies wholly within `outer`'s content, not under its border or below it."""
    box = outer.content_region
    region = inner.region
    return region.height > 0 and box.contains_region(region)


@pytest.mark.parametrize("size", SIZES)
@run_async
async def test_the_briefing_shows_its_hint_and_scrolls_what_does_not_fit(built, store, size):
    app = drill(built, store)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, BriefingScreen)
        box, body = screen.query_one("#briefing-box"), screen.query_one(VerticalScroll)
        assert inside(screen.query_one(".hint"), box)
        assert inside(body, box)
        assert screen.region.contains_region(box.region)
        text = screen.query_one("#briefing-text")
        if size == (80, 24):  # the text is longer than the room: it scrolls, to its end
            assert body.max_scroll_y > 0
            await pilot.press("end")
            await pilot.pause()
            assert body.scroll_y == body.max_scroll_y
        else:
            assert body.max_scroll_y == 0 and text.region.height == text.virtual_size.height
        await pilot.press("enter")  # Enter still starts the drill
        await pilot.pause()
        assert app.screen is app.dashboard


@pytest.mark.parametrize("size", SIZES)
@run_async
async def test_the_controller_shows_its_note_field_and_hint(built, store, size):
    app = drill(built, store)
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter", "c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ControllerScreen)
        box = screen.query_one("#controller-box")
        for part in ("#controller-injects", "#controller-notes-box", "#controller-note", ".hint"):
            assert inside(screen.query_one(part), box), part
        assert screen.region.contains_region(box.region)


@pytest.mark.parametrize("size", SIZES)
@run_async
async def test_the_run_summary_shows_its_keys_and_scrolls_its_figures(recall, size):
    app = live_app(recall, paused=True)
    async with app.run_test(size=size) as pilot:
        app.advance(recall.meta.duration)
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SummaryScreen)
        box = screen.query_one("#summary-box")
        body = screen.query_one("#summary-body", VerticalScroll)
        assert screen.region.contains_region(box.region)
        assert inside(body, box)
        for hint in screen.query(".hint"):
            assert inside(hint, box)
        if size == (80, 24):  # twenty figures in 24 rows: they scroll, to the last one
            assert body.max_scroll_y > 0
            body.scroll_end(animate=False, immediate=True)
            await pilot.pause()
            assert body.scroll_y == body.max_scroll_y
        else:
            assert body.max_scroll_y == 0


@pytest.mark.parametrize("size", SIZES)
@run_async
async def test_the_picker_shows_every_scenario_card_to_its_end(recall, size):
    app = live_app(recall, paused=True)
    async with app.run_test(size=size) as pilot:
        await pilot.press("p")
        screen = app.screen
        assert isinstance(screen, PickerScreen)
        box = screen.query_one("#picker-box")
        card = screen.query_one("#picker-facts-box", VerticalScroll)
        assert screen.region.contains_region(box.region)
        assert inside(screen.query_one(".hint"), box)
        assert inside(card, box)
        for i in range(len(screen.entries)):
            screen.query_one(OptionList).highlighted = i
            await app.workers.wait_for_complete()
            await pilot.pause()
            facts = screen.query_one("#picker-facts", Static)
            assert facts.region.height == facts.virtual_size.height  # nothing cut off
            if size == (120, 40):
                assert card.max_scroll_y == 0, screen.entries[i].name
            card.scroll_end(animate=False, immediate=True)
            await pilot.pause()
            assert card.scroll_y == card.max_scroll_y
            assert card.region.height + card.max_scroll_y >= facts.region.height

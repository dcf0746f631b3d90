"""Screenshots of the dashboard and its screens, compared with accepted SVGs.

The clock never runs on its own here (`live=False`): each picture is of a run stepped to
a fixed simulated minute, so reruns draw the same thing. Update deliberately with
`pytest tests/tui --snapshot-update`, then look at the SVGs in `__snapshots__/`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from textual.pilot import Pilot

from sim.model.library import DEFAULT_SCENARIO, bundled
from tests.tui.pilot import live_app
from tui.app import DashboardApp
from tui.screens.picker import PickerScreen

MID_SURGE = 8 * 60.0  # minutes: two hours after the recall is announced


def stepped_to(minutes: float) -> Callable[[Pilot[int]], Awaitable[None]]:
    async def run_before(pilot: Pilot[int]) -> None:
        app = pilot.app
        assert isinstance(app, DashboardApp)
        await pilot.pause()
        app.advance(minutes)
        await pilot.pause()

    return run_before


def test_dashboard_mid_surge(snap_compare, recall):
    app = live_app(recall, paused=True)
    assert snap_compare(app, terminal_size=(120, 40), run_before=stepped_to(MID_SURGE))


def test_dashboard_mid_surge_small_terminal(snap_compare, recall):
    app = live_app(recall, paused=True)
    assert snap_compare(app, terminal_size=(80, 24), run_before=stepped_to(MID_SURGE))


def test_help_screen(snap_compare, recall):
    app = live_app(recall, paused=True)
    assert snap_compare(app, terminal_size=(120, 40), press=["question_mark"])


def test_scenario_picker(snap_compare, recall):
    # Only the default scenario: the picture should not change when others are bundled.
    entries = [e for e in bundled() if e.name == DEFAULT_SCENARIO]

    async def open_picker(pilot: Pilot[int]) -> None:
        await pilot.app.push_screen(PickerScreen(entries))
        await pilot.app.workers.wait_for_complete()  # the facts, read in a thread
        await pilot.pause()

    app = live_app(recall, paused=True)
    assert snap_compare(app, terminal_size=(120, 40), run_before=open_picker)


def test_run_summary(snap_compare, recall):
    app = live_app(recall, paused=True)
    assert snap_compare(app, terminal_size=(120, 40), run_before=stepped_to(recall.meta.duration))


def test_topic_picker_mid_surge(snap_compare, recall):
    """The FAQ key's question: the top topic first, each topic with what is under way on it."""
    app = live_app(recall, paused=True)
    assert snap_compare(app, terminal_size=(120, 40), run_before=stepped_to(10 * 60.0), press=["f"])

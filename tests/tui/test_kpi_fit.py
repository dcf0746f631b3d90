"""The headline tiles' labels are never cut: whole words at 80 columns as at 120."""

from __future__ import annotations

import pytest

from tests.tui.pilot import live_app, run_async
from tui.widgets.kpi import TITLE_CHROME, KpiTile


@pytest.mark.parametrize(("size", "tiles"), [((80, 24), 6), ((120, 40), 7)])
@run_async
async def test_every_tile_label_fits_its_tile(recall, size, tiles):
    app = live_app(recall, paused=True)
    async with app.run_test(size=size) as pilot:
        app.advance(60.0)
        await pilot.pause()
        shown = [t for t in app.dashboard.query(KpiTile) if t.display]
        assert len(shown) == tiles  # at 80 columns "at risk" (a share of missed) gives way
        for tile in shown:
            title = str(tile.border_title)
            assert title and len(title) <= tile.outer_size.width - TITLE_CHROME, title
        if size == (120, 40):
            assert [str(t.border_title) for t in shown][:2] == ["Waiting", "Oldest wait"]

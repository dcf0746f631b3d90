"""The queue chart's drawing rules, without a terminal."""

from __future__ import annotations

from sim.present.view import ChartPoint, Marker
from tui.widgets.chart import bar_rows, columns, marker_row, nice_ceiling, render_chart


def point(t0: float, t1: float, waiting: int) -> ChartPoint:
    return ChartPoint(t0, t1, waiting, 60.0, 30.0, 5.0)


def test_scale_tops_are_round_numbers():
    assert [nice_ceiling(v) for v in (0, 7, 11, 150, 293, 999, 1001)] == [
        10,
        10,
        20,
        200,
        500,
        1000,
        2000,
    ]


def test_columns_follow_a_fixed_time_axis():
    points = [point(0, 60, 4), point(60, 120, 9)]
    cols = columns(points, duration=240, width=8, value=lambda p: p.waiting, combine=max)
    assert cols == [4, 4, 9, 9, None, None, None, None]  # the future stays empty


def test_bars_fill_from_the_bottom_in_eighths():
    rows = bar_rows([10.0, 5.0, 0.0, None], top=10, height=2)
    assert rows == ["█   ", "██  "]


def test_a_surge_marker_wins_a_shared_column():
    row = marker_row([Marker(0, "action", "a"), Marker(1, "surge", "s")], duration=100, width=4)
    assert row.plain == "▲···"
    assert row.spans[0].style == "bold yellow"


def test_chart_has_the_size_it_is_given():
    text = render_chart([point(0, 60, 4)], [], duration=240, width=40, height=10)
    lines = text.plain.split("\n")
    assert len(lines) == 10
    assert all(len(line) <= 40 for line in lines)

"""The drill chart's inject labels: never drawn over each other, times as clock times."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from sim.present.report import gather
from sim.present.report.chart_labels import place, text_width
from sim.present.report.charts import queue_chart
from sim.present.report.facts import TimelineItem
from sim.store.runs import StoredRun
from tests.sim.present.test_report import stored  # noqa: F401  (the fixture)


def _spans(xs: list[float], texts: list[str], right: float) -> list[tuple[int, float, float]]:
    placed, _ = place(xs, texts, right)
    out = []
    for x, p in zip(xs, placed, strict=True):
        w = text_width(p.text)
        left = x - 3 - w if p.end_anchored else x + 3
        out.append((p.row, left, left + w))
    return out


def _no_overlap(spans: list[tuple[int, float, float]]) -> bool:
    return all(
        a[0] != b[0] or a[2] <= b[1] or b[2] <= a[1]
        for i, a in enumerate(spans)
        for b in spans[i + 1 :]
    )


def test_close_labels_take_rows_of_their_own_and_far_ones_share_the_first():
    xs, texts = [100.0, 120.0, 400.0, 700.0], ["legal-embargo", "newsflash", "coo-faq", "x"]
    placed, numbered = place(xs, texts, 844)
    assert not numbered
    assert [p.row for p in placed] == [0, 1, 0, 0]
    assert _no_overlap(_spans(xs, texts, 844))


def test_a_label_at_the_right_edge_ends_at_its_line():
    placed, _ = place([840.0], ["evening-news"], 844)
    assert placed[0].end_anchored


def test_the_order_given_is_kept_whatever_the_times():
    placed, _ = place([500.0, 100.0], ["late", "early"], 844)
    assert [p.text for p in placed] == ["late", "early"]


def test_too_many_close_labels_become_numbers():
    xs = [100.0 + 4 * k for k in range(12)]
    texts = [f"inject-number-{k}" for k in range(12)]
    placed, numbered = place(xs, texts, 844)
    assert numbered and [p.text for p in placed] == [str(k + 1) for k in range(12)]
    assert _no_overlap(_spans(xs, [p.text for p in placed], 844))


def _orange_labels(svg: str) -> list[tuple[float, float, str, str]]:
    return [
        (float(x), float(y), anchor, text)
        for x, y, anchor, text in re.findall(
            r'<text x="([\d.]+)" y="([\d.]+)" fill="#9a5a12" text-anchor="(\w+)">'
            r"<title>[^<]*</title>([^<]*)</text>",
            svg,
        )
    ]


def test_the_chart_keeps_close_injects_apart_and_reads_clock_times(
    stored: tuple[Path, int, StoredRun],  # noqa: F811
) -> None:
    data = gather(stored[2])
    close = [TimelineItem(330.0 + 10 * k, "inject", f"Inject {k}", inject_id=f"inject-{k}")
             for k in range(4)]  # fmt: skip
    svg = queue_chart(dataclasses.replace(data, timeline=close))
    labels = _orange_labels(svg)
    assert [t for *_, t in labels] == [f"inject-{k}" for k in range(4)]
    assert len({y for _, y, _, _ in labels}) == 4  # ten minutes apart: one row each
    assert "Day 1 13:30: Inject 0" in svg  # the line's tooltip: a clock time
    assert "(+" not in svg and ">Day 1 08:00<" in svg and ">14:00<" in svg  # the axis


def test_a_crowd_of_injects_is_numbered_with_a_key(stored) -> None:  # noqa: F811
    data = gather(stored[2])
    crowd = [TimelineItem(300.0 + k, "inject", f"Inject {k}", inject_id=f"inject-{k}")
             for k in range(20)]  # fmt: skip
    svg = queue_chart(dataclasses.replace(data, timeline=crowd))
    assert [t for *_, t in _orange_labels(svg)] == [str(k + 1) for k in range(20)]
    assert "1 inject-0 (Day 1 13:00)" in svg and "20 inject-19 (Day 1 13:19)" in svg

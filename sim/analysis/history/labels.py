"""Labelled windows: when, by someone's independent judgement, something unusual happened.

A JSON file holds either a list of [start, end] pairs or, as the NAB benchmark's labels
do, an object mapping each history file's name to its list. Times take any form the
history's timestamps take (see `reading.parse_time`).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from sim.analysis.history.reading import parse_time
from sim.analysis.history.series import HOUR, Hourly
from sim.model.errors import ScenarioError, read_text
from sim.model.loading import load_json

Window = tuple[float, float]  # UTC epoch seconds


def read_labels(path: Path, history_name: str) -> list[Window]:
    src = str(path)
    text = read_text(path, "labels file")
    data = load_json(text, src)
    if isinstance(data, dict):
        if history_name not in data:
            names = ", ".join(sorted(data)[:6])
            raise ScenarioError(src, None, history_name, f"no windows for this file (has {names})")
        data = data[history_name]
    if not isinstance(data, list):
        raise ScenarioError(src, None, None, "expected a list of [start, end] pairs")
    windows: list[Window] = []
    for i, pair in enumerate(data):
        if not (isinstance(pair, list) and len(pair) == 2):
            raise ScenarioError(src, None, f"[{i}]", "expected a [start, end] pair")
        try:
            start, end = (parse_time(str(x)).timestamp() for x in pair)
        except ValueError:
            raise ScenarioError(src, None, f"[{i}]", "expected two timestamps") from None
        if end < start:
            raise ScenarioError(src, None, f"[{i}]", "expected the end after the start")
        windows.append((start, end))
    return windows


def label_mask(hourly: Hourly, windows: list[Window]) -> NDArray[np.bool_]:
    """True for each hour that overlaps a labelled window."""
    start = hourly.start + np.arange(len(hourly.counts)) * HOUR
    mask = np.zeros(len(hourly.counts), dtype=bool)
    for lo, hi in windows:
        mask |= (start + HOUR > lo) & (start < hi)
    return mask

"""Synthetic histories made by surgedesk itself: a scenario's arrivals counted in buckets."""

from __future__ import annotations

import numpy as np

from sim.analysis.history.series import Series
from sim.engine.sources import build_sources
from sim.model.loading import parse_scenario

START_EPOCH = 1_772_438_400.0  # 2026-03-02 08:00 UTC, the scenario's default start


def history_of(text: str, seed: int, width_min: float = 5.0) -> Series:
    """Every source's arrivals of the scenario in `text`, counted per bucket."""
    sc = parse_scenario(text)
    end = sc.meta.duration
    times = [src.window(0.0, end).t for src in build_sources(sc, seed)]
    t = np.concatenate(times)
    n = int(end // width_min)
    counts = np.bincount((t // width_min).astype(np.int64), minlength=n)[:n].astype(np.float64)
    return Series(START_EPOCH, width_min * 60, counts)

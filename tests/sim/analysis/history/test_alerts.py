"""The spike-alert rule: it fires on a breakout, once per cooldown, and not on a quiet day."""

from __future__ import annotations

import numpy as np

from sim.analysis.history.alerts import AlertRule, SpikeDetector, alerts_over, score_alerts
from sim.analysis.history.series import Series

BUCKET = 5.0  # minutes


def _poisson_days(days: int, per_hour: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.poisson(per_hour * BUCKET / 60, int(days * 1440 / BUCKET)).astype(float)


def test_a_quiet_week_raises_no_alert() -> None:
    counts = _poisson_days(7, 120, 1)
    assert alerts_over(Series(0.0, BUCKET * 60, counts), AlertRule()) == []


def test_a_breakout_alerts_within_the_window_once_per_cooldown() -> None:
    counts = _poisson_days(5, 120, 2)
    start = int(4 * 1440 / BUCKET)  # day 4: five times the volume for three hours
    counts[start : start + 36] += _poisson_days(1, 480, 3)[:36]
    counts[start + 48 : start + 60] += 400  # a second spike, inside the cooldown
    alerts = alerts_over(Series(0.0, BUCKET * 60, counts), AlertRule())
    assert len(alerts) == 1
    lead = alerts[0].at - start * BUCKET
    assert 0 < lead <= 60  # within the rule's window of the breakout
    assert alerts[0].volume >= 2 * alerts[0].normal


def test_live_and_offline_are_one_rule() -> None:
    counts = _poisson_days(5, 120, 4)
    counts[1200:1230] *= 6
    detector = SpikeDetector(AlertRule(), BUCKET)
    live = [a for i, c in enumerate(counts) if (a := detector.push((i + 1) * BUCKET, c))]
    assert live == alerts_over(Series(0.0, BUCKET * 60, counts), AlertRule())


def test_scoring_against_labelled_windows() -> None:
    counts = _poisson_days(5, 120, 5)
    counts[1200:1230] *= 6
    alerts = alerts_over(Series(0.0, BUCKET * 60, counts), AlertRule())
    windows = [(1100 * 300.0, 1300 * 300.0), (100 * 300.0, 200 * 300.0)]
    score = score_alerts(alerts, windows, weeks=5 / 7)
    assert [a is not None for _, a in score.found] == [True, False]
    assert score.false_alerts == 0 and score.recall == 0.5


def test_live_alerts_on_a_running_simulation_give_each_surge_its_lead_time() -> None:
    from sim.analysis.history.live import LiveAlerts, lead_times
    from sim.engine.core import Engine
    from sim.model.loading import parse_scenario

    sc = parse_scenario(
        """
[scenario]
name = "live alert"
duration = "4d"
interval = "5m"
[baseline]
per_hour = 120
[[surge]]
name = "Outage"
at = "80h"
shape = "shock"
peak_per_hour = 900
half_life = "2h"
"""
    )
    engine = Engine(sc, 3)
    live = LiveAlerts(sc.meta.interval)
    for hour in range(1, 97):
        engine.run_until(hour * 60.0)
        live.feed(engine.recorder.series)
    assert len(live.alerts) == 1
    ((name, lead),) = lead_times(sc, live.alerts)
    assert name == "Outage" and lead is not None and 0 < lead <= 60

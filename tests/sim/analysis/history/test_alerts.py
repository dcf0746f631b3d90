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


def _rise(ratio: float, seed: int, hours: float = 3.0) -> np.ndarray:
    """Four quiet days at 120 an hour, then `ratio` times the volume for `hours`."""
    counts = _poisson_days(5, 120, seed)
    start = int(4 * 1440 / BUCKET)
    n = int(hours * 60 / BUCKET)
    counts[start : start + n] = _poisson_days(1, 120 * ratio, seed + 100)[:n]
    return counts


def test_the_default_rule_wants_three_times_normal() -> None:
    """A sustained doubling or so is a busy afternoon, not a surge (the fit's own burst
    definition is three times the baseline); a looser rule can ask for less."""
    counts = Series(0.0, BUCKET * 60, _rise(2.5, 6))
    assert alerts_over(counts, AlertRule()) == []
    assert len(alerts_over(counts, AlertRule(min_ratio=2.0))) == 1


def test_one_alert_a_day_by_default() -> None:
    counts = _rise(6.0, 7, hours=2.0)
    again = int((4 * 1440 + 13 * 60) / BUCKET)  # the same story, 13 hours on
    counts[again : again + 24] = _poisson_days(1, 720, 8)[:24]
    series = Series(0.0, BUCKET * 60, counts)
    assert len(alerts_over(series, AlertRule())) == 1
    assert len(alerts_over(series, AlertRule(cooldown=720.0))) == 2


def test_persistence_waits_for_the_breakout_to_hold() -> None:
    series = Series(0.0, BUCKET * 60, _rise(6.0, 9))
    (first,) = alerts_over(series, AlertRule())
    (held,) = alerts_over(series, AlertRule(persistence=30.0))
    assert held.at - first.at == 30.0 - BUCKET  # six buckets in a row: the sixth alerts


def test_the_rules_median_is_numpys_without_its_masked_arrays() -> None:
    """The detector's median avoids `np.median` (which imports numpy.ma at run start)."""
    from sim.analysis.history.alerts import _median

    rng = np.random.default_rng(5)
    for n in (1, 2, 3, 10, 11, 864):
        x = rng.lognormal(size=n)
        assert _median(x) == float(np.median(x))


def test_a_primed_live_rule_knows_normal_from_the_first_interval() -> None:
    from types import SimpleNamespace

    from sim.analysis.history.live import LiveAlerts

    quiet = _poisson_days(3, 120, 6)  # the three days a listening tool has seen
    run = _poisson_days(1, 120, 7)
    run[6:18] *= 6  # a breakout in the run's first hours
    series = [SimpleNamespace(t_end=(i + 1) * BUCKET, arrivals=int(c)) for i, c in enumerate(run)]
    primed = LiveAlerts(BUCKET)
    primed.prime(quiet.tolist())
    (alert,) = primed.feed(series)
    assert 0 < alert.at <= 18 * BUCKET
    assert LiveAlerts(BUCKET).feed(series) == []  # unprimed: no normal yet, no alert

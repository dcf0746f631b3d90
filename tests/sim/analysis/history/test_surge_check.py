"""A burst's extra mentions: one definition for the fit's table, the scenario's header and
`fit --check`, and a check that flags a burst the simulations do not reach.

The trial saw CRM's viral burst as "208 seen" in the fit and "409 seen" in the check: the
check counted whole hours against the baseline at its average level, the fit from the
burst's start against the level of the hours before it (1.57x there)."""

from __future__ import annotations

import math

import pytest

from sim.analysis.history.check import Check, SurgeCheck, check_fit
from sim.analysis.history.fitting import HistoryFit, fit_history
from sim.analysis.history.reading import History
from sim.analysis.history.tomlout import document
from sim.analysis.history.writing import scenario_data
from sim.model.loading import parse_scenario
from tests.sim.analysis.history.synthetic import history_of
from tests.sim.analysis.history.test_fit import SCENARIO


@pytest.fixture(scope="module")
def checked() -> tuple[HistoryFit, Check]:
    series = history_of(SCENARIO.format(days=14, volatility=0.3), 3)
    fit = fit_history("synthetic", series)
    history = History("synthetic", series.counts[:2], series.counts[:2], per_mention=False)
    sc = parse_scenario(document(scenario_data(fit, history, {})))
    return fit, check_fit(fit, sc, series.hourly(), seeds=40)


def test_the_check_counts_each_burst_as_the_fit_does(checked: tuple[HistoryFit, Check]) -> None:
    fit, check = checked
    assert [s.fit.shape for s in fit.surges] == ["shock", "viral"]
    for s, c in zip(fit.surges, check.surges, strict=True):
        assert c.observed == s.observed
        assert c.window_hours == pytest.approx((s.until - s.at) / 3600)


def test_a_true_scenario_replays_its_bursts_inside_the_band(
    checked: tuple[HistoryFit, Check],
) -> None:
    """The history is the scenario's own: each burst's seen extra is inside the simulated
    band, and the shock's simulated median is near what its rate gives in the window."""
    fit, check = checked
    assert not any(c.outside for c in check.surges), [c.simulated for c in check.surges]
    shock = fit.surges[0]
    minutes = (shock.until - shock.at) / 60
    truth = 2000 / 60 * 90 / math.log(2) * (1 - 2 ** (-minutes / 90))
    assert check.surges[0].simulated[1] == pytest.approx(truth, rel=0.1)
    assert shock.expected == pytest.approx(truth, rel=0.15)  # what the written shock gives


def test_a_burst_far_from_its_simulations_is_flagged() -> None:
    far = SurgeCheck(2, 0, 409.0, (-5.0, 134.0, 300.0), 1.0, 2.0, 17.0)
    near = SurgeCheck(1, 0, 629.0, (427.0, 723.0, 918.0), 1.0, 1.0, 13.0)
    assert far.outside and not near.outside
    assert near.halves == "1h / 1h"
    assert SurgeCheck(1, 0, 1.0, (0.0, 1.0, 2.0), math.nan, 1.0).halves == "n/a / 1h"

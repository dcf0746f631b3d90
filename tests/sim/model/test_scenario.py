"""Scenario sections: what a file may say, and the defaults of what it leaves out."""

from __future__ import annotations

import pytest

from sim.model.loading import parse_scenario
from sim.model.units import Fixed


def test_the_simplest_file_is_a_plain_queue(base):
    sc = parse_scenario(base)
    assert sc.surges == [] and sc.advocates is None and sc.faq is None
    assert sc.followups is None and sc.listening is None and sc.offline is None
    assert sc.protocol.patience is None  # nobody gives up: the Erlang C case
    assert sc.meta.duration == 120 and sc.meta.warmup == 0


def test_a_bare_duration_is_a_fixed_distribution(base):
    sc = parse_scenario(base.replace('{ dist = "exponential", mean = "5m" }', '"4m"'))
    assert isinstance(sc.team[0].handle_time, Fixed)
    assert sc.team[0].handle_time.value == 4


def test_named_and_custom_daily_profiles_average_to_one(base):
    for profile in (
        '"flat"',
        '"consumer"',
        '"business"',
        "[" + ", ".join(["1"] * 23 + ["25"]) + "]",
    ):
        sc = parse_scenario(
            base.replace("per_hour = 60", f"per_hour = 60\ndaily_profile = {profile}")
        )
        assert sc.baseline is not None
        assert sum(sc.baseline.daily()) / 24 == pytest.approx(1)

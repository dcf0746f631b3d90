"""Scenario files: what they may say, and one clear message for each kind of mistake."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from sim.model.errors import ScenarioError
from sim.model.loading import load_scenario, parse_scenario
from sim.model.units import Exponential, Fixed, Gamma, Lognormal, Uniform, parse_duration
from tui.cli import main

BASE = """\
[scenario]
name = "x"
duration = "2h"

[baseline]
per_hour = 60
channels = { twitter = 0.5, facebook = 0.5 }

[[team]]
role = "care"
agents = 3
handle_time = { dist = "exponential", mean = "5m" }
"""


def test_the_simplest_file_is_a_plain_queue():
    sc = parse_scenario(BASE)
    assert sc.surges == [] and sc.advocates is None and sc.faq is None
    assert sc.followups is None and sc.listening is None and sc.offline is None
    assert sc.protocol.patience is None  # nobody gives up: the Erlang C case
    assert sc.meta.duration == 120 and sc.meta.warmup == 0


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("90s", 1.5), ("15m", 15), ("2h", 120), ("3d", 4320), ("1w", 10080), ("1h30m", 90)],
)
def test_durations_have_units(text, minutes):
    assert parse_duration(text) == pytest.approx(minutes)


@pytest.mark.parametrize("bad", [5, "5", "2 hours", "h", "", True, "-5m"])
def test_durations_without_a_unit_are_refused(bad):
    with pytest.raises(ValueError, match="duration"):
        parse_duration(bad)


def test_distributions_have_the_means_they_are_given():
    dists = {
        "exponential": Exponential.model_validate({"dist": "exponential", "mean": "6m"}),
        "lognormal": Lognormal.model_validate({"dist": "lognormal", "mean": "6m", "sd": "4m"}),
        "gamma": Gamma.model_validate({"dist": "gamma", "mean": "6m", "sd": "3m"}),
        "uniform": Uniform.model_validate({"dist": "uniform", "low": "2m", "high": "10m"}),
        "fixed": Fixed.model_validate({"value": "6m"}),
    }
    import numpy as np

    rng = np.random.default_rng(5)
    for name, dist in dists.items():
        sample = dist.sample(rng, 200_000)
        se = sample.std() / math.sqrt(len(sample))
        assert abs(sample.mean() - dist.mean()) <= 4 * se + 1e-9, name


def test_a_bare_duration_is_a_fixed_distribution():
    sc = parse_scenario(BASE.replace('{ dist = "exponential", mean = "5m" }', '"4m"'))
    assert isinstance(sc.team[0].handle_time, Fixed)
    assert sc.team[0].handle_time.value == 4


def test_named_and_custom_daily_profiles_average_to_one():
    for profile in (
        '"flat"',
        '"consumer"',
        '"business"',
        "[" + ", ".join(["1"] * 23 + ["25"]) + "]",
    ):
        sc = parse_scenario(
            BASE.replace("per_hour = 60", f"per_hour = 60\ndaily_profile = {profile}")
        )
        assert sc.baseline is not None
        assert sum(sc.baseline.daily()) / 24 == pytest.approx(1)


MISTAKES = [
    # (what, edit of BASE, line, key, words the message must contain)
    ("unknown key", ("per_hour = 60", 'per_hour = 60\ncolour = "red"'), 7, "baseline.colour",
     "unknown key; expected one of: per_hour"),
    ("wrong type", ('duration = "2h"', "duration = 2"), 3, "scenario.duration",
     "expected a duration string with a unit"),
    ("negative count", ("agents = 3", "agents = -3"), 11, "team[1].agents",
     "greater than or equal to 0, got -3"),
    ("shares that do not add up", ("facebook = 0.5", "facebook = 0.4"), 7, "baseline.channels",
     "add up to 1, they add up to 0.9"),
    ("unknown channel", ("twitter = 0.5", "tiktok = 0.5"), 7, "baseline.channels.tiktok",
     "got 'tiktok'"),
    ("unknown distribution", ('dist = "exponential"', 'dist = "weibull"'), 12,
     "team[1].handle_time", "expected dist to be one of"),
    ("key of another distribution", ('mean = "5m"', 'mean = "5m", sd = "1m"'), 12,
     "team[1].handle_time.sd", "unknown key"),
    ("duration without unit", ('duration = "2h"', 'duration = "2 hours"'), 3,
     "scenario.duration", "expected a duration with a unit"),
    ("unknown role", ('role = "care"', 'role = "janitor"'), 10, "team[1].role",
     "got 'janitor'"),
    ("missing required key", ("per_hour = 60\n", ""), 5, "baseline.per_hour",
     "required and missing"),
    ("warm-up longer than the run", ('duration = "2h"', 'duration = "2h"\nwarmup = "3h"'), 1,
     "scenario", "warmup must be shorter than duration"),
    ("surge missing its shape's keys",
     ("[[team]]", '[[surge]]\nat = "1h"\nshape = "step"\nper_hour = 10\n\n[[team]]'), 9,
     "surge[1]", "a step surge needs duration"),
    ("key of another surge shape",
     ("[[team]]", '[[surge]]\nat = "1h"\nshape = "step"\nper_hour = 10\nduration = "1h"\n'
      'half_life = "2h"\n\n[[team]]'), 9, "surge[1]",
     "half_life does not apply to a step surge (it takes duration, per_hour)"),
    ("cascade marks beyond the reach tail",
     ("[[team]]", '[[surge]]\nat = "1h"\nshape = "viral"\nseed_posts = 5\nbranching = 0.5\n'
      'reach_exponent = 1.5\n\n[[team]]'), 14, "surge[1].reach_exponent",
     "expected less than baseline.reach.alpha - 1 = 1.016"),
    ("inject for a team that does not exist",
     (None, '\n[[inject]]\nat = "1h"\naction = "add_agents"\nrole = "pr"\n'), 17,
     "inject[1].role", "no team called 'pr'"),
    ("unknown action",
     (None, '\n[[inject]]\nat = "1h"\naction = "hire_everyone"\n'), 16, "inject[1].action",
     "expected one of add_agents"),
    ("bad action parameter",
     (None, '\n[[inject]]\nat = "1h"\naction = "add_agents"\nrole = "care"\ncount = 0\n'), 18,
     "inject[1].count", "whole number of agents"),
]  # fmt: skip


def edited(edit: tuple[str | None, str]) -> str:
    old, new = edit
    return BASE + new if old is None else BASE.replace(old, new, 1)


@pytest.mark.parametrize(
    ("what", "edit", "line", "key", "words"), MISTAKES, ids=[m[0] for m in MISTAKES]
)
def test_each_mistake_gets_one_clear_message(what, edit, line, key, words, tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_text(edited(edit))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    err = caught.value
    assert (err.file, err.line, err.key) == (str(path), line, key), str(err)
    assert words in err.expected

    assert main(["validate", str(path)]) == 2
    printed = capsys.readouterr().err
    assert printed.strip() == f"{path}:{line}: {key}: {err.expected}"
    assert "Traceback" not in printed


def test_malformed_toml_names_the_line(tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_text(BASE.replace("agents = 3", "agents = 3\n[oops"))
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{path}:12: not valid TOML:")


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: p / "missing.toml", "no such file"),
        (lambda p: p, "expected a scenario file, found a folder"),
    ],
)
def test_unreadable_files_are_named(tmp_path, capsys, make, words):
    target: Path = make(tmp_path)
    assert main(["validate", str(target)]) == 2
    assert capsys.readouterr().err.strip() == f"{target}: {words}"


def test_non_utf8_file(tmp_path, capsys):
    path = tmp_path / "latin1.toml"
    path.write_bytes(BASE.replace('"x"', '"caf\xe9"').encode("latin-1"))
    assert main(["validate", str(path)]) == 2
    assert "expected UTF-8 text" in capsys.readouterr().err


def test_several_files_are_all_checked(tmp_path, capsys):
    good = tmp_path / "good.toml"
    good.write_text(BASE)
    bad = tmp_path / "bad.toml"
    bad.write_text(BASE.replace("agents = 3", "agents = -3"))
    assert main(["validate", str(bad), str(good)]) == 2
    captured = capsys.readouterr()
    assert "good.toml" in captured.out and "bad.toml:11" in captured.err

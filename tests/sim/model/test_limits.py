"""The cases of issue 14 that `validate` accepted and `run` then crashed or hung on, and the
inputs that stalled `validate` itself: each is now refused (or run) by the one loading path."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from sim.engine.core import Engine
from sim.model.budget import DEFAULT_MAX_MENTIONS, OverBudget, check, estimate
from sim.model.errors import ScenarioError
from sim.model.loading import load_scenario, parse_scenario
from sim.model.tomlpos import line_of
from tui.cli import main

HEAD = """
[scenario]
name = "limits"
duration = "{duration}"

[baseline]
per_hour = {per_hour}
{baseline}

[[team]]
role = "care"
agents = {agents}
handle_time = "5m"
"""


def scenario_text(
    duration: str = "6h", per_hour: str = "20", baseline: str = "", agents: str = "3", extra=""
) -> str:
    return str(
        HEAD.format(duration=duration, per_hour=per_hour, baseline=baseline, agents=agents) + extra
    )


def refused(text: str, key: str) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        parse_scenario(text, "x.toml")
    assert info.value.key is not None and key in info.value.key, str(info.value)
    assert info.value.line is not None
    return info.value


def test_shares_a_third_each_are_normalised_and_run():
    text = scenario_text(
        baseline="channels = { twitter = 0.3333333, facebook = 0.3333333, email = 0.3333333 }"
    )
    scenario = parse_scenario(text)
    assert scenario.baseline is not None
    assert sum(scenario.baseline.channels.values()) == pytest.approx(1, abs=1e-15)
    Engine(scenario, 1).run_until(120)


def test_shares_that_add_to_one_by_rounding_are_untouched():
    shares = {"twitter": 0.4, "facebook": 0.25, "instagram": 0.1, "forum": 0.1, "email": 0.15}
    inline = ", ".join(f"{k} = {v}" for k, v in shares.items())
    scenario = parse_scenario(scenario_text(baseline=f"channels = {{ {inline} }}"))
    assert scenario.baseline is not None
    assert scenario.baseline.channels == shares


@pytest.mark.parametrize("value", ["inf", "nan", "-inf", "1e300"])
def test_a_rate_must_be_finite_and_bounded(value):
    refused(scenario_text(per_hour=value), "baseline.per_hour")


def test_a_nan_in_the_daily_profile_is_refused():
    profile = ", ".join(["1.0"] * 23 + ["nan"])
    refused(scenario_text(baseline=f"daily_profile = [{profile}]"), "baseline.daily_profile")


@pytest.mark.parametrize(
    ("surge", "key"),
    [
        ('shape = "step"\nper_hour = 50\nduration = "0s"', "duration"),
        ('shape = "ramp"\nto_per_hour = 50\nduration = "0m"', "duration"),
        ('shape = "shock"\npeak_per_hour = 50\nhalf_life = "0s"', "half_life"),
        ('shape = "wave"\npeak_per_hour = 50\nrise = "0s"', "rise"),
        (
            'shape = "viral"\nseed_posts = 5\nbranching = 0.5\nkernel = "exponential"\n'
            'mean_delay = "0s"',
            "mean_delay",
        ),
        ('shape = "viral"\nseed_posts = 1000000000\nbranching = 0.5', "seed_posts"),
        ('shape = "step"\nper_hour = inf\nduration = "1h"', "per_hour"),
    ],
)
def test_surges_that_crashed_the_engine_are_refused(surge, key):
    refused(scenario_text(extra=f'\n[[surge]]\nat = "1h"\n{surge}\n'), f"surge[1].{key}")


@pytest.mark.parametrize("duration", ["1" + "0" * 400 + "d", "91d", "1e3d"])
def test_an_endless_duration_is_refused(duration):
    refused(scenario_text(duration=duration), "scenario.duration")


def test_a_billion_agents_are_refused():
    refused(scenario_text(agents="1000000000"), "team[1].agents")


def test_a_billion_agents_by_inject_are_refused():
    inject = '\n[[inject]]\nat = "1h"\naction = "add_agents"\nrole = "care"\ncount = 1000000000\n'
    refused(scenario_text(extra=inject), "inject[1].count")


def test_a_zero_schedule_interval_is_refused():
    schedule = '\n[team.schedule]\ninterval = "0m"\nagents = [1, 2]\n'
    refused(scenario_text(extra=schedule), "schedule.interval")


def test_deep_nesting_is_refused_before_parsing():
    deep = "x = " + "[" * 500 + "]" * 500 + "\n"
    with pytest.raises(ScenarioError, match="nested deeper"):
        parse_scenario(scenario_text() + deep)
    headers = "".join(f"[{'.'.join(['a'] * n)}]\n" for n in range(1, 500))
    with pytest.raises(ScenarioError, match="nested deeper"):
        parse_scenario(scenario_text() + headers)


def test_brackets_in_strings_do_not_count_as_nesting():
    name = "[" * 100 + "{" * 100
    text = scenario_text().replace('"limits"', f'"{name}"') + "# " + "[" * 100 + "\n"
    assert parse_scenario(text).meta.name == name


def test_a_huge_file_is_refused_without_reading_it(tmp_path):
    big = tmp_path / "big.toml"
    big.write_text(scenario_text() + "#" + "x" * (2 * 1024 * 1024) + "\n")
    with pytest.raises(ScenarioError, match="larger than"):
        load_scenario(big)


def test_dev_zero_is_refused():
    if not Path("/dev/zero").exists():
        pytest.skip("no /dev/zero here")
    with pytest.raises(ScenarioError):
        load_scenario("/dev/zero")


def test_locating_a_long_dotted_header_is_linear():
    header = ".".join(["a"] * 20_000)
    text = f"[{header}]\nb = 1\n"
    started = time.perf_counter()
    assert line_of(text, ("a",) * 20_000 + ("b",)) == 2
    assert time.perf_counter() - started < 1


def test_a_long_name_prints_ok_fast(tmp_path, capsys):
    path = tmp_path / "long.toml"
    path.write_text(scenario_text().replace('"limits"', '"' + "n" * 40_000 + '"'))
    started = time.perf_counter()
    assert main(["validate", str(path)]) == 0
    assert time.perf_counter() - started < 2
    assert len(capsys.readouterr().out) < 300


def test_the_budget_estimates_and_refuses():
    viral = '\n[[surge]]\nat = "1h"\nshape = "viral"\nseed_posts = 1000000\nbranching = 0.9\n'
    scenario = parse_scenario(scenario_text(extra=viral))
    est = estimate(scenario)
    assert est.mentions == pytest.approx(10_000_000 + 20 * 6)
    assert estimate(scenario, until=1).mentions == pytest.approx(20)  # its first hour
    with pytest.raises(OverBudget, match="--max-mentions"):
        check(est, DEFAULT_MAX_MENTIONS)
    check(est, None)
    small = parse_scenario(scenario_text())
    check(estimate(small, runs=1000))
    with pytest.raises(OverBudget, match="1,000 runs"):
        check(estimate(small, runs=1000), 100_000)


def test_run_refuses_over_budget_with_exit_2(tmp_path, capsys):
    path = tmp_path / "busy.toml"
    path.write_text(scenario_text(duration="90d", per_hour="50000"))
    assert main(["run", str(path)]) == 2
    err = capsys.readouterr().err
    assert "budget" in err and "Traceback" not in err and err.count("\n") == 1
    assert main(["run", str(path), "--max-mentions", "10", "--until", "1m"]) == 2
    assert main(["run", str(path), "--no-budget", "--until", "1s"]) == 0
    assert main(["run", str(path), "--until", "1h", "--json"]) == 0  # 50,000 mentions


def test_an_interval_too_short_for_the_run_is_refused():
    text = scenario_text().replace('duration = "6h"', 'duration = "6h"\ninterval = "0.01s"')
    refused(text, "scenario.interval")


def test_the_bundled_scenarios_are_within_the_limits_and_budget():
    from sim.model.library import bundled

    for entry in bundled():
        check(estimate(load_scenario(entry.path)))


def test_the_bundled_drills_are_within_the_budget():
    from sim.exercise.build import build
    from sim.exercise.loading import bundled_drills, load_drill

    for path in bundled_drills():
        check(estimate(build(load_drill(path)).scenario))


@pytest.mark.parametrize(
    "argv",
    [
        ["plan", "recall", "--reps", "2", "--max-mentions", "1000"],
        ["sweep", "recall", "--vary", "team.care.agents=6,8", "--max-mentions", "1000"],
        ["drill", "recall-evening", "--max-mentions", "1000"],
    ],
)
def test_every_verb_that_runs_checks_the_budget_first(argv, capsys, tmp_path):
    if argv[0] == "drill":
        argv += ["--db", str(tmp_path / "runs.db")]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "budget is 1,000" in err and err.count("\n") == 1


def test_a_sweep_counts_its_varied_values_in_the_budget(capsys):
    """The base scenario is small; the value a lever tries is what makes the job huge."""
    assert main(["sweep", "recall", "--vary", "baseline.per_hour=1000000", "--reps", "2"]) == 2
    err = capsys.readouterr().err
    assert "needing about 43 GB per run" in err and "(fewer --reps)" in err
    assert err.count("\n") == 1


def test_the_budget_hint_names_only_the_flags_the_command_has(capsys):
    assert main(["run", "recall", "--max-mentions", "10"]) == 2
    assert "shorten it (--until)" in capsys.readouterr().err
    assert main(["plan", "recall", "--max-mentions", "10"]) == 2
    assert "shorten it (fewer --reps)" in capsys.readouterr().err


def test_a_seed_too_large_for_the_run_store_is_refused_with_its_line():
    text = scenario_text().replace('duration = "6h"', 'duration = "6h"\nseed = 1' + "0" * 100)
    error = refused(text, "scenario.seed")
    assert error.line == 5
    text = scenario_text().replace('duration = "6h"', 'duration = "6h"\nseed = 9223372036854775807')
    assert parse_scenario(text).meta.seed == 2**63 - 1

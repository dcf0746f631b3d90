"""Option values a user can get wrong: each is refused in one line naming the option, exit 2.

A negative duration reads like an option to argparse ("-5h"), so `--until -5h` used to be
"expected one argument"; both spellings must now reach the option's own message.
"""

from __future__ import annotations

import pytest

from tui.cli import main

DURATION_OPTIONS = [
    (["run", "recall"], "--until"),
    (["plan", "recall"], "--interval"),
    (["fit", "history.csv"], "--holdout"),
    (["drill", "recall-evening"], "--pace"),
    (["serve"], "--pace"),
]


@pytest.mark.parametrize(("verb", "option"), DURATION_OPTIONS)
@pytest.mark.parametrize("value", ["-5h", "-0.5h", "-5", "-1h30m"])
@pytest.mark.parametrize("joined", [True, False])
def test_a_negative_duration_is_named_as_one(verb, option, value, joined, capsys):
    argv = [*verb, f"{option}={value}"] if joined else [*verb, option, value]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert f"argument {option}: expected a duration greater than zero, got '{value}'" in err
    assert "negative duration is not a time in the run" in err


@pytest.mark.parametrize(("verb", "option"), DURATION_OPTIONS)
def test_a_zero_duration_names_what_was_given(verb, option, capsys):
    assert main([*verb, option, "0m"]) == 2
    assert f"{option}: expected a duration greater than zero, got '0m'" in capsys.readouterr().err


def test_negative_numbers_still_reach_their_own_checks(capsys):
    assert main(["run", "recall", "--seed", "-1"]) == 2
    assert "--seed: expected a whole number from 0 to 9,223,372,036,854,775,807, got -1" in (
        capsys.readouterr().err
    )
    assert main(["run", "recall", "--max-mentions", "-1e3"]) == 2
    assert "--max-mentions: expected 1 or more, got -1e3" in capsys.readouterr().err


def test_a_missing_value_says_how_to_write_one_that_starts_with_a_dash(capsys):
    assert main(["run", "recall", "--until", "--json"]) == 2
    err = capsys.readouterr().err
    assert "argument --until: expected one argument" in err and "--option=VALUE" in err


@pytest.mark.parametrize(
    "verb", [["run", "recall"], ["drill", "recall-evening"], ["plan", "recall"]]
)
def test_a_seed_too_large_to_keep_is_refused_before_the_run(verb, capsys):
    """It used to run, then fail to be stored: an internal error after the work."""
    assert main([*verb, "--seed", "1" + "0" * 41]) == 2
    err = capsys.readouterr().err
    assert "--seed: expected a whole number from 0 to 9,223,372,036,854,775,807" in err


@pytest.mark.parametrize("verb", ["replay", "report"])
def test_a_run_number_too_large_for_the_store_is_no_run(verb, capsys):
    assert main([verb, "9" * 30]) == 2
    assert f"expected a run number (see `surgedesk runs`), got '{'9' * 30}'" in (
        capsys.readouterr().err
    )


@pytest.mark.parametrize("verb", [["plan", "recall"], ["sweep", "recall"]])
@pytest.mark.parametrize("value", ["0", "-1", "100000", "many"])
def test_workers_are_one_up_to_four_a_core(verb, value, capsys):
    """`--workers 100000` forked processes until the machine stalled."""
    assert main([*verb, "--workers", value]) == 2
    assert "--workers: expected 1 to " in capsys.readouterr().err


def test_a_sweep_too_large_is_refused_before_any_variant_is_built(capsys):
    many = ",".join(str(k) for k in range(1, 2002))
    assert main(["sweep", "recall", "--vary", f"baseline.per_hour={many}", "--reps", "2"]) == 2
    assert "--vary: 2,001 combinations; a sweep takes at most 1,000" in capsys.readouterr().err


def test_a_lever_given_twice_is_named(capsys):
    argv = ["sweep", "recall", "--vary", "faq.trigger=5", "--vary", "faq.trigger=9"]
    assert main(argv) == 2
    assert "--vary faq.trigger: given twice" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "x" * 5000],
        ["drill", "x" * 5000, "--headless"],
        ["runs", "--db", "x" * 5000],
        ["report", "1", "--db", "x" * 5000],
        ["run", "recall", "--out", "x" * 5000],
    ],
)
def test_a_name_too_long_for_the_system_is_a_message(argv, capsys):
    """The system refuses to look such a name up (ENAMETOOLONG): an internal error before."""
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("surgedesk: ") and len(err) < 1200 and "internal error" not in err

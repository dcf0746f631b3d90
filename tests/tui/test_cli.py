"""The command line as scripts and people use it: `run`, `--json`, `--out`, `scenarios`."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest

from sim.present import results
from tests.fixtures import SMALL_SCENARIO
from tui.cli import main

SMALL = SMALL_SCENARIO

JSON_FIELDS = {
    "mentions", "needs_response", "answered", "answered_in_sla", "late", "missed",
    "service_level", "missed_rate", "mean_response_min", "p90_response_min", "peak_queue",
    "advocate_answered", "faq_deflected", "occupancy",
}  # fmt: skip


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small.toml"
    path.write_text(SMALL)
    return path


def run_json(capsys, *args: str) -> str:
    assert main(["run", *args, "--json"]) == 0
    out: str = capsys.readouterr().out
    return out


def test_json_summary_has_the_stable_fields(small, capsys):
    summary = json.loads(run_json(capsys, str(small)))
    assert set(summary) >= JSON_FIELDS
    assert summary["answered"] + summary["missed"] + summary["open"] == summary["needs_response"]
    assert summary["seed"] == 4


def test_same_seed_same_bytes_other_seed_differs(small, capsys):
    first = run_json(capsys, str(small))
    again = run_json(capsys, str(small))
    other = run_json(capsys, str(small), "--seed", "5")
    assert first == again
    assert first != other


def test_bundled_scenario_by_name_is_reproducible(capsys):
    first = run_json(capsys, "recall", "--until", "12h")
    assert first == run_json(capsys, "recall", "--until", "12h")
    assert json.loads(first)["scenario"] == "Washing machine recall"


def test_out_writes_summary_series_and_mentions(small, tmp_path, capsys):
    out = tmp_path / "results"
    assert main(["run", str(small), "--out", str(out)]) == 0
    assert "wrote" in capsys.readouterr().out
    summary = json.loads((out / "summary.json").read_text())
    with (out / "series.csv").open() as f:
        series = list(csv.DictReader(f))
    with (out / "mentions.csv").open() as f:
        mentions = list(csv.DictReader(f))
    assert len(series) == 6 * 60 / 15
    assert sum(int(r["arrivals"]) for r in series) == len(mentions) == summary["mentions"]
    assert sum(int(r["missed"]) for r in series) == summary["missed"]
    outcomes = {m["outcome"] for m in mentions}
    assert outcomes <= {"in_sla", "late", "missed", "open", "no_response"}
    assert sum(m["outcome"] == "in_sla" for m in mentions) == summary["answered_in_sla"]
    assert not [p for p in out.iterdir() if p.name.startswith(".")], "temporary files left"


def test_out_results_are_identical_for_the_same_seed(small, tmp_path, capsys):
    for name in ("a", "b"):
        assert main(["run", str(small), "--out", str(tmp_path / name), "--json"]) == 0
    for file in ("summary.json", "series.csv", "mentions.csv"):
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes()


def test_a_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "summary.json"
    target.write_text("old")

    def refuse(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError):
        results.write_atomic(target, "new")
    assert target.read_text() == "old"
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["run", "no-such-scenario"], "no such file or bundled scenario (bundled: "),
        (["run", "recall", "--until", "soon"], "--until: expected a duration"),
        (
            ["run", "recall", "--until", "999h"],
            "--until: past the end; 'Washing machine recall' runs for 3d",
        ),
        (["run", "recall", "--seed", "-1"], "--seed: expected a whole number"),
        (
            ["drill", "recall-evening", "--pace", "10m"],  # not silently run at 15 min/s
            "--pace: expected one of 1s, 10s, 1m, 5m, 15m, 1h, 4h (the clock's speeds), got '10m'",
        ),
    ],
)
def test_bad_requests_exit_2_with_one_line(args, words, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert words in err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_out_onto_a_file_is_refused(small, tmp_path, capsys):
    clash = tmp_path / "taken"
    clash.write_text("keep me")
    assert main(["run", str(small), "--out", str(clash)]) == 2
    assert "--out" in capsys.readouterr().err
    assert clash.read_text() == "keep me"


def test_scenarios_lists_the_bundled_library(capsys):
    assert main(["scenarios"]) == 0
    out = capsys.readouterr().out
    assert "recall (default)" in out
    assert "Washing machine recall" in out


def test_plan_prints_json_and_writes_files(small, tmp_path, capsys):
    out = tmp_path / "plan"
    args = ["plan", str(small), "--reps", "3", "--workers", "1", "--interval", "2h"]
    assert main([*args, "--json", "--out", str(out)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["role"] == "care" and len(printed["intervals"]) == 3
    assert {"agents", "erlang_a_agents", "service_level", "missed_rate"} <= set(
        printed["intervals"][0]
    )
    assert json.loads((out / "plan.json").read_text()) == printed
    with (out / "plan.csv").open() as f:
        assert [int(r["agents"]) for r in csv.DictReader(f)] == [
            iv["agents"] for iv in printed["intervals"]
        ]


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--sl", "1.5"], "--sl: expected a share"),
        (["--max-missed", "0"], "--max-missed: expected a share"),
        (["--role", "pr"], "--role: no team called 'pr' (teams: care)"),
        (["--reps", "1"], "--reps: expected 2 or more"),
        (["--interval", "soon"], "--interval: expected a duration"),
        (["--cluster", "tcp://127.0.0.1:1"], "--cluster"),
    ],
)
@pytest.mark.slow
def test_plan_refuses_bad_requests(small, extra, words, capsys):
    assert main(["plan", str(small), "--reps", "2", "--workers", "1", *extra]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


def test_sweep_prints_a_table_and_a_ranking(small, capsys):
    args = ["sweep", str(small), "--vary", "team.care.agents=2,4", "--reps", "2", "--workers", "1"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "team.care.agents" in out and "Which lever moves missed responses most" in out
    assert " pp" in out and "(points)" in out  # a change in a rate is in points, not percent


def test_sweep_names_a_bad_lever(small, capsys):
    args = ["sweep", str(small), "--vary", "team.care.agents=-1", "--reps", "2", "--workers", "1"]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "team[1].agents" in err and "with team.care.agents=-1" in err


@pytest.mark.slow
def test_runs_do_not_depend_on_the_python_process(tmp_path):
    """Same scenario, seed and actions in two processes with different string hashing:
    the same bytes (set iteration order must never leak into a run)."""
    import os
    import subprocess
    import sys

    path = tmp_path / "tied.toml"
    path.write_text(
        SMALL.replace("[[team]]", '[[inject]]\nat = "2h"\naction = "holding_statement"\n\n'
                      '[[inject]]\nat = "3h"\naction = "publish_faq"\n\n[[team]]')
        .replace('kinds = { question = 0.6, complaint = 0.3, praise = 0.1 }',
                 'kinds = { question = 0.6, complaint = 0.3, praise = 0.1 }\n'
                 'topics = { billing = 0.5, delivery = 0.5 }')
        + '\n[faq]\ntrigger = 1000\nwindow = "1h"\ndraft_time = "10m"\napproval_time = "10m"\n'
        'deflection = 0.5\n'
    )  # fmt: skip
    outputs = []
    for hash_seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run(
            [sys.executable, "-m", "tui", "run", str(path), "--json"],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1] == outputs[2]
    assert json.loads(outputs[0])["faq_deflected"] > 0


def test_the_dashboard_without_a_terminal_is_refused_in_one_line(tmp_path, capsys, monkeypatch):
    """`surgedesk < /dev/null > out.txt` would write escape codes and wait for keys forever."""
    monkeypatch.delenv("TEXTUAL_DRIVER", raising=False)
    assert main([]) == 2
    assert main(["drill", "recall-evening", "--db", str(tmp_path / "runs.db")]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [err[0], err[0]] and "the dashboard needs a terminal" in err[0]
    assert not (tmp_path / "runs.db").exists()  # no drill recorded that nobody could play


def test_sweep_at_80_columns_folds_long_lever_names_rather_than_cutting_them(
    small, capsys, monkeypatch
):
    monkeypatch.setenv("COLUMNS", "80")
    varies = ["--vary", "team.care.agents=2,4", "--vary", "baseline.per_hour=60,90"]
    args = ["sweep", str(small), *varies, "--reps", "2", "--workers", "1", "--no-plan"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "…" not in out  # neither a lever's name nor the missed-rate bar is cut
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "team.care." in out and "baseline.per" in out

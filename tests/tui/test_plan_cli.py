"""`surgedesk plan` as a planner uses it: clock times, shrinkage, shifts, a roster to run."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.fixtures import SMALL_SCENARIO
from tui.cli import main

SHIFTS = """\
[[shift]]
name = "early"
length = "4h"
starts = { earliest = "07:00", latest = "12:00", every = "1h" }
break = { length = "30m", earliest = "1h30m", latest = "2h", every = "30m" }
"""


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small.toml"
    path.write_text(SMALL_SCENARIO)  # 6 hours from Mon 08:00
    return path


@pytest.fixture
def shifts(tmp_path: Path) -> Path:
    path = tmp_path / "shifts.toml"
    path.write_text(SHIFTS)
    return path


BASE = ["--reps", "3", "--workers", "1", "--sl", "0.8", "--max-missed", "0.05"]


@pytest.mark.slow
def test_a_roster_is_planned_printed_written_and_runs(small, shifts, tmp_path, capsys):
    out = tmp_path / "plan"
    args = ["plan", str(small), *BASE, "--shrinkage", "0.3", "--shifts", str(shifts)]
    assert main([*args, "--json", "--out", str(out)]) == 0
    printed = json.loads(capsys.readouterr().out)
    first = printed["intervals"][0]
    assert first["start"] == "2026-03-02T08:00:00" and first["label"] == "Mon 08:00"
    for iv in printed["intervals"]:
        need = iv["required"]["care"]
        assert iv["required_people"]["care"] == -(-need * 10 // 7)  # ⌈need / 0.7⌉
        assert iv["scheduled"]["care"] >= iv["required_people"]["care"]
        assert iv["check"]["schedule"] == "roster"
    shift = printed["shifts"][0]
    assert {"team", "start", "end", "length_min", "break_start", "break_min", "people"} <= set(
        shift
    )
    assert shift["team"] == "care" and shift["length_min"] == 240
    assert printed["agent_hours"] == sum(s["people"] * 4 for s in printed["shifts"])
    assert printed["lower_bound_agent_hours"] <= printed["agent_hours"]
    assert printed["roster"]["meets_targets"] is True
    assert json.loads((out / "plan.json").read_text()) == printed
    with (out / "roster.csv").open() as f:
        rows = list(csv.DictReader(f))
    assert [int(r["people"]) for r in rows] == [s["people"] for s in printed["shifts"]]
    assert rows[0]["break_start"].startswith("2026-03-02T")
    with (out / "plan.csv").open() as f:
        assert next(csv.DictReader(f))["start"] == "2026-03-02T08:00:00"
    # the roster's scenario runs as it is, and meets the targets overall
    assert main(["run", str(out / "roster.toml"), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["service_level"] >= 0.8 and summary["missed_rate"] <= 0.05


def test_a_costed_roster_compares_cost_with_cost_and_hours_with_hours(small, tmp_path, capsys):
    """The trial read '548 agent-hours (LP lower bound 548.0); cost 645.2, -0.0% above the
    LP bound': a cost against an hours bound, and the solver's rounding as a percentage."""
    costed = tmp_path / "costed.toml"
    costed.write_text(SHIFTS + "cost_per_hour = 1.2\n")
    assert main(["plan", str(small), *BASE, "--shifts", str(costed)]) == 0
    out = " ".join(capsys.readouterr().out.split())  # the caption wraps
    assert "people-hours (LP lower bound" in out and "cost " in out
    assert "-0.0%" not in out and " 1 people" not in out and "round(s)" not in out


def test_the_table_reads_clock_times_and_says_what_its_columns_mean(small, capsys):
    assert main(["plan", str(small), *BASE, "--interval", "2h"]) == 0
    out = capsys.readouterr().out
    assert "Mon 08:00" in out and "Mon 12:00" in out
    assert "vs EA" in out and "exact rates" in out and " *" not in out


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--shrinkage", "1"], "--shrinkage: expected a share"),
        (["--max-occupancy", "0"], "--max-occupancy: expected a share"),
        (["--shifts", "missing.toml"], "missing.toml: no such file"),
        (["--channel-target", "fax:0.8,0.05"], "--channel-target: no channel 'fax'"),
        (["--channel-target", "phone:0.8"], "--channel-target: expected CHANNEL:SL,MISSED"),
        (["--channel-target", "phone:0.8,0.05,soon"], "--channel-target: expected CHANNEL"),
    ],
)
def test_bad_planning_options_exit_2_with_one_line(small, extra, words, capsys):
    assert main(["plan", str(small), *BASE, *extra]) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1 and "Traceback" not in err


def test_a_bad_shifts_file_names_line_and_key(small, tmp_path, capsys):
    bad = tmp_path / "bad.toml"
    bad.write_text('[[shift]]\nlength = "8h"\ncost = 3\n')
    assert main(["plan", str(small), *BASE, "--shifts", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:3: shift[1].cost: unknown key" in err and "Traceback" not in err


def test_shifts_that_cannot_cover_say_when_and_write_nothing(small, tmp_path, capsys):
    late = tmp_path / "late.toml"
    late.write_text('[[shift]]\nlength = "2h"\nstarts = { earliest = "11:00", latest = "11:00" }\n')
    out = tmp_path / "plan"
    args = ["plan", str(small), *BASE, "--shifts", str(late), "--out", str(out)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "Mon 08:00–11:00: no shift pattern is on at this time" in err
    assert "Mon 13:00–14:00: no shift pattern is on at this time" in err
    assert not out.exists()


def test_channel_targets_are_reported_per_interval(small, capsys):
    args = ["plan", str(small), *BASE, "--channel-target", "email:0.5,0.2", "--json"]
    assert main(args) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["targets"]["by_channel"][0]["channel"] == "email"
    for iv in printed["intervals"]:
        assert set(iv["check"]["by_channel"]["email"]) == {"service_level", "missed_rate"}


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--team-target", "care:0.8,0.05"], "--team-target: give --role all"),
        (["--role", "all", "--shifts", "x.toml"], "x.toml: no such file"),
        (["--role", "all", "--team-target", "pr:0.8,0.05"], "--team-target: no team called 'pr'"),
        (["--role", "all", "--team-target", "care:0.8"], "--team-target: expected TEAM:SL,MISSED"),
    ],
)
def test_every_team_options_are_checked_before_anything_runs(small, extra, words, capsys):
    assert main(["plan", str(small), *BASE, *extra]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


def test_every_team_at_once_prints_each_teams_requirement(small, tmp_path, capsys):
    out = tmp_path / "plan"
    args = ["plan", str(small), *BASE, "--role", "all", "--json", "--out", str(out)]
    assert main(args) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["teams"] == ["care"] and printed["settled"] is True
    first = printed["intervals"][0]
    assert first["start"] == "2026-03-02T08:00:00"
    assert first["required"]["care"] == printed["by_team"]["care"]["intervals"][0]["agents"]
    assert (out / "plan.csv").read_text().startswith("start,label,required_care,")


def test_the_scenarios_own_shift_patterns_roster_without_a_shifts_file(tmp_path, shifts, capsys):
    from tests.fixtures import small_scenario

    path = tmp_path / "own.toml"
    path.write_text(
        small_scenario(tail='\n[[shift_pattern]]\nlength = "3h"\nstarts = { every = "1h" }\n')
    )
    assert main(["plan", str(path), *BASE, "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert {s["length_min"] for s in printed["shifts"]} == {180}
    assert printed["roster"]["meets_targets"] is True
    # a shifts file, when given, is used instead of the scenario's patterns
    assert main(["plan", str(path), *BASE, "--json", "--shifts", str(shifts)]) == 0
    assert {s["length_min"] for s in json.loads(capsys.readouterr().out)["shifts"]} == {240}


def test_scenario_patterns_for_another_team_are_named(tmp_path, capsys):
    from tests.fixtures import small_scenario

    tail = '\n[[team]]\nrole = "pr"\nagents = 1\nhandle_time = "5m"\n'
    tail += '\n[[shift_pattern]]\nteam = "pr"\nlength = "3h"\n'
    path = tmp_path / "pr.toml"
    path.write_text(small_scenario(tail=tail))
    assert main(["plan", str(path), *BASE]) == 2
    err = capsys.readouterr().err
    assert "[[shift_pattern]] has no shift pattern for team 'care'" in err


def test_a_channel_target_on_a_team_that_never_sees_the_channel_is_refused(capsys):
    """Outage's first team (social) takes no calls: its "phone 100%, met" measured nothing."""
    assert main(["plan", "outage", "--channel-target", "phone:0.8,0.05,1m"]) == 2
    err = capsys.readouterr().err
    assert "--channel-target phone: the social team does not answer it" in err
    assert "the phone team (plan with --role phone)" in err and "Traceback" not in err


def test_the_rosters_check_row_counts_productive_hours_like_the_plans(small, shifts, capsys):
    """With shrinkage the roster's people-hours sat in the 'agent-h' column beside the
    plan's productive agent-hours: a roster reading 40% dearer than it is (trial)."""
    args = ["plan", str(small), *BASE, "--shrinkage", "0.3", "--shifts", str(shifts), "--json"]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    row = next(c for c in data["checks"] if c["schedule"] == "roster")
    assert row["agent_hours"] == pytest.approx(data["roster"]["agent_hours"] * 0.7)


def test_at_80_columns_no_header_is_cut(small, capsys, monkeypatch):
    """With shrinkage's "people" the table is a column too wide for 80: the two-word
    header folds ("vs" over "EA") rather than a one-word one losing letters ("arriva…")."""
    monkeypatch.setenv("COLUMNS", "80")
    target = ["--shrinkage", "0.3", "--channel-target", "twitter:0.8,0.05,10m"]
    assert main(["plan", str(small), *BASE, *target]) == 0
    lines = capsys.readouterr().out.splitlines()
    head = lines[: next(i for i, line in enumerate(lines) if "Mon 08:00" in line)]
    assert "…" not in "\n".join(head)
    header = next(line for line in head if "interval" in line)
    for name in ("arrivals", "load", "agents", "people", "SL %", "missed %", "occ."):
        assert name in header
    assert any(line.split() == ["vs"] for line in head)
    assert max(len(line) for line in lines) <= 80

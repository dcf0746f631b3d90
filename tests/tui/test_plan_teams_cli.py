"""`surgedesk plan --role all --shifts FILE`: a roster for every team, proven together."""

from __future__ import annotations

import csv
import json
import tomllib
from pathlib import Path

import pytest

from tui.cli import main

TWO_TEAMS = """\
[scenario]
name = "two teams"
duration = "6h"
start = "2026-03-02T08:00"
seed = 6
[baseline]
per_hour = 100
channels = { twitter = 0.6, phone = 0.4 }
kinds = { question = 1.0 }
[[team]]
role = "care"
agents = 4
channels = ["phone"]
handle_time = { dist = "exponential", mean = "5m" }
[[team]]
role = "community_manager"
agents = 2
channels = ["twitter"]
handle_time = { dist = "exponential", mean = "5m" }
[protocol]
sla = { twitter = "30m", phone = "5m" }
patience = { dist = "exponential", mean = "30m" }
"""

SHIFTS = """\
[[shift]]
name = "phones"
team = "care"
length = "4h"
starts = { every = "1h" }

[[shift]]
name = "social"
team = "community_manager"
length = "3h"
starts = { every = "1h" }
break = { length = "30m", earliest = "1h", latest = "2h" }
"""

BASE = ["--reps", "3", "--workers", "1", "--sl", "0.8", "--max-missed", "0.05"]


@pytest.fixture
def two(tmp_path: Path) -> Path:
    path = tmp_path / "two.toml"
    path.write_text(TWO_TEAMS)
    return path


def _shifts(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "shifts.toml"
    path.write_text(text)
    return path


@pytest.mark.slow
def test_every_team_gets_a_roster_proven_together_that_runs(two, tmp_path, capsys):
    out = tmp_path / "plan"
    shifts = _shifts(tmp_path, SHIFTS)
    args = ["plan", str(two), *BASE, "--role", "all", "--shifts", str(shifts)]
    assert main([*args, "--json", "--out", str(out)]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["meets_targets"] is True
    teams = {s["team"] for s in printed["shifts"]}
    assert teams == {"care", "community_manager"}
    lengths = {s["team"]: s["length_min"] for s in printed["shifts"]}
    assert lengths == {"care": 240, "community_manager": 180}
    hours = sum(s["people"] * s["length_min"] / 60 for s in printed["shifts"])
    assert printed["agent_hours"] == pytest.approx(hours)
    assert printed["lower_bound_agent_hours"] <= printed["agent_hours"] + 1e-9
    for role in ("care", "community_manager"):
        mine = printed["by_team"][role]
        assert mine["roster"]["meets_targets"] is True
        assert all(s["team"] == role for s in mine["shifts"])
        for iv in mine["intervals"]:
            assert iv["check"]["schedule"] == "roster" and iv["check"]["meets"]
    for iv in printed["intervals"]:
        for role in ("care", "community_manager"):
            assert iv["scheduled"][role] >= iv["required"][role]
    with (out / "roster.csv").open() as f:
        assert {r["team"] for r in csv.DictReader(f)} == teams
    written = tomllib.loads((out / "roster.toml").read_text())
    assert all("schedule" in t and "agents" not in t for t in written["team"])
    assert main(["run", str(out / "roster.toml"), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["service_level"] >= 0.8 and summary["missed_rate"] <= 0.05


def test_a_pattern_for_a_team_the_scenario_lacks_is_named(two, tmp_path, capsys):
    shifts = _shifts(tmp_path, SHIFTS.replace('team = "community_manager"', 'team = "pr"'))
    assert main(["plan", str(two), *BASE, "--role", "all", "--shifts", str(shifts)]) == 2
    err = capsys.readouterr().err
    assert f"{shifts}:9: shift[2].team: no team called 'pr'" in err
    assert "care, community_manager" in err and "Traceback" not in err


def test_a_team_with_no_pattern_is_refused_before_anything_runs(two, tmp_path, capsys):
    only_care = SHIFTS.split("\n\n")[0] + "\n"
    shifts = _shifts(tmp_path, only_care)
    assert main(["plan", str(two), *BASE, "--role", "all", "--shifts", str(shifts)]) == 2
    err = capsys.readouterr().err
    assert "has no shift pattern for team 'community_manager'" in err


def test_a_pattern_without_a_team_serves_every_team(two, tmp_path, capsys):
    shifts = _shifts(tmp_path, '[[shift]]\nlength = "3h"\nstarts = { every = "1h" }\n')
    args = ["plan", str(two), *BASE, "--role", "all", "--shifts", str(shifts), "--json"]
    assert main(args) == 0
    printed = json.loads(capsys.readouterr().out)
    assert {s["team"] for s in printed["shifts"]} == {"care", "community_manager"}


def test_plans_that_did_not_settle_say_which_teams_fall_short():
    """The trial read 'NOT settled' and nothing else: four plans to take or leave blind."""
    from types import SimpleNamespace

    from sim.analysis.checking import Check
    from tui.cli.plan_output import _unsettled

    def plan(below: int) -> SimpleNamespace:
        return SimpleNamespace(checks=[Check("plan", 100.0, below, 0, 0.8, 0.01)])

    result = SimpleNamespace(plans={"social": plan(0), "chat": plan(4), "phone": plan(1)})
    text = _unsettled(result)  # type: ignore[arg-type]
    assert "Use with care" in text and "chat 4 intervals, phone 1 interval" in text
    assert "social" not in text

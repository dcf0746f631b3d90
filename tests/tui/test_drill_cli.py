"""The trainer's tools on the command line: `drills`, `validate` on drills, headless drills."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sim.exercise.loading import resolve_drill
from sim.model.library import resolve
from tui.cli import main


def test_drills_lists_the_bundled_drills(capsys):
    assert main(["drills"]) == 0
    out = capsys.readouterr().out
    for name in ("recall-evening", "outage-evening", "influencer-night"):
        assert name in out
    assert "Recall: the first" in out and "14h" in out


def test_validate_checks_a_drill_file_as_a_drill(tmp_path: Path, capsys):
    assert main(["validate", str(resolve_drill("recall-evening"))]) == 0
    assert "drill 'Recall: the first evening'" in " ".join(capsys.readouterr().out.split())
    bad = tmp_path / "bad.toml"
    bad.write_text('[drill]\nname = "x"\nscenario = "recall"\nseed = -1\n', encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:4: drill.seed" in err and "[scenario]" not in err


def test_a_headless_drill_prints_its_log_and_score_as_json(tmp_path: Path, capsys):
    actions = tmp_path / "team.toml"
    actions.write_text('[[action]]\nat = "13:30"\naction = "holding_statement"\n', "utf-8")
    argv = ["drill", "recall-evening", "--headless", "--actions", str(actions), "--json"]
    assert main(argv) == 0
    first = capsys.readouterr().out
    data = json.loads(first)
    status = {e["inject_id"]: (e["status"], e["how"]) for e in data["score"]["expectations"]}
    assert status["newsflash"][0] == "met" and "13:30" in status["newsflash"][1]
    assert status["coo-faq"] == (
        "missed",
        "no publish_faq on recall-refund by the end (deadline 16:30)",
    )
    assert any(
        line["text"].startswith("holding statement on recall-refund") for line in data["log"]
    )
    assert main(argv) == 0 and capsys.readouterr().out == first  # the same bytes again
    assert main(argv[:-1]) == 0
    out = capsys.readouterr().out
    assert "MET" in out and "MISSED" in out and "overall" in out


def test_a_bad_actions_file_is_one_line_and_exit_2(tmp_path: Path, capsys):
    actions = tmp_path / "team.json"
    actions.write_text('[\n {"at": "13:30", "action": "add_agents", "role": "pilots"}\n]', "utf-8")
    argv = ["drill", "recall-evening", "--headless", "--actions", str(actions)]
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"surgedesk: {actions}:2: action[1].role: no team called 'pilots'")
    assert "\n" not in err
    assert main(["drill", "recall-evening", "--actions", str(actions)]) == 2
    assert "--headless" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("at", "told"),
    [
        ("07:00", "07:00 is before the run starts at 08:00"),
        ("15h", "15h is past the end of the run (14h)"),
    ],
)
def test_an_action_outside_the_drill_names_the_drill_window(tmp_path: Path, capsys, at, told):
    actions = tmp_path / "team.toml"
    actions.write_text(f'[[action]]\nat = "{at}"\naction = "holding_statement"\n', "utf-8")
    assert main(["drill", "recall-evening", "--headless", "--actions", str(actions)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"surgedesk: {actions}:2: action[1].at: {told}")
    assert err.endswith("expected a clock time from 08:00 to 22:00, or a duration under 14h")


def test_an_action_on_a_topic_the_drill_never_has_is_a_typo(tmp_path: Path, capsys):
    actions = tmp_path / "team.toml"
    typo = '[[action]]\nat = "13:40"\naction = "publish_faq"\ntopic = "recal-refund"\n'
    actions.write_text(typo, "utf-8")
    assert main(["drill", "recall-evening", "--headless", "--actions", str(actions)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"surgedesk: {actions}:4: action[1].topic: no topic 'recal-refund'")
    assert "did you mean 'recall-refund'?" in err
    surge = '[[action]]\nat = "13:35"\naction = "trigger_surge"\ntopic = "smoke"\nshape = "shock"'
    surge += '\npeak_per_hour = 50\nhalf_life = "1h"\n\n'
    actions.write_text(surge + typo.replace("recal-refund", "smoke"), "utf-8")
    assert main(["drill", "recall-evening", "--headless", "--actions", str(actions)]) == 0


def test_a_drill_file_and_a_scenario_file_given_to_the_wrong_verb_are_named(capsys):
    """Not "scenario: this key is required and missing (and 8 more problems)"."""
    drill, scenario = resolve_drill("recall-evening"), resolve("recall")
    assert main(["run", str(drill)]) == 2
    assert f"{drill}: this is a drill file" in capsys.readouterr().err
    assert main(["drill", str(scenario), "--headless"]) == 2
    assert f"{scenario}: this is a scenario file, not a drill" in capsys.readouterr().err


HUGE = 'shape = "viral", topic = "x", seed_posts = 1000000, branching = 0.99'


@pytest.mark.parametrize("where", ["inject", "actions"])
def test_a_headless_drill_over_the_budget_is_refused_before_it_runs(tmp_path: Path, capsys, where):
    """A huge surge in a drill's inject or in the team's actions file ran without end
    (trial 3): the headless drill checked no budget."""
    drill = tmp_path / "big.toml"
    text = '[drill]\nname = "big"\nscenario = "recall"\nduration = "14h"\n'
    if where == "inject":
        text += '[[inject]]\nid = "boom"\nat = "6h"\ntitle = "boom"\n'
        text += f'action = {{ action = "trigger_surge", {HUGE} }}\n'
    drill.write_text(text, encoding="utf-8")
    argv = ["drill", str(drill), "--headless"]
    if where == "actions":
        actions = tmp_path / "team.toml"
        body = HUGE.replace(", ", "\n")
        actions.write_text(f'[[action]]\nat = "13:30"\naction = "trigger_surge"\n{body}\n', "utf-8")
        argv += ["--actions", str(actions)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "this would make about 100,00" in err and "the budget is 5,000,000" in err

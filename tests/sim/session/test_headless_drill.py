"""Fair scoring, played headless on `recall-evening` from files of timed team actions."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.engine.replay import replay
from sim.exercise.actions_file import load_actions
from sim.exercise.build import BuiltDrill
from sim.model import actions as act
from sim.model.errors import ScenarioError
from sim.session.drill import DrillSession
from sim.session.headless import HeadlessDrill, play

TOML = '[[action]]\nat = "{at}"\naction = "{action}"\n'
CARE = TOML.format(at="14:30", action="add_agents") + 'role = "care"\ncount = 2\n'


def played(built: BuiltDrill, tmp_path: Path, text: str, name: str = "a.toml") -> HeadlessDrill:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return play(DrillSession.start(built), load_actions(path, built.scenario))


def by_id(result: HeadlessDrill) -> dict[str, tuple[str, str]]:
    return {e.inject_id: (e.status, e.how) for e in result.score.expectations}


def test_a_statement_at_the_legal_heads_up_and_the_faq_a_player_starts_are_met(built, tmp_path):
    text = '[[action]]\nat = "13:30"\naction = "holding_statement"\n'
    text += '[[action]]\nat = "14:40"\naction = "publish_faq"\n'
    result = played(built, tmp_path, text)
    # The topic-less statement at 13:30 goes to the recall (the newsflash's expectation is
    # open once legal's heads-up shows), not to "delivery", the top topic at 13:30.
    assert result.sent[0].action == act.HoldingStatement(topic="recall-refund")
    assert result.sent[0].at == 330.0
    assert any("holding statement on recall-refund" in line.text for line in result.log)
    status, how = by_id(result)["newsflash"]
    assert status == "met"
    assert "at 13:30, 30m before the inject, still in force until 17:30" in how
    status, how = by_id(result)["coo-faq"]
    assert status == "met"
    assert how == "FAQ on recall-refund started by the team at 14:40, published 15:55"
    # What was sent is what replays: the same run, bit for bit.
    again = replay(built.scenario, built.seed, list(result.sent))
    assert again.summary() == result.score.summary


def test_doing_nothing_misses_the_statement(built, tmp_path):
    result = played(built, tmp_path, "")
    status, how = by_id(result)["newsflash"]
    assert status == "missed"
    assert how == "no holding_statement on recall-refund by the end (deadline 14:30)"
    assert by_id(result)["sick-calls"][0] == "missed"
    # The FAQ waits for a player: the drill puts its process's trigger out of reach, so a
    # team that does nothing gets no free point (trial 3: the process met it at 14:04).
    assert by_id(result)["coo-faq"][0] == "missed"
    assert result.score.overall == 0
    assert all(e.how for e in result.score.expectations)  # every result carries evidence


def test_a_statement_at_14_45_is_late(built, tmp_path):
    text = '[{"at": "6h45m", "action": "holding_statement", "topic": "recall-refund"}]'
    result = played(built, tmp_path, text, "a.json")
    status, how = by_id(result)["newsflash"]
    assert status == "late"
    assert how.endswith("at 14:45, 15m after the deadline 14:30")
    # Topic-less at 14:45 the statement still goes where the team meant: the recall.
    plain = played(built, tmp_path, '[[action]]\nat = "14:45"\naction = "holding_statement"\n')
    assert plain.sent[0].action == act.HoldingStatement(topic="recall-refund")
    assert by_id(plain)["newsflash"][0] == "late"


def test_cover_added_for_a_while_before_the_sick_calls_counts(built, tmp_path):
    text = (
        TOML.format(at="14:30", action="add_agents") + 'role = "care"\ncount = 2\nduration = "4h"\n'
    )
    result = played(built, tmp_path, text)
    status, how = by_id(result)["sick-calls"]
    assert status == "met" and "30m before the inject, still in force until 18:30" in how
    # A permanent add before the sick calls is the situation they meet, not cover.
    text = CARE
    assert by_id(played(built, tmp_path, text))["sick-calls"][0] == "missed"


JSON_TWO = '[\n  {"at": "13:30", "action": "publish_faq"},\n  {"at": "14:00",\n   "action": %s}\n]'


@pytest.mark.parametrize(
    ("name", "text", "where"),
    [
        ("a.toml", TOML.format(at="13:30", action="holding_x"), "a.toml:3: action[1].action"),
        ("a.toml", CARE.replace('"care"', '"pilots"'), "a.toml:4: action[1].role"),
        ("a.toml", TOML.format(at="25:00", action="publish_faq"), "a.toml:2: action[1].at"),
        ("a.toml", TOML.format(at="30h", action="publish_faq"), "a.toml:2: action[1].at"),
        ("a.toml", '[[action]]\naction = "publish_faq"\n', "a.toml:1: action[1]"),
        ("a.json", JSON_TWO % '"add_agents", "cont": 2', "a.json:3: action[2].cont"),
    ],
)  # fmt: skip
def test_errors_in_an_actions_file_name_file_line_and_key(built, tmp_path, name, text, where):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        load_actions(path, built.scenario)
    assert str(err.value).startswith(str(tmp_path / where))

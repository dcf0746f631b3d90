"""Drills: loading with clear errors, building, scoring and the counterfactual."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from sim.engine.core import Engine, TimedAction
from sim.engine.replay import replay
from sim.exercise.drill import (
    INFLUENCER_REACH,
    BuiltDrill,
    build,
    bundled_drills,
    counterfactual,
    load_drill,
    parse_drill,
    resolve_drill,
    score,
)
from sim.model import actions as act
from sim.model.errors import ScenarioError
from sim.model.scenario import Scenario
from tests.fixtures import DRILL_INJECTS, drill_header

Played = tuple[BuiltDrill, Engine, list[TimedAction]]

HEADER = drill_header()

SCORING = (
    HEADER
    + DRILL_INJECTS
    + """\

[[objective]]
metric = "service_level"
op = ">="
target = 0.0

[[objective]]
metric = "missed_rate"
op = "<="
target = 0.0

[[objective]]
metric = "first_response_influencer_min"
op = "<="
target = 100000
"""
)


def write(tmp_path: Path, text: str, name: str = "drill.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


# ---------------------------------------------------------------------- validation


@pytest.mark.parametrize(
    ("tail", "needle", "key", "words"),
    [
        (
            '\n[[inject]]\nid = "a"\nat = "1h"\ntitle = "t"\ncolour = "red"\n',
            "colour",
            "inject[1].colour",
            "unknown key; expected one of: id, at, title",
        ),
        (
            '\n[[inject]]\nid = "a"\nat = "1h"\ntitle = "t"\n'
            'action = { action = "hire_agents", count = 2 }\n',
            "hire_agents",
            "inject[1].action",
            "expected one of add_agents",
        ),
        (
            '\n[[inject]]\nid = "a"\nat = "1h"\ntitle = "t"\n'
            'action = { action = "remove_agents", role = "night" }\n',
            "night",
            "inject[1].action.role",
            "no team called 'night'",
        ),
        (
            '\n[[inject]]\nid = "a"\nat = "1h"\ntitle = "t"\n'
            'expect = { action = "add_agents", within = "30" }\n',
            "within",
            "inject[1].expect.within",
            "expected a duration with a unit",
        ),
        (
            '\n[[inject]]\nid = "a"\nat = "1h"\ntitle = "t"\n'
            'expect = { action = "publish_faq", within = "2h", topic = "recal-refund" }\n',
            "recal-refund",
            "inject[1].expect.topic",
            "no topic 'recal-refund' in this drill (topics: general, delivery",
        ),
        (
            '\n[[inject]]\nid = "a"\nat = "1h"\ntitle = "t"\n'
            'expect = { action = "publish_faq", within = "2h", role = "care" }\n',
            "role",
            "inject[1].expect.role",
            "publish_faq takes no role",
        ),
        (
            '\n[[inject]]\nid = "a"\nat = "11h"\ntitle = "t"\n',
            'at = "11h"',
            "inject[1].at",
            "before the drill ends (10h)",
        ),
        (
            '\n[[objective]]\nmetric = "happiness"\nop = ">="\ntarget = 1\n',
            "happiness",
            "objective[1].metric",
            "expected one of",
        ),
    ],
)
def test_bad_drill_names_file_line_and_key(
    tmp_path: Path, tail: str, needle: str, key: str, words: str
) -> None:
    text = HEADER + tail
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError) as info:
        load_drill(path)
    message = str(info.value)
    assert message.startswith(f"{path}:{line_of(text, needle)}: {key}: "), message
    assert words in message


def test_unknown_scenario_points_at_the_scenario_key(tmp_path: Path) -> None:
    text = HEADER.replace('"recall"', '"recal"')
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError) as info:
        load_drill(path)
    assert str(info.value).startswith(f"{path}:3: drill.scenario: no such file or bundled")


def test_relative_scenario_path_is_read_from_the_drill_folder(tmp_path: Path) -> None:
    from sim.model.library import resolve

    (tmp_path / "sc").mkdir()
    (tmp_path / "sc" / "mine.toml").write_text(resolve("recall").read_text(), encoding="utf-8")
    path = write(tmp_path, HEADER.replace('"recall"', '"sc/mine.toml"'))
    assert build(load_drill(path)).scenario.meta.name == "Washing machine recall"
    missing = write(tmp_path, HEADER.replace('"recall"', '"sc/other.toml"'), "m.toml")
    with pytest.raises(ScenarioError, match=r"m\.toml:3: drill\.scenario: no scenario file"):
        load_drill(missing)


def test_bad_override_names_the_override(tmp_path: Path) -> None:
    text = HEADER + 'overrides = { "team.care.agents" = -1 }\n'
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError) as info:
        load_drill(path)
    message = str(info.value)
    assert message.startswith(f"{path}:6: drill.overrides.team.care.agents: team[1].agents")


def test_duplicate_inject_ids_are_refused(tmp_path: Path) -> None:
    one = '\n[[inject]]\nid = "a"\nat = "1h"\ntitle = "t"\n'
    with pytest.raises(ScenarioError, match=r":13: inject\[2\]\.id: two injects share"):
        parse_drill(HEADER + one + one, "d.toml")


# ---------------------------------------------------------------------- building


def test_build_appends_scripted_actions_and_applies_overrides(tmp_path: Path) -> None:
    text = HEADER + 'overrides = { "team.care.agents" = 5 }\n' + SCORING[len(HEADER) :]
    built = build(load_drill(write(tmp_path, text)))
    assert built.seed == 7
    assert built.scenario.meta.duration == 600.0
    assert built.scenario.team[0].agents == 5
    scripted = built.scenario_data["inject"]
    assert scripted == [{"at": "420.0m", "action": "remove_agents", "role": "care", "count": 3}]
    # The stored data alone (a JSON round trip, as the run store keeps it) plays the script.
    again = Scenario.model_validate(json.loads(json.dumps(built.scenario_data, default=str)))
    engine = Engine(again, built.seed)
    engine.run_until(421)
    assert [(e.t, e.text) for e in engine.log if e.kind == "action"] == [(420.0, "-3 care agents")]
    assert engine.groups[0].on_shift == 2


def test_bundled_drills_load_and_follow_the_format() -> None:
    paths = bundled_drills()
    assert len(paths) >= 3
    for path in paths:
        drill = load_drill(path)
        assert resolve_drill(path.stem) == path
        assert 4 <= len(drill.injects) <= 8, path.name
        assert 2 <= len(drill.objectives) <= 4, path.name
        assert sum(i.expect is not None for i in drill.injects) >= 3, path.name
        built = build(drill)
        assert built.scenario.meta.duration <= 24 * 60


# ---------------------------------------------------------------------- scoring


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> Played:
    """The scoring drill played headlessly: one response on time, one late, one never."""
    path = write(tmp_path_factory.mktemp("drill"), SCORING)
    built = build(load_drill(path))
    engine = Engine(built.scenario, built.seed)
    live = [
        TimedAction(370.0, act.HoldingStatement(topic="recall-refund")),  # 10 min in: met
        TimedAction(510.0, act.AddAgents("care", 3)),  # deadline 480: 30 min late
    ]
    for timed in live:
        engine.run_until(timed.at)
        engine.apply(timed.action)
    engine.run_until(engine.duration)
    return built, engine, live


def test_score_met_late_missed_with_evidence(played: Played):
    built, engine, live = played
    sc = score(built.drill, engine, live)
    by_id = {e.inject_id: e for e in sc.expectations}
    news, sick, faq = by_id["news"], by_id["sick"], by_id["faq"]
    assert news.status == "met" and news.evidence == live[0] and news.late_by is None
    assert news.deadline == 390.0
    assert sick.status == "late" and sick.evidence == live[1] and sick.late_by == 30.0
    assert sick.evidence_index == 1
    assert faq.status == "missed" and faq.evidence is None
    assert (sc.count("met"), sc.count("late"), sc.count("missed")) == (1, 1, 1)


def test_objectives_pass_and_fail_with_measured_values(played):
    built, engine, live = played
    sc = score(built.drill, engine, live)
    summary = engine.summary()
    sl, missed, influencer = sc.objectives
    assert sl.passed and sl.value == summary.service_level
    assert not missed.passed and missed.value == summary.missed_rate > 0
    waits = [
        m.wait
        for m in engine.mentions
        if m.reach >= INFLUENCER_REACH and m.t_start >= 0 and m.handled_by not in ("", "advocate")
    ]
    assert waits and influencer.value == pytest.approx(sum(waits) / len(waits))
    assert influencer.passed
    # (1 met + 0.5 late + 0 missed + 2 objectives passed) / 6 items
    assert sc.overall == pytest.approx(3.5 / 6)


def test_action_before_the_inject_or_already_used_does_not_count(played):
    built, engine, _ = played
    early = [
        TimedAction(300.0, act.HoldingStatement(topic="recall-refund")),  # before the news
        TimedAction(500.0, act.PublishFaq(topic="billing")),  # another topic
    ]
    sc = score(built.drill, engine, early)
    assert [e.status for e in sc.expectations] == ["missed", "missed", "missed"]
    # An action without a topic ("the top topic") answers a topic expectation.
    sc = score(built.drill, engine, [TimedAction(500.0, act.PublishFaq())])
    assert sc.expectations[2].status == "met"


def test_unfinished_run_leaves_future_deadlines_pending(played):
    built, _, _ = played
    engine = Engine(built.scenario, built.seed)
    engine.run_until(400.0)
    statuses = [e.status for e in score(built.drill, engine, []).expectations]
    assert statuses == ["missed", "pending", "pending"]


# ---------------------------------------------------------------------- counterfactual


def test_counterfactual_moves_the_late_action_and_equals_a_direct_replay(played):
    built, engine, live = played
    sc = score(built.drill, engine, live)
    cf = counterfactual(built, live, sc, insert_missed=False)
    assert [(c.kind, c.at, c.was_at) for c in cf.changes] == [("moved", 480.0, 510.0)]
    assert cf.actual == engine.summary()  # the replay of the live run is exact
    direct = replay(built.scenario, built.seed, [live[0], TimedAction(480.0, live[1].action)])
    assert cf.counterfactual == direct.summary()
    assert cf.missed_counterfactual < cf.missed_actual
    assert cf.counterfactual.service_level > cf.actual.service_level
    again = counterfactual(built, live, sc, insert_missed=False)
    assert again.counterfactual == cf.counterfactual  # deterministic


def test_counterfactual_can_insert_missed_responses(played):
    built, engine, live = played
    sc = score(built.drill, engine, live)
    cf = counterfactual(built, live, sc)
    inserted = [c for c in cf.changes if c.kind == "inserted"]
    assert [(c.inject_id, c.at, c.action) for c in inserted] == [
        ("faq", 540.0, act.PublishFaq(topic="recall-refund"))
    ]
    assert TimedAction(540.0, act.PublishFaq(topic="recall-refund")) in cf.live_actions
    assert not math.isnan(cf.counterfactual.service_level)

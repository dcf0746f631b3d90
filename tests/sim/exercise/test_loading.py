"""Reading drill files: clear errors naming file, line and key; the bundled drills."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from sim.exercise.build import build
from sim.exercise.loading import bundled_drills, load_drill, parse_drill, resolve_drill
from sim.model.errors import ScenarioError

Write = Callable[..., Path]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


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
        (  # the recall scenario has no advocates: the action would be "no effect" (trial)
            '\n[[inject]]\nid = "a"\nat = "1h"\ntitle = "t"\n'
            'expect = { action = "mobilize_advocates", within = "1h" }\n',
            "mobilize_advocates",
            "inject[1].expect.action",
            "mobilize_advocates has no effect: the scenario has no [advocates] section",
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
        (  # a table of figures, not a number: the trial's crash
            '\n[[objective]]\nmetric = "by_channel"\nop = ">="\ntarget = 1\n',
            "by_channel",
            "objective[1].metric",
            "expected one of",
        ),
    ],
)
def test_bad_drill_names_file_line_and_key(
    tmp_path: Path, header: str, write: Write, tail: str, needle: str, key: str, words: str
) -> None:
    text = header + tail
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError) as info:
        load_drill(path)
    message = str(info.value)
    assert message.startswith(f"{path}:{line_of(text, needle)}: {key}: "), message
    assert words in message


def test_unknown_scenario_points_at_the_scenario_key(
    tmp_path: Path, header: str, write: Write
) -> None:
    text = header.replace('"recall"', '"recal"')
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError) as info:
        load_drill(path)
    assert str(info.value).startswith(f"{path}:3: drill.scenario: no such file or bundled")


def test_relative_scenario_path_is_read_from_the_drill_folder(
    tmp_path: Path, header: str, write: Write
) -> None:
    from sim.model.library import resolve

    (tmp_path / "sc").mkdir()
    (tmp_path / "sc" / "mine.toml").write_text(resolve("recall").read_text(), encoding="utf-8")
    path = write(tmp_path, header.replace('"recall"', '"sc/mine.toml"'))
    assert build(load_drill(path)).scenario.meta.name == "Washing machine recall"
    missing = write(tmp_path, header.replace('"recall"', '"sc/other.toml"'), "m.toml")
    with pytest.raises(ScenarioError, match=r"m\.toml:3: drill\.scenario: no scenario file"):
        load_drill(missing)


def test_bad_override_names_the_override(tmp_path: Path, header: str, write: Write) -> None:
    text = header + 'overrides = { "team.care.agents" = -1 }\n'
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError) as info:
        load_drill(path)
    message = str(info.value)
    assert message.startswith(f"{path}:6: drill.overrides.team.care.agents: team[1].agents")


def test_duplicate_inject_ids_are_refused(header: str) -> None:
    one = '\n[[inject]]\nid = "a"\nat = "1h"\ntitle = "t"\n'
    with pytest.raises(ScenarioError, match=r":13: inject\[2\]\.id: two injects share"):
        parse_drill(header + one + one, "d.toml")


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

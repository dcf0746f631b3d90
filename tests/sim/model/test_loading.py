"""Loading a scenario file: one clear message for each kind of mistake, naming where."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sim.model.errors import ScenarioError
from sim.model.loading import load_scenario
from tui.cli import main

MISTAKES = [
    # (what, edit of the base scenario, line, key, words the message must contain)
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
    # patience is a distribution or a table of them by channel: one reading's complaint only
    ("patience of zero",
     (None, '\n[protocol]\npatience = { dist = "exponential", mean = "0s" }\n'), 15,
     "protocol.patience", "mean must be greater than zero"),
    ("patience of zero on one channel",
     (None, '\n[protocol]\npatience = { twitter = { dist = "exponential", mean = "0s" } }\n'),
     15, "protocol.patience.twitter", "mean must be greater than zero"),
    ("inject on a topic nobody posts about",
     (None, '\n[[inject]]\nat = "1h"\naction = "publish_faq"\ntopic = "genral"\n'), 17,
     "inject[1].topic", "no topic 'genral' in this scenario; did you mean 'general'?"),
    ("patience without dist",
     (None, '\n[protocol]\npatience = { mean = "3m" }\n'), 15, "protocol.patience",
     "a distribution needs `dist`"),
]  # fmt: skip


def edited(base: str, edit: tuple[str | None, str]) -> str:
    old, new = edit
    return base + new if old is None else base.replace(old, new, 1)


@pytest.mark.parametrize(
    ("what", "edit", "line", "key", "words"), MISTAKES, ids=[m[0] for m in MISTAKES]
)
def test_each_mistake_gets_one_clear_message(what, edit, line, key, words, base, tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_text(edited(base, edit))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    err = caught.value
    assert (err.file, err.line, err.key) == (str(path), line, key), str(err)
    assert words in err.expected

    assert main(["validate", str(path)]) == 2
    printed = capsys.readouterr().err
    assert printed.strip() == f"{path}:{line}: {key}: {err.expected}"
    assert "Traceback" not in printed


def test_malformed_toml_names_the_line(base, tmp_path, capsys):
    path = tmp_path / "bad.toml"
    path.write_text(base.replace("agents = 3", "agents = 3\n[oops"))
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


def test_non_utf8_file(base, tmp_path, capsys):
    path = tmp_path / "latin1.toml"
    path.write_bytes(base.replace('"x"', '"caf\xe9"').encode("latin-1"))
    assert main(["validate", str(path)]) == 2
    assert "expected UTF-8 text" in capsys.readouterr().err


def test_a_file_saved_with_a_byte_order_mark_and_crlf_reads_as_written(base, tmp_path):
    """As Windows Notepad saves it: the mark is not content, and the lines still count."""
    path = tmp_path / "notepad.toml"
    path.write_bytes(b"\xef\xbb\xbf" + base.replace("\n", "\r\n").encode("utf-8"))
    assert load_scenario(path).meta.name == "x"
    path.write_bytes(path.read_bytes().replace(b"agents = 3", b"agents = -3"))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert (caught.value.line, caught.value.key) == (11, "team[1].agents")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_nobody_writes_to_is_refused_not_waited_on(tmp_path, capsys):
    pipe = tmp_path / "pipe.toml"
    os.mkfifo(pipe)
    assert main(["validate", str(pipe)]) == 2  # before: blocked forever in open()
    assert "a pipe with nothing written to it" in capsys.readouterr().err


def test_a_scenario_or_drill_piped_in_is_read_although_validate_reads_it_twice(capsys):
    """`validate` asks "is it a drill?" and then loads it: a pipe gives its bytes once."""
    from sim.exercise.loading import resolve_drill
    from sim.model.library import resolve

    cases = [
        (resolve("recall"), "Washing machine recall"),
        (resolve_drill("recall-evening"), "drill 'Recall: the first evening'"),
    ]
    for path, said in cases:
        read, write = os.pipe()
        os.write(write, path.read_bytes())
        os.close(write)
        try:
            assert main(["validate", f"/dev/fd/{read}"]) == 0
        finally:
            os.close(read)
        assert said in capsys.readouterr().out


def test_a_device_is_refused_at_once(capsys):
    assert main(["validate", "/dev/zero"]) == 2
    assert "/dev/zero: a device, not a file: expected a scenario" in capsys.readouterr().err


def test_several_files_are_all_checked(base, tmp_path, capsys):
    good = tmp_path / "good.toml"
    good.write_text(base)
    bad = tmp_path / "bad.toml"
    bad.write_text(base.replace("agents = 3", "agents = -3"))
    assert main(["validate", str(bad), str(good)]) == 2
    captured = capsys.readouterr()
    assert "good.toml" in captured.out and "bad.toml:11" in captured.err


def test_validate_lists_every_problem_and_run_names_the_first(base, tmp_path, capsys):
    path = tmp_path / "bad.toml"
    text = base.replace("agents = 3", 'agents = "three"\ncolour = "red"')
    path.write_text(text.replace("[scenario]", '[scenario]\nseed = "x"', 1))
    assert main(["validate", str(path)]) == 2
    lines = capsys.readouterr().err.splitlines()
    keys = [line.split(": ")[1] for line in lines]
    assert keys == ["scenario.seed", "team[1].agents", "team[1].colour"], lines
    assert all(line.startswith(f"{path}:") for line in lines)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert str(caught.value) == f"{lines[0]} (and 2 more problems)"


def test_a_misspelt_key_is_named_with_the_key_it_stands_for(base, tmp_path, capsys):
    path = tmp_path / "typo.toml"
    path.write_text(
        base.replace("per_hour = 60", "per_huor = 60").replace("agents = 3", "agnets = 3")
    )
    assert main(["validate", str(path)]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert any(
        line.endswith(
            "baseline.per_hour: this key is required and missing (line 6 has 'per_huor': misspelt?)"
        )
        for line in lines
    ), lines
    assert any(
        line.endswith("baseline.per_huor: unknown key; did you mean 'per_hour'?") for line in lines
    )
    assert any(
        line.endswith("team[1].agnets: unknown key; did you mean 'agents'?") for line in lines
    )


@pytest.mark.parametrize(
    ("text", "line", "key"),
    [
        ('"function-after" = 3\n[scenario]\nname = "x"\n', 1, "function-after"),
        ('[scenario]\nname = "x"\n"team[1]" = 3\n', 3, "scenario.team[1]"),
    ],
)
def test_an_unknown_key_that_looks_like_a_validator_tag_is_named_as_written(
    text, line, key, tmp_path, capsys
):
    """Keys with brackets or pydantic's tag names were taken for its tags: an internal
    error at the top level, and the wrong key one level down."""
    path = tmp_path / "odd.toml"
    path.write_text(text, encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    assert f"{path}:{line}: {key}: unknown key" in capsys.readouterr().err

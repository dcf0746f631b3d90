"""Locating pydantic error paths in TOML text (sim.model.tomlpos)."""

from __future__ import annotations

import tomllib

import pytest

from sim.model.tomlpos import line_of

SCENARIO = '''\
# Washing machine recall. A [fake] header and a [[surge]] in a comment must not count.
[scenario]
name = "Recall [v2] # not a comment"   # brackets in a string, and a comment
description = """
[fake]
[[surge]]
peak_per_hour = 1 # this is text, not a key
"""
duration = "72h"
start = 2026-03-02 08:00:00
seed = 7

[baseline]
per_hour = 40
daily_profile = [
    0.45, 0.30, 0.22, 0.18, 0.18, 0.25,  # night [low]
    0.45, 0.75, 1.00, 1.15, 1.25, 1.35,  # morning ]
    1.45, 1.40, 1.30, 1.25, 1.25, 1.30,
    1.40, 1.50, 1.55, 1.45, 1.15, 0.75,
]
channels = { twitter = 0.4, facebook = 0.25, "forum" = 0.35 }
kinds = { question = 0.5, complaint = 0.5 }
reach.alpha = 2.0
"odd key" = 1

[[surge]]
name = "Recall announced"
at = "6h"
shape = "shock"
peak_per_hour = 900
half_life = "8h"

[[surge]]
name = 'Influencer video ]]'
at = "30h"
shape = "wave"
peak_per_hour = 1200

[[team]]
role = "care"
channels = ["twitter", "facebook",
            "email"]
handle_time = { dist = "lognormal", mean = "6m", sd = "4m" }

[[team.shift]]
start = "08:00"
end = "16:00"
agents = 6

[[team.shift]]
start = "16:00"
end = "24:00"
agents = 3

[[team]]
role = "pr"
handle_time = """\\
  a "quoted" word, then "" and [[team.shift]]"""

[[team.shift]]
start = "09:00"
end = "17:00"
agents = 2

[protocol]
respond_to = ["question", "complaint", "crisis"]
sla = { twitter = "1h", facebook = "2h", email = "24h", phone = "5m" }
patience = { dist = "exponential", mean = "3h" }
'''

# (loc, expected line, text that line must hold: guards the table when the file is edited)
CASES: list[tuple[tuple[str | int, ...], int, str]] = [
    (("scenario",), 2, "[scenario]"),
    (("scenario", "name"), 3, "name ="),
    (("scenario", "description"), 4, "description ="),
    (("scenario", "duration"), 9, "duration ="),
    (("scenario", "start"), 10, "start ="),
    (("scenario", "seed"), 11, "seed ="),
    (("baseline",), 13, "[baseline]"),
    (("baseline", "daily_profile"), 15, "daily_profile ="),
    (("baseline", "daily_profile", 5), 15, "daily_profile ="),
    (("baseline", "daily_profile", 20), 15, "daily_profile ="),
    (("baseline", "channels"), 21, "channels ="),
    (("baseline", "channels", "twitter"), 21, "twitter ="),
    (("baseline", "channels", "forum"), 21, '"forum" ='),
    (("baseline", "kinds", "complaint"), 22, "complaint ="),
    (("baseline", "reach"), 23, "reach.alpha"),
    (("baseline", "reach", "alpha"), 23, "reach.alpha"),
    (("baseline", "odd key"), 24, '"odd key"'),
    (("surge",), 26, "[[surge]]"),
    (("surge", 0), 26, "[[surge]]"),
    (("surge", 0, "peak_per_hour"), 30, "peak_per_hour = 900"),
    (("surge", 1), 33, "[[surge]]"),
    (("surge", 1, "name"), 34, "name ="),
    (("surge", 1, "peak_per_hour"), 37, "peak_per_hour = 1200"),
    (("team", 0, "role"), 40, 'role = "care"'),
    (("team", 0, "channels", 2), 41, "channels ="),
    (("team", 0, "handle_time"), 43, "handle_time ="),
    (("team", 0, "handle_time", "lognormal", "sd"), 43, "sd ="),
    (("team", 0, "shift"), 45, "[[team.shift]]"),
    (("team", 0, "shift", 0, "agents"), 48, "agents = 6"),
    (("team", 0, "shift", 1), 50, "[[team.shift]]"),
    (("team", 0, "shift", 1, "end"), 52, 'end = "24:00"'),
    (("team", 1), 55, "[[team]]"),
    (("team", 1, "role"), 56, 'role = "pr"'),
    (("team", 1, "handle_time"), 57, "handle_time ="),
    (("team", 1, "shift", 0), 60, "[[team.shift]]"),
    (("team", 1, "shift", 0, "start"), 61, 'start = "09:00"'),
    (("protocol", "respond_to", 1), 66, "respond_to ="),
    (("protocol", "sla", "twitter"), 67, "twitter ="),
    (("protocol", "sla", "phone"), 67, "phone ="),
    (("protocol", "patience", "exponential", "mean"), 68, "mean ="),
]

MISSING: list[tuple[tuple[str | int, ...], int, str]] = [
    (("scenario", "warmup"), 2, "[scenario]"),
    (("surge", 1, "rise"), 33, "[[surge]]"),
    (("team", 1, "agents"), 55, "[[team]]"),
    (("team", 0, "shift", 1, "name"), 50, "[[team.shift]]"),
    (("protocol", "sla", "sms"), 67, "sla ="),
    (("protocol", "priority"), 65, "[protocol]"),
    (("team", 0, "handle_time", "function-after[check()]", "sd"), 43, "sd ="),
]


def test_scenario_is_valid_toml() -> None:
    data = tomllib.loads(SCENARIO)
    assert data["scenario"]["description"].startswith("[fake]")
    assert len(data["surge"]) == 2
    assert [len(team["shift"]) for team in data["team"]] == [2, 1]
    assert "[[team.shift]]" in data["team"][1]["handle_time"]


@pytest.mark.parametrize(("loc", "line", "holds"), CASES + MISSING, ids=lambda v: repr(v))
def test_line_of(loc: tuple[str | int, ...], line: int, holds: str) -> None:
    assert holds in SCENARIO.splitlines()[line - 1]
    assert line_of(SCENARIO, loc) == line


@pytest.mark.parametrize(
    "loc", [(), ("advocates",), ("advocates", "delay"), ("fake",), ("surge_x", 0)]
)
def test_nothing_found_is_none(loc: tuple[str | int, ...]) -> None:
    assert line_of(SCENARIO, loc) is None


def test_keys_inside_multiline_string_are_not_keys() -> None:
    # "peak_per_hour" and "[[surge]]" appear in [scenario].description; neither may be indexed
    assert line_of(SCENARIO, ("scenario", "peak_per_hour")) == 2
    assert line_of(SCENARIO, ("surge", 2)) == 26  # only two real [[surge]] headers


def test_dotted_quoted_and_spaced_keys() -> None:
    text = '[a]\nb . "c.d" . e = 1\n\'lit key\' = 2\n"esc\\u0041ped" = 3\n[ a . "x y" ]\nz = 4\n'
    tomllib.loads(text)
    assert line_of(text, ("a", "b")) == 2
    assert line_of(text, ("a", "b", "c.d", "e")) == 2
    assert line_of(text, ("a", "lit key")) == 3
    assert line_of(text, ("a", "escAped")) == 4
    assert line_of(text, ("a", "x y")) == 5
    assert line_of(text, ("a", "x y", "z")) == 6
    assert line_of(text, ("a", "x y", "missing")) == 5


def test_implicit_parent_takes_first_mention_and_explicit_header_wins() -> None:
    text = "[x.y]\nk = 1\n[w]\nj = 2\n[x]\nm = 3\n[p.q]\n"
    tomllib.loads(text)
    assert line_of(text, ("x",)) == 5
    assert line_of(text, ("x", "y", "k")) == 2
    assert line_of(text, ("p", "nothing")) == 7


def test_array_of_inline_tables_over_several_lines() -> None:
    text = (
        "[offline]\n"
        "share = 0.1\n"
        "path = [\n"
        '  { to = "email", delay = "1h" },  # first [hop]\n'
        "\n"
        '  { to = "phone", delay = "2h" },\n'
        "]\n"
        "after = 1\n"
    )
    tomllib.loads(text)
    assert line_of(text, ("offline", "path")) == 3
    assert line_of(text, ("offline", "path", 0, "to")) == 4
    assert line_of(text, ("offline", "path", 1)) == 6
    assert line_of(text, ("offline", "path", 1, "delay")) == 6
    assert line_of(text, ("offline", "path", 1, "missing")) == 6
    assert line_of(text, ("offline", "after")) == 8


def test_inline_table_over_several_lines() -> None:
    # TOML 1.0 (tomllib in 3.11) forbids this, TOML 1.1 allows it; the scanner copes either way
    text = 'sla = {\n  twitter = "1h",  # [x]\n  phone = "5m",\n}\nnext = 1\n'
    assert line_of(text, ("sla", "twitter")) == 2
    assert line_of(text, ("sla", "phone")) == 3
    assert line_of(text, ("next",)) == 5


def test_root_keys_crlf_and_literal_multiline_strings() -> None:
    text = "top = 1\r\nraw = '''\r\n[nope]\r\nx = 'y'\r\n'''\r\n[t]\r\nk = \"\"\r\n"
    tomllib.loads(text)
    assert line_of(text, ("top",)) == 1
    assert line_of(text, ("raw",)) == 2
    assert line_of(text, ("nope",)) is None
    assert line_of(text, ("t", "k")) == 7


def test_invalid_text_does_not_hang_and_keeps_what_it_found() -> None:
    text = "[a]\nk = 1\n= oops\n[b]\n"
    assert line_of(text, ("a", "k")) == 2
    assert line_of(text, ("b",)) is None
    assert line_of('s = "unterminated\n', ("s",)) == 1

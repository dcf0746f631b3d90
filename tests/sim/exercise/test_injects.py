"""Injects without a screen: the script against the clock, the controller's fires, `Fired`."""

from __future__ import annotations

from sim.exercise.injects import Fired, InjectSchedule
from sim.exercise.loading import parse_drill

SCRIPT = """\
[drill]
name = "Schedule"
scenario = "recall"

[[inject]]
id = "late"
at = "2h"
title = "Second"

[[inject]]
id = "early"
at = "1h"
title = "First"
message = "Read me."
kind = "legal"

[[inject]]
id = "same"
at = "1h"
title = "Also first"
"""


def schedule() -> InjectSchedule:
    return InjectSchedule(parse_drill(SCRIPT).injects)


def test_due_injects_come_once_each_by_minute_then_file_order() -> None:
    s = schedule()
    assert s.stops == (60.0, 60.0, 120.0)
    assert s.due(59.9) == []
    first = s.due(60.0)
    assert [(f.id, f.at, f.source) for f in first] == [
        ("early", 60.0, "script"),
        ("same", 60.0, "script"),
    ]
    assert s.due(90.0) == []
    assert [f.id for f in s.due(1000.0)] == ["late"]
    assert s.due(2000.0) == []
    assert [f.id for f in s.fired] == ["early", "same", "late"]


def test_a_clock_that_jumps_gets_every_inject_it_passed() -> None:
    s = schedule()
    assert [f.id for f in s.due(500.0)] == ["early", "same", "late"]
    assert [f.at for f in s.fired] == [60.0, 60.0, 120.0]  # each at its own minute


def test_the_controller_fires_off_script_and_the_script_still_runs() -> None:
    s = schedule()
    assert s.last_id == ""
    fired = s.fire("late", 10.0)
    assert fired == Fired("late", "Second", "", "news", 10.0, "controller")
    assert s.last_id == "late"
    assert s.fire("nobody", 11.0) is None
    assert s.last_id == "late"
    assert [f.id for f in s.due(120.0)] == ["early", "same", "late"]
    assert [(f.id, f.source) for f in s.fired] == [
        ("late", "controller"),
        ("early", "script"),
        ("same", "script"),
        ("late", "script"),
    ]


def test_an_inject_made_up_on_the_spot_is_kept_too() -> None:
    s = schedule()
    surge = Fired("live-surge", "Surge on general", "a shock", "feed", 30.0, "controller")
    assert s.record(surge) is surge
    assert s.fired == [surge] and s.last_id == "live-surge"


def test_fired_keeps_what_was_shown_and_the_store_keeps_its_payload() -> None:
    inject = parse_drill(SCRIPT).inject("early")
    assert inject is not None
    fired = Fired.of(inject, 60.0, "script")
    assert (fired.id, fired.title, fired.message, fired.kind) == (
        "early",
        "First",
        "Read me.",
        "legal",
    )
    assert fired.payload() == {
        "id": "early",
        "title": "First",
        "message": "Read me.",
        "kind": "legal",
    }

"""Stored events read through one typed model, whatever wrote them."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from sim.model import actions as act
from sim.model.scenario import Scenario
from sim.store.events import (
    ActionEvent,
    EventError,
    InjectEvent,
    LogEvent,
    NoteEvent,
    Source,
    is_team,
    parse_event,
)
from sim.store.recorded import load_run
from sim.store.runs import RunStore

SMALL = """\
[scenario]
name = "small"
duration = "3h"

[baseline]
per_hour = 30
channels = { twitter = 1.0 }
kinds = { question = 1.0 }

[[team]]
role = "care"
agents = 2
handle_time = { dist = "exponential", mean = "5m" }

[protocol]
sla = { twitter = "30m" }
patience = { dist = "exponential", mean = "1h" }
"""


def test_each_type_reads_as_its_model() -> None:
    action = parse_event("action", "key", {"action": "add_agents", "role": "care"}, t_sim=3.0)
    assert isinstance(action, ActionEvent) and action.source is Source.KEY
    assert action.name == "add_agents" and action.payload == {
        "action": "add_agents",
        "role": "care",
    }
    sc = Scenario.model_validate(tomllib.loads(SMALL))
    assert action.action(sc) == act.AddAgents("care", 1)
    inject = parse_event(
        "inject", "controller", {"id": "x", "title": "T", "message": "m", "kind": "news"}, t_sim=1
    )
    assert isinstance(inject, InjectEvent) and inject.label == "T"
    assert inject.payload == {"id": "x", "title": "T", "message": "m", "kind": "news"}
    note = parse_event("note", "evaluator", {"text": "ok", "inject_id": "x"}, t_sim=2, seq=4)
    assert isinstance(note, NoteEvent) and note.label == "[x] ok" and note.seq == 4
    log = parse_event("log", "engine", {"step": 1}, t_sim=0)
    assert isinstance(log, LogEvent) and log.payload == {"step": 1}


def test_older_payloads_read_with_defaults() -> None:
    """Runs written before typed events may lack a field; every reader gets the same default."""
    inject = parse_event("inject", "script", {"title": "only a title"}, t_sim=0)
    assert isinstance(inject, InjectEvent)
    assert (inject.id, inject.message, inject.kind, inject.label) == ("", "", "", "only a title")
    assert parse_event("inject", "script", {}, t_sim=0).label == "inject"  # type: ignore[union-attr]
    note = parse_event("note", "lead", {"text": "t", "inject_id": None}, t_sim=0)
    assert isinstance(note, NoteEvent) and note.inject_id == "" and note.source == "lead"


@pytest.mark.parametrize(
    ("type", "source", "payload", "match"),
    [
        ("chat", "key", {}, "type"),
        ("action", "evaluator", {"action": "publish_faq"}, "source"),
        ("inject", "key", {}, "source"),
        ("note", "evaluator", {"text": ["not", "text"]}, "text"),
    ],
)
def test_bad_events_say_what_is_wrong(
    type: str, source: str, payload: dict[str, object], match: str
) -> None:
    with pytest.raises(EventError, match=match):
        parse_event(type, source, payload, t_sim=0)


def test_team_actions_are_defined_once() -> None:
    def action(source: str) -> ActionEvent:
        event = parse_event("action", source, {"action": "publish_faq"}, t_sim=0)
        assert isinstance(event, ActionEvent)
        return event

    assert is_team(action("key"))
    assert not is_team(action("controller")) and not is_team(action("script"))
    assert not is_team(parse_event("note", "evaluator", {"text": "x"}, t_sim=0))


def test_typed_writers_round_trip(tmp_path: Path) -> None:
    with RunStore(tmp_path / "runs.sqlite3") as store:
        run = store.start(
            kind="drill",
            name="small",
            seed=1,
            scenario_text=SMALL,
            scenario_source="small",
            scenario_data=tomllib.loads(SMALL),
        )
        store.add_inject(run, 10.0, Source.SCRIPT, id="a", title="A", message="m", kind="news")
        store.add_action(run, 12.0, act.AddAgents("care", 2), Source.KEY)
        store.add_inject(run, 20.0, Source.CONTROLLER, id="b", title="B", message="", kind="feed")
        store.add_action(run, 20.0, act.PublishFaq(), Source.CONTROLLER)
        store.add_note(run, 25.0, "quick", "a")
        with pytest.raises(ValueError, match="source"):
            store.add_event(run, 30.0, "action", "evaluator", {"action": "publish_faq"})
        recorded = load_run(store, run)
    assert [type(e).__name__ for e in recorded.events] == [
        "InjectEvent", "ActionEvent", "InjectEvent", "ActionEvent", "NoteEvent",
    ]  # fmt: skip
    assert [(i.id, i.source) for i in recorded.injects] == [("a", "script"), ("b", "controller")]
    assert [(n.text, n.inject_id, n.source) for n in recorded.notes] == [
        ("quick", "a", "evaluator")
    ]
    assert [a.action for a in recorded.live] == [act.AddAgents("care", 2), act.PublishFaq()]
    assert [a.action for a in recorded.team] == [act.AddAgents("care", 2)]
    assert [a.action for a in recorded.controller] == [act.PublishFaq()]
    assert recorded.team_until(11.0) == [] and len(recorded.team_until(12.0)) == 1

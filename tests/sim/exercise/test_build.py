"""Building a drill: overrides, length and the scripted actions in the effective scenario."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from sim.engine.core import Engine
from sim.exercise.build import build
from sim.exercise.loading import load_drill
from sim.model.scenario import Scenario

Write = Callable[..., Path]


def test_build_appends_scripted_actions_and_applies_overrides(
    tmp_path: Path, header: str, scoring_text: str, write: Write
) -> None:
    tail = scoring_text[len(header) :]
    text = header + 'overrides = { "team.care.agents" = 5 }\n' + tail
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

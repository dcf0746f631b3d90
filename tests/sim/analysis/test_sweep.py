"""What-if sweeps: levers set the right keys, bad values are named, effects are real."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest

from sim.analysis.sweep import Vary, build_grid, lever_ranking, parse_vary, sweep, variant
from sim.model.errors import ScenarioError
from sim.model.library import resolve


def recall_data() -> tuple[dict[str, Any], str]:
    path = resolve("recall")
    return tomllib.loads(path.read_text()), str(path)


def test_levers_parse_as_toml_values():
    assert parse_vary("advocates.answer_share=0,0.1") == Vary("advocates.answer_share", (0, 0.1))
    assert parse_vary("faq.draft_time=30m,2h") == Vary("faq.draft_time", ("30m", "2h"))
    with pytest.raises(ValueError, match="KEY=VALUE"):
        parse_vary("faq.draft_time")


def test_levers_reach_list_items_by_name_and_number():
    data, source = recall_data()
    sc = variant(data, source, {"team.care.agents": 9, "surge.1.peak_per_hour": 500})
    assert next(t for t in sc.team if t.label == "care").agents == 9
    assert sc.surges[0].peak_per_hour == 500
    assert data["team"][0]["agents"] == 6  # the original is untouched


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"team.janitor.agents": 3}, "no item called 'janitor'"),
        ({"surge.4.peak_per_hour": 3}, "there are 1 of them"),
        ({"faq.deflection": 3}, "less than or equal to 1"),
        ({"advocates.answer_share": 0.2}, "advocates.delay"),
    ],
)
def test_bad_levers_are_named(changes, words):
    data, source = recall_data()
    with pytest.raises(ScenarioError) as caught:
        variant(data, source, changes)
    assert words in str(caught.value)


@pytest.mark.slow
def test_more_agents_miss_less_and_rank_first():
    data, source = recall_data()
    data["scenario"]["duration"] = "24h"
    varies = [Vary("team.care.agents", (6, 10)), Vary("followups.probability", (0.0, 0.3))]
    result = sweep(build_grid(data, source, varies), replications=3)
    by = {tuple(sorted(v.changes.items())): v for v in result.variants}
    six = by[(("followups.probability", 0.3), ("team.care.agents", 6))]
    ten = by[(("followups.probability", 0.3), ("team.care.agents", 10))]
    assert ten.missed_rate < six.missed_rate - 0.05
    assert lever_ranking(result)[0][0] == "team.care.agents"
    # the same sweep again gives the same figures: every variant saw the same replications
    again = sweep(build_grid(data, source, varies), replications=3)
    assert again == result


def test_a_lever_written_with_a_list_index_is_an_unknown_key_not_a_crash(capsys):
    from tui.cli import main

    argv = ["sweep", "recall", "--vary", "team[1].agents=2,3", "--reps", "2", "--no-plan"]
    assert main(argv) == 2
    assert "team[1]: unknown key; did you mean 'team'?" in capsys.readouterr().err

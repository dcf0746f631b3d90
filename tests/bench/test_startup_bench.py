"""The whole-process bench reads its figures as it says: medians, targets, the pair's ratio."""

from __future__ import annotations

import json
from pathlib import Path

from bench.startup import commands, customers_of, table, verdict


def test_the_table_and_verdict_use_medians_against_the_issues_targets() -> None:
    cmds = commands(Path("queue.toml"), 1000, 1)
    times = {
        "help": [0.10, 0.20, 0.12],  # median 0.12: met
        "recall": [0.50, 0.40, 0.90],  # median 0.50: not met
        "engine": [1.0, 3.0, 2.0],
        "plain": [7.0, 5.0, 6.0],  # 6.0 / 2.0
        "python": [0.03, 0.02, 0.04],
        "libraries": [0.30, 0.25, 0.35],
    }
    rows = table(cmds, times)
    assert "| `surgedesk --help` | 0.12 | 0.10 | ≤ 0.15 s: met |" in rows
    assert "| `surgedesk run recall --json` | 0.50 | 0.40 | ≤ 0.35 s: NOT met |" in rows
    assert "= 3.00× (target ≥ 3×: met)" in verdict(times)
    assert any(
        r.startswith("| floor: the libraries a run needs") and "| 0.30 | 0.25 |" in r for r in rows
    )
    assert [c.argv[-4:] for c in cmds][3] == ["--customers", "1000", "--seed", "1"]


def test_the_pair_reports_the_customers_each_side_simulated() -> None:
    outputs = {
        "engine": json.dumps({"mentions": 1234, "answered": 1}),
        "plain": json.dumps({"arrivals": 1200, "served": 1}),
    }
    assert customers_of(outputs) == (1234, 1200)

"""One expectation as judged: met, late, missed or pending, with the evidence in words.

Inject expectations (`sim.exercise.scoring`) and spike-alert acknowledgements
(`sim.exercise.alert_ack`) are judged by different rules into this one shape, so the
hotwash, the report and `--json` show them alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from sim.engine.core import TimedAction
from sim.model import actions as act

Status = Literal["met", "late", "missed", "pending"]


@dataclass(frozen=True)
class ExpectationResult:
    inject_id: str
    title: str
    action: str
    description: str
    inject_at: float
    deadline: float
    status: Status
    evidence: TimedAction | None = None
    evidence_index: int | None = None  # position in the live action list
    late_by: float | None = None
    how: str = ""  # the evidence in words: how it was met, late or missed

    def as_dict(self) -> dict[str, Any]:
        ev = self.evidence
        return {
            "inject_id": self.inject_id,
            "title": self.title,
            "action": self.action,
            "description": self.description,
            "inject_at_min": self.inject_at,
            "deadline_min": self.deadline,
            "status": self.status,
            "evidence": None
            if ev is None
            else {
                "at_min": ev.at,
                **act.action_to_params(ev.action),
                "text": act.describe(ev.action),
            },
            "late_by_min": self.late_by,
            "how": self.how,
        }

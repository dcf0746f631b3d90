"""Evaluators' notes: what an evaluator saw, tied to a simulated minute and an inject.

The data only; how a note's minute reads on a clock is for whoever shows it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Note:
    """An evaluator's note, tied to the simulated minute and the inject it is about."""

    t: float
    inject_id: str  # "" for a general note
    text: str
    source: str = "evaluator"  # who wrote it, as the run store keeps it

    def payload(self) -> dict[str, str]:
        """What the run store keeps of it (the event's time and source are stored beside)."""
        return {"text": self.text, "inject_id": self.inject_id}

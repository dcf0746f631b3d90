"""Evaluators' notes as data: the minute, the inject they are about, what the store keeps."""

from __future__ import annotations

import dataclasses

import pytest

from sim.exercise.notes import Note


def test_a_note_is_data_and_its_payload_is_what_the_store_keeps() -> None:
    note = Note(380.0, "news", "Statement went out fast")
    assert note.source == "evaluator"
    assert note.payload() == {"text": "Statement went out fast", "inject_id": "news"}
    assert Note(450.0, "", "Queue growing", "lead").payload()["inject_id"] == ""
    with pytest.raises(dataclasses.FrozenInstanceError):
        note.text = "changed"  # type: ignore[misc]

"""A count-only history's channel: `fit --channel` puts all of it on one channel; without
it the template's mix stays and the scenario says so (trial: a Twitter volume export
played 40% on Twitter, so a Twitter desk sized on it was off by 2.5 times)."""

from __future__ import annotations

import numpy as np
import pytest

from sim.analysis.history.channels import check_channel, mix_note, named_channel
from sim.analysis.history.reading import History
from sim.model.library import resolve
from sim.model.loading import load_toml

RECALL = load_toml(resolve("recall").read_text(), "recall")


def _history(name: str = "twitter_volume_CRM.csv", **channels: float) -> History:
    two = np.array([0.0, 300.0])
    return History(name, two, two, per_mention=bool(channels), channels=channels)


def test_without_a_channel_column_the_template_mix_is_said_loudly() -> None:
    note = " ".join(mix_note(_history(), RECALL, None))
    assert "the template's (twitter 40%, facebook 25%, instagram 10%" in note
    assert "no channel column: use --channel twitter if it counts one channel" in note
    assert "--channel CHANNEL" in " ".join(mix_note(_history("volume.csv"), RECALL, None))
    assert mix_note(_history(), RECALL, "twitter") == [
        "channel: all volume on twitter (--channel twitter)"
    ]
    own = mix_note(_history("x.csv", twitter=0.75, facebook=0.25), RECALL, None)
    assert own == ["channel mix: the history's (twitter 75%, facebook 25%)"]


def test_the_channel_a_file_name_names() -> None:
    assert named_channel("exports/twitter_volume_CRM.csv") == "twitter"
    assert named_channel("mentions.csv") is None


def test_a_channel_no_team_answers_or_a_history_with_its_own_is_refused() -> None:
    check_channel(_history(), RECALL, "twitter")  # the care team answers it
    with pytest.raises(ValueError, match="no team of the template answers chat"):
        check_channel(_history(), RECALL, "chat")
    with pytest.raises(ValueError, match=r"its own channel column \(twitter 50%, facebook 50%\)"):
        check_channel(_history("x.csv", twitter=0.5, facebook=0.5), RECALL, "twitter")
    check_channel(_history("x.csv", twitter=1.0), RECALL, "twitter")  # it says the same

"""Reading histories: both kinds of export, timestamps in many forms, bad rows named."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from sim.analysis.history.reading import parse_time, read_history
from sim.analysis.history.series import to_series
from sim.model.errors import ScenarioError

SAME_INSTANT = [
    "2015-03-01 14:05:00",
    "2015-03-01T14:05:00Z",
    "2015-03-01T15:05:00+01:00",
    "2015-03-01 09:05:00-05:00",
    "Sun Mar 01 14:05:00 +0000 2015",
    "Sun, 01 Mar 2015 14:05:00 GMT",
    "1425218700",
    "1425218700000",
    "2015/03/01 14:05",
]


@pytest.mark.parametrize("raw", SAME_INSTANT)
def test_common_timestamp_forms_and_zones_are_one_instant(raw: str) -> None:
    assert parse_time(raw) == datetime(2015, 3, 1, 14, 5, tzinfo=UTC)


def _write(tmp_path: Path, text: str, name: str = "h.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_one_row_per_mention_is_counted_in_buckets_with_its_mixes(tmp_path: Path) -> None:
    rows = ["created_at,channel,kind,sentiment"]
    for minute in range(0, 180):  # one mention a minute for three hours
        channel = "twitter" if minute % 4 else "facebook"
        rows.append(
            f"2015-03-02T{10 + minute // 60:02d}:{minute % 60:02d}:30Z,{channel},question,positive"
        )
    history = read_history(_write(tmp_path, "\n".join(rows)))
    assert history.per_mention
    assert history.channels == {"twitter": 0.75, "facebook": 0.25}
    assert history.kinds == {"question": 1.0}
    assert history.sentiment == 1.0
    series = to_series(history)
    assert series.width == 300
    hourly = series.hourly()
    # 10:00 and 12:00 are only partly covered (the first and last buckets): unknown.
    assert np.isnan(hourly.counts[0]) and np.isnan(hourly.counts[2])
    assert hourly.counts[1] == 60


def test_counts_per_bucket_keep_their_width_and_gaps_are_not_silence(tmp_path: Path) -> None:
    rows = ["timestamp;volume"]
    for i in range(48):
        if i in (20, 21):  # a gap in the export: no rows for half an hour
            continue
        rows.append(f"2015-03-02 10:{(i * 15) % 60:02d}:00;{i}".replace(
            "10:", f"{10 + i // 4:02d}:"))  # fmt: skip
    history = read_history(_write(tmp_path, "\n".join(rows)))
    assert not history.per_mention
    series = to_series(history)
    assert series.width == 900
    hourly = series.hourly()
    assert np.isnan(hourly.counts[5])  # the hour with the gap
    assert hourly.counts[0] == 0 + 1 + 2 + 3


def test_a_bad_row_names_the_file_line_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path, "timestamp,value\n2015-03-01 00:00:00,4\n2015-03-01 00:05:00,lots\n")
    with pytest.raises(ScenarioError) as err:
        read_history(path)
    assert err.value.line == 3 and err.value.key == "value"
    assert str(err.value).startswith(f"{path}:3: value: expected a count")
    path = _write(tmp_path, "timestamp,value\nyesterday,4\n2015-03-01 00:05:00,1\n", "t.csv")
    with pytest.raises(ScenarioError, match=r"t.csv:2: timestamp: expected a timestamp"):
        read_history(path)


def test_a_file_without_a_timestamp_column_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match=r":1: expected a timestamp column"):
        read_history(_write(tmp_path, "when,value\n1,2\n"))
    with pytest.raises(ScenarioError, match="no such file"):
        read_history(tmp_path / "missing.csv")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
def test_a_named_pipe_nobody_writes_to_is_refused_not_waited_on(tmp_path):
    pipe = tmp_path / "history.csv"
    os.mkfifo(pipe)
    with pytest.raises(
        ScenarioError, match="a pipe with nothing written to it: expected a history"
    ):
        read_history(pipe)  # before: blocked forever in open()


def test_a_device_or_a_folder_is_refused_at_once(tmp_path):
    with pytest.raises(ScenarioError, match="a device, not a file: expected a history CSV"):
        read_history("/dev/zero")  # before: read 512 MiB of zeros, then refused it
    with pytest.raises(ScenarioError, match="expected a history CSV, found a folder"):
        read_history(tmp_path)


def test_a_history_piped_in_is_read(tmp_path):
    rows = "timestamp,count\n2024-01-01T00:00,3\n2024-01-01T01:00,5\n"
    read, write = os.pipe()
    os.write(write, rows.encode())
    os.close(write)
    try:
        history = read_history(f"/dev/fd/{read}")
    finally:
        os.close(read)
    assert history.counts.tolist() == [3.0, 5.0]

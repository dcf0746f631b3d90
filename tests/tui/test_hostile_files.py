"""Hostile files given to the verbs' file options: one line naming the file, exit 2.

Each case was found by trying it: before its fix it was an internal error (a traceback in
the crash log) or a wait with no end.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui.cli import main

DEEP = "[" * 5000 + "]" * 5000


@pytest.mark.parametrize(
    ("argv", "name"),
    [
        (["drill", "recall-evening", "--headless", "--actions", "{f}"], "deep.json"),
        (["drill", "recall-evening", "--headless", "--actions", "{f}"], "deep.toml"),
        (["fit", "history.csv", "--labels", "{f}"], "deep.json"),
    ],
)
def test_json_or_toml_nested_without_end_is_refused(argv, name, tmp_path: Path, capsys):
    path = tmp_path / name
    path.write_text(DEEP if name.endswith(".json") else f"a = {DEEP}", encoding="utf-8")
    if argv[0] == "fit":
        history = tmp_path / "history.csv"
        rows = [f"2024-01-{d:02d}T{h:02d}:00,{5 + h}" for d in range(1, 15) for h in range(24)]
        history.write_text("timestamp,count\n" + "\n".join(rows) + "\n", encoding="utf-8")
        argv = [str(history) if a == "history.csv" else a for a in argv]
    assert main([a.replace("{f}", str(path)) for a in argv]) == 2
    err = capsys.readouterr().err
    assert f"{path}: nested deeper than 32 levels" in err and err.count("\n") == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX thing")
@pytest.mark.parametrize(
    ("argv", "what"),
    [
        (["drill", "recall-evening", "--headless", "--actions", "{f}"], "actions file"),
        (["plan", "recall", "--shifts", "{f}"], "shifts file"),
        (["fit", "{f}"], "history CSV"),
        (["run", "{f}"], "scenario file"),
    ],
)
def test_a_named_pipe_nobody_writes_to_is_refused_everywhere(argv, what, tmp_path, capsys):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    assert main([a.replace("{f}", str(pipe)) for a in argv]) == 2
    assert f"{pipe}: a pipe with nothing written to it: expected" in capsys.readouterr().err

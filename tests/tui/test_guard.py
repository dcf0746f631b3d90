"""The one guard at the entry point: every verb ends in one line and a documented status.

Bad input 2, interrupted 130, a bug 1 with the traceback in a crash log; and text from
users (a scenario's name, a path) printed as written, never read as Rich markup.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import tui.cli
from tests.fixtures import SMALL_SCENARIO
from tui.cli import guarded, main

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = "Recall [/bold] closing tag [red]x"


@pytest.fixture(autouse=True)
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "state"
    monkeypatch.setenv("SURGEDESK_STATE_DIR", str(folder))
    return folder


def _boom(*_: object) -> int:
    raise RuntimeError("something inside broke\nsecond line")


def test_a_bug_is_one_line_exit_1_and_a_crash_log(monkeypatch, capsys, state_dir):
    from tui.cli import scenarios

    monkeypatch.setattr(scenarios, "run", _boom)
    assert main(["scenarios"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert err.startswith("surgedesk: internal error: RuntimeError: something inside broke (")
    logs = list(state_dir.glob("crash-*.log"))
    assert len(logs) == 1 and str(logs[0]) in err
    log = logs[0].read_text()
    assert "Traceback" in log and "_boom" in log and "second line" in log


def test_a_crash_log_that_cannot_be_written_still_ends_in_one_line(monkeypatch, capsys, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("SURGEDESK_STATE_DIR", str(blocker / "sub"))
    from tui.cli import scenarios

    monkeypatch.setattr(scenarios, "run", _boom)
    assert main(["scenarios"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "could not be written" in err


def test_an_interrupt_inside_a_verb_is_130(monkeypatch, capsys):
    from tui.cli import scenarios

    def interrupted(*_: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(scenarios, "run", interrupted)
    assert main(["scenarios"]) == 130
    assert capsys.readouterr().err == "surgedesk: interrupted\n"


@pytest.fixture
def keep_signals():
    handler, hook = signal.getsignal(signal.SIGINT), sys.unraisablehook
    yield
    signal.signal(signal.SIGINT, handler)
    sys.unraisablehook = hook


def test_an_interrupt_during_start_up_is_130(monkeypatch, capsys, keep_signals):
    """Ctrl-C while the heavy modules import: the entry point guards them too."""

    def importing(*_: object) -> object:
        raise KeyboardInterrupt

    monkeypatch.setattr(tui.cli, "_parser", importing)
    assert guarded(["scenarios"]) == 130
    assert capsys.readouterr().err == "surgedesk: interrupted\n"


def test_an_interrupt_python_swallowed_still_ends_130(monkeypatch, capsys, keep_signals):
    """An interrupt landing in an import lock's callback is only "ignored" by Python."""
    from tui.cli import scenarios

    def swallowed(*_: object) -> int:
        tui.cli._interrupted = True
        return 0

    monkeypatch.setattr(scenarios, "run", swallowed)
    monkeypatch.setattr(tui.cli, "_interrupted", False)
    assert guarded(["scenarios"]) == 130
    assert capsys.readouterr().err == "surgedesk: interrupted\n"


def test_the_command_line_module_imports_only_the_standard_library():
    """What `entry` cannot guard (its own import) is kept to a few stdlib modules."""
    code = (
        "import sys; before = set(sys.modules); import tui.cli; "
        "new = {m.split('.')[0] for m in set(sys.modules) - before}; "
        "print(sorted(new - set(sys.stdlib_module_names) - {'tui'}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        check=True,
    ).stdout
    assert out.strip() == "[]"


LONG_RUN = """
[scenario]
name = "a long run"
duration = "30d"
seed = 1
[baseline]
per_hour = 600
[[team]]
role = "care"
agents = 65
handle_time = { dist = "exponential", mean = "6m" }
[protocol]
sla = { default = "1h" }
patience = { dist = "exponential", mean = "30m" }
"""


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.2, 0.35, 0.5, 0.65, 0.8, 1.2])
def test_ctrl_c_at_any_moment_of_start_up_or_run_is_130_without_traceback(delay, tmp_path):
    # A month of a busy queue: seconds of work, so the interrupt lands before the end.
    long = tmp_path / "long.toml"
    long.write_text(LONG_RUN)
    child = subprocess.Popen(
        [sys.executable, "-m", "tui", "run", str(long)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "SURGEDESK_STATE_DIR": str(tmp_path)},
    )
    time.sleep(delay)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=30)
    assert child.returncode == 130, err
    assert err == "surgedesk: interrupted\n"


# ---------------------------------------------------------------------- user text


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = tmp_path / "hostile [b].toml"
    path.write_text(SMALL_SCENARIO.replace('name = "small"', f'name = "{HOSTILE}"'))
    return path


def test_a_name_with_square_brackets_is_printed_as_written(hostile, capsys):
    assert main(["run", str(hostile), "--until", "1h"]) == 0
    out = capsys.readouterr().out
    assert HOSTILE in out.replace("\n", "") or "[/bold]" in out
    assert main(["validate", str(hostile)]) == 0
    out = capsys.readouterr().out
    assert f"{hostile}: {HOSTILE}" in out.replace("\n", "")


def test_a_saved_name_with_square_brackets_breaks_nothing(hostile, tmp_path, capsys):
    db = tmp_path / "store [x]" / "runs.sqlite3"
    out_dir = tmp_path / "out [/bold]"
    args = ["run", str(hostile), "--until", "1h", "--save", "--db", str(db)]
    assert main([*args, "--out", str(out_dir)]) == 0
    out = capsys.readouterr().out
    assert str(out_dir) in out.replace("\n", "")
    assert main(["runs", "--db", str(db)]) == 0
    listing = capsys.readouterr().out
    assert "[/bold]" in listing and "[red]" in listing
    assert main(["replay", "1", "--db", str(db), "--headless"]) == 0
    assert "replay matches run 1" in capsys.readouterr().out
    report = tmp_path / "report [i]"
    assert main(["report", "1", "--db", str(db), "--out", str(report)]) == 0
    assert str(report / "report.md") in capsys.readouterr().out


def test_an_interrupt_a_library_wrapped_in_its_own_error_is_still_an_interrupt(
    monkeypatch, capsys, tmp_path
):
    """pydantic-core turns a Ctrl+C landing while it builds a validator into a SchemaError:
    that is the user's interrupt (130), not a crash with a crash log."""
    import tui.cli as cli

    def wrapped(argv: object) -> int:
        raise RuntimeError('Error building "model" validator:\n  KeyboardInterrupt: ')

    monkeypatch.setenv("SURGEDESK_STATE_DIR", str(tmp_path))
    monkeypatch.setattr(cli, "_dispatch", wrapped)
    monkeypatch.setattr(cli, "_interrupted", True)
    assert cli.main(["run", "recall"]) == 130
    assert capsys.readouterr().err == "surgedesk: interrupted\n"
    assert not list(tmp_path.glob("crash-*.log"))
    monkeypatch.setattr(cli, "_interrupted", False)  # without an interrupt: a crash, as ever
    assert cli.main(["run", "recall"]) == 1
    assert "internal error" in capsys.readouterr().err

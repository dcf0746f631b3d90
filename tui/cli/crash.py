"""Where an unforeseen failure goes: its full traceback in a crash log, one line for the user.

A user who meets a bug should see what happened and where to find the details for a bug
report, not a screen of traceback. The log goes to the user's state directory
(`SURGEDESK_STATE_DIR` overrides it, for tests and for machines where that is not writable).
"""

from __future__ import annotations

import os
import traceback
from datetime import UTC, datetime
from pathlib import Path

HINT = "this is a bug in surgedesk; please report it with the crash log"


def state_dir() -> Path:
    override = os.environ.get("SURGEDESK_STATE_DIR")
    if override:
        return Path(override)
    import platformdirs

    return platformdirs.user_state_path("surgedesk")


def write_crash_log(exc: BaseException) -> Path:
    """The traceback in `crash-<UTC time>.log`; returns its path (OSError if unwritable)."""
    folder = state_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    path = folder / f"crash-{stamp}.log"
    text = "".join(traceback.format_exception(exc))
    with open(path, "x", encoding="utf-8") as handle:
        handle.write(text)
    return path


def report_crash(exc: BaseException) -> str:
    """The one line the user sees; the traceback goes to the log (or, failing that, nowhere)."""
    what = f"internal error: {type(exc).__name__}: {_first_line(exc)}"
    try:
        path = write_crash_log(exc)
    except OSError as log_exc:
        return f"{what} ({HINT}; the crash log could not be written: {log_exc.strerror})"
    return f"{what} ({HINT}: {path})"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    line = text[0] if text else "(no message)"
    return line if len(line) <= 200 else line[:199] + "…"

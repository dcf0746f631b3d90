"""Output to a reader that already left (`surgedesk scenarios | head -0`): exit 0, no words.

Rich answers a closed pipe with exit status 1 and Python with "Exception ignored …
BrokenPipeError" at exit; the command line promises 0 and silence for both kinds of output
(Rich tables and plain JSON), as `main` says.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "args", [["scenarios"], ["drills"], ["run", "recall", "--json", "--until", "1h"]]
)
def test_a_reader_gone_before_the_output_is_no_error(args, tmp_path):
    read, write = os.pipe()
    os.close(read)  # every write now fails with EPIPE
    try:
        done = subprocess.run(
            [sys.executable, "-m", "tui", *args],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT), "SURGEDESK_STATE_DIR": str(tmp_path)},
            timeout=120,
        )
    finally:
        os.close(write)
    assert (done.returncode, done.stderr) == (0, "")

"""Opening the dashboard from the command line: only on a terminal, and with an exit status.

Run without a terminal (`surgedesk < /dev/null > out.txt`, a cron job), a full-screen app
would write escape codes into a file and wait for keys that never come; it is refused in
one line instead, pointing at the headless verbs.
"""

from __future__ import annotations

import os
import sys

from sim.session.run import Session
from tui.cli.common import UsageError


def require_terminal() -> None:
    """A terminal, or a browser page through `serve` (Textual's web driver draws there)."""
    if "TEXTUAL_DRIVER" in os.environ:
        return
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(
            "the dashboard needs a terminal; without one use `surgedesk run` "
            "(or `drill --headless`, `replay --headless`)"
        )


def run_app(session: Session) -> int:
    """Open the dashboard on a session; the exit status for the command line (Ctrl+C: 130)."""
    from tui.app import DashboardApp

    require_terminal()
    app = DashboardApp(session, brief=True)
    app.run()
    return app.return_code or 0

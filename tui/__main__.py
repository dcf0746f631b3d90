"""`python -m tui`: the `surgedesk` command without the installed script.

Kept apart from `tui.cli` so the command-line module is imported once, under its own
name, and its error classes are the ones every subcommand raises.
"""

from tui.cli import entry

entry()

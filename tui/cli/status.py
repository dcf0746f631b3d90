"""The exit statuses of `surgedesk`, as README.md documents them: scripts rely on them."""

EXIT_OK = 0
EXIT_INTERNAL = 1  # a bug: one line, the traceback in a crash log (tui.cli.crash)
EXIT_USAGE = 2  # bad input: one line naming what and where
EXIT_INTERRUPTED = 130  # Ctrl-C

# Set for the processes `serve` starts for its pages: they share its terminal, so Ctrl+C
# there is the server's to handle (it stops them), not theirs.
SERVED_ENV = "SURGEDESK_SERVED"

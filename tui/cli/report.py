"""`surgedesk report RUN_ID`: the after-action report of a stored run, as Markdown and HTML.

The heavy imports (the engine, the report) wait until the command runs, so registering the
subcommand costs the rest of the command line nothing.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tui.cli import common
from tui.cli.common import UsageError

if TYPE_CHECKING:
    from rich.console import Console


def add_parser(sub: Any) -> None:
    report = sub.add_parser("report", help="write the after-action report of a stored run")
    report.add_argument(
        "run_id", metavar="RUN_ID", type=common.run_id, help="the run's id (see `surgedesk runs`)"
    )
    report.add_argument(
        "--db", type=common.store_path, metavar="PATH", help="the run store (default: yours)"
    )
    report.add_argument(
        "--out",
        type=common.folder,
        metavar="DIR",
        help="folder for the report (./surgedesk-report-ID/)",
    )


def run(args: argparse.Namespace, out: Console) -> int:
    from sim.present.report import build_report, write_report
    from sim.store.runs import RunNotFound, RunStore, StoreError

    run_id = args.run_id
    target = args.out if args.out is not None else Path(f"surgedesk-report-{run_id}")
    if target.exists() and not target.is_dir():
        raise UsageError(f"--out: {target} exists and is not a folder")
    if args.db is not None and not args.db.exists():
        raise UsageError(f"--db: no run store at {args.db}")
    try:
        with RunStore(args.db, create=False) as store:  # reading never makes a store
            stored = store.load(run_id)
        report = build_report(stored)
    except (RunNotFound, StoreError) as exc:
        raise UsageError(str(exc).strip("'\"")) from None
    try:
        paths = write_report(report, target)
    except OSError as exc:
        raise UsageError(f"--out: cannot write to {target} ({exc.strerror})") from None
    for path in paths:
        out.print(str(path), highlight=False, soft_wrap=True, markup=False)
    return 0

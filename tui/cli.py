"""The `surgedesk` command line.

Every failure a user can cause (a bad scenario, a missing file, an unwritable folder)
ends in one line on stderr and exit status 2; nothing here lets a traceback out.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from sim.model.errors import ScenarioError
from sim.model.loading import load_scenario
from sim.model.scenario import Scenario
from sim.model.units import parse_duration

if TYPE_CHECKING:
    from sim.engine.core import Engine

EXIT_USAGE = 2


class UsageError(Exception):
    """A mistake in what the user asked for; printed as one line, exit status 2."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="surgedesk",
        description=(
            "Rehearse social-media customer care under a crisis surge. "
            "With no command, opens the dashboard on the default scenario."
        ),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    run = sub.add_parser("run", help="run a scenario headless and print its summary")
    run.add_argument("scenario", help="a bundled scenario name or a TOML file")
    run.add_argument("--seed", type=int, help="random seed (default: the scenario's own)")
    run.add_argument("--json", action="store_true", help="print the summary as JSON")
    run.add_argument("--out", type=Path, metavar="DIR", help="write summary and CSVs to DIR")
    run.add_argument("--until", metavar="DURATION", help='stop early, e.g. "12h"')
    run.add_argument("--save", action="store_true", help="keep the run in the run store")
    run.add_argument("--db", type=Path, metavar="PATH", help="the run store (with --save)")

    validate = sub.add_parser("validate", help="check scenario files")
    validate.add_argument("files", nargs="+", metavar="FILE")

    sub.add_parser("scenarios", help="list the bundled scenarios")

    runs = sub.add_parser("runs", help="list the runs and drills in the run store")
    runs.add_argument("--db", type=Path, metavar="PATH", help="the run store (default: yours)")

    rep = sub.add_parser("replay", help="play a stored run again and check it matches")
    rep.add_argument("run_id", metavar="RUN_ID", help="a run number from `surgedesk runs`")
    rep.add_argument("--db", type=Path, metavar="PATH", help="the run store (default: yours)")
    rep.add_argument("--json", action="store_true", help="print the summary as JSON")
    rep.add_argument("--out", type=Path, metavar="DIR", help="write summary and CSVs to DIR")
    rep.add_argument(
        "--headless", action="store_true", help="check the replay without opening the dashboard"
    )

    plan = sub.add_parser("plan", help="staff per interval to meet service targets")
    plan.add_argument("scenario", help="a bundled scenario name or a TOML file")
    plan.add_argument("--role", help="the team to size (default: the first team)")
    plan.add_argument("--sl", type=float, default=0.9, help="service level target (0.9)")
    plan.add_argument(
        "--max-missed", type=float, default=0.02, help="highest missed rate allowed (0.02)"
    )
    plan.add_argument(
        "--confidence",
        type=float,
        default=0.9,
        help="one-sided confidence that each interval meets the targets (0.9)",
    )
    plan.add_argument("--interval", default="1h", help='staffing interval ("1h")')
    plan.add_argument("--reps", type=int, default=20, help="replications (20)")
    plan.add_argument("--seed", type=int, help="root seed (default: the scenario's own)")
    plan.add_argument("--workers", type=int, help="local processes (default: all cores)")
    plan.add_argument(
        "--cluster", metavar="ADDRESS", help="run on Dask: `local` or tcp://HOST:PORT"
    )
    plan.add_argument("--json", action="store_true", help="print the plan as JSON")
    plan.add_argument("--out", type=Path, metavar="DIR", help="write plan.csv and plan.json")

    sweep = sub.add_parser("sweep", help="what-if grid: vary scenario keys, compare outcomes")
    sweep.add_argument("scenario", help="a bundled scenario name or a TOML file")
    sweep.add_argument(
        "--vary",
        action="append",
        default=[],
        metavar="KEY=V1,V2",
        help="a lever and its values, e.g. advocates.answer_share=0,0.1 (repeatable)",
    )
    sweep.add_argument("--reps", type=int, default=10, help="replications per variant (10)")
    sweep.add_argument("--seed", type=int, help="root seed (default: the scenario's own)")
    sweep.add_argument("--workers", type=int, help="local processes (default: all cores)")
    sweep.add_argument(
        "--no-plan",
        dest="plan",
        action="store_false",
        help="skip planning each variant's required agent-hours (faster)",
    )
    sweep.add_argument("--role", help="the team to plan (default: the first)")
    sweep.add_argument("--sl", type=float, default=0.9, help="service level target (0.9)")
    sweep.add_argument("--max-missed", type=float, default=0.02, help="missed target (0.02)")
    sweep.add_argument("--json", action="store_true", help="print the result as JSON")
    sweep.add_argument("--out", type=Path, metavar="DIR", help="write sweep.json to DIR")

    serve = sub.add_parser("serve", help="serve the dashboard as a web page (a projector)")
    serve.add_argument("scenario", nargs="?", help="a bundled scenario name or a TOML file")
    serve.add_argument("--seed", type=int, help="random seed")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (8000)")

    from tui.report_cli import add_report_parser

    add_report_parser(sub)

    from tui.drill_cli import add_drill_parser

    add_drill_parser(sub)

    dashboard = sub.add_parser("dashboard", help="open the live dashboard (the default)")
    dashboard.add_argument("scenario", nargs="?", help="a bundled scenario name or a TOML file")
    dashboard.add_argument("--seed", type=int, help="random seed")
    return parser


def load(name_or_path: str) -> Scenario:
    from sim.model.library import resolve

    return load_scenario(resolve(name_or_path))


def cmd_run(args: argparse.Namespace, out: Console) -> int:
    from sim.engine.core import Engine

    scenario = load(args.scenario)
    if args.seed is not None and args.seed < 0:
        raise UsageError(f"--seed: expected a whole number 0 or more, got {args.seed}")
    until = scenario.meta.duration
    if args.until:
        try:
            until = parse_duration(args.until)
        except ValueError as exc:
            raise UsageError(f"--until: {exc}") from None
    if args.out is not None and args.out.exists() and not args.out.is_dir():
        raise UsageError(f"--out: {args.out} exists and is not a folder")
    from tui.store_cli import prepare_save, report_saved, save_run

    save = prepare_save(args)
    engine = Engine(scenario, args.seed, record_mentions=args.out is not None)
    engine.run_until(until)
    emit(engine, args.json, args.out, out)
    if save is not None:
        report_saved(save_run(save, engine, until), args.json, out)
    return 0


def emit(engine: Engine, as_json: bool, out_dir: Path | None, out: Console) -> None:
    """A run's summary (table or JSON) and, with `--out`, its files: for `run` and `replay`."""
    from sim.present.results import summary_json, write_results

    if as_json:
        sys.stdout.write(summary_json(engine))
    else:
        out.print(summary_table(engine.summary().as_dict()))
    if out_dir is not None:
        try:
            paths = write_results(engine, out_dir)
        except OSError as exc:
            raise UsageError(f"--out: cannot write to {out_dir} ({exc.strerror})") from None
        if not as_json:
            out.print(f"wrote {', '.join(str(p) for p in paths)}")


def summary_table(summary: dict[str, object]) -> Table:
    table = Table(title=f"{summary['scenario']} · seed {summary['seed']}", show_header=False)
    table.add_column("figure", style="bold")
    table.add_column("value", justify="right")
    rows: list[tuple[str, str]] = [
        ("mentions", f"{summary['mentions']:,}"),
        ("needing a response", f"{summary['needs_response']:,}"),
        ("answered in SLA", f"{summary['answered_in_sla']:,}"),
        ("answered late", f"{summary['late']:,}"),
        ("missed", f"{summary['missed']:,}"),
        ("still open at the end", f"{summary['open']:,}"),
        ("service level", _pct(summary["service_level"])),
        ("missed rate", _pct(summary["missed_rate"])),
        ("mean response", _minutes(summary["mean_response_min"])),
        ("90th percentile response", _minutes(summary["p90_response_min"])),
        ("peak queue", f"{summary['peak_queue']:,}"),
        ("occupancy", _pct(summary["occupancy"])),
    ]
    extras = [
        ("answered by advocates", "advocate_answered"),
        ("advocate answers corrected", "advocate_corrections"),
        ("deflected (FAQ, statement)", "faq_deflected"),
        ("follow-ups", "followups"),
        ("unseen (listening)", "unseen"),
        ("resolved offline", "offline_resolved"),
    ]
    rows += [(label, f"{summary[key]:,}") for label, key in extras if summary.get(key)]
    if summary.get("offline_resolved"):
        rows.append(("mean time to resolution", _minutes(summary["mean_resolution_min"])))
    rows.append(("customers at risk", f"{summary['customers_at_risk']:,.0f}"))
    for label, value in rows:
        table.add_row(label, value)
    return table


def _pct(value: object) -> str:
    return "–" if value is None else f"{float(value):.1%}"  # type: ignore[arg-type]


def _minutes(value: object) -> str:
    if value is None:
        return "–"
    v = float(value)  # type: ignore[arg-type]
    return "∞" if math.isinf(v) else f"{v:.1f} min"


def cmd_validate(args: argparse.Namespace, out: Console) -> int:
    failed = 0
    for name in args.files:
        try:
            scenario = load_scenario(Path(name))
        except ScenarioError as exc:
            failed += 1
            print(str(exc), file=sys.stderr)
            continue
        out.print(f"[green]ok[/]  {name}: {scenario.meta.name}")
    return EXIT_USAGE if failed else 0


def cmd_scenarios(out: Console) -> int:
    from sim.model.library import DEFAULT_SCENARIO, bundled

    table = Table(title="Bundled scenarios")
    table.add_column("name", style="bold")
    table.add_column("title")
    table.add_column("what it rehearses")
    for entry in bundled():
        mark = " (default)" if entry.name == DEFAULT_SCENARIO else ""
        table.add_row(entry.name + mark, entry.title, entry.description)
    out.print(table)
    return 0


def cmd_dashboard(args: argparse.Namespace, out: Console) -> int:
    from sim.model.library import DEFAULT_SCENARIO

    name = getattr(args, "scenario", None) or DEFAULT_SCENARIO
    scenario = load(name)
    try:
        from tui.app import run_dashboard  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        # The dashboard is not built yet: fall back to the headless run of the scenario.
        args = argparse.Namespace(
            scenario=name, seed=getattr(args, "seed", None), json=False, out=None, until=None
        )
        return cmd_run(args, out)
    code: int = run_dashboard(scenario, getattr(args, "seed", None))
    return code


def cmd_serve(args: argparse.Namespace, out: Console) -> int:
    """The same dashboard in a browser: textual-serve runs `surgedesk dashboard` per visitor."""
    import shlex

    from sim.model.library import DEFAULT_SCENARIO, resolve

    name = args.scenario or DEFAULT_SCENARIO
    load(name)  # a bad scenario fails here, with its message, not in the browser
    if not 0 < args.port < 65536:
        raise UsageError(f"--port: expected 1 to 65535, got {args.port}")
    command = [sys.executable, "-m", "tui", "dashboard", str(resolve(name))]
    if args.seed is not None:
        command += ["--seed", str(args.seed)]
    from textual_serve.server import Server

    out.print(f"serving the dashboard on http://{args.host}:{args.port} (Ctrl+C stops)")
    Server(shlex.join(command), host=args.host, port=args.port, title="surgedesk").serve()
    return 0


def _replay_on_screen(args: argparse.Namespace) -> bool:
    """`replay` opens the dashboard on a terminal, unless asked for output or --headless."""
    return not (args.json or args.out is not None or args.headless) and sys.stdout.isatty()


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    out = Console()
    try:
        match args.command:
            case "run":
                return cmd_run(args, out)
            case "validate":
                return cmd_validate(args, out)
            case "scenarios":
                return cmd_scenarios(out)
            case "serve":
                return cmd_serve(args, out)
            case "replay" if _replay_on_screen(args):
                from tui.replay_app import cmd_replay_dashboard

                return cmd_replay_dashboard(args, out)
            case "drill":
                from tui.drill_cli import cmd_drill

                return cmd_drill(args, out)
            case "runs" | "replay":
                from tui.store_cli import cmd_replay, cmd_runs

                return cmd_runs(args, out) if args.command == "runs" else cmd_replay(args, out)
            case "sweep":
                from tui.sweep_cli import cmd_sweep

                return cmd_sweep(args, out)
            case "plan":
                from tui.plan_cli import cmd_plan

                return cmd_plan(args, out)
            case "report":
                from tui.report_cli import cmd_report

                return cmd_report(args, out)
            case _:
                return cmd_dashboard(args, out)
    except (ScenarioError, UsageError) as exc:
        print(f"surgedesk: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("surgedesk: interrupted", file=sys.stderr)
        return 130


def entry() -> None:
    sys.exit(main())

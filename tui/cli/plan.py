"""`surgedesk plan`: arguments checked, a progress bar while it works, a table at the end."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from tui.cli import budget, common
from tui.cli.common import UsageError, load

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.console import Console

    from sim.analysis.measure import ChannelTarget, Targets
    from sim.analysis.progress import Step
    from sim.model.scenario import Scenario
    from sim.model.shift_pattern import ShiftPattern


def add_parser(sub: Any) -> None:
    plan = sub.add_parser("plan", help="staff per interval to meet service targets")
    plan.add_argument("scenario", help="a bundled scenario name or a TOML file")
    plan.add_argument(
        "--role", help="the team to size (default: the first team); `all`: every team at once"
    )
    plan.add_argument(
        "--team-target",
        action="append",
        default=[],
        metavar="TEAM:SL,MISSED",
        help="a team's own targets with --role all, e.g. pr:0.8,0.05 (others: --sl, --max-missed)",
    )
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
    plan.add_argument(
        "--max-occupancy",
        type=float,
        help="highest share of agents' time spent handling, e.g. 0.85 (default: no cap)",
    )
    plan.add_argument(
        "--shrinkage",
        type=float,
        default=0.0,
        help="share of scheduled time lost to breaks, training, absence, e.g. 0.3 (0)",
    )
    plan.add_argument(
        "--channel-target",
        action="append",
        default=[],
        metavar="CHANNEL:SL,MISSED[,WITHIN]",
        help="a channel's own targets on top of the pooled ones, e.g. phone:0.8,0.05,1m "
        "(80%% answered within 1 minute, at most 5%% missed; WITHIN defaults to its SLA)",
    )
    plan.add_argument(
        "--interval",
        type=common.duration,
        default=60.0,
        metavar="DURATION",
        help='staffing interval ("1h")',
    )
    plan.add_argument("--reps", type=int, default=20, help="replications (20)")
    plan.add_argument("--seed", type=common.seed, help="root seed (default: the scenario's own)")
    plan.add_argument("--workers", type=common.workers, help="local processes (default: all cores)")
    plan.add_argument(
        "--cluster", metavar="ADDRESS", help="run on Dask: `local` or tcp://HOST:PORT"
    )
    plan.add_argument("--json", action="store_true", help="print the plan as JSON")
    plan.add_argument(
        "--shifts",
        metavar="FILE",
        help="shift patterns (TOML): also build the cheapest roster and prove it by simulation "
        "(default: the scenario's [[shift_pattern]] tables, if it has any)",
    )
    budget.add_flags(plan)
    plan.add_argument(
        "--out",
        type=common.folder,
        metavar="DIR",
        help="write plan.csv and plan.json (with --shifts: roster.csv and roster.toml too)",
    )


def _checked(args: argparse.Namespace) -> tuple[Targets, float]:
    from sim.analysis.measure import Targets

    if not 0 < args.sl < 1:
        raise UsageError(f"--sl: expected a share between 0 and 1 (exclusive), got {args.sl}")
    if not 0 < args.max_missed < 1:
        raise UsageError(f"--max-missed: expected a share between 0 and 1, got {args.max_missed}")
    if not 0.5 <= args.confidence < 1:
        raise UsageError(f"--confidence: expected 0.5 to 1 (exclusive), got {args.confidence}")
    if args.max_occupancy is not None and not 0 < args.max_occupancy <= 1:
        raise UsageError(
            f"--max-occupancy: expected a share above 0, at most 1, got {args.max_occupancy}"
        )
    if not 0 <= args.shrinkage < 1:
        raise UsageError(
            f"--shrinkage: expected a share from 0 up to (not including) 1, got {args.shrinkage}"
        )
    if args.reps < 2:
        raise UsageError(f"--reps: expected 2 or more replications, got {args.reps}")
    interval: float = args.interval
    by_channel = tuple(_channel_target(raw) for raw in args.channel_target)
    targets = Targets(args.sl, args.max_missed, args.confidence, args.max_occupancy, by_channel)
    return targets, interval


def _channel_target(raw: str) -> ChannelTarget:
    """`phone:0.8,0.05,1m`: a channel, its service level, its missed rate, its threshold."""
    from sim.analysis.measure import ChannelTarget
    from sim.model.units import parse_duration
    from sim.model.vocabulary import CHANNELS

    usage = (
        f"--channel-target: expected CHANNEL:SL,MISSED[,WITHIN] like phone:0.8,0.05,1m, got {raw!r}"
    )
    name, _, rest = raw.partition(":")
    parts = rest.split(",")
    if name not in CHANNELS:
        raise UsageError(f"--channel-target: no channel {name!r} (channels: {', '.join(CHANNELS)})")
    if len(parts) not in (2, 3):
        raise UsageError(usage)
    try:
        sl, missed = float(parts[0]), float(parts[1])
        within = parse_duration(parts[2]) if len(parts) == 3 else None
    except ValueError:
        raise UsageError(usage) from None
    if not (0 < sl < 1 and 0 < missed < 1) or (within is not None and within < 0):
        raise UsageError(usage)
    return ChannelTarget(name, sl, missed, within)


def _served(scenario: Scenario, targets: Targets, roles: list[str]) -> None:
    """A channel target is met by the team that answers the channel: on a team that never
    sees it, every interval would read "100%, met" on nothing measured."""
    for target in targets.by_channel:
        ch = target.channel
        answer = [t.label for t in scenario.team if t.channels is None or ch in t.channels]
        if not set(answer) & set(roles):
            teams = f"the {', '.join(answer)} team{'s' * (len(answer) > 1)}"
            who = f"{teams} (plan with --role {answer[0]})" if answer else "no team"
            also = "" if len(roles) > 1 else f"the {roles[0]} team does not answer it; "
            raise UsageError(f"--channel-target {ch}: {also}{ch} is answered by {who}")


def run(args: argparse.Namespace, out: Console) -> int:
    from sim.analysis.plan import plan_staffing
    from sim.analysis.replications import ClusterUnavailable, mapper
    from sim.analysis.rostering import prove_roster
    from tui.cli.plan_output import show_plan

    targets, interval = _checked(args)
    scenario = load(args.scenario)
    if not scenario.team:
        raise UsageError(f"{args.scenario}: the scenario has no [[team]] to size")
    role = args.role or scenario.team[0].label
    labels = [t.label for t in scenario.team]
    if role == "all":
        return _run_teams(args, out, scenario, targets, interval)
    if args.team_target:
        raise UsageError("--team-target: give --role all to plan every team with its own targets")
    if role not in labels:
        raise UsageError(f"--role: no team called {role!r} (teams: {', '.join(labels)})")
    _served(scenario, targets, [role])
    patterns = _patterns(args, scenario, [role])
    budget.check(args, scenario, runs=args.reps)
    progress, report = _progress_bar(role)
    proven = None
    try:
        with mapper(args.workers, args.cluster) as m, progress:
            plan = plan_staffing(
                scenario,
                role,
                targets=targets,
                interval=interval,
                replications=args.reps,
                seed=args.seed,
                mapper=m,
                progress=report,
                shrinkage=args.shrinkage,
            )
            if patterns is not None:
                proven = prove_roster(scenario, plan, patterns, mapper=m, progress=report)
    except ClusterUnavailable as exc:
        raise UsageError(str(exc)) from None
    except ValueError as exc:  # a shift grid finer than the solver takes
        raise UsageError(f"--shifts: {exc}") from None
    show_plan(args, out, scenario, plan, proven)
    return 0


def _patterns(
    args: argparse.Namespace, scenario: Scenario, roles: list[str]
) -> list[ShiftPattern] | None:
    """The shift patterns to roster `roles` from: `--shifts FILE`, else the scenario's own
    `[[shift_pattern]]` tables, else none (no roster). Each role must have one."""
    from sim.model.shifts import load_shifts

    labels = [t.label for t in scenario.team]
    if args.shifts is not None:
        patterns = load_shifts(args.shifts, labels)
        where = f"--shifts: {args.shifts}"
    elif scenario.shift_patterns:
        patterns = list(scenario.shift_patterns)
        where = f"{args.scenario}: [[shift_pattern]]"
    else:
        return None
    for role in roles:
        if not any(p.team in (None, role) for p in patterns):
            raise UsageError(
                f"{where} has no shift pattern for team {role!r} (add one for it, "
                "or one without `team`)"
            )
    return patterns


def _progress_bar(role: str) -> tuple[Any, Callable[[Step], None]]:
    """A bar on stderr, only on a terminal: the stage, the iteration, replications done."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from sim.present.planning import stage_label

    err = Console(stderr=True)
    progress = Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[stage]}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
    task = progress.add_task(f"planning {role}", total=None, stage="")

    def report(step: Step) -> None:
        progress.update(task, completed=step.done, total=step.total, stage=stage_label(step))

    return progress, report


def _team_targets(raw: list[str], teams: list[str], default: Targets) -> dict[str, Targets]:
    """`pr:0.8,0.05` per team; the team keeps the occupancy cap and channel targets."""
    from dataclasses import replace

    out = {}
    for item in raw:
        name, _, rest = item.partition(":")
        if name not in teams:
            raise UsageError(f"--team-target: no team called {name!r} (teams: {', '.join(teams)})")
        try:
            sl, missed = (float(x) for x in rest.split(","))
        except ValueError:
            raise UsageError(
                f"--team-target: expected TEAM:SL,MISSED like pr:0.8,0.05, got {item!r}"
            ) from None
        if not (0 < sl < 1 and 0 < missed < 1):
            raise UsageError(f"--team-target: expected shares between 0 and 1, got {item!r}")
        out[name] = replace(default, service_level=sl, max_missed=missed)
    return out


def _run_teams(
    args: argparse.Namespace, out: Console, scenario: Scenario, targets: Targets, interval: float
) -> int:
    """`--role all`: every team planned against the others' plans; with shifts, a roster
    per team, proven together."""
    from sim.analysis.replications import ClusterUnavailable, mapper
    from sim.analysis.rostering import prove_rosters
    from sim.analysis.teams import plan_teams
    from tui.cli.plan_output import show_teams

    teams = [t.label for t in scenario.team]
    _served(scenario, targets, teams)
    chosen = _team_targets(args.team_target, teams, targets)
    patterns = _patterns(args, scenario, teams)
    budget.check(args, scenario, runs=args.reps * len(teams))
    progress, report = _progress_bar("every team")
    rosters = {}
    try:
        with mapper(args.workers, args.cluster) as m, progress:
            result = plan_teams(
                scenario, teams, targets=chosen, default=targets, interval=interval,
                replications=args.reps, seed=args.seed, mapper=m, progress=report,
                shrinkage=args.shrinkage,
            )  # fmt: skip
            if patterns is not None:
                rosters = prove_rosters(scenario, result.plans, patterns, mapper=m,
                                        progress=report)  # fmt: skip
    except ClusterUnavailable as exc:
        raise UsageError(str(exc)) from None
    except ValueError as exc:  # a shift grid finer than the solver takes
        raise UsageError(f"--shifts: {exc}") from None
    show_teams(args, out, scenario, result, rosters)
    return 0

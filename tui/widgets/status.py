"""The top line: which scenario, the simulated clock, and whether and how fast it plays."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.text import Text

from sim.present.view import Snapshot
from tui.widgets.quiet import QuietPanel


@dataclass(frozen=True)
class RunState:
    """What the interface, not the engine, knows about the run."""

    speed: str
    paused: bool
    role: str  # the team that `a` and `A` add to and remove from
    ack_key: bool = False  # `k` acknowledges a spike alert here (not in a replay)
    replay: bool = False  # a stored run played back: said, so nobody takes it for live


def run_state_label(done: bool, paused: bool, replay: bool = False) -> Text:
    """Finished, paused or running (a replay's "replaying"): said one way wherever the
    clock is shown."""
    if done:
        return Text("■ finished", style="bold magenta")
    if paused:
        return Text("|| paused", style="bold yellow")
    return Text("▶ replaying" if replay else "▶ running", style="bold green")


def status_text(snap: Snapshot, state: RunState, width: int = 0) -> Text:
    """Most urgent first, so a narrow terminal cuts the least useful words. Where `width`
    cells cannot hold everything up to the run's progress, the spike alert is said in
    fewer words ("⚠ alert 14:45 · k") so that the speed and progress still show."""
    compact = bool(width and snap.open_alert and _essential(snap, state, False) > width)
    return _status(snap, state, compact, width)


def _alert(snap: Snapshot, state: RunState, compact: bool) -> str:
    if not compact:
        key = " · press k" if state.ack_key else ""
        return f"  ⚠ spike alert {snap.open_alert}{key} "
    day, _, when = snap.open_alert.rpartition(" ")
    same_day = snap.clock.rpartition(" ")[0] == day
    return f"  ⚠ alert {when if same_day else snap.open_alert}{' · k' if state.ack_key else ''} "


def _parts(snap: Snapshot, state: RunState, compact: bool) -> list[tuple[str, str]]:
    """The line's words up to the progress, with their styles: what must not be cut."""
    label = run_state_label(snap.done, state.paused, state.replay)
    parts = [(" surgedesk ", "bold reverse"), (f" {snap.clock}  ", "bold")]
    parts.append((label.plain, str(label.style)))
    if snap.open_alert and not snap.done:  # at the end there is nothing left to answer
        parts.append((_alert(snap, state, compact), "bold reverse #f66151"))
    parts += [(f"  {state.speed}", "bold"), (f"  {snap.progress:.0%}  ", "dim")]
    return parts


def _essential(snap: Snapshot, state: RunState, compact: bool) -> int:
    return sum(cell_len(words) for words, _ in _parts(snap, state, compact))


def _status(snap: Snapshot, state: RunState, compact: bool, width: int = 0) -> Text:
    """The words up to the progress, then the scenario's name (cut with an ellipsis if
    need be), then its seed and date, each only if it fits whole."""
    text = Text(no_wrap=True, overflow="ellipsis")
    for words, style in _parts(snap, state, compact):
        text.append(words, style=style)
    text.append(f"{snap.scenario}", style="bold")
    for extra in (f" · seed {snap.seed}", f" · {snap.sim_time:%a %d %b}"):
        if width and text.cell_len + cell_len(extra) > width:
            break
        text.append(extra, style="dim")
    return text


@dataclass(frozen=True)
class StatusLine:
    """The status line, worded for the width it is drawn at."""

    snap: Snapshot
    state: RunState

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield status_text(self.snap, self.state, options.max_width)


class StatusBar(QuietPanel):
    def show(self, snap: Snapshot, state: RunState) -> None:
        key = status_text(snap, state).plain  # the full wording decides the short one too
        self.show_if_changed(key, lambda: StatusLine(snap, state))  # one line, always

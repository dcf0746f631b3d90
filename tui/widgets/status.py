"""The top line: which scenario, the simulated clock, and whether and how fast it plays."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text

from sim.present.view import Snapshot
from tui.widgets.quiet import QuietStatic


@dataclass(frozen=True)
class RunState:
    """What the interface, not the engine, knows about the run."""

    speed: str
    paused: bool
    role: str  # the team that `a` and `A` add to and remove from
    ack_key: bool = False  # `k` acknowledges a spike alert here (not in a replay)


def run_state_label(done: bool, paused: bool) -> Text:
    """Finished, paused or running: said one way wherever the clock is shown."""
    if done:
        return Text("■ finished", style="bold magenta")
    if paused:
        return Text("|| paused", style="bold yellow")
    return Text("▶ running", style="bold green")


def status_text(snap: Snapshot, state: RunState) -> Text:
    """Most urgent first, so a narrow terminal cuts the least useful words."""
    text = Text(no_wrap=True, overflow="ellipsis")
    text.append(" surgedesk ", style="bold reverse")
    text.append(f" {snap.clock}  ", style="bold")
    text.append_text(run_state_label(snap.done, state.paused))
    if snap.open_alert and not snap.done:  # at the end there is nothing left to answer
        key = " · press k" if state.ack_key else ""
        text.append(f"  ⚠ spike alert {snap.open_alert}{key} ", style="bold reverse #f66151")
    text.append(f"  {state.speed}", style="bold")
    text.append(f"  {snap.progress:.0%}  ", style="dim")
    text.append(f"{snap.scenario}", style="bold")
    text.append(f" · seed {snap.seed} · {snap.sim_time:%a %d %b}", style="dim")
    return text


class StatusBar(QuietStatic):
    def show(self, snap: Snapshot, state: RunState) -> None:
        text = status_text(snap, state)
        self.show_if_changed(text.plain, lambda: text)  # one line, always

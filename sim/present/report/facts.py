"""What the after-action report knows about a run, gathered once for every format.

Per-mention figures (response times by channel, the missed big accounts) are not stored;
the run is replayed from its scenario data, seed and live actions, which is exact, so the
report shows what the players saw.

The timeline names who acted with the one rule of `sim.store.events.is_team`: the team's
actions, the controller's, and the script's (the engine's own scheduled actions).
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np

from sim.analysis.spikes import (
    RaisedAlert,
    SurgeAlert,
    alert_line,
    by_surge,
    raised_in,
    surge_starts,
)
from sim.engine.core import Engine, TimedAction
from sim.engine.mentions import Mention, State
from sim.exercise.build import BuiltDrill
from sim.exercise.counterfactual import Counterfactual, counterfactual
from sim.exercise.drill_file import Drill
from sim.exercise.scoring import Score, first_shown, score
from sim.model import actions as act
from sim.model.scenario import Scenario
from sim.model.units import clock_label
from sim.model.vocabulary import PUBLIC_CHANNELS
from sim.present.text import mention_text
from sim.store.events import NoteEvent
from sim.store.player import Player
from sim.store.recorded import RecordedRun, recorded
from sim.store.stored import StoredRun

MISSED_SHOWN = 10  # missed high-reach posts quoted in the report


@dataclass(frozen=True)
class TimelineItem:
    t: float
    what: str  # "inject", "team", "controller", "script", "note", "surge", "faq", ...
    text: str
    detail: str = ""
    inject_id: str = ""


@dataclass(frozen=True)
class ChannelTimes:
    """One channel's response times, and its outcomes over the mentions needing a response
    (`need`): a service level and missed count per channel, as the summary's `by_channel`."""

    channel: str
    answered: int
    in_sla: int
    missed: int
    p10: float
    p25: float
    median: float
    p75: float
    p90: float
    need: int = 0


@dataclass(frozen=True)
class QuotedMention:
    t: float
    channel: str
    kind: str
    reach: int
    handle: str
    text: str
    answered_at: float | None = None  # answered after its author gave up; None: never


@dataclass
class ReportData:
    """Everything the report shows, gathered once."""

    run: StoredRun
    scenario: Scenario
    live: list[TimedAction]
    engine: Engine
    summary: dict[str, Any]
    series: list[dict[str, Any]]
    drill: Drill | None = None
    score: Score | None = None
    counterfactual: Counterfactual | None = None
    timeline: list[TimelineItem] = field(default_factory=list)
    channels: list[ChannelTimes] = field(default_factory=list)
    missed_big: list[QuotedMention] = field(default_factory=list)
    notes: list[NoteEvent] = field(default_factory=list)
    alerts: list[RaisedAlert] = field(default_factory=list)  # each with the surge it announced
    surges: list[SurgeAlert] = field(default_factory=list)  # each surge with its first alert

    @property
    def start(self) -> datetime:
        return self.scenario.meta.start

    @property
    def end(self) -> float:
        return self.engine.now


def gather(
    run: StoredRun, drill: Drill | None = None, live: Sequence[TimedAction] | None = None
) -> ReportData:
    """Replay the run (exactly) and collect what the report shows.

    `live`, if given, replaces the recorded actions and all count as the team's.
    """
    rec = recorded(run)
    team = list(live) if live is not None else rec.team
    fixed = [] if live is not None else rec.controller  # changed the run, answer nothing
    actions = list(live) if live is not None else rec.live
    engine = Player(rec.scenario, rec.seed, actions, rec.end).play()
    drill = drill if drill is not None else rec.drill
    summary = run.record.summary or engine.summary().as_dict()
    series = run.series or [iv.flat() for iv in engine.series]
    data = ReportData(run, rec.scenario, actions, engine, summary, series, drill)
    data.alerts = raised_in(engine)
    data.surges = by_surge(data.alerts, surge_starts(engine.log))
    if drill is not None:
        built = BuiltDrill(
            rec.scenario,
            run.scenario_data,
            rec.seed,
            run.scenario_text,
            run.scenario_source,
            drill,
        )
        alerts = [r.alert.at for r in data.alerts]
        data.score = score(drill, engine, team, rec.shown_until(engine.now), alerts)
        data.counterfactual = counterfactual(built, team, data.score, fixed=fixed)
    data.timeline = _timeline(rec, drill, engine, team, fixed)
    window = rec.scenario.alerts.window
    data.timeline += [
        TimelineItem(a.alert.at, "alert", alert_line(a.alert, window)) for a in data.alerts
    ]
    data.timeline.sort(key=lambda i: i.t)  # stable: an alert after the rest of its minute
    data.channels = _channel_times(engine)
    data.missed_big = _missed_big(engine)
    data.notes = rec.notes
    return data


def _same_action(live: TimedAction, t: float, logged: act.Action) -> bool:
    """Is this log entry that live action? The log holds it with "the top topic" resolved."""
    if round(live.at, 6) != round(t, 6) or type(live.action) is not type(logged):
        return False
    if live.action == logged:
        return True
    sent = live.action
    if isinstance(sent, act.PublishFaq | act.HoldingStatement) and sent.topic is None:
        return dataclasses.replace(sent, topic=getattr(logged, "topic", None)) == logged
    return False


def _claim(unclaimed: list[TimedAction], t: float, logged: act.Action) -> bool:
    mine = next((a for a in unclaimed if _same_action(a, t, logged)), None)
    if mine is not None:
        unclaimed.remove(mine)
    return mine is not None


def _timeline(
    rec: RecordedRun,
    drill: Drill | None,
    engine: Engine,
    team: Sequence[TimedAction],
    controller: Sequence[TimedAction],
) -> list[TimelineItem]:
    items: list[TimelineItem] = []
    end = engine.now
    drill_ids: set[str] = set()
    shown = first_shown((e.id, e.t_sim) for e in rec.injects)
    if drill is not None:
        for inj in drill.injects:
            drill_ids.add(inj.id)
            at = shown.get(inj.id, inj.at)  # fired early by the controller: when it was seen
            if at <= end:
                detail = f"{inj.kind}: {inj.message}" if inj.message else inj.kind
                if at < inj.at:
                    scripted = clock_label(engine.scenario.meta.start, inj.at)
                    detail = f"fired early by the controller (scripted for {scripted}); {detail}"
                items.append(TimelineItem(at, "inject", inj.title, detail, inj.id))
    teams, controllers = list(team), list(controller)
    for entry in engine.log:
        if entry.kind == "action" and entry.action is not None:
            who = (
                "team"
                if _claim(teams, entry.t, entry.action)
                else "controller"
                if _claim(controllers, entry.t, entry.action)
                else "script"
            )
            items.append(TimelineItem(entry.t, who, entry.text))
        else:
            items.append(TimelineItem(entry.t, entry.kind, entry.text))
    for note in rec.notes:
        items.append(
            TimelineItem(note.t_sim, "note", note.text, f"by {note.source}", note.inject_id)
        )
    for inject in rec.injects:
        if inject.id in drill_ids:
            continue  # the drill's own inject, already listed with its title
        items.append(TimelineItem(inject.t_sim, "inject", inject.label, inject.message, inject.id))
    order = {"inject": 0, "script": 1, "controller": 1, "team": 2, "note": 3}
    items.sort(key=lambda i: (i.t, order.get(i.what, 4)))
    return items


def _answered(m: Mention) -> bool:
    return m.t_start >= 0 and m.handled_by not in ("", "advocate")


def _channel_times(engine: Engine) -> list[ChannelTimes]:
    waits: dict[str, list[float]] = {}
    in_sla: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    need: Counter[str] = Counter()
    counted_from = engine.recorder.counted_from  # a backlog counts, a warm-up does not
    for m in engine.mentions:
        if m.t < counted_from:
            continue
        if m.needs_response and m.state is not State.ADVOCATE:
            need[m.channel] += 1
        if _answered(m):
            waits.setdefault(m.channel, []).append(m.wait)
            in_sla[m.channel] += m.in_sla
        missed[m.channel] += m.gave_up  # whether it was answered later or not
    out = []
    for channel in sorted(set(waits) | {c for c, n in missed.items() if n}):
        w = np.array(waits.get(channel, []), dtype=np.float64)
        q = np.quantile(w, [0.1, 0.25, 0.5, 0.75, 0.9]) if w.size else [math.nan] * 5
        p10, p25, median, p75, p90 = (float(x) for x in q)
        out.append(
            ChannelTimes(
                channel,
                int(w.size),
                in_sla[channel],
                missed[channel],
                p10,
                p25,
                median,
                p75,
                p90,
                need=need[channel],
            )
        )
    return out


def _missed_big(engine: Engine) -> list[QuotedMention]:
    """The public posts whose authors gave up waiting, the widest-read first: missed as the
    summary counts it, whether the post then left the inbox, stayed unanswered or was
    answered late. A caller's or an e-mail's "reach" reaches nobody, so only public
    channels are quoted."""
    counted_from = engine.recorder.counted_from
    missed = [
        m
        for m in engine.mentions
        if m.gave_up and m.channel in PUBLIC_CHANNELS and m.t >= counted_from
    ]
    missed.sort(key=lambda m: (-m.reach, m.t))
    brand = engine.scenario.meta.brand
    out = []
    for m in missed[:MISSED_SHOWN]:
        words = mention_text(
            m.id, engine.seed, m.channel, m.kind, m.topic, m.sentiment, brand, m.reach
        )
        later = m.t_start if m.t_start >= 0 and m.handled_by != "advocate" else None
        out.append(QuotedMention(m.t, m.channel, m.kind, m.reach, words.handle, words.text, later))
    return out


__all__ = ["ChannelTimes", "QuotedMention", "ReportData", "TimelineItem", "gather"]

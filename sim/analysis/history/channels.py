"""Which channels a fitted scenario's volume plays on, and the line that says so.

A per-mention export with a `channel` column gives the baseline its mix. A count-only
export (a listening tool's volume per bucket) has none, and is usually one channel's
volume (a Twitter volume export is Twitter): `fit --channel twitter` then puts all of
it, baseline, surges and follow-ups, on that channel. Without either, the template's
mix stays (what `fit` always did), and `mix_note` says so loudly, in the output and the
scenario's header: a planner sizing a Twitter desk from a Twitter export with the
template's 40% Twitter share would be off by 2.5 times.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sim.analysis.history.reading import History
from sim.model.vocabulary import CHANNELS


def history_mix(history: History) -> dict[str, float]:
    """The history's own channel shares (those the scenario knows), or {} without them."""
    return {k: v for k, v in history.channels.items() if k in set[str](CHANNELS)}


def shares_text(shares: dict[str, Any]) -> str:
    """`twitter 40%, facebook 25%, ...`, largest first."""
    ranked = sorted(shares.items(), key=lambda kv: -float(kv[1]))
    total = sum(float(v) for _, v in ranked) or 1.0
    return ", ".join(f"{k} {100 * float(v) / total:.0f}%" for k, v in ranked)


def named_channel(source: str) -> str | None:
    """The one channel a file's name mentions (`twitter_volume_CRM.csv`), if exactly one."""
    name = Path(source).name.lower()
    found = [ch for ch in CHANNELS if ch in name]
    return found[0] if len(found) == 1 else None


def serving_teams(template: dict[str, Any], channel: str) -> list[str]:
    """The template's teams that answer `channel` (own channels or overflow)."""
    out = []
    for team in template.get("team") or []:
        own = team.get("channels")
        if own is None or channel in own or channel in (team.get("overflow_channels") or []):
            out.append(str(team.get("name") or team.get("role")))
    return out


def check_channel(history: History, template: dict[str, Any], channel: str) -> None:
    """Raise ValueError, in words for `--channel`, when the channel cannot be used: the
    history has its own channel column, or no team of the template answers it."""
    own = history_mix(history)
    if own and set(own) != {channel}:
        raise ValueError(
            f"the history has its own channel column ({shares_text(own)}), which the fit "
            "uses; --channel is for a history without one"
        )
    if not serving_teams(template, channel):
        answered = sorted(
            {c for t in template.get("team") or [] for c in (t.get("channels") or CHANNELS)},
            key=list(CHANNELS).index,
        )
        raise ValueError(
            f"no team of the template answers {channel} (its teams answer "
            f"{', '.join(answered) or 'nothing'}): its mentions would wait unanswered; give a "
            "--template whose team answers it"
        )


def mix_note(history: History, template: dict[str, Any], channel: str | None) -> list[str]:
    """Where the scenario's channel mix comes from, in a line or two for the reader."""
    if channel is not None:
        return [f"channel: all volume on {channel} (--channel {channel})"]
    own = history_mix(history)
    if own:
        return [f"channel mix: the history's ({shares_text(own)})"]
    base = (template.get("baseline") or {}).get("channels") or {"twitter": 1.0}
    hint = named_channel(history.source) or "CHANNEL"
    return [
        f"channel mix: the template's ({shares_text(base)});",
        f"the history has no channel column: use --channel {hint} if it counts one channel",
    ]

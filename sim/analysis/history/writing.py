"""The fitted scenario as a TOML file: the template's team and protocol, the fitted traffic.

Everything about people (team, protocol, FAQ, advocates...) comes from a template
scenario; the traffic (`[scenario]` period, `[baseline]`, `[[surge]]`) comes from the fit,
and `[alerts]` is the spike rule the fit scores.
A fitted surge borrows what a crisis mention looks like (kinds, sentiment, channels) from
the template's first surge. The header says which file and period the fit came from, how
well it fitted, and every fitted number with its 95% interval.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sim.analysis.history.alerts import AlertRule
from sim.analysis.history.baseline import Estimate
from sim.analysis.history.channels import history_mix, mix_note
from sim.analysis.history.fitting import HistoryFit, SurgeFit
from sim.analysis.history.reading import History
from sim.analysis.history.series import HOUR
from sim.analysis.history.shapes import MAX_BRANCHING
from sim.analysis.history.tomlout import document
from sim.model.limits import MAX_RATE, MAX_RUN_MINUTES, MAX_SEED_POSTS
from sim.model.vocabulary import KINDS

_BORROWED = ("kinds", "sentiment", "channels", "direct")
UNITS = {"half_life": " min", "tau": " min", "mean_delay": " min"}
"""The unit a fitted surge parameter is printed with."""


def minutes(x: float) -> str:
    """A duration in minutes, written with its unit, one decimal."""
    return f"{x:.1f}m".replace(".0m", "m")


def _ci(e: Estimate) -> str:
    return e.text()


def stamp(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d %H:%M UTC")


def _sig(x: float) -> float:
    """Four significant figures: a small positive number never rounds to zero."""
    return float(f"{x:.4g}")


def surge_table(i: int, s: SurgeFit, start: float, borrowed: dict[str, Any]) -> dict[str, Any]:
    p = s.fit.params
    table: dict[str, Any] = {
        "name": f"Burst {i} ({stamp(s.at)[:16]})",
        "at": minutes(max(0.0, (s.at - start) / 60)),
        "shape": s.fit.shape,
        "topic": f"burst-{i}",
    }
    if s.fit.shape == "shock":
        table["peak_per_hour"] = round(min(p["peak_per_hour"].value, MAX_RATE), 1)
        if s.fit.form == "exponential":
            table["half_life"] = minutes(min(p["half_life"].value, MAX_RUN_MINUTES))
        else:
            table["tau"] = minutes(p["tau"].value)
            table["theta"] = _sig(p["theta"].value)
    else:
        seeds = p["seed_posts"].value if s.replay_seeds is None else s.replay_seeds
        table["seed_posts"] = min(max(1, round(seeds)), MAX_SEED_POSTS)
        table["branching"] = _sig(min(p["branching"].value, MAX_BRANCHING))
        table["kernel"] = "exponential"
        table["mean_delay"] = minutes(min(p["mean_delay"].value, MAX_RUN_MINUTES))
    table.update(borrowed)
    return table


def scenario_data(
    fit: HistoryFit, history: History, template: dict[str, Any], channel: str | None = None
) -> dict[str, Any]:
    """The template's data with the fitted traffic in place of its own; with `channel`
    (`fit --channel`), all of it, follow-ups too, on that one channel."""
    data = copy.deepcopy(template)
    data.pop("inject", None)  # the template's injects belong to its own timeline
    hours = min(fit.hours, int(MAX_RUN_MINUTES // 60))
    meta = dict(data.get("scenario", {}))
    meta.update(
        name=f"Fitted from {Path(fit.source).name}",
        description=f"Traffic fitted from {Path(fit.source).name}, "
        f"{stamp(fit.start)} to {stamp(fit.start + hours * HOUR)}.",
        duration=f"{hours}h",
        start=datetime.fromtimestamp(fit.start, UTC).replace(tzinfo=None),
    )
    data["scenario"] = meta
    base = dict(data.get("baseline", {}))
    b = fit.baseline
    base.update(
        per_hour=round(b.per_hour.value, 2),
        daily_profile=[round(x, 4) for x in b.daily],
        weekly_profile=[round(x, 4) for x in b.weekly],
        volatility=round(b.fast_volatility, 4),
        level_half_life=minutes(b.half_life_h.value * 60),
    )
    if b.slow_volatility.value > 0:
        base.update(
            slow_volatility=round(b.slow_volatility.value, 4),
            slow_half_life=minutes(b.slow_half_life_h.value * 60),
        )
    channels = {channel: 1.0} if channel is not None else history_mix(history)
    if channels:
        base["channels"] = _renormalised(channels)
    kinds = {k: v for k, v in history.kinds.items() if k in set[str](KINDS)}
    if kinds:
        base["kinds"] = _renormalised(kinds)
    if history.sentiment is not None:
        base["sentiment"] = round(history.sentiment, 3)
    data["baseline"] = base
    first = (template.get("surge") or [{}])[0]
    borrowed = {k: first[k] for k in _BORROWED if k in first}
    if channel is not None:
        borrowed["channels"] = {channel: 1.0}
        if isinstance(data.get("followups"), dict) and "channels" in data["followups"]:
            data["followups"] = {**data["followups"], "channels": {channel: 1.0}}
    end = fit.start + hours * HOUR
    data["surge"] = [
        surge_table(i, s, fit.start, borrowed)
        for i, s in enumerate(fit.surges, start=1)
        if s.at < end
    ]
    if not data["surge"]:
        del data["surge"]
    rule = AlertRule()  # the rule `--labels` scores; the scenario's runs raise its alerts live
    data["alerts"] = dict(
        window=minutes(rule.window), sensitivity=rule.sensitivity, cooldown=minutes(rule.cooldown)
    )
    return data


def _renormalised(shares: dict[str, float]) -> dict[str, float]:
    rounded = {k: round(v / sum(shares.values()), 4) for k, v in shares.items()}
    top = max(rounded, key=rounded.__getitem__)
    rounded[top] = round(rounded[top] + 1 - sum(rounded.values()), 4)
    return rounded


def header(
    fit: HistoryFit,
    history: History,
    template: str,
    quality: list[str],
    channels: list[str] | None = None,
) -> str:
    """The scenario file's comment: source, period, every fitted number with its
    interval, the check's figures, and where the channel mix came from (`channels`,
    from `channels.mix_note`)."""
    b = fit.baseline
    kind = (
        "one row per mention"
        if history.per_mention
        else f"counts per {minutes(fit.series.width / 60)}"
    )
    lines = [
        f"Fitted by `surgedesk fit` from {fit.source}",
        f"({history.rows:,} rows, {kind}), {stamp(fit.start)} to "
        f"{stamp(fit.start + fit.hours * HOUR)}: {fit.hours} hours.",
        f"Team, protocol and the rest from the template scenario {template}.",
        *([channels[0][:1].upper() + channels[0][1:], *channels[1:]] if channels else []),
        "",
        f"Baseline, fitted on {b.hours_used} hours outside the bursts (times are UTC):",
        f"  per_hour        {_ci(b.per_hour)}",
        f"  volatility      {_ci(b.volatility)}  (sd of the log level; Cox)",
        f"  level_half_life {_ci(b.half_life_h)} hours",
        *(
            [
                f"  slow_volatility {_ci(b.slow_volatility)}  (its slow part: busy days)",
                f"  slow_half_life  {_ci(b.slow_half_life_h)} hours",
                f"  (volatility above is the whole level's; the scenario's is its fast part,"
                f" {b.fast_volatility:.3g})",
            ]
            if b.slow_volatility.value > 0
            else []
        ),
        "  daily_profile and weekly_profile: medians of ratios (median polish).",
        "",
        f"Surges: {len(fit.surges)} bursts found; each fitted by maximum likelihood on the",
        "counts as an exponential shock, a power-law shock or a viral cascade, chosen by QAIC;",
        "intervals are 95%, from the observed information scaled by the dispersion. A burst's",
        "extra mentions are those above the baseline (at its level in the 6 hours before it)",
        "from its start to 12 hours after it ends (or the next burst): `fit --check` counts",
        "the same window.",
    ]
    for i, s in enumerate(fit.surges, start=1):
        lines.append(f"  {i}. {stamp(s.at)}: {s.fit.label}; dispersion {s.fit.dispersion:.1f};")
        lines.append(
            f"       extra mentions in its {(s.until - s.at) / HOUR:.0f}h window: "
            f"{s.observed:,.0f} seen, {s.expected:,.0f} from the written surge on average"
        )
        for name, est in s.fit.params.items():
            lines.append(f"       {name} = {_ci(est)}{UNITS.get(name, '')}")
        if s.replay_seeds is not None:
            lines += [
                f"       seed_posts written as {max(1, round(s.replay_seeds))}: run forward, "
                f"the fitted {s.fit.params['seed_posts'].value:.3g} seeds give",
                "       a burst of another size than the one seen (the fit reads the cascade",
                "       as it happened); the written seeds replay the extra seen on average",
                "       (a cascade's typical run is smaller: `fit --check` shows its median).",
            ]
        scores = ", ".join(f"{k} {v:,.1f}" for k, v in sorted(s.fit.qaic.items()))
        lines.append(f"       QAIC: {scores}")
    if quality:
        lines += ["", "Fit quality:", *(f"  {q}" for q in quality)]
    return "\n".join(lines)


def scenario_text(
    fit: HistoryFit,
    history: History,
    template_name: str,
    template: dict[str, Any],
    quality: list[str],
    channel: str | None = None,
) -> str:
    note = mix_note(history, template, channel)
    return document(
        scenario_data(fit, history, template, channel),
        header(fit, history, template_name, quality, note),
    )

"""The bundled scenario library: every file loads, runs, repeats itself and shows its story.

Each scenario is named for a dynamic (a viral cascade, an outage, a power-law tail, ...);
these tests check that the dynamic is really there in the time series, over a few
replications, so a file edited into something else fails here rather than in a drill.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from sim.engine.core import Engine
from sim.engine.mentions import State
from sim.engine.metrics import Interval
from sim.model.library import DEFAULT_SCENARIO, bundled, scenario_dir
from sim.model.loading import load_scenario
from sim.model.scenario import Scenario

EXPECTED = {
    "recall",
    "influencer",
    "outage",
    "breach",
    "launch",
    "holiday",
    "hashtag",
    "slowburn",
}
FILES = sorted(scenario_dir().glob("*.toml"))
NAMES = [p.stem for p in FILES]
README = scenario_dir() / "README.md"
REPLICATIONS = (0, 1, 2)


@cache
def scenario(name: str) -> Scenario:
    return load_scenario(scenario_dir() / f"{name}.toml")


@cache
def played(name: str, replication: int = 0) -> Engine:
    """One headless run to the end, kept for every test that looks at it."""
    sc = scenario(name)
    engine = Engine(sc, replication=replication, record_mentions=False)
    engine.run_until(sc.meta.duration)
    return engine


def total(engine: Engine, hours: tuple[float, float], measure: Callable[[Interval], int]) -> int:
    """Sum of `measure` over the intervals starting within [from, to) hours."""
    lo, hi = hours[0] * 60, hours[1] * 60
    return sum(measure(iv) for iv in engine.series if lo <= iv.t_start < hi)


def arrivals(iv: Interval) -> int:
    return iv.arrivals


def missed(iv: Interval) -> int:
    return iv.missed


def surge_hour(name: str, index: int = 0) -> float:
    return scenario(name).surges[index].at / 60


# ------------------------------------------------------------------ the library as a whole


def test_the_library_holds_the_expected_scenarios():
    assert set(NAMES) >= EXPECTED
    assert DEFAULT_SCENARIO in NAMES


@pytest.mark.parametrize("path", FILES, ids=NAMES)
def test_every_bundled_scenario_validates(path: Path):
    sc = load_scenario(path)
    assert sc.meta.name
    assert 24 * 60 <= sc.meta.duration <= 72 * 60


def test_every_bundled_scenario_is_listed_with_a_one_line_description():
    entries = {e.name: e for e in bundled()}
    assert set(entries) == set(NAMES)
    for name, entry in entries.items():
        assert entry.description, name
        assert "\n" not in entry.description
        assert entry.title == scenario(name).meta.name


@pytest.mark.parametrize("path", FILES, ids=NAMES)
def test_every_bundled_scenario_says_where_its_numbers_come_from(path: Path):
    text = path.read_text(encoding="utf-8")
    header = text[: text.index("[scenario]")]
    assert header.startswith("#")
    assert "domain.md" in header
    assert "illustrative" in header


@pytest.mark.parametrize("name", NAMES)
def test_every_bundled_scenario_runs_to_its_end(name: str):
    engine = played(name)
    summary = engine.summary()
    assert engine.done
    assert engine.series[-1].t_end == scenario(name).meta.duration
    assert summary.mentions > 0
    assert summary.answered > 0
    # A rehearsal, not a walkover or a rout: strained at the peak, but not absurd.
    assert 0.4 <= summary.service_level <= 0.9
    assert 0.0 < summary.missed_rate < 0.5


@pytest.mark.parametrize("name", NAMES)
def test_by_channel_and_by_team_add_up_to_the_totals(name: str):
    summary = played(name).summary()
    by_channel, by_team = summary.by_channel, summary.by_team
    for field in ("needs_response", "answered_in_sla", "late", "missed"):
        assert sum(int(row[field] or 0) for row in by_channel.values()) == getattr(summary, field)
    assert sum(int(row["answered"] or 0) for row in by_team.values()) == summary.answered
    assert set(by_team) == {t.label for t in scenario(name).team}
    # Every mention needing a response is answered, dropped or still waiting.
    assert summary.answered + summary.dropped + summary.open_at_end == summary.needs_response
    later = summary.answered - summary.answered_in_sla - summary.late
    assert later == summary.missed_answered_later <= summary.missed
    for row in by_channel.values():
        need = int(row["needs_response"] or 0)
        assert row["service_level"] == pytest.approx(int(row["answered_in_sla"] or 0) / need)
        assert row["missed_rate"] == pytest.approx(int(row["missed"] or 0) / need)


@pytest.mark.slow
@pytest.mark.parametrize("name", NAMES)
def test_every_bundled_scenario_is_reproducible(name: str):
    first = played(name).summary().as_dict()
    sc = scenario(name)
    again = Engine(sc, record_mentions=False)
    again.run_until(sc.meta.duration)
    assert again.summary().as_dict() == first
    other = Engine(sc, sc.meta.seed + 1, record_mentions=False)
    other.run_until(sc.meta.duration)
    assert other.summary().as_dict() != first


# ------------------------------------------------------------------ each one's dynamic


@pytest.mark.slow
@pytest.mark.parametrize("rep", REPLICATIONS)
def test_influencer_cascade_peaks_far_above_the_baseline(rep: int):
    engine = played("influencer", rep)
    at = surge_hour("influencer")
    per_interval_before = total(engine, (0, at), arrivals) / (at * 4)
    peak = max(engine.series, key=lambda iv: iv.arrivals)
    assert peak.arrivals >= 10 * per_interval_before
    assert at * 60 <= peak.t_start < at * 60 + 60
    # The SEISMIC tail: over the next day, well past the first burst, replies keep coming
    # on top of the everyday flow (more than 3 standard deviations of a Poisson count).
    window = (at + 2, at + 26)
    later = total(engine, window, lambda iv: iv.arrivals - iv.followups)
    baseline = engine.sources[0].shape
    assert baseline is not None
    expected = baseline.expected(window[0] * 60, window[1] * 60)
    assert later >= expected + 3 * math.sqrt(expected)
    assert engine.summary().followups > 0


@pytest.mark.slow
@pytest.mark.parametrize("rep", REPLICATIONS)
def test_outage_misses_concentrate_after_the_outage_starts(rep: int):
    engine = played("outage", rep)
    start = surge_hour("outage")
    before = total(engine, (0, start), missed)
    after = total(engine, (start, 99), missed)
    assert after >= 9 * before
    during = total(engine, (start, start + 4), missed) / 4
    assert during >= 20 * max(before / start, 1.0)
    assert total(engine, (start, start + 4), arrivals) >= 3 * total(
        engine, (start - 4, start), arrivals
    )


@pytest.mark.slow
@pytest.mark.parametrize("rep", REPLICATIONS)
def test_breach_attention_fades_slowly_and_cases_go_offline(rep: int):
    engine = played("breach", rep)
    at = surge_hour("breach")
    # Same clock hours (08:00-19:00) on the three days: the power-law tail keeps the
    # second day far above the first, and the third still above it.
    day1 = total(engine, (0, at), arrivals)
    assert total(engine, (24, 24 + at), arrivals) >= 1.4 * day1
    assert total(engine, (48, 48 + at), arrivals) >= 1.08 * day1
    crisis = total(engine, (at, at + 6), lambda iv: iv.by_kind["crisis"])
    assert crisis >= 0.1 * total(engine, (at, at + 6), arrivals)
    summary = engine.summary()
    assert summary.offline_resolved > 0
    assert summary.mean_resolution_min > 4 * 60  # security, then legal
    assert summary.unseen > 0


@pytest.mark.slow
@pytest.mark.parametrize("rep", REPLICATIONS)
def test_launch_wave_peaks_in_the_evening_and_the_community_helps(rep: int):
    engine = played("launch", rep)
    surge = scenario("launch").surges[0]
    assert surge.rise is not None
    crest = (surge.at + surge.rise) / 60
    peak = max(engine.series, key=lambda iv: iv.arrivals)
    assert abs(peak.t_start / 60 - crest) <= 2
    assert total(engine, (crest - 1, crest + 1), arrivals) >= 5 * total(engine, (0, 2), arrivals)
    summary = engine.summary()
    assert summary.advocate_answered > 0
    assert summary.faq_deflected > 0
    assert any(e.text.startswith("advocates mobilized") for e in engine.log)


@pytest.mark.slow
@pytest.mark.parametrize("rep", REPLICATIONS)
def test_holiday_shifts_change_the_team_and_delays_grow_day_by_day(rep: int):
    engine = played("holiday", rep)
    on_shift = [iv.agents_on_shift for iv in engine.series]
    assert min(on_shift) <= 3
    assert max(on_shift) >= 15
    friday, sunday = total(engine, (0, 12), arrivals), total(engine, (48, 60), arrivals)
    assert sunday >= 1.15 * friday
    assert any(e.text == "FAQ published: shipping-delay" for e in engine.log)


@pytest.mark.slow
@pytest.mark.parametrize("rep", REPLICATIONS)
def test_hashtag_storm_is_sharp_and_short(rep: int):
    engine = played("hashtag", rep)
    at = surge_hour("hashtag")
    hourly_before = total(engine, (0, at), arrivals) / at
    peak_hour = total(engine, (at, at + 1), arrivals)
    assert peak_hour >= 10 * hourly_before
    assert total(engine, (at + 6, at + 7), arrivals) <= 0.3 * peak_hour
    trolls = total(engine, (at, at + 2), lambda iv: iv.by_kind["crisis"] + iv.by_kind["spam"])
    assert trolls >= 0.4 * total(engine, (at, at + 2), arrivals)
    assert engine.summary().unseen > 0


def test_hashtag_stops_answering_abuse_after_the_protocol_change():
    sc = scenario("hashtag")
    change = next(i for i in sc.injects if i.action == "change_protocol")
    engine = Engine(sc)
    engine.run_until(sc.meta.duration)
    seen_crisis = [m for m in engine.mentions if m.kind == "crisis" and m.state is not State.UNSEEN]
    late = [m for m in seen_crisis if m.t >= change.at + 60]  # past any listening delay
    assert late
    assert all(m.state is State.NO_RESPONSE for m in late)
    assert any(m.state is not State.NO_RESPONSE for m in seen_crisis if m.t < change.at)


@pytest.mark.slow
@pytest.mark.parametrize("rep", REPLICATIONS)
def test_slowburn_gets_a_little_worse_every_day(rep: int):
    engine = played("slowburn", rep)
    days = [(0, 24), (24, 48), (48, 72)]
    misses = [total(engine, d, missed) for d in days]
    volume = [total(engine, d, arrivals) for d in days]
    assert misses[0] < misses[1] < misses[2]
    assert volume[0] < volume[1] < volume[2]
    summary = engine.summary()
    assert summary.followups > 0
    assert summary.unseen > 0
    faq = scenario("slowburn").faq
    assert faq is not None
    started = next(e.t for e in engine.log if e.text.startswith("FAQ drafting started"))
    published = next(e.t for e in engine.log if e.text.startswith("FAQ published"))
    assert published - started == pytest.approx(faq.draft_time + faq.approval_time)
    assert published - started >= 12 * 60  # the FAQ that takes a while


# ------------------------------------------------------------------ the format's documentation


def _keys(node: Any, parent: str = "") -> Iterator[str]:
    """Every key name in a parsed TOML document, except free-form topic slugs."""
    if isinstance(node, dict):
        for key, value in node.items():
            if parent != "topics":
                yield key
            yield from _keys(value, key)
    elif isinstance(node, list):
        for item in node:
            yield from _keys(item, parent)


def _documented(key: str, readme: str) -> bool:
    """A key appears in backticks, as itself or as the section header it names."""
    forms = (f"`{key}`", f"`[{key}]`", f"`[[{key}]]`", f"`[[team.{key}]]`")
    return any(form in readme for form in forms)


def test_every_key_used_in_a_bundled_scenario_is_documented():
    readme = README.read_text(encoding="utf-8")
    for path in FILES:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        undocumented = sorted({k for k in _keys(data) if not _documented(k, readme)})
        assert not undocumented, f"{path.name}: {undocumented}"


def test_every_schema_key_is_documented():
    from sim.model import actions
    from sim.model.alerting import Alerts
    from sim.model.backlog import Backlog
    from sim.model.community import Advocates, Faq
    from sim.model.feedback import Followups, Handoff, Offline, Reputation
    from sim.model.protocol import Listening, Protocol
    from sim.model.scenario import Meta
    from sim.model.surge import Surge
    from sim.model.team import Schedule, Shift, Team
    from sim.model.traffic import Baseline, Reach
    from sim.model.units import Exponential, Fixed, Gamma, Lognormal, Uniform

    readme = README.read_text(encoding="utf-8")
    models: list[type[BaseModel]] = [Meta, Baseline, Reach, Surge, Shift, Schedule, Team]
    models += [Protocol, Advocates, Faq, Followups, Listening, Handoff, Offline, Reputation]
    models += [Backlog, Scenario, Fixed, Exponential, Lognormal, Gamma, Uniform, Alerts]
    names = {f.alias or n for m in models for n, f in m.model_fields.items()}
    for cls in actions.ACTION_TYPES.values():
        if cls is not actions.TriggerSurge:
            names |= set(cls.__dataclass_fields__)
    names |= set(actions.ACTION_TYPES)
    missing = sorted(n for n in names if not _documented(n, readme))
    assert not missing


def test_the_readme_table_lists_every_bundled_scenario():
    readme = README.read_text(encoding="utf-8")
    table = readme[readme.index("## The bundled scenarios") :]
    listed = set(re.findall(r"^\| `([a-z0-9_-]+)` \|", table, flags=re.MULTILINE))
    assert listed == set(NAMES)

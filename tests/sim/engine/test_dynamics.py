"""Crisis dynamics, checked against theory or plain expectation, mechanism by mechanism."""

from __future__ import annotations

import math

import numpy as np
import pytest

from sim.engine.core import Engine, TimedAction
from sim.engine.mentions import Mention, State
from sim.model import actions as act
from sim.model.library import resolve
from sim.model.loading import load_scenario, parse_scenario
from sim.model.scenario import Scenario

HEAD = """\
[scenario]
name = "dynamics"
duration = "{hours}h"
seed = {seed}
"""

TEAM = """
[[team]]
role = "care"
agents = {agents}
handle_time = {{ dist = "exponential", mean = "6m" }}
"""


def scenario(body: str, hours: float = 24, seed: int = 1, agents: int | None = None) -> Scenario:
    text = HEAD.format(hours=hours, seed=seed) + body
    if agents is not None:
        text += TEAM.format(agents=agents)
    return parse_scenario(text)


def replicate(sc: Scenario, n: int, measure) -> tuple[float, float]:
    """Mean and standard error of `measure(engine)` over n independent replications."""
    values = []
    for rep in range(n):
        engine = Engine(sc, replication=rep)
        engine.run_until(sc.meta.duration)
        values.append(measure(engine))
    arr = np.array(values, dtype=float)
    return float(arr.mean()), float(arr.std(ddof=1) / math.sqrt(n))


def from_source(source: int):
    return lambda e: sum(1 for m in e.mentions if m.source == source)


@pytest.mark.slow
def test_exponential_shock_delivers_peak_times_half_life_over_ln2():
    sc = scenario(
        """
[[surge]]
at = "1h"
shape = "shock"
peak_per_hour = 300
half_life = "3h"
""",
        hours=60,
    )
    expected = 300 / 60 * 180 / math.log(2)  # minutes: per-minute peak × half-life / ln 2
    mean, se = replicate(sc, 40, from_source(1))
    assert abs(mean - expected) <= 4 * se, (mean, se, expected)


@pytest.mark.slow
def test_viral_surge_mean_total_is_seeds_over_one_minus_branching():
    sc = scenario(
        """
[[surge]]
at = "0m"
shape = "viral"
seed_posts = 20
branching = 0.8
kernel = "exponential"
mean_delay = "20m"
reach_exponent = 0.3
""",
        hours=72,
    )
    mean, se = replicate(sc, 60, from_source(1))
    assert abs(mean - 20 / (1 - 0.8)) <= 4 * se, (mean, se)


FAQ_BODY = """
[baseline]
per_hour = 120
topics = { general = 0.5, recall = 0.5 }

[faq]
trigger = 30
window = "1h"
draft_time = "1h"
approval_time = "30m"
deflection = 0.4
"""


def test_faq_deflects_its_share_after_publication_and_not_before():
    engine = Engine(scenario(FAQ_BODY, hours=24, agents=20))
    engine.run_until(engine.duration)
    published = [e.t for e in engine.log if e.text == "FAQ published: recall"]
    assert len(published) == 1
    t_pub = published[0]
    drafting = next(e.t for e in engine.log if e.text == "FAQ drafting started: recall")
    assert t_pub == pytest.approx(drafting + 90)
    recall = [m for m in engine.mentions if m.topic == "recall"]
    deflected = [m for m in recall if m.state is State.DEFLECTED]
    assert deflected and min(m.t for m in deflected) >= t_pub
    after = [m for m in recall if m.t >= t_pub]
    share = len(deflected) / len(after)
    se = math.sqrt(0.4 * 0.6 / len(after))
    assert abs(share - 0.4) <= 4 * se
    # the catch-all topic never gets an FAQ, however busy it is
    assert not any(m.state is State.DEFLECTED for m in engine.mentions if m.topic == "general")


def test_published_faq_shortens_handling_on_its_topic():
    engine = Engine(scenario(FAQ_BODY, hours=24, agents=20))
    engine.run_until(engine.duration)
    t_pub = next(e.t for e in engine.log if e.text == "FAQ published: recall")
    handled = [m for m in engine.mentions if m.topic == "recall" and m.handle > 0]
    before = np.mean([m.handle for m in handled if m.t_start < t_pub])
    after = np.mean([m.handle for m in handled if m.t_start >= t_pub])
    assert after < before * 0.95  # handle_factor 0.8 by default


def test_advocates_answer_about_their_share():
    body = """
[baseline]
per_hour = 100
channels = { twitter = 0.5, email = 0.5 }

[advocates]
answer_share = 0.3
accuracy = 0.8
delay = { dist = "exponential", mean = "10m" }
"""
    # No staff at all: every question waits, so advocates get to each one they pick.
    engine = Engine(scenario(body, hours=48))
    engine.run_until(engine.duration)
    public = [m for m in engine.mentions if m.channel == "twitter" and m.t < engine.duration - 60]
    answered = sum(m.state is State.ADVOCATE for m in public)
    corrections = engine.totals().advocate_corrections
    p = 0.3 * 0.8
    assert abs(answered / len(public) - p) <= 4 * math.sqrt(p * (1 - p) / len(public))
    assert corrections > 0 and abs(corrections / (answered + corrections) - 0.2) < 0.05
    assert not any(m.state is State.ADVOCATE for m in engine.mentions if m.channel == "email")


FOLLOWUP_BODY = """
[baseline]
per_hour = 120
kinds = {{ question = 0.5, complaint = 0.5 }}

[protocol]
patience = {{ dist = "exponential", mean = "20m" }}

[followups]
probability = 0.5
delay = {{ dist = "exponential", mean = "1h" }}
channels = {{ twitter = 1.0 }}
"""


def test_followups_come_only_after_missed_complaints():
    engine = Engine(scenario(FOLLOWUP_BODY.format(), hours=24, agents=4))
    engine.run_until(engine.duration)
    by_id = {m.id: m for m in engine.mentions}
    followups = [m for m in engine.mentions if m.followup_of >= 0]
    assert followups, "an understaffed team should see follow-ups"
    for f in followups:
        original = by_id[f.followup_of]
        assert original.gave_up and original.kind in ("complaint", "crisis")
        assert f.t >= original.deadline  # after its author gave up, answered later or not
        assert f.sentiment <= original.sentiment
    missed_complaints = [m for m in engine.mentions if m.gave_up and m.kind == "complaint"]
    share = len(followups) / len(missed_complaints)
    assert 0.35 < share < 0.55  # probability 0.5, less those that would land after the end
    assert engine.summary().followups == len(followups)


def test_no_misses_no_followups():
    engine = Engine(scenario(FOLLOWUP_BODY.format(), hours=24, agents=40))
    summary = engine.run()
    assert summary.missed == 0 and summary.followups == 0


def test_listening_misses_its_uncovered_share():
    body = """
[baseline]
per_hour = 200
direct = 0.5

[listening]
coverage = 0.7
delay = "30m"
"""
    engine = Engine(scenario(body, hours=24, agents=30))
    engine.run_until(engine.duration)
    indirect = [m for m in engine.mentions if not m.direct]
    unseen = sum(m.state is State.UNSEEN for m in indirect)
    assert abs(unseen / len(indirect) - 0.3) <= 4 * math.sqrt(0.21 / len(indirect))
    caught = [m for m in indirect if m.state is not State.UNSEEN and m.t_start >= 0]
    assert min(m.wait for m in caught) >= 30 - 1e-9  # the listening delay comes first
    assert all(m.state is not State.UNSEEN for m in engine.mentions if m.direct)


def test_offline_resolution_takes_the_path_delays():
    body = """
[baseline]
per_hour = 60

[offline]
share = 0.5
path = [ { to = "logistics", delay = "2h" }, { to = "finance", delay = "1h" } ]
"""
    engine = Engine(scenario(body, hours=48, agents=10))
    summary = engine.run()
    offline = [m for m in engine.mentions if m.state is State.OFFLINE]
    assert offline
    assert all(m.resolved_at == pytest.approx(m.t_end + 180) for m in offline)
    assert summary.offline_resolved == sum(1 for m in offline if m.resolved_at <= engine.duration)
    assert summary.mean_resolution_min > 180


def recall(**changes) -> Scenario:
    sc = load_scenario(resolve("recall"))
    return sc.model_copy(update=changes)


@pytest.mark.slow
def test_recall_misses_less_with_more_staff_and_less_still_with_an_faq():
    no_faq = recall(faq=None)
    base = Engine(no_faq).run()
    peak = no_faq.surges[0].at
    staffed = Engine(no_faq, actions=[TimedAction(peak, act.AddAgents("care", 6))]).run()
    with_faq = Engine(
        recall(),
        actions=[
            TimedAction(peak, act.AddAgents("care", 6)),
            TimedAction(peak, act.PublishFaq("recall-refund")),
        ],
    ).run()
    assert base.missed > 0
    assert staffed.missed < base.missed
    assert with_faq.missed < staffed.missed


def test_actions_are_logged_with_their_time_and_reproducible():
    sc = recall()
    plan = [
        TimedAction(400, act.AddAgents("care", 3, duration=120)),
        TimedAction(420, act.HoldingStatement("recall-refund")),
        TimedAction(430, act.MobilizeAdvocates(0.4)),
        TimedAction(440, act.ChangeProtocol(respond_to=("complaint", "crisis"))),
        TimedAction(450, act.RemoveAgents("community_manager", 1)),
    ]
    first = Engine(sc, actions=plan)
    first.run_until(12 * 60)
    logged = [(e.t, e.action) for e in first.log if e.kind == "action"]
    assert logged == [(p.at, p.action) for p in plan]
    shift_back = [e for e in first.log if e.kind == "shift" and e.t == 520]
    assert shift_back, "the 2-hour reinforcement should go home at 520 min"
    second = Engine(sc, actions=plan)
    second.run_until(12 * 60)
    assert first.summary() == second.summary()
    # after the protocol change, questions no longer get a response
    later = [m for m in first.mentions if m.t > 440 and m.kind == "question"]
    assert later and all(m.state is State.NO_RESPONSE or m.state is State.DEFLECTED for m in later)


def test_holding_statement_cuts_new_questions_on_its_topic():
    sc = recall(faq=None)
    at = sc.surges[0].at
    statement = act.HoldingStatement("recall-refund", cut=0.5, duration=600)
    engine = Engine(sc, actions=[TimedAction(at, statement)])
    engine.run_until(at + 600)
    questions = [m for m in engine.mentions if m.topic == "recall-refund" and m.kind == "question"]
    cut = sum(m.state is State.DEFLECTED for m in questions) / len(questions)
    assert abs(cut - 0.5) <= 4 * math.sqrt(0.25 / len(questions))


def test_triggered_surge_adds_mentions_on_its_topic():
    sc = recall()
    spec = act.action_from_params(
        "trigger_surge",
        {"shape": "step", "per_hour": 300, "duration": "2h", "topic": "outage"},
        sc,
    )
    engine = Engine(sc, actions=[TimedAction(90, spec)])
    engine.run_until(240)
    outage = [m for m in engine.mentions if m.topic == "outage" and m.followup_of < 0]
    assert abs(len(outage) - 600) <= 4 * math.sqrt(600)
    assert min(m.t for m in outage) >= 90 and max(m.t for m in outage) < 210


def test_staffing_changes_do_not_change_the_arrivals():
    """Common random numbers: what arrives depends on the seed, never on the team."""
    sc = recall(followups=None)
    a = Engine(sc)
    a.run_until(24 * 60)
    b = Engine(sc, actions=[TimedAction(0, act.AddAgents("care", 10))])
    b.run_until(24 * 60)

    def key(m: Mention) -> tuple[object, ...]:
        return (m.t, m.channel, m.kind, m.topic, m.reach, m.u_handle, m.patience)

    assert [key(m) for m in a.mentions] == [key(m) for m in b.mentions]
    assert a.summary().missed > b.summary().missed


@pytest.mark.slow
def test_a_missed_influencer_seeds_a_cascade():
    body = (
        FOLLOWUP_BODY.format().replace(
            "[followups]", "[followups]\nviral_reach = 2000\nviral_branching = 0.8"
        )
        + "\n[baseline.reach]\nalpha = 1.6\nminimum = 200\n"
    )
    body = body.replace("per_hour = 120\n", "per_hour = 120\n", 1)
    engine = Engine(scenario(body, hours=24, agents=3))
    engine.run_until(engine.duration)
    spreading = [e for e in engine.log if "is spreading" in e.text]
    assert spreading, "missed high-reach complaints should seed cascades"
    missed_big = [m for m in engine.mentions if m.gave_up and m.reach >= 2000]
    assert missed_big and len(spreading) <= len(missed_big)

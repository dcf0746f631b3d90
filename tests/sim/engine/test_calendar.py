"""What SimPy's calendar holds: one arrival of a window at a time, the rest waiting beside it.

A window's mentions used to be put on the calendar all at once, hundreds of them, and
every event of the run paid for a deeper heap. Now each arrival puts the next one on;
the mentions still arrive in posting order, numbered as they were made.
"""

from __future__ import annotations

from sim.engine.core import Engine
from sim.engine.mentions import Mention
from sim.model.loading import parse_scenario

QUEUE = """
[scenario]
name = "calendar"
duration = "6h"
warmup = "0m"
interval = "15m"
seed = 3

[baseline]
per_hour = 600
channels = { chat = 1.0 }

[[surge]]
at = "1h"
shape = "step"
per_hour = 300
duration = "2h"
topic = "outage"

[[team]]
role = "care"
agents = 70
handle_time = { dist = "exponential", mean = "6m" }

[protocol]
sla = { default = "1m" }
patience = { dist = "exponential", mean = "30m" }
"""


def pending_arrivals(engine: Engine) -> list[Mention]:
    """The mentions on SimPy's calendar as arrivals (not yet seen by the team)."""
    found: list[Mention] = []
    for entry in engine.env._queue:
        event: object = entry[3]
        if isinstance(event, Mention) and event.callbacks is engine._arrive_next:
            found.append(event)
    return found


def test_the_calendar_holds_one_window_arrival_at_a_time() -> None:
    engine = Engine(parse_scenario(QUEUE))
    seen = 0
    for minute in range(5, 360, 7):
        engine.run_until(float(minute))
        assert len(pending_arrivals(engine)) <= 1
        seen += len(pending_arrivals(engine))
    assert seen > 40  # an arrival was waiting on the calendar at almost every stop


def test_mentions_arrive_in_posting_order_numbered_as_made() -> None:
    engine = Engine(parse_scenario(QUEUE))
    engine.run()
    times = [m.t for m in engine.mentions]
    assert times == sorted(times)
    assert [m.id for m in engine.mentions] == list(range(len(engine.mentions)))
    assert {m.source for m in engine.mentions} == {0, 1}  # the surge's merged in

"""Scenario and drill texts that several test modules build on, kept here once.

A helper module, not a test module: test modules import from it, and pytest collects
nothing here.
"""

from __future__ import annotations

# Six hours of two channels and one small team: quick to run, busy enough to miss some.
SMALL_SCENARIO = """\
[scenario]
name = "small"
duration = "6h"
seed = 4

[baseline]
per_hour = 90
channels = { twitter = 0.6, email = 0.4 }
kinds = { question = 0.6, complaint = 0.3, praise = 0.1 }

[[team]]
role = "care"
agents = 2
handle_time = { dist = "lognormal", mean = "6m", sd = "3m" }

[protocol]
sla = { twitter = "30m", email = "4h" }
patience = { dist = "exponential", mean = "1h" }
"""


def small_scenario(*, scenario: str = "", baseline: str = "", tail: str = "") -> str:
    """`SMALL_SCENARIO` with lines added to its [scenario] and [baseline] tables, and a tail.

    Each argument is whole lines, ending in a newline; the tail may add tables.
    """
    text = SMALL_SCENARIO.replace("seed = 4\n", "seed = 4\n" + scenario, 1)
    kinds = "kinds = { question = 0.6, complaint = 0.3, praise = 0.1 }\n"
    return text.replace(kinds, kinds + baseline, 1) + tail


def drill_header(name: str = "Test drill") -> str:
    """The [drill] table of a ten-hour drill on the recall scenario; five lines."""
    return f'[drill]\nname = "{name}"\nscenario = "recall"\nseed = 7\nduration = "10h"\n'


# Three injects with expectations, to follow `drill_header`: the recall news wants a holding
# statement within 30 minutes, three agents going home want agents added within an hour,
# and an executive asks for an FAQ within an hour. The title carries markup that every
# renderer must escape.
DRILL_INJECTS = """\

[[inject]]
id = "news"
at = "6h"
title = "Recall announced <script>alert(1)</script>"
message = "Owners told to stop using the machine."
expect = { action = "holding_statement", within = "30m", topic = "recall-refund" }

[[inject]]
id = "sick"
at = "7h"
kind = "staffing"
title = "Three agents go home"
action = { action = "remove_agents", role = "care", count = 3 }
expect = { action = "add_agents", within = "1h", role = "care" }

[[inject]]
id = "faq"
at = "8h"
kind = "executive"
title = "Publish an FAQ"
expect = { action = "publish_faq", within = "1h", topic = "recall-refund" }
"""

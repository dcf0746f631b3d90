"""The topics a person can aim an FAQ or a holding statement at, and where each stands.

"The top topic" is a good default and a poor only choice: in a recall the complaints
about delivery may still outnumber the recall for the first hour, and the team knows
which one it means. The picker offers the topics of the live feed, the top topic first,
each with what is already under way on it, so nobody drafts a second FAQ by mistake.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from sim.model.units import clock_label
from sim.present.view import TopicRow

if TYPE_CHECKING:
    from sim.engine.core import Engine


def topic_rows(engine: Engine, top: str | None, limit: int = 8) -> tuple[TopicRow, ...]:
    """Up to `limit` topics of the live feed: `top` (the top topic) first, then the most
    mentioned (ties by first appearance, as the top topic's own rule breaks them)."""
    counts = Counter(m.topic for m in engine.feed)
    order = sorted(counts, key=lambda t: (t != top, -counts[t]))
    start = engine.scenario.meta.start
    faq = engine.faq
    statements = engine.community.statements
    rows = []
    for topic in order[:limit]:
        if topic in faq.published_at:
            faq_state = f"published {clock_label(start, faq.published_at[topic])}"
        elif topic in faq.started_at:
            faq_state = f"drafting since {clock_label(start, faq.started_at[topic][0])}"
        else:
            faq_state = ""
        held = statements.get(topic)
        statement = (
            f"out until {clock_label(start, held[0])}"
            if held is not None and held[0] > engine.now
            else ""
        )
        rows.append(TopicRow(topic, counts[topic], faq_state, statement))
    return tuple(rows)

"""The after-action report: from the run store, well-formed, self-contained and escaped."""

from __future__ import annotations

import html
import re
import tomllib
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from sim.engine.core import Engine, TimedAction
from sim.engine.mentions import State
from sim.exercise.build import build
from sim.exercise.loading import load_drill
from sim.model import actions as act
from sim.model.library import resolve
from sim.model.loading import load_scenario
from sim.model.vocabulary import PUBLIC_CHANNELS
from sim.present.report import build_report, gather, write_report
from sim.store.runs import RunRecord, RunStore, StoredRun, series_rows, stored_scenario
from tests.fixtures import DRILL_INJECTS, drill_header

ATTACK = "<script>alert(1)</script>"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"

DRILL = (
    drill_header("Report drill & <friends>")
    + DRILL_INJECTS
    + """\

[[objective]]
metric = "service_level"
op = ">="
target = 0.5

[[objective]]
metric = "peak_queue"
op = "<="
target = 100000
"""
)

LIVE = [
    TimedAction(370.0, act.HoldingStatement(topic="recall-refund")),
    TimedAction(510.0, act.AddAgents("care", 3)),
]


class StrictParser(HTMLParser):
    """Fails on any tag left open or closed out of order (void elements aside)."""

    VOID = frozenset({"meta", "br", "hr", "img", "input", "link"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, StoredRun]:
    """A drill played headlessly into a real run store, with notes and a controller inject."""
    folder = tmp_path_factory.mktemp("report")
    path = folder / "drill.toml"
    path.write_text(DRILL, encoding="utf-8")
    drill = load_drill(path)
    built = build(drill)
    db = folder / "runs.sqlite3"
    with RunStore(db) as store:
        run_id = store.start(
            kind="drill",
            name=drill.name,
            seed=built.seed,
            scenario_text=built.scenario_text,
            scenario_source=built.scenario_source,
            scenario_data=built.scenario_data,
            drill_text=drill.text,
        )
        engine = Engine(built.scenario, built.seed)
        for timed in LIVE:
            engine.run_until(timed.at)
            engine.apply(timed.action)
            store.add_action(run_id, timed.at, timed.action, "key")
        store.add_event(run_id, 380.0, "note", "evaluator", {"text": ATTACK, "inject_id": "news"})
        store.add_event(run_id, 450.0, "note", "lead", {"text": "Queue | growing", "inject_id": ""})
        store.add_event(run_id, 500.0, "inject", "controller", {"title": f"Live {ATTACK}"})
        engine.run_until(engine.duration)
        store.finish(run_id, engine.summary().as_dict(), series_rows(engine))
        return db, run_id, store.load(run_id)


def start_like(store: RunStore, finished: StoredRun, name: str) -> int:
    """Another run of the same drill in the same store, to fill in by hand."""
    return store.start(
        kind="drill",
        name=name,
        seed=finished.record.seed,
        scenario_text=finished.scenario_text,
        scenario_source=finished.scenario_source,
        scenario_data=finished.scenario_data,
        drill_text=finished.drill_text,
    )


def test_report_replays_the_stored_run_exactly(stored: tuple[Path, int, StoredRun]) -> None:
    _, _, run = stored
    data = gather(run)
    assert data.engine.summary().as_dict() == run.record.summary
    assert data.live == LIVE
    assert data.score is not None and data.counterfactual is not None
    # The FAQ expectation is met by the FAQ the run's FAQ process started (14:04).
    assert [e.status for e in data.score.expectations] == ["met", "late", "met"]
    assert [n.inject_id for n in data.notes] == ["news", ""]
    whats = {i.what for i in data.timeline}
    assert {"inject", "team", "script", "note", "surge"} <= whats


def test_html_is_well_formed_self_contained_and_escaped(stored) -> None:
    _, _, run = stored
    page = build_report(run).html
    parser = StrictParser()
    parser.feed(page)
    parser.close()
    assert parser.stack == []
    ET.fromstring(page.split("\n", 1)[1])  # the whole page is well-formed XML too
    svgs = re.findall(r"<svg\b.*?</svg>", page, flags=re.S)
    assert len(svgs) >= 2
    for svg in svgs:
        root = ET.fromstring(svg)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert len(root) > 5
    # No scripts, no external resources: the only URL is the SVG namespace.
    assert "script" not in parser.tags
    assert not re.search(r"<(link|img|iframe|object)\b|\bsrc=|\bhref=|@import|url\(", page)
    assert set(re.findall(r"https?://[^\s\"']+", page)) == {"http://www.w3.org/2000/svg"}
    # The attack text appears only escaped: in the note, the inject title, the live inject.
    assert ATTACK not in page
    assert page.count(ESCAPED) >= 3
    shown = "".join(parser.text)
    assert ATTACK in shown  # ... and reads back as the text that was written
    assert "Report drill &amp; &lt;friends&gt;" in page


def test_report_sections_and_mention_texts(stored) -> None:
    _, _, run = stored
    data = gather(run)
    report = build_report(run)
    for heading in (
        "Summary figures",
        "Drill score",
        "Expected responses",
        "Objectives",
        "Timeline",
        "Response times by channel",
        "Evaluator notes",
        "Counterfactual",
    ):
        assert heading in report.html and heading in report.markdown
    assert data.missed_big  # the missed high-reach mentions are quoted with their words
    for m in data.missed_big:
        assert html.escape(m.text, quote=True) in report.html
    assert data.channels and all(c.p10 <= c.median <= c.p90 for c in data.channels if c.answered)
    md = report.markdown
    assert ATTACK not in md and "\\<script\\>alert(1)\\</script\\>" in md
    assert "Queue \\| growing" in md  # a pipe cannot break the table
    assert "+3 care agents at 16:30, 30m after the deadline 16:00" in md
    assert "FAQ on recall-refund started by the FAQ process at 14:04, published 15:19" in md


def test_missed_posts_are_the_public_ones_whose_authors_gave_up(stored) -> None:
    """Missed as the summary counts it: a post that stayed in the inbox unanswered is
    missed too (the section once listed only hung-up callers, trial 3)."""
    _, _, run = stored
    data = gather(run)
    engine = data.engine
    public = [m for m in engine.mentions if m.gave_up and m.channel in PUBLIC_CHANNELS]
    widest = sorted(public, key=lambda m: (-m.reach, m.t))[: len(data.missed_big)]
    assert [(m.t, m.reach) for m in data.missed_big] == [(m.t, m.reach) for m in widest]
    assert any(m.state is not State.MISSED for m in widest)  # stayed, or answered late
    answered = {m.t: m.t_start if m.t_start >= 0 else None for m in widest}
    assert all(q.answered_at == answered[q.t] for q in data.missed_big)
    report = build_report(run)
    assert "Missed high-reach posts" in report.html


def test_report_of_a_plain_run_built_by_hand() -> None:
    scenario_path = resolve("outage")
    text = scenario_path.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    scenario = load_scenario(scenario_path)
    record = RunRecord(1, "run", scenario.meta.name, 3, "test", "then", "now", True, "x", None)
    run = StoredRun(record, text, str(scenario_path), data, None, [], [], sim_until=600.0)
    report = build_report(run)
    assert "Drill score" not in report.html
    assert "| played | 10h of simulated time |" in report.markdown
    expected = Engine(scenario, 3)
    expected.run_until(600.0)
    assert f"| missed | {expected.summary().missed:,} |" in report.markdown
    assert "<svg" in report.html
    assert "Mobile banking outage" in report.markdown


def test_cli_writes_both_files_and_refuses_unknown_runs(stored, tmp_path: Path, capsys) -> None:
    from tui.cli import main

    db, run_id, _ = stored
    out = tmp_path / "aar"
    assert main(["report", str(run_id), "--db", str(db), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    for name in ("report.md", "report.html"):
        assert (out / name).is_file() and str(out / name) in printed
    assert not list(out.glob(".*tmp"))  # nothing half-written left behind
    assert main(["report", "999", "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no run 999" in err


def test_write_report_is_atomic(stored, tmp_path: Path) -> None:
    _, _, run = stored
    report = build_report(run)
    md, page = write_report(report, tmp_path / "x")
    assert md.read_text(encoding="utf-8") == report.markdown
    assert page.read_text(encoding="utf-8") == report.html


def test_report_of_an_interrupted_drill_shows_pending_responses(stored, tmp_path: Path) -> None:
    db, _, finished = stored
    with RunStore(db) as store:
        run_id = start_like(store, finished, "interrupted")
        store.add_action(run_id, 370.0, LIVE[0].action, "key")
        store.add_event(run_id, 430.0, "note", "evaluator", {"text": "stopped", "inject_id": ""})
        run = store.load(run_id)  # killed here: never finished, no series stored
    data = gather(run)
    assert data.end == 430.0 and data.series  # replayed to the last event; series rebuilt
    assert data.score is not None
    # The FAQ process started the recall FAQ at 14:04, before the 16:00 inject asks for it.
    assert [e.status for e in data.score.expectations] == ["met", "pending", "met"]
    report = build_report(run)
    assert "not finished" in report.markdown and "pending" in report.html


def test_a_controllers_action_is_not_scored_as_the_teams(stored) -> None:
    """The trainer firing the expected action from the controller answers nothing."""
    db, _, finished = stored
    with RunStore(db) as store:
        run_id = start_like(store, finished, "controller")
        scenario = stored_scenario(finished)
        engine = Engine(scenario, finished.record.seed)
        engine.run_until(LIVE[0].at)
        engine.apply(LIVE[0].action)
        store.add_action(run_id, LIVE[0].at, LIVE[0].action, "controller")
        engine.run_until(engine.duration)
        store.finish(run_id, engine.summary().as_dict(), series_rows(engine))
        run = store.load(run_id)
    data = gather(run)
    assert data.score is not None
    assert data.score.expectations[0].status == "missed"
    # ...but it changed the run, so the report's replay and counterfactual keep it
    assert data.engine.summary().as_dict() == run.record.summary
    assert data.counterfactual is not None
    assert data.counterfactual.actual.as_dict() == engine.summary().as_dict()


def test_both_formats_are_drawn_from_one_document(stored) -> None:
    """Each section is written once: every heading is in both files, in the same order."""
    from sim.present.report.document import Heading, build_document
    from sim.present.report.html import stylesheet

    _, _, run = stored
    doc = build_document(gather(run))
    report = build_report(run)
    headings = [b.text for b in doc.blocks if isinstance(b, Heading)]
    md_heads = [line.lstrip("#").strip() for line in report.markdown.splitlines()
                if line.startswith("#")]  # fmt: skip
    assert len(headings) >= 10 and len(md_heads) == len(headings)
    positions = [report.html.index(f">{html.escape(h)}</h") for h in headings[1:]]
    assert positions == sorted(positions)
    css = stylesheet()
    assert "td.num" in css and css.strip() in report.html  # the shipped data file, inlined


def test_the_timeline_tells_team_and_controller_apart(stored) -> None:
    db, _, finished = stored
    with RunStore(db) as store:
        run_id = start_like(store, finished, "both")
        store.add_action(run_id, LIVE[0].at, LIVE[0].action, "key")
        store.add_action(run_id, LIVE[1].at, LIVE[1].action, "controller")
        run = store.load(run_id)
    data = gather(run)
    who = {i.t: i.what for i in data.timeline if i.what in ("team", "controller")}
    assert who == {LIVE[0].at: "team", LIVE[1].at: "controller"}
    assert data.score is not None
    # the controller's +3 agents at 8.5h answers nothing: "sick" (due by 8h) is missed
    assert [e.status for e in data.score.expectations][:2] == ["met", "missed"]


def test_an_inject_fired_early_is_on_the_timeline_when_the_players_saw_it(stored) -> None:
    """Not at its script minute: the team's FAQ at 06:45 answers an ask shown at 06:40."""
    db, _, finished = stored
    with RunStore(db) as store:
        run_id = start_like(store, finished, "early")
        store.add_event(
            run_id, 400.0, "inject", "controller", {"id": "faq", "title": "Publish an FAQ"}
        )
        store.add_action(run_id, 405.0, act.PublishFaq(topic="recall-refund"), "key")
        run = store.load(run_id)
    data = gather(run)
    faq = [i for i in data.timeline if i.what == "inject" and i.inject_id == "faq"]
    assert [i.t for i in faq] == [400.0]
    assert faq[0].detail.startswith("fired early by the controller (scripted for Day 1 16:00)")

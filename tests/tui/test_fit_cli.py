"""`surgedesk fit` as its user runs it: on a real history excerpt (NAB, MIT licence, see
tests/data/history/README.md), writing a scenario that `run`, `plan` and the dashboard take."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.analysis.history.alerts import AlertRule
from sim.analysis.history.check import check_fit
from sim.analysis.history.fitting import fit_history
from sim.analysis.history.labels import label_mask, read_labels
from sim.analysis.history.reading import read_history
from sim.analysis.history.series import to_series
from sim.analysis.history.tomlout import document
from sim.analysis.history.writing import scenario_data
from sim.model.library import resolve
from sim.model.loading import load_scenario, load_toml, parse_scenario
from tests.tui.pilot import SIZE, live_app, on_dashboard, run_async
from tui.cli import main

DATA = Path(__file__).parent.parent / "data" / "history"
HISTORY = DATA / "twitter_volume_IBM_excerpt.csv"
LABELS = DATA / "labelled_windows.json"


@pytest.fixture(scope="module")
def fitted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fit") / "ibm.toml"
    assert main(["fit", str(HISTORY), "--out", str(out), "--template", "recall"]) == 0
    return out


def test_the_fitted_scenario_loads_and_says_where_it_came_from(fitted: Path) -> None:
    text = fitted.read_text()
    assert text.startswith("# Fitted by `surgedesk fit` from ")
    assert "2015-03-18 01:00 UTC to 2015-04-01 00:00 UTC: 335 hours" in text
    assert "95% CI" in text and "QAIC" in text
    sc = load_scenario(fitted)
    assert sc.meta.duration == 335 * 60
    assert sc.baseline is not None and sc.baseline.volatility > 0
    assert sc.surges and {s.shape for s in sc.surges} <= {"shock", "viral"}
    assert sc.team[0].role == "care"  # the template's team
    rule = AlertRule()  # the rule `--labels` scores, for the scenario's live alerts
    assert (sc.alerts.window, sc.alerts.sensitivity, sc.alerts.cooldown) == (
        rule.window,
        rule.sensitivity,
        rule.cooldown,
    )


def test_the_fitted_scenario_runs(fitted: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run", str(fitted), "--until", "6h", "--json"]) == 0
    assert '"mentions"' in capsys.readouterr().out


@pytest.mark.slow
def test_a_fitted_scenario_plans(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    short = tmp_path / "four_days.csv"  # plan replicates the whole period: keep it short
    short.write_text("\n".join(HISTORY.read_text().splitlines()[: 1 + 4 * 288]) + "\n")
    scenario = tmp_path / "short.toml"
    assert main(["fit", str(short), "--out", str(scenario)]) == 0
    args = ["plan", str(scenario), "--reps", "2", "--workers", "1", "--interval", "4h"]
    assert main(args) == 0
    assert "agents" in capsys.readouterr().out.lower()


@run_async
async def test_the_fitted_scenario_plays_in_the_dashboard(fitted: Path) -> None:
    app = live_app(load_scenario(fitted))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n", "n")
        assert on_dashboard(app)
        assert app.session.run.engine.now > 0


def test_bad_rows_exit_2_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("timestamp,value\n2015-03-01 00:00:00,3\n2015-03-01 00:05:00,-2\n")
    assert main(["fit", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}:3: value: expected a count 0 or more" in err and "Traceback" not in err


def test_check_and_alerts_print_their_figures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "check.html"
    args = ["fit", str(HISTORY), "--check", "--seeds", "10", "--labels", str(LABELS)]
    assert main([*args, "--report", str(report)]) == 0
    out = capsys.readouterr().out
    assert "inside the simulated 90% band" in out and "daily profile correlation" in out
    assert "alerts: 1 of 1 labelled windows found" in out
    page = report.read_text()
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "<script" not in page


def test_a_real_series_fits_its_band_and_daily_shape() -> None:
    """The excerpt's ordinary hours (outside bursts and the labelled window) sit in the
    simulated 90% band at least 80% of the time, and the daily shape holds (r >= 0.9)."""
    history = read_history(HISTORY)
    series = to_series(history)
    fit = fit_history(str(HISTORY), series)
    template = load_toml(resolve("recall").read_text(), "recall")
    sc = parse_scenario(document(scenario_data(fit, history, template)))
    hourly = series.hourly()
    labels = label_mask(hourly, read_labels(LABELS, HISTORY.name))
    check = check_fit(fit, sc, hourly, seeds=30, excluded=labels)
    assert check.coverage >= 0.8, check.coverage
    assert check.daily_corr >= 0.9, check.daily_corr


def test_a_bad_labels_file_is_said_before_the_fit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    labels = tmp_path / "labels.json"
    labels.write_text('{"other.csv": []}')
    assert main(["fit", str(HISTORY), "--labels", str(labels)]) == 2
    captured = capsys.readouterr()
    assert "no windows for this file" in captured.err and "Baseline" not in captured.out


def test_the_default_alert_rule_meets_its_bar_on_the_excerpt() -> None:
    """Issue 13's bar, per series: the labelled window found, at most one false alert a week."""
    from sim.analysis.history.alerts import AlertRule, alerts_over, score_alerts

    series = to_series(read_history(HISTORY))
    weeks = len(series.counts) * series.width / (7 * 86400)
    score = score_alerts(alerts_over(series, AlertRule()), read_labels(LABELS, HISTORY.name), weeks)
    assert score.recall == 1.0
    assert score.false_per_week <= 1.0, score.false_alerts


def test_an_output_that_cannot_be_written_is_refused_before_the_fit(tmp_path, capsys):
    """Not an internal error after seconds of fitting: one line, exit 2, nothing run."""
    folder = tmp_path / "taken.toml"
    folder.mkdir()
    assert main(["fit", str(HISTORY), "--out", str(folder)]) == 2
    err = capsys.readouterr().err
    assert f"--out: {folder} is a folder; expected a file name" in err and err.count("\n") == 1
    (tmp_path / "file").write_text("")
    assert main(["fit", str(HISTORY), "--report", str(tmp_path / "file" / "check.html")]) == 2
    assert "--report: cannot write to" in capsys.readouterr().err


def test_a_written_cascade_replays_the_burst_it_was_fitted_on() -> None:
    """The fit reads a cascade conditional on the counts seen: IBM's 27 March burst (1,281
    extra) fits 11 seeds at branching 0.98, which run forward give far fewer, so the
    written scenario replayed it at a fraction of its size (trial). The seeds written now
    give the extra seen on average, and the header says why they differ from the fit's."""
    from sim.analysis.history.shapes import viral_per_seed

    history = read_history(HISTORY)
    fit = fit_history(str(HISTORY), to_series(history))
    viral = [s for s in fit.surges if s.fit.shape == "viral"]
    assert any(s.replay_seeds is not None for s in viral)
    template = load_toml(resolve("recall").read_text(), "recall")
    text = document(scenario_data(fit, history, template))
    sc = parse_scenario(text)
    for s, surge in zip(fit.surges, sc.surges, strict=True):
        if s.fit.shape != "viral":
            continue
        per_seed = viral_per_seed(s.fit.params, len(s.window.counts) * s.window.width)
        assert surge.seed_posts is not None
        written = surge.seed_posts * per_seed
        assert s.observed / 2 <= written <= s.observed * 2, (written, s.observed)
    from sim.analysis.history.writing import header

    assert "seed_posts written as" in header(fit, history, "recall", [])


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (0, "every count is zero"),
        (10, "every hour has 120 mentions: counts that never vary"),
        (1_000_000, "12,000,000 mentions in an hour, above the 1,000,000"),
    ],
)
def test_a_history_with_nothing_to_fit_says_so_in_one_line(tmp_path, capsys, value, words):
    """Flat, empty and huge histories printed numpy warnings and 'nan to nan', then blamed
    the output file for a 'nanm' half-life (trial)."""
    from datetime import datetime, timedelta

    start = datetime(2026, 1, 5)
    rows = [f"{(start + timedelta(minutes=5 * i)).isoformat()},{value}" for i in range(1440)]
    path = tmp_path / "flat.csv"
    path.write_text("timestamp,value\n" + "\n".join(rows) + "\n")
    out = tmp_path / "flat.toml"
    assert main(["fit", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{path}: {words}" in err and err.count("\n") == 1 and "Warning" not in err
    assert not out.exists()


def test_a_count_only_history_says_its_channel_mix_is_the_templates(
    fitted: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The IBM excerpt is a Twitter volume export without a channel column: the written
    scenario keeps recall's mix, and its header says so with the option that fixes it."""
    text = fitted.read_text()
    assert "# Channel mix: the template's (twitter 40%, facebook 25%" in text
    assert "use --channel twitter if it counts one channel" in text
    assert load_scenario(fitted).baseline.channels["twitter"] == 0.4  # type: ignore[union-attr]


def test_channel_puts_all_the_volume_on_one_channel(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "ibm.toml"
    assert main(["fit", str(HISTORY), "--channel", "twitter", "--out", str(out)]) == 0
    assert "channel: all volume on twitter (--channel twitter)" in capsys.readouterr().out
    assert "# Channel: all volume on twitter" in out.read_text()
    sc = load_scenario(out)
    assert sc.baseline is not None and dict(sc.baseline.channels) == {"twitter": 1.0}
    assert sc.surges and all(dict(s.channels or {}) == {"twitter": 1.0} for s in sc.surges)
    assert sc.followups is not None and dict(sc.followups.channels or {}) == {"twitter": 1.0}
    assert main(["run", str(out), "--until", "6h", "--json"]) == 0
    assert '"facebook"' not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("channel", "words"),
    [
        ("tiktok", "--channel: no channel 'tiktok'; expected one of: twitter, facebook"),
        ("chat", "--channel chat: no team of the template answers chat (its teams answer"),
    ],
)
def test_a_channel_the_scenario_cannot_take_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], channel: str, words: str
) -> None:
    out = tmp_path / "x.toml"
    assert main(["fit", str(HISTORY), "--channel", channel, "--out", str(out)]) == 2
    captured = capsys.readouterr()
    assert words in captured.err and captured.err.count("\n") == 1
    assert "Baseline" not in captured.out and not out.exists()


def test_the_fit_and_its_check_count_each_burst_alike(capsys: pytest.CaptureFixture[str]) -> None:
    """One "extra seen" per burst in the fit's table and the check's (trial: 208 against
    409 for CRM's 27 March burst), the window named, the columns explained on screen."""
    import re

    assert main(["fit", str(HISTORY), "--check", "--seeds", "10"]) == 0
    out = capsys.readouterr().out
    fit_part, check_part = out.split("Surges: seen against simulated")
    seen_fit = re.findall(r"│ +(\d[\d,]*) │\n", fit_part)
    seen_check = re.findall(r"│ \d+ │ +\d+h │ +(\d[\d,]*) │", check_part)
    assert seen_fit and seen_fit == seen_check
    words = " ".join(out.split())  # the captions wrap at the terminal's width
    assert "halves in: hours from the burst's busiest hour" in words
    assert "far: what was seen lies outside the simulated 90% band" in words
    assert "half_life" not in out or " min │" in out  # minutes printed with their unit

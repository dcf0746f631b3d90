"""The store survives what disks do: rotten rows, a full disk, a store that is not there."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from sim.store.runs import RunStore, StoreError
from tests.fixtures import SMALL_SCENARIO
from tui.cli import main


@pytest.fixture
def small(tmp_path: Path) -> Path:
    path = tmp_path / "small.toml"
    path.write_text(SMALL_SCENARIO)
    return path


@pytest.fixture
def db(tmp_path: Path, small: Path, capsys) -> Path:
    """A store holding runs 1 and 2 of the small scenario."""
    path = tmp_path / "runs.sqlite3"
    for seed in ("1", "2"):
        assert (
            main(["run", str(small), "--until", "1h", "--seed", seed, "--save", "--db", str(path)])
            == 0
        )
    capsys.readouterr()
    return path


def _spoil(db: Path, sql: str) -> None:
    with sqlite3.connect(db) as con:
        con.execute(sql)


def one_line(capsys, code: int, *args: str) -> str:
    assert main(list(args)) == code
    err: str = capsys.readouterr().err
    assert err.startswith("surgedesk: ") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


def test_a_non_json_summary_is_skipped_by_runs_and_refused_by_replay_and_report(
    db, capsys, tmp_path
):
    _spoil(db, "UPDATE runs SET summary = '{not json' WHERE id = 1")
    assert main(["runs", "--db", str(db)]) == 0
    captured = capsys.readouterr()
    assert "│  2 │" in captured.out and "│  1 │" not in captured.out
    assert captured.err == (
        f"surgedesk: warning: skipped {db}: run 1, its summary: stored data is not valid JSON\n"
    )
    err = one_line(capsys, 2, "replay", "1", "--db", str(db), "--headless")
    assert "run 1, its summary: stored data is not valid JSON" in err
    err = one_line(capsys, 2, "report", "1", "--db", str(db), "--out", str(tmp_path / "r"))
    assert "run 1, its summary" in err
    assert main(["replay", "2", "--db", str(db), "--headless"]) == 0  # the others still play


@pytest.mark.parametrize(
    ("sql", "words"),
    [
        ("UPDATE runs SET scenario_data = 'oops' WHERE id = 1", "its scenario: stored data"),
        ("UPDATE runs SET scenario_data = '[1, 2]' WHERE id = 1", "not a JSON dict"),
        ("UPDATE runs SET scenario_data = '{\"x\": 1}' WHERE id = 1", "no longer validates"),
        ("UPDATE series SET row = 'nan nan' WHERE run_id = 1 AND idx = 0", "interval 0"),
    ],
)
def test_a_rotten_run_is_one_line_from_replay_and_report(db, capsys, tmp_path, sql, words):
    _spoil(db, sql)
    assert words in one_line(capsys, 2, "replay", "1", "--db", str(db), "--headless")
    assert words in one_line(
        capsys, 2, "report", "1", "--db", str(db), "--out", str(tmp_path / "r")
    )
    assert main(["runs", "--db", str(db)]) == 0


def test_a_bad_event_payload_is_one_line(tmp_path, capsys):
    path = tmp_path / "runs.sqlite3"
    with RunStore(path) as store:
        run = store.start(
            kind="run",
            name="n",
            seed=1,
            scenario_text=SMALL_SCENARIO,
            scenario_source="s",
            scenario_data={},
        )
        store.add_note(run, 5.0, "a note")
    _spoil(path, "UPDATE events SET payload = '{broken'")
    err = one_line(capsys, 2, "replay", "1", "--db", str(path), "--headless")
    assert "run 1, event 1: stored data is not valid JSON" in err


def _full_disk(monkeypatch: pytest.MonkeyPatch, pages: int) -> None:
    """SQLite's own page limit: the store is full after `pages` pages, as on a full disk."""
    setup = RunStore._setup

    def small_disk(self: RunStore) -> None:
        setup(self)
        self._db.execute(f"PRAGMA max_page_count = {pages}")

    monkeypatch.setattr(RunStore, "_setup", small_disk)


def test_a_full_disk_saves_nothing_and_says_so(db, small, monkeypatch, capsys):
    with sqlite3.connect(db) as con:
        pages = con.execute("PRAGMA page_count").fetchone()[0]
    _full_disk(monkeypatch, pages)
    err = one_line(capsys, 2, "run", str(small), "--seed", "3", "--save", "--db", str(db))
    assert "the run was not saved" in err and "full" in err
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT id, complete FROM runs").fetchall() == [(1, 1), (2, 1)]
        assert con.execute("SELECT COUNT(*) FROM series WHERE run_id > 2").fetchone() == (0,)


def test_a_full_disk_halfway_rolls_back_the_whole_run(tmp_path, monkeypatch):
    """`save` is one transaction: a failure in `finish` undoes `start` too."""
    path = tmp_path / "runs.sqlite3"
    RunStore(path).close()
    _full_disk(monkeypatch, 40)
    with RunStore(path) as store, pytest.raises(StoreError, match="full"):
        store.save(
            name="n",
            seed=1,
            scenario_text="x",
            scenario_source="s",
            scenario_data={},
            summary={},
            series=[{"pad": "x" * 2000}] * 200,
        )
    with RunStore(path) as store:
        assert store.runs() == []


@pytest.mark.parametrize(
    "args",
    [["runs"], ["replay", "1", "--headless"], ["report", "1"]],
)
def test_read_only_verbs_never_create_a_store(args, tmp_path, capsys, monkeypatch):
    missing = tmp_path / "nowhere" / "runs.sqlite3"
    monkeypatch.chdir(tmp_path)
    for how in ("flag", "env"):
        if how == "env":
            monkeypatch.setenv("SURGEDESK_DB", str(missing))
            code = main(args)
        else:
            code = main([*args, "--db", str(missing)])
        captured = capsys.readouterr()
        assert str(missing) in (captured.out + captured.err).replace("\n", "")
        assert code == (0 if args == ["runs"] else 2)
        assert not missing.exists() and not missing.parent.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == []

"""A set of result files is written whole or not at all, with the user's permissions."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from sim.present import fileset
from sim.present.fileset import clean_leftovers, write_set

NEW = {"summary.json": "new summary", "series.csv": "new series", "mentions.csv": "new m"}


@pytest.fixture
def old(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    for name in NEW:
        (out / name).write_text(f"old {name}")
    return out


def _texts(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text() for p in sorted(folder.iterdir())}


def test_a_set_replaces_the_old_one_and_keeps_the_users_other_files(old):
    (old / "notes.txt").write_text("mine")
    (old / "sub").mkdir()
    (old / "sub" / "deep.txt").write_text("deep")
    paths = write_set(old, NEW)
    assert paths == [old / n for n in NEW]
    assert {n: (old / n).read_text() for n in NEW} == NEW
    assert (old / "notes.txt").read_text() == "mine"
    assert (old / "sub" / "deep.txt").read_text() == "deep"
    assert [p.name for p in old.parent.iterdir()] == ["out"]


def test_files_get_the_users_umask_not_0600(tmp_path):
    previous = os.umask(0o022)
    try:
        write_set(tmp_path / "fresh", NEW)
        fileset.write_file(tmp_path / "one.txt", "x")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "fresh").stat().st_mode) == 0o755
    for name in NEW:
        assert stat.S_IMODE((tmp_path / "fresh" / name).stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "one.txt").stat().st_mode) == 0o644


def test_a_failed_write_leaves_the_old_set_and_no_temporary(old, monkeypatch):
    calls = []

    def full_disk(path: Path, text: str) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        Path(path).write_text(text)

    monkeypatch.setattr(fileset, "_write", full_disk)
    with pytest.raises(OSError):
        write_set(old, NEW)
    assert _texts(old) == {n: f"old {n}" for n in NEW}
    assert [p.name for p in old.parent.iterdir()] == ["out"]


def test_the_next_write_cleans_up_after_a_killed_one(old):
    parent = old.parent
    (parent / ".out.tmp-99-dead").mkdir()
    (parent / ".out.tmp-99-dead" / "mentions.csv").write_text("x" * 1000)
    (old / ".mentions.csv.abc123.tmp").write_text("left by an older version")
    write_set(old, NEW)
    assert sorted(p.name for p in parent.iterdir()) == ["out"]
    assert sorted(p.name for p in old.iterdir()) == sorted(NEW)


def test_a_kill_between_the_two_renames_gets_the_old_set_back(old):
    aside = old.with_name(".out.old-99-dead")
    os.replace(old, aside)  # as a kill right after the first rename leaves it
    clean_leftovers(old, NEW)
    assert _texts(old) == {n: f"old {n}" for n in NEW}
    assert sorted(p.name for p in old.parent.iterdir()) == ["out"]


def test_names_with_glob_characters_and_the_current_folder(tmp_path, monkeypatch):
    odd = tmp_path / "out [1]*?"
    write_set(odd, NEW)
    write_set(odd, {**NEW, "summary.json": "again"})
    assert (odd / "summary.json").read_text() == "again"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out [1]*?"]
    here = tmp_path / "here"
    here.mkdir()
    monkeypatch.chdir(here)
    write_set(Path("."), NEW)
    write_set(Path("."), NEW)
    assert sorted(p.name for p in here.iterdir()) == sorted(NEW)
    assert Path.cwd() == here


def test_a_symlinked_folder_stays_a_link_to_the_new_set(old, tmp_path):
    link = tmp_path / "latest"
    link.symlink_to(old, target_is_directory=True)
    write_set(link, NEW)
    assert link.is_symlink()
    assert {n: (link / n).read_text() for n in NEW} == NEW

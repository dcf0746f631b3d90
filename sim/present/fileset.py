"""Writing a set of files as one: all of a run's results, or none of them, never a mix.

`write_set` writes every file into a fresh folder beside the target
(`.NAME.tmp-<pid>-<random>`) and then swaps that folder in for the target with two renames.
A kill at any moment leaves the target holding the old set or the new one, never new files
beside old ones. What the target held besides the set (a user's notes) is carried into the
new folder by hard links (copies across devices). The next write cleans up what a killed
one left: stray temporary folders are removed, and a target caught between the two renames
is put back from its `.NAME.old-…` copy first.

Files and the folder are made with plain `open` and `mkdir`, so they get the user's usual
permissions (their umask), not the 0600 of `mkstemp`. Where the folder cannot be swapped
(the target is a mount point or the current directory), each file is still replaced
atomically on its own.
"""

from __future__ import annotations

import errno
import os
import secrets
import shutil
from collections.abc import Collection, Mapping
from pathlib import Path

TMP = ".tmp-"
OLD = ".old-"


def _sibling(target: Path, tag: str) -> Path:
    return target.with_name(f".{target.name}{tag}{os.getpid()}-{secrets.token_hex(4)}")


def _write(path: Path, text: str) -> None:
    with open(path, "x", encoding="utf-8", newline="") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def clean_leftovers(target: Path, names: Collection[str] = ()) -> None:
    """Undo what a killed write left beside `target`: restore a swapped-out set, drop temps.

    `names`: the set's files, whose per-file temporaries (`.NAME.*.tmp`) are dropped too.
    """
    target = _movable(target)
    parent = target.parent
    if not parent.is_dir():
        return
    olds = sorted(parent.glob(f".{_escape(target.name)}{OLD}*"))
    if olds and not target.exists():
        os.replace(olds.pop(), target)  # killed between the two renames: the old set back
    for leftover in [*olds, *parent.glob(f".{_escape(target.name)}{TMP}*")]:
        _remove(leftover)
    if target.is_dir():  # leftovers of the per-file fallback (and of older versions)
        for name in names:
            for stray in target.glob(f".{_escape(name)}.*.tmp"):
                _remove(stray)


def _escape(name: str) -> str:
    """A file name as a literal glob pattern (a name may hold `[`, `*` or `?`)."""
    return "".join(f"[{c}]" if c in "[]*?" else c for c in name)


def _carry(old: Path, new: Path, names: set[str]) -> None:
    """Bring what the old folder held besides the set into the new one, by hard link."""
    for entry in old.iterdir():
        if entry.name in names:
            continue
        dest = new / entry.name
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, dest, symlinks=True, copy_function=_link_or_copy)
        else:
            _link_or_copy(str(entry), str(dest))


def _link_or_copy(src: str, dst: str) -> str:
    try:
        if os.path.islink(src):
            os.symlink(os.readlink(src), dst)
        else:
            os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst, follow_symlinks=False)
    return dst


def write_set(target: Path, files: Mapping[str, str]) -> list[Path]:
    """Write `files` (name → text) into the folder `target` as one set; returns their paths."""
    shown = Path(target)
    target = _movable(shown)
    clean_leftovers(target, files)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = _sibling(target, TMP)
    tmp.mkdir()
    try:
        for name, text in files.items():
            _write(tmp / name, text)
        if target.exists() and _is_cwd(target):  # never move the folder we stand in
            _replace_each(target, tmp, files)
        elif target.exists():
            _carry(target, tmp, set(files))
            try:
                _swap(target, tmp)
            except OSError as exc:
                if exc.errno not in (errno.EBUSY, errno.EXDEV, errno.EINVAL, errno.EPERM):
                    raise
                _replace_each(target, tmp, files)  # cannot move the folder: file by file
        else:
            os.replace(tmp, target)
    finally:
        if tmp.exists():
            _remove(tmp)
    return [shown / name for name in files]


def check_writable(target: Path) -> None:
    """Raise the OSError a `write_set(target, ...)` would meet making its files, before
    any work is done: the nearest folder that exists must take a new entry. A run of
    minutes should not end in "cannot write" (`--out /proc/x`, a read-only mount)."""
    place = _movable(Path(target)).parent
    while not place.exists() and place != place.parent:
        place = place.parent
    if not place.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, "not a folder", str(place))
    probe = _sibling(place / "probe", TMP)
    probe.mkdir()
    probe.rmdir()


def _movable(target: Path) -> Path:
    """A path with a name of its own (`.` and `..` have none to put beside), and for a
    symlink its folder, so the swap replaces the folder rather than the link."""
    if target.name in ("", ".", "..") or target.is_symlink():
        return target.resolve()
    return target


def _is_cwd(target: Path) -> bool:
    try:
        return target.resolve() == Path.cwd().resolve()
    except OSError:
        return False


def _swap(target: Path, tmp: Path) -> None:
    """The old folder aside, the new one in, the old one gone: two renames and a delete."""
    shutil.copymode(target, tmp)
    old = _sibling(target, OLD)
    os.replace(target, old)
    try:
        os.replace(tmp, target)
    except BaseException:
        os.replace(old, target)
        raise
    _remove(old)


def _replace_each(target: Path, tmp: Path, files: Mapping[str, str]) -> None:
    for name in files:
        os.replace(tmp / name, target / name)


def write_file(path: Path, text: str) -> None:
    """One file replaced atomically, with the user's usual permissions."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
    try:
        _write(tmp, text)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise

"""Bundled scenarios, found by name, and names or paths resolved to files."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from sim.model.errors import ScenarioError

DEFAULT_SCENARIO = "recall"


@dataclass(frozen=True)
class Entry:
    name: str
    path: Path
    title: str
    description: str


def scenario_dir() -> Path:
    return Path(str(resources.files("scenarios")))


def bundled() -> list[Entry]:
    """The bundled scenarios, by name, with the title and one-line description they declare."""
    entries = []
    for path in sorted(scenario_dir().glob("*.toml")):
        try:
            meta = tomllib.loads(path.read_text(encoding="utf-8")).get("scenario", {})
        except (tomllib.TOMLDecodeError, OSError):
            meta = {}
        entries.append(
            Entry(
                path.stem,
                path,
                str(meta.get("name", path.stem)),
                str(meta.get("description", "")).strip().splitlines()[0]
                if meta.get("description")
                else "",
            )
        )
    return entries


def resolve(name_or_path: str) -> Path:
    """A file path as given, or a bundled scenario by name (`recall`, `outage`, ...)."""
    return resolve_in(scenario_dir(), name_or_path, "scenario")


def _exists(path: Path) -> bool:
    """`Path.exists`, with a name the system cannot look up (too long) as not there."""
    try:
        return path.exists()
    except OSError:
        return False


def resolve_in(folder: Path, name_or_path: str, what: str) -> Path:
    """A file path as given, or the bundled `<name>.toml` in `folder`: scenarios and drills."""
    path = Path(name_or_path)
    if path.suffix == ".toml" or _exists(path) or "/" in name_or_path:
        return path
    candidate = folder / f"{name_or_path}.toml"
    if _exists(candidate):
        return candidate
    names = ", ".join(p.stem for p in sorted(folder.glob("*.toml"))) or "none"
    raise ScenarioError(
        name_or_path, None, None, f"no such file or bundled {what} (bundled: {names})"
    )

"""Reading drill files: TOML to a checked `Drill`, and the drills that ship with surgedesk.

Every problem becomes a `ScenarioError` naming the drill file, line and key, as a scenario
file's problems do, so the command line reports both the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ValidationError

from sim.exercise.build import build
from sim.exercise.drill_file import TABLES, Drill, DrillSpec, error_at
from sim.model import actions as act
from sim.model.errors import ScenarioError, describe_validation_error, read_text
from sim.model.library import resolve_in
from sim.model.loading import is_drill_file as is_drill_file  # where it lives: light
from sim.model.loading import load_toml


def parse_drill(text: str, source: str = "<drill>", base: Path | None = None) -> Drill:
    """Validate drill TOML text on its own (not yet against its scenario)."""
    data = load_toml(text, source)
    if "drill" not in data and "scenario" in data:  # the other kind of file: say so
        raise ScenarioError(
            source, None, None,
            "this is a scenario file, not a drill (no [drill] table): open it with "
            "`surgedesk dashboard` or `surgedesk run`; scenarios/drills/README.md says how "
            "to write a drill for it",
        )  # fmt: skip
    try:
        spec = DrillSpec.model_validate(data)
    except ValidationError as exc:
        raise _drill_error(source, text, exc) from None
    seen: set[str] = set()
    for i, inject in enumerate(spec.injects):
        if inject.id in seen:
            raise error_at(
                source, text, ("inject", i, "id"), f"two injects share the id {inject.id!r}"
            )
        seen.add(inject.id)
        if inject.action is not None and not isinstance(inject.action.get("action"), str):
            raise error_at(
                source,
                text,
                ("inject", i, "action"),
                f"expected a table with `action` naming one of {', '.join(act.ACTION_TYPES)}",
            )
    return Drill(spec, text, source, base)


def load_drill(path: str | Path) -> Drill:
    """Read a drill file and check it against its scenario; errors name file, line and key."""
    p = Path(path)
    text = read_text(p, "drill file")
    drill = parse_drill(text, str(p), p.parent)
    build(drill)  # the checks that need the scenario: roles, overrides, the drill's length
    return drill


def drill_dir() -> Path:
    return Path(str(resources.files("scenarios"))) / "drills"


def bundled_drills() -> list[Path]:
    return sorted(drill_dir().glob("*.toml"))


def resolve_drill(name_or_path: str) -> Path:
    """A drill file as given, or a bundled drill by name (`recall-evening`, ...)."""
    return resolve_in(drill_dir(), name_or_path, "drill")


def _drill_error(source: str, text: str, exc: ValidationError) -> ScenarioError:
    return describe_validation_error(source, text, exc, _allowed)


def _allowed(parent: Sequence[str | int]) -> list[str]:
    """A drill table's keys (the scenario's key list would mislead here)."""
    names = [p for p in parent if isinstance(p, str)]
    model: type[BaseModel] = DrillSpec
    if names:
        model = TABLES.get(names[-1], DrillSpec)
    return [f.alias or n for n, f in model.model_fields.items()]

"""The shape of the house, read from the source: no import cycles, `sim` never reaches the
dashboard, and no module grows past what one reader can hold.

The import graph is built with `ast`, not by importing, so a cycle that only bites in some
import order is still seen. Every import counts, including those inside functions (a
function-level import is the usual way a cycle is hidden, not removed); imports under
``if TYPE_CHECKING:`` never run, so they do not count for cycles, but `sim` may not import
`tui` or `textual` even there.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("sim", "tui")
MAX_LINES = 400
# sim/ is the engine and everything a headless run needs; the dashboard depends on it,
# never the other way round.
FORBIDDEN_IN_SIM = ("tui", "textual")


@dataclass(frozen=True)
class Import:
    """One import statement's target, as written, and whether it runs at import time."""

    importer: str
    target: str
    line: int
    runtime: bool


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files(root: Path, packages: tuple[str, ...]) -> dict[str, Path]:
    """Every module of the packages, by dotted name."""
    return {
        module_name(path, root): path
        for package in packages
        for path in sorted((root / package).rglob("*.py"))
    }


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(node: ast.AST, runtime: bool) -> Iterator[tuple[ast.AST, bool]]:
    """Every node with whether it runs, i.e. is not under ``if TYPE_CHECKING:``."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _is_type_checking(child.test):
            for inner in child.body:
                yield inner, False
                yield from _walk(inner, False)
            for inner in child.orelse:
                yield inner, runtime
                yield from _walk(inner, runtime)
        else:
            yield child, runtime
            yield from _walk(child, runtime)


def imports_of(name: str, path: Path) -> list[Import]:
    """The modules one file imports, with relative imports made absolute."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[Import] = []
    for node, runtime in _walk(tree, True):
        if isinstance(node, ast.Import):
            found += [Import(name, alias.name, node.lineno, runtime) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            # `from pkg import mod` imports the module pkg.mod, `from mod import name` only mod:
            # `resolve` takes the longest prefix that is a module of ours.
            found += [
                Import(name, f"{module}.{alias.name}", node.lineno, runtime) for alias in node.names
            ]
    return found


def resolve(target: str, modules: set[str]) -> str | None:
    """The module of ours an import target names: the longest known prefix, if any."""
    parts = target.split(".")
    for end in range(len(parts), 0, -1):
        candidate = ".".join(parts[:end])
        if candidate in modules:
            return candidate
    return None


def import_graph(files: dict[str, Path]) -> dict[str, dict[str, list[Import]]]:
    """importer -> imported module of ours -> the runtime imports that make the edge."""
    modules = set(files)
    graph: dict[str, dict[str, list[Import]]] = {name: {} for name in files}
    for name, path in files.items():
        for imp in imports_of(name, path):
            target = resolve(imp.target, modules)
            if imp.runtime and target is not None and target != name:
                graph[name].setdefault(target, []).append(imp)
    return graph


def cycles(graph: dict[str, dict[str, list[Import]]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def shortest_cycle(graph: dict[str, dict[str, list[Import]]], component: list[str]) -> list[str]:
    """One shortest loop through the component's first module, for a readable message."""
    start, members = component[0], set(component)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following: list[str] = []
        for v in frontier:
            for w in sorted(graph[v]):
                if w == start:
                    return [*paths[v], start]
                if w in members and w not in paths:
                    paths[w] = [*paths[v], w]
                    following.append(w)
        frontier = following
    return component


def describe(
    graph: dict[str, dict[str, list[Import]]], files: dict[str, Path], root: Path = ROOT
) -> str:
    """Every cycle: its modules, one loop through them, and each import line inside it."""
    out = []
    for component in cycles(graph):
        members = set(component)
        loop = " -> ".join(shortest_cycle(graph, component))
        out.append(f"{len(component)} modules import each other in a circle, as in {loop}:")
        for importer in component:
            rel = files[importer].relative_to(root).as_posix()
            for target in sorted(set(graph[importer]) & members):
                lines = ", ".join(str(n) for n in sorted({i.line for i in graph[importer][target]}))
                out.append(f"    {rel}:{lines}: {importer} imports {target}")
    return "\n".join(out)


# ---------------------------------------------------------------------- the checker itself


def _write(root: Path, files: dict[str, str]) -> dict[str, Path]:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return source_files(root, ("pkg",))


def test_the_checker_finds_cycles_through_relative_and_function_imports(tmp_path: Path) -> None:
    files = _write(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "from pkg import b\n",
            "pkg/b.py": "def f():\n    from . import c\n",
            "pkg/c.py": "import pkg.a\n",
            "pkg/d.py": (
                "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg import e\n"
            ),
            "pkg/e.py": "from pkg.d import thing\n",
        },
    )
    graph = import_graph(files)
    assert cycles(graph) == [["pkg.a", "pkg.b", "pkg.c"]]
    assert shortest_cycle(graph, ["pkg.a", "pkg.b", "pkg.c"]) == [
        "pkg.a",
        "pkg.b",
        "pkg.c",
        "pkg.a",
    ]
    message = describe(graph, files, tmp_path)
    assert (
        "3 modules import each other in a circle, as in pkg.a -> pkg.b -> pkg.c -> pkg.a:"
        in message
    )
    assert "pkg/b.py:2: pkg.b imports pkg.c" in message
    assert "pkg.d" not in message  # its import of pkg.e is for type checkers only


def test_type_checking_imports_are_seen_but_do_not_run(tmp_path: Path) -> None:
    files = _write(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/d.py": (
                "import typing\nif typing.TYPE_CHECKING:\n"
                "    import tui.app\nelse:\n    import os\n"
            ),
        },
    )
    found = {(i.target, i.runtime) for i in imports_of("pkg.d", files["pkg.d"])}
    assert ("tui.app", False) in found and ("os", True) in found


# ---------------------------------------------------------------------- the house


def test_sim_never_imports_the_dashboard() -> None:
    files = source_files(ROOT, ("sim",))
    offenders = [
        f"{path.relative_to(ROOT)}:{imp.line}: imports {imp.target}"
        for name, path in files.items()
        for imp in imports_of(name, path)
        if imp.target.split(".")[0] in FORBIDDEN_IN_SIM
    ]
    if offenders:
        pytest.fail(
            "sim/ must not depend on the dashboard:\n" + "\n".join(offenders), pytrace=False
        )


def test_no_import_cycles() -> None:
    files = source_files(ROOT, PACKAGES)
    graph = import_graph(files)
    if cycles(graph):
        pytest.fail("import cycles:\n" + describe(graph, files), pytrace=False)


def test_no_module_is_over_the_line_limit() -> None:
    files = source_files(ROOT, PACKAGES)
    sizes = {path: len(path.read_text(encoding="utf-8").splitlines()) for path in files.values()}
    over = sorted((n, p) for p, n in sizes.items() if n > MAX_LINES)
    listing = "\n".join(f"    {p.relative_to(ROOT)}: {n} lines" for n, p in reversed(over))
    if over:
        pytest.fail(f"modules over {MAX_LINES} lines:\n{listing}", pytrace=False)


# The rooms of sim/, lowest first: a room may import its own modules and those below it,
# never one above (analysis and exercise stand side by side and do not import each other).
ROOMS: tuple[frozenset[str], ...] = (
    frozenset({"model"}),
    frozenset({"engine"}),
    frozenset({"analysis", "exercise"}),
    frozenset({"store"}),
    frozenset({"present"}),
    frozenset({"session"}),
)


def _floor(module: str) -> tuple[int, str] | None:
    parts = module.split(".")
    if len(parts) < 2 or parts[0] != "sim":
        return None
    return next(((i, parts[1]) for i, room in enumerate(ROOMS) if parts[1] in room), None)


def test_the_rooms_of_sim_import_only_downwards() -> None:
    graph = import_graph(source_files(ROOT, ("sim",)))
    offenders = []
    for importer, targets in graph.items():
        here = _floor(importer)
        for target, imports in targets.items():
            there = _floor(target)
            if here is None or there is None or here[1] == there[1]:
                continue
            if there[0] >= here[0]:
                imp = imports[0]
                offenders.append(f"{importer}:{imp.line} imports {target}")
    if offenders:
        pytest.fail("a room imports one at or above its own floor:\n" + "\n".join(offenders))


def test_every_module_of_sim_lives_in_a_room() -> None:
    homeless = [m for m in source_files(ROOT, ("sim",)) if m != "sim" and _floor(m) is None]
    assert homeless == [], f"place these in a room of ROOMS: {homeless}"

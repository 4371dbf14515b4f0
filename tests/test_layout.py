"""The helper package's layout (docs/architecture.md): small modules, data flowing one way.

``helpers/`` is cut by concern into layers. A module may import from its own layer and the
layers below it, never from a layer above, so that the data flow from ``data/raw/`` to the
pages reads in one direction and there are no import cycles:

    foundation (config, errors, atomic, runlock, markup, i18n) -> data -> stats -> build
    -> report -> render -> batch -> the command line (helpers/__main__.py)
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

HELPERS = Path(__file__).resolve().parent.parent / "helpers"

#: The layers, lowest first; a module's layer is its first package under helpers/.
LAYERS = (
    ("config", "errors", "atomic", "runlock", "markup", "i18n"),
    ("data",),
    ("stats",),
    ("build",),
    ("report",),
    ("render",),
    ("batch",),
    ("__main__",),
)

#: The longest a module may be, in lines.
MAX_LINES = 600


def modules() -> list[Path]:
    return sorted(p for p in HELPERS.rglob("*.py") if "__pycache__" not in p.parts)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(HELPERS.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer(name: str) -> int:
    """The layer of ``helpers.X...`` (the package ``helpers`` itself sits at the bottom)."""
    parts = name.split(".")
    if len(parts) == 1:
        return 0
    for index, members in enumerate(LAYERS):
        if parts[1] in members:
            return index
    raise AssertionError(f"{name} belongs to no layer of LAYERS: add it to docs and test")


def imported(path: Path) -> set[str]:
    """Every ``helpers...`` module (or package) that ``path`` imports, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "helpers")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                source = ".".join(base + ([node.module] if node.module else []))
            else:
                source = node.module or ""
            if source.split(".")[0] != "helpers":
                continue
            for alias in node.names:
                candidate = f"{source}.{alias.name}"
                is_module = (HELPERS.parent / (candidate.replace(".", "/") + ".py")).exists() or (
                    HELPERS.parent / candidate.replace(".", "/") / "__init__.py"
                ).exists()
                found.add(candidate if is_module else source)
    return found


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(HELPERS.parent)))
def test_no_module_is_longer_than_600_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.name} has {lines} lines: split it by concern"


def test_imports_only_go_down_the_layers() -> None:
    upward = []
    for path in modules():
        name = module_name(path)
        for target in imported(path):
            if layer(target) > layer(name):
                upward.append(f"{name} imports {target}")
    assert upward == []


def test_there_are_no_import_cycles() -> None:
    graph = {module_name(p): {t for t in imported(p)} for p in modules()}

    def package_init(name: str) -> set[str]:
        # Importing helpers.a.b runs helpers/a/__init__.py first, which is not a cycle.
        parts = name.split(".")
        return {".".join(parts[:i]) for i in range(1, len(parts))}

    state: dict[str, int] = {}
    cycles: list[str] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ()) - package_init(node)):
            if nxt not in graph:
                continue
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*trail[trail.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*trail, nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_the_layering_test_sees_an_upward_import(tmp_path: Path) -> None:
    """The checker is not blind: an import of batch from a stats module is upward."""
    assert layer("helpers.batch.run") > layer("helpers.stats.scoring")
    assert "helpers.markup" in imported(HELPERS / "batch" / "index.py") or any(
        name.startswith("helpers.report") for name in imported(HELPERS / "batch" / "index.py")
    )

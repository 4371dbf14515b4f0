"""No module of ``helpers/`` reaches into another library's private names.

A name that begins with one underscore is a library's own business: it can change
or vanish in any release, silently. The workbook uses public APIs only
(docs/libraries.md). This test reads every module of ``helpers/`` with :mod:`ast` and
flags:

* an import of a private module or name of another library
  (``from scipy.optimize._highspy import _core``);
* an attribute ``x._name`` where ``x`` is, through the module's imports, another
  library's module or object (``papermill_engines._engines``), or where ``_name`` is
  not a name that the workbook defines itself (``ax._left_title``,
  ``fig._get_renderer()``); the same for ``getattr(x, "_name")`` and its kin;
* a private name that a workbook class defines (in its body, or as ``self._name``)
  where a base class of another library has or uses the same name: that overrides
  or patches the library's internals (``self._get_font_height_metrics = ...`` in a
  subclass of matplotlib's renderer).

Dunder names (``__init__``) and the workbook's own private names
(``rendering._ANSI``) are fine. :data:`DOCUMENTED` lists the few underscore
names that their library documents as public, each with where it says so.
"""

from __future__ import annotations

import ast
import builtins
import importlib
import importlib.util
import re
import textwrap
from functools import cache
from importlib.metadata import entry_points
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROJECT = "helpers"

#: Underscore names documented as public by their library.
DOCUMENTED = {
    # Python's os module: "os._exit(n): exit the process with status n, without
    # calling cleanup handlers" (the exit of a forked child).
    "os._exit",
    # matplotlib.layout_engine.LayoutEngine: "To implement a custom LayoutEngine:
    # 1. override _adjust_compatible and _colorbar_gridspec ...".
    "matplotlib.layout_engine.LayoutEngine._adjust_compatible",
    "matplotlib.layout_engine.LayoutEngine._colorbar_gridspec",
}


def _private(name: str) -> bool:
    """``_name``, not ``__dunder__`` (nor gettext's ``_``)."""
    return name.startswith("_") and len(name) > 1 and not name.endswith("__")


def _dotted(node: ast.AST) -> str | None:
    """``a.b.c`` of an attribute chain on a name, else None."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = _dotted(node.value)
        return None if head is None else f"{head}.{node.attr}"
    return None


class _Module:
    """One module's tree, its imports of other libraries, and what it defines."""

    def __init__(self, path: Path, package: str, base: Path):
        self.path = path
        self.base = base
        self.package = package
        self.tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        #: local name -> dotted name in another library ("plt" -> "matplotlib.pyplot")
        self.external: dict[str, str] = {}
        self.import_findings: list[str] = []
        for node in ast.walk(self.tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if self._own(alias.name):
                        continue
                    self._check_import(node, alias.name)
                    if alias.asname:
                        self.external[alias.asname] = alias.name
                    else:
                        top = alias.name.split(".")[0]
                        self.external[top] = top
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                if self._own(node.module):
                    continue
                for alias in node.names:
                    self._check_import(node, f"{node.module}.{alias.name}")
                    self.external[alias.asname or alias.name] = f"{node.module}.{alias.name}"

    def _own(self, module: str | None) -> bool:
        return module is not None and module.split(".")[0] == self.package

    def _check_import(self, node: ast.AST, dotted: str) -> None:
        if any(_private(part) for part in dotted.split(".")):
            self.import_findings.append(f"{self.where(node)}: imports {dotted}")

    def where(self, node: ast.AST) -> str:
        return f"{self.path.relative_to(self.base).as_posix()}:{node.lineno}"

    def resolve(self, node: ast.AST) -> str | None:
        """The dotted name in another library that ``node`` (``a.b``) stands for, else None."""
        dotted = _dotted(node)
        if dotted is None:
            return None
        head, _, rest = dotted.partition(".")
        if head not in self.external:
            return None
        return self.external[head] + (f".{rest}" if rest else "")

    def classes(self):
        for node in ast.walk(self.tree):
            if isinstance(node, ast.ClassDef):
                yield node


def _class_private_names(cls: ast.ClassDef) -> dict[str, ast.AST]:
    """Private names a class defines: in its body, and as ``self._x``/``cls._x`` in its methods."""
    names: dict[str, ast.AST] = {}
    for stmt in cls.body:
        targets = []
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            if _private(stmt.name):
                names.setdefault(stmt.name, stmt)
        elif isinstance(stmt, ast.Assign):
            targets = stmt.targets
        elif isinstance(stmt, ast.AnnAssign | ast.AugAssign):
            targets = [stmt.target]
        for target in targets:
            for node in ast.walk(target):
                if isinstance(node, ast.Name) and _private(node.id):
                    names.setdefault(node.id, stmt)
    for node in ast.walk(cls):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.ctx, ast.Store)
            and isinstance(node.value, ast.Name)
            and node.value.id in ("self", "cls")
            and _private(node.attr)
        ):
            names.setdefault(node.attr, node)
    return names


def _defined_private_names(module: _Module) -> set[str]:
    """Every private name a module defines (functions, classes, variables, attributes of self)."""
    names = set()
    for node in ast.walk(module.tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.arg):
            names.add(node.arg)
    for cls in module.classes():
        names.update(_class_private_names(cls))
    return {name for name in names if _private(name)}


def _load(dotted: str):
    """The object a dotted name stands for (importing what it takes), else None."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for part in parts[cut:]:
                obj = getattr(obj, part)
        except AttributeError:
            return None
        return obj
    return getattr(builtins, dotted, None)


@cache
def _package_source(package: str) -> str:
    """The source text of every Python file of a top-level package ("" without one)."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return ""
    if spec is None:
        return ""
    if spec.submodule_search_locations:
        files = [p for d in spec.submodule_search_locations for p in Path(d).rglob("*.py")]
    elif spec.origin and spec.origin.endswith(".py"):
        files = [Path(spec.origin)]
    else:
        return ""
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in files)


def _used_by_library(base: type, name: str) -> str | None:
    """The class of ``base``'s ancestry (another library's) that has or uses ``name``."""
    for klass in base.__mro__:
        if klass is object:
            continue
        if name in vars(klass):
            return f"{klass.__module__}.{klass.__qualname__}"
    for klass in base.__mro__:
        package = klass.__module__.split(".")[0]
        if re.search(rf"\b{re.escape(name)}\b", _package_source(package)):
            return f"{klass.__module__}.{klass.__qualname__}"
    return None


def private_uses(package_dir: Path, package: str = PROJECT) -> list[str]:
    """Every use of another library's private name in the modules under ``package_dir``."""
    modules = [_Module(p, package, package_dir.parent) for p in sorted(package_dir.rglob("*.py"))]
    findings = [finding for module in modules for finding in module.import_findings]
    overriding: set[str] = set()
    for module in modules:
        for cls in module.classes():
            for base_node in cls.bases:
                dotted = module.resolve(base_node)
                base = _load(dotted) if dotted else None
                if not isinstance(base, type):
                    continue
                for name, node in _class_private_names(cls).items():
                    owner = _used_by_library(base, name)
                    if owner and f"{owner}.{name}" not in DOCUMENTED:
                        overriding.add(name)
                        findings.append(
                            f"{module.where(node)}: class {cls.name} defines {name}, "
                            f"which {owner} has or uses"
                        )
    own = set().union(*(_defined_private_names(m) for m in modules)) - overriding
    for module in modules:
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Attribute) and _private(node.attr):
                value, name = node.value, node.attr
            elif (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("getattr", "setattr", "hasattr", "delattr")
                and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)
                and isinstance(node.args[1].value, str)
                and _private(node.args[1].value)
            ):
                value, name = node.args[0], node.args[1].value
            else:
                continue
            target = module.resolve(value)
            if target is not None:
                dotted = f"{target}.{name}"
                if dotted not in DOCUMENTED:
                    findings.append(f"{module.where(node)}: uses {dotted}")
            elif name not in own:
                findings.append(
                    f"{module.where(node)}: uses {ast.unparse(value)}.{name} "
                    "(a private name the workbook does not define)"
                )
    return sorted(set(findings))


def test_helpers_use_no_private_name_of_another_library():
    assert private_uses(ROOT / PROJECT) == []


# What the test catches: each way the workbook once reached into a library's internals.
REACHING_IN = {
    "a private module": """
        from scipy.optimize._highspy import _core
        """,
    "a private name of an imported object": """
        from papermill.engines import papermill_engines
        known = "lgdata" in papermill_engines._engines
        """,
    "a private attribute of a library's object": """
        def titles(ax):
            return ax.title, ax._left_title
        """,
    "a private method of a library's object": """
        def layout(fig):
            return fig._get_renderer()
        """,
    "a private attribute by name": """
        def title(fig):
            return getattr(fig, "_suptitle", None)
        """,
    "a patched renderer method": """
        def patch(renderer):
            renderer._get_font_height_metrics = len
        """,
    "a subclass patching its library base": """
        from matplotlib.backends.backend_svg import RendererSVG

        class Renderer(RendererSVG):
            def __init__(self, *args):
                super().__init__(*args)
                self._get_font_height_metrics = len
        """,
    "a subclass setting its base's private state": """
        from matplotlib.layout_engine import LayoutEngine

        class Layout(LayoutEngine):
            _adjust_compatible = False
            _colorbar_gridspec = False

            def __init__(self):
                super().__init__()
                self._params = {"pad": 0.1}
        """,
    "the standard library's private state": """
        def processes(executor):
            return executor._processes
        """,
}

KEEPING_OUT = """
    import os
    from concurrent.futures import Executor
    from matplotlib.layout_engine import LayoutEngine

    from . import other

    _CACHE = {}


    def _helper():
        return other._private_helper(), _CACHE


    class Layout(LayoutEngine):
        _adjust_compatible = False
        _colorbar_gridspec = False

        def __init__(self):
            super().__init__()
            self._lgdata_pad = 0.1
            self.__dict__.update()

        def execute(self, fig):
            return self._lgdata_pad, type(self).__name__


    class Pool(Executor):
        def __init__(self):
            self._lgdata_jobs = []

        def count(self, tr):
            return len(self._lgdata_jobs), tr._("text"), getattr(self, "_lgdata_jobs")


    def stop():
        os._exit(1)
    """


def _package(tmp_path: Path, code: str) -> Path:
    package = tmp_path / PROJECT
    package.mkdir()
    (package / "module.py").write_text(textwrap.dedent(code))
    (package / "other.py").write_text("def _private_helper():\n    return 1\n")
    return package


@pytest.mark.parametrize("case", sorted(REACHING_IN))
def test_a_private_name_of_another_library_is_caught(tmp_path, case):
    findings = private_uses(_package(tmp_path, REACHING_IN[case]))
    assert findings, case


def test_the_workbooks_own_private_names_and_dunders_pass(tmp_path):
    assert private_uses(_package(tmp_path, KEEPING_OUT)) == []


def test_papermill_finds_the_report_engine_through_its_entry_point():
    from papermill.engines import papermill_engines

    from helpers.render.papermill_engine import ENGINE, ProvidedKernelEngine

    declared = {ep.name: ep.value for ep in entry_points(group="papermill.engine")}
    assert declared.get(ENGINE) == "helpers.render.papermill_engine:ProvidedKernelEngine"
    assert papermill_engines.get_engine(ENGINE) is ProvidedKernelEngine

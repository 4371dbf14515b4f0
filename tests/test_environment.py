"""The set-up files agree: the lock, environment.yml, pyproject.toml, Makefile, .ci/run, README."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import re
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent


def _load_lockinfo():
    spec = importlib.util.spec_from_file_location("lockinfo", ROOT / "requirements/environment.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


#: requirements/environment.py: what the lock pins, and the environment.yml it implies.
lockinfo = _load_lockinfo()
_REQ = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*(.*?)\s*$")


def _split(requirement: str) -> tuple[str, str]:
    name, spec = _REQ.match(requirement).groups()
    return name.lower().replace("_", "-"), spec.replace(" ", "")


def _pyproject() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():  # dev, dask
        requirements += extra
    return dict(_split(r) for r in requirements)


def _conda() -> tuple[dict[str, str], list]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = [d for d in env["dependencies"] if isinstance(d, dict)]
    packages = dict(_split(d) for d in conda)
    return packages, pip


def test_environment_yml_is_generated_from_the_lock():
    # make lock rewrites it; an edit by hand, or a lock refreshed without it, fails here
    assert (ROOT / "environment.yml").read_text() == lockinfo.environment_yml()


def test_environment_lists_every_pyproject_dependency_at_its_locked_version():
    packages, _pip = _conda()
    assert packages.pop("python") == "=" + lockinfo.PYTHON
    packages.pop("pip")
    locked = lockinfo.locked_versions()
    assert set(packages) == set(_pyproject())
    assert packages == {name: "==" + locked[name] for name in packages}


def test_environment_installs_the_workbook_itself_and_uses_conda_forge():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    _packages, pip = _conda()
    assert env["channels"] == ["conda-forge"]
    assert pip == [{"pip": ["-e ."]}]


@pytest.mark.parametrize("lock", ["dev.txt", "runtime.txt"])
def test_the_lock_satisfies_pyproject_and_pins_every_package_with_hashes(lock):
    path = ROOT / "requirements" / lock
    locked = lockinfo.locked_versions(path)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    if lock == "dev.txt":
        requirements += [r for extra in project["optional-dependencies"].values() for r in extra]
    for text in requirements:
        requirement = Requirement(text)
        version = locked[lockinfo.canonical(requirement.name)]
        assert requirement.specifier.contains(version), (text, version)
    # every pinned line is followed by its hashes (pip and uv refuse the lock otherwise)
    entries = re.split(r"\n(?=[a-z0-9])", path.read_text(), flags=re.I)
    pinned = [e for e in entries if "==" in e.split("\n", 1)[0]]
    assert len(pinned) >= len(locked) > 20
    assert all("--hash=sha256:" in e for e in pinned)


def _installed() -> dict[str, str]:
    return {
        lockinfo.canonical(d.metadata["Name"]): d.version
        for d in importlib.metadata.distributions()
    }


@pytest.mark.skipif(
    Path(sys.prefix).resolve() != (ROOT / ".venv").resolve(),
    reason="checks the environment that make setup installs (.venv)",
)
def test_make_setup_installs_exactly_the_lock():
    installed = _installed()
    installed.pop("lgdata-workbook")  # the project itself, installed in editable mode
    for tool in ("pip", "setuptools", "uv"):  # the installers, not the workbook's packages
        installed.pop(tool, None)
    assert installed == lockinfo.locked_versions(environment=None)


def test_python_floor_agrees():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.11"


def test_ci_runs_exactly_the_readme_test_command():
    ci = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith(("#", "set ", "cd "))
    ]
    assert ci == ["make test"]
    readme = (ROOT / "README.md").read_text()
    assert "\nmake test\n" in readme
    assert "\nmake reports\n" in readme


def test_every_make_target_documents_itself():
    makefile = (ROOT / "Makefile").read_text()
    targets = re.findall(r"^([a-z][a-z_-]*):(?!=)", makefile, flags=re.M)
    assert {"setup", "reports", "test"} <= set(targets)
    for target in targets:
        assert re.search(rf"^{target}:.*## \S", makefile, flags=re.M), target

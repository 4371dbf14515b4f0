"""The set-up files agree: environment.yml and pyproject.toml, Makefile, .ci/run, README."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
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


def test_environment_lists_the_same_packages_and_versions_as_pyproject():
    packages, _pip = _conda()
    python = packages.pop("python")
    packages.pop("pip")
    assert packages == _pyproject()
    assert python == ">=3.11"


def test_environment_installs_the_workbook_itself_and_uses_conda_forge():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    _packages, pip = _conda()
    assert env["channels"] == ["conda-forge"]
    assert pip == [{"pip": ["-e ."]}]


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

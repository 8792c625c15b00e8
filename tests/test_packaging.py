"""One name on the door (issue 11): what `pip install .` puts in site-packages is the package
`cyberplan` and its metadata, nothing generic (`engine`, `plugins`, `cli`, ...) beside it, and
the package holds every module and data file the repository's folders hold.

The wheel is built from a copy of the working tree (what `pip install .` builds from), so the
checkout gets no build/ or egg-info folder."""
from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
import tomllib
import zipfile
from fnmatch import fnmatch
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
# what is not part of the package: tooling, tests, docs, and what builds and runs leave behind
NOT_PACKAGED = {".git", ".venv", ".ci", "tests", "bench", "docs", "build", "dist", "cyberplan-demo"}


def package_folders() -> set[str]:
    """Every folder of the repository that is a Python package, by the name it is installed as."""
    out = {"cyberplan"}
    for init in ROOT.rglob("__init__.py"):
        rel = init.parent.relative_to(ROOT)
        if rel.parts and (rel.parts[0] in NOT_PACKAGED or any(p.startswith(".") or p.endswith(".egg-info")
                                                              for p in rel.parts)):
            continue
        if rel.parts:
            out.add("cyberplan." + ".".join(rel.parts))
    return out


def test_the_packages_list_is_the_folders():
    # a new sub-package missing from pyproject's list would be left out of the install
    assert set(PYPROJECT["tool"]["setuptools"]["packages"]) == package_folders()
    assert PYPROJECT["tool"]["setuptools"]["package-dir"] == {"cyberplan": "."}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    src = tmp_path_factory.mktemp("src") / "cyberplan"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(
        *NOT_PACKAGED - {"tests", "docs"}, "__pycache__", "*.egg-info", ".pytest_cache", ".hypothesis"))
    out = tmp_path_factory.mktemp("wheel")
    # offline when this environment has the build tools (it does after `make install-test`)
    offline = importlib.util.find_spec("setuptools") and importlib.util.find_spec("wheel")
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                           *(["--no-build-isolation"] if offline else []), "-w", str(out), str(src)],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (built,) = out.glob("cyberplan-*.whl")
    return zipfile.ZipFile(built)


def test_the_wheel_installs_exactly_one_top_level_package(wheel):
    version = PYPROJECT["project"]["version"]
    tops = {name.split("/")[0] for name in wheel.namelist()}
    assert tops == {"cyberplan", f"cyberplan-{version}.dist-info"}
    assert wheel.read(f"cyberplan-{version}.dist-info/top_level.txt").decode().split() == ["cyberplan"]
    entry_points = wheel.read(f"cyberplan-{version}.dist-info/entry_points.txt").decode()
    assert "cyberplan = cyberplan.cli:main" in entry_points


def test_the_wheel_holds_every_module_and_data_file(wheel):
    names = set(wheel.namelist())
    want = set()
    data_globs = {pkg: globs for pkg, globs in PYPROJECT["tool"]["setuptools"]["package-data"].items()}
    for pkg in package_folders():
        folder = ROOT.joinpath(*pkg.split(".")[1:])
        want |= {f"{pkg.replace('.', '/')}/{p.name}" for p in folder.glob("*.py")}
    for pkg, globs in data_globs.items():
        folder = ROOT.joinpath(*pkg.split(".")[1:])
        for path in folder.rglob("*"):
            rel = path.relative_to(folder).as_posix()
            if path.is_file() and "__pycache__" not in rel and any(
                    fnmatch(rel, g) or fnmatch(rel, g.removeprefix("**/")) for g in globs):
                want.add(f"{pkg.replace('.', '/')}/{rel}")
    missing = sorted(want - names)
    assert missing == [], missing[:20]
    # the built-in content really is data in the package: every framework, its rulesets, the templates
    for fw in (ROOT / "frameworks").iterdir():
        if (fw / "framework.yaml").exists():
            assert f"cyberplan/frameworks/{fw.name}/framework.yaml" in names
    assert any(n.startswith("cyberplan/rulesets/nist-csf-2.0/") for n in names)
    assert any(n.startswith("cyberplan/engine/render/templates/") for n in names)
    assert not [n for n in names if n.startswith(("cyberplan/tests/", "cyberplan/docs/", "cyberplan/bench/"))]

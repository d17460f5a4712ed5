"""Installs reproduce: ``uv.lock`` pins every version, is in sync with ``pyproject.toml``,
is what this environment runs, and is what the Makefile and the deploy image install."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "uv.lock"


def uv() -> str:
    """The uv the Makefile bootstraps into .venv (or one on PATH)."""
    beside = Path(sys.executable).with_name("uv")
    found = str(beside) if beside.exists() else shutil.which("uv")
    assert found, "uv is missing: `make test` installs it into .venv"
    return found


def check(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [uv(), "lock", "--check", "--offline", "--project", str(project)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def locked() -> dict[str, set[str]]:
    """Each package's versions (some differ by Python version, e.g. numpy)."""
    versions: dict[str, set[str]] = {}
    for package in tomllib.loads(LOCK.read_text())["package"]:
        versions.setdefault(package["name"], set()).add(package["version"])
    return versions


def test_the_lock_is_in_sync_with_pyproject() -> None:
    result = check(ROOT)
    assert result.returncode == 0, result.stderr


def test_a_dependency_added_without_make_lock_is_caught(tmp_path: Path) -> None:
    shutil.copy(LOCK, tmp_path)
    pyproject = (ROOT / "pyproject.toml").read_text()
    changed = pyproject.replace('    "segno>=1.6",\n', '    "segno>=1.6",\n    "attrs>=22",\n')
    assert changed != pyproject
    (tmp_path / "pyproject.toml").write_text(changed)

    result = check(tmp_path)
    # A lock in sync is checked without resolving (offline, with an empty cache too: the test
    # above). One out of sync makes uv resolve again, which ends in "needs to be updated", or,
    # offline with a cold cache (a fresh machine), in "the network was disabled".
    assert result.returncode != 0
    assert re.search(r"needs to be updated|the network was disabled", result.stderr), result.stderr


def test_this_environment_runs_the_locked_versions() -> None:
    versions, installed = locked(), {}
    for name in versions:
        try:
            installed[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue  # a package for another platform or Python version
    assert {"aiogram", "apscheduler", "sqlalchemy", "holidays", "icalendar"} <= set(installed)
    assert {name: v for name, v in installed.items() if v not in versions[name]} == {}


def test_every_version_is_pinned_to_one_release() -> None:
    for package in tomllib.loads(LOCK.read_text())["package"]:
        if package["name"] == "kenes":
            assert package["source"] == {"editable": "."}
            continue
        assert re.fullmatch(r"\d+(\.\d+)*(\.post\d+)?", package["version"]), package
        assert package["source"] == {"registry": "https://pypi.org/simple"}, package
        assert package.get("wheels") or package.get("sdist"), package


def test_make_and_the_deploy_image_install_from_the_lock_with_the_same_uv() -> None:
    makefile = (ROOT / "Makefile").read_text()
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    [version] = re.findall(r"^UV_VERSION := (\S+)$", makefile, re.MULTILINE)

    assert "$(UV) sync --locked --extra dev" in makefile
    assert re.search(r"^\$\(STAMP\): pyproject.toml uv.lock", makefile, re.MULTILINE)
    assert f"pip install --no-cache-dir uv=={version}" in dockerfile
    assert "uv sync --locked" in dockerfile
    assert "pip install --no-cache-dir -e" not in dockerfile
    assert metadata.version("uv") == version


@pytest.mark.parametrize("target", ["run", "test"])
def test_make_run_and_test_install_first(target: str) -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(rf"^{target}: \$\(STAMP\)", makefile, re.MULTILINE)

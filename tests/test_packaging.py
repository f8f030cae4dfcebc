"""The installed tool must not depend on the source tree: schemas ship inside the wheel."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    src = tmp_path_factory.mktemp("src") / "project"
    # Build from a copy so that nothing is written into the checkout.
    shutil.copytree(
        ROOT,
        src,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "__pycache__", ".registry", "*.egg-info", "build", "dist"
        ),
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(src),
        ],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("*.whl")
    return built


def test_wheel_contains_packages_and_schemas(wheel: Path) -> None:
    import zipfile

    names = set(zipfile.ZipFile(wheel).namelist())
    for schema in ("card", "owner", "registry", "runbook"):
        assert f"registry/schemas/{schema}.schema.json" in names
    assert "registry/cli.py" in names
    assert "tui/app.py" in names
    assert "registry/report/templates/steering.html.j2" in names  # the HTML report's template


def test_installed_wheel_audits_outside_the_source_tree(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    # A fresh environment that sees the current one's dependencies but not the project:
    # the project itself comes only from the wheel.
    venv.EnvBuilder(with_pip=False).create(env_dir)
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    deps = [p for p in sys.path if p.endswith("site-packages")]
    python = env_dir / "bin" / "python"
    registry_copy = tmp_path / "registry"
    shutil.copytree(ROOT / "sample_registry", registry_copy)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(target), *deps]),
        "PYTHONSAFEPATH": "1",
        "NO_COLOR": "1",
    }
    where = subprocess.run(
        [
            str(python),
            "-c",
            "import registry, registry.schema as s; print(registry.__file__); print(s.schema_dir())",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert all(Path(p).is_relative_to(target) for p in where), where
    run = subprocess.run(
        [
            str(python),
            "-m",
            "registry",
            "audit",
            "--today",
            "2026-11-24",
            "--format",
            "json",
            str(registry_copy),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 1, run.stderr
    assert '"findings"' in run.stdout
    assert "Traceback" not in run.stderr
    report = subprocess.run(
        [
            str(python),
            "-m",
            "registry",
            "report",
            "--format",
            "html",
            "--today",
            "2026-11-24",
            str(registry_copy),
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert report.returncode == 0, report.stderr  # the template is found inside the installed package
    assert report.stdout.startswith("<!DOCTYPE html>") and "Northwind Financial AI registry" in report.stdout

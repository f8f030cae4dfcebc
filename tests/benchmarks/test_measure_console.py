"""benchmarks/measure_console.py drives the real console and reports its figures."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from registry_support import TODAY

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "benchmarks" / "measure_console.py"


def sample(tmp_path: Path) -> Path:
    """A copy of the sample registry (the console writes its audit cache into the registry)."""
    return Path(shutil.copytree(ROOT / "sample_registry", tmp_path / "registry"))


def models(root: Path) -> int:
    return sum(1 for p in (root / "models").iterdir() if p.is_dir())


def _load_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmarks_measure_console", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_measure_reports_the_benchmark_figures(tmp_path: Path) -> None:
    root = sample(tmp_path)
    figures = _load_module().measure(root, TODAY, keystrokes="ch")
    assert set(figures) >= {"first_screen_s", "keystroke_ms", "loaded_s", "filter_ms"}
    assert figures["models"] == models(root)
    assert 0 < figures["first_screen_s"] <= figures["loaded_s"]
    assert figures["keystroke_ms"] > 0 and figures["filter_ms"] > 0


def test_the_script_prints_one_json_object(tmp_path: Path) -> None:
    root = sample(tmp_path)
    ran = subprocess.run(
        [sys.executable, str(SCRIPT), "--today", TODAY.isoformat(), "--keys", "c", str(root)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert json.loads(ran.stdout)["models"] == models(root)

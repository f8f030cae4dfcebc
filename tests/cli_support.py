"""Running ``registry`` in-process from tests: a clean environment and the captured output.

Import :func:`plain_env` into a test module to apply it there (an autouse fixture).
"""

from __future__ import annotations

import pytest

from registry.cli import main


@pytest.fixture(autouse=True)
def plain_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No colour, no date or debug settings leaking in from the developer's shell."""
    for name in ("FORCE_COLOR", "REGISTRY_TODAY", "REGISTRY_DEBUG", "CLICOLOR_FORCE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_COLOR", "1")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """``registry ARGV`` through ``registry.cli.main``: exit code, stdout, stderr."""
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err

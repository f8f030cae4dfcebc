"""``registry import hf``: one command for a folder of cards; refusals are one line each, exit 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import plain_env, run  # noqa: F401  (plain_env: autouse fixture)
from interop_support import HOSTILE, REAL, empty_registry

TODAY = "2026-11-24"


def test_a_folder_of_real_cards_in_one_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = empty_registry(tmp_path)
    code, out, err = run(capsys, "import", "hf", str(REAL), "--registry", str(root), "--today", TODAY)
    cards = sorted(REAL.glob("*.md"))
    refused = err.splitlines()
    assert code == 2
    assert len(refused) == 3 and all(line.startswith("registry: not imported: ") for line in refused)
    for name in ("allenai-primera.md", "hfhub-invalid-card-data.md", "nbailab-whisper-large-v2-nob.md"):
        assert sum(f"{REAL / name}:" in line for line in refused) == 1
    assert "Traceback" not in out + err
    assert out.count("\nimported ") + out.startswith("imported ") == len(cards) - 3
    assert "still needed (registry audit):\n    OWN001 error: model has no owner\n" in out
    assert (
        f"Imported {len(cards) - 3} of {len(cards)} cards (stage proposed, risk tier medium by default" in out
    )
    models = sorted(p.name for p in (root / "models").iterdir() if not p.name.startswith("."))
    assert len(models) == len(cards) - 3
    again = run(capsys, "audit", str(root), "--today", TODAY, "--format", "json")
    assert again[0] == 1 and '"rule": "SCH' not in again[1]  # audited, and no card breaks the schema


def test_a_card_is_imported_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = empty_registry(tmp_path)
    card = REAL / "caukiel-javabert.md"
    assert run(capsys, "import", "hf", str(card), "--registry", str(root), "--today", TODAY)[0] == 0
    before = (root / "models" / "caukiel-javabert" / "model_card.yaml").read_bytes()
    code, _, err = run(capsys, "import", "hf", str(card), "--registry", str(root))
    assert code == 2
    reason = "models/caukiel-javabert already exists; not overwritten (pass --id)"
    assert err == f"registry: not imported: {card}:1:1: {reason}\n"
    assert (root / "models" / "caukiel-javabert" / "model_card.yaml").read_bytes() == before


def test_card_text_in_messages_is_inert(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = empty_registry(tmp_path)
    code, out, err = run(capsys, "import", "hf", str(HOSTILE / "hostile-markup.md"), "--registry", str(root))
    assert code == 0, err
    assert "\x1b" not in out and "\x07" not in out and "\\x1b" in out


@pytest.mark.parametrize(
    "args, message",
    [
        (["--id", "one-id", str(REAL)], "--id names one model, but"),
        (["--id", "Not An Id", str(REAL / "hfhub-simple.md")], "is not a model id"),
        (["--owner", "nobody", str(REAL / "hfhub-simple.md")], "owner 'nobody' has no record"),
        ([str(REAL / "missing.md")], "missing.md: no such file or folder"),
        ([str(REAL.parent)], ""),  # a folder of folders is searched: fine
    ],
)
def test_bad_arguments_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    root = empty_registry(tmp_path)
    code, _, err = run(capsys, "import", "hf", "--registry", str(root), *args)
    if not message:
        assert code == 2 and "Traceback" not in err  # the corpus has refusals, each one line
        return
    assert code == 2
    assert err.startswith("registry: error: ") and err.count("\n") == 1 and message in err
    assert [p.name for p in (root / "models").iterdir()] == [".gitkeep"]


def blocked(*modules: str) -> str:
    """Python code that runs the CLI with ``modules`` made unimportable (as if not installed)."""
    lines = ["import sys", *(f"sys.modules[{m!r}] = None" for m in modules), "from registry.cli import main"]
    return "\n".join([*lines, "sys.exit(main(sys.argv[1:]))"])


@pytest.mark.parametrize(
    "modules, argv, needs",
    [
        (["huggingface_hub"], ["import", "hf", "card.md"], "huggingface_hub"),
        (["huggingface_hub"], ["export", "hf", "some-model"], "huggingface_hub"),
        (["cyclonedx"], ["export", "cyclonedx"], "cyclonedx-python-lib"),
    ],
)
def test_without_the_extra_the_commands_say_how_to_install_it(
    tmp_path: Path, modules: list[str], argv: list[str], needs: str
) -> None:
    root = empty_registry(tmp_path)
    (root / "card.md").write_text("# x\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", blocked(*modules), *argv],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert done.stderr == (
        f"registry: error: this command needs {needs}, which is not installed: "
        "pip install 'ai-model-registry[interop]'\n"
    )


def test_the_audit_imports_neither_library(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = empty_registry(tmp_path)
    run(capsys, "import", "hf", str(REAL / "hfhub-simple-model-index.md"), "--registry", str(root))
    code = (
        "import sys\nfrom registry.cli import main\nrc = main(sys.argv[1:])\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'huggingface_hub', 'cyclonedx'}))\n"
        "sys.exit(rc)"
    )
    for argv in (["audit", "--today", TODAY, "--no-cache"], ["audit", "--today", TODAY, "models/"]):
        done = subprocess.run(
            [sys.executable, "-c", code, *argv],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 1, done.stderr
        assert done.stdout.splitlines()[-1] == "[]"

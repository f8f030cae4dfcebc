"""``registry codeowners`` on hostile registries: no rule injected, nothing read or written astray.

CODEOWNERS decides who must approve a pull request, so a hostile owner record or
folder name must never add a line to it, and the existing CODEOWNERS (which a pull
request can replace with a link, a FIFO or a device) must never be read from outside
the repository, nor block, nor be followed when written.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hostile_corpus import OWNER, SECRET, dump, write_base
from hostile_support import Captured, assert_well_behaved, call_cli, diff_snapshots, run_cli, snapshot

HANDLES = [
    "@team-a\n* @attacker",
    "@team-a * @attacker",
    "@team-a\r/ @attacker",
    "* @attacker",
    "@team-a\x1b[2J",
    "@team-a\u2028* @attacker",
    "@team-a # comment",
    "@@",
    "@",
    "",
]
#: A generated line: a comment, or one escaped pattern and valid handles.
RULE = re.compile(r"^(#.*|/(?:[^\s\\]|\\.)+/ +@[A-Za-z0-9][A-Za-z0-9._/-]*( @[A-Za-z0-9][A-Za-z0-9._/-]*)*)$")


def _registry(tmp_path: Path) -> Path:
    root = write_base(tmp_path / "registry")
    (root / ".github").mkdir()
    for index, handle in enumerate(HANDLES):
        owner_id = f"owner-{index}"
        (root / "owners" / f"{owner_id}.yaml").write_text(
            dump({**OWNER, "id": owner_id, "review_handle": handle})
        )
        folder = root / "models" / f"model-{index}"
        folder.mkdir()
        (folder / "model_card.yaml").write_text(dump({"id": f"model-{index}", "owner": owner_id}))
    (root / "owners" / "team-a.yaml").write_text(dump({**OWNER, "review_handle": "@org/team-a"}))
    for name in ("a\n* @attacker", "b *", "c[x]", "-rf", "d\x1b[2J", "e #x"):
        (root / "models" / name).mkdir()
        (root / "models" / name / "model_card.yaml").write_text(dump({"id": "x", "owner": "team-a"}))
    return root


def test_hostile_handles_and_folders_add_no_rule(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    root = _registry(tmp_path)
    before = snapshot(tmp_path, skip=("registry/.registry",))
    ran: Captured = call_cli(capsysbinary, "codeowners", str(root))
    assert ran.code == 0, ran
    changes = diff_snapshots(before, snapshot(tmp_path, skip=("registry/.registry",)))
    assert changes == ["created registry/.github/CODEOWNERS"], "writes exactly the file it was asked to"
    written = (root / ".github" / "CODEOWNERS").read_text(encoding="utf-8")
    rules = [ln for ln in written.splitlines() if ln and not ln.startswith("#")]
    assert rules == ["/models/witness/ @org/team-a"], written
    for line in written.splitlines():
        assert RULE.match(line), repr(line)
    assert "@attacker" not in "\n".join(rules)
    check = call_cli(capsysbinary, "codeowners", str(root), "--check")
    assert check.code == 0, check


def test_damaged_block_is_one_line_and_exit_2(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    root = _registry(tmp_path)
    (root / ".github" / "CODEOWNERS").write_text("# BEGIN registry codeowners\n/x/ @y\n")
    for extra in ((), ("--check",)):
        ran = call_cli(capsysbinary, "codeowners", str(root), *extra)
        assert ran.code == 2 and len(ran.stderr.splitlines()) == 1, ran
    assert (root / ".github" / "CODEOWNERS").read_text() == "# BEGIN registry codeowners\n/x/ @y\n"


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda p: p.mkdir(), id="folder"),
        pytest.param(lambda p: p.write_bytes(b"/models/ @a\n\xff\xfe\n"), id="invalid-utf8"),
    ],
)
def test_unusable_codeowners_file(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], make: object
) -> None:
    root = _registry(tmp_path)
    make(root / ".github" / "CODEOWNERS")  # type: ignore[operator]
    for extra in ((), ("--check",)):
        ran = call_cli(capsysbinary, "codeowners", str(root), *extra)
        assert ran.code == 2 and len(ran.stderr.splitlines()) == 1, ran


def _linked(tmp_path: Path, target: str) -> Path:
    root = write_base(tmp_path / "registry")
    (root / ".github").mkdir()
    os.symlink(target, root / ".github" / "CODEOWNERS")
    return root


def test_codeowners_link_out_of_the_repository_is_not_read(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(f"{SECRET}\n")
    root = _linked(tmp_path, str(secret))
    ran = call_cli(capsysbinary, "codeowners", str(root), "--check")
    assert SECRET not in ran.stdout + ran.stderr, ran
    assert secret.read_text() == f"{SECRET}\n"


def test_writing_replaces_a_link_instead_of_following_it(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    secret = tmp_path / "outside.txt"
    secret.write_text("untouched\n")
    root = _linked(tmp_path, str(secret))
    call_cli(capsysbinary, "codeowners", str(root))
    assert secret.read_text() == "untouched\n"


def test_codeowners_fifo_does_not_hang(tmp_path: Path) -> None:
    root = write_base(tmp_path / "registry")
    os.mkfifo(root / "CODEOWNERS")
    assert_well_behaved(run_cli("codeowners", "--check", cwd=root, timeout=3), codes=(0, 1, 2))


def test_codeowners_device_is_not_read(tmp_path: Path) -> None:
    root = _linked(tmp_path, "/dev/zero")
    ran = run_cli("codeowners", "--check", cwd=root, timeout=10, address_space=1024**3)
    assert_well_behaved(ran, codes=(0, 1, 2))

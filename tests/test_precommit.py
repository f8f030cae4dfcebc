"""The ``registry-audit`` pre-commit hook, end to end with the real ``pre-commit``.

A copy of this project (the files a wheel needs plus ``.pre-commit-hooks.yaml``) is
committed to a temporary git repository that serves as the hook repository; a
registry repository in ``tmp_path`` uses it by path and commit. pre-commit then
builds its own virtualenv and pip-installs the project, as it would for a user: that
needs the package index and takes a while, so it happens once per module, in
``PRE_COMMIT_HOME`` under the module's temporary folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

PROJECT = Path(__file__).resolve().parents[1]
#: What pip needs to build the wheel, and the hook manifest.
PROJECT_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "registry", "tui", "schemas")
TODAY = "2026-11-24"

OWNER = "id: risk\nkind: team\nname: Risk ML\nemail: risk@example.com\n"
CARD = """\
id: {id}
name: {id}
version: "1.0"
kind: predictive
stage: proposed
risk_tier: low
{owner}purpose: Scores things for a pre-commit test.
{limitations}"""
LIMITS = "limitations: [Only a test]\n"
RUNBOOK = """\
---
model: scorer
owner: risk
last_reviewed: 2026-11-01
---

## Fallback
Route to manual review.

## Rollback
Redeploy the previous version.

## Escalation
"""


def git_env(home: Path, pre_commit_home: Path) -> dict[str, str]:
    """The environment without the caller's git settings (a hook path, a signing key,
    GIT_DIR from an enclosing hook), with fixed identities and dates."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    gitconfig = home / ".gitconfig"
    gitconfig.write_text(
        "[user]\n\tname = Test\n\temail = test@example.com\n"
        "[init]\n\tdefaultBranch = main\n[commit]\n\tgpgsign = false\n",
        encoding="utf-8",
    )
    env.update(
        GIT_CONFIG_GLOBAL=str(gitconfig),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_DATE="2026-11-20T10:00:00+00:00",
        GIT_COMMITTER_DATE="2026-11-20T10:00:00+00:00",
        PRE_COMMIT_HOME=str(pre_commit_home),
        PRE_COMMIT_COLOR="never",
        NO_COLOR="1",
    )
    env.pop("REGISTRY_TODAY", None)
    return env


def run(
    args: list[str], cwd: Path, env: dict[str, str], timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False
    )


def git(cwd: Path, env: dict[str, str], *args: str) -> str:
    done = run(["git", *args], cwd, env)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@dataclass
class Setup:
    env: dict[str, str]
    hook_repo: Path
    rev: str
    install_seconds: float


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def make_registry_repo(folder: Path, setup: Setup, hook: str = "registry-audit") -> Path:
    """A git repository holding a registry, with ``hook`` installed as git's pre-commit hook."""
    folder.mkdir()
    git(folder, setup.env, "init", "-q")
    write(folder / "registry.yaml", "registry: 1\nname: Hook test\n")
    write(folder / "owners/risk.yaml", OWNER)
    write(
        folder / ".pre-commit-config.yaml",
        "repos:\n"
        f"  - repo: {setup.hook_repo.as_posix()}\n"
        f"    rev: {setup.rev}\n"
        "    hooks:\n"
        f"      - id: {hook}\n"
        f'        args: [--today, "{TODAY}"]\n',
    )
    done = run([sys.executable, "-m", "pre_commit", "install"], folder, setup.env)
    assert done.returncode == 0, done.stdout + done.stderr
    git(folder, setup.env, "add", ".")
    commit = run(["git", "commit", "-q", "-m", "Start the registry"], folder, setup.env, timeout=600)
    assert commit.returncode == 0, commit.stdout + commit.stderr
    return folder


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setup]:
    base = tmp_path_factory.mktemp("precommit")
    home = base / "home"
    home.mkdir()
    env = git_env(home, base / "pre-commit-home")
    hook_repo = base / "hook-repo"
    hook_repo.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".mypy_cache", ".registry")
    for name in PROJECT_FILES:
        source = PROJECT / name
        if source.is_dir():
            shutil.copytree(source, hook_repo / name, ignore=ignore)
        else:
            shutil.copy2(source, hook_repo / name)
    git(hook_repo, env, "init", "-q")
    git(hook_repo, env, "add", ".")
    git(hook_repo, env, "commit", "-q", "-m", "registry as a hook repository")
    rev = git(hook_repo, env, "rev-parse", "HEAD")

    started = time.monotonic()
    probe = Setup(env, hook_repo, rev, 0.0)
    first = base / "install"
    first.mkdir()
    write(
        first / ".pre-commit-config.yaml",
        f"repos:\n  - repo: {hook_repo.as_posix()}\n    rev: {rev}\n    hooks:\n      - id: registry-audit\n",
    )
    git(first, env, "init", "-q")
    done = run([sys.executable, "-m", "pre_commit", "install-hooks"], first, env, timeout=900)
    assert done.returncode == 0, f"pre-commit could not install the hook:\n{done.stdout}\n{done.stderr}"
    probe.install_seconds = time.monotonic() - started
    print(f"\npre-commit built the hook environment in {probe.install_seconds:.1f}s")
    yield probe


def commit_count(repo: Path, env: dict[str, str]) -> int:
    return int(git(repo, env, "rev-list", "--count", "HEAD"))


def commit(repo: Path, env: dict[str, str], message: str) -> tuple[int, str]:
    done = run(["git", "commit", "-m", message], repo, env)
    return done.returncode, done.stdout + done.stderr


def test_the_hook_blocks_a_bad_card_and_lets_a_good_one_through(setup: Setup, tmp_path: Path) -> None:
    """One repository, the way a model owner meets the hook: one test, so that under
    pytest-xdist the hook environment is still built only once."""
    repo = make_registry_repo(tmp_path / "repo", setup)
    env = setup.env
    start = commit_count(repo, env)

    # A card without an owner: the commit is refused and the finding is shown.
    card = repo / "models/scorer/model_card.yaml"
    write(card, CARD.format(id="scorer", owner="", limitations=LIMITS))
    git(repo, env, "add", ".")
    code, output = commit(repo, env, "Add a card without an owner")
    assert code != 0, output
    assert "registry audit" in output and "Failed" in output
    assert "models/scorer/model_card.yaml:1:1: OWN001 error model has no owner (scorer)" in output
    assert commit_count(repo, env) == start

    # Files outside the registry do not run the hook (its `files` pattern), even with the
    # bad card still in the working tree.
    git(repo, env, "reset", "-q")
    write(repo / "README.md", "# Models\n")
    git(repo, env, "add", "README.md")
    code, output = commit(repo, env, "Add a README")
    assert code == 0, output
    assert "no files to check" in output and "Skipped" in output
    assert commit_count(repo, env) == start + 1

    # The owner added: the card commits.
    write(card, CARD.format(id="scorer", owner="owner: risk\n", limitations=LIMITS))
    git(repo, env, "add", ".")
    code, output = commit(repo, env, "Add a complete card")
    assert code == 0, output
    assert "registry audit" in output and "Passed" in output
    assert commit_count(repo, env) == start + 2


def test_the_new_findings_hook_lets_an_estate_with_findings_adopt_it(setup: Setup, tmp_path: Path) -> None:
    """``registry-audit-new`` fails only on what a commit adds: fixing one of two
    findings, or editing only a runbook, goes through; a new finding does not."""
    repo = make_registry_repo(tmp_path / "repo", setup, hook="registry-audit-new")
    env = setup.env
    card = repo / "models/scorer/model_card.yaml"
    write(card, CARD.format(id="scorer", owner="", limitations=""))  # OWN001 and DOC001
    write(repo / "models/scorer/runbook.md", RUNBOOK)
    git(repo, env, "add", ".")
    git(repo, env, "commit", "-q", "--no-verify", "-m", "The estate as it was")
    start = commit_count(repo, env)

    write(card, CARD.format(id="scorer", owner="", limitations=LIMITS))  # fixes DOC001 only
    git(repo, env, "add", ".")
    code, output = commit(repo, env, "Add the limitations")
    assert code == 0, output
    assert "registry audit (new findings)" in output and "Passed" in output
    assert commit_count(repo, env) == start + 1

    write(repo / "models/scorer/runbook.md", RUNBOOK + "Page the on-call analyst first.\n")
    git(repo, env, "add", ".")
    code, output = commit(repo, env, "Runbook: who to page")
    assert code == 0, output
    assert commit_count(repo, env) == start + 2

    write(repo / "models/other/model_card.yaml", CARD.format(id="other", owner="", limitations=LIMITS))
    git(repo, env, "add", ".")
    code, output = commit(repo, env, "Add a card without an owner")
    assert code != 0 and "Failed" in output, output
    assert "New since HEAD" in output and "OWN001 error model has no owner (other)" in output
    assert "scorer" not in output  # not part of this commit
    assert commit_count(repo, env) == start + 2


def test_the_hook_audits_what_is_staged_not_untracked_folders(setup: Setup, tmp_path: Path) -> None:
    """With registry.yaml staged every model is judged, but only as the commit holds
    them: an untracked model folder, or an unstaged edit, is not part of the commit."""
    repo = make_registry_repo(tmp_path / "repo", setup)
    env = setup.env
    start = commit_count(repo, env)
    write(repo / "models/draft/model_card.yaml", CARD.format(id="draft", owner="", limitations=""))
    write(repo / "registry.yaml", "registry: 1\nname: Hook test, renamed\n")
    git(repo, env, "add", "registry.yaml")
    code, output = commit(repo, env, "Rename the registry")
    assert code == 0, output
    assert "registry audit" in output and "Passed" in output and "draft" not in output
    assert commit_count(repo, env) == start + 1
    assert (repo / "models/draft/model_card.yaml").is_file()  # pre-commit left it alone

    write(repo / "models/scorer/model_card.yaml", CARD.format(id="scorer", owner="", limitations=LIMITS))
    git(repo, env, "add", "models/scorer")
    write(
        repo / "models/scorer/model_card.yaml",
        CARD.format(id="scorer", owner="owner: risk\n", limitations=LIMITS),
    )
    code, output = commit(repo, env, "Stage a card without an owner, fix it only on disk")
    assert code != 0 and "OWN001 error model has no owner (scorer)" in output, output
    assert "draft" not in output


def test_the_readme_snippet_gets_a_rev_that_exists_from_autoupdate(setup: Setup, tmp_path: Path) -> None:
    """The README's snippet names no tag that might not exist: `pre-commit autoupdate`
    pins `rev` to the hook repository's commit, and both hook ids are declared there."""
    readme = (PROJECT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Use it in a repository") :]
    snippet = section[section.index("```yaml\n") + 8 : section.index("```\n", section.index("```yaml\n"))]
    url = "https://github.com/your-org/ai-model-registry"
    assert f"repo: {url}" in snippet and "rev: PIN-ME" in snippet
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, setup.env, "init", "-q")
    config = snippet.replace(url, setup.hook_repo.as_posix()).replace("# - id:", "- id:")
    write(repo / ".pre-commit-config.yaml", config)
    done = run([sys.executable, "-m", "pre_commit", "autoupdate"], repo, setup.env, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    pinned = (repo / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert f"rev: {setup.rev}" in pinned and "PIN-ME" not in pinned
    done = run([sys.executable, "-m", "pre_commit", "run", "--all-files"], repo, setup.env, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "registry audit (new findings)" in done.stdout and "registry audit." in done.stdout

"""registry/review.py: a commit on a review branch that leaves the user's repository as it was."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from git_support import Repo, init_repo, isolate_identity

from registry.review import ReviewError, commit, identity, open_repo, push, request_url

CARD = "models/fraud-detector/model_card.yaml"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate_identity(monkeypatch, tmp_path / "home")


@pytest.fixture
def repo(tmp_path: Path, h: Any) -> Repo:
    root = h.make_registry(tmp_path)
    return init_repo(root)


def state(repo: Repo) -> dict[str, Any]:
    """Everything of the user's that a review commit must not touch."""
    git_dir = repo.path / ".git"
    return {
        "index": (git_dir / "index").read_bytes(),
        "head": (git_dir / "HEAD").read_text(),
        "status": repo("status", "--porcelain=v1", "-uall"),
        "staged": repo("diff", "--cached"),
        "unstaged": repo("diff"),
    }


def edit_card(repo: Repo, old: str = "VP Payments", new: str = "CFO") -> None:
    path = repo.path / CARD
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_the_commit_holds_exactly_the_edited_file_and_nothing_of_the_users_work(repo: Repo) -> None:
    # The user's own work in progress: a staged change, an unstaged one, an untracked file.
    (repo.path / "registry.yaml").write_text("registry: 1\nname: Staged rename\n", encoding="utf-8")
    repo("add", "registry.yaml")
    (repo.path / "owners" / "fraud-platform.yaml").write_text("id: fraud-platform\n", encoding="utf-8")
    (repo.path / "notes.txt").write_text("mine\n", encoding="utf-8")
    head = repo("rev-parse", "HEAD")
    edit_card(repo)
    before = state(repo)
    review = commit(
        repo.path, [CARD], message="Sponsor is now the CFO", branch="registry/fraud-detector/sponsor"
    )
    assert state(repo) == before
    assert review.created and review.base == head and review.paths == [CARD]
    assert repo("rev-parse", "registry/fraud-detector/sponsor") == review.commit
    assert repo("rev-parse", f"{review.commit}^") == head
    assert repo("show", "-s", "--format=%an <%ae>|%cn <%ce>|%s", review.commit) == (
        "Grace Hopper <grace@example.com>|Grace Hopper <grace@example.com>|Sponsor is now the CFO"
    )
    changed = [ln for ln in review.patch().splitlines() if ln[:1] in "+-" and ln[:3] not in ("+++", "---")]
    assert changed == ["-sponsor: VP Payments", "+sponsor: CFO"]


def test_detached_head(repo: Repo) -> None:
    head = repo("rev-parse", "HEAD")
    repo("checkout", "-q", "--detach")
    edit_card(repo)
    review = commit(repo.path, [CARD], message="m", branch="review")
    assert review.base == head
    assert repo("rev-parse", "HEAD") == head
    assert (repo.path / ".git" / "HEAD").read_text().strip() == head  # still detached


def test_an_existing_branch_only_when_named_explicitly_and_not_checked_out(repo: Repo) -> None:
    repo("branch", "review")
    edit_card(repo)
    with pytest.raises(ReviewError, match=r"^branch 'review' already exists: add to it with --branch review"):
        commit(repo.path, [CARD], message="m", branch="review")
    first = commit(repo.path, [CARD], message="m", branch="review", explicit_branch=True)
    assert not first.created
    edit_card(repo, "CFO", "COO")
    second = commit(repo.path, [CARD], message="m2", branch="review", explicit_branch=True)
    assert repo("rev-parse", f"{second.commit}^") == first.commit
    with pytest.raises(ReviewError, match=r"^branch 'main' is checked out in .*: commit there"):
        commit(repo.path, [CARD], message="m", branch="main", explicit_branch=True)


def test_nothing_to_commit_is_said_plainly(repo: Repo) -> None:
    with pytest.raises(ReviewError, match=r"^nothing to commit"):
        commit(repo.path, [CARD], message="m", branch="review")
    assert "review" not in repo("branch", "--list")


def test_a_missing_identity_is_one_line_and_commits_nothing(tmp_path: Path, h: Any) -> None:
    repo = init_repo(h.make_registry(tmp_path), identity=False)
    edit_card(repo)
    with pytest.raises(ReviewError) as caught:
        commit(repo.path, [CARD], message="m", branch="review")
    assert str(caught.value).startswith("git has no identity to commit with: set it with `git config")
    assert "\n" not in str(caught.value)
    assert repo("branch", "--list", "review") == ""


def test_identity_from_the_environment(tmp_path: Path, h: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = init_repo(h.make_registry(tmp_path), identity=False)
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", "Env Person")
        monkeypatch.setenv(f"GIT_{role}_EMAIL", "env@example.com")
    assert identity(open_repo(repo.path)) == ("Env Person", "env@example.com")


def test_outside_git_committing_is_refused(tmp_path: Path, h: Any) -> None:
    root = h.make_registry(tmp_path)
    with pytest.raises(ReviewError, match=r"^committing needs git: .* is not in a git repository$"):
        commit(root, [CARD], message="m", branch="review")


def test_no_commit_yet_is_refused(tmp_path: Path, h: Any) -> None:
    root = h.make_registry(tmp_path)
    repo = Repo(root)
    repo("config", "user.name", "A")
    repo("config", "user.email", "a@example.com")
    with pytest.raises(ReviewError, match=r"^the repository has no commit yet"):
        commit(root, [CARD], message="m", branch="review")


@pytest.mark.parametrize("name", ["-x", "a..b", "a b", "x.lock", ""])
def test_invalid_branch_names(repo: Repo, name: str) -> None:
    edit_card(repo)
    with pytest.raises(ReviewError, match="is not a valid branch name"):
        commit(repo.path, [CARD], message="m", branch=name)


def test_registry_in_a_subfolder_of_the_repository(tmp_path: Path, h: Any) -> None:
    root = h.make_registry(tmp_path, folder="repo/governance")
    repo = init_repo(tmp_path / "repo")
    path = root / CARD
    path.write_text(path.read_text(encoding="utf-8").replace("VP Payments", "CFO"), encoding="utf-8")
    review = commit(root, [CARD], message="m", branch="review")
    assert review.paths == [CARD]  # relative to the registry, like the files the edit names
    assert repo("show", f"review:governance/{CARD}").count("sponsor: CFO") == 1


def test_push_to_a_remote_and_the_pull_request_url(repo: Repo, tmp_path: Path) -> None:
    bare = tmp_path / "remote.git"
    Repo(bare, init=False)("init", "-q", "--bare", str(bare), cwd=tmp_path)
    # The remote looks like GitHub to the user; pushInsteadOf sends the push to the bare repository.
    repo("remote", "add", "origin", "git@github.com:acme/ai-registry.git")
    repo("config", f"url.{bare}.pushInsteadOf", "git@github.com:acme/ai-registry.git")
    edit_card(repo)
    review = commit(repo.path, [CARD], message="m", branch="registry/fraud-detector/sponsor")
    pushed = push(repo.path, review, "origin")
    assert pushed.pushed_to == "origin"
    assert pushed.url == "https://github.com/acme/ai-registry/pull/new/registry/fraud-detector/sponsor"
    remote_sha = Repo(bare, init=False)("rev-parse", "registry/fraud-detector/sponsor")
    assert remote_sha == review.commit
    with pytest.raises(ReviewError, match=r"^no git remote named 'upstream'"):
        push(repo.path, review, "upstream")


def test_a_failed_push_is_one_line(repo: Repo, tmp_path: Path) -> None:
    repo("remote", "add", "origin", str(tmp_path / "nowhere.git"))
    edit_card(repo)
    review = commit(repo.path, [CARD], message="m", branch="review")
    with pytest.raises(ReviewError, match=r"^git push failed: ") as caught:
        push(repo.path, review, "origin")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("remote", "url"),
    [
        ("https://github.com/acme/reg.git", "https://github.com/acme/reg/pull/new/registry/m/owner"),
        ("git@github.com:acme/reg.git", "https://github.com/acme/reg/pull/new/registry/m/owner"),
        ("ssh://git@github.com/acme/reg", "https://github.com/acme/reg/pull/new/registry/m/owner"),
        ("https://github.acme.com/gov/reg.git", "https://github.acme.com/gov/reg/pull/new/registry/m/owner"),
        (
            "git@gitlab.com:acme/risk/reg.git",
            "https://gitlab.com/acme/risk/reg/-/merge_requests/new?merge_request%5Bsource_branch%5D=registry%2Fm%2Fowner",
        ),
        (
            "ssh://git@gitlab.example.org:2222/acme/reg.git",
            "https://gitlab.example.org/acme/reg/-/merge_requests/new?merge_request%5Bsource_branch%5D=registry%2Fm%2Fowner",
        ),
        ("https://bitbucket.org/acme/reg.git", None),
        ("/srv/git/reg.git", None),
        ("https://github.com/acme", None),
    ],
)
def test_request_urls(remote: str, url: str | None) -> None:
    assert request_url(remote, "registry/m/owner") == url


def test_no_stray_files_in_git_dir_or_temp(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    edit_card(repo)
    before = sorted(p.name for p in (repo.path / ".git").iterdir())
    commit(repo.path, [CARD], message="m", branch="review")
    assert sorted(p.name for p in (repo.path / ".git").iterdir()) == before
    assert list(scratch.iterdir()) == []  # the temporary index is gone

"""The registry at many commits of one line of history, each file parsed once.

What ``registry trend`` reads: the first-parent line of a commit, the registry as each
chosen commit left it (through :class:`registry.git.GitTreeSource`, so exactly what
``audit --rev`` reads), and each card's history cut at that commit. A model's folder,
an owner file and registry.yaml are parsed once per git object id across all the
commits (a folder whose tree id did not change is the same parsed card), and every
file goes through one shared ``git cat-file``.
"""

from __future__ import annotations

import bisect
import dataclasses
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from registry.git import BlobReader, CardHistory, GitTreeSource, RepoInfo
from registry.model import ModelCard, Owner, Registry, Settings
from registry.store import (
    REGISTRY_FILE,
    RegistryError,
    list_model_folders,
    list_owner_files,
    load_card,
    load_owner,
    load_settings,
)


@dataclass(frozen=True, slots=True)
class LineCommit:
    sha: str
    day: date  # committer date, in the committer's time zone (as history rules read it)


def first_parent_line(info: RepoInfo, tip: str) -> list[LineCommit]:
    """The commits on ``tip``'s first-parent line, newest first (one ``git log``)."""
    raw: bytes = info.run(
        ["log", "--first-parent", "--no-color", "--format=%H %cI", "--end-of-options", tip, "--"]
    )
    out = []
    for line in raw.decode("ascii", "replace").splitlines():
        sha, _, when = line.partition(" ")
        if sha and when:
            out.append(LineCommit(sha, datetime.fromisoformat(when.strip()).date()))
    return out


def registry_start(info: RepoInfo, tip: str) -> date | None:
    """The date of the oldest commit on the line that holds registry.yaml."""
    raw: bytes = info.run(
        [
            "--literal-pathspecs",
            "log",
            "--first-parent",
            "--no-color",
            "--format=%cI",
            "--end-of-options",
            tip,
            "--",
            f"{info.prefix}{REGISTRY_FILE}",
        ]
    )
    lines = raw.decode("ascii", "replace").split()
    return datetime.fromisoformat(lines[-1]).date() if lines else None


def newest_on_or_before(line: list[LineCommit], day: date) -> int | None:
    for index, commit in enumerate(line):
        if commit.day <= day:
            return index
    return None


class Snapshots:
    """Registries at many commits, parsing each file or card folder once per object id."""

    def __init__(self, info: RepoInfo, root: Path) -> None:
        self.info = info
        self.root = Path(os.path.abspath(root))
        self.reader = BlobReader(info)
        self.blobs: dict[str, bytes | None] = {}
        self.settings: dict[str, Settings] = {}
        self.cards: dict[tuple[str, str], ModelCard] = {}
        self.owners: dict[tuple[str, str], Owner] = {}

    def tree(self, sha: str) -> GitTreeSource:
        return GitTreeSource(self.info, sha, self.root, reader=self.reader, blobs=self.blobs, prefetch=False)

    def registry(self, tree: GitTreeSource) -> Registry:
        """What :func:`registry.store.load_registry` returns for ``tree``, from the caches."""
        if not tree.is_file(REGISTRY_FILE):
            raise RegistryError(f"no {REGISTRY_FILE} at this commit")
        settings_key = tree.content_key(REGISTRY_FILE)
        loaded = self.settings.get(settings_key) if settings_key else None
        if loaded is None:
            loaded = load_settings(tree)
            if settings_key:
                self.settings[settings_key] = loaded
        folders = list_model_folders(tree)
        keys = {f: tree.content_key(f"models/{f}") for f in folders}
        fresh = {f for f, key in keys.items() if key is None or (f, key) not in self.cards}
        tree.prefetch(rel for rel in tree.entries if rel.startswith("models/") and rel.split("/")[1] in fresh)
        models: dict[str, ModelCard] = {}
        for folder in folders:
            key = keys[folder]
            card = self.cards.get((folder, key)) if key else None
            if card is None:
                card = load_card(tree, folder)
                if key:
                    self.cards[(folder, key)] = card
            models[folder] = card
        owner_files = [self._owner(tree, rel) for rel in list_owner_files(tree)]
        owners = {o.id: o for o in owner_files}
        return Registry(
            str(self.root),
            loaded.name,
            loaded.policy,
            loaded.record,
            owners,
            models,
            owner_files,
            tree.revision,
        )

    def _owner(self, tree: GitTreeSource, rel: str) -> Owner:
        key = tree.content_key(rel)
        owner = self.owners.get((rel, key)) if key else None
        if owner is None:
            owner = load_owner(tree, rel)
            if key:
                self.owners[(rel, key)] = owner
        return owner

    def close(self) -> None:
        self.reader.close()


class CardLines:
    """Each card's versions on the tip's first-parent line, to cut at any older commit."""

    def __init__(self, histories: Mapping[str, CardHistory], position: Mapping[str, int]) -> None:
        self.histories = dict(histories)
        self._cut: dict[tuple[str, int, str | None], CardHistory] = {}  # the same cut, the same object
        far = len(position)
        self.positions = {
            folder: [position.get(v.commit.sha, far) for v in h.versions] for folder, h in histories.items()
        }

    def at(self, index: int, tree: GitTreeSource, folders: Iterable[str]) -> dict[str, CardHistory]:
        """The history ``audit --rev`` would read at the commit ``index`` steps below the tip."""
        out = {}
        for folder in folders:
            history = self.histories.get(folder)
            if history is None:
                continue
            first = bisect.bisect_left(self.positions[folder], index)
            blob = tree.blob_of(history.path)
            cut = self._cut.get((folder, first, blob))
            if cut is None:
                cut = dataclasses.replace(history, versions=history.versions[first:])
                self._cut[(folder, first, blob)] = cut
            out[folder] = cut
        return out

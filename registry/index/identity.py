"""Which registry this is, wherever it is checked out: its git remote and its folder in the repo.

Two clones of one repository, on two machines, are one registry in the index; two
registries in one repository are two. Outside git (or without a remote) the path on
disk is all there is. Credentials in a remote URL (``https://token@host/...``) are
never stored.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

_CREDENTIALS = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^@/]*@")


@dataclass(frozen=True, slots=True)
class Identity:
    key: str  # unique in the index
    name: str
    origin: str | None
    folder: str  # inside the repository, "" at its top
    location: str  # the folder on this machine


def clean_remote(url: str) -> str:
    """A remote URL without user or token (``https://x:tok@h/r.git`` -> ``https://h/r``)."""
    url = url.strip()
    if url.startswith(("http://", "https://")):
        url = _CREDENTIALS.sub(r"\1", url)
    return url.removesuffix("/").removesuffix(".git")


def _remote(root: Path) -> tuple[str | None, str]:
    """The repository's preferred remote (``origin``, else the first) and the registry's folder in it."""
    from registry.git import GitUnavailable, locate

    try:
        info = locate(root)
    except GitUnavailable:
        return None, ""
    folder = info.prefix.rstrip("/")
    try:
        names = str(info.run(["remote"], text=True)).split()
        if not names:
            return None, folder
        chosen = "origin" if "origin" in names else sorted(names)[0]
        url = str(info.run(["remote", "get-url", "--", chosen], text=True)).strip()
    except Exception:  # git trouble: identify the registry by its path instead
        return None, folder
    return (clean_remote(url) or None), folder


def identify(root: Path, name: str) -> Identity:
    location = os.path.abspath(root)
    origin, folder = _remote(Path(location))
    if origin is None:
        return Identity(f"file://{location}", name, None, folder, location)
    key = f"{origin}#{folder}" if folder else origin
    return Identity(key, name, origin, folder, location)

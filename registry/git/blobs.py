"""File contents by blob sha, through one long-lived ``git cat-file --batch``."""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from registry.loader import MAX_FILE_BYTES, LoadError, decode, parse_yaml

if TYPE_CHECKING:  # pragma: no cover
    pass

from registry.git.repo import _BATCH, _SHA, RepoInfo


class BlobReader:
    """File contents by blob sha through one long-lived ``git cat-file --batch``.

    Requests are written in batches and answers read back in order, so thousands of
    blobs cost one process and a few pipe round trips. The process belongs to the
    process that started it: after a fork (the parallel audit's workers) a child starts
    its own instead of talking over its parent's pipes.
    """

    def __init__(self, info: RepoInfo, limit: int = MAX_FILE_BYTES) -> None:
        self.top = info.top
        self.repo = info.repo
        self.limit = limit
        self._proc: Any = None
        self._pid = 0
        self._parsed: dict[str, dict[str, Any] | None] = {}
        self.oversize: dict[str, int] = {}  # blobs over the limit, by sha: their size

    def _process(self) -> Any:
        if self._proc is None or self._pid != os.getpid():
            self._proc = self.repo.git.execute(
                ["git", "cat-file", "--batch"], as_process=True, istream=subprocess.PIPE
            )
            self._pid = os.getpid()
        return self._proc

    def read_many(self, shas: Iterable[str]) -> dict[str, bytes | None]:
        """Contents of each blob; None for a missing one or one over the size limit."""
        wanted = [s for s in dict.fromkeys(shas) if _SHA.match(s)]
        out: dict[str, bytes | None] = {}
        if not wanted:
            return out
        proc = self._process()
        stdin, stdout = proc.proc.stdin, proc.proc.stdout
        for start in range(0, len(wanted), _BATCH):
            chunk = wanted[start : start + _BATCH]
            stdin.write("".join(f"{s}\n" for s in chunk).encode("ascii"))
            stdin.flush()
            for sha in chunk:
                header = stdout.readline().split()
                if len(header) != 3:  # "<sha> missing" (or the process died)
                    if not header:
                        self._proc = None
                        raise OSError("git cat-file stopped answering")
                    out[sha] = None
                    continue
                size = int(header[2])
                if size > self.limit:
                    self.oversize[sha] = size
                    remaining = size + 1
                    while remaining:
                        remaining -= len(stdout.read(min(remaining, 1 << 20)) or b"x" * remaining)
                    out[sha] = None
                    continue
                out[sha] = stdout.read(size)
                stdout.read(1)  # the newline after each object
        return out

    def parsed(self, shas: Iterable[str], path: str) -> dict[str, dict[str, Any] | None]:
        """Each card blob as parsed top-level data; None when unreadable or not a mapping."""
        shas = list(dict.fromkeys(shas))
        missing = [s for s in shas if s not in self._parsed]
        for sha, raw in self.read_many(missing).items():
            data: dict[str, Any] | None = None
            if raw is not None:
                try:
                    parsed = parse_yaml(decode(raw), path).data
                except LoadError:
                    parsed = None
                data = parsed if isinstance(parsed, dict) else None
            self._parsed[sha] = data
        return {s: self._parsed.get(s) for s in shas}

    def close(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and self._pid == os.getpid():
            try:
                proc.proc.stdin.close()
                proc.proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                proc.proc.kill()


def blob_sha(data: bytes, sha_length: int = 40) -> str:
    """The sha git gives ``data`` as a blob (sha1, or sha256 in sha256 repositories)."""
    digest = hashlib.sha1 if sha_length == 40 else hashlib.sha256
    return digest(b"blob %d\x00" % len(data) + data).hexdigest()

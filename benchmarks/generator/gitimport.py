"""Turn a planned history into a git repository with one ``git fast-import`` stream.

Why its own module: this is the only code of the generator that runs a program, and
it must run git the same way every time (clean environment, fixed identity and dates,
no hooks or user configuration) for commit ids to be reproducible.
"""

from __future__ import annotations

import os
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

from .history import AUTHORS, History


def _git_env(when: datetime, author: tuple[str, str]) -> dict[str, str]:
    """A clean environment: no inherited GIT_* variables, fixed identity and dates.

    Why: a caller running inside a git hook has GIT_DIR and GIT_INDEX_FILE set, which
    would point our commands at the caller's repository; user and system config could
    add hooks, signing or templates that change the result.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    stamp = when.strftime("%Y-%m-%d %H:%M:%S +0000")
    name, email = author
    env.update(
        GIT_AUTHOR_NAME=name,
        GIT_AUTHOR_EMAIL=email,
        GIT_AUTHOR_DATE=stamp,
        GIT_COMMITTER_NAME=name,
        GIT_COMMITTER_EMAIL=email,
        GIT_COMMITTER_DATE=stamp,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_TERMINAL_PROMPT="0",
    )
    return env


def _git(out: Path, env: dict[str, str], *args: str, stdin: bytes | None = None) -> None:
    """Run one git command in ``out``; none of ``args`` comes from the user."""
    name, email = env["GIT_AUTHOR_NAME"], env["GIT_AUTHOR_EMAIL"]
    subprocess.run(
        [
            "git",
            "-c",
            f"user.name={name}",
            "-c",
            f"user.email={email}",
            "-c",
            "commit.gpgsign=false",
            "-c",
            "core.autocrlf=false",
            "-c",
            "gc.auto=0",
            "-c",
            "maintenance.auto=false",
            "-c",
            f"core.hooksPath={os.devnull}",
            *args,
        ],
        cwd=out,
        env=env,
        check=True,
        input=stdin,
        stdout=subprocess.DEVNULL,
    )


def _commit_message(notes: list[str]) -> str:
    """One subject line, and a bullet list when a commit bundles several edits, as people write them."""
    if len(notes) == 1:
        return notes[0]
    more = len(notes) - 1
    return f"{notes[0]} and {more} more change{'s' if more > 1 else ''}\n\n" + "\n".join(
        f"- {note}" for note in notes
    )


def import_history(out: Path, history: History, files: dict[str, str]) -> None:
    """Write the whole history with one ``git fast-import``, then sync the index.

    Why fast-import: committing 20,000 freshly written files forty times with
    ``git add -A`` re-hashes the racily-clean files on every call (about a minute for
    10,000 models); a fast-import stream writes one pack in a few seconds. The working
    tree already holds the final files, which equal the last commit, so ``git reset``
    only has to fill the index.
    """
    chunks: list[bytes] = []
    for k, day in enumerate(history.days):
        when = datetime(day.year, day.month, day.day, 9, 0, tzinfo=UTC) + timedelta(minutes=(k * 47) % 480)
        name, email = AUTHORS[k % len(AUTHORS)]
        stamp = f"{name} <{email}> {int(when.timestamp())} +0000"
        if k == 0:
            message = "Import the model registry"
            changes = {rel: history.initial.get(rel, text) for rel, text in files.items()}
        else:
            message = _commit_message(history.messages[k])
            changes = history.edits[k]
        body = f"{message}\n".encode()
        chunks.append(
            f"commit refs/heads/main\nmark :{k + 1}\nauthor {stamp}\n"
            f"committer {stamp}\ndata {len(body)}\n".encode()
        )
        chunks.append(body)
        chunks.append(b"\n" if k == 0 else f"\nfrom :{k}\n".encode())
        for rel, text in changes.items():
            data = text.encode("utf-8")
            chunks.append(f"M 100644 inline {rel}\ndata {len(data)}\n".encode())
            chunks.append(data)
            chunks.append(b"\n")
    chunks.append(b"done\n")
    last = history.days[-1]
    env = _git_env(datetime(last.year, last.month, last.day, 18, 0, tzinfo=UTC), AUTHORS[0])
    _git(out, env, "init", "-q", "--initial-branch=main")
    _git(out, env, "fast-import", "--quiet", "--done", stdin=b"".join(chunks))
    _git(out, env, "reset", "-q")

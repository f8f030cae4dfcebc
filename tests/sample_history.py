"""The sample registry with six months of history: a git repository replaying Northwind's story.

Why this exists: ``sample_registry/`` is a folder of this repository, whose own history
is the history of the tool's development, not of Northwind's models. The trend, the
report's "open since" and the console's sparkline need a registry with a believable
past, so :func:`build` writes one: a fresh repository whose first-parent history runs
from the import of the inventory on 2026-06-01 to the tidy-up of 2026-11-20, at fixed
dates, and whose last commit holds ``sample_registry/`` byte for byte.

Earlier states are derived from the final files, never written out by hand, so the
story follows the sample when its cards change: each step names what it changed (a
model added, an owner leaving, a release) and how to undo it on the text; then, at
every commit, validations, bias tests, incidents and runbook reviews dated after the
commit are moved back by whole 90-day cycles, as if the previous one were still
recorded. An undo whose text is no longer in the sample stops the build with a clear
message rather than telling another story.

Usage (the README's demo of ``registry trend``)::

    python tests/sample_history.py OUT     # then: registry trend OUT --every week --today 2026-11-24
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from git_support import Repo
from registry_support import SAMPLE

from registry.loader import Document, parse_markdown, parse_yaml

CYCLE = timedelta(days=90)

Files = dict[str, bytes]


class StoryError(Exception):
    """The sample changed under an undo: the story must be updated with it."""


def drop_model(model: str) -> Callable[[Files], None]:
    def undo(files: Files) -> None:
        gone = [rel for rel in files if rel.startswith(f"models/{model}/")]
        if not gone:
            raise StoryError(f"models/{model}/ is not in the sample any more")
        for rel in gone:
            del files[rel]

    return undo


def swap(rel: str, now: str, before: str) -> Callable[[Files], None]:
    """Undo a change that turned ``before`` into ``now`` (which must occur once in ``rel``)."""

    def undo(files: Files) -> None:
        text = files[rel].decode("utf-8")
        if text.count(now) != 1:
            raise StoryError(f"{rel}: expected {now!r} exactly once, found it {text.count(now)} times")
        files[rel] = text.replace(now, before).encode("utf-8")

    return undo


def both(*undos: Callable[[Files], None]) -> Callable[[Files], None]:
    def undo(files: Files) -> None:
        for step in undos:
            step(files)

    return undo


@dataclass(frozen=True, slots=True)
class Step:
    when: str  # the commit's author and committer date
    message: str
    undo: Callable[[Files], None]  # turns the files after this commit into the files before it


def _cut_from(rel: str, marker: str) -> Callable[[Files], None]:
    """Undo an addition at the end of ``rel`` that starts at ``marker``."""

    def undo(files: Files) -> None:
        text = files[rel].decode("utf-8")
        at = text.find(marker)
        if at < 0:
            raise StoryError(f"{rel}: {marker!r} is not there any more")
        files[rel] = (text[:at] + "\n").encode("utf-8")

    return undo


def _cut_between(rel: str, start: str, end: str) -> Callable[[Files], None]:
    """Undo the addition of the lines from ``start`` to ``end`` (both included)."""

    def undo(files: Files) -> None:
        text = files[rel].decode("utf-8")
        first = text.find(start)
        last = text.find(end, first)
        if first < 0 or last < 0:
            raise StoryError(f"{rel}: the block {start!r}...{end!r} is not there any more")
        files[rel] = (text[:first] + text[last + len(end) :]).encode("utf-8")

    return undo


def _nothing(files: Files) -> None:
    return None


CARD = "models/{}/model_card.yaml"
STORY = (
    Step("2026-06-01T09:30:00+01:00", "Import the model inventory from the MRO spreadsheet", _nothing),
    Step(
        "2026-06-15T10:00:00+01:00",
        "Start the code assistant pilot with 120 engineers",
        drop_model("code-assistant"),
    ),
    Step(
        "2026-07-06T14:00:00+01:00",
        "Propose a complaints classifier (owner to be agreed)",
        drop_model("complaints-classifier"),
    ),
    Step(
        "2026-07-22T11:00:00+01:00",
        "AML scorer: record the July revalidation",
        swap(CARD.format("aml-transaction-monitor"), "  date: 2026-07-20", "  date: 2026-04-21"),
    ),
    Step(
        "2026-08-28T17:00:00+01:00",
        "Sam Okafor has left Northwind: mark his record inactive",
        swap("owners/sam-okafor.yaml", "active: false", "active: true"),
    ),
    Step(
        "2026-09-14T09:00:00+01:00",
        "Claims triage 2.4.0 (retrained on 2026 claims); the manual triage desk moved into Claims Hub",
        both(
            swap(CARD.format("claims-triage"), "version: 2.4.0", "version: 2.3.0"),
            swap(
                CARD.format("claims-triage"),
                "fallback:\n",
                "fallback:\n  route: manual triage desk, Claims Operations (Leeds)\n",
            ),
        ),
    ),
    Step(
        "2026-09-28T09:00:00+01:00",
        "Start the cash demand forecaster pilot in 40 branches",
        drop_model("cash-demand-forecaster"),
    ),
    Step(
        "2026-10-05T09:00:00+01:00",
        "Start the claims auto-approval pilot",
        drop_model("claims-auto-approval"),
    ),
    Step(
        "2026-10-26T16:00:00+00:00",
        "Churn predictor: drift jobs went with Sam's workspace; waiver added",
        both(
            swap(
                CARD.format("churn-predictor"),
                "drift: {features: false, predictions: false}",
                "drift: {features: true, predictions: true}",
            ),
            _cut_from(CARD.format("churn-predictor"), "\nwaivers:\n"),
        ),
    ),
    Step(
        "2026-11-02T10:00:00+00:00",
        "Propose the early-arrears collections prioritiser",
        drop_model("collections-prioritiser"),
    ),
    Step(
        "2026-11-13T15:00:00+00:00",
        "Document summariser: log the flood-exclusion incident",
        _cut_between(
            CARD.format("document-summariser"),
            "  # Post-incident review booked",
            "handler nearly paid the claim.\n",
        ),
    ),
    Step("2026-11-20T12:00:00+00:00", "Tidy-up before the Model Risk Committee", _nothing),
)


def sample_files() -> Files:
    return {
        p.relative_to(SAMPLE).as_posix(): p.read_bytes()
        for p in sorted(SAMPLE.rglob("*"))
        if p.is_file() and ".registry" not in p.parts
    }


def structures() -> list[Files]:
    """The files after each story step, oldest first, before events are dated back."""
    files = sample_files()
    out = [dict(files)]
    for step in reversed(STORY[1:]):
        step.undo(files)
        out.append(dict(files))
    out.reverse()
    return out


@dataclass(frozen=True, slots=True)
class Commit:
    when: str
    message: str
    files: Files


def timeline() -> list[Commit]:
    """The story's commits, plus one on each day a validation, bias test, incident or
    runbook review is recorded (the Model Risk Office records them as they happen)."""
    shapes = structures()
    days = [date.fromisoformat(step.when[:10]) for step in STORY]
    events: dict[date, list[tuple[str, str]]] = {}
    for rel, day, what in _events(shapes[-1]):
        while day > days[0]:
            if day not in days and day < days[-1]:
                events.setdefault(day, []).append((rel, f"{what} of {rel.split('/')[1]}"))
            day -= CYCLE
    story = [(d, i, STORY[i].when, STORY[i].message) for i, d in enumerate(days)]
    recorded = [(d, -1, f"{d.isoformat()}T17:30:00+00:00", "") for d in events]
    out: list[Commit] = []
    shape = 0
    for day, index, when, message in sorted(story + recorded):
        shape = index if index >= 0 else shape
        files = _as_of(shapes[shape], day)
        if index < 0:
            changed = {rel for rel, raw in files.items() if out[-1].files.get(rel) != raw}
            done = sorted({what for rel, what in events[day] if rel in changed})
            if not done:
                continue
            message = "Record " + ", ".join(done)
        out.append(Commit(when, message, files))
    return out


def _events(files: Files) -> list[tuple[str, date, str]]:
    """(file, date, what) of every dated event the final files record."""
    out = []
    for rel, raw in files.items():
        for path, when in _dated(rel, raw.decode("utf-8")):
            what = "the runbook review" if rel.endswith(".md") else f"the {str(path[0]).replace('_', ' ')}"
            out.append((rel, when, what.replace("bias tests", "bias test").replace("incidents", "incident")))
    return out


def _dated(rel: str, text: str) -> list[tuple[tuple[str | int, ...], date]]:
    """The event dates in a card (validation, bias tests, incidents) or a runbook (review)."""
    if rel.endswith("/model_card.yaml"):
        doc = parse_yaml(text, rel)
        card = doc.data if isinstance(doc.data, dict) else {}
        paths: list[tuple[str | int, ...]] = [("validation", "date")]
        for key in ("bias_tests", "incidents"):
            items = card.get(key)
            paths += [(key, i, "date") for i in range(len(items))] if isinstance(items, list) else []
        values = [(p, _value(doc, p)) for p in paths]
    elif rel.endswith("/runbook.md"):
        front = parse_markdown(text, rel).front
        values = [(("last_reviewed",), _value(front, ("last_reviewed",)))] if front is not None else []
    else:
        return []
    return [(p, v) for p, v in values if v is not None]


def _value(doc: Document, path: tuple[str | int, ...]) -> date | None:
    node: object = doc.data
    for step in path:
        inside = isinstance(node, list) and isinstance(step, int) and step < len(node)
        if not (inside or (isinstance(node, dict) and step in node)):
            return None
        node = node[step]  # type: ignore[index]
    try:
        return date.fromisoformat(str(node)) if node is not None else None
    except ValueError:
        return None


def _as_of(files: Files, day: date) -> Files:
    """Move events recorded after ``day`` back by 90-day cycles: the previous one was in force."""
    out = dict(files)
    for rel, raw in files.items():
        text = raw.decode("utf-8")
        late = [p for p, when in _dated(rel, text) if when > day]
        if not late:
            continue
        doc = parse_yaml(text, rel) if rel.endswith(".yaml") else parse_markdown(text, rel).front
        assert doc is not None
        out[rel] = _shift(text, [doc.value_pos(p) for p in late], day).encode("utf-8")
    return out


def _shift(text: str, spots: list[tuple[int, int]], day: date) -> str:
    lines = text.split("\n")
    for line, column in spots:
        row = lines[line - 1]
        start = column - 1 + (1 if row[column - 1 : column] in ("'", '"') else 0)
        try:
            when = date.fromisoformat(row[start : start + 10])
        except ValueError:
            continue
        while when > day:
            when -= CYCLE
        lines[line - 1] = row[:start] + when.isoformat() + row[start + 10 :]
    return "\n".join(lines)


def build(out: Path, folder: str = "") -> Path:
    """Write the repository at ``out`` (the registry in ``out/folder``); returns the registry root."""
    out.mkdir(parents=True, exist_ok=True)
    root = out / folder if folder else out
    repo = Repo(out, who=("Northwind Model Risk Office", "mro@northwind.example"), isolated=True)
    previous: Files = {}
    for commit in timeline():
        for rel in set(previous) - set(commit.files):
            (root / rel).unlink()
        for rel, raw in commit.files.items():
            if previous.get(rel) != raw:
                target = root / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(raw)
        repo.commit(commit.message, commit.when)
        previous = commit.files
    return root


if __name__ == "__main__":  # pragma: no cover - a demo helper
    if len(sys.argv) != 2 or Path(sys.argv[1]).exists():
        sys.exit("usage: python tests/sample_history.py OUT   (OUT must not exist)")
    print(build(Path(sys.argv[1])))

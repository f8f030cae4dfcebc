"""The hostile corpus: broken and malicious registry files, and where to put them.

A *case* is one class of bad input: text (``corpus/*.yaml``, expectations in their
header comments), bytes generated here (encodings, bombs, sizes) or a special file
(links, FIFOs, sockets, folders). A *slot* is where the case is placed: a model card,
an owner file, a runbook (its front matter) or ``registry.yaml``. Every case is tried in
every slot it makes sense for, so the tests cover classes of input in every file the
tool reads, not a list of individual files.

Special files, binary files and the 50 MB card are made at test time: git cannot hold
FIFOs or sockets, and nobody wants 50 MB in the repository.
"""

from __future__ import annotations

import json
import os
import re
import socket
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

CORPUS_DIR = Path(__file__).with_name("corpus")
#: Written outside the registry; it must never appear in any output.
SECRET = "SECRET-7f3a9c-outside-the-registry"
#: What a Python-tag payload would create if it were ever executed.
MARKER_NAME = "HOSTILE-MARKER"
SLOTS = ("card", "owner", "runbook", "settings")
#: Cases that stress the loader's limits and take the longest to parse; suites that test
#: what happens after loading (git, the console) leave them to the loader's own tests.
HEAVY = frozenset(
    {"long-line", "at-size-limit", "many-keys", "quadratic-aliases", "deep-flow-mappings", "fifty-megabytes"}
)
MIB = 1024 * 1024


@dataclass(frozen=True)
class Expect:
    """What the audit must report for a case in one slot.

    ``rule`` None means the file parses (no SCH002) and is judged on its content.
    ``line``/``column`` are positions in the case's own text; the runbook slot shifts
    them by the front-matter fence the case is wrapped in.
    """

    rule: str | None
    line: int | None = None
    column: int | None = None
    message: str = ""
    #: The finding is on the card that names the file, at this key (a runbook link is
    #: refused before it is opened), not in the file itself.
    card_key: str | None = None


@dataclass(frozen=True)
class Env:
    """Where a case may point: a folder outside the registry and the marker's path."""

    outside: Path
    marker: Path
    big_file: Path | None = None


Maker = Callable[[Path, Env], None]


@dataclass(frozen=True)
class Case:
    name: str
    make: Maker
    expect: Expect
    slots: tuple[str, ...] = SLOTS
    #: Expectation in the runbook slot when it differs (e.g. an empty front matter is
    #: SCH001 "must be a mapping", not SCH002).
    runbook: Expect | None = None
    #: Content cases are wrapped in front matter for the runbook slot; special files
    #: (links, FIFOs) replace the runbook file itself.
    content: bytes | None = None
    tags: frozenset[str] = field(default_factory=frozenset)

    def expect_in(self, slot: str) -> Expect:
        if slot == "runbook" and self.runbook is not None:
            return self.runbook
        return self.expect


# --------------------------------------------------------------------------- makers


def _bytes_maker(data: bytes) -> Maker:
    def make(path: Path, env: Env) -> None:
        path.write_bytes(data.replace(b"{marker}", os.fsencode(env.marker)))

    return make


def _content_case(name: str, data: bytes, expect: Expect, **kw: object) -> Case:
    return Case(name, _bytes_maker(data), expect, content=data, **kw)  # type: ignore[arg-type]


def _symlink_to(target: Callable[[Path, Env], str]) -> Maker:
    def make(path: Path, env: Env) -> None:
        os.symlink(target(path, env), path)

    return make


def _secret_file(env: Env) -> Path:
    secret = env.outside / "secret.yaml"
    if not secret.exists():
        secret.write_text(f"id: secret\nname: {SECRET}\nkind: team\nemail: {SECRET}@example.com\n")
    return secret


def _link_outside(path: Path, env: Env) -> str:
    return str(_secret_file(env))


def _link_outside_relative(path: Path, env: Env) -> str:
    return os.path.relpath(_secret_file(env), path.parent)


def _make_fifo(path: Path, env: Env) -> None:
    os.mkfifo(path)


def _make_folder(path: Path, env: Env) -> None:
    path.mkdir()
    (path / "inner.yaml").write_text("id: inner\n")


def _make_socket(path: Path, env: Env) -> None:
    # AF_UNIX paths are limited to ~108 bytes: bind a short relative name from inside the folder.
    here = os.getcwd()
    os.chdir(path.parent)
    try:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.bind(path.name)
        finally:
            sock.close()
    finally:
        os.chdir(here)


def _make_loop(path: Path, env: Env) -> None:
    os.symlink(path.name, path)


def _make_loop_pair(path: Path, env: Env) -> None:
    other = path.with_name(path.name + ".other")
    os.symlink(other.name, path)
    os.symlink(path.name, other)


def _make_inside_link(path: Path, env: Env) -> None:
    # A link to a regular file that stays inside the registry is followed like the file.
    root = path.parent
    while not (root / "registry.yaml").exists() and root != root.parent:
        root = root.parent
    shared = root / "shared"
    shared.mkdir(exist_ok=True)
    target = shared / f"{path.parent.name}-{path.name}"
    target.write_text("id: inside-link\nname: Linked inside the registry\n")
    os.symlink(os.path.relpath(target, path.parent), path)


def _make_big(path: Path, env: Env) -> None:
    assert env.big_file is not None, "the 50 MB file is made once per module"
    os.link(env.big_file, path)


def make_big_file(folder: Path) -> Path:
    """A 50 MB card: valid-looking YAML, far over the size limit."""
    path = folder / "fifty-megabytes.yaml"
    line = b"- " + b"x" * 1021 + b"\n"
    with path.open("wb") as handle:
        handle.write(b"id: fifty-megabytes\nlimitations:\n")
        chunk = line * 1024
        for _ in range(50):
            handle.write(chunk)
    return path


# --------------------------------------------------------------------------- corpus files

_HEADER = re.compile(r"^# (expect|runbook|slots): ?(.*)$")
_EXPECT = re.compile(r"^(?P<rule>SCH00[0-9]|parses)(?: (?P<line>\d+):(?P<column>\d+))?(?: (?P<message>.*))?$")


def _parse_expect(text: str) -> Expect:
    match = _EXPECT.match(text.strip())
    if match is None:
        raise ValueError(f"bad expectation {text!r}")
    rule = match["rule"]
    return Expect(
        rule=None if rule == "parses" else rule,
        line=int(match["line"]) if match["line"] else None,
        column=int(match["column"]) if match["column"] else None,
        message=(match["message"] or "").strip(),
    )


def corpus_file_cases() -> list[Case]:
    """Cases from ``corpus/*.yaml``; the first comment lines say what to expect."""
    cases = []
    for path in sorted(CORPUS_DIR.glob("*.yaml")):
        data = path.read_bytes()
        expect: Expect | None = None
        runbook: Expect | None = None
        slots: tuple[str, ...] = SLOTS
        for line in data.decode("utf-8").splitlines():
            header = _HEADER.match(line)
            if header is None:
                break
            key, value = header.groups()
            if key == "expect":
                expect = _parse_expect(value)
            elif key == "runbook":
                runbook = _parse_expect(value)
            else:
                slots = tuple(value.split())
        if expect is None:
            raise ValueError(f"{path.name} has no '# expect:' line")
        cases.append(_content_case(path.stem, data, expect, runbook=runbook, slots=slots))
    return cases


# --------------------------------------------------------------------------- generated cases


def _billion_laughs(levels: int = 9, width: int = 9) -> bytes:
    lines = ["lol0: &lol0 " + '"lol"']
    for i in range(1, levels + 1):
        refs = ", ".join([f"*lol{i - 1}"] * width)
        lines.append(f"lol{i}: &lol{i} [{refs}]")
    return ("\n".join(lines) + "\n").encode()


def _quadratic() -> bytes:
    items = ", ".join(["x"] * 1000)
    refs = ", ".join(["*wide"] * 1000)
    return f"wide: &wide [{items}]\nlimitations: [{refs}]\n".encode()


def _deep_block(depth: int) -> bytes:
    return "".join(f"{'  ' * i}k{i}:\n" for i in range(depth)).encode() + b"  " * depth + b"leaf\n"


def generated_cases() -> list[Case]:
    """Byte-level cases: encodings, control characters, bombs, sizes."""
    valid = b"id: generated\nname: Generated\n"
    e = Expect
    cases = [
        _content_case(
            "empty-file", b"", e("SCH002", 1, 1, "empty"), runbook=e("SCH001", 1, 1, "front matter")
        ),
        _content_case(
            "whitespace-only",
            b"  \n\n   \n",
            e("SCH002", 1, 1, "empty"),
            runbook=e("SCH001", 1, 1, "front matter"),
        ),
        _content_case("bom-valid", b"\xef\xbb\xbf" + valid, e(None)),
        _content_case(
            "bom-duplicate-key",
            b"\xef\xbb\xbfid: x\nname: a\nname: b\n",
            e("SCH002", 3, 1, "duplicate key 'name'"),
        ),
        _content_case("utf16-text", "id: utf16\n".encode("utf-16"), e("SCH002", 1, 4, "not UTF-8")),
        _content_case(
            "invalid-utf8", b"id: invalid-utf8\nname: caf\xe9 au lait\n", e("SCH002", 2, 10, "UTF-8")
        ),
        _content_case("invalid-utf8-overlong", b"name: \xc0\xaf\n", e("SCH002", 1, 7, "UTF-8")),
        _content_case("utf8-encoded-surrogate", b"name: \xed\xa0\x80\n", e("SCH002", 1, 7, "UTF-8")),
        _content_case(
            "binary-elf",
            b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(range(256)) * 4,
            e("SCH002", 1, 8, "binary"),
        ),
        _content_case(
            "binary-png",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
            e("SCH002", 3, 1, "binary"),
        ),
        _content_case("nul-byte", b"id: nul-byte\nname: a\x00b\n", e("SCH002", 2, 8, "binary")),
        _content_case("raw-escape-byte", b"id: raw\nname: a\x1b[2Jb\n", e("SCH002", 2, 8, "U+001B")),
        _content_case("raw-bell-byte", b"name: ding\x07\n", e("SCH002", 1, 11, "U+0007")),
        _content_case("raw-c1-control", "name: a\u009b31mb\n".encode(), e("SCH002", 1, 8, "U+009B")),
        # libyaml ends a line at these, YAML 1.2 and editors do not: positions would drift
        _content_case("nel-line-break", "id: nel\nname: a\u0085b: c\n".encode(), e("SCH002", 2, 8, "U+0085")),
        _content_case(
            "line-separator", "id: ls\nname: a\u2028owner: x\n".encode(), e("SCH002", 2, 8, "U+2028")
        ),
        _content_case("paragraph-separator", "name: \u2029\n".encode(), e("SCH002", 1, 7, "U+2029")),
        _content_case(
            "crlf-line-endings",
            b"id: crlf\r\nname: a\r\nname: b\r\n",
            e("SCH002", 3, 1, "duplicate key"),
        ),
        _content_case("cr-only-line-endings", b"id: cr\rname: Old Mac\r", e(None)),
        _content_case("billion-laughs", _billion_laughs(), e("SCH002", message="20,000")),
        _content_case("quadratic-aliases", _quadratic(), e("SCH002", message="20,000")),
        _content_case(
            "many-keys", b"".join(b"k%d: v\n" % i for i in range(20_001)), e("SCH002", message="20,000")
        ),
        _content_case(
            "deep-flow-nesting",
            b"limitations: " + b"[" * 10_000 + b"]" * 10_000 + b"\n",
            e("SCH002", 1, None, "nest"),
        ),
        _content_case(
            "deep-flow-mappings",
            b"validation: " + b"{a: " * 2_000 + b"x" + b"}" * 2_000 + b"\n",
            e("SCH002", 1, None, "nest"),
        ),
        _content_case("deep-block-nesting", _deep_block(200), e("SCH002", None, None, "deeper than 64")),
        _content_case("nesting-at-limit", _deep_block(60), e(None)),
        _content_case("long-line", b"id: long-line\nname: " + b"x" * 900_000 + b"\n", e(None)),
        _content_case("long-key", b"k" * 2_000 + b": value\n", e("SCH002", 1, None, "invalid YAML")),
        _content_case(
            "huge-integer", b"id: huge\nversion: " + b"9" * 5_000 + b"\n", e("SCH002", 2, 10, "64 digits")
        ),
        _content_case(
            "huge-negative-integer", b"version: -" + b"7" * 5_000 + b"\n", e("SCH002", 1, 10, "64 digits")
        ),
        _content_case(
            "huge-hex-integer", b"version: 0x" + b"f" * 5_000 + b"\n", e("SCH002", 1, 10, "64 digits")
        ),
        _content_case("huge-float", b"version: 1." + b"0" * 5_000 + b"\n", e("SCH002", 1, 10, "too long")),
        _content_case("huge-integer-key", b"9" * 5_000 + b": value\n", e("SCH002", 1, None, "invalid YAML")),
        _content_case(
            "over-size-limit",
            b"id: over\n" + b"#" * (MIB - 9) + b"\n",  # one byte over
            e("SCH002", 1, 1, "limit"),
            runbook=e("SCH002", 1, 1, "limit"),
        ),
        _content_case(
            "at-size-limit",
            b"id: at-limit\n" + b"#" * (MIB - 14) + b"\n",  # exactly the limit
            e(None),
            slots=("card", "owner", "settings"),
        ),
        Case("fifty-megabytes", _make_big, e("SCH002", 1, 1, "limit"), tags=frozenset({"big"})),
    ]
    return cases


def file_cases() -> list[Case]:
    """Special files where a regular file should be."""
    e = Expect
    link = e("SCH002", message="is a symbolic link", card_key="runbook")
    cases = [
        Case("symlink-outside", _symlink_to(_link_outside), e("SCH002", 1, 1, "outside the registry")),
        Case(
            "symlink-outside-relative",
            _symlink_to(_link_outside_relative),
            e("SCH002", 1, 1, "outside the registry"),
        ),
        Case("symlink-loop", _make_loop, e("SCH002", 1, 1, "loop")),
        Case("symlink-loop-pair", _make_loop_pair, e("SCH002", 1, 1, "loop")),
        Case("symlink-dangling", _symlink_to(lambda p, env: "does-not-exist.yaml"), e("SCH002", 1, 1)),
        Case("symlink-dev-zero", _symlink_to(lambda p, env: "/dev/zero"), e("SCH002", 1, 1)),
        Case("symlink-dev-urandom", _symlink_to(lambda p, env: "/dev/urandom"), e("SCH002", 1, 1)),
        Case("symlink-dev-stdin", _symlink_to(lambda p, env: "/dev/stdin"), e("SCH002", 1, 1)),
        Case("symlink-proc-environ", _symlink_to(lambda p, env: "/proc/self/environ"), e("SCH002", 1, 1)),
        Case(
            "symlink-to-own-folder", _symlink_to(lambda p, env: "."), e("SCH002", 1, 1, "not a regular file")
        ),
        Case("symlink-inside", _make_inside_link, e(None), slots=("card", "owner")),
        Case("fifo", _make_fifo, e("SCH002", 1, 1, "FIFO")),
        Case("socket", _make_socket, e("SCH002", 1, 1, "socket")),
        Case("folder-instead-of-file", _make_folder, e("SCH002", 1, 1, "folder")),
    ]
    # A runbook path is checked for links before the runbook is opened.
    return [replace(c, runbook=link) if c.name.startswith("symlink-") else c for c in cases]


def all_cases() -> list[Case]:
    cases = [*corpus_file_cases(), *generated_cases(), *file_cases()]
    names = [c.name for c in cases]
    assert len(names) == len(set(names)), "case names must be unique"
    return cases


# --------------------------------------------------------------------------- registries

OWNER = {"id": "team-a", "kind": "team", "name": "Team A", "email": "team-a@example.com", "lead": "ana"}
VALIDATORS = {
    "id": "validators",
    "kind": "team",
    "name": "Validators",
    "email": "v@example.com",
    "lead": "vic",
}
SETTINGS = {"registry": 1, "name": "Hostile corpus"}

#: A card next to every bad file: it must get exactly the findings it gets on its own.
WITNESS = {
    "id": "witness",
    "name": "Witness",
    "version": "1.0.0",
    "kind": "predictive",
    "stage": "production",
    "risk_tier": "high",
    "owner": "team-a",
    "purpose": "Sits next to every hostile file and must still be audited.",
    "limitations": ["none known"],
    "validation": {
        "date": "2026-01-10",
        "validator": "validators",
        "model_version": "0.9.0",
        "result": "pass",
    },
    "metrics": {"model": [{"name": "auc", "value": 0.9}]},
    "runbook": "runbook.md",
}
WITNESS_RUNBOOK = (
    "---\nmodel: witness\nowner: team-a\nlast_reviewed: 2026-10-01\n---\n\n## Fallback\n\nManual.\n"
)

#: The card used in the runbook slot: everything valid, so only the runbook can be wrong.
RUNBOOK_HOST = {
    "name": "Runbook host",
    "version": "1.0.0",
    "kind": "predictive",
    "stage": "pilot",
    "risk_tier": "low",
    "owner": "team-a",
    "purpose": "Carries a hostile runbook.",
    "limitations": ["none"],
    "runbook": "runbook.md",
}


def dump(data: object) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def write_base(root: Path, *, settings: object = SETTINGS) -> Path:
    """A registry with two owners and the witness card."""
    (root / "owners").mkdir(parents=True, exist_ok=True)
    (root / "models" / "witness").mkdir(parents=True, exist_ok=True)
    (root / "registry.yaml").write_text(dump(settings))
    (root / "owners" / "team-a.yaml").write_text(dump(OWNER))
    (root / "owners" / "validators.yaml").write_text(dump(VALIDATORS))
    (root / "models" / "witness" / "model_card.yaml").write_text(dump(WITNESS))
    (root / "models" / "witness" / "runbook.md").write_text(WITNESS_RUNBOOK)
    return root


def runbook_wrapped(content: bytes) -> bytes:
    """A case's text as a runbook's front matter (one fence line before it)."""
    body = content if content.endswith(b"\n") or not content else content + b"\n"
    return b"---\n" + body + b"---\n\n## Fallback\n\n## Rollback\n\n## Escalation\n"


def card_folder(case: Case) -> str:
    return case.name


def runbook_folder(case: Case) -> str:
    return f"rb-{case.name}"


def owner_file(case: Case) -> str:
    return f"owners/{case.name}.yaml"


def place(root: Path, case: Case, slot: str, env: Env) -> str:
    """Put ``case`` into ``slot`` of the registry at ``root``; returns the file's path."""
    if slot == "card":
        folder = root / "models" / card_folder(case)
        folder.mkdir(parents=True)
        case.make(folder / "model_card.yaml", env)
        return f"models/{folder.name}/model_card.yaml"
    if slot == "owner":
        case.make(root / owner_file(case), env)
        return owner_file(case)
    if slot == "runbook":
        name = runbook_folder(case)
        folder = root / "models" / name
        folder.mkdir(parents=True)
        (folder / "model_card.yaml").write_text(dump({"id": name, **RUNBOOK_HOST}))
        if case.content is not None:
            wrapped = replace(case, make=_bytes_maker(runbook_wrapped(case.content)))
            wrapped.make(folder / "runbook.md", env)
        else:
            case.make(folder / "runbook.md", env)
        return f"models/{name}/runbook.md"
    if slot == "settings":
        (root / "registry.yaml").unlink()
        case.make(root / "registry.yaml", env)
        return "registry.yaml"
    raise ValueError(slot)


def expected_position(case: Case, slot: str) -> tuple[int | None, int | None]:
    """Where the finding points, in the slot's file.

    A case's own positions shift by the fence line when it is wrapped as front matter;
    a runbook override already gives positions in the runbook file.
    """
    expect = case.expect_in(slot)
    line, column = expect.line, expect.column
    if slot == "runbook" and case.runbook is None and case.content is not None and line is not None:
        line += 1
    return line, column


def hostile_registry(
    root: Path, env: Env, cases: list[Case], skip: Callable[[Case, str], bool] | None = None
) -> Path:
    """One registry holding every case in the card, owner and runbook slots, plus the witness."""
    write_base(root)
    for case in cases:
        for slot in ("card", "owner", "runbook"):
            if slot in case.slots and not (skip and skip(case, slot)):
                place(root, case, slot, env)
    return root


# --------------------------------------------------------------------------- terminal payloads

MARKUP = "[bold red]MARKUP[/]"
CLICK = "[@click=app.quit]CLICK[/]"
PAYLOAD = (
    f"{MARKUP} {CLICK} \x1b[2J\x1b[H CLEAR \x1b]0;TITLE\x07 \x1b]52;c;Y2xpcGJvYXJk\x07 CLIP "
    "\x9b6n C1 \u202eRTL\u202c \u2066ISO\u2069 \x1b[5;7mBLINK\x1b[0m \x08\x7f end"
)
#: Terminal-active pieces of the payload: none of them may reach the output as is.
ACTIVE = ["\x1b[2J", "\x1b]0;", "\x1b]52;", "\x9b", "\u202e", "\u2066", "\x1b[5;7m", "\x07", "\x08", "\x7f"]
#: Characters usable in a file or folder name (no "/" and no NUL).
NAME_PAYLOAD = "m-\x1b[2J\x1b]0;T\x07\x9b\u202e[b]x[@click=app.quit]"


def _card(model_id: str, owner: str) -> dict[str, Any]:
    p = PAYLOAD
    return {
        "id": model_id,
        "name": p,
        "version": p,
        "kind": p,  # enum: SCH001 echoes the value
        "stage": "production",
        "risk_tier": "high",
        "owner": owner,
        "backup_owner": p,  # OWN002 echoes the id
        "sponsor": p,
        "purpose": p,
        "intended_use": p,
        "out_of_scope": p,
        "limitations": [p],
        "training_data": {"sources": [p], "contains_pii": True, "privacy_review": {"date": p, "reviewer": p}},
        "deployment": {"infrastructure": p, "provider": p},
        "metrics": {
            "model": [{"name": p, "value": 1}],
            "business": [{"name": p, "unit": p, "value": 1}],
            "guardrails": [{"name": p, "max": 1}],
        },
        "validation": {
            "date": "2026-10-01",
            "validator": p,
            "model_version": "other",
            "result": p,
            "evidence": p,
        },
        "bias_tests": [
            {"date": "2026-10-01", "method": p, "attributes": [p], "result": "fail", "evidence": p}
        ],
        "monitoring": {"drift": {"features": True}, "alerts": [p], "dashboard": p},
        "fallback": {"route": p},
        "human_oversight": p,
        "runbook": "runbook.md",
        "incidents": [{"date": "2026-02-03", "severity": p, "summary": p}],
        "waivers": [{"rule": p, "reason": p, "approved_by": p, "expires": "2020-01-01"}],
        f"x-{p}": p,  # a custom key, allowed
        p: p,  # an unknown key: SCH001 echoes it
    }


def build_poisoned(root: Path) -> Path:
    """The registry above; returns its root."""
    (root / "owners").mkdir(parents=True)
    settings = {
        "registry": 1,
        "name": PAYLOAD,
        "policy": {"runbook_sections": [f"{PAYLOAD} section", "Fallback"]},  # DOC003 quotes it
    }
    (root / "registry.yaml").write_text(dump(settings))
    owner = {
        "id": "poison-team",
        "kind": "team",
        "name": PAYLOAD,
        "email": PAYLOAD,
        "lead": PAYLOAD,
        "members": [PAYLOAD],
        "escalation": PAYLOAD,
        "active": False,  # OWN003 names the record
    }
    (root / "owners" / "poison-team.yaml").write_text(dump(owner))
    (root / "owners" / f"{NAME_PAYLOAD}.yaml").write_text(dump({**owner, "id": PAYLOAD}))
    runbook = (
        f"---\nmodel: {json.dumps(PAYLOAD)}\nowner: {json.dumps(PAYLOAD)}\nlast_reviewed: 2026-10-01\n---\n\n"
        f"# {PAYLOAD}\n\n## {PAYLOAD}\n\n{PAYLOAD}\n"
    )
    for folder, model_id in (("poisoned", "poisoned"), (NAME_PAYLOAD, PAYLOAD)):
        path = root / "models" / folder
        path.mkdir(parents=True)
        (path / "model_card.yaml").write_text(dump(_card(model_id, "poison-team")))
        (path / "runbook.md").write_text(runbook)
    # A broken card whose parse error echoes a key with the payload.
    broken = root / "models" / "poisoned-broken"
    broken.mkdir()
    (broken / "model_card.yaml").write_text(f"{json.dumps(PAYLOAD)}: 1\n{json.dumps(PAYLOAD)}: 2\n")
    return root

"""The editor side of ``init`` and ``new``, with the real yaml-language-server.

The language server (the one VS Code's YAML extension runs) is installed from the npm
registry into the test's temporary folder with the machine's Node.js, then driven over
the Language Server Protocol: it must find the schema through the modeline ``new``
writes, accept the fresh card and flag a wrong stage with the allowed values.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from registry.cli import main

pytestmark = pytest.mark.slow
SERVER_VERSION = "1.25.0"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """yaml-language-server's entry point, installed with npm (a missing npm fails the test)."""
    npm = shutil.which("npm")
    assert npm is not None and shutil.which("node") is not None, "Node.js and npm are needed for this test"
    prefix = tmp_path_factory.mktemp("yaml-language-server")
    done = subprocess.run(
        [npm, "install", "--no-audit", "--no-fund", "--silent", f"yaml-language-server@{SERVER_VERSION}"],
        cwd=prefix,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    entry = prefix / "node_modules/yaml-language-server/bin/yaml-language-server"
    assert entry.is_file()
    return entry


class Client:
    """A minimal LSP client over stdio: enough to open documents and read diagnostics."""

    def __init__(self, entry: Path, root: Path) -> None:
        self.proc = subprocess.Popen(
            [shutil.which("node") or "node", str(entry), "--stdio"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.inbox: queue.Queue[dict[str, Any]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.request(
            1, "initialize", {"processId": os.getpid(), "rootUri": root.as_uri(), "capabilities": {}}
        )
        self.notify("initialized", {})

    def _read(self) -> None:
        stream = self.proc.stdout
        assert stream is not None
        while True:
            length = 0
            while (line := stream.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if not line:
                return
            self.inbox.put(json.loads(stream.read(length)))

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self._send({"method": method, "params": params})

    def request(self, ident: int, method: str, params: dict[str, Any]) -> dict[str, Any]:
        self._send({"id": ident, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == ident and "method" not in m)

    def wait(self, wanted: Any, timeout: float = 60) -> dict[str, Any]:
        while True:
            message = self.inbox.get(timeout=timeout)  # queue.Empty fails the test: no hang
            if "id" in message and "method" in message:  # the server asks the client something
                self._send({"id": message["id"], "result": None})
            elif wanted(message):
                return message

    def diagnostics(self, path: Path, version: int) -> list[dict[str, Any]]:
        uri = path.as_uri()
        item = {
            "uri": uri,
            "languageId": "yaml",
            "version": version,
            "text": path.read_text(encoding="utf-8"),
        }
        self.notify("textDocument/didOpen", {"textDocument": item})
        found = self.wait(
            lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri
        )
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        diagnostics: list[dict[str, Any]] = found["params"]["diagnostics"]
        return diagnostics

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait(timeout=10)


@pytest.fixture
def client(server: Path, tmp_path: Path) -> Iterator[tuple[Client, Path]]:
    root = tmp_path / "reg"
    assert main(["init", str(root)]) == 0
    (root / "owners/risk.yaml").write_text("id: risk\nkind: team\nname: Risk ML\nemail: risk@example.com\n")
    assert main(["new", "scorer", "--owner", "risk", "--registry", str(root)]) == 0
    lsp = Client(server, root)
    yield lsp, root
    lsp.close()


def test_the_language_server_validates_cards_with_the_schema_the_modeline_names(
    client: tuple[Client, Path],
) -> None:
    lsp, root = client
    card = root / "models/scorer/model_card.yaml"
    assert lsp.diagnostics(card, 1) == []  # the template is valid as written
    assert lsp.diagnostics(root / "registry.yaml", 1) == []
    card.write_text(
        card.read_text(encoding="utf-8").replace("stage: proposed", "stage: prod"), encoding="utf-8"
    )
    [problem] = lsp.diagnostics(card, 2)
    lines = card.read_text(encoding="utf-8").splitlines()
    assert problem["range"]["start"]["line"] == next(
        i for i, ln in enumerate(lines) if ln.startswith("stage:")
    )
    assert '"production"' in problem["message"]
    assert problem["data"]["schemaUri"] == [(root / ".registry-schemas/card.schema.json").as_uri()]

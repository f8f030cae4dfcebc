"""A real headless Chromium for the tests, driven over the DevTools protocol on loopback.

Why a real browser: the HTML report's promises (it loads nothing, raises no console
error, lays out and prints) are only worth what a browser says about them. Debian's
``chromium`` is installed by :func:`chromium_binary` when missing (``apt-get update``
once, then ``apt-get install -y chromium``, as CI runs as root); a machine where that
fails fails the test: it never skips.

:class:`Browser` starts Chromium with the DevTools server on 127.0.0.1 (an ephemeral
port), talks to one page through a WebSocket (``websocket-client``), records every
network request, console message, log entry and exception while a page loads, and
takes screenshots and PDFs. It is stopped (and its profile removed) on exit.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--hide-scrollbars",
    "--remote-debugging-address=127.0.0.1",
    "--remote-debugging-port=0",
)
_LISTENING = re.compile(r"DevTools listening on (ws://127\.0\.0\.1:(\d+)/\S+)")
_LOCK = Path(tempfile.gettempdir()) / "registry-tests-chromium.lock"


def chromium_binary() -> str:
    """Debian's Chromium, installed first when missing (xdist workers take turns)."""
    found = shutil.which("chromium")
    if found:
        return found
    with open(_LOCK, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        found = shutil.which("chromium")
        if found:
            return found
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        for args in (["apt-get", "update", "-q"], ["apt-get", "install", "-y", "-q", "chromium"]):
            done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=900, check=False)
            if done.returncode != 0:
                raise RuntimeError(f"{' '.join(args)} failed: {done.stderr.strip()[-800:]}")
    found = shutil.which("chromium")
    if not found:
        raise RuntimeError("apt-get installed chromium but there is no `chromium` on PATH")
    return found


@dataclass(slots=True)
class PageLoad:
    """What happened while a page loaded."""

    requests: list[str] = field(default_factory=list)  # every URL the page asked for
    console: list[dict[str, Any]] = field(default_factory=list)  # console messages
    log: list[dict[str, Any]] = field(default_factory=list)  # browser log entries (CSP, network)
    exceptions: list[dict[str, Any]] = field(default_factory=list)
    failed: list[dict[str, Any]] = field(default_factory=list)  # loadingFailed events

    def errors(self) -> list[str]:
        out = [
            f"console {c.get('type')}: {c.get('args')}"
            for c in self.console
            if c.get("type") in ("error", "assert")
        ]
        out += [f"log {e.get('level')}: {e.get('text')}" for e in self.log if e.get("level") == "error"]
        out += [f"exception: {e.get('exceptionDetails', {}).get('text')}" for e in self.exceptions]
        out += [f"failed: {f.get('errorText')}" for f in self.failed]
        return out


class Browser:
    """One headless Chromium with one page, over the DevTools protocol."""

    def __init__(self, binary: str, timeout: float = 60.0) -> None:
        import websocket

        self.profile = tempfile.mkdtemp(prefix="registry-chromium-")
        self.timeout = timeout
        self.proc = subprocess.Popen(
            [binary, *FLAGS, f"--user-data-dir={self.profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        port = self._port()
        pages = self._json(f"http://127.0.0.1:{port}/json/list")
        page = next(p for p in pages if p.get("type") == "page")
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=timeout)
        self._next = 0
        for domain in ("Page", "Network", "Runtime", "Log"):
            self.call(f"{domain}.enable")

    def _port(self) -> int:
        assert self.proc.stderr is not None
        deadline = time.monotonic() + self.timeout
        seen = []
        while time.monotonic() < deadline:
            line = self.proc.stderr.readline()
            if not line and self.proc.poll() is not None:
                break
            seen.append(line)
            match = _LISTENING.search(line)
            if match:  # keep draining stderr, or a chatty Chromium blocks on a full pipe
                threading.Thread(target=self._drain, daemon=True).start()
                return int(match.group(2))
        self.close()
        raise RuntimeError("Chromium did not start its DevTools server:\n" + "".join(seen[-20:]))

    def _drain(self) -> None:
        stream = self.proc.stderr
        while stream is not None and not stream.closed:
            try:
                if not stream.readline():
                    return
            except (OSError, ValueError):
                return

    def _json(self, url: str) -> Any:
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                with urllib.request.urlopen(url, timeout=5) as answer:  # loopback only
                    return json.load(answer)
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def call(self, method: str, events: list[dict[str, Any]] | None = None, **params: Any) -> dict[str, Any]:
        """Send one command; events that arrive before its answer go to ``events``."""
        self._next += 1
        ident = self._next
        self.ws.send(json.dumps({"id": ident, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == ident:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result
            if events is not None and "method" in message:
                events.append(message)

    def load(self, url: str, settle: float = 0.5) -> PageLoad:
        """Navigate to ``url`` and record everything until the load event (and ``settle`` after)."""
        events: list[dict[str, Any]] = []
        self.call("Page.navigate", events, url=url)
        deadline = time.monotonic() + self.timeout
        loaded_at: float | None = None
        while time.monotonic() < deadline:
            if loaded_at is not None and time.monotonic() - loaded_at > settle:
                break
            self.ws.settimeout(0.2)
            try:
                message = json.loads(self.ws.recv())
            except Exception:  # a receive timeout: nothing new yet
                continue
            finally:
                self.ws.settimeout(self.timeout)
            events.append(message)
            if message.get("method") == "Page.loadEventFired":
                loaded_at = time.monotonic()
        if loaded_at is None:
            raise RuntimeError(f"{url} did not finish loading in {self.timeout} s")
        record = PageLoad()
        for event in events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Network.requestWillBeSent":
                record.requests.append(params["request"]["url"])
            elif method == "Runtime.consoleAPICalled":
                record.console.append(params)
            elif method == "Log.entryAdded":
                record.log.append(params["entry"])
            elif method == "Runtime.exceptionThrown":
                record.exceptions.append(params)
            elif method == "Network.loadingFailed":
                record.failed.append(params)
        return record

    def evaluate(self, expression: str) -> Any:
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result.get("result", {}).get("value")

    def screenshot(self, path: Path, width: int = 1200, clip_height: int | None = None) -> Path:
        """The whole page (or its top ``clip_height`` pixels) as a PNG at ``path``."""
        self.call(
            "Emulation.setDeviceMetricsOverride", width=width, height=900, deviceScaleFactor=1, mobile=False
        )
        height = int(self.evaluate("document.documentElement.scrollHeight"))
        clip = {"x": 0, "y": 0, "width": width, "height": min(height, clip_height or height), "scale": 1}
        shot = self.call("Page.captureScreenshot", format="png", clip=clip, captureBeyondViewport=True)
        path.write_bytes(base64.b64decode(shot["data"]))
        return path

    def pdf(self, path: Path) -> Path:
        """The page printed on A4 with its own @page rules, as a PDF at ``path``."""
        printed = self.call("Page.printToPDF", preferCSSPageSize=True, printBackground=True)
        path.write_bytes(base64.b64decode(printed["data"]))
        return path

    def close(self) -> None:
        ws = getattr(self, "ws", None)
        if ws is not None:
            ws.close()
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if self.proc.stderr is not None:
            self.proc.stderr.close()
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

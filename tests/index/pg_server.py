"""A throwaway PostgreSQL server on 127.0.0.1 for the test session, from Debian's packages.

    python tests/index/pg_server.py --install   # install Debian's postgresql if missing

:func:`ensure_installed` installs the ``postgresql`` package when no server binaries
are found (``apt-get update`` once, then ``apt-get install -y``; we run as root in CI).
Debian keeps the server binaries in ``/usr/lib/postgresql/<version>/bin``, off PATH,
so the newest version folder is found with a glob. ``initdb`` refuses to run as root:
as root the server runs as the ``postgres`` user (``runuser``), with its data and
socket in a fresh temporary folder that user owns. Local socket connections are
trusted (the admin connection); TCP connections need a password (scram-sha-256), so
that a wrong password is really refused. Nothing here ever skips: a server that
cannot be had is an error.
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

PACKAGE = "postgresql"
ROLE = "registry"


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL server could be installed or started (the tests that need one fail)."""


def bin_dir() -> Path | None:
    """The newest ``/usr/lib/postgresql/<version>/bin`` that has ``initdb``, or ``pg_config``'s."""
    found = []
    for candidate in glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        version = Path(candidate).parent.parent.name
        try:
            found.append((float(version), Path(candidate).parent))
        except ValueError:
            continue
    if found:
        return max(found)[1]
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


def ensure_installed() -> Path:
    """The server's binary folder, installing Debian's package first if there is none."""
    found = bin_dir()
    if found is not None:
        return found
    if os.geteuid() != 0 or shutil.which("apt-get") is None:
        raise PostgresUnavailable(
            "PostgreSQL's server binaries are missing and cannot be installed here "
            "(needs root and apt-get): install the postgresql package"
        )
    lock_path = Path(tempfile.gettempdir()) / "registry-tests-apt.lock"
    with open(lock_path, "w") as lock:  # one installer at a time (pytest-xdist workers)
        fcntl.flock(lock, fcntl.LOCK_EX)
        found = bin_dir()
        if found is not None:
            return found
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        for cmd in (["apt-get", "update"], ["apt-get", "install", "-y", "--no-install-recommends", PACKAGE]):
            ran = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
            if ran.returncode != 0:
                raise PostgresUnavailable(f"{' '.join(cmd)} failed: {ran.stderr.strip()[-500:]}")
    found = bin_dir()
    if found is None:
        raise PostgresUnavailable(f"{PACKAGE} installed but no initdb found under /usr/lib/postgresql")
    return found


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A running server: its port, the test role's password, and how to reach it."""

    bin: Path
    folder: Path
    port: int
    password: str
    admin_password: str
    _databases: list[str] = field(default_factory=list)

    def url(self, database: str, *, password: str | None = None, user: str = ROLE) -> str:
        secret = self.password if password is None else password
        auth = f"{user}:{quote(secret, safe='')}" if secret else user
        return f"postgresql://{auth}@127.0.0.1:{self.port}/{database}"

    def admin(self, database: str = "postgres"):  # type: ignore[no-untyped-def]
        """An autocommit psycopg connection as the superuser (to create, inspect, terminate)."""
        import psycopg

        return psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user="postgres",
            password=self.admin_password,
            dbname=database,
            autocommit=True,
            connect_timeout=10,
        )

    def create_database(self, name: str) -> str:
        """A fresh database owned by the test role; returns its URL (with the password)."""
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}" OWNER {ROLE}')
        return self.url(name)

    def stop(self) -> None:
        data = self.folder / "data"
        if data.exists():
            _as_postgres(
                [str(self.bin / "pg_ctl"), "stop", "-D", str(data), "-m", "immediate", "-w"], check=False
            )
        shutil.rmtree(self.folder, ignore_errors=True)


def _as_postgres(cmd: list[str], *, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run a server command as ``postgres`` when we are root (initdb refuses root)."""
    full = ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd
    ran = subprocess.run(full, capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL)
    if check and ran.returncode != 0:
        raise PostgresUnavailable(f"{' '.join(cmd[:2])} failed: {(ran.stderr or ran.stdout).strip()[-800:]}")
    return ran


def start() -> Server:
    """initdb in a fresh temporary folder, start on a free loopback port, create the test role."""
    binaries = ensure_installed()
    folder = Path(tempfile.mkdtemp(prefix="registry-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    password, admin_password = secrets.token_urlsafe(12), secrets.token_urlsafe(12)
    pwfile = folder / "pw"
    pwfile.write_text(admin_password + "\n")
    if os.geteuid() == 0:
        shutil.chown(pwfile, "postgres", "postgres")
    data = folder / "data"
    try:
        _as_postgres(
            [
                str(binaries / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--locale=C",
                "--auth-local=trust",
                "--auth-host=scram-sha-256",
                f"--pwfile={pwfile}",
            ]
        )
        pwfile.unlink()
        server = Server(binaries, folder, 0, password, admin_password)
        for _attempt in range(5):  # another process may take the free port first
            server.port = free_port()
            options = f"-c listen_addresses=127.0.0.1 -p {server.port} -k {folder} -c fsync=off"
            ran = _as_postgres(
                [
                    str(binaries / "pg_ctl"),
                    "start",
                    "-D",
                    str(data),
                    "-w",
                    "-t",
                    "60",
                    "-l",
                    str(folder / "log"),
                    "-o",
                    options,
                ],
                check=False,
            )
            if ran.returncode == 0:
                break
        else:
            log = (folder / "log").read_text(errors="replace") if (folder / "log").exists() else ""
            raise PostgresUnavailable(f"the server did not start: {log.strip()[-800:]}")
        _wait(server)
        with server.admin() as conn:
            conn.execute(f"CREATE ROLE {ROLE} LOGIN PASSWORD '{password}'")
        return server
    except BaseException:
        with contextlib.suppress(Exception):
            _as_postgres([str(binaries / "pg_ctl"), "stop", "-D", str(data), "-m", "immediate"], check=False)
        shutil.rmtree(folder, ignore_errors=True)
        raise


def _wait(server: Server) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            with server.admin():
                return
        except Exception as exc:
            if time.monotonic() > deadline:
                raise PostgresUnavailable(f"the server does not answer: {exc}") from None
            time.sleep(0.1)


if __name__ == "__main__":
    if sys.argv[1:] == ["--install"]:
        print(f"PostgreSQL server binaries: {ensure_installed()}")
    else:
        sys.exit("usage: python tests/index/pg_server.py --install")

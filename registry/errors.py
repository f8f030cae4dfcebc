"""The errors a command maps to exit codes, and the exit codes themselves (FORMAT.md).

0: nothing at or above ``fail_on``; 1: findings at or above it; 2: the command could not
run. Every command raises :class:`UsageError` for the last case;
:mod:`registry.error_handler` is the one place that turns it (and anything unexpected)
into a one-line message.
"""

from __future__ import annotations

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it
EXIT_TERMINATED = 143  # 128 + SIGTERM


class UsageError(Exception):
    """A problem with what the user asked for, or with the registry as a whole (exit 2)."""


class Terminated(BaseException):
    """SIGTERM arrived (CI runners and ``timeout`` send it): stop like on Ctrl-C, exit 143.

    A ``BaseException`` like :class:`KeyboardInterrupt`, so no ``except Exception``
    on the way swallows it and every ``finally`` (worker shutdown, cache file) runs.
    """


class Cancelled(Exception):
    """The caller (the console) asked the running audit to stop; nothing was recorded."""

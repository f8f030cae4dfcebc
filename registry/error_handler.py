"""The one place that turns what a command raised into a one-line message and an exit code.

Users never see a traceback (``REGISTRY_DEBUG=1`` shows one); SIGTERM, which CI runners
and ``timeout`` send, stops a run the way Ctrl-C does. pre-commit's ``error_handler``
is the model.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable
from types import FrameType

from registry.errors import EXIT_ERROR, EXIT_INTERRUPTED, EXIT_TERMINATED, Terminated, UsageError


def run(command: Callable[[], int]) -> int:
    """Run ``command`` and return its exit code, or the code of what went wrong."""
    previous = _on_sigterm()
    try:
        return _guarded(command)
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)


def _guarded(command: Callable[[], int]) -> int:
    try:
        code = command()
        sys.stdout.flush()
        return code
    except KeyboardInterrupt:
        sys.stderr.write("registry: interrupted\n")
        return EXIT_INTERRUPTED
    except Terminated:
        sys.stderr.write("registry: terminated\n")
        return EXIT_TERMINATED
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_ERROR
    except Exception as exc:  # never a traceback for users; REGISTRY_DEBUG shows it
        from registry.textsafe import clean  # messages quote card text (schema errors echo values)

        if _expected(exc):
            sys.stderr.write(f"registry: error: {clean(str(exc))}\n")
            return EXIT_ERROR
        if os.environ.get("REGISTRY_DEBUG"):
            raise
        sys.stderr.write(
            f"registry: internal error: {type(exc).__name__}: {clean(str(exc))} "
            "(set REGISTRY_DEBUG=1 for details)\n"
        )
        return EXIT_ERROR


def _on_sigterm() -> Callable[[int, FrameType | None], object] | int | None:
    """SIGTERM stops a run like Ctrl-C does: workers ended, every ``finally`` run, exit 143.

    Only the main thread can set handlers; elsewhere (a test runner's thread) nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        return None

    def stop(signum: int, frame: FrameType | None) -> None:
        raise Terminated

    return signal.signal(signal.SIGTERM, stop)


def _expected(exc: Exception) -> bool:
    """Errors that are the user's or the registry's, reported as one line with exit code 2."""
    from registry.store import RegistryError

    return isinstance(exc, UsageError | RegistryError)

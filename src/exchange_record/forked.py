"""A part of a build done in a forked process of its own, round after round.

With two cores, `mkdocs serve` rebuilds the last language's site in another
process while it rebuilds the one before. That process is forked once, keeps
what its language's rebuilds need from one round to the next (what each page
was made from, the fact pages with what they read), and waits for the next
round between rebuilds. It ends when its pipe closes: when the server stops,
when the serving process dies, or when `stop` is called (the configuration
changed).

Engine-neutral: the work of a round is a function of one picklable message.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import sys
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection, Pipe
from typing import Any


class Stopped(Exception):
    """The forked process is gone (it crashed, or was killed)."""


def can_fork() -> bool:
    """A second core to run on, and `fork` to start with."""
    if not hasattr(os, "fork"):
        return False  # pragma: no cover - not POSIX
    try:
        return len(os.sched_getaffinity(0)) > 1
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return (os.cpu_count() or 1) > 1


class Forked:
    """`work(message)` run in a forked process, first with `first`, then with each
    message `start` sends; each round's outcome is read with `outcome`."""

    def __init__(self, work: Callable[[Any], None], first: Any) -> None:
        ours, theirs = Pipe()
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child; seen through the parent's outcomes
            ours.close()
            _serve(work, first, theirs)
        theirs.close()
        self.pid, self._pipe, self._waiting = pid, ours, True

    def start(self, message: Any) -> bool:
        """Start a round; False if the process is gone."""
        if self._waiting:
            raise RuntimeError("the last round's outcome was not read")
        try:
            self._pipe.send(message)
        except OSError:
            return False
        self._waiting = True
        return True

    def outcome(self) -> str | None:
        """Wait for the round: None if it went well, else what went wrong."""
        self._waiting = False
        try:
            answer: str | None = self._pipe.recv()
        except (EOFError, OSError) as exc:
            raise Stopped("the process building beside stopped") from exc
        return answer

    def stop(self) -> None:
        """End the process (and wait for it)."""
        self._pipe.close()
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGTERM)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


def _serve(work: Callable[[Any], None], message: Any, pipe: Connection) -> None:  # pragma: no cover
    """The forked process: a round per message, its outcome sent back, until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which closes the pipe
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    status = 0
    try:
        while True:
            try:
                work(message)
                pipe.send(None)
            except Exception as exc:
                logging.getLogger(__name__).debug(traceback.format_exc())
                pipe.send(f"{type(exc).__name__}: {exc}")
            message = pipe.recv()
    except (EOFError, OSError):
        pass  # the other end closed: nothing more to do
    except BaseException:
        status = 1
    finally:
        logging.shutdown()
        os._exit(status)


__all__ = ["Forked", "Stopped", "can_fork"]

"""A part of a build done in a forked process of its own, round after round.

With two cores, a build makes each language after the first in a process of its
own while this one makes the first (`mkdocs serve`: each rebuild too). Such a
process is forked once, idle until its first round is started (the fork comes
before the build starts any thread; the round, once the site folder is ready),
keeps what its language's rebuilds need from one round to the next (what each
page was made from, the fact pages with what they read), and waits for the next
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
import weakref
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
    """`work(message)` run in a forked process for each message `start` sends; each
    round's outcome is read with `outcome`. Forked idle: no round runs before the
    first `start`."""

    def __init__(self, work: Callable[[Any], None]) -> None:
        ours, theirs = Pipe()
        self._pipe: Connection = ours
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child; seen through the parent's outcomes
            ours.close()
            for other in list(_OPEN):  # the others' ends are the parent's alone: their
                other._pipe.close()   # processes see it close when it ends
            _serve(work, theirs)
        theirs.close()
        self.pid, self._waiting = pid, False
        _OPEN.add(self)

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
        _OPEN.discard(self)
        self._pipe.close()
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGTERM)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)


#: the processes forked here and not stopped
_OPEN: weakref.WeakSet[Forked] = weakref.WeakSet()


def _serve(work: Callable[[Any], None], pipe: Connection) -> None:  # pragma: no cover
    """The forked process: a round per message, its outcome sent back, until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which closes the pipe
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    status = 0
    try:
        while True:
            message = pipe.recv()
            try:
                work(message)
                pipe.send(None)
            except Exception as exc:
                logging.getLogger(__name__).debug(traceback.format_exc())
                pipe.send(f"{type(exc).__name__}: {exc}")
    except (EOFError, OSError):
        pass  # the other end closed: nothing more to do
    except BaseException:
        status = 1
    finally:
        logging.shutdown()
        os._exit(status)


__all__ = ["Forked", "Stopped", "can_fork"]

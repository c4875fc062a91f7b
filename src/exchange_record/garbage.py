"""When Python's cyclic garbage collector runs under `mkdocs serve`.

A rebuild after an edit allocates a site's worth of new objects on a heap that
already holds the record, every language's last pages and what they read: the
collector's full passes, triggered by those allocations, walk that whole heap,
0.2-0.5 s a rebuild at 1,000 facts and 2.5-2.9 s at 10,000 (docs/benchmarks.md).
So a rebuild runs with the collector paused, and one collection is made a few
seconds after it, once the browser has reloaded the page (a save made before then
starts the next rebuild, which pauses it again: its garbage waits for the next
collection). Reference counting frees everything else as usual; what waits is
only garbage in cycles, the last build's pages among it, so memory peaks at about
one more site's worth between collections.

Engine-neutral: `paused()` around any rebuild.
"""

from __future__ import annotations

import contextlib
import gc
import threading
from collections.abc import Iterator

#: seconds between the end of a rebuild and the collection
DELAY_S = 3.0
#: the name of the thread that waits for it
THREAD_NAME = "garbage collection after a rebuild"


class Deferred:
    """The collector paused inside `paused()`, and run `delay` seconds after the last
    of them ended (with the collector enabled again, as it was before the first)."""

    def __init__(self, delay: float = DELAY_S) -> None:
        self.delay = delay
        self._lock = threading.Lock()
        self._round = 0  # a collection is for the round it was planned in
        self._was_enabled: bool | None = None  # the collector's state before the first pause

    @contextlib.contextmanager
    def paused(self) -> Iterator[None]:
        with self._lock:
            self._round += 1
            if self._was_enabled is None:
                self._was_enabled = gc.isenabled()
            gc.disable()
        try:
            yield
        finally:
            with self._lock:
                planned = self._round
            timer = threading.Timer(self.delay, self._collect, args=(planned,))
            timer.name = THREAD_NAME
            timer.daemon = True  # never keeps a stopping server alive
            timer.start()

    def _collect(self, planned: int) -> None:
        with self._lock:
            if planned != self._round or self._was_enabled is None:
                return  # another rebuild started since: its own end plans the collection
            gc.collect()
            if self._was_enabled:
                gc.enable()
            self._was_enabled = None

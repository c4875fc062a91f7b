"""The garbage collector under `mkdocs serve`: paused while a rebuild runs, one
collection a few seconds after the last rebuild (src/exchange_record/garbage.py)."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Iterator

import pytest

from exchange_record.garbage import THREAD_NAME, Deferred


def planned_collections_done() -> None:
    """Wait for every collection planned in this process (the plugin's own, after a
    rebuild another test file made on this worker, included): it would enable the
    collector in the middle of a test here."""
    for thread in threading.enumerate():
        if thread.name == THREAD_NAME:
            thread.join()


@pytest.fixture(autouse=True)
def collector_as_it_was() -> Iterator[None]:
    planned_collections_done()
    enabled = gc.isenabled()
    yield
    planned_collections_done()
    (gc.enable if enabled else gc.disable)()


def wait_until(condition, timeout: float = 5.0) -> bool:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


class Cycle:
    def __init__(self) -> None:
        self.me = self


def test_a_rebuild_runs_with_the_collector_paused_and_its_garbage_is_collected_after_it():
    gc.enable()
    deferred = Deferred(delay=0.1)
    with deferred.paused():
        assert not gc.isenabled()
        gc.collect()  # what was garbage before the rebuild is gone; only its own remains
        before = gc.get_count()[0]
        for _ in range(50_000):  # cycles enough to trigger passes, were the collector on
            Cycle()
        assert gc.get_count()[0] >= before + 50_000  # none collected during the rebuild
    assert not gc.isenabled()  # not yet: the browser reloads first
    assert wait_until(gc.isenabled)
    assert not [o for o in gc.get_objects() if type(o) is Cycle]  # the one collection freed them


def test_a_rebuild_started_before_the_collection_keeps_the_collector_paused():
    gc.enable()
    deferred = Deferred(delay=0.2)
    with deferred.paused():
        pass
    with deferred.paused():  # the next save, before the first collection is due
        time.sleep(0.4)  # the first collection's time passes inside the second rebuild
        assert not gc.isenabled()
    assert wait_until(gc.isenabled)


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    deferred = Deferred(delay=0.05)
    with deferred.paused():
        pass
    time.sleep(0.3)
    assert not gc.isenabled()


def test_a_record_built_goes_to_the_collectors_oldest_generation(tmp_path):
    """build_record pauses the collector (record/load.py `gc_paused`); what it made, the
    record, is handed to the oldest generation when the collector is enabled again,
    not left in the youngest for the next young collection to walk."""
    from exchange_record.record.build import build_record
    from synthetic import generate

    generate(100, tmp_path)
    gc.enable()
    record, _ = build_record(tmp_path)
    assert gc.isenabled()
    figure = record.index[record.by_kind["figures"][0].id]
    assert any(o is figure for o in gc.get_objects(generation=2))
    assert not any(o is figure for o in gc.get_objects(generation=0) + gc.get_objects(generation=1))

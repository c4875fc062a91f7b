"""What each fact page read of the record, so that a rebuild renders only the
pages whose reads changed.

Under `mkdocs serve` every edit builds the site again from a new record. Most
fact pages come out as they were: a title edit changes the pages that show that
title, a few dozen of thousands. Rendering every page again to find them was
the larger part of a rebuild. So the renderer reads the record through
`tracked`, which notes in the innermost open `Reads.frame` every entry it gives:
`("index", id)` for a fact, `("status", id)` for a figure's status,
`("backlinks", id)` for what points at a fact, and so on (`NAMESPACES`). A page
rendered in a frame is kept in a `PageMemo` with the entries it read. The next
build works out which entries now hold something else (`PageMemo.changed`) and
takes every page none of whose entries changed from the memo, as it was.

Caches that outlive a page (a figure's row, a link to a fact: the renderer's
fragments) note what they read when they are filled and give it to every page
that uses them (`Reads.replay`), so a page read from a cache depends on what
the cache read. They are kept in the memo too: the next build takes each one
whose entries did not change, for the pages it makes again and for the indexes
and overview pages, which are made on every build.
Whatever the renderer reads but cannot name entry by entry (a whole mapping
iterated) is noted as `("*", name)`, which is never unchanged: such a page is
rendered on every build. Everything else a page shows comes from the language,
the templates, the corrections address and git's dates: the memo's `setting`;
when it differs, nothing is taken from the memo.

The guard is tests/test_rebuild.py: after each kind of edit the rebuilt site is
the full build's, byte for byte.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..record.load import LoadedFact
from .packed import Packed

if TYPE_CHECKING:
    from ..record.build import Record

#: an entry of the record a page read: (namespace, key)
Item = tuple[str, str]


class Reads:
    """The entries read in each open frame (innermost last).

    Each entry is held once however many pages and fragments read it, and each
    set of entries kept (`kept`) once however many fragments read just that: at
    1,000 facts a language's fragments keep about 10,000 sets of reads, a quarter
    of them different, and the sets and pages hold 44,000 entries, 3,500 different
    (a build's heap 5 % smaller)."""

    __slots__ = ("_items", "_sets", "stack")

    def __init__(self) -> None:
        self.stack: list[set[Item]] = []
        self._items: dict[Item, Item] = {}
        self._sets: dict[frozenset[Item], frozenset[Item]] = {}

    def add(self, ns: str, key: str) -> None:
        if self.stack:
            item = (ns, key)
            self.stack[-1].add(self._items.setdefault(item, item))

    def kept(self, items: set[Item]) -> frozenset[Item]:
        """`items` to keep with what read them: the same set as any other kept alike."""
        made = frozenset(items)
        return self._sets.setdefault(made, made)

    def replay(self, items: frozenset[Item]) -> None:
        """What a cache read when it was filled, read again now."""
        if self.stack and items:
            self.stack[-1].update(items)

    @contextlib.contextmanager
    def frame(self) -> Iterator[set[Item]]:
        """Note what is read inside; on leaving, the enclosing frame read it too."""
        items: set[Item] = set()
        self.stack.append(items)
        try:
            yield items
        finally:
            self.stack.pop()
            if self.stack:
                self.stack[-1].update(items)


class _TrackedMapping(Mapping[Any, Any]):
    """A read-only view of one of the record's mappings (or sets: `in` only) that
    notes each key read."""

    __slots__ = ("_data", "_ns", "_reads")

    def __init__(self, data: Mapping[Any, Any] | set[str], reads: Reads, ns: str) -> None:
        self._data, self._reads, self._ns = data, reads, ns

    def __getitem__(self, key: Any) -> Any:
        self._reads.add(self._ns, key)
        return self._data[key]  # type: ignore[index]

    def get(self, key: Any, default: Any = None) -> Any:
        self._reads.add(self._ns, key)
        return self._data.get(key, default)  # type: ignore[union-attr]

    def __contains__(self, key: object) -> bool:
        self._reads.add(self._ns, key)  # type: ignore[arg-type]
        return key in self._data

    def __iter__(self) -> Iterator[Any]:
        self._reads.add("*", self._ns)
        return iter(self._data)

    def __len__(self) -> int:
        self._reads.add("*", self._ns)
        return len(self._data)


#: the record's fields read through `tracked`, each with the value of one of its
#: entries as a rebuild compares it (lists by the ids they hold: what a page shows
#: of each fact in them it reads from the index)
NAMESPACES: dict[str, Callable[[Record, str], Any]] = {
    "index": lambda r, k: r.index.get(k),
    "status": lambda r, k: r.status.get(k),
    "status_by": lambda r, k: r.status_by.get(k),
    "primary_not_seen": lambda r, k: k in r.primary_not_seen,
    "backlinks": lambda r, k: tuple(r.backlinks.get(k, ())),
    "disagreements_of": lambda r, k: tuple(r.disagreements_of.get(k, ())),
    # in date order: which figures are a page's neighbours follows their dates
    "figures_by_measure": lambda r, k: tuple((f.id, f.figure.as_of.sort_key())
                                             for f in r.figures_by_measure.get(k, ())),
    "by_kind": lambda r, k: tuple(f.id for f in r.by_kind.get(k, ())),
}


def tracked(record: Record, reads: Reads) -> Record:
    """`record` whose fields in `NAMESPACES` note in `reads` what is read of them."""
    views = {ns: _TrackedMapping(getattr(record, ns), reads, ns) for ns in NAMESPACES}
    return dataclasses.replace(record, **views)  # type: ignore[arg-type]


@dataclass
class PageMemo:
    """The fact pages of one build in one language, with what each read.

    `values` holds, for every entry any of `pages` read, its value in the build
    that made the memo; a page kept from an earlier build read only entries that
    have not changed since, so their values then are these."""

    setting: str = ""
    #: path -> (Markdown, packed: site/packed.py; the entries it read)
    pages: dict[str, tuple[Packed, frozenset[Item]]] = field(default_factory=dict)
    values: dict[Item, Any] = field(default_factory=dict)
    #: the fragments pages share (site/pages.py `Renderer.fragment`): (kind, folder, id) ->
    #: (Markup, the entries it read); the index and overview pages, made on every build,
    #: take those whose entries did not change
    fragments: dict[tuple[str, str, str], tuple[Any, frozenset[Item]]] = field(default_factory=dict)
    #: the large tables and lists written as HTML (site/blocks.py), by what each was written
    #: from (rebuild.py `KeptTexts`): whatever the setting, the same Markdown makes the same block
    blocks: dict[str, bytes] = field(default_factory=dict)

    def changed(self, now: Callable[[Item], Any]) -> set[Item]:
        """The entries whose value `now` differs from the memo's (those of `*`: always)."""
        return {item for item, then in self.values.items() if item[0] == "*" or not _same(now(item), then)}


def _same(a: Any, b: Any) -> bool:
    """The same value for a page: a fact only if the very object (the cache gives the
    unchanged file's fact back; equal models may still print differently: `-0.0` is
    `0.0` to pydantic), anything else if equal (ids, statuses, dates' sort keys)."""
    if a is b:
        return True
    return not isinstance(a, LoadedFact) and not isinstance(b, LoadedFact) and bool(a == b)


__all__ = ["NAMESPACES", "Item", "PageMemo", "Reads", "tracked"]

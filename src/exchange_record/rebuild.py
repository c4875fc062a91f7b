"""What one build published, so that the next build in the same process (a
`mkdocs serve` rebuild after an edit) redoes only the pages the edit changed.

A page is kept when nothing it shows has changed: its own Markdown (for a
generated page, everything the record gives it; for a hand-written one, its
source with the record's markers filled in, and the pages there are, which its
links resolve to) and the *setting* every page shows (mkdocs.yml, the theme's
files, everything in the docs folder, the nav, the language, the day of the
build). Anything else the engine knows about a kept page (its title, front
matter, anchors and search entries) is remembered here and given back; a file
copied from the docs or theme folders is kept only if it is the same file
(path, size, times); what the last build wrote and this one does not is
removed. So the site after the rebuild is the one a full build makes, byte for
byte (tests/test_rebuild.py). Warnings about a kept page's links are not given
again: they were given when it was made.

A page made again is mostly made of what it was: an index's or the ledger's
tables, the timeline's months and the home summary's lists are blocks of
hundreds of kilobytes, of which an edit changes one or two. Such a block, written
as HTML from its Markdown (site/blocks.py) and cleaned (site/allowlist.py), is
kept between builds by what it was made from (`KeptTexts`): a rebuild makes
again only the blocks whose text changed.

Engine-neutral: pages are paths, search entries plain dicts; the MkDocs
plugin decides when to ask.
"""

from __future__ import annotations

import hashlib
import os
import sysconfig
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def digest(*parts: str | bytes) -> str:
    """A short, stable fingerprint of `parts` (in order)."""
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


#: the folders of installed packages (a theme's, say), each with its state, read once
#: per process: a package installed again under a running server is not seen until
#: it restarts, as the package's Python code is not either. Material's templates
#: folder holds 14,500 files (its icons), stat'ed on every rebuild in every language.
_INSTALLED: dict[str, str] = {}


def _installed(folder: str) -> bool:
    roots = {os.path.abspath(sysconfig.get_path(name)) for name in ("purelib", "platlib")}
    path = os.path.abspath(folder)
    return any(path == root or path.startswith(root + os.sep) for root in roots)


def folder_state(folders: Iterable[str | Path]) -> str:
    """The names, sizes and times of every file under `folders` (a theme's
    templates, say): changes when any of them is edited, added or removed; an
    installed package's folder, as it was the first time this process read it."""
    rows: list[str] = []
    for folder in folders:
        if _installed(str(folder)):
            key = os.path.abspath(folder)
            if key not in _INSTALLED:
                _INSTALLED[key] = _folder_state_now([folder])
            rows.append(f"{key}\0{_INSTALLED[key]}")
            continue
        rows.append(_folder_state_now([folder]))
    return digest("\n".join(rows))


def _folder_state_now(folders: Iterable[str | Path]) -> str:
    """`folder_state`, every file stat'ed now."""
    rows: list[str] = []
    for folder in folders:
        for top, dirs, names in os.walk(folder):
            dirs.sort()
            for name in sorted(names):
                path = os.path.join(top, name)
                try:
                    st = os.stat(path)
                except OSError:
                    continue
                rows.append(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ctime_ns}")
    return digest("\n".join(rows))


_LISTED: dict[str, tuple[str, ...]] = {}


def visible_files(folder: str) -> tuple[str, ...]:
    """The files under `folder`, as paths relative to it with `/`, those in hidden
    folders (or hidden themselves: `.icons/…`, `.DS_Store`) left out; an installed
    package's folder as it was the first time this process listed it (as `folder_state`)."""
    key = os.path.abspath(folder)
    if (known := _LISTED.get(key)) is not None:
        return known
    names: list[str] = []
    for top, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        rel = os.path.relpath(top, folder).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        names.extend(prefix + name for name in files if not name.startswith("."))
    listed = tuple(names)
    if _installed(folder):
        _LISTED[key] = listed
    return listed


#: the size (characters) from which `KeptTexts` keeps a text: an index's tables, a month
#: of the timeline, the home summary's lists (16 to 700 kB at 10,000 facts), not a fact
#: page's tables (4 to 8 kB, each cleaned in a fraction of a millisecond: keeping them
#: as well held 4 MB more in each language's process, for nothing measurable)
LARGE = 16384


class KeptTexts:
    """Texts made by a pure function of a text (a table converted to HTML, a block
    cleaned), kept from one build to the next by the digest of what each was made
    from, compressed (zlib's fastest level: a fifth to a tenth of the text, ~1 ms a
    100 kB to unpack). A rebuild takes those it makes again from the last build's
    (`then`) and keeps those it made or took (`now`, the next build's `then`):
    what no build asks for again is gone after one. Only texts of `at_least`
    characters are kept: a small one costs less to make again than to look up."""

    __slots__ = ("at_least", "now", "then")

    def __init__(self, then: dict[str, bytes] | None = None, at_least: int | None = None) -> None:
        self.then: dict[str, bytes] = then if then is not None else {}
        self.now: dict[str, bytes] = {}
        self.at_least = LARGE if at_least is None else at_least

    def get(self, source: str, make: Callable[[str], str | None], *key: str) -> str | None:
        """`make(source)`, taken from the last build where it made it from the same
        `source` and `key`; None (nothing to make) is not kept."""
        if len(source) < self.at_least:
            return make(source)
        return self.made(digest(source, *key), source, make)

    def made(self, name: str, source: str, make: Callable[[str], str | None]) -> str | None:
        """`get` where the caller names what it makes from `source` (its digest, and
        any key), to `keep` it for a page that is not made again."""
        held = self.now.get(name) or self.then.get(name)
        if held is not None:
            self.now[name] = held
            return zlib.decompress(held).decode("utf-8", "surrogatepass")
        made = make(source)
        if made is not None:
            self.now[name] = zlib.compress(made.encode("utf-8", "surrogatepass"), 1)
        return made

    def keep(self, names: Iterable[str]) -> None:
        """The last build's texts of these names kept for the next (a page kept as it was
        holds them: the build after may make it again, with most of them unchanged)."""
        for name in names:
            if name not in self.now and (held := self.then.get(name)) is not None:
                self.now[name] = held


@dataclass
class PageState:
    """One published page, as the engine last built it."""

    fingerprint: str
    title: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    anchors: set[str] | None = None
    #: the search index's entries for this page, in order, as published: compact JSON
    #: objects joined by commas (site/searchindex.py `entries_json`)
    search: str = ""
    #: a fact page's entries in the first part of a served site's index
    #: (site/searchindex.py `first_entries`); None: the page is wholly in the first part
    first: str | None = None
    #: the names of its large blocks as cleaned (`Published.blocks`)
    blocks: tuple[str, ...] = ()


@dataclass
class Published:
    """One language's site in one folder, as its last build left it."""

    setting: str = ""
    pages: dict[str, PageState] = field(default_factory=dict)
    #: every file the build wrote (pages, data, charts, redirects), relative to the site folder
    outputs: set[str] = field(default_factory=set)
    #: files copied from the docs and theme folders -> where from, their size and time
    statics: dict[str, str] = field(default_factory=dict)
    #: the record's larger blocks (tables, lists) as published, cleaned (`KeptTexts.now`)
    blocks: dict[str, bytes] = field(default_factory=dict)

    def kept(self, setting: str, fingerprints: dict[str, str]) -> set[str]:
        """The pages whose output is still right: same setting, same fingerprint."""
        if setting != self.setting:
            return set()
        return {path for path, fp in fingerprints.items()
                if (old := self.pages.get(path)) is not None and old.fingerprint == fp}

    def search_docs(self, order: list[str], fresh: dict[str, PageState], part: str = "all") -> str:
        """The search entries of every page in build `order`, joined: this build's where
        the page was built, the last build's where it was kept. `part`: "all" (every
        page's `search`), "first" (a fact page's `first`, another page's `search`) or
        "rest" (only the fact pages' `search`): the index split in two for a served site."""
        texts = []
        for path in order:
            page = fresh.get(path) or self.pages.get(path)
            if page is None:
                continue
            if part == "first" and page.first is not None:
                text = page.first
            elif part == "rest" and page.first is None:
                continue
            else:
                text = page.search
            if text:
                texts.append(text)
        return ",".join(texts)


def stale(before: set[str], now: set[str]) -> list[str]:
    """Files the last build wrote that this one does not (a deleted fact's page)."""
    return sorted(before - now)


__all__ = ["LARGE", "KeptTexts", "PageState", "Published", "digest", "folder_state", "stale", "visible_files"]

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

Engine-neutral: pages are paths, search entries plain dicts; the MkDocs
plugin decides when to ask.
"""

from __future__ import annotations

import hashlib
import os
import sysconfig
from collections.abc import Iterable
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


@dataclass
class Published:
    """One language's site in one folder, as its last build left it."""

    setting: str = ""
    pages: dict[str, PageState] = field(default_factory=dict)
    #: every file the build wrote (pages, data, charts, redirects), relative to the site folder
    outputs: set[str] = field(default_factory=set)
    #: files copied from the docs and theme folders -> where from, their size and time
    statics: dict[str, str] = field(default_factory=dict)

    def kept(self, setting: str, fingerprints: dict[str, str]) -> set[str]:
        """The pages whose output is still right: same setting, same fingerprint."""
        if setting != self.setting:
            return set()
        return {path for path, fp in fingerprints.items()
                if (old := self.pages.get(path)) is not None and old.fingerprint == fp}

    def search_docs(self, order: list[str], fresh: dict[str, str]) -> str:
        """The search entries of every page in build `order` (`PageState.search`,
        joined): this build's where the page was built, the last build's where it was
        kept."""
        texts = []
        for path in order:
            text = fresh[path] if path in fresh else (old.search if (old := self.pages.get(path)) else "")
            if text:
                texts.append(text)
        return ",".join(texts)


def stale(before: set[str], now: set[str]) -> list[str]:
    """Files the last build wrote that this one does not (a deleted fact's page)."""
    return sorted(before - now)


__all__ = ["PageState", "Published", "digest", "folder_state", "stale", "visible_files"]

"""Generated pages' Markdown, held compressed from one build to the next.

Under `mkdocs serve` a language's last site is kept: its fact pages are handed
to the next build, which converts again only those an edit changed (site/reads.py,
rebuild.py). Most are never read again, yet as text they were the largest part
of what a language's process holds between builds: at 10,000 facts about 42 MiB
in English and twice that in Ukrainian and Russian (Python stores a text holding
any Cyrillic letter at 2 bytes a character). Compressed at zlib's fastest level
they take a quarter (English) to a sixth (Ukrainian) of that; packing a page
costs about 30-50 µs, unpacking 20 µs.

`PageTexts` is the mapping of a site's pages that holds them so: reading a page
gives its text (unpacked each time), `packed` the page as held, with the digest
of its text (rebuild.py `digest`) that an engine's rebuild compares without
unpacking it. Engine-neutral.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass

from ..rebuild import digest


@dataclass(frozen=True, slots=True)
class Packed:
    """One page's Markdown, compressed, with the digest of its text and of what a
    list of pages shows of it (`listed_digest`)."""

    data: bytes
    digest: str
    listed: str = ""

    @classmethod
    def of(cls, text: str) -> Packed:
        whole = digest(text)
        return cls(zlib.compress(text.encode("utf-8", "surrogatepass"), 1), whole, listed_digest(text, whole))

    def text(self) -> str:
        return zlib.decompress(self.data).decode("utf-8", "surrogatepass")


#: front-matter keys only the page itself shows: its sentence for link previews and
#: search, its search boost, where it is edited, when it was updated
_OWN_KEYS = ("description", "search", "edit_path", "updated")
_KEY_LINE = re.compile(r"[A-Za-z_][\w-]*: \S")


def listed_digest(text: str, whole: str) -> str:
    """The digest of what a list of pages (a tags listing) can show of a page: its
    front matter without `_OWN_KEYS`, when that is the site's own (`key: <JSON>` a
    line, a title among them); otherwise the page's whole text (`whole`, its digest).
    A figure's value is in its description, not in its title or tags: an edit of it
    leaves the tags page as it was."""
    if not text.startswith("---\n"):
        return whole
    end = text.find("\n---\n", 3)
    if end < 0:
        return whole
    lines = text[4:end].split("\n")
    if not all(_KEY_LINE.match(line) for line in lines) or not any(ln.startswith("title: ") for ln in lines):
        return whole  # a front matter written otherwise (a value over lines), or a title from the text
    return digest(*(line for line in lines if line.split(":", 1)[0] not in _OWN_KEYS))


class PageTexts(MutableMapping[str, str]):
    """Pages' Markdown by path, each held `Packed`; a text set is packed then."""

    __slots__ = ("_held",)

    def __init__(self, pages: dict[str, str] | None = None) -> None:
        self._held: dict[str, Packed] = {}
        if pages:
            self.update(pages)

    def __getitem__(self, path: str) -> str:
        return self._held[path].text()

    def __setitem__(self, path: str, text: str | Packed) -> None:
        self._held[path] = text if isinstance(text, Packed) else Packed.of(text)

    def __delitem__(self, path: str) -> None:
        del self._held[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._held)

    def __len__(self) -> int:
        return len(self._held)

    def __contains__(self, path: object) -> bool:
        return path in self._held

    def packed(self, path: str) -> Packed:
        """The page as held: the same object for a page taken from the last build."""
        return self._held[path]


__all__ = ["Packed", "PageTexts", "listed_digest"]

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

import zlib
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass

from ..rebuild import digest


@dataclass(frozen=True, slots=True)
class Packed:
    """One page's Markdown, compressed, with the digest of its text."""

    data: bytes
    digest: str

    @classmethod
    def of(cls, text: str) -> Packed:
        return cls(zlib.compress(text.encode("utf-8", "surrogatepass"), 1), digest(text))

    def text(self) -> str:
        return zlib.decompress(self.data).decode("utf-8", "surrogatepass")


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


__all__ = ["Packed", "PageTexts"]

"""The five kinds of fact, described once.

Loading (which folders hold facts, which model reads them), the checks (how a
kind is named in a message), the schemas, `exchange-record new`, the pages
(which template, which index title) and the downloads all read this table.
Adding a kind is an entry here, a model in `models.py` and a template in
`site/templates/` (see CONTRIBUTING.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Actor, Event, Fact, Figure, Place, Source


@dataclass(frozen=True, slots=True)
class Kind:
    folder: str          # facts/<folder>/<id>.yaml, and the site's <folder>/<id>/ pages
    singular: str        # "an event", `exchange-record new event`, the kind tag
    model: type[Fact]
    template: str        # the fact page's template in site/templates/
    title: str           # the index page's title

    @property
    def a(self) -> str:
        """`an event`, `a figure`."""
        return ("an " if self.singular[0] in "aeiou" else "a ") + self.singular


#: in the order the record is loaded and its pages are listed
KINDS: dict[str, Kind] = {k.folder: k for k in (
    Kind("actors", "actor", Actor, "actor.md.j2", "Actors"),
    Kind("places", "place", Place, "place.md.j2", "Places"),
    Kind("sources", "source", Source, "source.md.j2", "Sources"),
    Kind("events", "event", Event, "event.md.j2", "Events"),
    Kind("figures", "figure", Figure, "figure.md.j2", "Figures"),
)}
FOLDERS = tuple(KINDS)
BY_SINGULAR = {k.singular: k for k in KINDS.values()}


def kind_of(name: str) -> Kind | None:
    """The kind named by its folder (`events`) or its singular (`event`)."""
    return KINDS.get(name) or BY_SINGULAR.get(name)

"""Render the record as Markdown pages: `{path: markdown}`, engine-neutral.

The same pages feed the MkDocs plugin (as virtual files) and
`exchange-record generate` (as files on disk) for any other Markdown engine.
Links are relative `.md` links, so the engine can check and rewrite them.

Every value printed by a template is escaped (Jinja's `finalize`), unless it
was built as `Markup` by `markdown.py`; a title can therefore never inject
Markdown, HTML or script.
"""

from __future__ import annotations

import bisect
import html
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from babel import Locale, UnknownLocaleError
from markupsafe import Markup

from ..record.checks import SINGULAR
from ..record.dates import DateSpan, PartialDate
from ..record.load import LoadedFact
from .markdown import escape, escape_block, link, relative, sanitize, url_link
from ..record.models import COUNTRY_NAMES, KINDS, Actor, Citation, Event, Figure, Place, Source
from .history import History, human_date
from ..record.build import Record

FIGURE_COLUMNS = ["Figure", "Number", "Scope", "As of", "Claimed by", "Side", "Status"]

#: At most this many figures of the same measure on a figure page (the closest in
#: date); the full list is on the figures index. Keeps pages small and builds linear.
PEERS_SHOWN = 12

SIDE_NAMES = {"russia": "Russia", "ukraine": "Ukraine", "third-party": "third party",
              "unknown": "side unknown"}
STATUS_TEXT = {
    "contested": "another figure for the same measure disagrees with this one",
    "corroborated": "a claimant from the other side gives the same number",
    "single-source": "not confirmed by a claimant from the other side, and not contradicted",
}
KIND_TITLES = {"events": "Events", "figures": "Figures", "sources": "Sources",
               "actors": "Actors", "places": "Places"}
METHODOLOGY = "methodology.md"


def page_path(kind: str, fid: str) -> str:
    return f"{kind}/{fid}.md"


def fact_source_path(fact: LoadedFact, record: Record) -> str:
    """The fact's YAML file relative to the folder holding `facts/` (for edit links)."""
    return f"{record.root.name}/{fact.kind}/{fact.path.name}"


class Renderer:
    def __init__(self, record: Record, templates_dir: Path | None = None,
                 history: History | None = None) -> None:
        self.record = record
        self.history = history or History()
        loaders: list[jinja2.BaseLoader] = []
        if templates_dir is not None:
            loaders.append(jinja2.FileSystemLoader(str(templates_dir)))
        loaders.append(jinja2.PackageLoader("exchange_record.site", "templates"))
        self.env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(loaders),
            autoescape=False,  # Markdown, not HTML: `finalize` escapes instead
            finalize=_finalize,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            auto_reload=False,  # one environment per build: no need to stat templates per page
            undefined=jinja2.StrictUndefined,
            comment_start_string="{##",  # `{#anchor}` is Markdown here, not a comment
            comment_end_string="##}",
        )
        events = record.by_kind["events"]
        self._event_pos = {f.id: i for i, f in enumerate(events)}
        self._figure_rows: dict[str, Markup] = {}
        self._helpers_by_folder: dict[str, dict[str, Any]] = {}
        self._measure_keys: dict[str, list[tuple[int, int, int, int]]] = {}
        self._figures_helpers = self._helpers("figures/index.md")

    def figure_row(self, fid: str, this: bool = False) -> Markup:
        """The figure's row in a side-by-side table, as seen from `figures/`.

        Figure pages and the figures index share that folder, so each row is
        rendered once and reused on every page that lists the figure.
        """
        row = self._figure_rows.get(fid)
        if row is None:
            h = self._figures_helpers
            m = self.record.index[fid].model
            cells = [number(m), words(m.scope), when(m.as_of), h["ref"](m.claimed_by),
                     h["side_of"](m.claimed_by), h["status"](fid)]
            row = Markup(" | ").join(cells) + Markup(" |")
            self._figure_rows[fid] = row
        first = Markup("**this figure**") if this else self._figures_helpers["ref"](fid)
        return Markup(f"| {first} | {row}")  # both parts are Markup already

    # --- helpers the templates call; each returns Markup ----------------------

    def _helpers(self, here: str) -> dict[str, Any]:
        """The template helpers for links from the page `here`.

        Relative links depend only on the page's folder, so the helpers (and
        the links they have made) are shared by every page of a folder.
        """
        folder = here.rpartition("/")[0]
        cached = self._helpers_by_folder.get(folder)
        if cached is None:
            cached = self._helpers_by_folder[folder] = self._make_helpers(folder + "/page.md" if folder else "page.md")
        return cached

    def _make_helpers(self, here: str) -> dict[str, Any]:
        record = self.record
        links: dict[str, Markup] = {}

        def ref(fid: str) -> Markup:
            made = links.get(fid)
            if made is None:
                fact = record.index.get(fid)
                if fact is None:
                    return escape(fid)
                made = links[fid] = link(fact.model.label(), page_path(fact.kind, fid), here)
            return made

        def refs(ids: Iterable[str | LoadedFact]) -> Markup:
            return Markup(", ").join(ref(i if isinstance(i, str) else i.id) for i in ids)

        def citation(c: Citation) -> Markup:
            source = record.index.get(c.source)
            text = ref(c.source)
            if source is not None and isinstance(source.model, Source):
                text += Markup(" ({}, {})").format(words(source.model.kind), when(source.model.published))
            if c.locator:
                text += Markup(", ") + escape(c.locator)
            out = Markup("- ") + text
            if c.quote:
                quoted = escape_block(c.quote).replace("\n\n", "\n    >\n    > ")
                out += Markup("\n\n    > ") + Markup(quoted) + Markup("\n")
            return out

        def status(fid: str) -> Markup:
            name = record.status.get(fid, "single-source")
            return link(name, f"{METHODOLOGY}#status-{name}", here)

        def measure_link(measure: str) -> Markup:
            return link(measure, f"figures/index.md#measure-{measure}", here)

        def url_to(target: str) -> Markup:
            path, _, anchor = target.partition("#")
            return Markup(relative(path, here) + (f"#{anchor}" if anchor else ""))

        return {
            "ref": ref, "refs": refs, "citation": citation, "status": status,
            "measure_link": measure_link, "when": when, "words": words, "number": number,
            "side": lambda s: escape(SIDE_NAMES.get(s, s)),
            "side_of": lambda aid: escape(SIDE_NAMES[record.side(aid)]),
            "block": escape_block, "url": url_link, "figure_row": self.figure_row,
            "url_to": url_to, "last_changed": self._last_changed,
        }

    def _render(self, template: str, here: str, fact: LoadedFact | None, **context: Any) -> str:
        # Themes print the front-matter title as HTML (Material does, in the
        # header): escape it, so that a title is always text.
        front: dict[str, Any] = {"title": html.escape(" ".join(context.pop("title").split()), quote=False)}
        if fact is not None:
            front["tags"] = self._tags(fact)
            front["search"] = {"boost": 2}  # a fact's own page first
            front["edit_path"] = fact_source_path(fact, self.record)
        front.update(context.pop("front", {}))
        return self.env.get_template(template).render(
            **self._helpers(here), fact=fact, m=fact.model if fact else None,
            front_matter=Markup(_front_matter(front)), **context,
        )

    def _tags(self, fact: LoadedFact) -> list[str]:
        """Kind of fact, its own kind, and the side it belongs to, for Material's tags index."""
        m = fact.model
        tags = [SINGULAR[fact.kind]]
        # Kinds are a fixed list; measures are free text, so they and the sides
        # carry a prefix: a measure called `russia` and the side Russia are two
        # tags with two anchors on the tags page.
        kind = getattr(m, "kind", None)
        if kind:
            tags.append(str(kind).replace("-", " "))
        if isinstance(m, Figure):
            tags.append("measure: " + m.measure.replace("-", " "))
        side = self.record.side(m.claimed_by) if isinstance(m, Figure) else getattr(m, "side", None)
        if side:
            tags.append("side: " + SIDE_NAMES[side])
        return tags

    def _last_changed(self, fact: LoadedFact | None) -> Markup:
        if fact is None:
            return Markup("")
        date = self.history.last_changed.get(f"{fact.kind}/{fact.path.name}")
        if date is None:
            return Markup("")
        return Markup("Last changed on {}; see the [changes]({}).").format(
            escape(human_date(date)), Markup(relative("changes.md", page_path(fact.kind, fact.id))))

    # --- pages -----------------------------------------------------------------

    def pages(self) -> dict[str, str]:
        """Every generated page, in a stable order."""
        from .overview import Overview

        out: dict[str, str] = {}
        for kind in KINDS:
            render = getattr(self, f"_{SINGULAR[kind]}")
            for fact in self.record.by_kind[kind]:
                out[page_path(kind, fact.id)] = render(fact)
            out[f"{kind}/index.md"] = self._index(kind)
        out.update(Overview(self, self.history).pages())
        return out

    def _event(self, fact: LoadedFact) -> str:
        m = fact.model
        assert isinstance(m, Event)
        events = self.record.by_kind["events"]
        i = self._event_pos[fact.id]
        return self._render(
            "event.md.j2", page_path("events", fact.id), fact, title=m.title,
            summary=sanitize(m.summary),
            figures=self.record.pointing_at(fact.id, "figures", "event"),
            related=[self.record.index[r] for r in m.related if r in self.record.index],
            previous=events[i - 1] if i > 0 else None,
            next=events[i + 1] if i + 1 < len(events) else None,
        )

    def _figure(self, fact: LoadedFact) -> str:
        m = fact.model
        assert isinstance(m, Figure)
        peers, total = self._peers(fact)
        direction = ""
        if m.from_ or m.to:
            direction = "from " + SIDE_NAMES.get(m.from_ or "unknown", "?") if m.from_ else ""
            direction += (" to " if direction else "to ") + SIDE_NAMES[m.to] if m.to else ""
        disagreements = []
        for d in self.record.disagreements_of.get(fact.id, []):
            other = d.second if d.first == fact.id else d.first
            om = self.record.index[other].model
            assert isinstance(om, Figure)
            text = ("same date, different number" if d.rule == "same-date" else
                    "a cumulative count that is lower than an earlier one")
            disagreements.append({"other": other, "text": f"{number(om)} as of {when(om.as_of)}; {text}"})
        return self._render(
            "figure.md.j2", page_path("figures", fact.id), fact, title=m.title,
            peers=peers, peers_total=total, direction=direction,
            status_text=STATUS_TEXT[self.record.status[fact.id]], disagreements=disagreements,
        )

    def _peers(self, fact: LoadedFact) -> tuple[list[LoadedFact], int]:
        """Figures of the same measure, the closest in date first when there are many."""
        same = self.record.figures_by_measure[fact.model.measure]  # type: ignore[attr-defined]
        if len(same) <= PEERS_SHOWN:
            return same, len(same)
        measure = fact.model.measure  # type: ignore[attr-defined]
        keys = self._measure_keys.get(measure)
        if keys is None:
            keys = self._measure_keys[measure] = [f.model.as_of.sort_key() for f in same]  # type: ignore[attr-defined]
        i = bisect.bisect_left(keys, fact.model.as_of.sort_key())  # type: ignore[attr-defined]
        lo = max(0, min(i - PEERS_SHOWN // 2, len(same) - PEERS_SHOWN))
        return same[lo:lo + PEERS_SHOWN], len(same)

    def _source(self, fact: LoadedFact) -> str:
        m = fact.model
        assert isinstance(m, Source)
        return self._render(
            "source.md.j2", page_path("sources", fact.id), fact, title=m.title,
            language=language_name(m.language) if m.language else "",
            cited_by=self.record.pointing_at(fact.id, "sources", "cites"),
            events=self.record.pointing_at(fact.id, "events", "sources"),
            figures=self.record.pointing_at(fact.id, "figures", "sources"),
        )

    def _actor(self, fact: LoadedFact) -> str:
        m = fact.model
        assert isinstance(m, Actor)
        return self._render(
            "actor.md.j2", page_path("actors", fact.id), fact, title=m.name,
            members=self.record.pointing_at(fact.id, "actors", "member_of"),
            figures=self.record.pointing_at(fact.id, "figures", "claimed_by"),
            events=self.record.pointing_at(fact.id, "events", "actors"),
            published=self.record.pointing_at(fact.id, "sources", "publisher"),
        )

    def _place(self, fact: LoadedFact) -> str:
        m = fact.model
        assert isinstance(m, Place)
        return self._render(
            "place.md.j2", page_path("places", fact.id), fact, title=m.name,
            country=COUNTRY_NAMES.get(m.country or "", m.country or ""),
            contains=self.record.pointing_at(fact.id, "places", "within"),
            events=self.record.pointing_at(fact.id, "events", "places"),
        )

    def _index(self, kind: str) -> str:
        here = f"{kind}/index.md"
        h = self._helpers(here)
        facts = self.record.by_kind[kind]
        groups: list[dict[str, Any]]
        if kind == "events":
            intro = "Every event in the record, in date order."
            groups = [{"title": "", "anchor": "", "columns": ["Date", "Event", "Kind"],
                       "rows": [[when(f.model.span), h["ref"](f.id), words(f.model.kind)] for f in facts]}]
        elif kind == "figures":
            intro = ("Every figure, grouped by what it counts. Figures of one measure are "
                     "compared with each other; see the " + "methodology for the statuses.")
            groups = []
            for measure, figs in self.record.figures_by_measure.items():
                groups.append({
                    "title": measure, "anchor": f"measure-{measure}", "columns": FIGURE_COLUMNS,
                    "lines": [self.figure_row(f.id) for f in figs],
                })
        elif kind == "sources":
            intro = "Every source the record cites: statements, channels, agency reports, articles."
            groups = [{"title": "", "anchor": "", "columns": ["Published", "Source", "Kind", "Publisher"],
                       "rows": [[when(f.model.published), h["ref"](f.id), words(f.model.kind),
                                 h["ref"](f.model.publisher) if f.model.publisher else ""]
                                for f in sorted(facts, key=lambda f: (f.model.published.sort_key(), f.id))]}]
        elif kind == "actors":
            intro = "States, bodies, officials, outlets and unnamed sources, by side."
            groups = []
            for side, name in SIDE_NAMES.items():
                members = [f for f in facts if f.model.side == side]
                if members:
                    groups.append({"title": name[0].upper() + name[1:], "anchor": f"side-{side}",
                                   "columns": ["Actor", "Kind"],
                                   "rows": [[h["ref"](f.id), words(f.model.kind)] for f in members]})
        else:
            intro = "Countries, regions, cities and sites named in the record."
            groups = [{"title": "", "anchor": "", "columns": ["Place", "Kind", "Country"],
                       "rows": [[h["ref"](f.id), words(f.model.kind), f.model.country or ""] for f in facts]}]
        for group in groups:
            group.setdefault("rows", [])
            group.setdefault("lines", [])
        return self._render("index.md.j2", here, None, title=KIND_TITLES[kind],
                            heading=KIND_TITLES[kind], intro=intro, groups=groups,
                            front={"search": {"boost": 0.5}})  # lists: below the facts they list


# --- formatting ------------------------------------------------------------------

def _finalize(value: Any) -> Any:
    if value is None:
        return ""
    return escape(value)


def _front_matter(data: dict[str, Any]) -> str:
    # JSON is YAML: every value is quoted, so no title can break the front matter.
    return "\n".join(f"{key}: {json.dumps(value, ensure_ascii=False, sort_keys=True)}"
                     for key, value in data.items())


def when(value: PartialDate | DateSpan) -> Markup:
    return escape(value.human())


def words(slug: str) -> Markup:
    return escape(slug.replace("-", " "))


def number(fig: Figure) -> Markup:
    return escape(f"{fig.display_value()} {fig.unit}")


def language_name(tag: str) -> str:
    try:
        return Locale.parse(tag, sep="-").get_display_name("en") or tag
    except (ValueError, UnknownLocaleError):
        return tag


def render_pages(record: Record, templates_dir: Path | None = None,
                 history: History | None = None) -> dict[str, str]:
    """The pure `record -> pages` function behind both adapters."""
    return Renderer(record, templates_dir, history).pages()


def render_assets(record: Record) -> dict[str, bytes]:
    """Files published beside the pages: ledger charts and data downloads."""
    from .chart import draw
    from .export import data_files
    from .overview import Overview

    return {**draw(Overview(Renderer(record)).charts()), **data_files(record)}


@dataclass
class RenderedSite:
    """The generated pages and files; the charts may still be drawing elsewhere.

    `charts` are the paths of the files `finish()` returns; an adapter that can
    wait (MkDocs renders every page's Markdown first) asks for them late.
    """

    pages: dict[str, str]
    files: dict[str, bytes]
    charts: list[str]
    _collect: Callable[[], dict[str, bytes]] = field(repr=False)
    _done: dict[str, bytes] | None = field(default=None, repr=False)

    def finish(self) -> dict[str, bytes]:
        """The charts' SVG bytes by path, waiting for them if need be."""
        if self._done is None:
            self._done = self._collect()
        return self._done


def render_site(record: Record, templates_dir: Path | None = None,
                history: History | None = None) -> RenderedSite:
    """`render_pages` and `render_assets` at once: with a spare core, the charts
    are drawn in another process meanwhile."""
    from .chart import draw_in_background
    from .export import data_files
    from .overview import Overview

    renderer = Renderer(record, templates_dir, history)
    charts = Overview(renderer).charts()
    collect = draw_in_background(charts)
    return RenderedSite(renderer.pages(), data_files(record), list(charts), collect)


def expand_markers(markdown: str, record: Record, page: str) -> str:
    """A hand-written page with `<!-- exchange-record: summary -->` gets the home summary."""
    from .overview import Overview

    return Overview(Renderer(record)).expand(markdown, page)


def redirects(record: Record) -> dict[str, str]:
    """Old page -> current page, for every `previous_ids` entry."""
    return {page_path(f.kind, old): page_path(f.kind, f.id)
            for kind in KINDS for f in record.by_kind[kind] for old in f.model.previous_ids}


__all__ = ["expand_markers", "page_path", "redirects", "render_assets", "render_pages", "render_site"]

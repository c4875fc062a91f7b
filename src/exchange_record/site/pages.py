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
import datetime as dt
import html
import json
import re
import string
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2
import jinja2.bccache
from markupsafe import Markup

from ..rebuild import KeptTexts
from ..record.build import Record
from ..record.compare import MATCH_READINGS
from ..record.dates import DateSpan, PartialDate
from ..record.kinds import KINDS
from ..record.load import LoadedFact
from ..record.models import COUNTRY_NAMES, Actor, Citation, Event, Figure, Place, Reading, Source
from ..record.translations import Translation
from . import collation
from .blocks import html_blocks
from .history import History, human_date
from .locale import ENGLISH, Locale
from .markdown import escape, escape_block, folded, link, relative, url_link
from .packed import Packed, PageTexts
from .reads import NAMESPACES, Item, PageMemo, Reads, tracked
from .summary import summary_html
from .words import METHODOLOGY, SIDES, Words, fact_source_path, page_path

#: At most this many figures of the same measure on a figure page (the closest in
#: date); the full list is on the figures index. Keeps pages small and builds linear.
#: Front matter of the pages that list facts (the indexes, timeline, ledger): left
#: out of the search index, whose results are the fact pages those lists repeat, row
#: by row (at 10,000 facts the lists were a third of the index). They stay one tab
#: away in the navigation.
LISTING: dict[str, Any] = {"search": {"exclude": True}}
PEERS_SHOWN = 12
_UNSEEN = object()
#: At most this many events "in the same period" on an event page (the nearest in the
#: record's order); the timeline lists them all.
SAME_PERIOD_SHOWN = 6
#: characters an HTML attribute built here keeps as they are; every other ASCII
#: character becomes a character reference, so Markdown finds nothing to act on
_ATTRIBUTE_KEEP = frozenset(string.ascii_letters + string.digits + " ,.:;-/")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
#: what a link's address keeps as written (the rest is percent-encoded)
_LINK_SAFE = "/:?#[]@!$&'()*+,;=%-._~"


def attribute(text: str) -> Markup:
    """`text` as the value of an HTML attribute written into Markdown (a `title`):
    quotes, brackets, backticks, pipes and the like as character references, so
    neither Markdown nor a table can read them, and the attribute cannot end early."""
    return Markup("".join(ch if ch in _ATTRIBUTE_KEEP or (ord(ch) > 127 and ch.isprintable())
                          else f"&#{ord(ch)};" for ch in text))


def filter_marks(key: str, values: Iterable[str]) -> Markup:
    """Values of an index row that no column shows, for the index filters
    (theme/assets/exchange-record/record.js): empty spans, so nothing to see,
    and no text, so nothing for the search index. Empty values are left out."""
    return Markup("").join(Markup('<span class="record-filter-row-{}" title="{}"></span>').format(
        key, attribute(value)) for value in values if value)


def readings_of(m: object) -> list[tuple[Reading, Citation | None]]:
    """A figure's or event's readings: its own (citation None), then its citations'."""
    if not isinstance(m, (Figure, Event)):
        return []
    return [(r, None) for r in m.readings] + [(r, c) for c in m.citations for r in c.readings]


def direction_is_read(m: Figure) -> bool:
    """Whether the record chose the figure's direction where its sources do not force one."""
    return any(r.of == "direction" for r, _c in readings_of(m))


def corrections_problem(address: str) -> str | None:
    """Why `address` cannot take readers' corrections, or None: `mailto:` with one
    address, or an https address with a host."""
    if address.startswith("mailto:"):
        mailbox = address.removeprefix("mailto:")
        local, at, domain = mailbox.rpartition("@")
        if (at and local and "." in domain and all(ch.isalnum() or ch in ".-" for ch in domain)
                and all(ch.isprintable() and ch not in ' "<>()[]\\,;:?&#%' for ch in local)):
            return None
        return f"`{address}` is not a mailto: address with one mailbox (e.g. mailto:corrections@example.org)"
    parts = urlsplit(address)
    if (parts.scheme == "https" and parts.hostname and not parts.fragment
            and all(ch.isprintable() and not ch.isspace() and ch not in '"<>`{}|\\^' for ch in address)):
        return None
    return f"`{address}` is neither a mailto: address nor an https:// address with a host"


def correction_url(address: str, kind: str, fid: str) -> str:
    """Where a reader reports a correction to `kind/fid`, with the fact's id filled in."""
    if address.startswith("mailto:"):
        return f"{address}?subject=" + quote(f"Correction: {kind}/{fid}", safe=":/")
    return address + ("&" if urlsplit(address).query else "?") + "fact=" + quote(f"{kind}/{fid}", safe="/")


class CompiledTemplates(jinja2.BytecodeCache):
    """Templates compiled once per process, not once per environment: every build
    of every language makes its environments anew (ours here, the theme's in
    MkDocs), and compiling was a tenth of a `mkdocs serve` rebuild. Jinja checks
    each template's source against the code's before it reuses it. Only for
    environments of the same settings (the gettext callables are looked up when a
    page is rendered, so the languages share the code)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if (code := self.code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


_COMPILED = CompiledTemplates()


def template_environment(templates_dir: Path | None, locale: Locale) -> jinja2.Environment:
    """Our templates (overridable by name from `templates_dir`), with gettext
    from the page's locale (`{{ _("…") }}`)."""
    loaders: list[jinja2.BaseLoader] = []
    if templates_dir is not None:
        loaders.append(jinja2.FileSystemLoader(str(templates_dir)))
    loaders.append(jinja2.PackageLoader("exchange_record.site", "templates"))
    env = jinja2.Environment(
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
        extensions=["jinja2.ext.i18n"],
        bytecode_cache=_COMPILED,
    )
    # added to the environment by the i18n extension, so unknown to the type checker
    env.install_gettext_callables(locale._, locale.ngettext, newstyle=True)  # type: ignore[attr-defined]
    return env


#: the commits a fact page lists in its history (the rest are on the Changes page)
HISTORY_SHOWN = 5


class Renderer:
    """Fact pages and kind indexes; `helpers` and `render` serve the overview pages too."""

    def __init__(self, record: Record, templates_dir: Path | None = None,
                 history: History | None = None, locale: Locale = ENGLISH, corrections: str = "",
                 directory_urls: bool = True) -> None:
        if corrections and (problem := corrections_problem(corrections)):
            raise ValueError(f"corrections: {problem}")
        #: the record as built; `self.record` is the same, noting what each page reads of it
        #: (site/reads.py): the overview pages, never kept, read this one
        self.raw = record
        self.reads = Reads()
        self.record = tracked(record, self.reads)
        self.memo = PageMemo()  # the last `finish_memo`: the fact pages and fragments, with what each read
        self._memo_pages: dict[str, tuple[Packed, frozenset[Item]]] = {}
        self._setting = ""
        self._values: dict[Item, Any] = {}  # each entry's value in this record (`_now`)
        self.history = history or History()
        self.locale = locale
        self.corrections = corrections
        #: the engine's URL style, for the links of the blocks written as HTML (site/blocks.py)
        self.directory_urls = directory_urls
        #: the large blocks written as HTML, this build's and (given by `build_site`) the last
        #: one's. A fact page taken from the memo asks for none of its blocks, which are then
        #: not kept for the build after: at 16 kB (rebuild.py `LARGE`) a fact page's tables
        #: seldom are; the indexes and overview pages, made on every build, keep theirs.
        self.blocks = KeptTexts()
        self.w = Words(locale)
        self.env = template_environment(templates_dir, locale)
        events = record.by_kind["events"]
        self._event_pos = {f.id: i for i, f in enumerate(events)}
        # In time: events are in the record's order (by the last day each could be).
        # Before event i, surely: those ending before it starts (a bisection);
        # after it, surely: from the first later one that starts after it ends
        # (that index never goes down as i goes up: one sweep).
        spans = [f.event.span for f in events]
        self._event_last = [s.last_day() for s in spans]
        self._event_after: list[int] = []
        j = 0
        for i, span in enumerate(spans):
            j = max(j, i + 1)
            while j < len(spans) and spans[j].first_day() <= span.last_day():
                j += 1
            self._event_after.append(j)
        #: the fragments pages share (a figure's row, a link to a fact, its reading marker,
        #: a claim), each with what it read, by (kind, folder, id); those of the last build
        #: whose reads did not change since are taken as they were (`pages`)
        self._fragments: dict[tuple[str, str, str], tuple[Markup, frozenset[Item]]] = {}
        self._carried: dict[tuple[str, str, str], tuple[Markup, frozenset[Item]]] = {}
        self._helpers_by_folder: dict[str, dict[str, Any]] = {}
        self._measure_keys: dict[str, list[tuple[int, int, int, int]]] = {}
        self._figures_helpers = self.helpers("figures/index.md")

    def figure_row(self, fid: str, this: bool = False, marks: Markup | None = None) -> Markup:
        """The figure's row in a side-by-side table, as seen from `figures/`.

        Figure pages and the figures index share that folder, so each row is
        rendered once and reused on every page that lists the figure.
        """
        cached = self.fragment("row", "figures", fid)
        if cached is None:
            h = self._figures_helpers
            with self.reads.frame() as read:
                m = self.record.index[fid].figure
                w = self.w
                cells = [w.mention(m), w.words(m.scope), w.when(m.as_of), h["ref"](m.claimed_by),
                         h["side_of"](m.claimed_by), h["status"](fid)]
                row = Markup(" | ").join(cells) + Markup(" |")
            self.keep_fragment("row", "figures", fid, row, read)
        else:
            row = cached
        if this:
            first = Markup("**{}**").format(self.locale._("this figure")) + self._figures_helpers["mark"](fid)
        else:
            first = self._figures_helpers["ref"](fid)
        return Markup(f"| {first}{marks or ''} | {row}")  # all parts are Markup already

    def fragment(self, kind: str, folder: str, fid: str) -> Markup | None:
        """A shared fragment made already, in this build or (its reads unchanged) the last;
        what it read is read again by the page asking."""
        key = (kind, folder, fid)
        made = self._fragments.get(key)
        if made is None:
            made = self._carried.pop(key, None)
            if made is None:
                return None
            self._fragments[key] = made
        self.reads.replay(made[1])
        return made[0]

    def keep_fragment(self, kind: str, folder: str, fid: str, made: Markup, read: set[Item]) -> None:
        """A fragment made now, with what it read (`fragment` gives it back)."""
        self._fragments[(kind, folder, fid)] = (made, self.reads.kept(read))

    # --- helpers the templates call; each returns Markup ----------------------

    def helpers(self, here: str) -> dict[str, Any]:
        """The template helpers for links from the page `here`.

        Relative links depend only on the page's folder, so the helpers (and
        the links they have made) are shared by every page of a folder.
        """
        folder = here.rpartition("/")[0]
        cached = self._helpers_by_folder.get(folder)
        if cached is None:
            page = folder + "/page.md" if folder else "page.md"
            cached = self._helpers_by_folder[folder] = self._make_helpers(page)
        return cached

    def _make_helpers(self, here: str) -> dict[str, Any]:
        record = self.record
        w = self.w
        _ = self.locale._
        reads = self.reads
        # Links, markers and claims are fragments: kept with what each read, for the pages
        # that use them (site/reads.py), from build to build.
        folder = here.rpartition("/")[0]
        fragment, keep = self.fragment, self.keep_fragment

        def mark(fid: str) -> Markup:
            """The reading marker of a figure or event, wherever it is shown: nothing if
            the record read nothing in it."""
            cached = fragment("mark", folder, fid)
            if cached is not None:
                return cached
            with reads.frame() as read:
                fact = record.index.get(fid)
                readings = readings_of(fact.model) if fact is not None else []
                made = Markup("")
                if fact is not None and readings:
                    own = any(c is None for _r, c in readings)
                    target = page_path(fact.kind, fid) + ("#readings" if own else "#sources")
                    made = self.reading_marker(fact, readings, target, here)
            keep("mark", folder, fid, made, read)
            return made

        def ref(fid: str) -> Markup:
            """A link to the fact, by its title or name, with its reading marker."""
            cached = fragment("link", folder, fid)
            if cached is not None:
                return cached
            with reads.frame() as read:
                fact = record.index.get(fid)
                if fact is None:
                    return escape(fid)
                made = link(self.label(fact), page_path(fact.kind, fid), here) + mark(fid)
            keep("link", folder, fid, made, read)
            return made

        def refs(ids: Iterable[str | LoadedFact]) -> Markup:
            return Markup(", ").join(ref(i if isinstance(i, str) else i.id) for i in ids)

        def citation(c: Citation, fact: LoadedFact | None = None) -> Markup:
            """A list item: the source, where in it, the quote as said (marked with its
            language), the translation and who made it, and the readings of its words;
            the record's words in the page's language where `fact`'s translation gives them."""
            words = self._in_citations(fact) if fact is not None and self.locale.code != "en" else {}

            def own(obj: object, attr: str, english: str) -> Markup:
                said = words.get((id(obj), attr))
                return escape(said) if said is not None else self._english(escape(english))
            source = record.index.get(c.source)
            model = source.model if source is not None and isinstance(source.model, Source) else None
            text = ref(c.source)
            if model is not None:
                text += Markup(" ({}, {})").format(w.words(model.kind), w.when(model.published))
            if c.locator:
                text += Markup(", ") + own(c, "locator", c.locator)
            out = Markup("- ") + text
            page = self.locale.code
            if c.quote:
                lang = c.language or (model.language if model is not None else None)
                foreign = bool(lang) and not str(lang).lower().startswith("en")
                if foreign or c.translation:
                    said = (_("Quote, in {language}:").format(language=w.language(str(lang))) if lang
                            else _("Quote:"))
                    out += Markup("\n\n    ") + escape(said)
                # marked with its language where that is not the page's (an English quote too,
                # on a Ukrainian or Russian page)
                other = bool(lang) and str(lang).lower().split("-")[0] != page
                out += Markup("\n\n") + _quote_block(c.quote, str(lang) if other else None)
                if c.translation:  # into English
                    if c.translated_by:  # the translator's name, as the record writes it (in English)
                        before, _who, after = _("Translation by {who}:").partition("{who}")
                        by = _spaced(before) + own(c, "translated_by", c.translated_by) + _spaced(after)
                    else:
                        by = escape(_("Translation (translator not stated):"))
                    out += (Markup("\n\n    ") + by + Markup("\n\n")
                            + _quote_block(c.translation, None if page == "en" else "en"))
            for r in c.readings:
                out += Markup("\n\n    ") + Markup('<small class="reading">{}</small> {}').format(
                    _("Reading of {what}:").format(what=w.reading(r.of)), own(r, "because", r.because))
            return out + Markup("\n") if c.quote or c.readings else out

        not_seen = Markup(' <small class="not-seen" title="{}">({})</small>').format(
            attribute(f"{w.not_seen}: {w.not_seen_text}"),
            link(w.not_seen, f"{METHODOLOGY}#primary-not-seen", here))

        def status(fid: str, flag: bool = True) -> Markup:
            """The figure's status, linked to its rule, and (with `flag`) the
            primary-not-seen flag."""
            name = record.status.get(fid, "single-claimant")
            out = link(_(name), f"{METHODOLOGY}#status-{name}", here)
            return out + not_seen if flag and fid in record.primary_not_seen else out

        def claim(fid: str) -> Markup:
            """`[1,212 bodies](figure) per [Medinsky](actor) (Russia), 11 June 2025`."""
            cached = fragment("claim", folder, fid)
            if cached is not None:
                return cached
            with reads.frame() as read:
                m = record.index[fid].model
                assert isinstance(m, Figure)
                made = (link(str(w.mention(m)), page_path("figures", fid), here) + mark(fid)
                        + Markup(" {} ").format(_("per")) + ref(m.claimed_by)
                        + Markup(" ({}), {}").format(w.side(record.side(m.claimed_by)), w.when(m.as_of)))
            keep("claim", folder, fid, made, read)
            return made

        def field_mark(fact: LoadedFact | None, *kinds: str) -> Markup:
            """On the fact's own page: a marker beside a field the record read."""
            readings = [(r, c) for r, c in readings_of(fact.model if fact else None)
                        if c is None and r.of in kinds]
            return self.reading_marker(fact, readings, "#readings", here) if fact and readings else Markup("")

        def correction(fact: LoadedFact | None) -> Markup:
            """"Report a correction", with the fact's id filled in, when the site takes them."""
            if fact is None or not self.corrections:
                return Markup("")
            target = correction_url(self.corrections, fact.kind, fact.id)
            return Markup("[{}](<{}>) {}").format(
                _("Report a correction"), Markup(quote(target, safe=_LINK_SAFE)),
                # the id as text: a code span's padding showed as «( sources/…)»
                Markup(_("to this fact ({})")).format(Markup("{}/{}").format(fact.kind, fact.id)))

        def measure_link(measure: str) -> Markup:
            return link(w.measure_title(measure), f"figures/index.md#measure-{measure}", here)

        def url_to(target: str) -> Markup:
            path, _, anchor = target.partition("#")
            return Markup(relative(path, here) + (f"#{anchor}" if anchor else ""))

        return {
            "dd_list": dd_list,
            "ref": ref, "refs": refs, "citation": citation, "status": status, "mark": mark,
            "claim": claim, "field_mark": field_mark, "correction": correction,
            "measure_link": measure_link, "when": w.when, "words": w.words, "number": w.number,
            "mention": w.mention, "measure_title": w.measure_title,
            "side": lambda s: escape(w.side(s)),
            "side_of": lambda aid: escape(w.side(record.side(aid))),
            "block": _block, "url": url_link, "figure_row": self.figure_row,
            "url_to": url_to, "last_changed": self._last_changed,
        }

    def readings_label(self, readings: Sequence[tuple[Reading, Citation | None]]) -> str:
        """`reading: direction`, `readings: scope, date`: what the record read, in the page's language."""
        _ = self.locale._
        kinds = list(dict.fromkeys(self.w.reading(r.of) for r, _c in readings))
        return (_("reading: {}") if len(kinds) == 1 else _("readings: {}")).format(", ".join(kinds))

    def reading_marker(self, fact: LoadedFact, readings: Sequence[tuple[Reading, Citation | None]],
                       target: str, here: str) -> Markup:
        """` (reading: direction)`, linked to where the readings are written out, the
        `because` of each in its `title` (shown on hover), in the page's language where
        the fact's translation gives its readings' reasons."""
        _, w = self.locale._, self.w
        own = list(getattr(fact.model, "readings", None) or [])
        reasons = self._reasons(fact)
        translated = {id(r): reason for r, reason in zip(own, reasons, strict=True)} if reasons else {}
        translated.update({key: text for (key, attr), text in self._in_citations(fact).items()
                           if attr == "because"})
        label = self.readings_label(readings)
        lines = []
        for r, c in readings:
            what = w.reading(r.of)
            if c is not None:
                source = self.record.index.get(c.source)
                what = _("{reading}, citing {source}").format(
                    reading=what, source=self.label(source) if source else c.source)
            lines.append(f"{what}: {folded(translated.get(id(r), r.because))}")  # `1 212` kept whole
        return Markup(' <small class="reading" title="{}">({})</small>').format(
            attribute("\n".join(lines)), link(label, target, here))

    # --- a fact's own text in the page's language ---------------------------------

    def translation(self, fact: LoadedFact) -> Translation | None:
        """The fact's translation into the page's language; None in English or where
        there is none."""
        return None if self.locale.code == "en" else fact.translation(self.locale.code)

    def label(self, fact: LoadedFact) -> str:
        """The fact's title or name in the page's language, or in English."""
        t = self.translation(fact)
        translated = (t.text("title") or t.text("name")) if t is not None else None
        return translated or fact.model.label()

    def text(self, fact: LoadedFact, name: str) -> tuple[str | None, bool]:
        """A field of the fact in the page's language: (text, shown in English)."""
        english = getattr(fact.model, name, None)
        t = self.translation(fact)
        translated = t.text(name) if t is not None else None
        if translated:
            return translated, False
        return english, self.locale.code != "en" and english is not None

    def translation_note(self, fact: LoadedFact) -> Markup:
        """Under a fact page's title, in a language other than English: whether its
        text is translated, by whom, reviewed or not, and up to date or not."""
        if self.locale.code == "en":
            return Markup("")
        _ = self.locale._
        t = self.translation(fact)
        if t is None:
            return _page_note("note", _("Not yet translated"),
                              _("This fact's text is not translated yet; it is shown in English."))
        lines = []
        if t.stale:
            lines.append(_("The English text has changed since this translation was made; it may be "
                           "out of date."))
        if t.missing:
            lines.append(_("Some parts are not translated yet and are shown in English."))
        if not t.reviewed:
            lines.append(_("Translation by {by}, not yet reviewed by a fluent speaker. Words in "
                           "quotation marks are translated from the English unless a source below "
                           "gives them as said.").format(by=t.by))
        else:
            lines.append(_("Translation by {by}.").format(by=t.by))
        kind = "warning" if t.stale else "note"
        title = (_("Translation may be out of date") if t.stale else
                 _("Unreviewed translation") if not t.reviewed else _("Translation"))
        return _page_note(kind, title, " ".join(lines))

    def render(self, template: str, here: str, fact: LoadedFact | None, **context: Any) -> str:
        """A page from `template`, with the helpers for links from `here`."""
        # Themes print the front-matter title as HTML (Material does, in the
        # header): escape it, so that a title is always text.
        front: dict[str, Any] = {"title": html.escape(" ".join(context.pop("title").split()), quote=False)}
        if fact is not None:
            front["tags"] = self._tags(fact)
            front["search"] = {"boost": 2}  # a fact's own page first
            front["edit_path"] = fact_source_path(fact, self.record.root.name)
            front["description"] = _attribute_text(self.describe(fact))
            if readings := readings_of(fact.model):
                # for the pages that list it by title alone (the tags page): its readings
                own = any(c is None for _r, c in readings)
                front["record_reading"] = {"label": self.readings_label(readings),
                                           "anchor": "readings" if own else "sources"}
        elif (updated := self.updated()) is not None:  # a fact page says when it last changed, below
            front["updated"] = updated
        front.update(context.pop("front", {}))
        model: Any = None
        if fact is not None:
            model = _Localized(fact.model, self.translation(fact), self.locale.code != "en")
            context.setdefault("note", self.translation_note(fact))
            english_title = self.locale.code != "en" and self.label(fact) == fact.model.label()
            context.setdefault("heading_attrs", Markup(' { lang="en" }') if english_title else Markup(""))
        return html_blocks(self.env.get_template(template).render(
            **self.helpers(here), fact=fact, m=model,
            front_matter=Markup(_front_matter(front)), **context,
        ), here, self.directory_urls, self.blocks)

    def updated(self, *dates: str | None, record: bool = True) -> str | None:
        """`Last updated 29 November 2026.`: the newest of `dates` (ISO days) and, with
        `record`, the day the record last changed; None when none is known (outside git)."""
        touched = next((c.date for c in self.history.commits if c.touches), None) if record else None
        known = sorted(d for d in (*dates, touched) if d and _DAY.fullmatch(d))
        if not known:
            return None
        try:
            day = dt.date.fromisoformat(known[-1])
        except ValueError:  # a commit's clock gave no real day
            return None
        when = self.locale.date(PartialDate(day.year, day.month, day.day))
        return self.locale._("Last updated {date}.").format(date=when)

    def describe(self, fact: LoadedFact) -> str:
        """One plain sentence on the fact, for link previews and search results."""
        m, w = fact.model, self.w
        if isinstance(m, Figure):
            claimant = self.record.index.get(m.claimed_by)
            who = self.label(claimant) if claimant else m.claimed_by
            return (f"{w.plain_mention(m)}, {self.locale._('per')} {who} "
                    f"({w.side(self.record.side(m.claimed_by))}), {self.locale.date(m.as_of)}; "
                    f"{self.locale._(self.record.status[fact.id])}.")
        if isinstance(m, Event):
            return f"{self.locale.date(m.span)}: {self.label(fact)}."
        if isinstance(m, Source):
            return f"{self.locale._(m.kind.replace('-', ' '))}, {self.locale.date(m.published)}."
        if isinstance(m, Actor):
            return f"{self.locale._(m.kind.replace('-', ' '))}, {w.side(m.side)}."
        if isinstance(m, Place):
            return f"{self.locale._(m.kind)}."
        return self.label(fact)

    def _country(self, code: str | None) -> str:
        """The country's name: `Türkiye` in English, in the page's language elsewhere
        (CLDR); the template prints its code after it (`Türkiye (TR)`)."""
        if not code:
            return ""
        english = str(COUNTRY_NAMES.get(code, code))
        if self.locale.code == "en":
            return english
        return str(self.locale.babel.territories.get(code) or "") or english

    def _tags(self, fact: LoadedFact) -> list[str]:
        """Kind of fact, its own kind, and the side it belongs to, for Material's tags index."""
        m = fact.model
        _ = self.locale._
        tags = [_(KINDS[fact.kind].singular)]
        # Kinds are a fixed list; measures are free text, so they and the sides
        # carry a prefix: a measure called `russia` and the side Russia are two
        # tags with two anchors on the tags page.
        kind = getattr(m, "kind", None)
        if kind:
            tags.append(_(str(kind).replace("-", " ")))
        if isinstance(m, Figure):  # "remains returned to Ukraine": the title's first letter
            # lowered (not an acronym's), its names' kept
            title = self.w.measure_title(m.measure)
            lowered = title if title[1:2].isupper() else title[:1].lower() + title[1:]
            tags.append(_("measure") + ": " + lowered)
        side = self.record.side(m.claimed_by) if isinstance(m, Figure) else getattr(m, "side", None)
        if side == "unknown":  # not "side: side unknown"
            tags.append(_("side: not known"))
        elif side == "third-party":  # not «сторона: третя сторона»
            tags.append(_("side: third party"))
        elif side:
            tags.append(_("side") + ": " + self.w.side(side))
        return tags

    def _day(self, date: str) -> str:
        """A commit's day in the page's language; a wrong clock's date as git gives it."""
        try:
            day = dt.date.fromisoformat(date)
            return self.locale.date(PartialDate(day.year, day.month, day.day))
        except ValueError:
            return human_date(date)

    def _last_changed(self, fact: LoadedFact | None) -> Markup:
        """When the fact's file last changed, and its history: each commit that added,
        changed or renamed it, newest first, with the reason it gives (the contributor's
        English), so that a reader sees whether and why a figure was corrected."""
        if fact is None:
            return Markup("")
        path = f"{fact.kind}/{fact.path.name}"
        date = self.history.last_changed.get(path)
        if date is None:
            return Markup("")
        _ = self.locale._
        changes = Markup(relative("changes.md", page_path(fact.kind, fact.id)))
        said = Markup(_("Last changed on {}; see the [changes]({}).")).format(
            escape(self._day(date)), changes)
        commits = self.history.commits_of.get(path, [])
        if not commits:
            return said
        lines = [Markup("- {}: {} ({} `{}`)").format(
            escape(self._day(c.date)), self._english(escape(c.subject)), _("commit"), c.sha[:7])
            for c in commits[:HISTORY_SHOWN]]
        if len(commits) > HISTORY_SHOWN:
            lines.append(Markup("- ") + Markup(_("and {n} earlier: see the [changes]({url}).")).format(
                n=self.locale.number(len(commits) - HISTORY_SHOWN), url=changes))
        return (said + Markup("\n\n") + escape(_("This fact's history, newest first:")) + Markup("\n\n")
                + Markup("\n").join(lines))

    # --- pages -----------------------------------------------------------------

    def pages(self, memo: PageMemo | None = None, setting: str = "") -> PageTexts:
        """Every fact page and kind index, in a stable order (held packed: site/packed.py).

        With the `memo` of an earlier build of the same `setting` (site/reads.py), a
        fact page none of whose reads changed since is taken from it as it was (the
        same `Packed`); `finish_memo` then makes this build's."""
        context = {"actors": self._actor, "places": self._place, "sources": self._source,
                   "events": self._event, "figures": self._figure}
        then: dict[str, tuple[Packed, frozenset[Item]]] = {}
        changed: set[Item] = set()
        if memo is not None and memo.setting == setting:
            then, changed = memo.pages, memo.changed(self._now)
            self._carried = {key: made for key, made in memo.fragments.items() if made[1].isdisjoint(changed)}
        pages: dict[str, tuple[Packed, frozenset[Item]]] = {}
        out = PageTexts()
        for kind, entry in KINDS.items():
            for fact in self.raw.by_kind[kind]:
                here = page_path(kind, fact.id)
                kept = then.get(here)
                if kept is not None and kept[1].isdisjoint(changed):
                    out[here], pages[here] = kept[0], kept
                    continue
                with self.reads.frame() as read:
                    self.reads.add("index", fact.id)
                    made = Packed.of(self.render(entry.template, here, fact, title=self.label(fact),
                                                 **context[kind](fact)))
                out[here], pages[here] = made, (made, frozenset(read))
            out[f"{kind}/index.md"] = self._index(kind)
        # `self.memo` is made when asked for (`finish_memo`), once the overview pages
        # have added their fragments: making it here too was 0.2 s a build at 10,000 facts
        self._memo_pages, self._setting = pages, setting
        return out

    def finish_memo(self) -> PageMemo:
        """`self.memo`: this build's fact pages and fragments (the overview pages, made
        after `pages`, add fragments: call again after them), with every entry any of
        them read and its value now (for a kept page, unchanged since it was made);
        entries nothing reads any more are left behind."""
        pages, fragments = self._memo_pages, dict(self._fragments)
        items: set[Item] = set().union(*(seen for _text, seen in pages.values()),
                                       *(seen for _made, seen in fragments.values()))
        self.memo = PageMemo(self._setting, pages, {item: self._now(item) for item in items}, fragments,
                             self.blocks.now)
        return self.memo

    def _now(self, item: Item) -> Any:
        """The value of an entry of the record, as a rebuild compares it (site/reads.py)."""
        value = self._values.get(item, _UNSEEN)
        if value is _UNSEEN:
            ns, key = item
            if ns == "neighbours":
                value = self._neighbour_ids(key)
            elif ns == "*":
                value = None  # never compared: `PageMemo.changed`
            else:
                value = NAMESPACES[ns](self.raw, key)
            self._values[item] = value
        return value

    # Each kind's page context: what its template needs beyond the fact itself.

    def _neighbours(self, fid: str) -> tuple[int, int, list[int], int]:
        """An event's previous and next (positions among the events, -1 or past the
        end where none), the neighbours shown as "in the same period" and how many
        more there are."""
        events = self.raw.by_kind["events"]
        i = self._event_pos[fid]
        # Previous and next only where the dates say so; the neighbours whose dates
        # overlap this one's are "in the same period", in no order.
        before = bisect.bisect_left(self._event_last, events[i].event.span.first_day()) - 1
        after = self._event_after[i]
        same = [k for k in range(before + 1, after) if k != i]
        shown = sorted(sorted(same, key=lambda k: (abs(k - i), k))[:SAME_PERIOD_SHOWN])
        return before, after, shown, len(same) - len(shown)

    def _neighbour_ids(self, fid: str) -> tuple[str | None, str | None, tuple[str, ...], int] | None:
        if fid not in self._event_pos:
            return None
        events = self.raw.by_kind["events"]
        before, after, shown, more = self._neighbours(fid)
        return (events[before].id if before >= 0 else None, events[after].id if after < len(events) else None,
                tuple(events[k].id for k in shown), more)

    def _event(self, fact: LoadedFact) -> dict[str, Any]:
        m = fact.model
        assert isinstance(m, Event)
        # Which events are its neighbours (their ids): what each shows is read from the index.
        self.reads.add("neighbours", fact.id)
        events = self.raw.by_kind["events"]
        before, after, shown, more = self._neighbours(fact.id)
        h = self.helpers(page_path("events", fact.id))
        actors = [h["ref"](a) + (Markup(" ({})").format(self.w.words(role)) if (role := m.role_of(a)) else "")
                  for a in m.actor_ids]
        return dict(
            summary=self._summary(fact),
            figures=self.record.pointing_at(fact.id, "figures", "event"),
            related=[self.record.index[r] for r in m.related if r in self.record.index],
            previous=events[before] if before >= 0 else None,
            next=events[after] if after < len(events) else None,
            same_period=self._same_period([events[k] for k in shown], more, h),
            actors=Markup(", ").join(actors),
            readings=self._readings(fact),
        )

    def _summary(self, fact: LoadedFact) -> Markup:
        """The event's summary as HTML, in the page's language or, marked, in English."""
        text, english = self.text(fact, "summary")
        html_text = summary_html(text or "")
        return Markup('<div lang="en">\n{}\n</div>').format(html_text) if english else html_text

    def _same_period(self, events: list[LoadedFact], more: int, h: dict[str, Any]) -> list[Markup]:
        items = [Markup("{}: {}").format(self.w.when(e.event.span), h["ref"](e.id)) for e in events]
        if more:
            items.append(Markup(self.locale._("and {n} more: see the [timeline]({url})")).format(
                n=more, url=h["url_to"]("timeline.md")))
        return items

    def _reasons(self, fact: LoadedFact) -> tuple[str, ...] | None:
        """The reasons of the fact's own readings in the page's language, where its
        translation gives one for each; else None (they are shown in English)."""
        return self._listed(fact, "readings")

    def _listed(self, fact: LoadedFact, name: str) -> tuple[str, ...] | None:
        """A list of the fact's texts (models.py `LISTS`) in the page's language, where its
        translation gives one for each; else None (the list is shown in English)."""
        t = self.translation(fact)
        if t is None:
            return None
        given = t.lists.get(name, ())
        return given if given and len(given) == len(fact.model.english_list(name)) else None

    def _in_citations(self, fact: LoadedFact) -> dict[tuple[int, str], str]:
        """The fact's citations' words in the page's language, by (the id of the citation
        or of a reading in it, "locator" / "translated_by" / "because"), where its
        translation gives each list whole; what is missing is shown in English."""
        out: dict[tuple[int, str], str] = {}
        for name, attr in (("locators", "locator"), ("translators", "translated_by"),
                           ("citation_readings", "because")):
            texts = self._listed(fact, name)
            if texts:
                out.update({(id(holder), attr): text for (holder, _english), text
                            in zip(fact.model.list_items(name), texts, strict=True)})
        return out

    def _readings(self, fact: LoadedFact) -> list[dict[str, Markup]]:
        """The fact's own readings, for its Readings section: each reason in the page's
        language where the translation gives them all, else in English, marked so."""
        m = fact.model
        assert isinstance(m, (Figure, Event))
        reasons = self._reasons(fact)
        return [{"of": escape(self.w.reading(r.of)),
                 "because": escape_block(reasons[i]) if reasons else self._english(escape_block(r.because))}
                for i, r in enumerate(m.readings)]

    def _english(self, text: Markup) -> Markup:
        """The record's English text that has no translation field (a reading's reason),
        marked as English on a page in another language."""
        if self.locale.code == "en":
            return text
        return Markup('<span lang="en">{}</span>').format(text)

    def direction(self, m: Figure) -> str:
        """`from Russia to Ukraine`, `to Ukraine`, or "" when the figure states none."""
        _, w = self.locale._, self.w
        if m.from_ and m.to:
            return _("from {} to {}").format(w.side(m.from_), w.side(m.to))
        if m.from_:
            return _("from {}").format(w.side(m.from_))
        if m.to:
            return _("to {}").format(w.side(m.to))
        return ""

    def _figure(self, fact: LoadedFact) -> dict[str, Any]:
        m = fact.model
        assert isinstance(m, Figure)
        _, w = self.locale._, self.w
        peers, total = self._peers(fact, m)
        direction = self.direction(m)
        disagreements = []
        for d in self.record.disagreements_of.get(fact.id, []):
            other = d.second if d.first == fact.id else d.first
            om = self.record.index[other].model
            assert isinstance(om, Figure)
            text = (_("same date, different number") if d.rule == "same-date" else
                    _("a cumulative count that is lower than an earlier one"))
            disagreements.append({"other": other, "text": _("{number} as of {date}; {why}").format(
                number=w.mention(om), date=w.when(om.as_of), why=text)})
        status = self.record.status[fact.id]
        h = self.helpers(page_path("figures", fact.id))
        by = []
        for other in self.record.status_by.get(fact.id, ()):
            if other not in self.record.index:
                continue
            item = h["claim"](other)
            if status == "uncorroborated":
                item += Markup(" ({})").format(self._not_independent(m, self.record.index[other].figure))
            by.append(item)
        return dict(peers=peers, peers_total=total, direction=direction,
                    status_text=w.status_texts[status], disagreements=disagreements,
                    status_by=by, status_by_term=w.status_by_terms.get(status, ""),
                    not_seen=fact.id in self.record.primary_not_seen, readings=self._readings(fact))

    def _not_independent(self, a: Figure, b: Figure) -> str:
        """Why a matching figure does not confirm `a`: the rules of compare.statuses
        (`_independent`), in words and in the same order."""
        _ = self.locale._
        if any(r.of in MATCH_READINGS for m in (a, b) for r, _c in readings_of(m)):
            return _("the match rests on a reading")
        side_a, side_b = self.record.side(a.claimed_by), self.record.side(b.claimed_by)
        if side_a == side_b and side_a != "unknown":
            return _("same side")
        if not (self._named(a.claimed_by) or self._named(b.claimed_by)):
            return _("both claimants unnamed")
        return _("one relays the other")

    def _named(self, actor_id: str) -> bool:
        actor = self.record.index.get(actor_id)
        return actor is not None and isinstance(actor.model, Actor) and actor.model.kind != "unnamed-source"

    def _peers(self, fact: LoadedFact, m: Figure) -> tuple[list[LoadedFact], int]:
        """Figures of the same measure, the closest in date first when there are many."""
        same = self.record.figures_by_measure[m.measure]
        if len(same) <= PEERS_SHOWN:
            return same, len(same)
        keys = self._measure_keys.get(m.measure)
        if keys is None:
            keys = self._measure_keys[m.measure] = [f.figure.as_of.sort_key() for f in same]
        i = bisect.bisect_left(keys, m.as_of.sort_key())
        lo = max(0, min(i - PEERS_SHOWN // 2, len(same) - PEERS_SHOWN))
        return same[lo:lo + PEERS_SHOWN], len(same)

    def _source(self, fact: LoadedFact) -> dict[str, Any]:
        m = fact.model
        assert isinstance(m, Source)
        return dict(
            language=self.w.language(m.language) if m.language else "",
            # in the page's language where translated, else the English, marked so (`_block`)
            unavailable=(_block(_Localized(m, self.translation(fact), self.locale.code != "en").unavailable)
                         if m.unavailable else ""),
            cited_by=self.record.pointing_at(fact.id, "sources", "cites"),
            events=self.record.pointing_at(fact.id, "events", "sources"),
            figures=self.record.pointing_at(fact.id, "figures", "sources"),
        )

    def _actor(self, fact: LoadedFact) -> dict[str, Any]:
        return dict(
            members=self.record.pointing_at(fact.id, "actors", "member_of"),
            figures=self.record.pointing_at(fact.id, "figures", "claimed_by"),
            events=self.record.pointing_at(fact.id, "events", "actors"),
            published=self.record.pointing_at(fact.id, "sources", "publisher"),
        )

    def _place(self, fact: LoadedFact) -> dict[str, Any]:
        m = fact.model
        assert isinstance(m, Place)
        return dict(
            country=self._country(m.country),
            contains=self.record.pointing_at(fact.id, "places", "within"),
            events=self.record.pointing_at(fact.id, "events", "places"),
        )

    def _index(self, kind: str) -> str:
        here = f"{kind}/index.md"
        h = self.helpers(here)
        _, w = self.locale._, self.w
        facts = self.record.by_kind[kind]
        groups: list[dict[str, Any]] = []
        # The filters over the index's tables (record.js): (values from, key in the
        # page's address, label, sorted by name rather than as the page lists them).
        filters: list[tuple[str, str, str, bool]] = []
        if kind == "events":
            # Distinct from the timeline, which tells the same events month by month with
            # every figure given for each: this is the table to scan and filter.
            intro = _("Every event in the record, in date order, as a table to filter by kind, month "
                      "and place. The timeline tells the same events month by month, with each figure "
                      "and who gives it.")
            groups = [{"columns": [_("Date"), _("Event"), _("Kind")],
                       "lines": [self._index_line(kind, f.id, lambda f: [
                           w.when(f.event.span) + self._event_marks(f.event), h["ref"](f.id),
                           w.words(f.event.kind)]) for f in facts]}]
            filters = [("column", "kind", _("Kind"), True), ("row", "month", _("Month"), False),
                       ("row", "place", _("Place"), True)]
        elif kind == "figures":
            intro = _("Every figure, grouped by what it counts. Figures of one measure are "
                      "compared with each other; see the methodology for the statuses.")
            columns = [_("Figure"), _("Number"), _("Scope"), _("As of"), _("Claimed by"), _("Side"),
                       _("Status")]
            groups = [{"title": w.measure_title(measure), "anchor": f"measure-{measure}", "columns": columns,
                       "lines": [self.figure_row(f.id, marks=self._figure_marks(f.figure)) for f in figs]}
                      for measure, figs in self.record.figures_by_measure.items()]
            filters = [("heading", "measure", _("Measure"), False),
                       ("row", "direction", _("Direction"), False),
                       ("column", "claimant", _("Claimed by"), True), ("column", "side", _("Side"), True),
                       ("column", "status", _("Status"), True)]
        elif kind == "sources":
            intro = _("Every source the record cites: statements, channels, agency reports, articles.")
            # in time as the timeline reads it: June 2025, day not known, after every source
            # dated a day of June
            ordered = sorted(facts, key=lambda f: (DateSpan(f.source.published).order_key(), f.id))
            groups = [{"columns": [_("Published"), _("Source"), _("Kind"), _("Publisher")],
                       "lines": [self._index_line(kind, f.id, lambda f: [
                           w.when(f.source.published), h["ref"](f.id), w.words(f.source.kind),
                           h["ref"](f.source.publisher) if f.source.publisher else ""]) for f in ordered]}]
        elif kind == "actors":
            intro = _("States, bodies, officials, outlets and unnamed sources, by side.")
            for side in SIDES:
                members = self._alphabetical([f for f in facts if f.actor.side == side])
                if members:
                    name = w.side(side)
                    groups.append({"title": name[0].upper() + name[1:], "anchor": f"side-{side}",
                                   "columns": [_("Actor"), _("Kind")],
                                   "lines": [self._index_line(kind, f.id, lambda f: [
                                       h["ref"](f.id), w.words(f.actor.kind)]) for f in members]})
        elif kind == "places":
            intro = _("Countries, regions, cities and sites named in the record.")
            groups = [{"columns": [_("Place"), _("Kind"), _("Country")],
                       "lines": [self._index_line(kind, f.id, lambda f: [
                           h["ref"](f.id), w.words(f.place.kind), f.place.country or ""])
                           for f in self._alphabetical(facts)]}]
        else:
            raise ValueError(f"no index for the kind `{kind}`: add one in Renderer._index")
        for group in groups:
            group.setdefault("title", "")
            group.setdefault("anchor", "")
            group.setdefault("lines", [])
        title = w.kind_titles[kind]
        return self.render("index.md.j2", here, None, title=title, heading=title, intro=intro,
                           groups=groups, filter_marker=self._filter_marker(filters),
                           front=LISTING)

    def _alphabetical(self, facts: list[LoadedFact]) -> list[LoadedFact]:
        """`facts` by their names as this page prints them, in the order of the page's
        alphabet (site/collation.py); the record sorts them by their English names."""
        if self.locale.code == "en":
            return facts
        return sorted(facts, key=lambda f: (collation.key(self.label(f)), f.id))

    def _index_line(self, kind: str, fid: str, cells: Callable[[LoadedFact], list[Any]]) -> Markup:
        """A fact's row of its kind's index as the template writes a row (`| a | b |`): a
        fragment kept from build to build while the fact (noted by hand: `cells` reads
        it from the fact given) and what the helpers read are unchanged."""
        if (kept := self.fragment("index-row", kind, fid)) is not None:
            return kept
        with self.reads.frame() as read:
            self.reads.add("index", fid)
            # each cell as the template prints a value (`_finalize`)
            line = Markup("| {} |").format(Markup(" | ").join(map(_finalize, cells(self.raw.index[fid]))))
        self.keep_fragment("index-row", kind, fid, line, read)
        return line

    def _figure_marks(self, m: Figure) -> Markup:
        """A figure's direction, for the figures index's filters."""
        return filter_marks("direction", [self.direction(m)])

    def _event_marks(self, m: Event) -> Markup:
        """The month an event starts in and its places, for the events index's filters."""
        start = m.span.start
        month = self.locale.month(start.year, start.month) if start.month else str(start.year)
        places = [self.label(self.record.index[p]) for p in m.places if p in self.record.index]
        return filter_marks("month", [month]) + filter_marks("place", places)

    def _filter_marker(self, filters: list[tuple[str, str, str, bool]]) -> Markup:
        """Where an index asks for filters, and which (theme/assets/exchange-record/record.js
        reads it and builds the controls; without script it is an empty `div`). Classes and
        titles only, which the HTML allowlist keeps."""
        if not filters:
            return Markup("")
        _ = self.locale._
        spans = [Markup('<span class="record-filter-by-{}-{}{}" title="{}"></span>').format(
            source, key, " record-filter-sort" if by_name else "", attribute(label))
            for source, key, label, by_name in filters]
        words = {"legend": _("Filter"), "all": _("All"), "none": _("not stated"),
                 "count": _("Showing {shown} of {total}"), "reset": _("Show all")}
        spans += [Markup('<span class="record-filter-say-{}" title="{}"></span>').format(key, attribute(text))
                  for key, text in words.items()]
        return Markup('<div class="record-filter">{}</div>').format(Markup("").join(spans))







# --- formatting ------------------------------------------------------------------

class _English(str):
    """A fact's English text shown on a page in another language (no translation)."""


class _Localized:
    """A fact's model as a page in another language reads it: each translatable text
    field in that language where translated, else the English as `_English`; every
    other field as it is."""

    def __init__(self, model: Any, translation: Translation | None, foreign: bool) -> None:
        self._model, self._translation, self._foreign = model, translation, foreign
        self._fields = set(type(model).translatable()) if foreign else set()

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._model, name)
        if name not in self._fields or not isinstance(value, str):
            return value
        translated = self._translation.text(name) if self._translation is not None else None
        return translated or _English(value)


def _block(value: object) -> Markup:
    """`escape_block`; English shown on another language's page is marked `lang="en"`
    paragraph by paragraph (attr_list)."""
    out = escape_block(value)
    if isinstance(value, _English):
        out = Markup("\n\n").join(Markup("{}\n{{: lang=\"en\" }}").format(p) for p in out.split("\n\n"))
    return out


def _page_note(kind: str, title: str, text: str) -> Markup:
    """A note on the page itself (how its text came to be), as the HTML of an
    admonition, marked for search to leave out: the same words on every page not
    yet translated were found by every search for them, and a third of each such
    page's entry in the search index."""
    return Markup('<div class="admonition {}" data-search-exclude="1">\n<p class="admonition-title">{}</p>\n'
                  "<p>{}</p>\n</div>\n").format(Markup(kind), title, " ".join(text.split()))


def _finalize(value: Any) -> Any:
    if value is None:
        return ""
    return escape(value)


def dd_list(items: Sequence[Markup]) -> Markup:
    """The value of a definition (after `:   `): one item as it is, more as a list,
    one to a line (easier to read than a run of items joined by semicolons)."""
    if len(items) == 1:
        return Markup(items[0])
    return Markup("\n    ").join(Markup("- ") + item for item in items)


def _spaced(text: str) -> Markup:
    """Interface words around a value, as Markdown, keeping the space at either end
    that `escape` would fold away (`Translation by ` + a name)."""
    if not text:
        return Markup("")
    lead = Markup(" ") if text[0].isspace() else Markup("")
    trail = Markup(" ") if text[-1].isspace() and text.strip() else Markup("")
    return lead + escape(text) + trail


def _quote_block(text: str, lang: str | None) -> Markup:
    """A blockquote inside a list item; with `lang`, each paragraph's text carries it."""
    paragraphs = escape_block(text).split("\n\n")
    if lang:
        paragraphs = [Markup('<span lang="{}">{}</span>').format(attribute(lang), p) for p in paragraphs]
    return Markup("    > ") + Markup("\n    >\n    > ").join(paragraphs)


def _attribute_text(text: str) -> str:
    """Text the theme prints inside an HTML attribute as it is (Material's
    description meta): quotes, angle brackets and `=` as character references."""
    return html.escape(" ".join(text.split()), quote=True).replace("=", "&#61;")


def _front_matter(data: dict[str, Any]) -> str:
    # JSON is YAML: every value is quoted, so no title can break the front matter.
    # ASCII escapes: a character YAML refuses (U+FFFE) cannot turn the block into page text.
    return "\n".join(f"{key}: {json.dumps(value, ensure_ascii=True, sort_keys=True)}"
                     for key, value in data.items())


def redirects(record: Record) -> dict[str, str]:
    """Old page -> current page, for every `previous_ids` entry."""
    return {page_path(f.kind, old): page_path(f.kind, f.id)
            for kind in KINDS for f in record.by_kind[kind] for old in f.model.previous_ids}


__all__ = ["Renderer", "attribute", "correction_url", "corrections_problem", "direction_is_read",
           "readings_of", "redirects", "template_environment"]

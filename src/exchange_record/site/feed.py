"""An Atom 1.0 feed of the changes to the record, from the same history as the Changes page.

One entry per commit that added, changed, removed or renamed a fact file,
newest first: its title says what changed ("Changed: <fact>; added: <fact>"),
its summary is the commit's subject, and it links to the page of the fact it
touched. Readers follow the record with any feed reader. Each language's site
has its own feed, in its language (`xml:lang`), the facts named as its pages
name them; a commit's subject is the contributor's English, marked so.

Git history is hostile input like the facts (see history.py): subjects and file
names are whatever was committed. Every text is built into elements with
`xml.etree`, which escapes it, after removing what XML 1.0 cannot hold or what
would reorder or hide text (control, bidi and noncharacter code points), so no
subject or file name can become markup, break the document or forge an entry.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from .. import __version__
from ..record.build import Record
from ..record.load import LoadedFact
from ..record.schema import SITE
from .history import Commit, History, day_anchor
from .locale import ENGLISH, N_, Locale

#: what a fact is called in the feed: its English title, unless the site's language gives another
Label = Callable[[LoadedFact], str]

#: where the site publishes the feed, relative to its root: relative links in the
#: feed resolve against the feed's own address, so it must sit at the root
FEED_PATH = "feed.xml"
#: the Changes page, relative to the site's root (directory URLs)
CHANGES_PAGE = "changes/"
#: the most entries a feed holds (the oldest are on the Changes page)
LIMIT = 50
#: fact names in one part of an entry's title before "and N more", and the characters
#: of each name shown there (the links carry the full names)
NAMES_SHOWN = 3
NAME_CHARS = 80
#: links to the other facts an entry touched (`rel="related"`)
RELATED_SHOWN = 20

ATOM = "http://www.w3.org/2005/Atom"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: `tag:` URIs (RFC 4151) for the feed and its entries: permanent, whoever hosts the site
TAG = f"tag:{urlsplit(SITE).hostname},2025:"
#: when the history is unknown (outside git): a fixed date keeps the bytes the same every build
UNKNOWN_TIME = "1970-01-01T00:00:00Z"

#: what XML 1.0 cannot hold (C0 but tab and line breaks, surrogates, U+FFFE/U+FFFF), with C1
#: controls, DEL, noncharacters and bidi controls (text.py: "Trojan source"): removed
_REMOVED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\u061c\u200e\u200f\u202a-\u202e"
                      "\u2066-\u2069\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
#: line breaks and tabs: one line, so a space
_SPACES = re.compile("[\t\n\r\x85\u2028\u2029 ]+")


def clean(text: str) -> str:
    """`text` as one line of XML character data: controls removed, breaks made spaces."""
    return _SPACES.sub(" ", _REMOVED.sub("", text)).strip()


def _english(fact: LoadedFact) -> str:
    return fact.model.label()


def _fact_of(record: Record, path: str, label: Label = _english) -> tuple[str, str] | None:
    """(page, label) of the fact at `kind/id.yaml`, if it is in the record under that kind."""
    kind, _, name = path.partition("/")
    if not name.endswith(".yaml"):
        return None
    fact = record.index.get(name.removesuffix(".yaml"))
    if fact is None or fact.kind != kind:
        return None
    return f"{kind}/{fact.id}/", label(fact)


def _names(record: Record, paths: Iterable[str], label: Label) -> list[str]:
    out = []
    for path in paths:
        fact = _fact_of(record, path, label)
        out.append(fact[1] if fact else path)
    return out


def _short(name: str) -> str:
    name = clean(name)
    return name if len(name) <= NAME_CHARS else name[:NAME_CHARS - 1].rstrip() + "…"


def _listed(names: list[str], locale: Locale) -> str:
    shown = ", ".join(_short(n) for n in names[:NAMES_SHOWN])
    more = len(names) - NAMES_SHOWN
    return locale._("{names} and {n} more").format(names=shown, n=locale.number(more)) if more > 0 else shown


#: an entry's title, a part per kind of change
_PARTS = (("changed", N_("changed: {names}")), ("added", N_("added: {names}")),
          ("removed", N_("removed: {names}")))


def entry_title(record: Record, commit: Commit, locale: Locale = ENGLISH, label: Label = _english) -> str:
    """`Changed: A; added: B, C and 2 more; removed: events/x.yaml`."""
    paths = {"changed": [*commit.changed, *(new for _old, new in commit.renamed)],
             "added": list(commit.added), "removed": list(commit.removed)}
    title = "; ".join(locale._(said).format(names=_listed(names, locale)) for what, said in _PARTS
                      if (names := _names(record, paths[what], label)))
    return title[:1].upper() + title[1:]


def _time(commit: Commit) -> str:
    return commit.time or f"{commit.date}T00:00:00Z"


def _text(parent: ET.Element, tag: str, text: str, **attrib: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrib)
    element.text = clean(text)
    return element


def _link(parent: ET.Element, href: str, rel: str, title: str | None = None) -> None:
    attrib = {"rel": rel, "href": clean(href)}
    if title is not None:
        attrib["title"] = clean(title)
    ET.SubElement(parent, "link", attrib)


def atom(history: History, record: Record, site_url: str | None = None, limit: int = LIMIT,
         locale: Locale = ENGLISH, label: Label = _english) -> bytes:
    """The feed (UTF-8 XML) of the newest `limit` commits touching facts, in
    `locale`'s language, each fact called by `label`.

    Links are absolute under `site_url` when it is given, else relative to the
    site's root, where the feed is published (`FEED_PATH`).
    """
    _ = locale._
    base = site_url.rstrip("/") + "/" if site_url else ""
    commits = [c for c in history.commits if c.touches][:limit]

    feed = ET.Element("feed", {"xmlns": ATOM, _XML_LANG: locale.code})
    _text(feed, "id", TAG + ("changes" if locale.code == ENGLISH.code else f"changes:{locale.code}"))
    _text(feed, "title", _("{site}: changes").format(site=_("Exchange record")))
    _text(feed, "subtitle", _("What was added to, corrected in or removed from the record, newest first."))
    _text(feed, "updated", _time(commits[0]) if commits else UNKNOWN_TIME)
    _link(feed, base + CHANGES_PAGE, "alternate")
    if base:
        _link(feed, base + FEED_PATH, "self")
    author = ET.SubElement(feed, "author")
    _text(author, "name", "exchange-record contributors")
    _text(feed, "rights", _("The record's data is under CC BY 4.0; quoted words remain their authors'."))
    _text(feed, "generator", "exchange-record", version=__version__)

    for commit in commits:
        entry = ET.SubElement(feed, "entry")
        # one entry per commit and language: a reader of two languages' feeds gets both
        language = "" if locale.code == ENGLISH.code else f":{locale.code}"
        _text(entry, "id", f"{TAG}commit:{commit.sha}{language}")
        _text(entry, "title", entry_title(record, commit, locale, label))
        _text(entry, "updated", _time(commit))
        pages = list(dict.fromkeys(
            fact for path in [*commit.changed, *(new for _old, new in commit.renamed), *commit.added]
            if (fact := _fact_of(record, path, label)) is not None))
        if pages:
            first, *others = pages
            _link(entry, base + first[0], "alternate", first[1])
            for page, name in others[:RELATED_SHOWN]:
                _link(entry, base + page, "related", name)
        else:  # only removals, or facts no longer in the record: the day on the Changes page
            _link(entry, f"{base}{CHANGES_PAGE}#{day_anchor(commit.date)}", "alternate")
        # the contributor's words, in English on every language's feed
        summary = _text(entry, "summary", commit.subject or "(no subject)", type="text")
        if locale.code != ENGLISH.code:
            summary.set(_XML_LANG, ENGLISH.code)

    ET.indent(feed)
    xml: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return xml + b"\n"


__all__ = ["FEED_PATH", "LIMIT", "atom", "clean", "entry_title"]

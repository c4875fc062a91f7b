"""Every output of the site from one call: `build_site(record) -> Site`.

Pages (generated Markdown, and hand-written pages with the home summary in
place), redirect pages for renamed facts, ledger charts and data files. The
adapters only write these (`exchange-record generate`) or hand them to an
engine (the MkDocs plugin); neither decides anything, so both publish the same
site and the record can move to another engine without touching the core.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..rebuild import KeptTexts
from ..record.build import Record
from ..record.kinds import KINDS
from ..record.load import gc_paused
from .chart import draw_in_background
from .export import data_files
from .feed import FEED_PATH, atom
from .history import History
from .locale import ENGLISH, Locale
from .overview import Overview
from .packed import PageTexts
from .pages import Renderer, redirects
from .reads import PageMemo
from .words import fact_source_path, page_path


@dataclass
class Site:
    """The site's outputs; the charts may still be drawing in another process.

    Paths are relative to the site's docs folder: pages end in `.md`, files are
    published as they are.
    """

    #: generated Markdown pages by path (held packed between builds: site/packed.py)
    pages: PageTexts
    #: data files (record.json, CSV, schemas) by path
    files: dict[str, bytes]
    #: the paths of the chart SVGs `finish()` returns
    charts: list[str]
    #: old page -> current page, for every renamed fact
    redirects: dict[str, str]
    #: generated fact page -> its YAML file, relative to the folder holding facts/
    sources: dict[str, str]
    #: pages the generated ones link to that a project may write itself (methodology.md):
    #: published only where the project has none
    defaults: dict[str, str]
    #: hand-written Markdown with the record's markers filled (the home summary)
    expand: Callable[[str, str], str] = field(repr=False)
    _collect: Callable[[], dict[str, bytes]] = field(repr=False)
    #: a hand-written page's "Last updated …" line, from its path and Markdown
    updated: Callable[[str, str], str | None] = field(default=lambda _path, _markdown: None, repr=False)
    _done: dict[str, bytes] | None = field(default=None, repr=False)
    #: `expand` in pieces, each with whether the record wrote it (True) or the page's author
    expand_parts: Callable[[str, str], list[tuple[str, bool]]] = field(
        default=lambda markdown, _path: [(markdown, False)], repr=False)
    #: makes `memo`
    _memo: Callable[[], PageMemo] = field(default=PageMemo, repr=False)

    @property
    def memo(self) -> PageMemo:
        """The fact pages and the fragments they share, with what each read of the record,
        as made so far (`expand` makes the home summary's lines): give it to the next
        `build_site` of the same language, which renders only the pages whose reads
        changed and takes the fragments whose reads did not."""
        return self._memo()

    def finish(self) -> dict[str, bytes]:
        """The charts' SVG bytes by path, waiting for them if need be."""
        if self._done is None:
            self._done = self._collect()
        return self._done

    def is_fact_page(self, path: str) -> bool:
        return path in self.sources

    def redirect_pages(self, directory_urls: bool = True) -> dict[str, str]:
        """The HTML file for each old address (as an engine lays out pages), by path."""
        out = {}
        for old, new in self.redirects.items():
            old_stem, new_name = old[:-3], new[:-3].rsplit("/", 1)[-1]
            if directory_urls:
                out[f"{old_stem}/index.html"] = redirect_html(f"../{new_name}/")
            else:
                out[f"{old_stem}.html"] = redirect_html(f"{new_name}.html")
        return out


def build_site(record: Record, templates_dir: Path | None = None, history: History | None = None,
               locale: Locale = ENGLISH, corrections: str = "", site_url: str | None = None,
               page_dates: dict[str, str] | None = None, memo: PageMemo | None = None,
               directory_urls: bool = True) -> Site:
    """Every output of the site for `record`; with a spare core, the charts are
    drawn in another process while the caller goes on.

    `corrections` is where readers report a correction (`mailto:…` or an https
    form); every fact page links to it with the fact's id filled in. Empty: no link.
    A bad address raises `ValueError` (`pages.corrections_problem` says why).
    `site_url`, when known, makes the Atom feed's links absolute. `page_dates` (the
    docs folder's pages -> the day each last changed, `history.read_dates`) dates the
    hand-written pages; one that shows the record (the home summary) is as new as
    the record. `memo`: the last `Site.memo` of this language (site/reads.py).
    `directory_urls`: the engine's URL style (MkDocs' `use_directory_urls`), which
    the links of the tables and lists, written as HTML, are resolved for
    (site/blocks.py).

    The cyclic garbage collector is paused meanwhile, as for the record (what is
    made here lives on in the site or is freed by reference counting; rescanning
    the record's heap again and again was a quarter of a rebuild at 10,000 facts)."""
    with gc_paused():
        return _build_site(record, templates_dir, history, locale, corrections, site_url, page_dates,
                           memo, directory_urls)


def _build_site(record: Record, templates_dir: Path | None, history: History | None, locale: Locale,
                corrections: str, site_url: str | None, page_dates: dict[str, str] | None,
                memo: PageMemo | None, directory_urls: bool) -> Site:
    history = history or History()
    renderer = Renderer(record, templates_dir, history, locale, corrections, directory_urls)
    if memo is not None:
        renderer.blocks = KeptTexts(memo.blocks)
    overview = Overview(renderer, history)
    charts = overview.charts()
    collect = draw_in_background(charts)
    setting = _setting(record, templates_dir, history, locale, corrections, directory_urls)
    pages = renderer.pages(memo, setting)
    pages.update(overview.pages())
    facts_folder = record.root.name
    sources = {page_path(kind, f.id): fact_source_path(f, facts_folder)
               for kind in KINDS for f in record.by_kind[kind]}
    files = _data_files(record)
    # at the language's root: its relative links resolve there; in the language, facts named as its pages do
    files[FEED_PATH] = atom(history, record, site_url, locale=locale, label=renderer.label)
    defaults = {"methodology.md": renderer.render("methodology.md.j2", "methodology.md", None,
                                                  title=locale._("Methodology"))}
    dates = page_dates or {}

    def updated(path: str, markdown: str) -> str | None:
        return renderer.updated(dates.get(path), record=overview.shows_record(markdown))

    return Site(pages=pages, files=files, charts=list(charts), redirects=redirects(record), defaults=defaults,
                sources=sources, expand=overview.expand, expand_parts=overview.expand_parts,
                _collect=collect, updated=updated,
                _memo=renderer.finish_memo)


#: the templates the site core ships (`templates_dir` overrides them by name)
PACKAGE_TEMPLATES = Path(__file__).parent / "templates"


def _setting(record: Record, templates_dir: Path | None, history: History, locale: Locale,
             corrections: str, directory_urls: bool) -> str:
    """What every fact page shows besides the record: its language, the templates, the
    corrections address, the facts folder's name, the day git last changed each file
    and the commits that changed it, the URL style its tables' links are written for."""
    folders = [PACKAGE_TEMPLATES, *([templates_dir] if templates_dir else [])]  # ours edited too
    templates = sorted((str(p), p.stat().st_size, p.stat().st_mtime_ns, p.stat().st_ctime_ns)
                       for folder in folders for p in folder.rglob("*") if p.is_file())
    return hashlib.sha256(repr((locale.code, corrections, record.root.name, templates, directory_urls,
                                sorted(history.last_changed.items()),
                                sorted((path, tuple(c.sha for c in cs))
                                       for path, cs in history.commits_of.items()))).encode()).hexdigest()


#: the last record's data files: the same in every language, made once for all of them
_last_data: tuple[Record | None, dict[str, bytes]] = (None, {})


def _data_files(record: Record) -> dict[str, bytes]:
    global _last_data
    if _last_data[0] is not record:
        _last_data = (record, data_files(record))
    return dict(_last_data[1])


def redirect_html(target: str) -> str:
    """A plain meta refresh: works from file://, needs no script."""
    return (
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>Moved</title>\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n"
        f"<link rel=\"canonical\" href=\"{target}\">\n</head>\n"
        f"<body><p>This fact has a new address: <a href=\"{target}\">{target}</a>.</p></body>\n</html>\n"
    )


__all__ = ["Site", "build_site", "redirect_html"]

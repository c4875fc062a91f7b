"""MkDocs adapter: hands the core's site (`site.manifest.build_site`) to MkDocs.

* `on_pre_build`: build the record; errors stop the build with the CLI's
  `path:line:col` diagnostics, before MkDocs cleans the site folder, so a bad
  fact never replaces the last good site. Under `mkdocs serve` the last good
  pages stay served instead (MkDocs' own server stalls after a failed build).
* `on_files`: the site's pages, files, charts and redirects as virtual files,
  fact pages with their edit link on the YAML file.
* `on_page_markdown`: the home summary and the "Last updated" line of hand-written pages.
* `on_post_build`: the charts, drawn meanwhile in another process (while MkDocs
  converted and rendered the pages), into their files.
* `on_page_content`, `on_post_page`, `on_post_template`: the HTML allowlist and
  the Content-Security-Policy (site/allowlist.py, site/csp.py).
* `on_config`, `on_post_build`: Material's search, cutting words at punctuation
  and finding grouped numbers typed without separators (site/searchindex.py).
* Languages (site/languages.py): the first of `languages` is this build; every
  other one is built as a site of its own under `<site_dir>/<code>/` (with a spare
  core, each in a process of its own started as this build's files are listed,
  `on_files`; else here, after this one, `on_post_build`), from the same
  mkdocs.yml, by a fresh MkDocs config whose
  plugin instance is told its language (`language`, `parent`): Material's
  interface (`theme.language`), its search index and language, the nav's titles
  and the generated pages all in that language. `on_files` picks each page's
  translation (`about.uk.md` published as `about.md`); `on_page_context` gives
  Material's language switcher and hreflang links the same page in every language.
* Rebuilds (rebuild.py): every build remembers, per language, what each page was
  made from; under `mkdocs serve` a rebuild after an edit is a dirty MkDocs build
  in which the pages whose Markdown and setting are unchanged report themselves
  unmodified, so only the pages the edit changed are converted and written again.
  Their titles, front matter, anchors, tags and search entries are given back from
  the last build, a deleted page's files are removed, and the site is the one a
  full build makes (tests/test_rebuild.py).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import json
import logging
import os
import posixpath
import re
import secrets
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jinja2
from mkdocs.commands import serve as mkdocs_serve
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import base, load_config
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import clean_directory, get_build_date
from mkdocs.utils.meta import get_data

from .forked import Forked, Stopped, can_fork
from .garbage import Deferred
from .rebuild import KeptTexts, PageState, Published, digest, folder_state, stale, visible_files
from .record.build import build_record, has_errors
from .record.diagnostics import Severity, summary
from .record.load import FactCache
from .site import collation
from .site.allowlist import clean
from .site.blocks import mark_blocks, put_blocks, stash_blocks
from .site.cards import label_cells
from .site.chart import share_drawer
from .site.csp import with_csp
from .site.history import History, read_dates, read_history
from .site.languages import alternates, root, translation_of
from .site.locale import Locale
from .site.manifest import Site, build_site
from .site.packed import Packed
from .site.pages import CompiledTemplates, corrections_problem
from .site.searchindex import (
    REST,
    SEPARATOR,
    WORKER,
    entries_json,
    first_entries,
    index_json,
    material_worker,
    rest_json,
    search_worker,
    with_search_worker,
)

log = get_plugin_logger("exchange-record")
_TRANSLATION_LAG = frozenset({"stale-translation", "unstamped-translation", "translation-readings-count",
                              "translation-citations-count"})
_LEVEL = {Severity.ERROR: logging.ERROR, Severity.WARNING: logging.WARNING, Severity.NOTE: logging.INFO}
#: what the generated pages are written with: `{#id}` headings, definition lists, tables, notes
MARKDOWN_EXTENSIONS = ("attr_list", "def_list", "tables", "toc", "admonition")
#: template overrides for the theme (Material's search dialog, given an accessible name)
THEME_OVERRIDES = Path(__file__).parent / "theme"


class _CorrectionsAddress(c.Type[str]):
    def run_validation(self, value: object) -> str:
        address = super().run_validation(value)
        if address and (problem := corrections_problem(address)):
            raise ValidationError(problem)
        return address


class _Packed(File):
    """A generated page whose Markdown is held packed (site/packed.py): unpacked when
    read, which a rebuild does only for the pages it converts again. MkDocs' File
    reads its text through `_content` (`content_string`, `content_bytes`,
    `copy_file`): that is where it is unpacked, whoever reads it."""

    packed: Packed | None = None

    @classmethod
    def of(cls, config: MkDocsConfig, path: str, packed: Packed, inclusion: InclusionLevel) -> File:
        f = File.generated(config, path, content="", inclusion=inclusion)
        f.__class__ = cls
        f.packed = packed  # type: ignore[attr-defined]
        return f

    @property
    def _content(self) -> str | bytes | None:
        if self.packed is not None:
            return self.packed.text()
        content: str | bytes | None = self.__dict__.get("_content")
        return content

    @_content.setter
    def _content(self, value: str | bytes | None) -> None:
        self.packed = None
        self.__dict__["_content"] = value

    def is_modified(self) -> bool:
        return True if self.packed is not None else super().is_modified()  # without unpacking


class _Kept(_Packed):
    """A page the last build published and this one keeps as it is: MkDocs skips
    reading, converting and writing it on a dirty build."""

    def is_modified(self) -> bool:
        return False


class _Changed(_Packed):
    """A page this build makes again, whatever MkDocs' own dirty check (the source
    file's time) says: a hand-written page shows the record too."""

    def is_modified(self) -> bool:
        return True


class _Chart(File):
    """A chart's SVG, written once drawn (`on_post_build`), not with the static files
    (after `on_env`): the drawing process goes on while MkDocs renders the pages."""

    def copy_file(self, dirty: bool = False) -> None:
        pass  # ExchangeRecordPlugin._write_charts


#: the attributes Material's search drops from every page it has seen (its plugin's
#: `on_page_context`), as it writes them
_SEARCH_ATTRIBUTES = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")

#: the cyclic garbage collector, paused while a `mkdocs serve` rebuild runs and run
#: once after it (garbage.py)
_GARBAGE = Deferred()

#: the theme's templates, compiled once per process (MkDocs makes a new Jinja
#: environment for every build, and every language is a build)
_COMPILED = CompiledTemplates()


class _ThemeLoader(jinja2.FileSystemLoader):
    """The theme's templates, as MkDocs' own loader finds them; listed (for MkDocs to
    copy the theme's static files) without hidden folders, which MkDocs' listing drops
    (`.*`, `*/.*`) after walking them: Material's icons, 14,500 files in `.icons`,
    walked and dropped on every build in every language (rebuild.visible_files)."""

    def list_templates(self) -> list[str]:
        return sorted({name for folder in self.searchpath for name in visible_files(folder)})


def _theme_env(theme: Any, get_env: Any) -> Any:
    env = get_env()
    env.loader = _ThemeLoader(theme.dirs)
    return env


class _QuietDirty(logging.Filter):
    """MkDocs warns on every dirty build that navigation may be wrong, and advises
    `--clean` for the files a dirty build leaves; the plugin's rebuilds keep
    everything a page shows right and remove what the last build wrote and this
    one does not, so both are left out (the warning would also fail
    `mkdocs serve --strict`)."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(("A 'dirty' build is being performed",
                                                    "The directory contains stale files"))


class ExchangeRecordConfig(base.Config):
    facts_dir = c.Type(str, default="facts")
    """Folder of fact files (`<kind>/<id>.yaml`), relative to `mkdocs.yml`."""

    templates_dir = c.Optional(c.Dir(exists=True))
    """Folder of Jinja templates that override the built-in ones by name (e.g. `event.md.j2`)."""

    languages = c.ListOfItems(c.Type(str), default=["en"])
    """The site's languages, the first at the root, each other one under `/<code>/`."""

    corrections = _CorrectionsAddress(str, default="")
    """Where readers report a correction: `mailto:…` or an https form address; every fact
    page links to it with the fact's id filled in. Empty: no link."""


class ExchangeRecordPlugin(BasePlugin[ExchangeRecordConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.site: Site | None = None
        self.sites: dict[str, Site] = {}  # the last valid site of each language
        self.record: Any = None
        self.history = History()  # the facts' git history and the docs' dates, read once per build
        self.docs_dates: dict[str, str] = {}  # the checked record, shared with the other languages' builds
        self.charts: list[File] = []
        self.facts_root = Path("facts")
        self.project_root = Path(".")
        self.serving = False
        self.cache = FactCache()  # kept across `mkdocs serve` rebuilds: an edit re-reads one file
        #: the language this build publishes; set by the parent build for the others
        self.language: str | None = None
        #: the first language's plugin, for the builds of the other languages
        self.parent: ExchangeRecordPlugin | None = None
        self.dirty = False  # `--dirty` on the command line
        self.rebuilding = False  # a `mkdocs serve` rebuild, made dirty by on_serve
        self.root_site_url = ""
        #: what the last build of each (site folder, language) published (rebuild.py)
        self.published: dict[tuple[str, str], Published] = {}
        self._fingerprints: dict[str, str] = {}  # this build's pages -> what each is made from
        self._setting: list[str] = []  # what every page of this build shows
        self._kept: set[str] = set()  # pages this build keeps from the last one
        self._fresh: dict[str, PageState] = {}  # pages this build made, as it made them
        self._searched = 0  # search entries seen so far in this build
        self._outputs: set[str] = set()
        self._split = False  # the search index in two parts (on_config)
        self._material_worker: str | None = None  # Material's search worker's file name (on_config)
        self._building: tuple[str, str] = ("", "")  # the (site folder, language) being built
        self._order: list[str] = []
        #: hand-written pages, markers filled (in parts: the author's and the record's)
        self._expanded: dict[tuple[str, str], list[tuple[str, bool]]] = {}
        #: the last build's hand-written pages, markers filled -> the paths they may link to
        self._links: dict[tuple[str, str], list[str]] = {}
        self._stashed: dict[str, list[str]] = {}  # pages' HTML blocks, while Markdown converts the rest
        self._deferred: dict[str, dict[str, str]] = {}  # and those search does not read, while it reads
        self._later = f"exchange-record-later-{secrets.token_hex(8)}"  # their markers: nobody knows it
        self._statics: dict[str, str] = {}  # this build's files copied from docs/ and themes
        self._blocks = KeptTexts()  # the record's blocks cleaned, this build's and the last one's
        self._page_blocks: dict[str, list[str]] = {}  # this build's pages -> their blocks' names
        self._folder_states: dict[tuple[str, ...], str] = {}  # this build's, by folders
        #: under serve, the process building a language beside this one's, by language
        self._beside: dict[str, tuple[tuple[str, str, str, tuple[str, ...]], Forked]] = {}
        self._round: _Round | None = None  # this build's, for the other languages' builds
        self._idle: dict[str, Forked] = {}  # forked for this build, not started yet
        self._besides: dict[str, Forked] = {}  # the rounds started beside this build, by language
        self._first: set[int] = set()  # processes that have not made a round yet
        self._configured: dict[str, tuple[str, tuple[str, ...]]] = {}  # site folder -> mkdocs.yml, languages

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"  # defining on_startup also keeps this instance across rebuilds
        self.dirty = dirty

    @event_priority(50)  # early: other plugins see the extensions this one adds
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.project_root = Path(config.config_file_path or ".").resolve().parent
        self.facts_root = (self.project_root / self.config.facts_dir).resolve()
        for name in MARKDOWN_EXTENSIONS:  # declared here, so a fresh project needs none of them listed
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
        if config.theme.name == "material":  # after a project's own custom_dir, before the theme's
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_OVERRIDES))
        # MkDocs makes the theme's Jinja environment itself, and lists its files with it
        config.theme.get_env = functools.partial(  # type: ignore[method-assign]
            _theme_env, config.theme, config.theme.get_env)
        languages = self.config.languages
        if self.parent is None:  # the first language's build (see _build_language for the others)
            self.language = languages[0]
        locale = Locale(self.language or languages[0])
        if self.parent is None:
            self.root_site_url = config.site_url or ""
        # Material's interface, <html lang> and search language (read by the search plugin's
        # on_config, after this one): Material has uk and ru strings, lunr.ru but no lunr.uk.
        config.theme["language"] = self.language
        # where this language's site stands in the whole (`uk/`): the footer's citation of a
        # page gives its path from the whole site's root where no address is known (offline)
        config.extra["record_root"] = root(self.language or languages[0], self.built())
        if len(self.built()) > 1:
            # Material shows its language switcher (header.html) where this is true; the links are
            # the page's own (record_alternates). Not a list: Material would also print them as
            # <link rel="alternate" hreflang> in <head>, and its script fetches `sitemap.xml`
            # beside every such link (a 404 per language on every page view); the hreflang
            # alternates are in sitemap.xml instead.
            config.extra["alternate"] = True
        config.site_name = locale._(config.site_name)
        for scheme in config.theme.get("palette") or []:  # the palette toggle's name, from mkdocs.yml
            if isinstance(scheme, dict) and scheme.get("toggle", {}).get("name"):
                scheme["toggle"]["name"] = locale._(scheme["toggle"]["name"])
        # Material's tags page lists tags and pages by their names in code-point order («і»
        # after «я»): in the page's alphabet instead, where the project kept Material's own
        tags = config.plugins.get("material/tags")
        if tags is not None:
            from material.plugins import tags as material_tags  # type: ignore[import-untyped]

            for option, ours in (("tags_sort_by", collation.tag_name),
                                 ("listings_sort_by", collation.item_title),
                                 ("listings_tags_sort_by", collation.tag_name)):
                if tags.config.get(option) in (material_tags.tag_name, material_tags.item_title):
                    tags.config[option] = ours
        search = config.plugins.get("material/search")
        if search is not None and not search.config.get("separator"):  # a project's own wins
            search.config["separator"] = SEPARATOR  # read by the search plugin's on_config, after this
        # A served site's index in two parts (site/searchindex.py `first_entries`); an offline
        # one whole, as Material's offline plugin inlines it and nothing is downloaded.
        offline = config.plugins.get("material/offline")
        self._material_worker = _material_worker(config) if config.theme.name == "material" else None
        self._split = (search is not None and bool(search.config.enabled)
                       and self._material_worker is not None
                       and not (offline is not None and offline.config.enabled))
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if self.parent is not None:  # another language: the record the first one checked
            assert self.parent.record is not None
            self.record = self.parent.record
            self.site = self.sites[self.language or ""] = self._site(self.parent.record, config)
            return
        self._clean_if_reconfigured(config)
        self._folder_states = {}
        self._round = _Round.of(config, self)
        if self.dirty or self.rebuilding:
            # Nothing cleans the site folder: the other languages' processes start their
            # rounds now, beside this one's record and site core.
            self._start_beside(self._processes_beside(self._round))
        record, diagnostics = build_record(self.facts_root, self.cache)
        for d in diagnostics:
            # A translation behind its English is marked on its page and reported by
            # `validate`; it never fails a strict site build: a correction in English
            # must not wait for the translators.
            level = logging.INFO if d.code in _TRANSLATION_LAG else _LEVEL[d.severity]
            log.log(level, d.format_text())
        if has_errors(diagnostics):
            # this language's last valid site (self.site may be another language's,
            # the last one the build that follows this one's made)
            if self.serving and (last := self.sites.get(self.language or "")) is not None:
                log.error(f"the fact record is invalid: {summary(diagnostics)}; "
                          "serving the last valid record until it is fixed")
                self.site = last
                return
            raise PluginError(f"the fact record is invalid: {summary(diagnostics)}")
        self.record = record
        # git is asked once per build; the other languages reuse its answers
        self.history = read_history(self.facts_root)
        self.docs_dates = read_dates(Path(config.docs_dir))
        if not self._besides:
            # Forked now, with the record checked and before the site core starts drawing
            # (a thread); their first rounds start once MkDocs has cleaned the site folder.
            self._idle = self._processes_beside(self._round)
        self.site = self.sites[self.language or ""] = self._site(record, config)

    def _clean_if_reconfigured(self, config: MkDocsConfig) -> None:
        """A rebuild after mkdocs.yml changed starts from an empty site folder, as a
        full build does: a language or a plugin taken out leaves nothing behind."""
        site_dir = os.path.abspath(config.site_dir)
        now = (_config_text(config), tuple(self.built()))
        if self._configured.get(site_dir, now) != now and (self.dirty or self.rebuilding):
            clean_directory(site_dir)
            for key in [k for k in self.published if k[0] == site_dir or k[0].startswith(site_dir + os.sep)]:
                del self.published[key]
        self._configured[site_dir] = now

    def _site(self, record: Any, config: MkDocsConfig) -> Site:
        templates = Path(self.config.templates_dir) if self.config.templates_dir else None
        # This language's last site: its fact pages whose reads did not change are kept.
        last = self.sites.get(self.language or "")
        return build_site(record, templates, self.history,
                          locale=Locale(self.language or "en"), corrections=self.config.corrections,
                          site_url=config.site_url or None,
                          page_dates=_page_dates(self.docs_dates, self.language or "en",
                                                 self.config.languages),
                          memo=last.memo if last is not None else None,
                          directory_urls=config.use_directory_urls)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.site is not None
        if self._idle:  # the site folder is clean: the other languages start
            self._start_beside(self._idle)
            self._idle = {}
        site, root = self.site, self.project_root
        facts_parent = _rel(self.facts_root.parent, root)
        files = self._translations(files, config)
        for f in files.documentation_pages():
            source = _rel(Path(f.abs_src_path), Path(config.docs_dir)) if f.abs_src_path else f.src_uri
            f.edit_uri = f"{_rel(Path(config.docs_dir), root)}/{source}"  # about.uk.md for its translation
        for path in site.pages:
            if path in files.src_uris:  # our paths are as MkDocs keeps them (posix, normalised)
                raise PluginError(f"{_rel(Path(config.docs_dir), root)}/{path} would hide the page "
                                  "generated from the facts; rename or remove it")
            # Fact pages are reached by links, indexes and search; a nav listing
            # thousands of them makes Material's build quadratic.
            fact = site.is_fact_page(path)
            page = _Packed.of(config, path, site.pages.packed(path),
                              InclusionLevel.NOT_IN_NAV if fact else InclusionLevel.UNDEFINED)
            if fact:
                page.edit_uri = posixpath.normpath(f"{facts_parent}/{site.sources[path]}")
            files.append(page)
        # Our search worker (served sites), with the name of Material's it runs written in;
        # offline sites keep Material's alone
        worker = files.get_file_from_path(WORKER)
        if worker is not None:
            files.remove(worker)
            if self._split and worker.abs_src_path and self._material_worker:
                script = Path(worker.abs_src_path).read_text(encoding="utf-8")
                script = search_worker(script, self._material_worker)
                files.append(File.generated(config, WORKER, content=script))
        for path, content in site.defaults.items():  # a project's own page takes their place
            if files.get_file_from_path(path) is None:
                files.append(File.generated(config, path, content=content))
        for path, data in site.files.items():
            files.append(File.generated(config, path, content=data))
        self.charts = [_Chart.generated(config, path, content=b"") for path in site.charts]  # on_post_build
        for chart in self.charts:
            files.append(chart)
        for path, html in site.redirect_pages(config.use_directory_urls).items():
            files.append(File.generated(config, path, content=html))
        self._fingerprint(files, config)
        return files

    def _fingerprint(self, files: Files, config: MkDocsConfig) -> None:
        """What each page of this build is made from, and what every page shows
        (completed by the nav in on_nav): a rebuild keeps the pages where both are
        as the last build left them."""
        assert self.site is not None
        pages: dict[str, str] = {}
        self._expanded = {}
        # A hand-written page's links are written as the files there are (a link to a
        # deleted fact's page stays as written, and warns; one to a chart or a download is
        # made relative where it is found): each file it may link to, there or not, is part
        # of what it is made from
        there = {f.src_uri for f in files}
        # What a tags listing shows of each page (its title and tags), where that is
        # known before the page is converted; any other page, its whole fingerprint
        listed: dict[str, str] = {}
        last_links, links = self._links, dict[tuple[str, str], list[str]]()
        self._links = links
        tags: Any = config.plugins.get("material/tags")
        tagged_by = tags.config.tags_name_property if tags is not None else "tags"
        for f in files.documentation_pages():
            if f.generated_by is None:  # hand-written: with the record's markers filled, dated
                text = f.content_string
                body, meta = get_data(text)  # as MkDocs hands it to on_page_markdown
                expanded = self._expand(body, f.src_uri)
                key = (f.src_uri, expanded)  # its links read again only where its text changed
                links[key] = last_links[key] if key in last_links else _link_targets(expanded, f.src_uri)
                pages[f.src_uri] = digest(text, expanded, self.site.updated(f.src_uri, body) or "",
                                          *(f"{path}\0{path in there}" for path in links[key]))
                # listed only with tags, by its title, which the record's markers may fill
                listed[f.src_uri] = digest(text, expanded) if tagged_by in meta else "untagged"
            elif isinstance(f, _Packed) and f.packed is not None:
                pages[f.src_uri] = f.packed.digest  # without unpacking it
                listed[f.src_uri] = f.packed.listed
            else:
                pages[f.src_uri] = digest(f.content_string)
        # A tags listing shows every page's title and tags, in the order there are: a
        # figure's value edited (in its description, not its title) leaves it as it was
        lists = digest(*(f"{path}\0{listed.get(path) or pages[path]}" for path in pages))
        for f in files.documentation_pages():
            if f.generated_by is None and "<!-- material/tags" in f.content_string:
                pages[f.src_uri] = digest(pages[f.src_uri], lists)
        self._fingerprints = pages
        # Every page shows the config, the theme, the nav (on_nav) and the day it was built;
        # anything in docs/ may be included in a page (snippets) or shadow a theme file.
        self._setting = [_config_text(config), self.language or "", ",".join(self.built()),
                         config.site_url or "", str(config.use_directory_urls), get_build_date(),
                         self._folder_state((*config.theme.dirs, config.docs_dir))]
        self._statics = {}
        for f in files:  # copied files: kept where the same file is copied again
            if not f.is_documentation_page() and f.generated_by is None and f.abs_src_path:
                try:
                    st = os.stat(f.abs_src_path)
                except OSError:
                    continue
                self._statics[f.dest_uri] = "\0".join(
                    map(str, (f.abs_src_path, st.st_size, st.st_mtime_ns, st.st_ctime_ns)))
        self._outputs = {f.dest_uri for f in files}
        if self._split:
            self._outputs.add(REST)
        self._building = self._key(config)
        self._order = [f.src_uri for f in files.documentation_pages()]
        self._kept, self._fresh, self._searched = set(), {}, 0
        last = self.published.get(self._building)
        self._blocks = KeptTexts(last.blocks if last is not None else None)
        self._page_blocks = {}

    def _folder_state(self, folders: tuple[str, ...]) -> str:
        """`folder_state`, once per build for all its languages (they share the theme's
        thousands of files and the docs folder)."""
        if folders not in self._folder_states:
            self._folder_states[folders] = folder_state(folders)
        return self._folder_states[folders]

    def _translations(self, files: Files, config: MkDocsConfig) -> Files:
        """This language's hand-written pages: `about.uk.md` published as `about.md` in the
        Ukrainian site, the untranslated `about.md` where it has none; no other
        language's `*.<code>.md` anywhere."""
        languages, here = self.config.languages, self.language
        chosen: dict[str, File] = {}
        for f in files.documentation_pages():
            page, code = translation_of(f.src_uri, languages)
            if (code is None and page not in chosen) or (code == here and code != languages[0]):
                chosen[page] = f
            files.remove(f)
        for page, f in chosen.items():
            if f.src_uri != page:  # a translation, published at the untranslated page's address
                assert f.abs_src_path is not None
                translated = File.generated(config, page, abs_src_path=f.abs_src_path, inclusion=f.inclusion)
                translated.generated_by = None  # hand-written: the home summary is filled in, as in English
                f = translated
            files.append(f)
        return files

    @event_priority(50)  # before the tags plugin and others read the page's Markdown
    def on_page_markdown(self, markdown: str, *, page: Any, config: MkDocsConfig, files: Files) -> str:
        if self.site is None:
            return markdown
        if page.file.generated_by is not None:
            # Python-Markdown would parse every tag of the tables and lists written as HTML only
            # to pass them through: they go back in the converted page (on_page_content)
            markdown, self._stashed[page.file.src_uri] = stash_blocks(markdown)
            return markdown
        if "updated" not in page.meta and (updated := self.site.updated(page.file.src_uri, markdown)):
            page.meta["updated"] = updated  # the theme prints it under the page (theme/main.html)
        # only the record's parts: in the author's, a block so written may be in a code
        # block or a comment, which Python-Markdown reads as such
        pieces: list[str] = []
        blocks: list[str] = []
        for text, ours in self._expand_parts(markdown, page.file.src_uri):
            if ours:
                text, more = stash_blocks(text, len(blocks))
                blocks += more
            pieces.append(text)
        self._stashed[page.file.src_uri] = blocks
        return "".join(pieces)

    def _expand(self, markdown: str, src_uri: str) -> str:
        """A hand-written page with the record's markers filled in, made once per build
        (the fingerprint needs it before MkDocs converts the page)."""
        return "".join(text for text, _ in self._expand_parts(markdown, src_uri))

    def _expand_parts(self, markdown: str, src_uri: str) -> list[tuple[str, bool]]:
        assert self.site is not None
        key = (src_uri, markdown)
        if key not in self._expanded:
            self._expanded[key] = self.site.expand_parts(markdown, src_uri)
        return self._expanded[key]

    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        locale = Locale(self.language or "en")

        def translate(items: list[Any]) -> None:
            for item in items:
                if item.title:
                    item.title = locale._(item.title)
                if getattr(item, "children", None):
                    translate(item.children)
        if self.language != self.config.languages[0]:
            translate(nav.items)
        self._keep(nav, files, config)
        return nav

    def _keep(self, nav: Any, files: Files, config: MkDocsConfig) -> None:
        """On a dirty build, the pages the last build made from the same Markdown in
        the same setting report themselves unmodified: MkDocs leaves them as they are."""

        def tree(items: list[Any]) -> str:
            return "".join(f"({type(i).__name__}\0{i.title}\0{getattr(i, 'url', '')}"
                           f"{tree(getattr(i, 'children', None) or [])})" for i in items)
        self._setting.append(tree(nav.items))
        published = self.published.get(self._key(config))
        if not (self.dirty or self.rebuilding):
            return
        kept = published.kept(digest(*self._setting), self._fingerprints) if published else set()
        for f in files.documentation_pages():
            if f.src_uri in kept and os.path.isfile(f.abs_dest_path):
                f.__class__ = _Kept
            else:
                f.__class__ = _Changed
                kept.discard(f.src_uri)
        self._kept = kept
        statics = published.statics if published else {}
        for f in files:  # not MkDocs' own check (the time alone): a file moved in keeps an old one
            if (stat := self._statics.get(f.dest_uri)) is not None:
                same = statics.get(f.dest_uri) == stat and os.path.isfile(f.abs_dest_path)
                f.__class__ = _Kept if same else _Changed

    def _key(self, config: MkDocsConfig) -> tuple[str, str]:
        return _published_key(config.site_dir, self.language or "")

    @event_priority(-50)  # after the search plugin indexed the page
    def on_page_context(self, context: Any, *, page: Any, config: MkDocsConfig, nav: Any) -> Any:
        for marker, table in self._deferred.pop(page.file.src_uri, {}).items():
            page.content = page.content.replace(marker, table, 1)
        # What a rebuild that keeps this page needs to know of it (rebuild.py)
        search = config.plugins.get("material/search")
        entries = search.search_index.entries if search is not None and search.config.enabled else []
        anchors = page.present_anchor_ids
        self._fresh[page.file.src_uri] = PageState(
            self._fingerprints.get(page.file.src_uri, ""), title=page.title, meta=dict(page.meta),
            anchors=set(anchors) if anchors is not None else None,
            search=entries_json(entries[self._searched:]),
            first=(first_entries(entries[self._searched:]) if self._split and self.site is not None
                   and self.site.is_fact_page(page.file.src_uri) else None),
            blocks=tuple(self._page_blocks.pop(page.file.src_uri, ())))
        self._searched = len(entries)
        if len(self.built()) > 1:
            # The language switcher (theme/partials/alternate.html): this page in every language,
            # relative to the page, so that it works from file:// too.
            context["record_alternates"] = alternates(page.url, self.language or "en", self.built())
            # One palette (and search) preference for all languages: Material keys them by this path.
            base_url = context["base_url"]
            config.extra["scope"] = posixpath.join(base_url, "..") if self.parent else base_url
        return context

    def on_template_context(self, context: Any, *, template_name: str, config: MkDocsConfig) -> Any:
        if len(self.built()) > 1:
            # 404.html, served at any address: every language's home from the server's root
            context["record_alternates"] = alternates("", self.language or "en", self.built(),
                                                      self.root_site_url or "/")
            # sitemap.xml: each page's address in every language (hreflang), where site_url is known
            top = self.root_site_url.rstrip("/")
            context["record_roots"] = ({code: f"{top}/{root(code, self.config.languages)}"
                                        for code in self.built()} if self.root_site_url else {})
        return context

    @event_priority(110)  # before Material's tags plugin lists the tagged pages (100)
    def _on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        # What the last build wrote and this one will not (a deleted fact's page), before
        # anything is written: a file may give way to a folder of the same name.
        if (published := self.published.get(self._key(config))) is not None:
            for gone in stale(published.outputs, self._outputs):
                _remove(Path(config.site_dir), gone)
        if self._kept:
            self._give_back(files, config)
        env.bytecode_cache = _COMPILED
        # the theme overrides' own words: `{{ _("…") }}` in this build's language
        locale = Locale(self.language or "en")
        env.add_extension("jinja2.ext.i18n")
        env.install_gettext_callables(locale._, locale.ngettext, newstyle=True)
        return env

    def _write_charts(self) -> None:
        """The charts, drawn meanwhile in another process, into their files (a chart
        whose file already holds its bytes is left alone: a rebuild touches only what changed)."""
        if self.site is None:
            return
        drawn = self.site.finish()
        for chart in self.charts:
            content = chart.content_bytes = drawn[chart.src_uri]
            target = Path(chart.abs_dest_path)
            with contextlib.suppress(OSError):
                if target.read_bytes() == content:
                    continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)

    def _give_back(self, files: Files, config: MkDocsConfig) -> None:
        """What the kept pages' last build knew of them: titles, front matter, anchors,
        and their tags for Material's tags listings, in the order a full build adds them."""
        published = self.published[self._key(config)]
        tags: Any = config.plugins.get("material/tags")
        listed = tags is not None and tags.config.enabled
        # Material's tags of each list of tags a page's front matter gives, read once:
        # thousands of fact pages share a handful (their kind and side)
        read: dict[tuple[str, ...], Any] = {}
        for f in files.documentation_pages():
            if f.src_uri in self._kept and f.page is not None:
                old = published.pages[f.src_uri]
                f.page.meta, f.page.title = dict(old.meta), old.title
                f.page.present_anchor_ids = set(old.anchors) if old.anchors is not None else None
                if listed and tags.filter(f):
                    given = f.page.meta.get(tags.config.tags_name_property)
                    key = tuple(given) if isinstance(given, list) and all(isinstance(t, str) for t in given) \
                        else None
                    if key is None or key not in read:
                        mapping = tags.mappings.add(f.page, "")
                        if key is not None:
                            read[key] = mapping
                    elif read[key] is not None:  # as `add` makes it, with the tags it read
                        tags.mappings.data[f.page.url] = type(read[key])(f.page, tags=read[key].tags)
        if listed:
            data = tags.mappings.data
            urls = [f.url for f in files.documentation_pages()]
            tags.mappings.data = {url: data[url] for url in urls if url in data}

    @event_priority(90)  # after Material's tags plugin filled this build's listings (100)
    def _on_env_listings(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """A kept page's tag listings (the tags page, kept when no title or tags it lists
        changed): the pages made again link their tags to it, as in a full build. They
        are only named to Material, not filled: the kept page is not converted again."""
        tags: Any = config.plugins.get("material/tags")
        if not self._kept or tags is None or not tags.config.enabled:
            return env
        for f in files.documentation_pages():
            if (f.src_uri in self._kept and f.page is not None and f.generated_by is None
                    and "<!-- material/tags" in f.content_string and tags.filter(f)):
                tags.listings.add(f.page, self._expand(get_data(f.content_string)[0], f.src_uri))
        return env

    on_env = CombinedEvent(_on_env, _on_env_listings)

    @event_priority(-100)  # last: whatever other plugins add passes the wall too
    def on_page_content(self, html: str, *, page: Any, config: MkDocsConfig, files: Files) -> str:
        # The blocks in sections search leaves out go back after it has read the page
        # (on_page_context): it parses every tag of a page only to drop them. On a
        # hand-written page, the blocks are the record's (the home summary's lists of
        # figures, which repeat the figure pages as the ledger does): search leaves them
        # out, and the author's words around them stay in its sections.
        html, searched, later = mark_blocks(html, self._stashed.pop(page.file.src_uri, []), self._later,
                                            unsearched=page.file.generated_by is None)
        # A large block cleaned on its own (a table, a list: the page around it holds none
        # of its tags), or as the last build cleaned the very same block (`_clean_block`);
        # a small one with the page, as costs least
        small = {marker: block for marker, block in searched.items() if len(block) < self._blocks.at_least}
        html = put_blocks(label_cells(clean(put_blocks(html, small))),
                          {marker: self._clean_block(block, page.file.src_uri)
                           for marker, block in searched.items() if marker not in small})
        deferred = {marker: self._clean_block(block, page.file.src_uri) for marker, block in later.items()}
        search = page.meta.get("search")
        engine = config.plugins.get("material/search")
        ours = (page.file.generated_by is not None and self.site is not None
                and page.file.src_uri in self.site.pages)
        if (ours and isinstance(search, dict) and search.get("exclude")
                and engine is not None and engine.config.enabled):
            # A generated page search leaves out (the lists of facts: megabytes at 10,000
            # facts) goes back whole after search has seen it: Material's search still scans
            # the whole of every page to drop its `data-search-*` attributes, which is done
            # here only where there are any. Not a hand-written page: another plugin may
            # write into it meanwhile (Material's tags listing, `on_env`); the generated
            # pages hold no such directive (the core escapes every text it writes).
            marker = f'<span class="{self._later}-page"></span>'
            if "data-search-" in html:
                html = _SEARCH_ATTRIBUTES.sub("", html)
            deferred = {marker: html, **deferred}  # first: the page holds the others' markers
            html = marker
        self._deferred[page.file.src_uri] = deferred
        return html

    def _clean_block(self, block: str, src_uri: str) -> str:
        """A block of the record's (site/blocks.py) through the allowlist, its table's cells
        labelled; a large one as the last build cleaned it where it is the same (an index's
        tables, the timeline's months, the home summary's lists: an edit changes one or two
        of them; those of a page kept as it was are kept with it)."""
        if len(block) < self._blocks.at_least:
            return _clean_labelled(block)
        name = digest(block)
        self._page_blocks.setdefault(src_uri, []).append(name)
        cleaned = self._blocks.made(name, block, _clean_labelled)
        assert cleaned is not None
        return cleaned

    @event_priority(-100)  # last: the policy hashes the scripts as they are finally published
    def on_post_page(self, output: str, *, page: Any, config: MkDocsConfig) -> str:
        if self._split:
            output = with_search_worker(output)
        # Not under `mkdocs serve`: its live-reload script is inlined per response.
        return output if self.serving else with_csp(output)

    @event_priority(-100)
    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        if not template_name.endswith(".html"):  # 404.html
            return output_content
        if self._split:
            output_content = with_search_worker(output_content)
        return output_content if self.serving else with_csp(output_content)

    @event_priority(-50)  # after Material's search writes its index, before offline inlines it (-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._write_charts()
        index = Path(config.site_dir) / "search" / "search_index.json"
        key = self._key(config)
        published = self.published.get(key, Published())
        if index.is_file():
            data = json.loads(index.read_text(encoding="utf-8"))
            # Written from each page's entries as published (PageState.search): the pages this
            # build made and, in a rebuild, those it kept. In a full build those are every entry
            # of Material's index, in its order; if not (another plugin's entries), the entries
            # Material wrote are changed as one page's would be.
            rest = ""
            if self.dirty or self.rebuilding or len(data.get("docs") or []) == self._searched:
                docs = published.search_docs(self._order, self._fresh, "first" if self._split else "all")
                if self._split:
                    rest = published.search_docs(self._order, self._fresh, "rest")
            else:
                docs = entries_json(data.get("docs") or [])
            index.write_text(index_json(data, docs), encoding="utf-8")
            if self._split:  # the second part (theme/assets/javascripts/workers/exchange-record-search.js)
                (Path(config.site_dir) / REST).write_text(rest_json(rest), encoding="utf-8")
        pages = {p: self._fresh.get(p) or published.pages[p] for p in self._order
                 if p in self._fresh or p in published.pages}
        for path in self._kept:
            if path in pages:
                self._blocks.keep(pages[path].blocks)
        self.published[key] = Published(
            setting=digest(*self._setting), outputs=self._outputs, statics=self._statics,
            blocks=self._blocks.now, pages=pages)
        if self._kept:
            log.info(f"rebuilt {len(self._order) - len(self._kept)} of {len(self._order)} pages "
                     f"({self.language}); kept the others")
        if self.parent is None:
            self._build_languages(config)

    def _build_languages(self, config: MkDocsConfig) -> None:
        """The other languages' sites: those whose process beside started a round
        (`_processes_beside`) are waited for, the others built here meanwhile."""
        assert self._round is not None
        round_, besides = self._round, self._besides
        self._besides = {}
        failed: BaseException | None = None
        try:
            for code in self.built()[1:]:
                if code not in besides:
                    self._build_language(code, round_)
        except BaseException as exc:  # the rounds beside are waited for all the same
            failed = exc
        lost, problems = [], []
        for code, beside in besides.items():
            try:
                if (problem := beside.outcome()) is not None:
                    problems.append(f"the {code!r} site did not build: {problem}")
            except Stopped:
                self._beside.pop(code, None)
                lost.append(code)
                beside.stop()  # waited for: no dead process left behind a server that runs on
                continue
            if not self.serving:
                beside.stop()
        if failed is not None:
            raise failed
        for code in lost:
            log.warning(f"the process building the {code!r} site stopped; building it here")
            self._build_language(code, round_)
        if problems:
            raise PluginError("; ".join(problems))

    def _processes_beside(self, round_: _Round) -> dict[str, Forked]:
        """The processes that build the other languages this round, by language, not yet
        started; a language without one is built here, after this one's site.

        With a spare core each other language has a process of its own: three languages
        on two cores keep both busy to the end of the build (one process beside left
        this one building two languages while it idled). Under `mkdocs serve` the
        processes are forked at the first build and kept: each keeps its language's
        rebuild state and makes each rebuild of it beside this process's. A one-off
        build forks them for the build. Here, a language's state is forgotten once
        another process has it: if that process dies, the language is built here again
        from nothing. A fork needs one thread (no lock another holds is copied): a serve
        rebuild (the server's threads run) never forks, so a process lost or set aside
        (mkdocs.yml edited) is replaced by builds here."""
        out: dict[str, Forked] = {}
        languages = tuple(self.built())
        for code in languages[1:]:
            key = (round_.site_dir, code, _config_text_of(round_.config_file_path), languages)
            if self.serving and (kept := self._beside.get(code)) is not None:
                if kept[0] == key:
                    out[code] = kept[1]
                    continue
                kept[1].stop()
                del self._beside[code]
                log.info(f"the process building the {code!r} site is set aside (its configuration "
                         "changed); it is built here")
            if self.dirty or self.rebuilding or not can_fork() or threading.active_count() > 1:
                continue
            share_drawer()  # one matplotlib for all the languages' processes, not one each
            out[code] = forked = Forked(self._round_beside)
            self._first.add(forked.pid)
            # this process no longer knows what that one publishes: built here again, from nothing
            self.published.pop(_published_key(os.path.join(round_.site_dir, code), code), None)
            self.sites.pop(code, None)
            if self.serving:
                self._beside[code] = (key, forked)
        return out

    def _start_beside(self, processes: dict[str, Forked]) -> None:
        """Each process's round of this build (`_build_languages` waits for them); a
        process that is gone leaves its language to be built here."""
        assert self._round is not None
        for code, forked in processes.items():
            first = forked.pid in self._first
            self._first.discard(forked.pid)
            if forked.start(dataclasses.replace(self._round, beside=code, first=first)):
                self._besides[code] = forked
                continue
            forked.stop()
            self._beside.pop(code, None)
            log.info(f"the process building the {code!r} site stopped; it is built here")

    def _round_beside(self, round_: _Round) -> None:
        """In the process beside: one round of its language's builds. After the first,
        the record, git's dates and the folders are read again, as this process's
        first language reads them (a record with errors: the last valid one)."""
        if not round_.first:
            record, diagnostics = build_record(self.facts_root, self.cache)
            if not has_errors(diagnostics):
                self.record = record
                self.history = read_history(self.facts_root)
                self.docs_dates = read_dates(Path(round_.docs_dir))
            self._folder_states = {}
        self.dirty, self.rebuilding = round_.dirty, round_.rebuilding
        self.root_site_url = round_.root_site_url
        with _GARBAGE.paused() if round_.rebuilding else contextlib.nullcontext():
            self._build_language(round_.beside, round_)

    def built(self) -> list[str]:
        """The languages this build publishes: all of `languages`, or, with
        `RECORD_LANGUAGES=en` (or `en,uk`), the first and those named (`mkdocs serve`
        waits for every language; pages link only to the languages built)."""
        only = {c.strip() for c in os.environ.get("RECORD_LANGUAGES", "").split(",") if c.strip()}
        first, *others = self.config.languages
        return [first, *(code for code in others if not only or code in only)]

    def _build_language(self, code: str, round_: _Round) -> None:
        """The site in `code`, under `<site_dir>/<code>/`: mkdocs.yml read again (plugins
        keep state per build), with what the command line or `mkdocs serve` changed."""
        sub = load_config(round_.config_file_path, site_dir=os.path.join(round_.site_dir, code),
                          strict=round_.strict, use_directory_urls=round_.use_directory_urls,
                          site_url=(self.root_site_url.rstrip("/") + "/" + root(code, self.config.languages)
                                    if self.root_site_url else ""))
        # MkDocs keeps one instance of a plugin that has on_startup (this one, Material's search
        # and tags) for every config it loads in the process: `plugin` is this very instance, so
        # its language is set for the build and put back after it.
        plugin = sub.plugins["exchange-record"]
        assert isinstance(plugin, ExchangeRecordPlugin)
        first = self.language
        plugin.language, plugin.parent, plugin.serving = code, self, self.serving
        plugin.root_site_url = self.root_site_url
        log.info(f"building the {code!r} site in {sub.site_dir}")
        try:
            mkdocs_build(sub, dirty=self.dirty or self.rebuilding)
        finally:
            plugin.parent, self.language = None, first

    def on_build_error(self, *, error: Exception) -> None:
        if self.parent is None:  # the rounds started beside end before the next build starts one
            for forked in self._besides.values():
                with contextlib.suppress(Stopped):
                    forked.outcome()
                if not self.serving:
                    forked.stop()
            # forked for this build and never started: they hold its record, not the next's
            for code, forked in self._idle.items():
                forked.stop()
                self._beside.pop(code, None)
                self._first.discard(forked.pid)
            self._idle, self._besides = {}, {}
        # A build that failed half-way left some pages written and others not: the next
        # one makes every page again, and still removes what no build will write again.
        for key, published in self.published.items():
            written = self._outputs if key == self._building else set()
            self.published[key] = Published(outputs=published.outputs | written)
        if self._building not in self.published:
            self.published[self._building] = Published(outputs=self._outputs)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.facts_root))
        whole = server.builder

        def rebuild() -> None:
            """MkDocs' own rebuild, made dirty: the pages an edit left as they were
            are kept (`_keep`), the others converted and written again. MkDocs 1.6's
            serve builds with the `--dirty` of its command line, which no plugin can
            set; its `build` is swapped for the rebuild's time (the first build, made
            before on_serve, is a full one)."""
            plain = getattr(mkdocs_serve, "build", None)
            if plain is None or self.dirty:  # `serve --dirty`: dirty already
                with self.rebuild():
                    whole()
                return

            def dirty_build(cfg: MkDocsConfig, *, serve_url: str | None = None, dirty: bool = False) -> None:
                plain(cfg, serve_url=serve_url, dirty=True)

            setattr(mkdocs_serve, "build", dirty_build)  # noqa: B010 - not an exported name
            try:
                with self.rebuild():
                    whole()
            finally:
                setattr(mkdocs_serve, "build", plain)  # noqa: B010

        server.builder = rebuild
        return server

    @contextlib.contextmanager
    def rebuild(self) -> Iterator[None]:
        """The builds inside are rebuilds: dirty MkDocs builds (the caller makes them
        so) in which the pages an edit left as they were are kept; the cyclic garbage
        collector waits until a few seconds after them (garbage.py)."""
        quiet = _QuietDirty()
        logger = logging.getLogger("mkdocs.commands.build")
        logger.addFilter(quiet)
        self.rebuilding = True
        try:
            with _GARBAGE.paused():  # one collection after it, not several passes during it
                yield
        finally:
            self.rebuilding = False
            logger.removeFilter(quiet)


def _clean_labelled(block: str) -> str:
    return label_cells(clean(block))


#: what may be a link to a file in Markdown: a path with a file name extension, up
#: to any `#anchor` or `?query`
_FILE_LINK = re.compile(r"""[^\s()<>\[\]"'`|#?]*\.[A-Za-z0-9]+""")


def _link_targets(markdown: str, src_uri: str) -> list[str]:
    """Each file `markdown` (the page `src_uri`) may link to, sorted: every path
    with an extension in it (`../figures/x.md`, `ledger/x.svg`), read as MkDocs
    reads a link (relative to the page, or to the docs folder when it starts with
    `/`; backslash escapes dropped, percent-escapes decoded). More than its links
    (`e.g` in a sentence too), never fewer."""
    folder = posixpath.dirname(src_uri)
    out = set()
    texts = [markdown]
    if "\\" in markdown or "%" in markdown:  # `x\-y.md`, `x%2Emd`: as MkDocs reads the link
        texts.append(unquote(markdown.replace("\\", "")))
    for m in (m for text in texts for m in _FILE_LINK.finditer(text)):
        for path in {m.group(), unquote(m.group())}:
            for target in (posixpath.join(folder, path), path.lstrip("/")):
                out.add(posixpath.normpath(target))
    return sorted(out)


def _page_dates(docs_dates: dict[str, str], language: str, languages: list[str]) -> dict[str, str]:
    """Each hand-written page's last commit, by the path it is published at in
    `language`'s site: `about.uk.md`'s date as `about.md`'s in the Ukrainian site."""
    dates: dict[str, str] = {}
    for path, day in docs_dates.items():
        page, code = translation_of(path, languages)
        if code is None and page not in dates:
            dates[page] = day
        elif code == language and code != languages[0]:
            dates[page] = day  # the translation's own date wins
    return dates


def _config_text(config: MkDocsConfig) -> str:
    return _config_text_of(config.config_file_path)


def _material_worker(config: MkDocsConfig) -> str | None:
    """The file name of Material's search worker as the `base.html` the theme renders
    (the first in its folders) names it where `with_search_worker` replaces it; None
    if it names none (the search index then stays whole)."""
    for folder in config.theme.dirs:
        base = Path(folder) / "base.html"
        if base.is_file():
            name = material_worker(base.read_text(encoding="utf-8"))
            if name is None:
                log.info(f"{base} names no search worker the plugin knows: the search index stays whole")
            return name
    return None


def _published_key(site_dir: str, language: str) -> tuple[str, str]:
    """Where `published` keeps what a build of one language in one folder published."""
    return os.path.abspath(site_dir), language


def _config_text_of(path: str | None) -> str:
    return Path(path).read_text(encoding="utf-8") if path and os.path.isfile(path) else ""


@dataclasses.dataclass(frozen=True)
class _Round:
    """What the other languages' builds take from the first one's (picklable: sent to
    the process beside, forked.py)."""

    config_file_path: str
    site_dir: str
    docs_dir: str
    strict: bool
    use_directory_urls: bool
    root_site_url: str
    dirty: bool
    rebuilding: bool
    beside: str = ""  # the language the process beside builds
    first: bool = False  # its first round: its state is this process's, as forked

    @classmethod
    def of(cls, config: MkDocsConfig, plugin: ExchangeRecordPlugin) -> _Round:
        return cls(config_file_path=config.config_file_path or "", site_dir=os.path.abspath(config.site_dir),
                   docs_dir=config.docs_dir, strict=bool(config.strict),
                   use_directory_urls=bool(config.use_directory_urls), root_site_url=plugin.root_site_url,
                   dirty=plugin.dirty, rebuilding=plugin.rebuilding)


def _remove(site_dir: Path, dest_uri: str) -> None:
    """A file the last build wrote and this one does not, and the folders it leaves empty."""
    path = site_dir / dest_uri
    path.unlink(missing_ok=True)
    for folder in path.parents:
        if folder == site_dir or not folder.is_relative_to(site_dir):
            break
        try:
            folder.rmdir()  # only if empty
        except OSError:
            break


def _rel(path: Path, start: Path) -> str:
    return os.path.relpath(path.resolve(), start).replace(os.sep, "/")


__all__ = ["ExchangeRecordConfig", "ExchangeRecordPlugin"]

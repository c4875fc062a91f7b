"""MkDocs adapter: hands the core's site (`site.manifest.build_site`) to MkDocs.

* `on_pre_build`: build the record; errors stop the build with the CLI's
  `path:line:col` diagnostics, before MkDocs cleans the site folder, so a bad
  fact never replaces the last good site. Under `mkdocs serve` the last good
  pages stay served instead (MkDocs' own server stalls after a failed build).
* `on_files`: the site's pages, files, charts and redirects as virtual files,
  fact pages with their edit link on the YAML file.
* `on_page_markdown`: the home summary and the "Last updated" line of hand-written pages.
* `on_env`: the charts, drawn meanwhile in another process, into their files.
* `on_page_content`, `on_post_page`, `on_post_template`: the HTML allowlist and
  the Content-Security-Policy (site/allowlist.py, site/csp.py).
* `on_config`, `on_post_build`: Material's search, cutting words at punctuation
  and finding grouped numbers typed without separators (site/searchindex.py).
"""

from __future__ import annotations

import json
import logging
import os
import posixpath
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from .record.build import build_record, has_errors
from .record.diagnostics import Severity, summary
from .record.load import FactCache
from .site.allowlist import clean
from .site.cards import label_cells
from .site.csp import with_csp
from .site.history import read_dates, read_history
from .site.manifest import Site, build_site
from .site.pages import corrections_problem
from .site.searchindex import SEPARATOR, with_plain_numbers

log = get_plugin_logger("exchange-record")
_TRANSLATION_LAG = frozenset({"stale-translation", "unstamped-translation"})
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


class ExchangeRecordConfig(base.Config):
    facts_dir = c.Type(str, default="facts")
    """Folder of fact files (`<kind>/<id>.yaml`), relative to `mkdocs.yml`."""

    templates_dir = c.Optional(c.Dir(exists=True))
    """Folder of Jinja templates that override the built-in ones by name (e.g. `event.md.j2`)."""

    corrections = _CorrectionsAddress(str, default="")
    """Where readers report a correction: `mailto:…` or an https form address; every fact
    page links to it with the fact's id filled in. Empty: no link."""


class ExchangeRecordPlugin(BasePlugin[ExchangeRecordConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.site: Site | None = None
        self.charts: list[File] = []
        self.facts_root = Path("facts")
        self.project_root = Path(".")
        self.serving = False
        self.cache = FactCache()  # kept across `mkdocs serve` rebuilds: an edit re-reads one file

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"  # defining on_startup also keeps this instance across rebuilds

    @event_priority(50)  # early: other plugins see the extensions this one adds
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.project_root = Path(config.config_file_path or ".").resolve().parent
        self.facts_root = (self.project_root / self.config.facts_dir).resolve()
        for name in MARKDOWN_EXTENSIONS:  # declared here, so a fresh project needs none of them listed
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
        if config.theme.name == "material":  # after a project's own custom_dir, before the theme's
            config.theme.dirs.insert(1 if config.theme.custom_dir else 0, str(THEME_OVERRIDES))
        search = config.plugins.get("material/search")
        if search is not None and not search.config.get("separator"):  # a project's own wins
            search.config["separator"] = SEPARATOR  # read by the search plugin's on_config, after this
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        record, diagnostics = build_record(self.facts_root, self.cache)
        for d in diagnostics:
            # A translation behind its English is marked on its page and reported by
            # `validate`; it never fails a strict site build: a correction in English
            # must not wait for the translators.
            level = logging.INFO if d.code in _TRANSLATION_LAG else _LEVEL[d.severity]
            log.log(level, d.format_text())
        if has_errors(diagnostics):
            if self.serving and self.site is not None:
                log.error(f"the fact record is invalid: {summary(diagnostics)}; "
                          "serving the last valid record until it is fixed")
                return
            raise PluginError(f"the fact record is invalid: {summary(diagnostics)}")
        templates = Path(self.config.templates_dir) if self.config.templates_dir else None
        self.site = build_site(record, templates, read_history(self.facts_root),
                               corrections=self.config.corrections, site_url=config.site_url or None,
                               page_dates=read_dates(Path(config.docs_dir)))

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.site is not None
        site, root = self.site, self.project_root
        for f in files.documentation_pages():
            f.edit_uri = f"{_rel(Path(config.docs_dir), root)}/{f.src_uri}"
        for path, content in site.pages.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(f"{_rel(Path(config.docs_dir), root)}/{path} would hide the page "
                                  "generated from the facts; rename or remove it")
            # Fact pages are reached by links, indexes and search; a nav listing
            # thousands of them makes Material's build quadratic.
            fact = site.is_fact_page(path)
            page = File.generated(config, path, content=content,
                                  inclusion=InclusionLevel.NOT_IN_NAV if fact else InclusionLevel.UNDEFINED)
            if fact:
                facts_parent = _rel(self.facts_root.parent, root)
                page.edit_uri = posixpath.normpath(f"{facts_parent}/{site.sources[path]}")
            files.append(page)
        for path, content in site.defaults.items():  # a project's own page takes their place
            if files.get_file_from_path(path) is None:
                files.append(File.generated(config, path, content=content))
        for path, data in site.files.items():
            files.append(File.generated(config, path, content=data))
        self.charts = [File.generated(config, path, content=b"") for path in site.charts]  # filled in on_env
        for chart in self.charts:
            files.append(chart)
        for path, html in site.redirect_pages(config.use_directory_urls).items():
            files.append(File.generated(config, path, content=html))
        return files

    @event_priority(50)  # before the tags plugin and others read the page's Markdown
    def on_page_markdown(self, markdown: str, *, page: Any, config: MkDocsConfig, files: Files) -> str:
        if self.site is None or page.file.generated_by is not None:
            return markdown
        if "updated" not in page.meta and (updated := self.site.updated(page.file.src_uri, markdown)):
            page.meta["updated"] = updated  # the theme prints it under the page (theme/main.html)
        return self.site.expand(markdown, page.file.src_uri)

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        if self.site is not None:
            drawn = self.site.finish()
            for chart in self.charts:
                chart.content_bytes = drawn[chart.src_uri]
        return env

    @event_priority(-100)  # last: whatever other plugins add passes the wall too
    def on_page_content(self, html: str, *, page: Any, config: MkDocsConfig, files: Files) -> str:
        return label_cells(clean(html))

    @event_priority(-100)  # last: the policy hashes the scripts as they are finally published
    def on_post_page(self, output: str, *, page: Any, config: MkDocsConfig) -> str:
        # Not under `mkdocs serve`: its live-reload script is inlined per response.
        return output if self.serving else with_csp(output)

    @event_priority(-100)
    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        if self.serving or not template_name.endswith(".html"):  # 404.html
            return output_content
        return with_csp(output_content)

    @event_priority(-50)  # after Material's search writes its index, before offline inlines it (-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        index = Path(config.site_dir) / "search" / "search_index.json"
        if index.is_file():
            data = with_plain_numbers(json.loads(index.read_text(encoding="utf-8")))
            index.write_text(json.dumps(data, separators=(",", ":"), default=str), encoding="utf-8")

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.facts_root))
        return server


def _rel(path: Path, start: Path) -> str:
    return os.path.relpath(path.resolve(), start).replace(os.sep, "/")


__all__ = ["ExchangeRecordConfig", "ExchangeRecordPlugin"]

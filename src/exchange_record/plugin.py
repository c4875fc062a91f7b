"""MkDocs adapter: the record's pages as virtual files, its problems as build errors.

All logic lives in the core (`build_record`, `render_pages`); this module only
maps it onto MkDocs events:

* `on_pre_build`: load and validate the record. Any error stops the build with
  the same `path:line:col` diagnostics as the CLI, *before* MkDocs cleans the
  site folder, so a bad fact never replaces the last good site.
* `on_files`: add every generated page with `File.generated` (nothing is
  written into `docs/`), with its edit link pointing at the fact's YAML file.
* `on_env`: the ledger charts, drawn in another process while MkDocs reads
  the pages, are put into their files just before MkDocs copies them.
* `on_serve`: watch the facts folder, so `mkdocs serve` rebuilds on edits.

Under `mkdocs serve` an invalid record does not stop the server: the errors
are logged and the last good pages are served until the fact is fixed (MkDocs'
own dev server stalls every request after a failed build).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from .site.allowlist import clean
from .site.csp import with_csp
from .record.diagnostics import Severity, summary
from .record.load import FactCache
from .site.history import read_history
from .record.build import Record, build_record, has_errors
from .site.pages import RenderedSite, expand_markers, redirects, render_site

log = get_plugin_logger("exchange-record")

_SEARCH_DIALOG = 'class="md-search" data-md-component="search" role="dialog"'
_LEVEL = {Severity.ERROR: logging.ERROR, Severity.WARNING: logging.WARNING, Severity.NOTE: logging.INFO}


class ExchangeRecordConfig(base.Config):
    facts_dir = c.Type(str, default="facts")
    """Folder of fact files (`<kind>/<id>.yaml`), relative to `mkdocs.yml`."""

    templates_dir = c.Optional(c.Dir(exists=True))
    """Folder of Jinja templates that override the built-in ones by name (e.g. `event.md.j2`)."""


class ExchangeRecordPlugin(BasePlugin[ExchangeRecordConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.pages: dict[str, str] = {}
        self.assets: dict[str, bytes] = {}
        self.site: RenderedSite | None = None
        self.chart_files: list[File] = []
        self.redirects: dict[str, str] = {}
        self.record: Record | None = None
        self.facts_root = Path("facts")
        self.project_root = Path(".")
        self.serving = False
        # Parsed files, kept across `mkdocs serve` rebuilds: an edit re-reads one file.
        self.cache = FactCache()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also makes MkDocs keep this instance across rebuilds.
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.project_root = Path(config.config_file_path or ".").resolve().parent
        self.facts_root = (self.project_root / self.config.facts_dir).resolve()
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        record, diagnostics = build_record(self.facts_root, self.cache)
        for d in diagnostics:
            log.log(_LEVEL[d.severity], d.format_text())
        if has_errors(diagnostics):
            if self.serving and self.pages:
                log.error(f"the fact record is invalid: {summary(diagnostics)}; "
                          "serving the last valid record until it is fixed")
                return
            raise PluginError(f"the fact record is invalid: {summary(diagnostics)}")
        templates = Path(self.config.templates_dir) if self.config.templates_dir else None
        self.record = record
        self.site = render_site(record, templates, read_history(self.facts_root))
        self.pages, self.assets = self.site.pages, self.site.files
        self.redirects = redirects(record)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        docs_prefix = _rel(Path(config.docs_dir), self.project_root)
        facts_prefix = _rel(self.facts_root, self.project_root)
        for f in files.documentation_pages():
            f.edit_uri = f"{docs_prefix}/{f.src_uri}"
        for path, content in self.pages.items():
            if files.get_file_from_path(path) is not None:
                raise PluginError(
                    f"{docs_prefix}/{path} would hide the page generated from the facts; "
                    "rename or remove it"
                )
            kind, _, name = path.rpartition("/")
            is_fact = bool(kind) and name != "index.md"
            # Fact pages are reached by links, indexes and search; a nav listing
            # thousands of them makes Material's build quadratic.
            inclusion = InclusionLevel.NOT_IN_NAV if is_fact else InclusionLevel.UNDEFINED
            generated = File.generated(config, path, content=content, inclusion=inclusion)
            if is_fact:
                generated.edit_uri = f"{facts_prefix}/{kind}/{name[:-3]}.yaml"
            files.append(generated)
        for path, content in self.assets.items():
            files.append(File.generated(config, path, content=content))
        # Filled in by on_env, when the charts are done.
        self.chart_files = [File.generated(config, path, content=b"")
                            for path in (self.site.charts if self.site else [])]
        for chart in self.chart_files:
            files.append(chart)
        for old, new in self.redirects.items():
            dest, target = _redirect_paths(old, new, config.use_directory_urls)
            files.append(File.generated(config, dest, content=_redirect_html(target)))
        return files

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        if self.site is not None:
            drawn = self.site.finish()
            for chart in self.chart_files:
                chart.content_bytes = drawn[chart.src_uri]
        return env

    def on_page_markdown(self, markdown: str, *, page: Any, config: MkDocsConfig, files: Files) -> str:
        if self.record is None or page.file.generated_by is not None:
            return markdown
        return expand_markers(markdown, self.record, page.file.src_uri)

    @event_priority(-100)  # last: whatever other plugins add passes the wall too
    def on_page_content(self, html: str, *, page: Any, config: MkDocsConfig, files: Files) -> str:
        # The second wall (allowlist.py): only the tags, attributes and links the
        # templates make, on every page, hand-written ones included.
        return clean(html)

    def on_post_page(self, output: str, *, page: Any, config: MkDocsConfig) -> str:
        # Material's search dialog has no accessible name (axe: aria-dialog-name).
        output = output.replace(_SEARCH_DIALOG, _SEARCH_DIALOG + ' aria-label="Search"', 1)
        # Scripts only from the site and the theme's own inline scripts (csp.py). Not under
        # `mkdocs serve`: its live-reload script is inlined per response, so no hash can allow it.
        return output if self.serving else with_csp(output)

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        # 404.html is rendered without on_post_page: it carries the policy too.
        if self.serving or not template_name.endswith(".html"):
            return output_content
        return with_csp(output_content)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self.facts_root))
        return server


def _redirect_paths(old: str, new: str, directory_urls: bool) -> tuple[str, str]:
    """Where the redirect file goes for an old page, and the relative link to the new one."""
    old_stem, new_stem = old[:-3], new[:-3]
    if directory_urls:
        return f"{old_stem}/index.html", "../" + new_stem.rsplit("/", 1)[-1] + "/"
    return f"{old_stem}.html", new_stem.rsplit("/", 1)[-1] + ".html"


def _redirect_html(target: str) -> str:
    # A plain meta refresh: works from file://, needs no script.
    return (
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f"<title>Moved</title>\n<meta http-equiv=\"refresh\" content=\"0; url={target}\">\n"
        f"<link rel=\"canonical\" href=\"{target}\">\n</head>\n"
        f"<body><p>This fact has a new address: <a href=\"{target}\">{target}</a>.</p></body>\n</html>\n"
    )


def _rel(path: Path, start: Path) -> str:
    return os.path.relpath(path.resolve(), start).replace(os.sep, "/")


__all__ = ["ExchangeRecordConfig", "ExchangeRecordPlugin"]

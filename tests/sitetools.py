"""Build real sites in temporary folders and read their HTML."""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from filelock import FileLock

from conftest import REPO


def make_project(dest: Path, facts: Path | None = None) -> Path:
    """A copy of the project's site sources (mkdocs.yml, docs/, facts/) in `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(REPO / "docs", dest / "docs")
    shutil.copytree(facts or REPO / "facts", dest / "facts")
    return dest


def search_index(site: Path) -> dict:
    """A site's search index as a reader's browser ends up with it: a served site's
    first part (`search/search_index.json`) with each fact page's entry replaced by the
    page's entries in the second (`search/search_index_rest.json`), as
    theme/assets/javascripts/workers/exchange-record-search.js joins them; an offline
    site's one index (`search/search_index.js`)."""
    import json

    folder = site / "search"
    if not (folder / "search_index.json").exists():
        return json.loads((folder / "search_index.js").read_text(encoding="utf-8").removeprefix("var __index = "))
    index = json.loads((folder / "search_index.json").read_text(encoding="utf-8"))
    rest = folder / "search_index_rest.json"
    if rest.exists():
        by_page: dict[str, list[dict]] = {}
        for doc in json.loads(rest.read_text(encoding="utf-8"))["docs"]:
            by_page.setdefault(doc["location"].split("#")[0], []).append(doc)
        docs: list[dict] = []
        for doc in index["docs"]:
            docs.extend(by_page.pop(doc["location"], [doc]))
        assert not by_page, f"entries of the second part with no page in the first: {sorted(by_page)}"
        index = {**index, "docs": docs}
    return index


def mkdocs_build(project: Path, *args: str, offline: bool = False, site: str = "site",
                 env: dict[str, str] | None = None, languages: str = "en") -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict`; only the English site unless `languages` says more
    (`"en,uk,ru"`): most tests read English pages, and each language is a build."""
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1750000000",
                "RECORD_LANGUAGES": languages, **(env or {})}
    full_env.pop("OFFLINE", None)
    if offline:
        full_env["OFFLINE"] = "true"
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", site, *args],
        cwd=project, capture_output=True, text=True, timeout=300, env=full_env,
    )


def built_once(factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]) -> Path:
    """The folder `build` fills, built once for the whole test run: the first worker
    to ask builds it (the others wait on a lock), every later ask reuses it.

    For the sites many modules read (conftest's `seed_sites`, `record_sites`): a
    whole-site build costs seconds, and each module building its own was most of
    the suite's time. What is built here is shared: read it, never write into it
    (`unchanged` checks at the end of the run); a test that changes a site copies it.
    """
    base = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        base = base.parent  # the run's folder, above each worker's own
    folder = base / "built-once" / name
    folder.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(folder.with_suffix(".lock")):
        if not (folder / ".built").exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            build(folder)
            (folder / ".built").write_text(tree_state(folder), encoding="utf-8")
    return folder


def tree_state(folder: Path) -> str:
    """Every file under `folder` with its size and modification time, a line each."""
    lines = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != ".built":
            stat = path.stat()
            lines.append(f"{path.relative_to(folder)} {stat.st_size} {stat.st_mtime_ns}")
    return "\n".join(lines)


def unchanged(folder: Path) -> None:
    """Fail if a test wrote into a folder `built_once` shared."""
    before = (folder / ".built").read_text(encoding="utf-8").splitlines()
    after = tree_state(folder).splitlines()
    changed = sorted(set(before) ^ set(after))
    assert not changed, f"a test changed the shared site {folder.name}: {changed[:5]}"


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.refs: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src", "action", "poster", "data"):
                self.refs.append((tag, name, value))
            elif name == "srcset":
                for part in value.split(","):
                    self.refs.append((tag, name, part.strip().split(" ")[0]))
            elif name in ("id", "name"):
                self.ids.add(value)


def parse_html(path: Path) -> _Collector:
    c = _Collector()
    c.feed(path.read_text(encoding="utf-8"))
    return c


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def is_external(value: str) -> bool:
    return bool(urlsplit(value).scheme) or value.startswith("//")


def external_refs(site: Path, anchors: bool = False) -> list[tuple[str, str, str]]:
    """Every src/href in the site's HTML that names another host or scheme.

    By default only what a browser would fetch by itself (scripts, styles,
    images, frames, fonts); with `anchors=True` the `<a href>` links as well.
    """
    out = []
    for page in html_files(site):
        for tag, _attr, value in parse_html(page).refs:
            if is_external(value) and (anchors or tag != "a"):
                out.append((str(page.relative_to(site)), tag, value))
    return out


def resolve(site: Path, page: Path, href: str) -> tuple[Path | None, str]:
    """The file a relative link from `page` leads to (None if external), and its fragment."""
    parts = urlsplit(href)
    if parts.scheme or href.startswith("//"):
        return None, ""
    if not parts.path:
        return page, parts.fragment
    base = site if parts.path.startswith("/") else page.parent
    target = (base / unquote(parts.path.lstrip("/"))).resolve()
    if target.is_dir() or href.endswith("/"):
        target = target / "index.html"
    return target, parts.fragment


def broken_links(site: Path) -> list[str]:
    """Internal links or anchors that lead nowhere, as `page -> href`."""
    ids: dict[Path, set[str]] = {}
    problems = []
    for page in html_files(site):
        parsed = parse_html(page)
        ids[page.resolve()] = parsed.ids
    for page in html_files(site):
        for tag, _attr, href in parse_html(page).refs:
            if tag == "link" and href.endswith((".xml", ".json")):
                continue
            target, fragment = resolve(site, page, href)
            if target is None:
                continue
            if not target.exists():
                problems.append(f"{page.relative_to(site)} -> {href}")
            elif fragment and target.suffix == ".html" and fragment not in ids.get(target, set()):
                problems.append(f"{page.relative_to(site)} -> {href} (no such anchor)")
    return problems


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """`folder` served over HTTP on 127.0.0.1 while the block runs; yields its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()

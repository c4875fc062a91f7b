"""The site in a real browser: headless Chromium (Debian's package) driven by Playwright.

Served on 127.0.0.1 and opened from file:// (the offline build). Skipped with a
reason where Chromium is missing on a developer's machine; under CI (CI=true)
a missing browser is a failure, never a skip.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from sitetools import serve

pytestmark = pytest.mark.build

CHROMIUM = next((p for p in (os.environ.get("CHROMIUM"), shutil.which("chromium"),
                             shutil.which("chromium-browser"), "/usr/bin/chromium")
                 if p and Path(p).exists()), None)
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--allow-file-access-from-files"]

EVENT = "events/refrigerated-wagons-video-bryansk"
FIGURE = "figures/medinsky-27-bodies-to-russia"
SOURCE = "sources/article-1200-bodies-transferred"
PAGES = ["", EVENT, FIGURE, SOURCE, "events", "figures", "methodology"]


def _need_browser() -> None:
    try:
        import playwright  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("playwright is not installed (pip install -e '.[test]')")
        pytest.skip("playwright is not installed")
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: CI must install it (apt-get install chromium)")
        pytest.skip("Chromium is not installed here (Debian: apt-get install chromium)")


@pytest.fixture(scope="module")
def sites(seed_sites: Path) -> Path:
    """conftest's `seed_sites`: the curated record's `online` and `offline` builds."""
    _need_browser()
    return seed_sites


@pytest.fixture(scope="module")
def served(sites):
    with serve(sites / "online") as base:
        yield base



class Visit:
    """A page with its console errors and every request it made."""

    def __init__(self, browser, width: int = 1280):
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.context.close()


KIND_INDEXES = {"events", "figures", "sources", "actors", "places"}


def url_of(base: str, page: str, offline: bool) -> str:
    """Directory URLs when served; `page.html` in the offline build (no directory URLs)."""
    if not page:
        return base if not offline else f"{base}index.html"
    if offline:
        return f"{base}{page}/index.html" if page in KIND_INDEXES else f"{base}{page}.html"
    return f"{base}{page}/"


@pytest.fixture(params=["served", "offline"])
def site(request, sites):
    if request.param == "served":
        return request.getfixturevalue("served"), False
    return (sites / "offline").as_uri() + "/", True


def search(page, words: str):
    """Search as a reader does: open the dialog, wait for the index, type key by key.

    Material reads the query on keyup and once its worker reports the index
    ready; `fill()` before that raced the worker on a slow CI machine.
    """
    box = page.locator("input.md-search__input")
    box.click()
    meta = page.locator(".md-search-result__meta")
    meta.wait_for(timeout=15_000)
    page.wait_for_function(
        "el => !/Initializing/i.test(el.textContent)", arg=meta.element_handle(),
        timeout=30_000)
    box.press_sequentially(words, delay=20)
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15_000)
    return results


def test_home_renders_without_console_errors(browser, site):
    base, offline = site
    with Visit(browser) as v:
        v.page.goto(url_of(base, "", offline))
        assert v.page.title().startswith("Exchange record")
        assert v.page.locator("h1").first.inner_text().startswith("Russia–Ukraine exchanges of the dead")
        v.page.wait_for_load_state("networkidle")
        assert v.errors == []


def test_search_for_bryansk_finds_the_event(browser, site):
    base, offline = site
    with Visit(browser) as v:
        v.page.goto(url_of(base, "", offline))
        results = search(v.page, "Bryansk")
        titles = " | ".join(results.all_inner_texts())
        assert "refrigerated wagons" in titles
        assert v.errors == []


def test_figure_page_shows_its_sources(browser, site):
    base, offline = site
    with Visit(browser) as v:
        v.page.goto(url_of(base, FIGURE, offline))
        content = v.page.locator("article").inner_text()
        assert "Claimed by" in content and "Vladimir Medinsky" in content
        sources = content.split("Sources", 1)[1]
        assert "Russia transfers 1,200 bodies of Ukrainian soldiers" in sources
        assert "while Kyiv itself had returned 27 bodies of Russian soldiers" in sources
        link = v.page.locator("article a", has_text="Statement by Vladimir Medinsky on the start")
        link.first.click()
        v.page.wait_for_load_state()
        assert "medinsky-statement-2025-06-11" in v.page.url
        assert v.errors == []


def test_offline_build_requests_nothing_from_another_host(browser, sites):
    base = (sites / "offline").as_uri() + "/"
    with Visit(browser) as v:
        for page in PAGES:
            v.page.goto(url_of(base, page, True))
            v.page.wait_for_load_state("networkidle")
        search(v.page, "Medinsky")
        foreign = [u for u in v.requests if not u.startswith(("file:", "data:", "blob:", "about:"))]
        assert foreign == []
        assert v.errors == []


@pytest.mark.parametrize("page", PAGES)
def test_no_horizontal_scroll_at_phone_width(browser, served, page):
    with Visit(browser, width=360) as v:
        v.page.goto(url_of(served, page, False))
        v.page.wait_for_load_state("networkidle")
        overflow = v.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{page or 'home'} scrolls sideways by {overflow}px at 360px"


@pytest.mark.parametrize("page", ["", EVENT, FIGURE, SOURCE])
def test_accessibility_no_serious_or_critical_violations(browser, served, page):
    from axe_playwright_python.sync_playwright import Axe

    with Visit(browser) as v:
        v.page.goto(url_of(served, page, False))
        v.page.wait_for_load_state("networkidle")
        results = Axe().run(v.page)
        bad = [(x["id"], x["impact"], len(x["nodes"]), x["nodes"][0]["target"])
               for x in results.response["violations"] if x["impact"] in ("serious", "critical")]
        assert bad == [], f"{page or 'home'}: {bad}"


def test_injected_text_runs_no_script_in_the_browser(browser, injected_site):
    """Pages built from facts full of script and HTML open no dialog and log no error."""
    from test_hostile import INJECTIONS

    site = injected_site
    with Visit(browser) as v:
        dialogs: list[str] = []
        v.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for i in range(len(INJECTIONS)):
            for kind in ("events", "actors", "sources", "figures", "places"):
                v.page.goto((site / kind / f"{kind[:-1]}-{i}" / "index.html").as_uri())
            v.page.locator("article").first.click()  # onclick payloads would fire here
        assert dialogs == []
        assert [e for e in v.errors if "xss" in e] == []

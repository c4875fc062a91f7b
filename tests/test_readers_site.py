"""The reader's site around the record (issue 15): phones, navigation, trust.

Stacked table cards at 360 px (claimant always in view, every label its
column's header, nothing under 12 px, light and dark), the record's views and
indexes one tap away, breadcrumbs on fact pages, a "For contributors" section,
licences and how to cite in the footer and on the Cite page, a description
and Open Graph/Twitter tags per page, print that names the site and the
page's address, and an About page that says who maintains the record.
HTML tests read the built files; browser tests use headless Chromium as
tests/test_browser.py does.
"""

from __future__ import annotations

import html as htmllib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import REPO, SITE_URL
from sitetools import serve
from test_browser import Visit

pytestmark = pytest.mark.build

FIGURE = "figures/medinsky-27-bodies-to-russia/"
QUOTED = "figures/war-deaths-over-100000-per-wagons-article/"  # a title that starts with a quotation mark
EVENT = "events/remains-transfer-2025-06-13/"
SOURCE = "sources/tass-2025-06-11-medinsky-1212-and-27/"
ACTOR = "actors/vladimir-medinsky/"
#: pages whose tables become cards on a phone
TABLE_PAGES = [FIGURE, "figures/", "ledger/", "disagreements/", EVENT, SOURCE, ACTOR,
               "events/", "sources/", "actors/", "places/"]


@pytest.fixture(scope="module")
def site(record_sites: Path) -> Path:
    """The curated facts plus conftest's disputing figure (so that the disagreements
    page has a table), built with a site URL: conftest's `record_sites`, English."""
    return record_sites / "online"


def page_html(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


class _Head(HTMLParser):
    """`<meta>` tags by name or property, and the text of `<h1>`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.h1 = ""
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "meta" and (key := a.get("property") or a.get("name")):
            self.meta[key] = a.get("content") or ""
        elif tag == "h1" and not self.h1:
            self._in_h1 = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data: str) -> None:
        if self._in_h1:
            self.h1 += data


def head(site: Path, page: str) -> _Head:
    h = _Head()
    h.feed(page_html(site, page))
    h.h1 = " ".join(h.h1.replace("¶", "").split())
    return h


def text_of(fragment: str) -> str:
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


# --- trust: description, Open Graph and Twitter tags ---------------------------------


@pytest.mark.parametrize("page", [FIGURE, QUOTED, EVENT, "ledger/", "about/"])
def test_each_page_has_open_graph_and_twitter_tags_from_its_own_title(site, page):
    h = head(site, page)
    title = re.search(r"<title>(.*?) - Exchange record</title>", page_html(site, page)).group(1)  # type: ignore[union-attr]
    assert h.meta["og:title"] == htmllib.unescape(title) == h.meta["twitter:title"]
    if page.startswith(("figures/", "events/")):
        assert h.meta["og:title"] == h.h1
    assert h.meta["og:type"] == "article"
    assert h.meta["og:url"] == SITE_URL + page
    assert h.meta["og:site_name"] == "Exchange record"
    assert h.meta["og:description"] == h.meta["description"] == h.meta["twitter:description"]
    assert h.meta["twitter:card"] == "summary"


def test_home_is_a_website_in_link_previews(site):
    h = head(site, "")
    assert h.meta["og:type"] == "website" and h.meta["og:url"] == SITE_URL
    assert h.meta["og:title"] == "Exchange record"
    assert "prisoners of war" in h.meta["og:description"]


def test_a_quoted_title_stays_inside_its_attribute(site):
    tags = [t for t in re.findall(r"<meta [^>]*>", page_html(site, QUOTED)) if "og:title" in t]
    assert len(tags) == 1 and tags[0].startswith('<meta property="og:title" content="&quot;over 100,000')


# --- trust: footer, Cite page, print, About ---------------------------------------------


def test_footer_names_both_licences_and_how_to_cite_the_page(site):
    footer = page_html(site, FIGURE).split('<footer class="md-footer">', 1)[1]
    text = text_of(footer)
    assert "data under CC BY 4.0" in text and "code under the MIT License" in text
    assert (f"To cite this page: Exchange record, “27 bodies of Russian soldiers received from "
            f"Ukraine, per Medinsky”, {SITE_URL}{FIGURE}, version of ") in text
    assert '<a href="../../cite/">How to cite the record</a>' in footer
    assert "To cite this page: Exchange record, “Exchange record”" in text_of(page_html(site, ""))


def test_cite_page_covers_the_record_a_page_and_the_data(site):
    html = page_html(site, "cite/")
    text = text_of(html)
    for heading in ("The record", "A page", "The data"):
        assert f">{heading}<" in html
    assert "CC BY 4.0" in text and "MIT License" in text and "CITATION.cff" in text
    cff = (REPO / "CITATION.cff").read_text(encoding="utf-8")
    version = re.search(r"^version: (\S+)", cff, flags=re.M).group(1)  # type: ignore[union-attr]
    assert f"Version {version}" in text, "the Cite page names the CITATION.cff version"


def test_about_names_who_maintains_the_record_with_marked_placeholders(site):
    text = text_of(page_html(site, "about/").split("<article", 1)[1])
    section = text.split("Who maintains the record", 1)[1].split("Corrections and contributions", 1)[0]
    assert "Maintainers" in section and "Contact" in section
    assert "[TO FILL:" in section, "the team's details are placeholders until they fill them in"
    assert "To be completed before publishing" in section


def test_print_hides_navigation_and_names_the_site_and_address(browser, served):
    with Visit(browser) as v:
        v.page.goto(served + FIGURE)
        v.page.wait_for_load_state("networkidle")
        note = v.page.locator(".record-print-source")
        assert not note.is_visible()
        v.page.emulate_media(media="print")
        assert note.is_visible()
        assert note.inner_text().startswith(f"Exchange record · {SITE_URL}{FIGURE} · built ")
        for nav in (".md-header", ".md-tabs", ".md-sidebar--primary", ".md-path"):
            assert not v.page.locator(nav).first.is_visible(), nav
        assert v.page.locator("article h1").is_visible()


# --- navigation --------------------------------------------------------------------


def _tabs(html: str) -> list[tuple[str, str]]:
    tabs = html.split('<nav class="md-tabs"', 1)[1].split("</nav>", 1)[0]
    return [(href, text_of(t)) for href, t in re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', tabs, re.S)]


def test_tabs_reach_the_views_and_indexes_and_contributors_are_apart(site):
    tabs = [t for _, t in _tabs(page_html(site, ""))]
    for name in ("Timeline", "Ledger", "Disagreements", "Figures", "Events", "Sources"):
        assert name in tabs
    assert tabs[-1] == "For contributors"
    assert "Benchmarks" not in tabs and "Diagnostic codes" not in tabs
    nav = text_of(page_html(site, "benchmarks/").split('<nav class="md-nav md-nav--primary', 1)[1]
                  .split('class="md-sidebar md-sidebar--secondary"', 1)[0])
    assert "For contributors Diagnostic codes Benchmarks" in nav


@pytest.mark.parametrize(("page", "index", "href"), [
    (FIGURE, "Figures", "../"), (EVENT, "Events", "../"), (SOURCE, "Sources", "../"),
    (ACTOR, "Actors", "../"), ("places/country-ukraine/", "Places", "../"),
])
def test_fact_pages_have_breadcrumbs_to_their_index(site, page, index, href):
    html = page_html(site, page)
    path = html.split('<nav class="md-path"', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r'<a href="([^"]*)" class="md-path__link">(.*?)</a>', path, re.S)
    assert [(h, text_of(t)) for h, t in links] == [("../..", "Home"), (href, index)]
    assert text_of(path.rsplit("</a>", 1)[1]) == head(site, page).h1


def test_a_page_in_a_section_has_breadcrumbs_too(site):
    path = page_html(site, "benchmarks/").split('<nav class="md-path"', 1)[1].split("</nav>", 1)[0]
    assert [text_of(t) for t in re.findall(r"<a [^>]*>(.*?)</a>", path, re.S)] == ["Home", "For contributors"]


# --- in the browser -----------------------------------------------------------------


@pytest.fixture(scope="module")
def served(site):
    with serve(site) as base:
        yield base


#: per table on the page: each body cell's label (its ::before text), its column's
#: header, its box, and its label's colour and the card's background
CELLS = """() => [...document.querySelectorAll('article table')].map(t => {
  const heads = [...t.querySelectorAll('thead th')].map(th => th.textContent.trim());
  return [...t.querySelectorAll('tbody td')].map(td => {
    const r = td.getBoundingClientRect(), before = getComputedStyle(td, '::before');
    let bg = 'rgba(0, 0, 0, 0)';
    for (let el = td; el && /rgba\\(0, 0, 0, 0\\)|transparent/.test(bg); el = el.parentElement)
      bg = getComputedStyle(el).backgroundColor;
    return {label: before.content.replace(/^"|"$/g, ''), head: heads[td.cellIndex] || '',
            left: r.left, right: r.right, color: before.color, bg: bg};
  });
})"""

#: the smallest font size of any text in the article, with the text
SMALLEST = """() => {
  const walker = document.createTreeWalker(document.querySelector('article'), NodeFilter.SHOW_TEXT);
  let least = [1000, ''];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || !el.checkVisibility()) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < least[0]) least = [size, n.textContent.trim().slice(0, 40)];
  }
  return least;
}"""


def _rgb(css: str) -> tuple[float, ...]:
    return tuple(float(x) for x in re.findall(r"[\d.]+", css)[:3])


def contrast(a: str, b: str) -> float:
    def lum(c: tuple[float, ...]) -> float:
        s = [x / 255 for x in c]
        lin = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in s]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    la, lb = sorted((lum(_rgb(a)), lum(_rgb(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page", TABLE_PAGES)
def test_tables_are_labelled_cards_inside_a_phone_screen(browser, served, page, scheme):
    with Visit(browser, width=360) as v:
        v.page.emulate_media(color_scheme=scheme)
        v.page.goto(served + page)
        v.page.wait_for_load_state("networkidle")
        width = v.page.evaluate("document.documentElement.clientWidth")
        overflow = v.page.evaluate("document.documentElement.scrollWidth") - width
        assert overflow <= 0, f"{page} scrolls sideways by {overflow}px at 360px"
        tables = v.page.evaluate(CELLS)
        assert tables, f"{page} has no table"
        claimants = 0
        for cells in tables:
            for cell in cells:
                assert cell["label"] == cell["head"], f"{page}: a {cell['head']!r} cell is labelled {cell['label']!r}"
                assert cell["left"] >= 0 and cell["right"] <= width, f"{page}: {cell['head']} cell outside the screen"
                assert contrast(cell["color"], cell["bg"]) >= 4.5, f"{page} ({scheme}): label {cell['head']}"
                claimants += cell["head"] == "Claimed by"
        if page in (FIGURE, "figures/", "ledger/", "disagreements/", EVENT, SOURCE):
            assert claimants >= 2
        size, text = v.page.evaluate(SMALLEST)
        assert size >= 12, f"{page}: {text!r} is {size}px"


def test_tables_stay_tables_on_a_laptop(browser, served):
    with Visit(browser) as v:
        v.page.goto(served + FIGURE)
        v.page.wait_for_load_state("networkidle")
        display = v.page.evaluate("getComputedStyle(document.querySelector('article table tr')).display")
        assert display == "table-row"


@pytest.mark.parametrize("width", [360, 1280])
def test_figures_index_is_one_tap_away(browser, served, width):
    with Visit(browser, width=width) as v:
        v.page.goto(served + EVENT)
        v.page.wait_for_load_state("networkidle")
        tab = v.page.locator(".md-tabs a", has_text="Figures")
        tab.scroll_into_view_if_needed()
        assert tab.is_visible()
        tab.click()
        v.page.wait_for_load_state()
        assert v.page.url == served + "figures/"
        overflow = v.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0
        assert v.errors == []


def test_on_a_phone_the_tabs_fade_where_more_of_them_are_and_the_last_scrolls_clear(browser, served):
    """The tabs strip scrolls sideways on a phone: it fades out at its right edge (a
    cut-off tab reads as "more this way"), and scrolled to its end the last tab stands
    wholly left of the fade."""
    with Visit(browser, width=360) as v:
        v.page.goto(served)
        v.page.wait_for_load_state("networkidle")
        strip = v.page.locator(".md-tabs__list")
        assert "linear-gradient" in strip.evaluate("el => getComputedStyle(el).maskImage || "
                                                   "getComputedStyle(el).webkitMaskImage")
        assert strip.evaluate("el => el.scrollWidth > el.clientWidth"), "at 360 px the tabs overflow"
        fade, clear = strip.evaluate("""el => {
            el.scrollLeft = el.scrollWidth;
            const last = el.querySelector('.md-tabs__item:last-child a').getBoundingClientRect();
            const box = el.getBoundingClientRect();
            const rem = parseFloat(getComputedStyle(document.documentElement).fontSize);
            return [box.right - 2 * rem, last.right];
        }""")
        assert clear <= fade
        assert v.errors == []


@pytest.mark.parametrize("page", ["ledger/", "disagreements/", "figures/", "cite/"])
def test_accessibility_at_phone_width(browser, served, page):
    from axe_playwright_python.sync_playwright import Axe

    with Visit(browser, width=360) as v:
        v.page.goto(served + page)
        v.page.wait_for_load_state("networkidle")
        results = Axe().run(v.page)
        bad = [(x["id"], x["impact"], len(x["nodes"]), x["nodes"][0]["target"])
               for x in results.response["violations"] if x["impact"] in ("serious", "critical")]
        assert bad == [], f"{page}: {bad}"


FIRST_SCREEN = """() => {
  const h = innerHeight, w = document.documentElement.clientWidth;
  const first = document.querySelector('h2[id^="summary-"]');
  const items = [...document.querySelectorAll('h2[id^="summary-"] + ul > li, h2[id^="summary-"] + .admonition + ul > li')];
  const seen = items.filter(li => li.getBoundingClientRect().bottom <= h).map(li => ({
    text: li.innerText,
    claimants: [...li.querySelectorAll('a[href*="figures/"]')].filter(a => {
      const r = a.getBoundingClientRect(); return r.bottom <= h && r.right <= w; }).length,
    statuses: [...li.querySelectorAll('a[href*="methodology/#status-"]')].filter(
      a => a.getBoundingClientRect().bottom <= h).length,
  }));
  return {heading: first && first.innerText, top: first && first.getBoundingClientRect().top, seen,
          coverage: (document.querySelector('p.record-coverage') || {}).innerText,
          coverageBottom: document.querySelector('p.record-coverage').getBoundingClientRect().bottom};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_home_first_screen_on_a_phone_gives_numbers_with_their_claimants(browser, served, scheme):
    """At 360x740 the first screen holds the coverage line and the first direction's
    newest transfer: its date, the number in words, and each claimant with side and
    status, all inside the screen."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(served)
        page.wait_for_load_state("networkidle")
        got = page.evaluate(FIRST_SCREEN)
    finally:
        context.close()
    assert got["heading"].rstrip("¶") == "Remains returned to Ukraine"
    assert re.match(r"The record covers 2 June 2025 to 13 June 2025\. Events: \d+; figures: \d+; claimants: \d+; "
                    r"sources: \d+\.", got["coverage"]), got["coverage"]
    assert got["coverageBottom"] <= 740
    assert got["seen"], "no transfer line inside the first screen"
    first = got["seen"][0]
    assert re.match(r"13 June 2025: 1,200 bodies returned to Ukraine per ", first["text"]), first["text"]
    assert "(Ukraine, confirmed)" in first["text"] and "side unknown" in first["text"]
    assert first["claimants"] >= 2 and first["statuses"] >= 2

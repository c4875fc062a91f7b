"""Filters on the figures and events indexes, and search that finds numbers and Cyrillic.

The filters are the plugin's own script (theme/assets/exchange-record/record.js)
over tables that stay whole in the HTML; the search changes are the plugin's
post-processing of Material's index (site/searchindex.py), its separator, and the
script passing every input of the search box on to Material. In headless
Chromium, served on 127.0.0.1 and from file:// (the offline build), each site
built once for the module (test_browser's fixtures).
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

import test_browser
from conftest import FACTS
from exchange_record.record.build import build_record
from exchange_record.site.searchindex import (
    FIRST_KEYS,
    NUMBER_FIELDS,
    REST,
    SEPARATOR,
    WORKER,
    entries_json,
    index_json,
    material_worker,
    plain_numbers,
    tags_once,
    with_plain_numbers,
    with_search_worker,
)
from sitetools import search_index
from test_browser import Visit, search, url_of

# test_browser's fixtures, so this module builds the site (online and offline) once too
sites = test_browser.sites
served = test_browser.served
site = test_browser.site

TRANSFER = "remains-transfer-2025-06-13"            # the 1,200 bodies handed over on 13 June
TRANSFER_FIGURE = "coordination-headquarters-1200-bodies-confirmed"
WAGONS = "refrigerated-wagons-video-bryansk"        # quotes TASS in Russian: "в Брянской области"
POSTPONEMENT = "kyiv-postponement-reported"         # quotes Ukrainian: "репатріації"
COUNT = ".record-filter__count"
# Every securitypolicyviolation event of the page, collected before any of its scripts runs.
WATCH_CSP = ("window.__violations = [];"
             "document.addEventListener('securitypolicyviolation',"
             " e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));")


@pytest.fixture(scope="module")
def record():
    built, _ = build_record(FACTS)
    return built


def title(record, fid: str) -> str:
    return record.index[fid].model.label()


def figures(record, claimant: str | None = None, status: str | None = None) -> set[str]:
    """The figures the index should still show for a claimant (by name) and a status."""
    out = set()
    for f in record.by_kind["figures"]:
        who = record.index[f.model.claimed_by].model.label()
        if (claimant is None or who == claimant) and (status is None or record.status[f.id] == status):
            out.add(f.id)
    return out


def shown(page, column: int = 1) -> set[str]:
    """The facts of the rows on screen, by the id in the link of their `column`th cell."""
    hrefs = page.locator(f"article table tbody tr:visible > td:nth-child({column}) > a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))")
    return {re.search(r"([a-z0-9-]+)(?:/|\.html)$", h).group(1) for h in hrefs}


def count_says(page, n: int, total: int) -> None:
    page.wait_for_function(
        "([sel, text]) => document.querySelector(sel)?.textContent === text",
        arg=[COUNT, f"Showing {n} of {total}"], timeout=5_000)


def violations(page) -> list[str]:
    return page.evaluate("window.__violations || []")


def open_page(v: Visit, url: str) -> None:
    v.page.add_init_script(WATCH_CSP)
    v.page.goto(url)
    v.page.wait_for_load_state("networkidle")


# --- the filters -------------------------------------------------------------------------

@pytest.mark.parametrize("width", [360, 1280])
def test_figures_filter_narrows_by_claimant_and_status_and_a_reload_keeps_it(browser, served, record, width):
    total = len(record.by_kind["figures"])
    medinsky = figures(record, claimant="Vladimir Medinsky")
    confirmed = figures(record, claimant="Vladimir Medinsky", status="confirmed")
    assert 0 < len(confirmed) < len(medinsky) < total  # each choice narrows: the test can fail
    with Visit(browser, width=width) as v:
        open_page(v, url_of(served, "figures", False))
        page = v.page
        assert page.locator(COUNT).get_attribute("role") == "status"
        count_says(page, total, total)
        assert shown(page) == figures(record)

        page.get_by_label("Claimed by", exact=True).select_option(label="Vladimir Medinsky")
        count_says(page, len(medinsky), total)
        assert shown(page) == medinsky
        page.get_by_label("Status", exact=True).select_option(label="confirmed")
        count_says(page, len(confirmed), total)
        assert shown(page) == confirmed
        # A measure with none of these figures goes, heading and all.
        measures = {record.index[f].model.measure for f in confirmed}
        for h2 in page.locator("article h2[id^='measure-']").all():
            assert h2.is_visible() == (h2.get_attribute("id").removeprefix("measure-") in measures)

        assert "claimant=Vladimir+Medinsky" in page.url and "status=confirmed" in page.url
        page.reload()
        page.wait_for_load_state("networkidle")
        assert page.get_by_label("Claimed by", exact=True).input_value() == "Vladimir Medinsky"
        assert page.get_by_label("Status", exact=True).input_value() == "confirmed"
        count_says(page, len(confirmed), total)
        assert shown(page) == confirmed

        page.get_by_role("button", name="Show all").click()
        count_says(page, total, total)
        assert shown(page) == figures(record)
        assert "claimant=" not in page.url and "status=" not in page.url
        assert v.errors == [] and violations(page) == []


def test_figures_filter_works_from_the_keyboard(browser, served, record):
    total = len(record.by_kind["figures"])
    with Visit(browser) as v:
        open_page(v, url_of(served, "figures", False))
        side = v.page.get_by_label("Side", exact=True)
        side.focus()
        v.page.keyboard.press("ArrowDown")  # the first side, by name
        chosen = side.input_value()
        assert chosen
        want = {f.id for f in record.by_kind["figures"] if _side_words(record, f.model.claimed_by) == chosen}
        assert 0 < len(want) < total
        count_says(v.page, len(want), total)
        assert shown(v.page) == want
        reset = v.page.get_by_role("button", name="Show all")
        reset.focus()
        v.page.keyboard.press("Enter")
        count_says(v.page, total, total)
        assert v.errors == [] and violations(v.page) == []


def _side_words(record, actor: str) -> str:
    return {"russia": "Russia", "ukraine": "Ukraine", "third-party": "third party",
            "unknown": "side unknown"}[record.side(actor)]


def test_figures_filter_works_from_file_on_the_offline_build(browser, sites, record):
    total = len(record.by_kind["figures"])
    confirmed = figures(record, status="confirmed")
    both = figures(record, claimant="Vladimir Medinsky", status="confirmed")
    base = (sites / "offline").as_uri() + "/"
    with Visit(browser, width=360) as v:
        open_page(v, url_of(base, "figures", True) + "?status=confirmed")  # a link to a filtered index
        count_says(v.page, len(confirmed), total)
        assert shown(v.page) == confirmed
        v.page.get_by_label("Claimed by", exact=True).select_option(label="Vladimir Medinsky")
        count_says(v.page, len(both), total)
        assert v.page.url.startswith("file:") and "claimant=Vladimir+Medinsky" in v.page.url
        v.page.reload()
        v.page.wait_for_load_state("networkidle")
        count_says(v.page, len(both), total)
        assert shown(v.page) == both
        assert v.errors == [] and violations(v.page) == []


def test_indexes_are_whole_without_script(browser, served, record):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    try:
        page = context.new_page()
        for kind, column in (("figures", 1), ("events", 2)):
            page.goto(url_of(served, kind, False))
            assert page.locator("select").count() == 0
            assert shown(page, column) == {f.id for f in record.by_kind[kind]}
            marker = page.locator(".record-filter")
            assert marker.count() == 1 and marker.inner_text() == ""
            box = marker.bounding_box()
            assert box is None or box["height"] == 0  # an empty div: nothing on screen
    finally:
        context.close()


def test_events_filter_by_kind_month_and_place(browser, served, record):
    events = record.by_kind["events"]
    total = len(events)
    transfers = {f.id for f in events if f.model.kind == "transfer"}
    istanbul = {f.id for f in events if "istanbul" in f.model.places}
    assert 0 < len(transfers) < total and 0 < len(istanbul) < total
    with Visit(browser, width=360) as v:
        open_page(v, url_of(served, "events", False))
        count_says(v.page, total, total)
        v.page.get_by_label("Kind", exact=True).select_option(label="transfer")
        count_says(v.page, len(transfers), total)
        assert shown(v.page, 2) == transfers
        v.page.get_by_label("Kind", exact=True).select_option(label="All")
        v.page.get_by_label("Place", exact=True).select_option(label=title(record, "istanbul"))
        count_says(v.page, len(istanbul), total)
        assert shown(v.page, 2) == istanbul
        # A filter with one value for every row has nothing to choose, and is left out.
        months = {(f.model.span.start.year, f.model.span.start.month) for f in events}
        assert v.page.get_by_label("Month", exact=True).count() == (len(months) > 1)
        assert "place=Istanbul" in v.page.url and "kind=" not in v.page.url
        assert v.errors == [] and violations(v.page) == []


@pytest.mark.parametrize(("width", "scheme"), [(1280, "light"), (360, "dark")])
def test_filtered_index_has_no_serious_accessibility_violation(browser, served, width, scheme):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(url_of(served, "figures", False) + "?claimant=Vladimir+Medinsky&status=confirmed")
        page.wait_for_load_state("networkidle")
        assert page.locator(".record-filter select").count() >= 4
        results = Axe().run(page)
        bad = [(x["id"], x["impact"], len(x["nodes"]), x["nodes"][0]["target"])
               for x in results.response["violations"] if x["impact"] in ("serious", "critical")]
        assert bad == []
    finally:
        context.close()


# --- search ------------------------------------------------------------------------------

def result_titles(page, wanted: str, timeout: float = 30) -> list[str]:
    """The titles of the pages found, scrolling the results (Material renders ten at a
    time) until one starts with `wanted` or there is nothing more to show. Returns as
    soon as it is found: the timeout is for a machine busy with other tests (15 s once
    left a wanted 11th result unrendered while two suites shared two cores)."""
    deadline = time.monotonic() + timeout
    titles: list[str] = []
    while time.monotonic() < deadline:
        titles = page.locator(".md-search-result__article h1").all_inner_texts()
        if any(t.startswith(wanted) for t in titles):
            return titles
        page.locator(".md-search__scrollwrap").evaluate("el => el.scrollTop = el.scrollHeight")
        page.wait_for_timeout(200)
    raise AssertionError(f"no result titled {wanted!r} among {titles}")


@pytest.mark.parametrize("query", ["1200", "1,200"])
def test_search_finds_the_1200_transfer_with_or_without_separator(browser, site, record, query):
    base, offline = site
    with Visit(browser) as v:
        open_page(v, url_of(base, "", offline))
        search(v.page, query)
        result_titles(v.page, title(record, TRANSFER_FIGURE))
        result_titles(v.page, title(record, TRANSFER))
        assert v.errors == [] and violations(v.page) == []


@pytest.mark.parametrize(("query", "fid"), [
    ("Брянской", WAGONS),        # Russian, as the quote has it
    ("Брянск", WAGONS),          # its start: no stemmer, prefix matching
    ("репатріації", POSTPONEMENT),  # Ukrainian
])
def test_search_finds_a_cyrillic_word(browser, site, record, query, fid):
    """Typed here as pasted text (Chromium inserts Cyrillic without key events, as a paste
    or an input method does): the search box must hear it all the same."""
    base, offline = site
    with Visit(browser) as v:
        open_page(v, url_of(base, "", offline))
        search(v.page, query)
        result_titles(v.page, title(record, fid))
        assert "Type to start" not in v.page.locator(".md-search-result__meta").inner_text()
        assert v.errors == [] and violations(v.page) == []


def test_the_built_index_carries_plain_numbers_into_the_offline_copy(sites):
    online = json.loads((sites / "online/search/search_index.json").read_text(encoding="utf-8"))
    assert online["config"]["separator"] == SEPARATOR
    assert online["config"]["pipeline"] == ["stopWordFilter"]  # no stemmer, no trimmer (mkdocs.yml)
    assert online["config"]["fields"]["title_numbers"] == online["config"]["fields"]["title"]
    entry = next(d for d in online["docs"] if d["location"] == f"events/{TRANSFER}/")
    assert "1,200" in entry["title"] and entry["title_numbers"] == "1200"
    # The offline plugin inlines the index after the plugin rewrote it (event priorities).
    script = (sites / "offline/search/search_index.js").read_text(encoding="utf-8")
    offline = json.loads(script.removeprefix("var __index = "))
    assert offline["config"]["fields"]["text_numbers"] == offline["config"]["fields"]["text"]
    assert any(d.get("title_numbers") == "1200" for d in offline["docs"])


# --- a served site's index in two parts ------------------------------------------------------

FACT_FOLDERS = ("actors/", "places/", "sources/", "events/", "figures/")


def is_fact_page(location: str) -> bool:
    page = location.split("#")[0]
    return page.startswith(FACT_FOLDERS) and page.count("/") == 2  # not the folders' own lists


def as_served(doc: dict) -> dict:
    """An offline entry with its address as the served site writes it."""
    page, _, section = doc["location"].partition("#")
    page = re.sub(r"\.html$", "/", re.sub(r"(^|/)index\.html$", r"\1", page))
    return {**doc, "location": page + (f"#{section}" if section else "")}


def test_a_served_site_downloads_fact_pages_by_title_first_and_an_offline_one_whole(sites):
    online, offline = sites / "online", sites / "offline"
    first = json.loads((online / "search/search_index.json").read_text(encoding="utf-8"))
    rest = json.loads((online / REST).read_text(encoding="utf-8"))
    facts_first = [d for d in first["docs"] if is_fact_page(d["location"])]
    # Of a fact page, the first part has its address, title and the digits of its title's
    # numbers: no section, no text, no tags
    assert facts_first and not [d for d in facts_first if "#" in d["location"] or d["text"]
                                or not set(d) <= {*FIRST_KEYS, "text"}]
    assert any(d.get("title_numbers") == "1200" for d in facts_first)
    # every other page is whole in it, and the second part holds only fact pages, whole
    assert any(d["location"].startswith("methodology/#") and d["text"] for d in first["docs"])
    assert rest["docs"] and all(is_fact_page(d["location"]) for d in rest["docs"])
    whole = search_index(online)["docs"]
    assert len(first["docs"]) < len(whole) and sum(map(len, map(json.dumps, first["docs"]))) < 0.7 * sum(
        map(len, map(json.dumps, whole)))
    # Joined as the worker joins them, the two parts are the offline site's one index
    assert not (offline / REST).exists()
    assert whole == [as_served(d) for d in search_index(offline)["docs"]]
    # Served pages name the worker that reads both parts; it names Material's worker, which
    # is beside it. Offline pages name Material's, and the site has no worker of ours.
    assert re.search(r'"search": "\.\./assets/javascripts/workers/exchange-record-search\.js"',
                     (online / "figures/index.html").read_text(encoding="utf-8"))
    script = (online / WORKER).read_text(encoding="utf-8")
    named = re.search(r'var MATERIAL = "(search\.[0-9a-f]+\.min\.js)";', script)
    assert named and (online / "assets/javascripts/workers" / named.group(1)).is_file()
    assert "exchange-record-search.js" not in (offline / "index.html").read_text(encoding="utf-8")
    assert not (offline / WORKER).exists()


def test_materials_base_template_names_the_worker_the_plugin_replaces():
    """If a Material upgrade names its search worker otherwise, the plugin keeps the
    index whole (Material's worker alone would find fact pages by title only); this
    says so before a release does."""
    import material

    base = Path(material.__file__).parent / "templates" / "base.html"
    name = material_worker(base.read_text(encoding="utf-8"))
    assert name and (base.parent / "assets/javascripts/workers" / name).is_file()
    assert material_worker('"search": "assets/javascripts/search.js"') is None


def test_only_the_pages_config_is_given_the_worker_not_its_text():
    """A page that quotes Material's config in its text keeps its text as written."""
    quoted = '<p><code>"search": "assets/javascripts/workers/search.a7633da7.min.js"</code></p>'
    config = ('<script id="__config" type="application/json">{"base": "..", '
              '"search": "../assets/javascripts/workers/search.a7633da7.min.js"}</script>')
    page = with_search_worker(f"<html><body>{quoted}{config}</body></html>")
    assert quoted in page
    assert '"search": "../assets/javascripts/workers/exchange-record-search.js"}</script>' in page


def test_a_reader_finds_titles_at_once_and_quotes_when_the_rest_of_the_index_arrives(browser, served, record):
    """The second part held back: a title's word finds its page from the first download,
    a word only a quote has finds nothing yet; when the rest arrives the same query,
    not typed again, finds the quote's pages."""
    with Visit(browser) as v:
        held = []
        v.context.route(f"**/{REST}", lambda route: held.append(route))
        v.page.add_init_script(WATCH_CSP)
        v.page.goto(served)  # not to "networkidle": the held request keeps the network busy
        search(v.page, "Bryansk")  # the wagons event's title ("… in Bryansk Oblast")
        assert title(record, WAGONS) in result_titles(v.page, title(record, WAGONS))
        box = v.page.locator("input.md-search__input")
        box.fill("")
        box.press_sequentially("frozen", delay=20)  # Medinsky's "6,000 frozen bodies", in quotes only
        meta = v.page.locator(".md-search-result__meta")
        v.page.wait_for_function("el => /No matching/.test(el.textContent)", arg=meta.element_handle(),
                                 timeout=15_000)
        assert len(held) == 1
        held[0].continue_()
        v.page.wait_for_function("el => /matching documents?$/.test(el.textContent.trim())"
                                 " && !/No matching/.test(el.textContent)", arg=meta.element_handle(),
                                 timeout=30_000)
        assert title(record, "medinsky-6000-bodies-to-ukraine") in result_titles(
            v.page, title(record, "medinsky-6000-bodies-to-ukraine"))
        assert v.errors == [] and violations(v.page) == []


def test_typing_while_the_whole_index_is_made_never_shows_an_older_querys_results(browser, served):
    """The whole index is made in a worker beside the one that answers: queries typed
    meanwhile are answered from the first part, in order, and the last one again from the
    whole index; no answer for an older query (the empty one the page sends when search
    opens, or a shorter word) replaces a newer one's."""
    with Visit(browser) as v:
        held = []
        v.context.route(f"**/{REST}", lambda route: held.append(route))
        v.page.goto(served)
        search(v.page, "Bryansk")  # titles have it: the first part finds pages for every state below
        v.page.evaluate("""() => {
            window.__seen = [];
            const meta = document.querySelector('.md-search-result__meta');
            const box = document.querySelector('input.md-search__input');
            new MutationObserver(() => window.__seen.push([box.value, meta.textContent]))
                .observe(meta, {childList: true, characterData: true, subtree: true});
        }""")
        held[0].continue_()
        box = v.page.locator("input.md-search__input")
        box.press_sequentially(" Oblast", delay=60)
        meta = v.page.locator(".md-search-result__meta")
        v.page.wait_for_timeout(2_000)
        seen = v.page.evaluate("window.__seen")
        assert seen, "the results were rendered again"
        assert not [s for s in seen if "No matching" in s[1] or "Type to start" in s[1]], seen
        assert re.search(r"\d+ matching documents?", meta.inner_text())
        assert v.errors == []


# --- the pure transformation -------------------------------------------------------------

@pytest.mark.parametrize(("text", "numbers"), [
    ("1,200 of 6,000 bodies, then 1,200 again", ["1200", "6000"]),
    ("1\u202f200 тел и 12\u00a0000 человек", ["1200", "12000"]),   # narrow and plain no-break spaces
    ("1,234,567 and 10\u2009000", ["1234567", "10000"]),
    ("1200, 2,5, 1,2003, 2025 and 27", []),                        # nothing grouped
    ("(1,212)", ["1212"]),
])
def test_plain_numbers(text, numbers):
    assert plain_numbers(text) == numbers


def test_with_plain_numbers_adds_fields_with_their_boosts_and_is_pure():
    index = {"config": {"lang": ["en"], "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}}},
             "docs": [{"location": "a/", "title": "1,200 bodies", "text": "<p>of 6,000 and 1,200</p>"},
                      {"location": "b/", "title": "None", "text": "2025"}]}
    before = json.dumps(index)
    out = with_plain_numbers(index)
    assert json.dumps(index) == before
    assert out["config"]["fields"][NUMBER_FIELDS["title"]] == {"boost": 1000.0}
    assert out["config"]["fields"][NUMBER_FIELDS["text"]] == {"boost": 1.0}
    assert out["docs"][0]["title_numbers"] == "1200" and out["docs"][0]["text_numbers"] == "6000 1200"
    assert out["docs"][1] == index["docs"][1]
    assert with_plain_numbers(out) == out


def test_separator_cuts_at_punctuation_but_keeps_numbers_and_apostrophes_whole():
    # Python's `re` reads this pattern as JavaScript does (classes, look-ahead, \s).
    words = [w for w in re.split(SEPARATOR, "(TASS, «Рефрижераторы» \"6,000 for 1\u202f200\". "
                                            "Ukraine's м'ясо 2.5 e.g. A&amp;B") if w]
    assert words == ["TASS", "Рефрижераторы", "6,000", "for", "1", "200", "Ukraine's", "м'ясо",
                     "2.5", "e", "g", "A", "B"]


def test_tags_once_keeps_a_pages_tags_on_its_own_entry_and_is_pure():
    index = {"config": {}, "docs": [
        {"location": "a/", "title": "A", "text": "", "tags": ["figure"]},
        {"location": "a/#sources", "title": "Sources", "text": "x", "tags": ["figure"], "boost": 2},
        {"location": "b/#only", "title": "B", "text": "", "tags": ["event"]}]}  # no page entry: kept
    out = tags_once(index)
    assert [d.get("tags") for d in out["docs"]] == [["figure"], None, ["event"]]
    assert out["docs"][1] == {"location": "a/#sources", "title": "Sources", "text": "x", "boost": 2}
    assert index["docs"][1]["tags"] == ["figure"]  # the input is left as it was
    assert tags_once(out) == out


def test_the_index_written_page_by_page_is_the_index_changed_whole():
    """The plugin keeps each page's entries as published (`entries_json`) and writes the
    index from them (`index_json`): the bytes of the whole index changed at once."""
    pages = [
        [{"location": "", "title": "Home", "text": "<p>1,200 bodies «Брянск»</p>"},
         {"location": "#summary", "title": "Summary", "text": "6,000", "tags": ["x"]}],
        [],  # a page search leaves out
        [{"location": "a/", "title": "A 1,212", "text": "", "tags": ["figure"], "boost": 2},
         {"location": "a/#sources", "title": "Sources", "text": "x", "tags": ["figure"], "boost": 2}],
        [{"location": "b/#only", "title": "B", "text": "", "tags": ["event"]}],
    ]
    config = {"lang": ["en"], "separator": SEPARATOR, "pipeline": ["stopWordFilter"],
              "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1e6}}}
    whole = {"config": config, "docs": [doc for page in pages for doc in page]}
    expected = json.dumps(tags_once(with_plain_numbers(whole)), separators=(",", ":"), ensure_ascii=False)
    texts = [entries_json(page) for page in pages]
    assert texts[1] == ""
    assert index_json(whole, ",".join(t for t in texts if t)) == expected
    assert '"tags"' not in texts[2].split("},{")[1]  # the section's copy of its page's tags

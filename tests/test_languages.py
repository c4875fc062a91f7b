"""The record in English, Ukrainian and Russian: one build, three sites (`/`, `/uk/`, `/ru/`).

Built once online and once offline (file://) with all three languages, from the
curated facts plus one figure that has no translation (conftest's `record_sites`,
shared with other modules), and read as HTML and in Chromium.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from conftest import SITE_URL
from sitetools import make_project, mkdocs_build, search_index, serve
from test_browser import Visit, _need_browser, search

pytestmark = pytest.mark.build

LANGS = ("uk", "ru")
EVENT = "events/refrigerated-wagons-video-bryansk/"
TRANSFER = "events/remains-transfer-2025-06-13/"
UNTRANSLATED = "figures/fixture-30-bodies-to-russia/"
#: interface strings that must not be left in English on a Ukrainian or Russian page
ENGLISH_UI = ("Claimed by", "Last updated", "Remains returned to Ukraine", "Status", "Sources",
              "Figures reported", "Not yet translated", "Type to start searching", "Table of contents",
              "Search", "Report a correction", "How to cite the record")
#: what each language writes for 13 June 2025 and for 1,200
DATES = {"en": "13 June 2025", "uk": "13 червня 2025", "ru": "13 июня 2025"}
NUMBERS = {"en": "1,200", "uk": "1\u00a0200", "ru": "1\u00a0200"}


@pytest.fixture(scope="module")
def project(record_sites: Path) -> Path:
    """conftest's `record_sites`: built online (for SITE_URL) and offline, every language."""
    return record_sites


def pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")
            if not p.relative_to(site).as_posix().startswith(("uk/", "ru/"))}


def read(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


def text(html: str) -> str:
    html = re.sub(r"<script.*?</script>|<style.*?</style>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize("site_name", ["online", "offline"])
def test_every_page_exists_in_every_language(project, site_name):
    site = project / site_name
    english = pages(site)
    assert len(english) > 80
    for code in LANGS:
        assert {p.removeprefix(f"{code}/") for p in pages(site / code)} == english - {"404.html"} | (
            {"404.html"} if (site / code / "404.html").exists() else set()), code


@pytest.mark.parametrize("code", ["en", *LANGS])
@pytest.mark.parametrize("page", ["", TRANSFER, "figures/", "ledger/", "methodology/", UNTRANSLATED])
def test_each_page_says_its_language_and_leads_to_itself_in_the_others(project, code, page):
    site = project / "online"
    prefix = "" if code == "en" else f"{code}/"
    html = read(site, prefix + page)
    assert re.search(rf'<html lang="{code}"', html)
    switcher = dict(re.findall(r'<a href="([^"]+)" hreflang="([a-z]+)"', html))
    assert sorted(switcher.values()) == ["en", "ru", "uk"], switcher
    here = site / (prefix + page)
    for href, lang in switcher.items():
        target = (here / href).resolve()
        other = site if lang == "en" else site / lang
        assert target == (other / page).resolve(), (code, page, href)


@pytest.mark.parametrize("code", LANGS)
def test_ukrainian_and_russian_pages_speak_their_language(project, code):
    site = project / "online" / code
    for page in ("", TRANSFER, "figures/", "ledger/", "timeline/", "disagreements/", UNTRANSLATED,
                 "figures/medinsky-27-bodies-to-russia/"):
        body = text(read(site, page))
        left = [s for s in ENGLISH_UI if re.search(rf"\b{re.escape(s)}\b", body)]
        assert left == [], f"/{code}/{page}: {left}"
        assert len(re.findall(r"[а-яіїєґ]", body, flags=re.I)) > len(re.findall(r"[a-z]", body, flags=re.I)) / 2, page
    html = read(site, "")
    placeholder = {"uk": "Пошук", "ru": "Поиск"}[code]
    assert f'placeholder="{placeholder}"' in html


@pytest.mark.parametrize("code", ["en", *LANGS])
def test_dates_and_numbers_follow_the_locale(project, code):
    site = project / "online" / ("" if code == "en" else code)
    body = text(read(site, TRANSFER))
    assert DATES[code] in body
    assert NUMBERS[code] in html.unescape(read(site, TRANSFER))  # `&nbsp;` after the allowlist
    if code != "en":  # quotes stay as said, in English: everything else is in the page's language
        said = text(re.sub(r"<blockquote>.*?</blockquote>", " ", read(site, TRANSFER), flags=re.S))
        assert "June 2025" not in said and "1,200" not in said, said


@pytest.mark.parametrize(("code", "said"), [("en", "more than 100,000 people"), ("uk", "понад 100\u00a0000 осіб"),
                                           ("ru", "более 100\u00a0000 человек")])
def test_over_a_number_is_said_as_more_than_it_in_each_language_not_at_least(project, code, said):
    """The wagons article's "over 100,000 lives" is more than 100,000, which is not "at
    least": the figure's value on its page says it as the source did."""
    page = html.unescape(read(project / "online" / ("" if code == "en" else code),
                              "figures/war-deaths-over-100000-per-wagons-article/"))
    assert said in page
    assert {"en": "at least", "uk": "щонайменше", "ru": "не менее"}[code] not in text(page)
    qualifier = {"en": "more than", "uk": "понад", "ru": "более"}[code]
    assert f"({qualifier})" not in text(page), "said once, with its number, not again in brackets"


@pytest.mark.parametrize("code", ["en", *LANGS])
def test_the_tags_page_lists_a_fact_with_its_readings(project, code):
    """Medinsky's 27 bodies are the handover's by the record's reading of scope: the
    tags page listed the title alone, as if it were the claim itself (the changes page
    too: test_editorial_pages, which has a history)."""
    said = {"en": "reading: scope", "uk": "тлумачення: охоплення", "ru": "толкование: охват"}[code]
    listed = read(project / "online" / ("" if code == "en" else code), "tags/")
    items = re.findall(r'medinsky-27-bodies-to-russia/">(.*?)</li>', listed, flags=re.S)
    assert items
    for item in items:
        assert f"({said})" in re.sub(r"<[^>]+>", "", item), item
        assert 'medinsky-27-bodies-to-russia/#readings"' in item


@pytest.mark.parametrize("code", ["en", *LANGS])
def test_the_disagreements_page_names_the_figures_whose_comparison_rests_on_a_reading(project, code):
    """Medinsky's 27 and the unnamed source's 0 disagreed until the record read the 0 as
    13 June's handover (methodology): a reader looking for that contradiction on the
    Disagreements page is told it rests on a reading, with each figure's marker."""
    page = read(project / "online" / ("" if code == "en" else code), "disagreements/")
    assert 'id="readings"' in page
    section = page.split('id="readings"', 1)[1]
    items = re.findall(r"<li>(.*?)</li>", section, flags=re.S)
    for fid in ("medinsky-27-bodies-to-russia", "interfax-source-no-bodies-to-russia"):
        item = next(i for i in items if f'figures/{fid}/"' in i)
        assert 'class="reading"' in item and f'figures/{fid}/#readings"' in item
    # readings of a figure's place or claimant decide no comparison: not listed
    assert all('class="reading"' in i for i in items)


def test_names_sort_in_the_merged_ukrainian_and_russian_alphabet_latin_first():
    from exchange_record.site.collation import key

    words = ["я", "Ґава", "ї", "гава", "і", "и", "й", "к", "Sputnik", "ёж", "ель", "єдність", "ъ", "ы", "Букви",
             "2 червня", "Émile", "Edward", "Łódź", "Lwów", "Область", "Обʼєднаний", "ежевика"]
    assert sorted(words, key=key) == ["2 червня", "Edward", "Émile", "Łódź", "Lwów", "Sputnik", "Букви", "гава",
                                      "Ґава", "ёж", "ежевика", "ель", "єдність", "и", "і", "ї", "й", "к",
                                      "Обʼєднаний", "Область", "ъ", "ы", "я"]


@pytest.mark.parametrize("code", LANGS)
def test_the_tags_page_and_the_actors_index_are_in_the_pages_alphabetical_order(project, code):
    """Python's order put «інформаційне агентство» after «цифра» (і is encoded after я),
    and the actors index kept the English names' order on /ru/."""
    from exchange_record.site.collation import key

    site = project / "online" / code
    tags = [html.unescape(t) for t in re.findall(r'class="md-tag">([^<]*)', read(site, "tags/"))]
    assert len(tags) > 20 and tags == sorted(tags, key=key), tags
    if code == "uk":
        assert tags.index("заява") < tags.index("інформаційне агентство") < tags.index("країна")
    actors = read(site, "actors/")
    for group in actors.split("<table")[1:]:
        names = [html.unescape(n) for n in re.findall(r"<bdi>([^<]*)</bdi>", group.split("</table>", 1)[0])]
        assert names == sorted(names, key=key), names
    russia = actors.split('id="side-russia"', 1)[1].split("</table>", 1)[0]
    names = [html.unescape(n) for n in re.findall(r"<bdi>([^<]*)</bdi>", russia)]
    assert names[:2] == ["Sputnik", "URA.RU"]  # Latin names first, then the Cyrillic alphabet
    first = {"uk": "Володимир Мединський", "ru": "Владимир Мединский"}[code]
    assert names[2] == first, names


def test_the_sources_index_lists_a_month_after_its_dated_days_as_the_timeline_does(project):
    """The methodology's order: June 2025 (day not known) after every day of June;
    the sources index put it first."""
    import calendar

    from exchange_record.record.dates import PartialDate

    months = {name: i for i, name in enumerate(calendar.month_name) if name}
    rows = read(project / "online", "sources/").split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    shown = re.findall(r'<td data-label="Published">(?:(\d{1,2}) )?([A-Z][a-z]+) (\d{4})</td>', rows)
    dates = [PartialDate.parse(f"{y}-{months[m]:02d}" + (f"-{int(d):02d}" if d else "")) for d, m, y in shown]
    assert len(dates) > 10 and any(d.day is None for d in dates)
    order = [(d.last_day(), d.day is None) for d in dates]
    assert order == sorted(order), [str(d) for d in dates]


#: words after which a name would have to change its case (a label cannot decline it)
GOVERNING = {"в", "у", "до", "на", "з", "із", "від", "к", "от", "из", "складу", "состава", "состав"}


@pytest.mark.parametrize("code", LANGS)
def test_no_label_waits_for_a_case_its_name_cannot_take(project, code):
    """A label followed by a name printed as it is (in the nominative) must not end in a
    preposition or a word that governs another case: «Розташовано в» + «Брянська
    область» read as «Розташовано в Брянська область»."""
    site = project / "online" / code
    labels = set()
    for page in [*site.glob("places/*/index.html"), *site.glob("actors/*/index.html")]:
        labels |= {html.unescape(t).strip() for t in
                   re.findall(r"<dt>([^<]*)</dt>", page.read_text(encoding="utf-8"))}
    assert len(labels) >= 5, labels
    assert [label for label in labels if label.split()[-1].casefold() in GOVERNING] == []


@pytest.mark.parametrize(("code", "why"), [("en", "same date, different numbers"),
                                         ("uk", "та сама дата, різні числа"), ("ru", "та же дата, разные числа")])
def test_why_two_figures_disagree_is_said_in_the_pages_language_and_each_source_once(project, code, why):
    """The fixture's 30 bodies and Medinsky's 27 (11 June) disagree: the line saying why
    was English on every page; and a figure that cites one source twice listed it twice."""
    page = read(project / "online" / ("" if code == "en" else code), "disagreements/")
    assert why in text(page)
    if code != "en":
        assert "same date, different numbers" not in text(page)
    rows = re.findall(r"<tr>(.*?)</tr>", page.split("<tbody>", 1)[1].split("</tbody>", 1)[0], flags=re.S)
    assert len(rows) >= 2
    for row in rows:
        sources = re.findall(r'href="[^"]*sources/([a-z0-9-]+)/"', row.rsplit("<td", 1)[1])
        assert sources and len(sources) == len(set(sources)), sources


@pytest.mark.parametrize(("code", "said"), [("en", "Türkiye (TR)"), ("uk", "Туреччина (TR)"), ("ru", "Турция (TR)")])
def test_a_places_country_is_named_in_the_pages_language_with_its_code_once(project, code, said):
    page = text(read(project / "online" / ("" if code == "en" else code), "places/istanbul/"))
    assert said in page and "(TR) (TR)" not in page


@pytest.mark.parametrize("code", LANGS)
def test_why_a_source_has_no_address_is_said_in_the_pages_language(project, code):
    """A source's `unavailable` comes from its translation, as its notes do."""
    page = html.unescape(read(project / "online" / code, "sources/medinsky-statement-2025-06-11/"))
    said = {"uk": "Сам допис у Telegram не знайдено", "ru": "Сама публикация в Telegram не найдена"}[code]
    assert said in page and "The Telegram post itself" not in page


@pytest.mark.parametrize("code", LANGS)
def test_a_fact_without_translation_is_marked_and_its_english_is_marked_english(project, code):
    html = read(project / "online" / code, UNTRANSLATED)
    note = {"uk": "Ще не перекладено", "ru": "Еще не переведено"}[code]
    assert note in text(html)
    assert re.search(r'<h1[^>]* lang="en"[^>]*>30 bodies of Russian soldiers', html)
    translated = read(project / "online" / code, TRANSFER)
    unreviewed = {"uk": "Неперевірений переклад", "ru": "Непроверенный перевод"}[code]
    assert unreviewed in text(translated)


@pytest.mark.parametrize("code", LANGS)
def test_search_leaves_out_the_translation_note_and_the_status_sentence_the_page_shows(project, code):
    """Words on how a page came to be (and the explanation of a status, on every figure)
    would make every page a result for them: the page shows them, its search entry not."""
    index = search_index(project / "online" / code)
    entries = {d["location"]: d for d in index["docs"]}
    note = {"uk": "Ще не перекладено", "ru": "Еще не переведено"}[code]
    unreviewed = {"uk": "Неперевірений переклад", "ru": "Непроверенный перевод"}[code]
    for page, words in ((UNTRANSLATED, note), (TRANSFER, unreviewed)):
        assert words in text(read(project / "online" / code, page))
        assert words not in entries[page]["text"]
    facts = ("actors/", "places/", "sources/", "events/", "figures/")  # hand-written pages keep theirs
    assert not [d["location"] for d in index["docs"]
                if d["location"].startswith(facts) and (note in d["text"] or unreviewed in d["text"])]
    figure = "figures/medinsky-27-bodies-to-russia/"
    html = read(project / "online" / code, figure)
    shown = re.search(r'#status-[a-z-]+"><bdi>([^<]+)</bdi></a><span>: ([^<]+)</span>', html)
    assert shown, "the status and its sentence"
    assert shown.group(1) in entries[figure]["text"] and shown.group(2) not in entries[figure]["text"]


@pytest.fixture(scope="module")
def served(project):
    _need_browser()
    with serve(project / "online") as base:
        yield base


@pytest.mark.parametrize("where", ["served", "offline"])
@pytest.mark.parametrize(("code", "query"), [("uk", "Брянськ"), ("ru", "Брянск")])
def test_cyrillic_search_finds_the_bryansk_event_in_its_own_language(browser, project, served, where, code, query):
    base = served if where == "served" else (project / "offline").as_uri() + "/"
    suffix = "" if where == "served" else "index.html"
    with Visit(browser) as v:
        v.page.goto(f"{base}{code}/{suffix}")
        results = search(v.page, query)
        v.page.locator("input.md-search__input").press("End")  # Material reads the query on keyup
        hrefs = results.locator("a").evaluate_all("as => as.map(a => a.href)")
        assert any("refrigerated-wagons-video-bryansk" in h for h in hrefs), hrefs
        assert all(f"/{code}/" in h for h in hrefs), hrefs  # its own language's index only
        assert v.errors == []
        assert not [r for r in v.requests if not r.startswith((base, "data:", "blob:", "file:"))]


# the two figures of 1,212 bodies returned on 11 June (Kyiv's and Moscow's words)
FIGURES_1212 = ("coordination-headquarters-1212-bodies-returned", "medinsky-1212-bodies-of-ukrainian-servicemen")


@pytest.mark.parametrize(("code", "query"), [("uk", "1 212"), ("ru", "1\u00a0212"), ("en", "1 212")])
def test_a_number_typed_with_its_groups_apart_finds_its_figures_first(browser, project, served, code, query):
    """Ukrainian and Russian pages print `1 212`, and a reader types it so (a space, or
    a no-break one pasted). Searched as `1*` and `212*`, it brought every page with a
    number starting with 1 and put the two 1,212 figures fifth and sixth; the worker
    searches it as `1212` (theme/.../exchange-record-search.js)."""
    folder = project / "online" / ("" if code == "en" else code)
    titles = {doc["location"]: doc["title"] for doc in search_index(folder)["docs"]}
    wanted = {titles[f"figures/{fid}/"] for fid in FIGURES_1212}
    with Visit(browser) as v:
        v.page.goto(served if code == "en" else f"{served}{code}/")
        search(v.page, query)
        v.page.locator("input.md-search__input").press("End")  # Material reads the query on keyup
        # the answer to the whole query, not to a part typed before it ("1 21" finds pages too)
        first = ".md-search-result__article h1"
        try:
            v.page.wait_for_function(
                "([sel, wanted]) => { const top = [...document.querySelectorAll(sel)].slice(0, 3)"
                ".map(h => h.innerText); return wanted.every(w => top.includes(w)); }",
                arg=[first, sorted(wanted)], timeout=15_000)
        except Exception as exc:
            raise AssertionError(v.page.locator(first).all_inner_texts()[:6]) from exc
        # and only the pages that print the number: the figures, their event and sources
        v.page.wait_for_timeout(300)
        assert all(number in t for t in v.page.locator(first).all_inner_texts()[:6]
                   for number in [{"en": "1,212"}.get(code, "1\u00a0212")]), v.page.locator(first).all_inner_texts()
        assert v.errors == []


@pytest.mark.parametrize("code", LANGS)
@pytest.mark.parametrize("page", ["", TRANSFER])
def test_a_phone_reads_each_language_without_sideways_scroll_or_serious_axe_violations(browser, served, code, page):
    from axe_playwright_python.sync_playwright import Axe

    with Visit(browser, width=360) as v:
        v.page.goto(f"{served}{code}/{page}")
        v.page.wait_for_load_state("networkidle")
        overflow = v.page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0
        results = Axe().run(v.page)
        bad = [(x["id"], x["nodes"][0]["target"]) for x in results.response["violations"]
               if x["impact"] in ("serious", "critical")]
        assert bad == [], bad
        assert v.errors == []


def test_on_a_phone_each_cards_label_stays_beside_its_own_value_in_each_language(browser, served):
    """A table on a phone is a card per row, each value under its column's name
    (record.css, site/cards.py). Russian and Ukrainian names run over two or three
    lines ("По состоянию на"): the next value's line starts below the name, never
    beside it."""
    script = """() => {
        const out = [];
        for (const td of document.querySelectorAll('td[data-label]')) {
            const label = getComputedStyle(td, '::before');
            if (label.content === 'none') continue;
            const box = td.getBoundingClientRect();
            // the label's height: its lines at its line height
            const probe = document.createElement('span');
            probe.style.cssText = `position:absolute;visibility:hidden;width:${label.width};` +
                `font-family:${label.fontFamily};font-size:${label.fontSize};` +
                `font-weight:${label.fontWeight};line-height:${label.lineHeight};` +
                `white-space:normal;overflow-wrap:anywhere`;
            probe.textContent = td.dataset.label;
            document.body.appendChild(probe);
            const needed = probe.getBoundingClientRect().height;
            probe.remove();
            if (box.height + 1 < needed) out.push([td.dataset.label, box.height, needed]);
        }
        return out;
    }"""
    with Visit(browser, width=360) as v:
        for code in ("", *(f"{c}/" for c in LANGS)):
            for page in ("figures/medinsky-27-bodies-to-russia/", TRANSFER):
                v.page.goto(f"{served}{code}{page}")
                short = v.page.evaluate(script)
                assert short == [], f"{code}{page}: cards shorter than their labels: {short[:3]}"


def test_on_a_phone_no_cards_label_is_cut_inside_a_word(browser, served):
    """«Опубліковано» / «Опубликовано» did not fit the labels' column and broke as
    «Опублікова|но»: every word of every label must fit it whole."""
    script = """() => {
        const out = [], canvas = document.createElement('canvas').getContext('2d');
        for (const td of document.querySelectorAll('td[data-label]')) {
            const label = getComputedStyle(td, '::before');
            if (label.content === 'none') continue;
            canvas.font = `${label.fontWeight} ${label.fontSize} ${label.fontFamily}`;
            for (const word of td.dataset.label.split(/\\s+/))
                if (canvas.measureText(word).width > parseFloat(label.width)) out.push(word);
        }
        return [...new Set(out)];
    }"""
    pages = ["sources/", "figures/", "events/", "actors/", "places/", "figures/medinsky-27-bodies-to-russia/",
             TRANSFER, "ledger/", "disagreements/"]
    with Visit(browser, width=360) as v:
        for code in ("", *(f"{c}/" for c in LANGS)):
            for page in pages:
                v.page.goto(f"{served}{code}{page}")
                assert v.page.evaluate(script) == [], f"{code}{page}"


@pytest.mark.parametrize("width", [1280, 1000])
def test_wide_screens_show_every_column_of_the_figure_tables_in_each_language(browser, served, width):
    """Ukrainian and Russian words are longer: the figure tables (seven columns on a
    figure page and the figures index, six on an event page and the ledger) once
    scrolled sideways there, the status column out of view. Every column in view."""
    pages = ["figures/medinsky-27-bodies-to-russia/", "figures/", TRANSFER, "ledger/"]
    with Visit(browser, width=width) as v:
        for code in ("", *(f"{c}/" for c in LANGS)):
            for page in pages:
                v.page.goto(f"{served}{code}{page}")
                hidden = v.page.evaluate("""() => Array.from(document.querySelectorAll(
                    '.md-typeset__scrollwrap')).map(w => w.scrollWidth - w.clientWidth).filter(x => x > 1)""")
                assert hidden == [], f"{code}/{page} at {width} px: a table wider than the column by {hidden} px"
        assert v.errors == []


@pytest.mark.parametrize("site_name", ["online", "offline"])
def test_no_link_of_any_language_is_broken(project, site_name):
    from sitetools import broken_links

    # 404.html is served at any address, so its links are from the server's root
    broken = [b for b in broken_links(project / site_name) if not b.split(" -> ")[0].endswith("404.html")]
    assert broken == [], broken[:10]


def test_search_engines_get_each_pages_siblings_as_hreflang_alternates(project):
    """In sitemap.xml (Material fetches a sitemap beside every <link rel=alternate> in a
    page's head, so the alternates are not there)."""
    for code, prefix in (("en", ""), ("uk", "uk/"), ("ru", "ru/")):
        sitemap = (project / "online" / prefix / "sitemap.xml").read_text(encoding="utf-8")
        entry = sitemap.split(f"<loc>{SITE_URL}{prefix}{TRANSFER}</loc>", 1)[1].split("</url>", 1)[0]
        links = dict(re.findall(r'hreflang="([a-z-]+)" href="([^"]+)"', entry))
        assert links == {"en": SITE_URL + TRANSFER, "uk": f"{SITE_URL}uk/{TRANSFER}",
                         "ru": f"{SITE_URL}ru/{TRANSFER}", "x-default": SITE_URL + TRANSFER}, (code, links)


@pytest.mark.parametrize("code", LANGS)
def test_a_readings_reason_is_in_the_pages_language_and_one_in_a_citation_in_english_marked(project, code):
    """A fact's own readings' reasons are translated (`readings` of its translation); a
    reading in a source's citation has no translation field: shown as written, marked
    lang="en"."""
    page = read(project / "online" / code, "figures/medinsky-27-bodies-to-russia/")
    readings = html.unescape(page.split('id="readings"', 1)[1].split("</ul>", 1)[0])
    said = {"uk": "Мединський називає 27 разом із 1\u00a0212", "ru": "Мединский называет 27 вместе с 1\u00a0212"}[code]
    assert said in readings and "Medinsky gives" not in readings and 'lang="en"' not in readings
    mark = html.unescape(re.search(r'class="reading" title="([^"]*)"', page.split('id="readings"')[0]).group(1))
    assert "1\u00a0212" in mark  # the hover text too keeps the number whole
    event = html.unescape(read(project / "online" / code, "events/kyiv-postponement-reported/"))
    # a reading inside a citation: its reason from the translation's `citation_readings`
    said = {"uk": "URA.RU називає «источник агентства ТАСС»", "ru": "URA.RU называет «источник агентства ТАСС»"}[code]
    assert said in event and 'URA.RU names "источник агентства ТАСС"' not in event


@pytest.mark.parametrize("code", ["en", *LANGS])
def test_a_citations_words_are_in_the_pages_language_and_quotes_marked_with_theirs(project, code):
    """A citation's locator and who translated its quote are in the page's language (the
    translation's `locators` and `translators`); the quote stays as said and its translation
    in English, each marked with its language where that is not the page's (an English quote
    on a Ukrainian page; a Russian quote except on the Russian page): a screen reader reads
    each text in its own language."""
    site = project / "online" / ("" if code == "en" else code)
    event = html.unescape(read(site, "events/kyiv-postponement-reported/"))
    figure = html.unescape(read(site, "figures/medinsky-1212-bodies-of-ukrainian-servicemen/"))
    by = {"en": "Translation by the record's curator:", "uk": "Переклад англійською — куратор запису:",
          "ru": "Перевод на английский — куратор записи:"}[code]
    assert f"<p>{by}</p>" in event
    garbled = {"en": "garbled; see the notes", "uk": "викривлено; див. примітки", "ru": "искажено; см. примечания"}
    assert f"), {garbled[code]}</p>" in figure
    opened = "" if code == "en" else '<span lang="en">'  # a quote's paragraph, marked whole
    assert "<p>" + opened + '"The refrigerators are in Bryansk Oblast," the source said.' in event
    quote = "«Рефрижераторы — в Брянской области»"
    assert (f"<p>{quote}" if code == "ru" else f'<p><span lang="ru">{quote}') in event
    assert "<p>" + opened + "Moscow has handed the bodies of 1,212 Ukrainian service members over" in figure


@pytest.mark.parametrize("broken", ["uk", "ru", None])
def test_the_language_built_beside_the_others_fails_a_strict_build_as_any_does(tmp_path, broken):
    """`mkdocs build` builds each language after the first in a process of its own when a
    core is spare (plugin._processes_beside): a warning there still fails a strict build and
    says which site; without one, every language is written."""
    from conftest import write_facts

    project = make_project(tmp_path / "p", facts=write_facts(tmp_path / "facts", {}))
    if broken:
        (project / "docs" / f"about.{broken}.md").write_text("# О проекте\n\n[нет](nowhere.md)\n",
                                                             encoding="utf-8")
    result = mkdocs_build(project, languages="en,uk,ru")
    site = project / "site"
    if broken:
        assert result.returncode != 0
        assert "nowhere.md" in result.stderr and f"the '{broken}' site" in result.stderr
    else:
        assert result.returncode == 0, result.stderr
        assert {(site / code / "figures" / "count-ru" / "index.html").is_file() for code in LANGS} == {True}


@pytest.mark.parametrize("code", ["en", *LANGS])
def test_a_pages_citation_gives_its_address_in_its_own_language(project, code):
    """The footer's citation: the full address online; offline (no address), the page's
    path from the whole site's root, which named the English page on /uk/ and /ru/."""
    prefix = "" if code == "en" else f"{code}/"
    online = text(read(project / "online" / prefix, "ledger/").split("record-terms", 1)[1])
    assert f"{SITE_URL}{prefix}ledger/," in online
    offline = text((project / "offline" / prefix / "ledger.html").read_text(encoding="utf-8")
                   .split("record-terms", 1)[1])
    page = {"en": "page", "uk": "сторінка", "ru": "страница"}[code]
    assert f" {page} {prefix}ledger.html," in offline, offline
    # the 404 page cites nothing: it cited the home page as itself
    missing = (project / "offline" / prefix / "404.html").read_text(encoding="utf-8").split("record-terms", 1)[1]
    assert {"en": "To cite this page", "uk": "Щоб процитувати", "ru": "Чтобы процитировать"}[code] not in missing


@pytest.mark.parametrize("code", LANGS)
def test_ukrainian_and_russian_typography_in_the_themes_words_and_headings(project, code):
    """The citation line quotes a page's title in «», a month heading is capitalised
    (lower case in running text), and Material's count of search results agrees with
    its number in Ukrainian (our override of its uk strings; its Russian already does)."""
    site = project / "online" / code
    ledger = read(site, "ledger/")
    title = {"uk": "«Реєстр»", "ru": "«Реестр»"}[code]
    assert title in text(ledger.split('record-terms', 1)[1]) and "“" not in ledger.split('record-terms', 1)[1]
    timeline = read(site, "timeline/")
    assert re.search(r'<h2 id="2025-06">(Червень|Июнь) 2025', timeline), timeline[:200]
    # a claimant after a dash, in the nominative as every name is written ("за даними" / "по данным"
    # would need the genitive)
    home = read(site, "")
    assert "за даними" not in home and "по данным" not in home
    assert re.search(r'(тіл, повернутих Україні|тел, возвращенных Украине)</bdi></a> — <a href="figures/', home)
    config = json.loads(re.search(r'<script id="__config" type="application/json">(.*?)</script>',
                                  read(site, "")).group(1))
    assert config["translations"]["search.result.other"] == {"uk": "Знайдено збігів: #",
                                                             "ru": "Найдено совпадений: #"}[code]

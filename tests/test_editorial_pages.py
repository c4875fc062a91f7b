"""The record says what it chose, on the pages readers look at (issue 14, the readers' half):
readings beside every fact that holds one, figures whose direction is a reading kept out of
the totals, statuses with who gives them, quotes as said with their translation, sources a
reader can check, roles, time as the dates allow, corrections from readers, changes by date.

One small fixture record exercises every status and every kind of reading; it is built once
as a whole site (strict, with a git history) and read as HTML, and rendered in-process where
the Markdown or the core's data is what matters.
"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest

from conftest import run_cli, write_facts
from exchange_record.record.build import build_record
from exchange_record.site.manifest import build_site
from exchange_record.site.overview import Overview
from exchange_record.site.pages import Renderer, correction_url, corrections_problem
from sitetools import broken_links, make_project, mkdocs_build

pytestmark = pytest.mark.build

READING_KINDS = ["direction", "scope", "value", "date", "claimant", "place", "actor", "identity"]
#: a `because` with every character Markdown, a table or an attribute could read
HOSTILE_BECAUSE = "The article says 'Kyiv' \"as such\"; read as UA body [sic] | <b>x</b> `code` *a* (b) & c."

FILES: dict[str, str] = {
    "actors/ru-official.yaml": "name: RU official\nkind: official\nside: russia\n",
    "actors/ua-body.yaml": "name: UA body\nkind: government-body\nside: ukraine\n",
    "actors/icrc.yaml": "name: ICRC\nkind: organization\nside: third-party\n",
    "actors/anon-a.yaml": "name: Unnamed source A\nkind: unnamed-source\nside: unknown\n",
    "actors/anon-b.yaml": "name: Unnamed source B\nkind: unnamed-source\nside: unknown\n",
    "sources/agency.yaml": ("title: Agency item\nkind: news-agency\npublished: 2025-06-13\n"
                            "url: https://a.example/1\narchive_url: https://archive.example/a1\n"
                            "accessed: 2025-06-20\n"),
    "sources/channel.yaml": ("title: Channel post\nkind: official-channel\npublished: 2025-06-13\nlanguage: uk\n"
                             "unavailable: Known only through the agency item; the post itself was not found.\n"),
    "sources/article.yaml": ("title: Article\nkind: news-article\npublished: 2025-06-14\ncites: [agency]\n"
                             "url: https://b.example/2\n"),
    "sources/other.yaml": "title: Other item\nkind: news-agency\npublished: 2025-06-13\nurl: https://c.example/3\n",
    "sources/july-item.yaml": "title: July item\nkind: news-agency\npublished: 2025-07-02\nurl: https://c.example/4\n",
    # events: a day with roles and a place read; a month only, with a quote in Ukrainian; a range; July
    "events/talks.yaml": (
        "title: Talks\ndate: 2025-06-02\nkind: talks\nsummary: Talks.\nsources: [agency]\nplaces: [city-x]\n"
        "actors:\n  - {actor: ru-official, role: participant}\n  - {actor: icrc, role: facilitator}\n"
        "  - ua-body\n"
        "readings:\n  - of: place\n    because: The article names no city; the record places the talks in City X.\n"),
    "events/postponement.yaml": (
        "title: Postponement reported\ndate: 2025-06\nkind: postponement\nsummary: A postponement.\n"
        "sources:\n  - source: channel\n    quote: Передачу тіл відкладено.\n    language: uk\n"
        "    translation: The handover of the bodies was postponed.\n    translated_by: the record's editors\n"
        "    readings:\n      - of: identity\n        because: The article shows a video without naming the channel.\n"
        "actors: [anon-a, {actor: ua-body, role: subject}]\n"
        "readings:\n  - of: date\n    because: The article gives only the month.\n"
        f"  - of: actor\n    because: '{HOSTILE_BECAUSE.replace(chr(39), chr(39) * 2)}'\n"),
    "events/wagons.yaml": (
        "title: Wagons arrive\ndate: {start: 2025-06-05, end: 2025-06-12}\nkind: publication\n"
        "summary: Wagons.\nsources: [article]\n"),
    "events/july.yaml": "title: July exchange\ndate: 2025-07-01\nkind: exchange\nsummary: July.\nsources: [july-item]\n",
    # confirmed: a side and a named third party agree
    "figures/conf-ru.yaml": ("title: 1,200 prisoners per RU official\nmeasure: prisoners-to-ukraine\nvalue: 1200\n"
                             "unit: prisoners\nscope: event\nas_of: 2025-06-13\nclaimed_by: ru-official\n"
                             "sources: [agency]\nevent: handover\n"),
    "figures/conf-icrc.yaml": ("title: 1,200 prisoners per ICRC\nmeasure: prisoners-to-ukraine\nvalue: 1200\n"
                               "unit: prisoners\nscope: event\nas_of: 2025-06-13\nclaimed_by: icrc\n"
                               "sources: [other]\nevent: handover\n"
                               "readings:\n  - of: scope\n    because: The first handover's count, and the total so far.\n"),
    # uncorroborated: two unnamed sources (a reading of direction, date, value or claimant would do too)
    "figures/unc-a.yaml": ("title: 500 per source A\nmeasure: prisoners-to-russia\nvalue: 500\nunit: prisoners\n"
                           "scope: event\nas_of: 2025-06-13\nclaimed_by: anon-a\nsources: [agency]\n"),
    "figures/unc-b.yaml": ("title: 500 per source B\nmeasure: prisoners-to-russia\nvalue: 500\nunit: prisoners\n"
                           "scope: event\nas_of: 2025-06-13\nclaimed_by: anon-b\nsources: [other]\n"),
    # contested: a cumulative total that goes down
    "figures/cont-ru.yaml": ("title: 27 bodies per RU official\nmeasure: remains-to-russia\nvalue: 27\n"
                             "unit: bodies\nscope: cumulative\nas_of: 2025-06-11\nclaimed_by: ru-official\n"
                             "sources: [agency]\n"
                             "readings:\n  - of: claimant\n    because: The article says the Russian side.\n"),
    "figures/cont-ua.yaml": ("title: No bodies per UA body\nmeasure: remains-to-russia\nvalue: 0\nunit: bodies\n"
                             "scope: cumulative\nas_of: 2025-06-13\nclaimed_by: ua-body\nsources: [other]\n"
                             "readings:\n  - of: scope\n    because: Tied to the 13 June handover in the source.\n"),
    # single-claimant, its direction a reading, its only source without an address
    "figures/read-dir.yaml": ("title: 1,212 bodies per RU official\nmeasure: remains-to-ukraine\nvalue: 1212\n"
                              "unit: bodies\nscope: cumulative\nas_of: 2025-06-11\nclaimed_by: ru-official\n"
                              "sources: [channel]\nreadings:\n  - of: direction\n"
                              "    because: The article says Ukraine handed its own servicemen's bodies to Russia.\n"),
    "figures/total-ua.yaml": ("title: 1,300 bodies per UA body\nmeasure: remains-to-ukraine\nvalue: 1300\n"
                              "unit: bodies\nscope: cumulative\nas_of: 2025-06-12\nclaimed_by: ua-body\n"
                              "sources: [other]\n"),
    # transfers: one whose direction is a reading, which no sum may hold
    "figures/ev-read.yaml": ("title: 100 bodies per UA body\nmeasure: remains-to-ukraine\nvalue: 100\n"
                             "unit: bodies\nscope: event\nas_of: 2025-06-12\nclaimed_by: ua-body\n"
                             "sources: [other]\n"
                             "readings:\n  - of: direction\n    because: The source does not say which way.\n"),
    "figures/ev-plain.yaml": ("title: 200 bodies per RU official\nmeasure: remains-to-ukraine\nvalue: 200\n"
                              "unit: bodies\nscope: event\nas_of: 2025-06-02\nclaimed_by: ru-official\n"
                              "sources: [agency]\n"
                              "readings:\n  - of: value\n    because: The article says about two hundred.\n"),
    "figures/ev-plain-2.yaml": ("title: 300 bodies per UA body\nmeasure: remains-to-ukraine\nvalue: 300\n"
                                "unit: bodies\nscope: event\nas_of: 2025-06-14\nclaimed_by: ua-body\n"
                                "sources: [article]\n"),
}
CORRECTIONS = "mailto:corrections@exchange-record.example"


def git(project: Path, *args: str, date: str = "2025-06-14T10:00:00") -> None:
    subprocess.run(["git", *args], cwd=project, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
                        "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "PATH": "/usr/bin:/bin"})


@pytest.fixture(scope="module")
def record(tmp_path_factory):
    root = write_facts(tmp_path_factory.mktemp("editorial") / "facts", FILES)
    record, diagnostics = build_record(root)
    assert not [d for d in diagnostics if d.severity.value != "note"], [d.format_text() for d in diagnostics]
    return record


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The fixture record as a whole site, built strictly, with two commits of history."""
    work = tmp_path_factory.mktemp("editorial-site")
    project = make_project(work / "p", write_facts(work / "facts", FILES))
    git(project, "init", "-q")
    git(project, "add", ".")
    git(project, "commit", "-qm", "Seed record", date="2025-06-14T10:00:00")
    talks = project / "facts" / "events" / "talks.yaml"
    talks.write_text(talks.read_text().replace("summary: Talks.", "summary: Talks in City X."))
    (project / "facts" / "figures" / "ev-plain-2.yaml").unlink()
    git(project, "commit", "-qam", "Say where the talks were; drop a figure no source gives",
        date="2025-06-20T09:00:00")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def text(fragment: str) -> str:
    """The text a reader sees, one line."""
    fragment = re.sub(r"<(script|style)\b.*?</\1>", " ", fragment, flags=re.S)
    fragment = re.sub(r"</?(a|bdi|small|span|strong|em|code|b)\b[^>]*>", "", fragment)  # inline: no space
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def section(doc: str, start: str, end: str | None = None) -> str:
    """`doc` from `start` (an element, or an attribute: then from the end of its tag) to `end`."""
    after = doc.split(start, 1)[1]
    if start.endswith('"'):
        after = after.split(">", 1)[1]
    return after.split(end, 1)[0] if end else after


def markers(fragment: str) -> list[tuple[str, str, str]]:
    """Every reading marker: (title, href, label)."""
    found = re.findall(r'<small class="reading" title="([^"]*)">\(<a href="([^"]+)"><bdi>([^<]+)</bdi></a>\)</small>',
                       fragment)
    return [(html.unescape(t), h, lab) for t, h, lab in found]


# --- readings travel with the fact -----------------------------------------------------

@pytest.mark.parametrize(("path", "href"), [
    ("", "figures/read-dir/#readings"),                    # home summary
    ("ledger", "../figures/read-dir/#readings"),
    ("figures", "read-dir/#readings"),                     # the kind index
    ("events/handover", "../../figures/conf-icrc/#readings"),  # an event's figures
    ("sources/agency", "../../figures/ev-plain/#readings"),  # a source's figures
    ("actors/ru-official", "../../figures/read-dir/#readings"),
    ("figures/total-ua", "../read-dir/#readings"),          # side by side
    ("disagreements", "../figures/cont-ua/#readings"),
    ("timeline", "../events/talks/#readings"),
    ("events", "talks/#readings"),
    ("places/city-x", "../../events/talks/#readings"),
])
def test_the_reading_marker_goes_wherever_the_fact_is_shown(site, path, href):
    found = markers(page(site, path) if path else (site / "index.html").read_text(encoding="utf-8"))
    assert href in [h for _t, h, _l in found], found


def test_every_kind_of_reading_is_marked_with_its_because_on_hover(site):
    titles: dict[str, list[str]] = {}
    for path in ("", "timeline", "ledger", "figures", "events"):
        for title, _href, label in markers(page(site, path) if path else (site / "index.html").read_text()):
            titles.setdefault(label, []).append(title)
    labels = " ".join(titles)
    for kind in READING_KINDS:
        assert f"reading: {kind}" in labels or re.search(rf"readings: [a-z, ]*\b{kind}\b", labels), kind
    assert any(t.startswith("direction: The article says Ukraine handed its own")
               for t in titles["reading: direction"]), titles["reading: direction"]
    # a citation's reading travels with its fact too, named by the source it reads
    month = next(t for label, ts in titles.items() if label.startswith("readings: date") for t in ts)
    assert "identity, citing Channel post: The article shows a video without naming the channel." in month


def test_a_because_is_shown_exactly_as_written_and_nothing_in_it_is_live(site):
    doc = page(site, "events/postponement")
    title = next(t for t, _h, label in markers(doc) if label == "reading: actor")
    assert title == "actor: " + HOSTILE_BECAUSE
    readings = section(doc, 'id="readings"', "</ul>")
    assert text(readings).endswith("actor: " + HOSTILE_BECAUSE)
    assert "<b>x</b>" not in doc and "<code>code</code>" not in readings and "<em>a</em>" not in readings


def test_a_facts_page_lists_its_readings_and_its_citations_under_each_citation(site):
    doc = page(site, "events/postponement")
    readings = text(section(doc, 'id="readings"', "</ul>"))
    assert "date: The article gives only the month." in readings
    assert "identity" not in readings  # a citation's reading is under its citation
    sources = text(section(doc, 'id="sources"', "</ul>"))
    assert "Reading of identity: The article shows a video without naming the channel." in sources
    # the field the record read is marked where it is shown
    dates = section(doc, "<dt>Date</dt>", "</dd>")
    assert [h for _t, h, _l in markers(dates)] == ["#readings"]
    counted = section(page(site, "figures/read-dir"), "<dt>Counted</dt>", "</dd>")
    assert [label for _t, _h, label in markers(counted)] == ["reading: direction"]


# --- a direction that is a reading is never summed -----------------------------------------

def test_a_figure_whose_direction_is_a_reading_is_kept_out_of_the_home_totals(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    summary = section(home, 'id="summary-remains-to-ukraine"', 'id="summary-remains-to-russia"')
    certain, read = summary.split("Direction is a reading.", 1)
    lines = [text(x) for x in re.findall(r"<li>(.*?)</li>", certain, flags=re.S)]
    assert "In all, 12 June 2025: 1,300 bodies returned to Ukraine in all per UA body (Ukraine, single-claimant)" in lines
    assert "1,212" not in certain and "100 bodies" not in certain
    assert "figures/read-dir/" in read and "figures/ev-read/" in read
    assert text(read).startswith("Not in the lines above: the record chose the direction where the sources "
                                 "do not force it.")
    assert "1,212 bodies returned to Ukraine in all per RU official (reading: direction) (Russia, " in text(read)
    assert "Claimants disagree" not in text(summary)  # 1,212 against 1,300 is no range here


def test_the_ledger_lists_them_apart_and_its_chart_never_adds_them_into_a_sum(site, record):
    ledger = page(site, "ledger")
    part = section(ledger, 'id="remains-to-ukraine"', 'id="remains-to-russia"')
    certain, read = part.split("Direction is a reading.", 1)
    assert "read-dir/" not in certain and "ev-read/" not in certain
    assert "read-dir/" in read and "ev-read/" in read
    series = {s.label: s for s in Overview(Renderer(record))._series("remains-to-ukraine")}
    summed = series["UA body: sum of transfers"]
    assert [p.high for p in summed.points] == [300.0]  # 300 alone; the 100 is not added
    apart = series["UA body: direction is a reading"]
    assert apart.dashed and [p.high for p in apart.points] == [100.0]
    assert [p.high for p in series["RU official: direction is a reading"].points] == [1212.0]
    assert "RU official: total" not in series


@pytest.mark.parametrize(("first", "second", "labels"), [
    ("more-than", "exact", ["more than 1,200", "more than 1,210"]),  # more than 1,200, then 10 more
    ("at-least", "more-than", ["at least 1,200", "more than 1,210"]),
    ("at-most", "fewer-than", ["at most 1,200", "fewer than 1,210"]),
    ("approx", "exact", ["about 1,200", "about 1,210"]),
])
def test_a_running_sum_is_stated_as_its_figures_bound_it(tmp_path, first, second, labels):
    """A sum of transfers keeps "more than" or "fewer than" when its figures bound it
    that way: more than 1,200 and then 10 is more than 1,210, not "at least" or "about"."""
    def transfer(fid: str, value: int, qualifier: str, day: int) -> str:
        return (f"title: {fid}\nmeasure: remains-to-ukraine\nvalue: {value}\nunit: bodies\nqualifier: {qualifier}\n"
                f"scope: event\nas_of: 2025-06-{day}\nclaimed_by: claimant-ru\nsources: [report-one]\n")
    record, _ = build_record(write_facts(tmp_path / "facts", {
        "figures/count-ru.yaml": transfer("count-ru", 1200, first, 13),
        "figures/later-ru.yaml": transfer("later-ru", 10, second, 20)}))
    series = {s.label: s for s in Overview(Renderer(record))._series("remains-to-ukraine")}
    assert [p.label for p in series["Claimant RU: sum of transfers"].points] == labels


def test_a_charts_legend_says_the_readings_its_lines_rest_on(tmp_path):
    """A line's legend names the readings of the figures drawn on it, as the words under
    the chart do: a sum of transfers with a scope reading, a total with a date reading;
    a line with none says nothing more."""
    read = {"scope": "readings:\n  - of: scope\n    because: The first handover's count is the total too.\n",
            "date": "readings:\n  - of: date\n    because: The article gives only the month.\n"}

    def figure(fid: str, claimant: str, scope: str, extra: str = "") -> str:
        return (f"title: {fid}\nmeasure: remains-to-ukraine\nvalue: 10\nunit: bodies\nscope: {scope}\n"
                f"as_of: 2025-06-20\nclaimed_by: {claimant}\nsources: [report-one]\n{extra}")
    record, _ = build_record(write_facts(tmp_path / "facts", {
        "figures/count-ru.yaml": figure("count-ru", "claimant-ru", "event", read["scope"]),
        "figures/total-ua.yaml": figure("total-ua", "claimant-ua", "cumulative", read["date"]),
        "figures/sum-ua.yaml": figure("sum-ua", "claimant-ua", "event")}))
    labels = {s.label for s in Overview(Renderer(record))._series("remains-to-ukraine")}
    assert labels == {"Claimant RU: sum of transfers (reading: scope)", "Claimant UA: total (reading: date)",
                      "Claimant UA: sum of transfers"}


# --- statuses, and who gives them ----------------------------------------------------------------

@pytest.mark.parametrize(("figure", "status", "term", "named"), [
    ("conf-ru", "confirmed", "Confirmed by", "1,200 prisoners returned to Ukraine (reading: scope) per ICRC (third party), 13 June 2025"),
    ("cont-ua", "contested", "Contested by", "27 bodies returned to Russia in all (reading: claimant) per RU official (Russia), "
                 "11 June 2025"),
    ("unc-a", "uncorroborated", "Matched, not independently, by",
     "500 prisoners returned to Russia per Unnamed source B (side unknown), 13 June 2025 "
     "(both claimants unnamed)"),
    ("total-ua", "single-claimant", None, None),
])
def test_a_figure_page_names_its_status_with_its_rule_and_who_gives_it(site, figure, status, term, named):
    doc = page(site, f"figures/{figure}")
    dd = section(doc, "<dt>Status</dt>", "</dd>")
    assert f'href="../../methodology/#status-{status}"' in dd and text(dd).startswith(status + ":")
    if term:
        assert text(section(doc, f"<dt>{term}</dt>", "</dd>")) == named
    else:
        assert "<dt>Confirmed by" not in doc and "<dt>Contested by" not in doc and "<dt>Matched" not in doc


def test_primary_source_not_seen_is_flagged_wherever_the_status_is_shown(site):
    figure = page(site, "figures/read-dir")
    flag = text(section(figure, "<dt>Primary source not seen</dt>", "</dd>"))
    assert flag.startswith("none of its sources has an address a reader could follow")
    assert 'href="../../methodology/#primary-not-seen"' in figure
    for path, row in (("figures", "read-dir/"), ("ledger", "../figures/read-dir/"),
                      ("actors/ru-official", "../../figures/read-dir/")):
        line = next(tr for tr in page(site, path).split("<tr>") if f'href="{row}"' in tr)
        assert 'class="not-seen"' in line and "primary source not seen" in text(line), path
    seen = next(tr for tr in page(site, "figures").split("<tr>") if 'href="total-ua/"' in tr)
    assert "not-seen" not in seen


# --- quotes, sources, roles ---------------------------------------------------------------

def test_a_translated_quote_is_shown_as_said_with_its_language_and_translator(site):
    doc = page(site, "events/postponement")
    sources = section(doc, 'id="sources"', "</ul>")
    assert re.search(r'<blockquote>\s*<p><span lang="uk">Передачу тіл відкладено\.</span></p>\s*</blockquote>',
                     sources)
    words = text(sources)
    assert words.index("Quote, in Ukrainian:") < words.index("Передачу") < words.index(
        "Translation by the record's editors: The handover of the bodies was postponed.")


def test_source_pages_show_what_a_reader_can_check_and_why_not(site):
    agency = text(page(site, "sources/agency"))
    assert "Address https://a.example/1" in agency and "Archived copy https://archive.example/a1" in agency
    assert "Accessed 20 June 2025" in agency and "No address to check" not in agency
    channel = page(site, "sources/channel")
    warning = text(section(channel, 'class="admonition warning"', "</div>"))
    assert warning == ("No address to check The record has no address for this source that a reader could "
                       "follow: Known only through the agency item; the post itself was not found.")
    assert channel.index("No address to check") < channel.index("<dt>Kind</dt>")  # first thing read


def test_event_pages_give_each_actor_its_stated_role(site):
    actors = text(section(page(site, "events/talks"), "<dt>Actors</dt>", "</dd>"))
    assert actors == "RU official (participant), ICRC (facilitator), UA body"  # a plain id: no role
    assert re.search(r"June 2025: Postponement reported \(readings: [a-z, ]+\) \(as subject\)",
                     text(page(site, "actors/ua-body")))


# --- time ------------------------------------------------------------------------------

def test_the_timeline_lists_month_only_events_after_the_dated_ones_of_their_month(site, record):
    doc = page(site, "timeline")
    june = section(doc, 'id="2025-06"', 'id="2025-07"')
    dated, undated = june.split('id="2025-06-day-not-known"', 1)
    assert "June 2025, day not known" in text(undated[:200])
    for event in ("talks", "wagons", "handover"):
        assert f"../events/{event}/" in dated
    assert "../events/postponement/" in undated and "../events/postponement/" not in dated
    # a range stands where it ends, in the record's order
    order = re.findall(r'href="\.\./events/([a-z0-9-]+)/"', doc)
    assert order == [f.id for f in record.by_kind["events"]] == [
        "talks", "wagons", "handover", "postponement", "july"]


def test_previous_and_next_only_where_the_dates_say_so(site):
    month_only = page(site, "events/postponement")
    in_time = text(section(month_only, 'id="in-time"', "<hr"))
    assert "Previous event" not in in_time
    assert ("In the same period, order not known 2 June 2025: Talks (reading: place) "
            "5 June 2025 – 12 June 2025: Wagons arrive 13 June 2025: Handover "
            "Next event 1 July 2025: July exchange") in in_time
    handover = text(section(page(site, "events/handover"), 'id="in-time"', "<hr"))
    assert "Previous event 5 June 2025 – 12 June 2025: Wagons arrive" in handover
    assert "In the same period, order not known June 2025: Postponement reported" in handover
    assert "Next event 1 July 2025: July exchange" in handover


# --- corrections -------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["figures/read-dir", "events/talks", "sources/channel", "actors/icrc",
                                  "places/city-x"])
def test_every_fact_page_offers_a_correction_with_its_id(site, path):
    kind, fid = path.split("/")
    doc = page(site, path)
    assert f'<a href="{CORRECTIONS}?subject=Correction:%20{kind}/{fid}">Report a correction</a>' in doc


def test_a_correction_form_gets_the_id_and_bad_addresses_are_refused(record):
    assert correction_url("https://forms.example/c", "figures", "x") == "https://forms.example/c?fact=figures/x"
    assert correction_url("https://forms.example/c?lang=en", "events", "y") == (
        "https://forms.example/c?lang=en&fact=events/y")
    for bad in ("javascript:alert(1)", "http://forms.example/c", "mailto:", "mailto:a b@x.example",
                'https://x.example/"><script>', "mailto:a@b.example?cc=c@d.example", "ftp://x.example/"):
        assert corrections_problem(bad), bad
    with pytest.raises(ValueError, match="corrections"):
        build_site(record, corrections="javascript:alert(1)")
    pages = build_site(record, corrections="https://forms.example/c").pages
    assert "[Report a correction](<https://forms.example/c?fact=figures/read-dir>)" in pages["figures/read-dir.md"]
    assert "Report a correction" not in build_site(record).pages["figures/read-dir.md"]  # no address: no link
    assert "Report a correction" not in pages["timeline.md"] + pages["figures/index.md"]  # fact pages only


def test_the_plugin_and_generate_refuse_a_bad_correction_address(tmp_path):
    project = make_project(tmp_path / "p", write_facts(tmp_path / "facts", {}))
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace(f"corrections: {CORRECTIONS}", "corrections: javascript:alert(1)"))
    result = mkdocs_build(project)
    assert result.returncode != 0 and "is neither a mailto: address nor an https:// address" in result.stderr
    done = run_cli("generate", "--out", str(tmp_path / "gen"), "--corrections", "javascript:x", cwd=project)
    assert done.returncode == 2 and "--corrections" in done.stderr


# --- changes, for readers -------------------------------------------------------------------

def test_the_changes_page_says_what_changed_in_which_fact_and_why_under_dates(site):
    doc = page(site, "changes")
    headings = [text(h).rstrip(" ¶") for h in re.findall(r"<h2[^>]*>(.*?)</h2>", doc, flags=re.S)]
    assert headings == ["20 June 2025", "14 June 2025"]
    newest = text(section(doc, 'id="changes-2025-06-20"', 'id="changes-2025-06-14"'))
    assert newest.startswith("20 June 2025¶ Changed: Talks (reading: place) (event). "
                             "Removed: figures/ev-plain-2.yaml.")
    assert "Reason given: Say where the talks were; drop a figure no source gives (commit" in newest
    seed = section(doc, 'id="changes-2025-06-14"')
    assert "Reason given: Seed record" in text(seed) and 'href="../figures/read-dir/"' in seed
    # a fact the record read something in is listed with its marker, as everywhere
    listed = re.search(r'href="../figures/read-dir/">.*?</a>(.*?)\((?:figure)\)', seed, flags=re.S)
    assert listed and "(reading: direction)" in text(listed.group(1)), seed


def test_a_commit_touching_many_facts_is_counted_by_kind_not_listed(site):
    """A spelling pass over every file relisted the whole record on the Changes page (20
    phone screens in Russian): past CHANGES_LISTED facts, a commit's facts are counted."""
    from exchange_record.site.history import Commit, History
    from exchange_record.site.locale import Locale
    from exchange_record.site.overview import CHANGES_LISTED

    record = build_record(site.parent / "facts")[0]
    many = tuple(f"figures/f{i}.yaml" for i in range(CHANGES_LISTED)) + ("events/e1.yaml", "README.md")
    few = tuple(f"figures/f{i}.yaml" for i in range(CHANGES_LISTED))
    history = History([Commit("a" * 40, "2025-06-21", "Spelling pass", changed=many),
                       Commit("b" * 40, "2025-06-20", "Smaller pass", changed=few)])
    doc = Overview(Renderer(record, history=history), history).changes()
    assert (f"**Changed:** 1 event, {CHANGES_LISTED} figures, 1 other file: each fact's page gives its own "
            "history.") in doc
    assert doc.count("figures/f1.yaml") == 1  # the smaller commit still lists each file
    uk = Overview(Renderer(record, history=history, locale=Locale("uk")), history).changes()
    assert f"1 подія, {CHANGES_LISTED} цифр, 1 інший файл: історію кожного факту подано на його сторінці" in uk


def test_a_fact_page_gives_its_own_history_with_each_reason(site):
    """A journalist checking whether and why a fact was corrected finds it on the fact's
    page: each commit that changed its file, newest first, with the reason given."""
    history = text(page(site, "events/talks").split("This fact's history", 1)[1].split("</ul>", 1)[0])
    said = re.findall(r"(\d+ \w+ \d{4}): ([^()]+) \(commit ([0-9a-f]{7})\)", history)
    assert [(day, reason.strip()) for day, reason, _sha in said] == [
        ("20 June 2025", "Say where the talks were; drop a figure no source gives"), ("14 June 2025", "Seed record")]
    # a fact changed once lists that one commit
    plain = text(page(site, "figures/read-dir").split("This fact's history", 1)[1].split("</ul>", 1)[0])
    assert "Seed record" in plain and "Say where" not in plain


def test_the_changes_page_gives_its_days_in_the_pages_language_and_the_reasons_marked_english(site):
    """The commits' dates are the page's (`20 червня 2025`); their messages are the
    contributors' English, marked so."""
    from exchange_record.site.history import read_history
    from exchange_record.site.locale import Locale

    facts = site.parent / "facts"
    record = build_record(facts)[0]
    history = read_history(facts)
    doc = Overview(Renderer(record, history=history, locale=Locale("uk")), history).changes()
    # (the fixture's readings give their reasons in English only: on hover, in `title`)
    assert "## 20 червня 2025 {#changes-2025-06-20}" in doc and "June" not in re.sub(r'title="[^"]*"', "", doc)
    assert '<span lang="en">Say where the talks were; drop a figure no source gives</span>' in doc
    assert "figures/ev-plain-2.yaml (більше немає в записі)" in doc


def test_the_strict_build_has_no_broken_link(site):
    assert broken_links(site) == []


def test_many_events_in_the_same_period_are_capped_with_a_link_to_the_timeline(tmp_path):
    days = {f"events/day-{d}.yaml": f"title: Day {d}\ndate: 2025-06-{d:02d}\nkind: talks\nsummary: S.\n"
                                    "sources: [report-one]\n" for d in range(1, 10)}
    month = {"events/month.yaml": "title: Month\ndate: 2025-06\nkind: talks\nsummary: S.\nsources: [report-one]\n"}
    record, _ = build_record(write_facts(tmp_path / "facts", {**days, **month}))
    pages = Renderer(record).pages()
    in_time = pages["events/month.md"].split("## In time", 1)[1]
    # (the site core writes its definition lists as HTML, links resolved: site/blocks.py)
    assert in_time.count("<li>") == 7
    assert '<li>and 4 more: see the <a href="../../timeline/">timeline</a></li>' in in_time
    assert "Previous event" not in in_time and "Next event" not in in_time
    # a dated day between two others: previous and next, and the month in the same period
    day = pages["events/day-5.md"].split("## In time", 1)[1]
    assert '<dt>Previous event</dt>\n<dd>4 June 2025: <a href="../day-4/"><bdi>Day 4</bdi></a></dd>' in day
    assert '<dt>Next event</dt>\n<dd>6 June 2025: <a href="../day-6/"><bdi>Day 6</bdi></a></dd>' in day
    assert "In the same period" not in day  # the month overlaps it but is no neighbour: it stands after June 13
    last = pages["events/handover.md"].split("## In time", 1)[1]
    assert ('<dt>In the same period, order not known</dt>\n'
            '<dd>June 2025: <a href="../month/"><bdi>Month</bdi></a></dd>') in last


@pytest.mark.parametrize(("extra", "reason"), [
    ("", None),  # confirmed
    ("readings:\n  - of: value\n    because: The article says about 40.\n", "the match rests on a reading"),
    ("readings:\n  - of: scope\n    because: Tied to one handover.\n", None),  # scope: still confirmed
    ("readings:\n  - of: date\n    because: The article dates it to earlier talks.\n",
     "the match rests on a reading"),
])
def test_a_match_that_rests_on_a_reading_is_named_but_does_not_confirm(tmp_path, extra, reason):
    figure = ("title: {v} per {c}\nmeasure: prisoners-to-ukraine\nvalue: 40\nunit: prisoners\nscope: event\n"
              "as_of: 2025-06-13\nclaimed_by: {c}\nsources: [{s}]\n")
    files = {**{k: v for k, v in FILES.items() if not k.startswith(("figures/", "events/"))},
             "figures/a.yaml": figure.format(v=40, c="ru-official", s="agency") + extra,
             "figures/b.yaml": figure.format(v=40, c="ua-body", s="other")}
    record, _ = build_record(write_facts(tmp_path / "facts", files))
    page = Renderer(record).pages()["figures/b.md"]
    if reason is None:
        assert record.status["b"] == "confirmed"
        assert '<dt>Confirmed by</dt>\n<dd><a href="../a/"><bdi>40 prisoners returned to Ukraine</bdi></a>' in page
    else:
        assert record.status["b"] == "uncorroborated"
        assert re.search(r"<dt>Matched, not independently, by</dt>\n<dd>.*\(Russia\), 13 June 2025 \("
                         + reason + r"\)</dd>", page)

"""Whole-site builds of the curated record: pages, links, statuses, offline, reproducible."""

from __future__ import annotations

import filecmp
import re
import shutil
from pathlib import Path

import pytest

from conftest import FACTS, REPO, run_cli
from exchange_record.cli import engine_config
from exchange_record.record.build import build_record
from sitetools import (
    broken_links,
    external_refs,
    make_project,
    mkdocs_build,
    parse_html,
    resolve,
    search_index,
)

pytestmark = pytest.mark.build


@pytest.fixture(scope="session")
def seed_site(seed_sites: Path) -> Path:
    return seed_sites / "online"


@pytest.fixture(scope="session")
def offline_site(seed_sites: Path) -> Path:
    return seed_sites / "offline"


def text_of(path: Path) -> str:
    html = path.read_text(encoding="utf-8")
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&nbsp;", " ").split())


def test_every_fact_has_its_page(seed_site):
    record, _ = build_record(FACTS)
    assert sum(len(v) for v in record.by_kind.values()) > 40
    for kind, facts in record.by_kind.items():
        assert (seed_site / kind / "index.html").exists()
        for fact in facts:
            page = seed_site / kind / fact.id / "index.html"
            assert page.exists(), page
            assert fact.model.label().split()[0] in text_of(page)


@pytest.mark.parametrize("kind", ["events", "figures", "sources", "actors", "places"])
def test_index_pages_are_tables_linking_every_fact(seed_site, kind):
    record, _ = build_record(FACTS)
    page = seed_site / kind / "index.html"
    html = page.read_text()
    assert "<table" in html and "&#124;" not in html and "| --- |" not in html
    hrefs = [h for _t, _a, h in parse_html(page).refs]
    for fact in record.by_kind[kind]:
        assert f"{fact.id}/" in hrefs


def test_events_index_is_in_date_order(seed_site):
    record, _ = build_record(FACTS)
    hrefs = [h for _t, _a, h in parse_html(seed_site / "events" / "index.html").refs
             if h.rstrip("/") in {f.id for f in record.by_kind["events"]}]
    ordered = [f.id for f in record.by_kind["events"]]
    assert [h.rstrip("/") for h in hrefs] == ordered
    # in time: by the last day each could be, a day before its month-only peers
    keys = [record.get(i).event.span.order_key() for i in ordered]
    assert keys == sorted(keys)


def test_event_links_to_its_sources_and_back(seed_site):
    event = seed_site / "events" / "remains-transfer-2025-06-13" / "index.html"
    hrefs = [h for _t, _a, h in parse_html(event).refs]
    source_link = "../../sources/interfax-report-1200-bodies/"
    assert source_link in hrefs
    target, _ = resolve(seed_site, event, source_link)
    assert target.exists()
    back = [h for _t, _a, h in parse_html(target).refs]
    assert "../../events/remains-transfer-2025-06-13/" in back


def test_source_page_shows_attribution_chain_both_ways(seed_site):
    interfax = text_of(seed_site / "sources" / "interfax-report-1200-bodies" / "index.html")
    assert "Cited by:" in interfax
    assert "Russia transfers 1,200 bodies of Ukrainian soldiers" in interfax  # the article citing it
    article = text_of(seed_site / "sources" / "article-1200-bodies-transferred" / "index.html")
    assert "This source relies on:" in article
    assert "Interfax report citing an unnamed source" in article


def test_figure_page_shows_claimant_quote_and_dates(seed_site):
    text = text_of(seed_site / "figures" / "medinsky-1212-bodies-of-ukrainian-servicemen" / "index.html")
    assert "Number 1,212 bodies" in text
    assert "Claimed by Vladimir Medinsky (Russia)" in text
    assert "As of 11 June 2025" in text
    assert "Medinsky claimed that Ukraine had already handed over 1,212 bodies" in text
    assert "garbled" in text


def test_dates_keep_precision_and_ranges_on_pages(seed_site):
    postponement = text_of(seed_site / "events" / "kyiv-postponement-reported" / "index.html")
    assert "Date June 2025" in postponement
    transfer = text_of(seed_site / "events" / "remains-transfer-1212-and-27" / "index.html")
    assert "Date 2 June 2025 – 11 June 2025" in transfer


def test_previous_and_next_event(seed_site):
    text = text_of(seed_site / "events" / "medinsky-announcement-2025-06-11" / "index.html")
    assert "Previous event" in text and "Next event 13 June 2025: Russia transfers 1,200 bodies to Ukraine" in text


def test_status_links_explain_the_methodology(seed_site):
    record, _ = build_record(FACTS)
    for f in record.by_kind["figures"]:
        page = seed_site / "figures" / f.id / "index.html"
        href = f"../../methodology/#status-{record.status[f.id]}"
        assert href in [h for _t, _a, h in parse_html(page).refs], f.id


def test_edit_link_points_at_the_yaml_fact(seed_site):
    html = (seed_site / "events" / "istanbul-talks-2025-06-02" / "index.html").read_text()
    assert 'href="https://github.com/exchange-record/exchange-record/edit/main/facts/events/istanbul-talks-2025-06-02.yaml"' in html
    home = (seed_site / "index.html").read_text()
    assert "/edit/main/docs/index.md" in home


def test_nav_lists_only_hand_written_and_index_pages(seed_site):
    record, _ = build_record(FACTS)
    html = (seed_site / "methodology" / "index.html").read_text()  # links nothing from the record
    hrefs = [h for _t, _a, h in parse_html(seed_site / "methodology" / "index.html").refs]
    for page in ("timeline", "ledger", "disagreements", "data", "changes", "about",
                 "events", "figures", "sources", "actors", "places"):
        assert f"../{page}/" in hrefs, page
    for facts in record.by_kind.values():
        for fact in facts:
            assert f"/{fact.id}/" not in html


def test_no_broken_internal_links_or_anchors(seed_site):
    assert broken_links(seed_site) == []


def test_nothing_written_into_docs(seed_sites):
    def listing(docs: Path) -> list[tuple[str, bytes]]:
        return [(p.relative_to(docs).as_posix(), p.read_bytes() if p.is_file() else b"")
                for p in sorted(docs.rglob("*"))]

    assert listing(seed_sites / "docs") == listing(REPO / "docs")  # after both builds


def test_broken_fact_stops_the_build_with_file_and_line(tmp_path):
    project = make_project(tmp_path / "p")
    bad = project / "facts" / "figures" / "medinsky-27-bodies-to-russia.yaml"
    bad.write_text(bad.read_text().replace("value: 27", 'value: "27"'))
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "facts/figures/medinsky-27-bodies-to-russia.yaml:3:8: error[number-as-text]" in result.stderr
    assert "Traceback" not in result.stderr


def test_invalid_record_never_replaces_the_last_good_site(tmp_path, seed_sites):
    project = tmp_path / "p"  # a copy of a good build
    shutil.copytree(seed_sites, project, ignore=shutil.ignore_patterns("offline", ".built"))
    page = project / "online" / "events" / "istanbul-talks-2025-06-02" / "index.html"
    before = page.read_bytes()
    (project / "facts" / "actors" / "russia.yaml").write_text("name: Russia\nkind: nation\n")
    result = mkdocs_build(project, site="online")
    assert result.returncode != 0
    assert "facts/actors/russia.yaml:2:7: error[invalid-value]" in result.stderr
    assert page.read_bytes() == before


def test_offline_build_makes_no_request_to_another_host(offline_site):
    assert external_refs(offline_site) == []
    # Links a reader may follow by hand: only edit links, the sources' own addresses and
    # the address for corrections (mailto: asks no host).
    record, _ = build_record(FACTS)
    allowed = {getattr(f.model, attr) for f in record.by_kind["sources"]
               for attr in ("url", "archive_url") if getattr(f.model, attr)}
    for _page, _tag, href in external_refs(offline_site, anchors=True):
        assert href in allowed or href.startswith(
            ("https://github.com/exchange-record/exchange-record/edit/main/", "mailto:")), href
    assert (offline_site / "search" / "search_index.js").exists()
    assert (offline_site / "assets" / "vendor" / "iframe-worker" / "shim.js").exists()
    # file:// needs .html links, not directory URLs
    html = (offline_site / "index.html").read_text()
    assert 'href="events/index.html"' in html


def test_search_index_holds_each_fact_once_not_its_backlink_lists(seed_site):
    """Lists that repeat other pages' titles stay on the page but out of the search index."""
    index = search_index(seed_site)
    locations = {doc["location"] for doc in index["docs"]}
    figure = "figures/interfax-source-no-bodies-to-russia/"
    assert figure in locations and "places/bryansk-oblast/" in locations
    left_out = ["#same-measure", "#in-time", "#related-events", "#attribution"]
    assert not [loc for loc in locations if any(loc.endswith(a) for a in left_out)]
    assert not [loc for loc in locations if loc.startswith("events/") and loc.endswith("#figures")]
    assert "events/istanbul-talks-2025-06-02/#sources" in locations  # what its sources say stays
    # The lists of facts are left out whole: search finds the fact pages they repeat.
    lists = ("figures/", "events/", "sources/", "actors/", "places/", "ledger/", "timeline/", "tags/")
    assert not [loc for loc in locations if loc.split("#")[0] in lists]
    assert {"disagreements/", "", "methodology/"} <= {loc.split("#")[0] for loc in locations}
    # The home page's summary lists the figures of each direction, as the ledger does:
    # its lists are out of search; its headings and warnings, and the author's words
    # around it (in the same sections), are in
    home = text_of(seed_site / "index.html")
    assert "per Vladimir Medinsky" in home and "Each line is one transfer" in home
    on_home = " ".join(d["title"] + " " + d["text"] for d in index["docs"]
                       if d["location"] == "" or d["location"].startswith("#"))
    assert "per Vladimir Medinsky" not in on_home
    assert not [d for d in index["docs"] if d["location"].startswith("#summary") and "<li>" in d["text"]]
    assert "Each line is one transfer" in on_home and "Remains returned to Ukraine" in on_home
    # A page's tags are on its own entry, not again on each of its sections.
    assert next(d for d in index["docs"] if d["location"] == figure)["tags"]
    assert not [d for d in index["docs"] if "#" in d["location"] and "tags" in d]
    assert not [loc for loc in locations if loc.startswith(("sources/", "actors/", "places/"))
                and loc.endswith(("#events", "#figures", "#sources"))]
    # The sections themselves are still on the pages, under the same anchors.
    html = (seed_site / figure / "index.html").read_text(encoding="utf-8")
    assert 'id="same-measure"' in html and "data-search-exclude" not in html
    assert "Vladimir Medinsky" in text_of(seed_site / figure / "index.html").split("side by side", 1)[1]


def test_offline_build_links_resolve(offline_site):
    assert broken_links(offline_site) == []


def test_two_builds_are_byte_identical(tmp_path, seed_site):
    project = make_project(tmp_path / "p")
    assert mkdocs_build(project, site="again").returncode == 0
    # the shared build, in another folder; every folder compared (dircmp's default
    # skips those named `tags`: the tags page)
    cmp = filecmp.dircmp(seed_site, project / "again", ignore=[])

    def diffs(c: filecmp.dircmp) -> list[str]:
        out = c.left_only + c.right_only
        _match, mismatch, errors = filecmp.cmpfiles(c.left, c.right, c.common_files, shallow=False)
        out += mismatch + errors
        for sub in c.subdirs.values():
            out += diffs(sub)
        return out

    assert diffs(cmp) == []


def test_generate_writes_exactly_what_the_plugin_publishes(tmp_path):
    """`exchange-record generate` writes the pages, files, charts and redirects the
    plugin hands to MkDocs, from the same core call."""
    from mkdocs.config import load_config

    from exchange_record.plugin import ExchangeRecordPlugin

    project = make_project(tmp_path / "p")
    config = load_config(str(project / "mkdocs.yml"))
    plugin = config.plugins["exchange-record"]
    assert isinstance(plugin, ExchangeRecordPlugin)
    # the plugin's options, as the command's
    result = run_cli("generate", "--out", str(tmp_path / "gen"), "--corrections", plugin.config.corrections,
                     cwd=project)
    assert result.returncode == 0, result.stderr
    written = {p.relative_to(tmp_path / "gen").as_posix(): p.read_bytes()
               for p in (tmp_path / "gen").rglob("*") if p.is_file()}
    config.plugins.on_config(config)
    plugin.on_pre_build(config=config)
    site = plugin.site
    assert site is not None
    expected = {**{p: t.encode() for p, t in {**site.defaults, **site.pages}.items()}, **site.files, **site.finish(),
                **{p: t.encode() for p, t in site.redirect_pages(True).items()}}
    assert written == expected
    # a page per fact, an index per kind, and the timeline, ledger, disagreements, data, changes
    assert len(site.pages) == sum(1 for _ in (project / "facts").glob("*/*.yaml")) + 5 + 5


def test_generate_with_docs_builds_the_plugins_site_with_plain_mkdocs(tmp_path, seed_site):
    """Another engine can publish the record: `generate --docs-dir docs`, built by
    MkDocs without the plugin, gives the same set of pages as the plugin's build,
    the home summary and the redirects included, links intact."""
    project = make_project(tmp_path / "p")
    assert run_cli("generate", "--docs-dir", "docs", "--out", "gen", cwd=project).returncode == 0
    config = (project / "mkdocs.yml").read_text()
    config = engine_config(config, Path("gen"))  # the plugin's block (all its options) left out
    (project / "mkdocs.yml").write_text(config)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    plain = project / "site"
    pages = {p.relative_to(plain).as_posix() for p in plain.rglob("*.html")}
    assert pages == {p.relative_to(seed_site).as_posix() for p in seed_site.rglob("*.html")}
    assert broken_links(plain) == []
    home = (plain / "index.html").read_text(encoding="utf-8")
    assert "exchange-record: summary" not in home and 'id="summary-remains-to-ukraine"' in home

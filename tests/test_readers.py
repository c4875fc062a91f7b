"""What readers get: the home summary, ledger, timeline, disagreements, data, changes, permalinks."""

from __future__ import annotations

import csv
import io
import json
import posixpath
import re
import subprocess
from pathlib import Path

import pytest

from conftest import run_cli
from exchange_record.record.build import build_record
from exchange_record.record.models import Figure
from sitetools import make_project, mkdocs_build, parse_html

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def facts(record_sites: Path) -> Path:
    """The curated facts plus one figure that disagrees with Medinsky's 27 (conftest's
    `DISPUTING`), as conftest's `record_sites` built them."""
    return record_sites / "facts"


@pytest.fixture(scope="module")
def record(facts):
    return build_record(facts)[0]


@pytest.fixture(scope="module")
def site(record_sites: Path) -> Path:
    """Its English site, built online (shared with other modules: read it, never change it)."""
    return record_sites / "online"


def anchors(html: str) -> list[tuple[str, str]]:
    """(href, text) of every link, in order."""
    return [(href, re.sub(r"<[^>]+>", "", text).strip())
            for href, text in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', html, flags=re.S)]


def home_lines(site: Path) -> list[str]:
    """The home summary's list items, as HTML."""
    html = (site / "index.html").read_text()
    summary = html.split('id="summary-', 1)[1].split('id="what-the-record-covers', 1)[0]
    return re.findall(r"<li>(.*?)</li>", summary, flags=re.S)


def test_home_summary_numbers_are_the_figures_they_link_to(site, record):
    """Each line is one event (or date): each number in words, then everyone who gives
    it, each claimant's name leading to their figure, with side and status."""
    cited: set[str] = set()
    for line in home_lines(site):
        links = anchors(line)
        amount = None
        for href, text in links:
            if m := re.fullmatch(r"figures/([a-z0-9-]+)/", href):
                fig = record.get(m.group(1)).model
                assert isinstance(fig, Figure)
                claimant = record.get(fig.claimed_by)
                assert text == claimant.model.label(), line
                if amount is None:  # a figure of no event: its number unlinked, before its claimant
                    amount = " ".join(re.sub(r"<[^>]+>", "", line.split("</strong>: ", 1)[1]).split())
                assert amount.startswith(f"{fig.display_value()} {fig.unit} "), line
                direction = fig.measure.rsplit("-", 1)[1].capitalize()
                assert f" {direction}" in amount, (amount, fig.measure)
                cited.add(m.group(1))
            elif re.fullmatch(r"(events/[a-z0-9-]+/(#readings|#sources)?|figures/[a-z0-9-]+/#[a-z-]+|methodology/#.*)",
                              href):
                if href.startswith("events/") and "#" not in href:  # not the event's mark
                    amount = text
            else:
                raise AssertionError(f"unexpected link {href} in {line}")
        # after each claimant: (side, status)
        for who in re.findall(r'href="figures/[^"]+/">(?:.*?)</a>(?:\s*<small.*?</small>)?\s*\(([^,)]+),', line, re.S):
            assert who in {"Russia", "Ukraine", "side unknown", "third party"}, line
    expected = {f.id for f in record.by_kind["figures"] if f.model.measure.startswith(("remains-", "prisoners-"))}
    assert len(cited) >= 8 and expected - cited <= {
        f.id for f in record.by_kind["figures"]
        if f.model.scope == "cumulative" and any(  # older totals of a claimant give way to the latest
            g.model.claimed_by == f.model.claimed_by and g.model.measure == f.model.measure
            and g.model.scope == "cumulative" and g.model.as_of.sort_key() > f.model.as_of.sort_key()
            for g in record.by_kind["figures"])}


def test_home_lists_one_transfer_once_with_all_its_claimants(site, record):
    """The 13 June handover, given by three claimants, is one line, not three a reader
    would add up."""
    lines = [x for x in home_lines(site) if "events/remains-transfer-2025-06-13/" in x and "to Ukraine" in x]
    assert len(lines) == 1
    line = lines[0]
    claimants = {record.get(f.model.claimed_by).model.label() for f in record.by_kind["figures"]
                 if f.model.event == "remains-transfer-2025-06-13" and f.model.measure == "remains-to-ukraine"}
    assert len(claimants) >= 2
    for name in claimants:
        assert name in line
    assert line.count(">1,200 bodies returned to Ukraine<") == 1


def test_home_says_when_claimants_disagree(site):
    text = re.sub(r"<[^>]+>", " ", (site / "index.html").read_text())
    text = " ".join(text.split())
    section = text.split("Remains returned to Russia", 2)[2]  # past the table of contents
    assert re.search(r"30 bodies returned to Russia per Coordination Headquarters[^;]*\(Ukraine, contested\s*\)",
                     section), section
    assert "27 bodies returned to Russia" in section
    assert "Some of these figures are contested: see the disagreements" in section


def test_ledger_chart_per_measure_is_static_svg_with_title_and_description(site, record):
    html = (site / "ledger" / "index.html").read_text()
    for measure in record.figures_by_measure:
        svg = (site / "ledger" / f"{measure}.svg").read_text()
        assert re.search(r"<title id=\"title\">[^<]+</title>", svg)
        assert re.search(r"<desc id=\"desc\">[^<]*figure", svg, flags=re.I)
        assert "<script" not in svg.lower() and "onload" not in svg.lower()
        assert not re.search(r'(href|src)="(https?:)?//', svg)
        assert 'width="100%"' in svg
        assert f'src="../{measure}.svg"' in html or f'src="{measure}.svg"' in html
    # the data as a table beneath, each number linking to its figure
    table = html.split('id="remains-to-russia"', 1)[1].split("</table>", 1)[0]
    assert "../figures/medinsky-27-bodies-to-russia/" in table
    assert "../figures/interfax-source-no-bodies-to-russia/" in table


def test_timeline_lists_every_event_in_order_with_its_precision(site, record):
    html = (site / "timeline" / "index.html").read_text()
    order = [m.group(1) for h, _ in anchors(html) if (m := re.fullmatch(r"\.\./events/([a-z0-9-]+)/", h))]
    assert order == [f.id for f in record.by_kind["events"]]
    text = " ".join(re.sub(r"<[^>]+>", "", html).split())
    assert "June 2025: Medinsky and a TASS source say Kyiv postponed" in text  # month precision stays a month
    assert "2 June 2025 – 11 June 2025: Handover of bodies reported on 11 June 2025: 1,212 to Ukraine" in text
    assert re.search(r'<h2 id="2025-06">June 2025', html)


def test_disagreements_page_lists_the_seed_disagreement_both_ways(site):
    html = (site / "disagreements" / "index.html").read_text()
    section = html.split('id="remains-to-russia"', 1)[1]
    hrefs = [h for h, _ in anchors(section)]
    assert "../figures/medinsky-27-bodies-to-russia/" in hrefs
    assert "../figures/fixture-30-bodies-to-russia/" in hrefs
    assert "../actors/vladimir-medinsky/" in hrefs and "../actors/coordination-headquarters-pow/" in hrefs
    assert "../sources/tass-2025-06-11-medinsky-1212-and-27/" in hrefs
    figure = (site / "figures" / "medinsky-27-bodies-to-russia" / "index.html").read_text()
    assert "../../disagreements/#remains-to-russia" in figure


def test_disagreeing_figures_side_by_side_and_contested(site):
    text = " ".join(re.sub(r"<[^>]+>", " ", re.sub(r"<script.*?</script>", " ", (
        site / "figures" / "fixture-30-bodies-to-russia" / "index.html").read_text(), flags=re.S)).split())
    assert "Status contested" in text
    side_by_side = text.split("Same measure, side by side", 1)[1]
    assert re.search(r"27 bodies .{0,40}event 11 June 2025 Vladimir Medinsky Russia contested", side_by_side), side_by_side
    assert re.search(r"this figure 30 bodies returned to Russia event 11 June 2025 Coordination Headquarters",
                     side_by_side)
    other = (site / "figures" / "medinsky-27-bodies-to-russia" / "index.html").read_text()
    assert "../fixture-30-bodies-to-russia/" in other.split("Contested by", 1)[1]


def test_downloads_parse_and_match_the_facts(site, record):
    data = json.loads((site / "data" / "record.json").read_text())
    for kind, facts in record.by_kind.items():
        assert [x["id"] for x in data[kind]] == [f.id for f in facts]
    fig = next(x for x in data["figures"] if x["id"] == "medinsky-27-bodies-to-russia")
    assert fig["value"] == 27 and fig["status"] == "contested" and fig["as_of"] == "2025-06-11"
    assert fig["claimed_by"] == {"id": "vladimir-medinsky", "kind": "actors", "label": "Vladimir Medinsky",
                                 "side": "russia"}
    assert fig["sources"][0]["source"]["id"] == "tass-2025-06-11-medinsky-1212-and-27"
    assert fig["status_by"] == ["fixture-30-bodies-to-russia"]
    assert data["disagreements"] == [{"measure": "remains-to-russia", "rule": "same-date",
                                      "figures": ["fixture-30-bodies-to-russia",
                                                  "medinsky-27-bodies-to-russia"]}]
    month = next(x for x in data["events"] if x["id"] == "kyiv-postponement-reported")
    assert month["date"] == "2025-06" and month["date_precision"] == "month"

    rows = list(csv.DictReader(io.StringIO((site / "data" / "figures.csv").read_text())))
    assert len(rows) == len(record.by_kind["figures"])
    for row in rows:
        fig = record.get(row["id"]).model
        assert row["value"] == ("" if fig.value is None else str(fig.value))
        assert (row["claimed_by"], row["status"], row["as_of"]) == (
            fig.claimed_by, record.status[row["id"]], str(fig.as_of))
    events = list(csv.DictReader(io.StringIO((site / "data" / "events.csv").read_text())))
    assert [e["id"] for e in events] == [f.id for f in record.by_kind["events"]]
    ranged = next(e for e in events if e["id"] == "remains-transfer-1212-and-27")
    assert (ranged["date"], ranged["date_end"]) == ("2025-06-02", "2025-06-11")
    for kind in record.by_kind:
        schema = json.loads((site / "data" / "schemas" / f"{kind}.schema.json").read_text())
        assert schema["additionalProperties"] is False


def test_data_page_links_downloads_and_carries_dataset_json_ld(site):
    html = (site / "data" / "index.html").read_text()
    for name in ("record.json", "figures.csv", "events.csv"):  # the page itself is at data/
        assert f'href="{name}"' in html
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, flags=re.S)
    ld = json.loads(block.group(1))
    assert ld["@type"] == "Dataset" and ld["temporalCoverage"] == "2025-06-01/2025-06-30"
    from exchange_record.record.schema import SITE
    from exchange_record.site.export import DATA_FILES

    # absolute: relative to the page at data/, "data/x" would be data/data/x
    assert {d["contentUrl"] for d in ld["distribution"]} == {f"{SITE}data/{n}" for n in DATA_FILES}
    assert ld["license"] == "https://creativecommons.org/licenses/by/4.0/" and ld["creator"]["name"]
    assert ld["url"] == f"{SITE}data/" and ld["version"]


def test_export_command_writes_the_same_files_as_the_site(site, facts, tmp_path):
    assert run_cli("export", "--facts-dir", str(facts), "--out", str(tmp_path / "out")).returncode == 0
    for path in (tmp_path / "out").rglob("*"):
        if path.is_file():
            rel = path.relative_to(tmp_path / "out").as_posix()
            assert path.read_bytes() == (site / "data" / rel).read_bytes(), rel
    assert (tmp_path / "out" / "schemas" / "figures.schema.json").exists()


def test_fact_pages_carry_kind_and_side_tags(site):
    html = (site / "figures" / "medinsky-27-bodies-to-russia" / "index.html").read_text()
    tags = re.findall(r'class="md-tag[^"]*"[^>]*>([^<]+)<', html)
    # a measure's title mid-phrase: its first letter lowered, a country's name as written
    assert {"figure", "side: Russia", "measure: remains returned to Russia"} <= {t.strip() for t in tags}
    unnamed = (site / "figures" / "interfax-source-no-bodies-to-russia" / "index.html").read_text()
    tags = {t.strip() for t in re.findall(r'class="md-tag[^"]*"[^>]*>([^<]+)<', unnamed)}
    assert "side: not known" in tags and not any("side unknown" in t for t in tags)
    listing = (site / "tags" / "index.html").read_text()
    assert "../figures/medinsky-27-bodies-to-russia/" in listing


def test_a_tags_page_in_a_folder_links_each_listed_page_as_mkdocs_would(tmp_path):
    """The listing's links are joined from the page's way back to the root (the theme
    override of Material's listing, for speed): from a page two folders down, in
    either form of address, each link is MkDocs' own `url` for it and reaches a page."""
    from mkdocs.structure.files import File
    from mkdocs.structure.pages import Page
    from mkdocs.utils import normalize_url

    project = make_project(tmp_path / "p")
    (project / "docs" / "lists").mkdir()
    (project / "docs" / "tags.md").rename(project / "docs" / "lists" / "tags.md")
    config = (project / "mkdocs.yml").read_text()
    assert "      - Tags: tags.md\n" in config
    (project / "mkdocs.yml").write_text(config.replace("- Tags: tags.md", "- Tags: lists/tags.md"))
    for offline, at in ((False, "lists/tags/index.html"), (True, "lists/tags.html")):
        result = mkdocs_build(project, offline=offline, site="offline" if offline else "site")
        assert result.returncode == 0, result.stderr
        site = project / ("offline" if offline else "site")
        listing = (site / at).read_text(encoding="utf-8")
        links = re.findall(r'<li>\s*<a href="([^"]+)">', listing)
        assert len(links) > 100 and any(link.startswith("../") for link in links)
        page = Page(None, File("lists/tags.md", "docs", "site", use_directory_urls=not offline), {})
        for link in links:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(at), link))
            if not offline:
                target = posixpath.join(target, "index.html")
            assert (site / target).is_file(), link
            url = posixpath.relpath(target, ".") if offline else posixpath.dirname(target) + "/"
            url = "" if url in ("./", "index.html") else url
            assert link == normalize_url(url, page=page), link


def test_changes_page_and_last_changed_come_from_git(tmp_path):
    project = make_project(tmp_path / "p")

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=project, check=True, capture_output=True,
                       env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
                            "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
                            "GIT_AUTHOR_DATE": "2025-06-14T10:00:00", "GIT_COMMITTER_DATE": "2025-06-14T10:00:00",
                            "PATH": "/usr/bin:/bin"})

    git("init", "-q")
    git("add", ".")
    git("commit", "-qm", "Seed record")
    fact = project / "facts" / "figures" / "medinsky-27-bodies-to-russia.yaml"
    fact.write_text(fact.read_text().replace("per Medinsky", "as stated by Medinsky"))
    git("commit", "-qam", "Reword the title of the 27 bodies")
    result = mkdocs_build(project)  # --strict: the now stale translations are told, never fatal
    assert result.returncode == 0, result.stderr
    assert re.search(r"INFO +- +exchange-record: .*medinsky-27-bodies-to-russia.yaml:\d+:\d+: "
                     r"warning\[stale-translation\]", result.stderr)
    html = (project / "site" / "changes" / "index.html").read_text()
    assert "Reword the title of the 27 bodies" in html and "Seed record" in html
    section = next(block for block in html.split("<h2")[1:] if "Reword the title" in block)
    assert "../figures/medinsky-27-bodies-to-russia/" in section
    page = (project / "site" / "figures" / "medinsky-27-bodies-to-russia" / "index.html").read_text()
    assert "Last changed on 14 June 2025" in page


def test_changes_page_without_git_says_so(site):
    html = (site / "changes" / "index.html").read_text()
    assert "not available in this copy of the site" in html


@pytest.mark.parametrize("offline", [False, True])
def test_an_old_id_redirects_to_the_renamed_fact(tmp_path, offline):
    project = make_project(tmp_path / "p")
    old = project / "facts" / "figures" / "medinsky-27-bodies-to-russia.yaml"
    new = old.with_name("medinsky-27-russian-bodies.yaml")
    new.write_text(old.read_text() + "previous_ids: [medinsky-27-bodies-to-russia]\n")
    old.unlink()
    assert mkdocs_build(project, offline=offline).returncode == 0
    site = project / "site"
    if offline:
        redirect, target = site / "figures" / "medinsky-27-bodies-to-russia.html", "medinsky-27-russian-bodies.html"
    else:
        redirect, target = site / "figures" / "medinsky-27-bodies-to-russia" / "index.html", "../medinsky-27-russian-bodies/"
    html = redirect.read_text()
    assert f'<meta http-equiv="refresh" content="0; url={target}">' in html
    landing = (redirect.parent / target)
    landing = landing / "index.html" if target.endswith("/") else landing
    assert landing.exists() and "27 bodies of Russian soldiers" in landing.read_text()
    assert [h for _t, _a, h in parse_html(redirect).refs] == [target, target]


def test_the_site_publishes_its_feed_and_every_page_points_at_it(site):
    import xml.etree.ElementTree as ET

    feed = ET.parse(site / "feed.xml").getroot()
    assert feed.tag == "{http://www.w3.org/2005/Atom}feed"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/atom+xml" title="Exchange record: changes" href="feed.xml">' in home
    event = (site / "events" / "istanbul-talks-2025-06-02" / "index.html").read_text(encoding="utf-8")
    assert 'type="application/atom+xml" title="Exchange record: changes" href="../../feed.xml"' in event
    changes = (site / "changes" / "index.html").read_text(encoding="utf-8")
    assert 'href="../feed.xml"' in changes


def test_fact_pages_describe_themselves_for_link_previews(site, record):
    html = (site / "figures" / "medinsky-27-bodies-to-russia" / "index.html").read_text(encoding="utf-8")
    status = record.status["medinsky-27-bodies-to-russia"]
    assert f'<meta name="description" content="27 bodies returned to Russia, per Vladimir Medinsky (Russia), 11 June 2025; {status}.">' in html
    assert f'<meta property="og:description" content="27 bodies returned to Russia, per Vladimir Medinsky (Russia), 11 June 2025; {status}.">' in html


def test_every_page_says_when_it_was_last_updated(tmp_path, seed_sites):
    """Overview pages and indexes: the day the record last changed; a hand-written page:
    its own last commit, or the record's where it shows the record (home); a fact page:
    its own last change. Outside git, no date is invented."""
    project = make_project(tmp_path / "p")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"]

    def commit(paths: list[str], day: str) -> None:
        env = {"GIT_AUTHOR_DATE": f"{day}T12:00:00+00:00", "GIT_COMMITTER_DATE": f"{day}T12:00:00+00:00"}
        subprocess.run([*git, "add", *paths], cwd=project, check=True)
        subprocess.run([*git, "commit", "-qm", f"on {day}"], cwd=project, check=True,
                       env={**__import__("os").environ, **env})

    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    commit(["docs"], "2025-06-20")
    commit(["facts"], "2025-07-01")
    (project / "docs" / "about.md").write_text((project / "docs" / "about.md").read_text() + "\nMore.\n")
    commit(["docs/about.md"], "2025-07-05")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    site = project / "site"

    def updated(page: str) -> list[str]:
        return re.findall(r'class="record-(?:updated|coverage)">([^<]*)', (site / page).read_text())

    assert any(u.endswith("Last updated 1 July 2025.") for u in updated("index.html"))  # shows the record
    for page in ("timeline", "ledger", "disagreements", "data", "figures", "events", "sources"):
        assert updated(f"{page}/index.html") == ["Last updated 1 July 2025."], page
    assert updated("about/index.html") == ["Last updated 5 July 2025."]
    assert updated("cite/index.html") == ["Last updated 20 June 2025."]
    fact = (site / "events" / "remains-transfer-2025-06-13" / "index.html").read_text()
    assert "Last changed on 1 July 2025" in fact

    # the shared build is of a copy outside git: nothing said rather than a guess
    assert "Last updated" not in (seed_sites / "online" / "timeline" / "index.html").read_text()


def test_a_home_line_dated_by_its_event_marks_the_events_reading(site):
    """The 1,212 and the 27 are summed up under their handover's dates, a range the record
    read (no source gives the day): the line says so, as the event's own page does."""
    home = (site / "index.html").read_text(encoding="utf-8")
    line = home.split("<strong>2 June 2025 – 11 June 2025</strong>", 1)[1].split("</li>", 1)[0]
    mark = line.split("</small>: ", 1)[0]
    assert 'class="reading"' in mark and 'href="events/remains-transfer-1212-and-27/#readings"' in mark
    assert "reading: date" in mark and "None of the sources read gives the day" in mark


def test_the_ledgers_words_say_which_sums_and_commitments_rest_on_a_reading(site):
    """The paragraph under each chart names every commitment, total and sum with its
    claimant; where the figures under a name rest on a reading, it says which."""
    ledger = " ".join(re.sub(r"<[^>]+>", " ", (site / "ledger" / "index.html").read_text(encoding="utf-8"))
                      .split())
    assert "1,212 bodies per Vladimir Medinsky (reading: scope) (one transfer, 11 June 2025)" in ledger
    assert ("6,000 bodies per Unidentified outlet (article on the refrigerated wagons video) (reading: date) "
            "and Vladimir Medinsky.") in ledger
    assert "per Coordination Headquarters for the Treatment of Prisoners of War (transfers: 2" in ledger


def test_the_disagreements_page_says_what_it_leaves_out_and_where_it_is(site):
    """A reader who came for a difference that is no disagreement by the rules (a promise
    against a formula) learns why it is not there and where every figure is."""
    page = (site / "disagreements" / "index.html").read_text(encoding="utf-8")
    said = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "Figures that differ without contradicting each other by these rules" in said
    assert re.search(r'every figure of each measure is in the\s*<a href="\.\./ledger/">ledger</a>', page)


def test_a_commitments_row_in_the_chart_says_its_reading(site):
    """A commitment is a row of the chart's own, with its claimant and date: where that
    date (or scope, value, claimant) is the record's reading, the row says so, as the
    direction's reading already did."""
    import html as html_module

    svg = (site / "ledger" / "remains-to-ukraine.svg").read_text(encoding="utf-8")
    said = " ".join(" ".join(html_module.unescape(t) for t in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S))
                    .split())
    assert ("6,000 bodies per Unidentified outlet (article on the refrigerated wagons video), 2 June 2025 "
            "(reading: date)") in said
    assert "6,000 bodies per Vladimir Medinsky, 2 June 2025" in said
    assert "Vladimir Medinsky, 2 June 2025 (reading" not in said  # his own words: no reading
    # direction and date read: said once, as the table under the chart says them
    assert ("6,000 bodies per Unidentified outlet (article on the transfer of 1,200 bodies), 2 June 2025 "
            "(readings: direction, date)") in said
    assert "(direction is a reading) (reading" not in said
    assert "6,000 bodies per Rustem Umerov, 2 June 2025 (direction is a reading)" in said

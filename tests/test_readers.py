"""What readers get: the home summary, ledger, timeline, disagreements, data, changes, permalinks."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from pathlib import Path

import pytest

from conftest import FACTS, run_cli
from exchange_record.record.build import build_record
from exchange_record.record.models import Figure
from sitetools import make_project, mkdocs_build, parse_html

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def record():
    return build_record(FACTS)[0]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("readers") / "p")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def anchors(html: str) -> list[tuple[str, str]]:
    """(href, text) of every link, in order."""
    return [(href, re.sub(r"<[^>]+>", "", text).strip())
            for href, text in re.findall(r'<a href="([^"]+)"[^>]*>(.*?)</a>', html, flags=re.S)]


def test_home_summary_numbers_are_the_figures_they_link_to(site, record):
    html = (site / "index.html").read_text()
    summary = html.split('id="at-a-glance"', 1)[1].split('id="explore-the-record"', 1)[0]
    links = anchors(summary)
    cited = 0
    for i, (href, text) in enumerate(links):
        m = re.fullmatch(r"figures/([a-z0-9-]+)/", href)
        if not m:
            continue
        fig = record.get(m.group(1)).model
        assert isinstance(fig, Figure)
        assert text == f"{fig.display_value()} {fig.unit}"
        # never a number without its claimant: the next link is the claimant
        assert links[i + 1][0] == f"actors/{fig.claimed_by}/"
        cited += 1
    expected = {f.id for f in record.by_kind["figures"] if f.model.measure.startswith(("remains-", "prisoners-"))}
    linked = {m.group(1) for h, _ in links if (m := re.fullmatch(r"figures/([a-z0-9-]+)/", h))}
    assert cited >= 8 and expected - linked <= {
        f.id for f in record.by_kind["figures"]
        if f.model.scope == "cumulative" and any(  # older totals of a claimant give way to the latest
            g.model.claimed_by == f.model.claimed_by and g.model.measure == f.model.measure
            and g.model.scope == "cumulative" and g.model.as_of.sort_key() > f.model.as_of.sort_key()
            for g in record.by_kind["figures"])}


def test_home_says_when_claimants_disagree(site):
    text = re.sub(r"<[^>]+>", " ", (site / "index.html").read_text())
    text = " ".join(text.split())
    assert "Claimants disagree The latest totals range from 0–27" in text
    assert "6,000 bodies per Unidentified outlet" in text  # the commitment beside what was reported


def test_ledger_chart_per_measure_is_static_svg_with_title_and_description(site, record):
    html = (site / "ledger" / "index.html").read_text()
    for measure in record.figures_by_measure:
        svg = (site / "ledger" / f"{measure}.svg").read_text()
        assert re.search(r"<title id=\"title\">[^<]+</title>", svg)
        assert re.search(r"<desc id=\"desc\">[^<]*figure", svg)
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
    assert "June 2025: TASS source says Kyiv postponed" in text  # month precision stays a month
    assert "2 June 2025 – 11 June 2025: Transfer of 1,212 and 27 bodies" in text
    assert re.search(r'<h2 id="2025-06">June 2025', html)


def test_disagreements_page_lists_the_seed_disagreement_both_ways(site):
    html = (site / "disagreements" / "index.html").read_text()
    section = html.split('id="remains-to-russia"', 1)[1]
    hrefs = [h for h, _ in anchors(section)]
    assert "../figures/medinsky-27-bodies-to-russia/" in hrefs
    assert "../figures/interfax-source-no-bodies-to-russia/" in hrefs
    assert "../actors/vladimir-medinsky/" in hrefs and "../actors/interfax-unnamed-source/" in hrefs
    assert "../sources/article-1200-bodies-transferred/" in hrefs
    figure = (site / "figures" / "medinsky-27-bodies-to-russia" / "index.html").read_text()
    assert "../../disagreements/#remains-to-russia" in figure


def test_downloads_parse_and_match_the_facts(site, record):
    data = json.loads((site / "data" / "record.json").read_text())
    for kind, facts in record.by_kind.items():
        assert [x["id"] for x in data[kind]] == [f.id for f in facts]
    fig = next(x for x in data["figures"] if x["id"] == "medinsky-27-bodies-to-russia")
    assert fig["value"] == 27 and fig["status"] == "contested" and fig["as_of"] == "2025-06-11"
    assert fig["claimed_by"] == {"id": "vladimir-medinsky", "kind": "actors", "label": "Vladimir Medinsky",
                                 "side": "russia"}
    assert fig["sources"][0]["source"]["id"] == "article-1200-bodies-transferred"
    assert data["disagreements"] == [{"measure": "remains-to-russia", "rule": "cumulative-decrease",
                                      "figures": ["medinsky-27-bodies-to-russia",
                                                  "interfax-source-no-bodies-to-russia"]}]
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
    assert {d["contentUrl"] for d in ld["distribution"]} == {"data/record.json", "data/figures.csv",
                                                            "data/events.csv"}


def test_export_command_writes_the_same_files_as_the_site(site, tmp_path):
    assert run_cli("export", "--out", str(tmp_path / "out")).returncode == 0
    for path in (tmp_path / "out").rglob("*"):
        if path.is_file():
            rel = path.relative_to(tmp_path / "out").as_posix()
            assert path.read_bytes() == (site / "data" / rel).read_bytes(), rel
    assert (tmp_path / "out" / "schemas" / "figures.schema.json").exists()


def test_fact_pages_carry_kind_and_side_tags(site):
    html = (site / "figures" / "medinsky-27-bodies-to-russia" / "index.html").read_text()
    tags = re.findall(r'class="md-tag[^"]*"[^>]*>([^<]+)<', html)
    assert {"figure", "side: Russia", "measure: remains to russia"} <= {t.strip() for t in tags}
    listing = (site / "tags" / "index.html").read_text()
    assert "../figures/medinsky-27-bodies-to-russia/" in listing


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
    assert mkdocs_build(project).returncode == 0
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

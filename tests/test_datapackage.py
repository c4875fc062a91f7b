"""The downloads as a Frictionless Data Package: `datapackage.json` and its tables validate
with `frictionless` (types, keys, foreign keys, hashes), in the site's `data/` folder and in
an `exchange-record export` folder alike; the JSON Schemas' `$id`s are where the site puts them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from pathlib import Path

import frictionless  # a test dependency (pyproject.toml `test`): no skip, CI must have it
import pytest
import yaml

from conftest import FACTS, REPO, write_facts
from exchange_record import __version__
from exchange_record.record.build import build_record
from exchange_record.record.schema import REPOSITORY, SITE, schemas
from exchange_record.site.export import BY_NAME, DATA_FILES, TABLES, data_files

#: BASE, plus what the new tables and the package must carry: a relay chain two sources
#: long, a quote with its translation, a place within a place with coordinates west of
#: Greenwich, a figure with no event (an empty foreign key), a range, and texts a
#: spreadsheet would run as formulas
EXTRA: dict[str, str] = {
    "sources/agency-wire.yaml": (
        "title: Agency wire\nkind: news-agency\npublished: 2025-06\npublisher: claimant-ua\n"
        "url: https://example.org/wire\ncites: [channel-post]\nlanguage: uk\n"
    ),
    "sources/channel-post.yaml": (
        "title: '=HYPERLINK(\"https://example.org\")'\nkind: official-channel\npublished: 2025-06-12\n"
        "publisher: claimant-ru\nurl: https://example.org/post\n"
    ),
    "sources/report-two.yaml": (
        "title: Report two\nkind: news-article\npublished: 2025-06-14\n"
        "url: https://example.org/two\ncites: [agency-wire]\n"
    ),
    "places/far-site.yaml": "name: '-Far site'\nkind: site\nwithin: city-x\nlat: -12.5\nlon: -70.25\n",
    "figures/range-ua.yaml": (
        "title: '+Range per UA'\nmeasure: remains-to-russia\nlow: 20\nhigh: 30\nqualifier: approx\n"
        "unit: bodies\nscope: cumulative\nas_of: 2025-06\nclaimed_by: claimant-ua\n"
        "sources:\n"
        "  - source: report-two\n"
        "    quote: близько двадцяти\n"
        "    language: uk\n"
        "    translation: '@about twenty'\n"
        "    translated_by: The record\n"
        "    locator: paragraph 3\n"
        "  - report-one\n"
    ),
}

#: the columns figures.csv and events.csv had before the package: others read them by name
FIGURE_COLUMNS = ["id", "title", "measure", "value", "low", "high", "qualifier", "unit", "scope", "as_of",
                  "as_of_precision", "from", "to", "event", "claimed_by", "claimant", "claimant_side",
                  "sources", "status", "status_by", "primary_not_seen", "readings", "notes"]
EVENT_COLUMNS = ["id", "title", "date", "date_end", "date_precision", "kind", "places", "actors",
                 "sources", "figures", "readings"]


def _write(files: dict[str, bytes], folder: Path, prefix: str = "data/") -> Path:
    """Write the data files as `export` does (prefix stripped) or as the site does (kept)."""
    for path, content in files.items():
        target = folder / (path.removeprefix(prefix) if prefix else path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    return folder


def _validate(package: Path) -> frictionless.Report:
    return frictionless.validate(str(package))


def _errors(report: frictionless.Report) -> list[str]:
    return [f"{task.name}: {e.type}: {e.message}" for task in report.tasks for e in task.errors] + [
        f"package: {e.type}: {e.message}" for e in report.errors]


@pytest.fixture(scope="module")
def fixture_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    facts = write_facts(tmp_path_factory.mktemp("record") / "facts", EXTRA)
    record, diagnostics = build_record(facts)
    assert not [d for d in diagnostics if d.severity.value == "error"], diagnostics
    return data_files(record)


@pytest.fixture(scope="module")
def curated_files() -> dict[str, bytes]:
    record, diagnostics = build_record(FACTS)
    assert not [d for d in diagnostics if d.severity.value == "error"]
    return data_files(record)


def _rows(files: dict[str, bytes], table: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(files[f"data/{table}.csv"].decode("utf-8"))))


def _package(files: dict[str, bytes]) -> dict:
    return json.loads(files["data/datapackage.json"])


# --- it validates ------------------------------------------------------------------------

def test_the_package_of_a_fixture_record_validates_in_an_export_folder(fixture_files, tmp_path):
    folder = _write(fixture_files, tmp_path / "export")
    report = _validate(folder / "datapackage.json")
    assert report.valid, _errors(report)
    assert sorted(t.name for t in report.tasks) == sorted([*TABLES, "record"])
    assert all(t.stats["rows"] for t in report.tasks if t.name in TABLES)  # none empty: keys were checked


def test_the_package_of_the_curated_facts_validates_in_the_sites_data_folder(curated_files, tmp_path):
    site = _write(curated_files, tmp_path / "site", prefix="")
    report = _validate(site / "data" / "datapackage.json")
    assert report.valid, _errors(report)


def test_export_command_writes_a_package_that_validates(cli, tmp_path):
    result = cli("export", "--out", str(tmp_path / "out"), cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert {p.name for p in (tmp_path / "out").iterdir()} >= set(DATA_FILES)
    report = _validate(tmp_path / "out" / "datapackage.json")
    assert report.valid, _errors(report)


def test_the_validator_does_check_foreign_keys(fixture_files, tmp_path):
    """A citation of a source that is not in sources.csv fails, hash and size made right:
    the foreign keys are enforced, not merely declared."""
    folder = _write(fixture_files, tmp_path / "export")
    citations = folder / "citations.csv"
    citations.write_text(citations.read_text(encoding="utf-8").replace(",report-two,", ",no-such-source,", 1),
                         encoding="utf-8")
    package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        content = (folder / resource["path"]).read_bytes()
        resource["bytes"], resource["hash"] = len(content), "sha256:" + hashlib.sha256(content).hexdigest()
    (folder / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    report = _validate(folder / "datapackage.json")
    assert [(t.name, [e.type for e in t.errors]) for t in report.tasks if t.errors] == [
        ("citations", ["foreign-key"])]


# --- what it describes -------------------------------------------------------------------

def test_every_resource_is_a_published_file_by_a_relative_path(fixture_files):
    package = _package(fixture_files)
    paths = [r["path"] for r in package["resources"]]
    assert sorted(paths) == sorted(p for p in DATA_FILES if p != "datapackage.json")
    for resource in package["resources"]:
        assert not resource["path"].startswith(("/", ".")) and "://" not in resource["path"]
        content = fixture_files[f"data/{resource['path']}"]
        assert resource["bytes"] == len(content)
        assert resource["hash"] == "sha256:" + hashlib.sha256(content).hexdigest()


def test_package_metadata_licence_version_and_addresses(fixture_files):
    package = _package(fixture_files)
    assert package["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert package["name"] == "exchange-record" and package["title"] and package["description"]
    assert package["version"] == __version__
    assert [lic["name"] for lic in package["licenses"]] == ["CC-BY-4.0"]
    assert "CC BY 4.0" in (REPO / "LICENSE-DATA").read_text(encoding="utf-8")
    assert package["homepage"] == SITE and package["repository"] == REPOSITORY
    citation = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["repository-code"] == REPOSITORY
    assert citation["preferred-citation"]["license"] == "CC-BY-4.0"


def test_headers_are_the_schemas_fields_and_old_columns_stay(fixture_files):
    package = _package(fixture_files)
    for resource in package["resources"]:
        if resource["name"] not in TABLES:
            continue
        header = next(csv.reader(io.StringIO(fixture_files[f"data/{resource['path']}"].decode("utf-8"))))
        assert header == [f["name"] for f in resource["schema"]["fields"]], resource["name"]
    assert [f.name for f in BY_NAME["figures"].columns] == FIGURE_COLUMNS
    assert [f.name for f in BY_NAME["events"].columns] == EVENT_COLUMNS


def test_keys_between_tables(fixture_files):
    schemas_ = {r["name"]: r["schema"] for r in _package(fixture_files)["resources"] if "schema" in r}
    keys = {name: [(fk["fields"][0], fk["reference"]["resource"], fk["reference"]["fields"][0])
                   for fk in s["foreignKeys"]] for name, s in schemas_.items()}
    assert keys == {
        "figures": [("event", "events", "id"), ("claimed_by", "actors", "id")],
        "events": [],
        "citations": [("event", "events", "id"), ("figure", "figures", "id"), ("source", "sources", "id")],
        "sources": [("publisher", "actors", "id")],
        "actors": [],
        "places": [("within", "places", "id")],
    }
    assert {name: s["primaryKey"] for name, s in schemas_.items()} == {
        "figures": ["id"], "events": ["id"], "citations": ["fact", "position"], "sources": ["id"],
        "actors": ["id"], "places": ["id"]}


def test_citations_carry_quotes_translations_and_the_relay_chain(fixture_files):
    rows = [r for r in _rows(fixture_files, "citations") if r["fact"] == "range-ua"]
    assert [(r["position"], r["source"]) for r in rows] == [("1", "report-two"), ("2", "report-one")]
    first = rows[0]
    assert (first["fact_kind"], first["figure"], first["event"]) == ("figure", "range-ua", "")
    assert (first["quote"], first["language"], first["translated_by"], first["locator"]) == (
        "близько двадцяти", "uk", "The record", "paragraph 3")
    assert first["translation"] == "'@about twenty"  # a formula to a spreadsheet: apostrophe
    assert first["relay_chain"] == "agency-wire;channel-post"  # nearest first, transitively
    assert rows[1]["relay_chain"] == "" and rows[1]["quote"] == ""
    event = next(r for r in _rows(fixture_files, "citations") if r["fact"] == "handover")
    assert (event["fact_kind"], event["event"], event["figure"]) == ("event", "handover", "")


def test_sources_actors_places_rows(fixture_files):
    sources = {r["id"]: r for r in _rows(fixture_files, "sources")}
    assert sources["report-two"]["cites"] == "agency-wire"
    assert sources["report-two"]["relay_chain"] == "agency-wire;channel-post"
    assert (sources["agency-wire"]["published"], sources["agency-wire"]["published_precision"]) == (
        "2025-06", "month")
    assert sources["agency-wire"]["publisher_name"] == "Claimant UA"
    assert sources["channel-post"]["title"] == "'=HYPERLINK(\"https://example.org\")"
    actors = {r["id"]: r for r in _rows(fixture_files, "actors")}
    assert (actors["claimant-ru"]["side"], actors["claimant-ru"]["kind"]) == ("russia", "official")
    places = {r["id"]: r for r in _rows(fixture_files, "places")}
    assert places["far-site"] == {"id": "far-site", "name": "'-Far site", "kind": "site", "country": "",
                                  "within": "city-x", "lat": "-12.5", "lon": "-70.25"}
    figures = {r["id"]: r for r in _rows(fixture_files, "figures")}
    assert (figures["range-ua"]["title"], figures["range-ua"]["event"]) == ("'+Range per UA", "")


def test_the_leading_apostrophe_is_documented(fixture_files):
    package = _package(fixture_files)
    assert re.search(r"leading apostrophe", package["description"])
    for resource in package["resources"]:
        if resource["name"] in TABLES:
            assert "leading apostrophe" in resource["description"], resource["name"]


def test_tables_list_every_fact(curated_files):
    record, _ = build_record(FACTS)
    for kind in ("figures", "events", "sources", "actors", "places"):
        assert [r["id"] for r in _rows(curated_files, kind)] == [f.id for f in record.by_kind[kind]]
    citations = _rows(curated_files, "citations")
    assert len(citations) == sum(len(f.model.citations) for k in ("figures", "events")
                                 for f in record.by_kind[k])


# --- the JSON Schemas' $id --------------------------------------------------------------

def test_schema_ids_are_where_the_site_publishes_the_schemas(fixture_files):
    """`$id` = the site's address + the path the schema has in the site, and the site's
    address is where publish.yml deploys: GitHub Pages of the repository in CITATION.cff."""
    owner, repo = REPOSITORY.removeprefix("https://github.com/").split("/")
    pages = f"https://{owner}.github.io/{repo}/"  # a project site of GitHub Pages
    assert pages == SITE
    publish = (REPO / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8")
    assert "actions/deploy-pages@" in publish and "actions/upload-pages-artifact@" in publish
    for name, schema in schemas().items():
        path = f"data/schemas/{name}"
        assert path in fixture_files
        assert schema["$id"] == SITE + path
        assert json.loads(fixture_files[path])["$id"] == schema["$id"]


def test_data_files_are_those_made_from_scratch_after_each_edit(tmp_path):
    """record.json and each table keep, from the last call in the process, the text of
    every fact whose model is the same object and whose references and derived values
    are unchanged (site/export.py `_Kept`); their bytes are always those made from
    scratch (Python's own indenting encoder over the whole document; the CSV writer
    over every row): the curated record, then a fixture record read through one
    `FactCache` as `mkdocs serve` reads it, after a title edit, a claimant renamed
    and moved to another side (what references to it resolve to), a source citing
    another (the relay chains of the sources and citations that reach it), a figure
    that contests another (statuses, the event's figures) and a source deleted."""
    from exchange_record.record.load import FactCache
    from exchange_record.site.export import _JSON, _csv, record_document, record_json

    def same(facts: Path, cache: FactCache | None = None) -> dict[str, str]:
        record = build_record(facts, cache)[0]
        plain = json.dumps(record_document(record), ensure_ascii=False, indent=2) + "\n"
        assert record_json(record) == plain
        for table in BY_NAME.values():
            assert table.csv(record) == _csv([c.name for c in table.columns], table.rows(record)), table.name
        return {fid: kept[3] for fid, kept in _JSON.texts.items()}

    same(FACTS)
    facts = write_facts(tmp_path / "facts", EXTRA)
    cache = FactCache()
    before = same(facts, cache)
    contest = ("title: Count per UA\nmeasure: remains-to-ukraine\nvalue: 1212\nunit: bodies\n"
               "scope: event\nas_of: 2025-06-13\nevent: handover\nclaimed_by: claimant-ua\n"
               "sources: [report-one]\n")
    for path, old, new in [("sources/report-two.yaml", "title: Report two", "title: Report two, retitled"),
                           ("actors/claimant-ua.yaml", "name: ", "name: Renamed "),
                           ("actors/claimant-ua.yaml", "side: ukraine", "side: russia"),
                           ("sources/channel-post.yaml", "url:", "cites: [report-one]\nurl:"),
                           ("figures/count-ua.yaml", "", contest)]:
        file = facts / path
        text = file.read_text() if file.exists() else ""
        assert old in text
        file.write_text(text.replace(old, new, 1) if old else new)
        after = same(facts, cache)
        assert after != before
        # a fact that nothing edited refers to keeps its very text
        assert after["country-x"] is before["country-x"]
        before = after
    (facts / "sources" / "report-two.yaml").unlink()
    same(facts, cache)

"""The curated record in `facts/`: what must hold whatever facts are added.

These tests check the data, not the code (the code is tested on small fixture
records). They assert no counts: adding a fact breaks them only if the fact
breaks a rule. What the seed articles hold is in `test_seed_record.py`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import FACTS, REPO
from exchange_record.record.build import Record, build_record
from exchange_record.record.models import Actor, Event, Figure, Source

LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning|note)\[(?P<code>[a-z0-9-]+)\]: .+")
SUMMARY = re.compile(r"^0 errors in 0 files(?: \((?P<notes>\d+) notes?\))?$")


@pytest.fixture(scope="module")
def curated() -> Record:
    return build_record(FACTS)[0]


def test_curated_record_validates_strictly_with_notes_only(cli):
    """What CI runs: `exchange-record validate --strict` exits 0; every line is a
    well-formed note on a file of the record, and the summary counts them."""
    result = cli("validate", "--strict", "facts", cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr == ""
    *lines, last = result.stdout.splitlines()
    summary = SUMMARY.match(last)
    assert summary, last
    assert int(summary["notes"] or 0) == len(lines)
    for line in lines:
        match = LINE.match(line)
        assert match and match["sev"] == "note", line
        assert match["path"].startswith("facts/") and (REPO / match["path"]).is_file(), line


def test_every_curated_fact_passes_its_schema():
    """The committed schemas (editors read them) accept every curated fact."""
    import jsonschema

    from exchange_record.record.schema import schemas
    from exchange_record.record.yamlfile import read_file

    all_schemas = schemas()
    paths = sorted(FACTS.glob("*/*.yaml"))
    assert paths
    for path in paths:
        jsonschema.validate(read_file(path).data, all_schemas[f"{path.parent.name}.schema.json"])


def _figures(record: Record) -> list[tuple[str, Figure]]:
    return [(f.id, f.model) for f in record.by_kind["figures"] if isinstance(f.model, Figure)]


def test_every_figure_is_claimed_by_an_actor_whose_side_is_stated(curated):
    """`record.side` says "unknown" for a missing actor too: ask the actor itself."""
    for fid, fig in _figures(curated):
        claimant = curated.index.get(fig.claimed_by)
        assert claimant is not None and isinstance(claimant.model, Actor), (fid, fig.claimed_by)
        assert curated.side(fig.claimed_by) == claimant.model.side, fid


def test_every_citation_names_a_source_of_the_record(curated):
    sources = {f.id for f in curated.by_kind["sources"] if isinstance(f.model, Source)}
    for kind in ("events", "figures"):
        for f in curated.by_kind[kind]:
            assert isinstance(f.model, Event | Figure)
            cited = [c.source for c in f.model.citations]
            assert cited, f.id
            assert set(cited) <= sources, (f.id, sorted(set(cited) - sources))


def test_every_figure_and_event_quotes_a_source(curated):
    """CONTRIBUTING.md: "Quote the source"."""
    for kind in ("events", "figures"):
        for f in curated.by_kind[kind]:
            assert isinstance(f.model, Event | Figure)
            assert any(c.quote and c.quote.strip() for c in f.model.citations), f"{f.id} quotes nothing"


def test_every_source_with_an_address_has_an_archive_link(curated):
    """CONTRIBUTING.md: "Add an archive link for every source with a web address"."""
    for f in curated.by_kind["sources"]:
        assert isinstance(f.model, Source)
        if f.model.url:
            assert f.model.archive_url, f"{Path(f.path).relative_to(REPO)} has `url` but no `archive_url`"

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


def test_every_source_with_an_address_says_when_it_was_read_and_whether_it_is_archived(curated):
    """CONTRIBUTING.md: "Add an archive link for every source with a web address". An archived
    copy is recorded only if one was read; until then the notes must say there is none, so a
    reader is not left to guess."""
    for f in curated.by_kind["sources"]:
        assert isinstance(f.model, Source)
        where = Path(f.path).relative_to(REPO)
        if f.model.url:
            assert f.model.accessed is not None, f"{where} has `url` but no `accessed` date"
            if not f.model.archive_url:
                assert f.model.notes and "no archived copy" in f.model.notes.lower(), (
                    f"{where} has `url` but no `archive_url`, and its notes do not say so")


def test_every_source_without_an_address_says_why(curated):
    """A reader must be told why a source cannot be followed (the primary-not-seen flag)."""
    for f in curated.by_kind["sources"]:
        assert isinstance(f.model, Source)
        if not f.model.has_address:
            assert f.model.unavailable and f.model.unavailable.strip(), f.id


def test_every_quote_not_in_english_has_a_translation(curated):
    """A quote stays in its original language; readers get an English rendering beside it."""
    sources = {f.id: f.model for f in curated.by_kind["sources"] if isinstance(f.model, Source)}
    for kind in ("events", "figures"):
        for f in curated.by_kind[kind]:
            assert isinstance(f.model, Event | Figure)
            for c in f.model.citations:
                if not c.quote:
                    continue
                language = c.language or sources[c.source].language
                if language and not language.startswith("en"):
                    assert c.translation and c.translated_by, (f.id, c.source)


def test_unidentified_publishers_are_unnamed_sources(curated):
    """An outlet whose identity is unknown is `unnamed-source`: two of them must not be able
    to confirm each other (they could be one)."""
    for f in curated.by_kind["actors"]:
        assert isinstance(f.model, Actor)
        if f.model.name.lower().startswith(("unidentified", "unnamed")):
            assert f.model.kind == "unnamed-source", f.id
            assert f.model.side == "unknown", f.id


def test_figures_of_unnamed_claimants_only_never_confirm_each_other(curated):
    """The status rule as the curated record sees it: what confirms a figure has a named
    claimant on one side or the other."""
    named = {f.id for f in curated.by_kind["actors"]
             if isinstance(f.model, Actor) and f.model.kind != "unnamed-source"}
    for fid, fig in _figures(curated):
        if curated.status[fid] != "confirmed":
            continue
        by = curated.status_by[fid]
        assert by, fid
        for other in by:
            match = curated.get(other).model
            assert isinstance(match, Figure)
            assert fig.claimed_by in named or match.claimed_by in named, (fid, other)

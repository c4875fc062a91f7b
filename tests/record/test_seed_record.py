"""The curated record holds every claim of the two seed articles, attributed.

These tests name seed facts and may assert their content; what must hold for
every fact (valid, attributed, quoted) is in `test_curated_record.py`.
"""

from __future__ import annotations

import pytest

from conftest import FACTS
from exchange_record.record.build import build_record
from exchange_record.record.checks import disagreement_notes
from exchange_record.record.models import Figure


@pytest.fixture(scope="module")
def seed():
    record, diagnostics = build_record(FACTS)
    return record, diagnostics


def figure(record, fid) -> Figure:
    model = record.get(fid).model
    assert isinstance(model, Figure)
    return model


@pytest.mark.parametrize(("fid", "value", "claimant", "measure", "scope", "as_of"), [
    ("formula-6000-bodies-to-ukraine-per-transfer-article", 6000, "outlet-of-1200-bodies-article",
     "remains-to-ukraine", "commitment", "2025-06-02"),
    ("formula-6000-bodies-to-russia-per-transfer-article", 6000, "outlet-of-1200-bodies-article",
     "remains-to-russia", "commitment", "2025-06-02"),
    ("formula-6000-prisoners-to-russia-per-wagons-article", 6000, "outlet-of-wagons-article",
     "prisoners-to-russia", "commitment", "2025-06-02"),
    ("medinsky-1212-bodies-of-ukrainian-servicemen", 1212, "vladimir-medinsky",
     "remains-to-ukraine", "cumulative", "2025-06-11"),
    ("medinsky-27-bodies-to-russia", 27, "vladimir-medinsky", "remains-to-russia", "cumulative",
     "2025-06-11"),
    ("interfax-source-1200-bodies-to-ukraine", 1200, "interfax-unnamed-source",
     "remains-to-ukraine", "event", "2025-06-13"),
    ("coordination-headquarters-1200-bodies-confirmed", 1200, "coordination-headquarters-pow",
     "remains-to-ukraine", "event", "2025-06-13"),
    ("interfax-source-no-bodies-to-russia", 0, "interfax-unnamed-source", "remains-to-russia",
     "cumulative", "2025-06-13"),
    ("war-deaths-over-100000-per-wagons-article", 100000, "outlet-of-wagons-article",
     "deaths-in-the-war", "cumulative", "2025-06"),
])
def test_seed_figures_are_attributed(seed, fid, value, claimant, measure, scope, as_of):
    record, _ = seed
    fig = figure(record, fid)
    assert (fig.value, fig.claimed_by, fig.measure, fig.scope, str(fig.as_of)) == (
        value, claimant, measure, scope, as_of)
    sources = {f.id for f in record.by_kind["sources"]}
    cited = [c.source for c in fig.citations]
    assert cited and set(cited) <= sources, f"cites what is not a source: {sorted(set(cited) - sources)}"
    # every figure quotes at least one source's words
    assert any(c.quote for c in fig.citations)


def test_100000_is_a_lower_bound(seed):
    assert figure(seed[0], "war-deaths-over-100000-per-wagons-article").qualifier == "at-least"


def test_27_and_not_a_single_body_are_kept_apart_and_contested(seed):
    record, _ = seed
    medinsky = record.get("medinsky-27-bodies-to-russia")
    interfax = record.get("interfax-source-no-bodies-to-russia")
    assert record.status[medinsky.id] == record.status[interfax.id] == "contested"
    # The two disagree with each other, whatever other figures of the measure say:
    # one note, on the later figure, naming both claimants.
    notes = disagreement_notes([medinsky, interfax], record.index)
    assert [(n.path.name, n.code) for n in notes] == [
        ("interfax-source-no-bodies-to-russia.yaml", "disagreement")]
    assert "27 per Vladimir Medinsky" in notes[0].message
    assert "0 per Unnamed source (Interfax)" in notes[0].message


def test_garbled_direction_of_1212_is_recorded_with_a_note(seed):
    fig = figure(seed[0], "medinsky-1212-bodies-of-ukrainian-servicemen")
    assert "handed over 1,212 bodies of\nUkrainian servicemen to Russia".replace("\n", " ") in \
        " ".join(fig.sources[0].quote.split())
    assert fig.from_ is None and fig.to is None
    assert "garbled" in fig.notes


def test_seed_events(seed):
    record, _ = seed
    talks = record.get("istanbul-talks-2025-06-02").model
    assert (str(talks.date), talks.kind, talks.places) == ("2025-06-02", "talks", ["istanbul"])
    wagons = record.get("refrigerated-wagons-video-bryansk").model
    assert (str(wagons.date), wagons.kind) == ("2025-06-07", "publication")
    assert record.get(wagons.places[0]).model.within == "bryansk-oblast"
    assert record.get("kyiv-postponement-reported").model.kind == "postponement"
    assert record.get("medinsky-announcement-2025-06-11").model.kind == "announcement"
    transfer = record.get("remains-transfer-1212-and-27").model
    assert (str(transfer.span), transfer.kind) == ("2025-06-02/2025-06-11", "transfer")
    assert str(record.get("remains-transfer-2025-06-13").model.date) == "2025-06-13"


def test_attribution_chain_from_articles_to_what_they_cite(seed):
    record, _ = seed
    article = record.get("article-1200-bodies-transferred").model
    assert {"interfax-report-1200-bodies", "medinsky-statement-2025-06-11",
            "coordination-headquarters-confirmation-1200"} <= set(article.cites)
    wagons = record.get("article-refrigerated-wagons-video").model
    assert {"mod-video-refrigerated-wagons", "tass-report-kyiv-postponement"} <= set(wagons.cites)
    assert record.get("interfax-report-1200-bodies").model.publisher == "interfax"
    assert record.get("tass-source-close-to-negotiations").model.kind == "unnamed-source"


@pytest.mark.parametrize(("claimant", "side"), [
    ("vladimir-medinsky", "russia"), ("coordination-headquarters-pow", "ukraine"),
    ("interfax-unnamed-source", "unknown"), ("outlet-of-wagons-article", "unknown"),
])
def test_seed_claimants_are_actors_with_their_sides(seed, claimant, side):
    """`record.side` says "unknown" for a missing actor too: the actor must be there."""
    record, _ = seed
    actor = record.index.get(claimant)
    assert actor is not None and actor.kind == "actors", f"{claimant} is not an actor of the record"
    assert record.side(claimant) == side

"""The record: every valid fact, indexed, cross-referenced, with derived statuses.

`build_record` is the one entry point of the core: folder in, record and
diagnostics out. It never raises on bad input; adapters decide what the
diagnostics mean (the CLI sets an exit code, the plugin stops the build).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from . import checks
from .compare import Claimant, Disagreement, find_disagreements, primary_not_seen, relay_closure, statuses
from .diagnostics import Diagnostic, Severity
from .kinds import FOLDERS
from .load import FactCache, LoadedFact, gc_paused, load_facts
from .models import Actor, Event, Figure


@dataclass(frozen=True, slots=True)
class Backlink:
    """`source` (a fact) points at the fact this is attached to through `field`."""

    kind: str
    id: str
    field: str


@dataclass
class Record:
    root: Path
    by_kind: dict[str, list[LoadedFact]]
    index: dict[str, LoadedFact]
    backlinks: dict[str, list[Backlink]]
    disagreements: list[Disagreement]
    #: figure id -> contested, confirmed, uncorroborated or single-claimant
    status: dict[str, str]
    #: figure id -> the figures that contest, confirm or match it (see compare.Status)
    status_by: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: figures none of whose sources has an address a reader could check
    primary_not_seen: set[str] = field(default_factory=set)
    figures_by_measure: dict[str, list[LoadedFact]] = field(default_factory=dict)
    #: figure id -> the disagreements it takes part in
    disagreements_of: dict[str, list[Disagreement]] = field(default_factory=dict)

    def get(self, fid: str) -> LoadedFact:
        return self.index[fid]

    def side(self, actor_id: str) -> str:
        actor = self.index.get(actor_id)
        return actor.model.side if actor and isinstance(actor.model, Actor) else "unknown"

    def pointing_at(self, fid: str, kind: str | None = None, field: str | None = None) -> list[LoadedFact]:
        """Facts that refer to `fid`, optionally only of one kind or through one field."""
        seen: dict[str, LoadedFact] = {}
        for b in self.backlinks.get(fid, []):
            if (kind is None or b.kind == kind) and (field is None or b.field == field):
                seen.setdefault(b.id, self.index[b.id])
        return sort_facts(list(seen.values()))


def sort_facts(facts: list[LoadedFact]) -> list[LoadedFact]:
    """Events in time (`DateSpan.order_key`), figures by date then measure,
    everything else by label."""
    def key(f: LoadedFact) -> tuple[object, ...]:
        m = f.model
        if isinstance(m, Event):
            return (m.span.order_key(), f.id)
        if isinstance(m, Figure):
            return (m.as_of.sort_key(), m.measure, f.id)
        return ((m.label() or f.id).casefold(), f.id)
    return sorted(facts, key=key)


def build_record(root: Path, cache: FactCache | None = None) -> tuple[Record, list[Diagnostic]]:
    """Load, validate and cross-check the facts under `root` into an indexed record."""
    with gc_paused():
        return _build(root, cache)


def _build(root: Path, cache: FactCache | None) -> tuple[Record, list[Diagnostic]]:
    loaded = load_facts(root, cache)
    diagnostics = list(loaded.diagnostics)
    facts, id_problems = checks.check_ids(loaded.facts)
    diagnostics += id_problems
    index = {f.id: f for f in facts}
    diagnostics += checks.check_previous_ids(facts)
    diagnostics += checks.check_references(facts, loaded.partial)
    diagnostics += checks.check_cycles(facts, index)
    diagnostics += checks.check_dates(facts, index)
    diagnostics += checks.check_sources(facts)
    diagnostics += checks.check_translations(facts)
    figures = [f for f in facts if f.kind == "figures"]
    diagnostics += checks.check_series(figures, index)
    disagreements = find_disagreements(figures)
    diagnostics += checks.disagreement_notes(disagreements, index)

    by_kind: dict[str, list[LoadedFact]] = {k: [] for k in FOLDERS}
    backlinks: dict[str, list[Backlink]] = defaultdict(list)
    for f in facts:
        by_kind[f.kind].append(f)
        for loc, _kind, target in f.references():
            if target in index:
                backlinks[target].append(Backlink(f.kind, f.id, str(loc[0])))
    for kind in FOLDERS:
        by_kind[kind] = sort_facts(by_kind[kind])
    claimants = {f.id: Claimant(f.actor.side, f.actor.kind != "unnamed-source") for f in by_kind["actors"]}
    derived = statuses(figures, claimants, disagreements, relay_closure(by_kind["sources"]))
    by_measure: dict[str, list[LoadedFact]] = defaultdict(list)
    for f in by_kind["figures"]:
        by_measure[f.figure.measure].append(f)
    disagreements_of: dict[str, list[Disagreement]] = defaultdict(list)
    for d in disagreements:
        disagreements_of[d.first].append(d)
        disagreements_of[d.second].append(d)
    record = Record(
        root=root, by_kind=by_kind, index=index, backlinks=dict(backlinks),
        disagreements=disagreements, status={fid: st.name for fid, st in derived.items()},
        status_by={fid: st.by for fid, st in derived.items()},
        primary_not_seen=primary_not_seen(figures, {f.id: f for f in by_kind["sources"]}),
        figures_by_measure=dict(sorted(by_measure.items())),
        disagreements_of=dict(disagreements_of),
    )
    diagnostics.sort(key=lambda d: (d.sort_key(), d.severity is not Severity.ERROR))
    return record, diagnostics


def has_errors(diagnostics: list[Diagnostic], strict: bool = False) -> bool:
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    return any(d.severity in failing for d in diagnostics)

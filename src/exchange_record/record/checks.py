"""Checks across facts: ids, references, cycles, likely mistakes, and disagreements.

Errors make the record unusable (a dangling reference has nowhere to link);
warnings are likely mistakes (`--strict` makes them errors); notes are findings
that the site shows and that never fail a build.
"""

from __future__ import annotations

import shlex
from collections import defaultdict

from .compare import Disagreement, find_disagreements
from .diagnostics import Diagnostic, Severity, display_path
from .kinds import KINDS
from .load import LoadedFact, PartialFact
from .models import Event, Figure, Source
from .translations import FINGERPRINT_RE, LANGUAGE_NAMES, STAMP
from .validate import Suggester


def check_ids(facts: list[LoadedFact]) -> tuple[list[LoadedFact], list[Diagnostic]]:
    """Drop facts whose id is taken twice, reporting each clash; ids are unique across kinds."""
    by_id: dict[str, list[LoadedFact]] = defaultdict(list)
    for f in facts:
        by_id[f.id].append(f)
    out: list[Diagnostic] = []
    keep: list[LoadedFact] = []
    for fid, group in by_id.items():
        if len(group) == 1:
            keep.append(group[0])
            continue
        group.sort(key=lambda f: str(f.path))
        for f in group:
            others = ", ".join(str(g.path.parent.name) + "/" + g.path.name for g in group if g is not f)
            out.append(Diagnostic(f.path, 1, 1, Severity.ERROR, "duplicate-id",
                                  f"id `{fid}` is also used by {others}; ids are unique across all kinds",
                                  "rename one of the files"))
    return keep, out


def check_previous_ids(facts: list[LoadedFact]) -> list[Diagnostic]:
    """An old id must not be a current id, nor the old id of another fact: old links must
    lead to exactly one page."""
    current = {f.id: f for f in facts}
    claimed: dict[str, LoadedFact] = {}
    out = []
    for f in facts:
        for i, old in enumerate(f.model.previous_ids):
            line, col = f.pos(("previous_ids", i))
            if old in current:
                other = current[old]
                what = "this fact's own id" if other is f else f"the id of {other.kind}/{other.path.name}"
                out.append(Diagnostic(f.path, line, col, Severity.ERROR, "previous-id-taken",
                                      f"previous id `{old}` is {what}; its old address would be ambiguous",
                                      "remove it from `previous_ids`, or rename the other fact"))
            elif old in claimed and claimed[old] is not f:
                first = claimed[old]
                out.append(Diagnostic(f.path, line, col, Severity.ERROR, "previous-id-taken",
                                      f"previous id `{old}` is also listed by {first.kind}/{first.path.name}",
                                      "an old address can redirect to one fact only"))
            else:
                claimed[old] = f
    return out


def check_references(facts: list[LoadedFact], partial: list[PartialFact]) -> list[Diagnostic]:
    """Every reference must name an existing fact of the right kind.

    References of files that failed validation are checked too; a reference to
    such a file is not reported (the file's own errors are).
    """
    ids_by_kind: dict[str, list[str]] = defaultdict(list)
    for f in facts:
        ids_by_kind[f.kind].append(f.id)
    known = {p.id: p.kind for p in partial}
    known.update((f.id, f.kind) for f in facts)
    suggest = {kind: Suggester(ids) for kind, ids in ids_by_kind.items()}
    out: list[Diagnostic] = []
    everything: list[LoadedFact | PartialFact] = [*facts, *partial]
    for item in everything:
        for loc, kind, target in item.references():
            found = known.get(target)
            if found == kind:
                continue
            line, col = item.pos(loc)
            field = str(loc[0])
            hint = suggest[kind](target) if kind in suggest else None
            if found is not None:
                message = (f"`{field}` must name {KINDS[kind].a}, but `{target}` is "
                           f"{KINDS[found].a} ({found}/{target}.yaml)")
                out.append(Diagnostic(item.path, line, col, Severity.ERROR, "wrong-kind", message, hint))
            else:
                message = (f"`{field}` names `{target}`, but there is no {KINDS[kind].singular} "
                           f"with that id in facts/{kind}/")
                out.append(Diagnostic(item.path, line, col, Severity.ERROR, "dangling-reference",
                                      message, hint))
    return out


_CYCLE_FIELDS = {"sources": "cites", "places": "within", "actors": "member_of"}


def check_cycles(facts: list[LoadedFact], index: dict[str, LoadedFact]) -> list[Diagnostic]:
    """`cites`, `within` and `member_of` must not loop back on themselves."""
    out = []
    for kind, field in _CYCLE_FIELDS.items():
        nodes = sorted((f for f in facts if f.kind == kind), key=lambda f: f.id)
        edges: dict[str, list[tuple[str, tuple[str | int, ...]]]] = {}
        for f in nodes:
            edges[f.id] = [(t, loc) for loc, k, t in f.references()
                           if loc[0] == field and k == kind and t in index and index[t].kind == kind]
        state: dict[str, int] = {}  # 1 = on the current path, 2 = done
        for root in edges:
            if state.get(root):
                continue
            stack: list[tuple[str, int]] = [(root, 0)]
            path: list[str] = []
            state[root] = 1
            path.append(root)
            while stack:
                node, i = stack[-1]
                if i < len(edges[node]):
                    stack[-1] = (node, i + 1)
                    nxt, loc = edges[node][i]
                    if state.get(nxt) == 1:
                        cycle = path[path.index(nxt):] + [nxt]
                        f = index[node]
                        line, col = f.pos(loc)
                        out.append(Diagnostic(
                            f.path, line, col, Severity.ERROR, "cycle",
                            f"`{field}` goes round in a circle: " + " → ".join(cycle),
                            f"one of these `{field}` links is wrong; remove it"))
                    elif not state.get(nxt):
                        state[nxt] = 1
                        path.append(nxt)
                        stack.append((nxt, 0))
                else:
                    state[node] = 2
                    path.pop()
                    stack.pop()
    return out


def _cited(model: Event | Figure, index: dict[str, LoadedFact]) -> list[Source]:
    return [index[c.source].source for c in model.citations
            if c.source in index and index[c.source].kind == "sources"]


def check_dates(facts: list[LoadedFact], index: dict[str, LoadedFact]) -> list[Diagnostic]:
    """Events dated after every source that reports them; figures as of after their sources."""
    out = []
    for f in facts:
        m = f.model
        if isinstance(m, Event):
            sources = _cited(m, index)
            if sources and all(m.span.first_day() > s.published.last_day() for s in sources):
                latest = max(sources, key=lambda s: s.published.last_day()).published
                line, col = f.pos(("date",))
                out.append(Diagnostic(
                    f.path, line, col, Severity.WARNING, "event-after-sources",
                    f"the event is dated {m.span} but every source reporting it was published by {latest}",
                    "check the event's date and the sources' `published` dates"))
        elif isinstance(m, Figure):
            sources = _cited(m, index)
            if sources and all(m.as_of.surely_after(s.published) for s in sources):
                latest = max(sources, key=lambda s: s.published.last_day()).published
                line, col = f.pos(("as_of",))
                out.append(Diagnostic(
                    f.path, line, col, Severity.WARNING, "as-of-after-sources",
                    f"`as_of` is {m.as_of} but every source was published by {latest}",
                    "`as_of` is the date the number refers to, at most the publication date"))
    return out


def check_sources(facts: list[LoadedFact]) -> list[Diagnostic]:
    """A source a reader cannot check (no address) must say why."""
    out = []
    for f in facts:
        m = f.model
        if isinstance(m, Source) and not m.has_address and not m.unavailable:
            line, col = f.pos(("title",), key=True)
            out.append(Diagnostic(
                f.path, line, col, Severity.WARNING, "source-without-address",
                "the source has neither `url` nor `archive_url`, and no `unavailable:` saying why",
                "add the address you read it at, or explain in `unavailable:`"))
    return out


def check_translations(facts: list[LoadedFact]) -> list[Diagnostic]:
    """Translations whose English has changed since they were stamped, or never stamped.

    A translation records the fingerprint of the English it was made from (`of:`,
    written by `exchange-record translate --stamp`); a different fingerprint of
    the English as it is now means the translation may say something the English
    no longer does.
    """
    out = []
    for f in facts:
        for lang, t in f.model.translated().items():
            command = f"{STAMP} --lang {lang} {shlex.quote(display_path(f.path))}"
            name = LANGUAGE_NAMES[lang]
            fields = ", ".join(f"`{n}`" for n in t.translated())
            if not t.of:
                line, col = f.pos(("translations", lang), key=True)
                out.append(Diagnostic(
                    f.path, line, col, Severity.WARNING, "unstamped-translation",
                    f"the {name} (`{lang}`) translation does not record which English it was made from "
                    "(no `of:`), so a change to the English would go unnoticed",
                    f"once it matches the English {fields}, run `{command}`"))
            elif t.of != f.model.english_fingerprint(t):
                line, col = f.pos(("translations", lang, "of"))
                what = (f"the English of {fields} has changed since it was stamped"
                        if FINGERPRINT_RE.fullmatch(t.of)
                        else f"`of: {t.of}` is not a fingerprint `{STAMP}` writes")
                out.append(Diagnostic(
                    f.path, line, col, Severity.WARNING, "stale-translation",
                    f"the {name} (`{lang}`) translation is out of date: {what}",
                    f"update the translation to the English as it is now, then run `{command}`"))
            # A list of the wrong length: a warning, as a stale translation is: a reading or a
            # citation added in English must not wait for the translators (the page shows that
            # list in English meanwhile)
            for field, (code, one, of, ofs) in _LIST_COUNTS.items():
                given = getattr(t, field, None)
                if given is None:
                    continue
                own = f.model.english_list(field)
                if len(given) == len(own):
                    continue
                line, col = f.pos(("translations", lang, field), key=True)
                out.append(Diagnostic(
                    f.path, line, col, Severity.WARNING, code,
                    f"the {name} (`{lang}`) translation's `{field}` gives {_count(len(given), one)} for "
                    f"the fact's {len(own)} {of if len(own) == 1 else ofs}: the page shows them in English",
                    f"give one for each, in the same order, then run `{command}`"))
    return out


#: a translation's lists (models.py `LISTS`) -> the code of a wrong count, what each item is,
#: and what the fact has one of for each (one, several)
_LIST_COUNTS = {
    "readings": ("translation-readings-count", "reason", "reading", "readings"),
    "locators": ("translation-citations-count", "locator", "citation with a locator",
                 "citations with a locator"),
    "translators": ("translation-citations-count", "translator", "citation with a translator",
                    "citations with a translator"),
    "citation_readings": ("translation-citations-count", "reason", "reading in a citation",
                          "readings in citations"),
}


def _count(n: int, noun: str) -> str:
    """`1 reason`, `2 reasons`."""
    return f"{n} {noun}" + ("" if n == 1 else "s")


def _value_loc(fig: Figure) -> tuple[str, ...]:
    return ("value",) if fig.value is not None else ("low",)


def _describe(f: LoadedFact, index: dict[str, LoadedFact]) -> str:
    fig = f.model
    assert isinstance(fig, Figure)
    claimant = index.get(fig.claimed_by)
    who = claimant.model.label() if claimant else fig.claimed_by
    return f"{fig.display_value()} per {who} as of {fig.as_of} ({f.id})"


def check_series(figures: list[LoadedFact], index: dict[str, LoadedFact]) -> list[Diagnostic]:
    """A cumulative series from one claimant that goes down: a likely typo (warning)."""
    out = []
    own = find_disagreements(figures, same_group=lambda f: f.figure.claimed_by)
    for d in own:
        if d.rule != "cumulative-decrease":
            continue
        later = index[d.second]
        fig = later.model
        assert isinstance(fig, Figure)
        line, col = later.pos(_value_loc(fig))
        out.append(Diagnostic(
            later.path, line, col, Severity.WARNING, "series-decreases",
            f"cumulative `{fig.measure}` from the same claimant goes down: "
            f"{_describe(index[d.first], index)}, then {_describe(later, index)}",
            "a cumulative count cannot shrink; check the value, the date or the scope"))
    return out


def disagreement_notes(disagreements: list[Disagreement], index: dict[str, LoadedFact]) -> list[Diagnostic]:
    """Disagreements between claimants (`find_disagreements`: the record keeps them too),
    as notes on the later (or second) figure."""
    out = []

    def claimant(f: LoadedFact) -> str:
        return f.figure.claimed_by

    for d in disagreements:
        first, second = index[d.first], index[d.second]
        if d.rule == "cumulative-decrease" and claimant(first) == claimant(second):
            continue  # the same claimant contradicting itself is a warning, above
        fig = second.model
        assert isinstance(fig, Figure)
        line, col = second.pos(_value_loc(fig))
        if d.rule == "same-date":
            text = (f"claimants disagree on `{d.measure}`: {_describe(first, index)} "
                    f"vs {_describe(second, index)}")
        else:
            text = (f"cumulative `{d.measure}` is lower than an earlier claim: "
                    f"{_describe(second, index)} after {_describe(first, index)}")
        out.append(Diagnostic(second.path, line, col, Severity.NOTE, "disagreement", text))
    return out


__all__ = [
    "check_cycles",
    "check_dates",
    "check_ids",
    "check_previous_ids",
    "check_references",
    "check_series",
    "check_sources",
    "check_translations",
    "disagreement_notes",
]

"""Compare figures of one measure: disagreements and the derived status of each figure.

Rules (explained to readers on the methodology page):

* Figures are compared only within one `measure` and one `scope`.
* Each figure stands for an interval: `value` is [v, v]; `at-least v` is
  [v, ∞); `at-most v` is [0, v]; `more-than v` is [v + 1, ∞) and `fewer-than v`
  is [0, v − 1] (every unit is a count); a range is [low, high]; `approx` is
  treated as the stated value.
* **Same date**: figures with the same `as_of` (at the same precision) whose
  intervals do not overlap disagree.
* **Cumulative goes down**: for a cumulative measure, a figure whose whole
  interval lies below a figure dated surely earlier disagrees with it.
* A figure is **contested** if it takes part in a disagreement; else
  **confirmed** if an independent figure matches it (same measure, scope,
  direction and `as_of`, overlapping intervals, another claimant, the two
  claimants not on the same known side, at least one of them named,
  neither figure resting only on sources that relay the other, and neither
  figure's direction, date, value or claimant being a reading of the
  record); else
  **uncorroborated** if matching figures exist but none is independent; else
  **single-claimant**.
* Orthogonally, a figure is **primary-not-seen** when none of its sources has
  an address (`url` or `archive_url`) a reader could check.

Disagreements are found in O(n log n): sorts and sweeps, no all-pairs
comparison. Statuses compare the figures of one measure, scope, direction and
date with each other: a handful each in any real record.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .dates import PartialDate
from .models import Figure

if TYPE_CHECKING:
    from .load import LoadedFact

CONTESTED = "contested"
CONFIRMED = "confirmed"
UNCORROBORATED = "uncorroborated"
SINGLE_CLAIMANT = "single-claimant"
#: the statuses, in the order of how much the record can say for a figure
STATUSES = (CONTESTED, CONFIRMED, UNCORROBORATED, SINGLE_CLAIMANT)


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Two figures of one measure that cannot both be right."""

    measure: str
    rule: str  # "same-date" or "cumulative-decrease"
    first: str  # figure id (the earlier one for cumulative-decrease)
    second: str


def interval(fig: Figure) -> tuple[float, float]:
    if fig.value is None:
        return float(fig.low or 0), float(fig.high or 0)
    v = float(fig.value)
    return {"at-least": (v, math.inf), "at-most": (0.0, v), "more-than": (v + 1, math.inf),
            "fewer-than": (0.0, max(v - 1, 0.0))}.get(fig.qualifier, (v, v))


def _overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def find_disagreements(
    facts: Iterable[LoadedFact],
    same_group: Callable[[LoadedFact], object] | None = None,
) -> list[Disagreement]:
    """Every disagreement among `facts` (figures).

    `same_group` narrows the comparison further (the checks use the claimant to
    find a series that contradicts itself).
    """
    groups: dict[tuple[object, ...], list[LoadedFact]] = defaultdict(list)
    for f in facts:
        fig = f.model
        assert isinstance(fig, Figure)
        extra = same_group(f) if same_group else None
        groups[(fig.measure, fig.scope, extra)].append(f)
    out: list[Disagreement] = []
    for (measure, scope, _extra), members in sorted(groups.items(), key=lambda kv: str(kv[0])):
        out.extend(_same_date(str(measure), members))
        if scope == "cumulative":
            out.extend(_decreases(str(measure), members))
    return out


def _same_date(measure: str, members: list[LoadedFact]) -> list[Disagreement]:
    by_date: dict[PartialDate, list[LoadedFact]] = defaultdict(list)
    for f in members:
        by_date[f.figure.as_of].append(f)
    out: list[Disagreement] = []
    for _date, group in sorted(by_date.items(), key=lambda kv: kv[0].sort_key()):
        if len(group) < 2:
            continue
        group = sorted(group, key=lambda f: f.id)
        # Each figure is compared with the one whose interval is most apart from it:
        # the lowest top and the highest bottom of the group decide.
        lowest_top = min(group, key=lambda f: interval(f.figure)[1])
        highest_bottom = max(group, key=lambda f: interval(f.figure)[0])
        pairs = set()
        for f in group:
            for other in (lowest_top, highest_bottom):
                if other is not f and not _overlap(interval(f.figure), interval(other.figure)):
                    pairs.add(tuple(sorted((f.id, other.id))))
        out.extend(Disagreement(measure, "same-date", a, b) for a, b in sorted(pairs))
    return out


def _decreases(measure: str, members: list[LoadedFact]) -> list[Disagreement]:
    """Later figures lower than an earlier one, by a sweep over dates."""
    by_start = sorted(members, key=lambda f: (f.figure.as_of.first_day(), f.id))
    by_end = sorted(members, key=lambda f: (f.figure.as_of.last_day(), f.id))
    out = []
    best: LoadedFact | None = None  # the surely-earlier figure with the highest bottom
    i = 0
    for f in by_start:
        start = f.figure.as_of.first_day()
        while i < len(by_end) and by_end[i].figure.as_of.last_day() < start:
            cand = by_end[i]
            if best is None or interval(cand.figure)[0] > interval(best.figure)[0]:
                best = cand
            i += 1
        if best is not None and interval(f.figure)[1] < interval(best.figure)[0]:
            out.append(Disagreement(measure, "cumulative-decrease", best.id, f.id))
    return out


@dataclass(frozen=True, slots=True)
class Status:
    """A figure's derived status, and the figures that make it so."""

    name: str
    #: for contested, the figures that disagree with it; for confirmed, those that
    #: confirm it; for uncorroborated, the matching figures that are not independent
    by: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Claimant:
    side: str    # russia, ukraine, third-party or unknown
    named: bool  # false for an unnamed source


def statuses(figures: list[LoadedFact], claimants: Mapping[str, Claimant],
             disagreements: list[Disagreement], relays: Mapping[str, frozenset[str]]) -> dict[str, Status]:
    """The derived status of every figure id (see the module's docstring).

    `claimants` maps actor id to side and namedness; `relays` maps a source id
    to every source it cites, directly or through others.
    """
    contested: dict[str, set[str]] = defaultdict(set)
    for d in disagreements:
        contested[d.first].add(d.second)
        contested[d.second].add(d.first)
    groups: dict[tuple[object, ...], list[LoadedFact]] = defaultdict(list)
    for f in figures:
        fig = f.figure
        groups[(fig.measure, fig.scope, fig.from_, fig.to, fig.as_of)].append(f)
    out: dict[str, Status] = {}
    for group in groups.values():
        for f in group:
            if f.id in contested:
                out[f.id] = Status(CONTESTED, tuple(sorted(contested[f.id])))
                continue
            matching = [g for g in group if g is not f and g.figure.claimed_by != f.figure.claimed_by
                        and _overlap(interval(f.figure), interval(g.figure))]
            independent = [g for g in matching if _independent(f, g, claimants, relays)]
            if independent:
                out[f.id] = Status(CONFIRMED, tuple(sorted(g.id for g in independent)))
            elif matching:
                out[f.id] = Status(UNCORROBORATED, tuple(sorted(g.id for g in matching)))
            else:
                out[f.id] = Status(SINGLE_CLAIMANT)
    return out


def _independent(f: LoadedFact, g: LoadedFact, claimants: Mapping[str, Claimant],
                 relays: Mapping[str, frozenset[str]]) -> bool:
    if _read_into_match(f) or _read_into_match(g):
        return False  # the match rests on the record's reading, not on what two claimants said
    unknown = Claimant("unknown", False)
    a, b = claimants.get(f.figure.claimed_by, unknown), claimants.get(g.figure.claimed_by, unknown)
    if a.side == b.side and a.side != "unknown":
        return False  # the same side agreeing with itself
    if not (a.named or b.named):
        return False  # two unnamed sources could be one
    return not (_relays(f, g, relays) or _relays(g, f, relays))


#: readings of what decides whether two figures match (compared only within one
#: direction and date, by value), or whose figure it is. Not scope: a scope reading
#: says which tally the record counts a number in where it is more than one (the first
#: handover's count is also the total so far); docs/methodology.md, "confirmed".
MATCH_READINGS = frozenset({"direction", "date", "value", "claimant"})


def _read_into_match(f: LoadedFact) -> bool:
    fig = f.figure
    readings = [*fig.readings, *(r for c in fig.citations for r in c.readings)]
    return any(r.of in MATCH_READINGS for r in readings)


def _relays(f: LoadedFact, g: LoadedFact, relays: Mapping[str, frozenset[str]]) -> bool:
    """Whether every source of `f` cites (directly or not) a source of `g`:
    then `f` only repeats `g`."""
    theirs = {c.source for c in g.figure.citations}
    return all(relays.get(c.source, frozenset()) & theirs for c in f.figure.citations)


def primary_not_seen(figures: list[LoadedFact], sources: Mapping[str, LoadedFact]) -> set[str]:
    """Figures none of whose sources has an address (`url` or `archive_url`)."""
    return {f.id for f in figures
            if not any(c.source in sources and sources[c.source].source.has_address
                       for c in f.figure.citations)}


def relay_closure(sources: list[LoadedFact]) -> dict[str, frozenset[str]]:
    """Every source id -> all the sources it cites, directly or through others
    (cycles are reported elsewhere and stop the walk here)."""
    cites = {f.id: list(f.source.cites) for f in sources}
    out: dict[str, frozenset[str]] = {}
    for start in cites:
        seen: set[str] = set()
        stack = list(cites[start])
        while stack:
            s = stack.pop()
            if s in seen or s == start:
                continue
            seen.add(s)
            stack.extend(cites.get(s, ()))
        out[start] = frozenset(seen)
    return out

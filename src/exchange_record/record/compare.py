"""Compare figures of one measure: disagreements and the derived status of each figure.

Rules (explained to readers on the methodology page):

* Figures are compared only within one `measure` and one `scope`.
* Each figure stands for an interval: `value` is [v, v]; `at-least v` is
  [v, ∞); `at-most v` is [0, v]; a range is [low, high]; `approx` is treated as
  the stated value.
* **Same date**: figures with the same `as_of` (at the same precision) whose
  intervals do not overlap disagree.
* **Cumulative goes down**: for a cumulative measure, a figure whose whole
  interval lies below a figure dated surely earlier disagrees with it.
* A figure is **contested** if it takes part in a disagreement; else
  **corroborated** if a claimant of the other side (Russia / Ukraine) gives a
  compatible figure for the same measure, scope and date; else **single-source**.

Everything here is O(n log n) in the number of figures: sorts and sweeps, no
all-pairs comparison.
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
CORROBORATED = "corroborated"
SINGLE = "single-source"


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
    return {"at-least": (v, math.inf), "at-most": (0.0, v)}.get(fig.qualifier, (v, v))


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


def statuses(figures: list[LoadedFact], sides: Mapping[str, str],
             disagreements: list[Disagreement]) -> dict[str, str]:
    """The derived status of every figure id. `sides` maps actor id to side."""
    contested = {d.first for d in disagreements} | {d.second for d in disagreements}
    groups: dict[tuple[str, str, PartialDate], list[LoadedFact]] = defaultdict(list)
    for f in figures:
        fig = f.model
        assert isinstance(fig, Figure)
        groups[(fig.measure, fig.scope, fig.as_of)].append(f)
    out: dict[str, str] = {}
    for group in groups.values():
        stated = {(sides.get(g.figure.claimed_by), interval(g.figure)) for g in group}
        for f in group:
            if f.id in contested:
                out[f.id] = CONTESTED
                continue
            mine = sides.get(f.figure.claimed_by)
            other_side = {"russia": "ukraine", "ukraine": "russia"}.get(mine or "")
            agrees = (other_side, interval(f.figure)) in stated
            out[f.id] = CORROBORATED if other_side and agrees else SINGLE
    return out

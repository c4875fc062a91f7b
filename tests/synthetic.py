"""A synthetic record of any size, for benchmarks: valid facts in realistic proportions.

Per event: 2-3 sources and ~3 figures; actors and places are shared; every
measure has a cumulative series per claimant, and a few claimants disagree.
Deterministic for a given size. Run as a script: `python tests/synthetic.py N DIR`.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from pathlib import Path

MEASURES = ["remains-to-ukraine", "remains-to-russia", "prisoners-to-ukraine", "prisoners-to-russia"]
KINDS = ["transfer", "exchange", "announcement", "statement", "talks"]


def generate(total: int, out: Path, seed: int = 7) -> dict[str, int]:
    """Write exactly `total` fact files (at least 10) under `out`; returns the count per kind.

    Events are added until the total is reached; the last one may stop short
    of its figures, which leaves a valid record (sources come first).
    """
    rnd = random.Random(seed)
    n_actors = max(6, total // 50)
    n_places = max(4, total // 60)
    counts = {"actors": 0, "places": 0, "sources": 0, "events": 0, "figures": 0}

    def write(kind: str, fid: str, text: str) -> None:
        if sum(counts.values()) >= total:
            return
        path = out / kind / f"{fid}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        counts[kind] += 1

    sides = ["russia", "ukraine", "third-party", "unknown"]
    for i in range(n_actors):
        write("actors", f"actor-{i}", f"name: Actor {i}\nkind: official\nside: {sides[i % 4]}\n"
              "description: A synthetic actor for benchmarks.\n")
    for i in range(n_places):
        within = f"within: place-{i // 4}\n" if i >= 4 else ""
        write("places", f"place-{i}", f"name: Place {i}\nkind: city\ncountry: UA\n{within}")
    totals: dict[tuple[str, int], int] = {}
    e = -1
    while sum(counts.values()) < total:
        e += 1
        date = (dt.date(2025, 1, 1) + dt.timedelta(days=e)).isoformat()  # one event a day
        srcs = []
        for s in range(rnd.choice((2, 3))):
            sid = f"source-{e}-{s}"
            cites = f"cites: [source-{e}-0]\n" if s else ""
            write("sources", sid, (
                f"title: Report {e}.{s} on the exchange\nkind: news-agency\npublished: {date}\n"
                f"publisher: actor-{rnd.randrange(n_actors)}\nurl: https://example.org/{e}/{s}\n"
                f"language: en\n{cites}"))
            srcs.append(sid)
        write("events", f"event-{e}", (
            f"title: Exchange number {e}\ndate: {date}\nkind: {rnd.choice(KINDS)}\n"
            f"summary: |\n  A synthetic event with **Markdown**, reported by {len(srcs)} sources.\n"
            f"sources:\n" + "".join(f"  - source: {s}\n    quote: words of the report\n" for s in srcs)
            + f"places: [place-{rnd.randrange(n_places)}]\nactors: [actor-{rnd.randrange(n_actors)}]\n"
            + (f"related: [event-{e - 1}]\n" if e else "")))
        for k in range(3):
            measure = MEASURES[(e + k) % len(MEASURES)]
            claimant = rnd.randrange(n_actors)
            cumulative = k == 2
            if cumulative:
                # One running total per measure, reported by whoever; now and
                # then a claimant gives a lower number (a disagreement).
                key = (measure, 0)
                totals[key] = totals.get(key, 0) + rnd.randrange(1, 500)
                value = totals[key] - (rnd.randrange(1, 50) if rnd.random() < 0.03 else 0)
            else:
                value = rnd.randrange(1, 1300)
                if rnd.random() < 0.05:
                    value += 12  # a disagreement now and then
            write("figures", f"figure-{e}-{k}", (
                f"title: Figure {k} of exchange {e}\nmeasure: {measure}\nvalue: {value}\n"
                f"unit: bodies\nscope: {'cumulative' if cumulative else 'event'}\nas_of: {date}\n"
                f"event: event-{e}\nclaimed_by: actor-{claimant}\n"
                f"sources:\n  - source: {srcs[0]}\n    quote: the number as reported\n"))
    return counts


if __name__ == "__main__":
    n, folder = int(sys.argv[1]), Path(sys.argv[2])
    print(generate(n, folder))

"""Templates for new fact files: every required field, a short comment on each.

Text the contributor must write starts with `TODO`; validation warns about any
`TODO` left in a value (`--strict`, as in CI, makes that an error). Reference
fields are filled with an existing id of the right kind, marked `TODO` in a
comment, so that the new file is valid from the start and shows up on the site
preview at once.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .kinds import FOLDERS, KINDS, kind_of
from .models import id_problem

PLACEHOLDER = "TODO"

_TEMPLATES = {
    "actors": """\
# An actor: a state, body, official, delegation, organisation, outlet or unnamed source.
name: "TODO: the name as commonly written in English"
kind: official            # state | government-body | official | delegation | organization | media | unnamed-source
side: unknown             # russia | ukraine | third-party | unknown
# description: One neutral sentence on who this is.
# member_of: [russia]     # actors this one belongs to
# translations:           # name, description in uk and ru: see CONTRIBUTING.md, Translations
""",
    "places": """\
# A place: a country, region, city or site.
name: "TODO: the name in English"
kind: city                # country | region | city | site
# country: UA             # ISO 3166-1 alpha-2 code
# within: {place}         # the place this one lies in
# lat: 50.45              # both lat and lon, or neither
# lon: 30.52
# translations:           # name in uk and ru: see CONTRIBUTING.md, Translations
""",
    "sources": """\
# A source: a statement, channel post, agency report, article or video.
title: "TODO: the headline, or a neutral description of the document"
kind: news-article        # official-statement | official-channel | news-agency | news-article | video | social-post | ngo-statement
published: {today}        # YYYY, YYYY-MM or YYYY-MM-DD: only as precise as known
# publisher: {actor}      # the actor who published it (facts/actors/)
# url: https://…          # http(s) only
# archive_url: https://web.archive.org/…   # add one: pages change and disappear
# language: ru            # BCP 47 tag: ru, uk, en…
# cites: [{source}]       # sources this one relies on: keeps the attribution chain
# notes: What is known about this source, and what is not.
# translations:           # title, unavailable, notes in uk and ru: see CONTRIBUTING.md, Translations
""",
    "events": """\
# An event: something that happened, as reported by at least one source.
title: "TODO: what happened, in neutral words"
date: {today}             # YYYY, YYYY-MM or YYYY-MM-DD, or start: and end: on two lines
kind: transfer            # talks | agreement | announcement | transfer | exchange | postponement | publication | statement
summary: |
  TODO: what happened, who says so, and what is disputed. Markdown; no HTML.
sources:                  # at least one; quote the words that report the event
  - source: {source}      # TODO: the id of a source in facts/sources/
    quote: "TODO: the words of the source"
# places: [{place}]
# actors: [{actor}]
# related: []             # other events
# translations:           # title, summary in uk and ru: see CONTRIBUTING.md, Translations
""",
    "figures": """\
# A figure: one number as one claimant stated it. Never merge disagreeing figures.
title: "TODO: the number, what it counts, and who says so"
measure: remains-to-ukraine   # what is counted; figures of one measure are compared
value: 0                  # TODO: a plain number (no quotes, no separators), or low: and high:
# qualifier: approx       # exact (default) | approx | at-least | at-most | more-than | fewer-than
unit: bodies              # bodies | prisoners | people
scope: event              # event | cumulative | commitment
as_of: {today}            # the date the number refers to
# from: russia            # russia | ukraine
# to: ukraine
# event: {event}          # the event it was reported for
claimed_by: {actor}       # TODO: the actor who states the number (facts/actors/)
sources:                  # at least one; quote the words
  - source: {source}      # TODO: the id of a source in facts/sources/
    quote: "TODO: the words of the source"
# notes: What the reader should know: a garbled claim, an ambiguity.
# translations:           # title, notes in uk and ru: see CONTRIBUTING.md, Translations
""",
}


class ScaffoldError(Exception):
    """A request `new` must refuse; the message says why."""


def scaffold(kind: str, fid: str, facts_dir: Path) -> tuple[Path, str]:
    """The path and text of a new fact file; raises ScaffoldError to refuse."""
    entry = kind_of(kind)
    if entry is None:
        raise ScaffoldError(f"unknown kind `{kind}`; one of: {', '.join(FOLDERS)}")
    kind = entry.folder
    problem = id_problem(fid)
    if problem is not None:
        raise ScaffoldError(problem[1] + (" (e.g. medinsky-27-bodies-to-russia)"
                                          if problem[0] == "bad-id" else ""))
    path = facts_dir / kind / f"{fid}.yaml"
    taken = list(facts_dir.glob(f"*/{fid}.yaml"))
    if taken:
        raise ScaffoldError(f"{taken[0]} already exists; ids are unique across kinds, "
                            "and `new` never overwrites a file")

    def first(k: str) -> str:
        ids = sorted(p.stem for p in (facts_dir / k).glob("*.yaml")
                     if id_problem(p.stem) is None) if (facts_dir / k).is_dir() else []
        return ids[0] if ids else f"todo-{KINDS[k].singular}"

    schema = f"# yaml-language-server: $schema=../../docs/schemas/{kind}.schema.json\n"
    text = schema + _TEMPLATES[kind].format(
        today=dt.date.today().isoformat(), actor=first("actors"), source=first("sources"),
        place=first("places"), event=first("events"),
    )
    return path, text

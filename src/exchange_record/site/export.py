"""The record as data: JSON with references resolved and statuses derived, CSV
tables, and a Frictionless Data Package (`datapackage.json`) that describes them.

`exchange-record export --out DIR` and the site's `data/` folder hold the same
bytes; the JSON Schemas of the fact files sit beside them. Every path in
`datapackage.json` is relative to the folder holding it, so the package works
in both places and in a release archive.

Each CSV table is described once (`Table`): its columns, their Table Schema
types, keys and the value of each cell. The header, the rows and the package's
schema all come from that one description, so they cannot drift apart.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import json
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from .. import __version__
from ..record.build import Record
from ..record.compare import STATUSES
from ..record.kinds import FOLDERS, KINDS
from ..record.load import LoadedFact
from ..record.models import ID_MAX, Actor, Citation, Event, Figure, Place, Reading, Source
from ..record.schema import REPOSITORY, SITE, dump, schemas

#: the CSV tables, in the order the package lists them
TABLES = ("figures", "events", "citations", "sources", "actors", "places")
DATA_FILES = ("record.json", *(f"{name}.csv" for name in TABLES), "datapackage.json")

TITLE = "Exchange record: 2025 Russia–Ukraine exchanges of soldiers' remains and prisoners of war"
ABOUT = ("exchange-record: a source-attributed record of the 2025 Russia-Ukraine exchanges "
         "of soldiers' remains and prisoners of war")


def _ref(record: Record, fid: str | None) -> dict[str, Any] | None:
    if fid is None:
        return None
    fact = record.index.get(fid)
    out: dict[str, Any] = {"id": fid, "kind": fact.kind if fact else None,
                           "label": fact.model.label() if fact else None}
    if fact is not None and fact.kind == "actors":
        out["side"] = fact.actor.side
    return out


def _with_ref(record: Record, item: Any) -> Any:
    """`{actor: id, role: …}` with the actor resolved like a plain reference."""
    if isinstance(item, dict) and isinstance(item.get("actor"), str):
        return {**item, "actor": _ref(record, item["actor"])}
    return item


def _resolved(record: Record, fact: LoadedFact) -> dict[str, Any]:
    data = fact.model.model_dump(mode="json", by_alias=True, exclude_none=True)
    data["id"] = fact.id
    data["kind_of_fact"] = KINDS[fact.kind].singular
    data["page"] = f"{fact.kind}/{fact.id}/"
    for name in type(fact.model).REFS:  # each field once: a long list is resolved once
        if name == "sources":
            continue
        value = data.get(name)
        if isinstance(value, list):
            data[name] = [_ref(record, v) if isinstance(v, str) else _with_ref(record, v) for v in value]
        elif isinstance(value, str):
            data[name] = _ref(record, value)
    if isinstance(fact.model, (Event, Figure)):
        data["sources"] = [{"source": _ref(record, c.source),
                            **c.model_dump(mode="json", exclude={"source"}, exclude_none=True)}
                           for c in fact.model.citations]
    if isinstance(fact.model, Figure):
        data["status"] = record.status[fact.id]
        data["status_by"] = list(record.status_by.get(fact.id, ()))
        data["primary_not_seen"] = fact.id in record.primary_not_seen
        data["readings"] = [r.model_dump(mode="json") for r in fact.model.readings]
        data["as_of_precision"] = fact.model.as_of.precision
    if isinstance(fact.model, Event):
        data["date_precision"] = fact.model.span.start.precision
        data["readings"] = [r.model_dump(mode="json") for r in fact.model.readings]
    return data


def _head() -> dict[str, Any]:
    return {
        "about": ABOUT,
        "generator": f"exchange-record {__version__}",
        "statuses": ("derived for each figure: contested, confirmed, uncorroborated or single-claimant "
                     "(status_by lists the figures that make it so); primary_not_seen when no source "
                     "of the figure has an address; see the methodology page"),
    }


def _disagreements(record: Record) -> list[dict[str, Any]]:
    return [{"measure": d.measure, "rule": d.rule, "figures": [d.first, d.second]}
            for d in record.disagreements]


def record_document(record: Record) -> dict[str, Any]:
    """What `record.json` holds."""
    doc = _head()
    for kind in FOLDERS:
        doc[kind] = [_resolved(record, f) for f in record.by_kind[kind]]
    doc["disagreements"] = _disagreements(record)
    return doc


class _Kept:
    """Each fact's text in one data file (its entry in record.json, its rows of a
    table) from the last call in this process, made again only where it may differ:
    where the fact's model is another object (`FactCache` hands back the very
    object while the file is unchanged), where what it shows besides its model
    (`depends`: its status, a relay chain) changed, or where a fact it refers to
    changed its kind, label or side (what a resolved reference shows). The file's
    bytes are always those made from scratch (tests/test_datapackage.py): at 10,000
    facts, making them from scratch was 0.44 s in each language's process on every
    `mkdocs serve` rebuild."""

    def __init__(self) -> None:
        #: by fact id: (model, kind, what it depends on, text); the ids it refers to are
        #: the model's (`LoadedFact.refs`), not held again here
        self.texts: dict[str, tuple[Any, str, tuple[Any, ...], str]] = {}
        self.labels: _Labels = {}

    def texts_of(self, record: Record, facts: Iterable[LoadedFact],
                 depends: Callable[[LoadedFact], tuple[Any, ...]],
                 make: Callable[[LoadedFact, tuple[Any, ...]], str]) -> list[str]:
        """Each fact's text, in order: `make(fact, depends(fact))` or the same kept."""
        labels = _labels(record)
        last = self.labels
        renamed = _renamed(last, labels)
        texts: dict[str, tuple[Any, str, tuple[Any, ...], str]] = {}
        out = []
        for f in facts:
            now = depends(f)
            kept = self.texts.get(f.id)
            if (kept is None or kept[0] is not f.model or kept[1] != f.kind or kept[2] != now
                    or (renamed and any(target in renamed for _loc, _kind, target in f.refs))):
                kept = (f.model, f.kind, now, make(f, now))
            texts[f.id] = kept
            out.append(kept[3])
        self.texts, self.labels = texts, labels
        return out


#: fact id -> what a reference to it resolves to: kind, label, an actor's side
_Labels = dict[str, tuple[str, str, str | None]]
_LABELS: tuple[Record | None, _Labels] = (None, {})


def _labels(record: Record) -> _Labels:
    """What a reference to each fact resolves to (`_ref`): its kind, label and, for an
    actor, side; worked out once a record."""
    global _LABELS
    if _LABELS[0] is not record:
        _LABELS = (record, {fid: (f.kind, f.model.label(), f.actor.side if f.kind == "actors" else None)
                            for fid, f in record.index.items()})
    return _LABELS[1]


_RENAMED: tuple[_Labels, _Labels, set[str]] = ({}, {}, set())


def _renamed(last: _Labels, labels: _Labels) -> set[str]:
    """The facts whose reference resolves to something else in `labels` than in `last`;
    worked out once for every table (each `_Kept` holds the same last labels: they
    were 0.16 s of each rebuild at 10,000 facts, seven tables)."""
    global _RENAMED
    if _RENAMED[0] is not last or _RENAMED[1] is not labels:
        changed = {fid for fid in labels.keys() | last.keys() if labels.get(fid) != last.get(fid)}
        _RENAMED = (last, labels, changed)
    return _RENAMED[2]


def _derived(record: Record, fact: LoadedFact) -> tuple[Any, ...]:
    """What record.json shows of a fact besides its model and its references: a figure's
    derived status."""
    if fact.kind != "figures":
        return ()
    return (record.status[fact.id], record.status_by.get(fact.id, ()), fact.id in record.primary_not_seen)


_JSON = _Kept()


def record_json(record: Record) -> str:
    """`record_document` as JSON, indented by two spaces, in the order it holds: the
    bytes of `json.dumps(record_document(record), ensure_ascii=False, indent=2)` and a
    newline (tests/test_datapackage.py), each fact's entry made again only where it
    may have changed since the last call (`_Kept`)."""
    parts = [f"{_dumps(key)}: {_dumps(value)}" for key, value in _head().items()]
    facts = [f for kind in FOLDERS for f in record.by_kind[kind]]
    # a list's item, two levels in: four spaces more on each line after the first
    texts = iter(_JSON.texts_of(record, facts, lambda f: _derived(record, f), lambda f, now: json.dumps(
        _resolved(record, f), ensure_ascii=False, indent=2).replace("\n", "\n    ")))
    for kind in FOLDERS:
        entries = [next(texts) for _ in record.by_kind[kind]]
        listed = "[\n    " + ",\n    ".join(entries) + "\n  ]" if entries else "[]"
        parts.append(f"{_dumps(kind)}: {listed}")
    parts.append(f"{_dumps('disagreements')}: "
                 + json.dumps(_disagreements(record), ensure_ascii=False, indent=2).replace("\n", "\n  "))
    return "{\n  " + ",\n  ".join(parts) + "\n}\n"


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


# --- CSV cells ------------------------------------------------------------------------

#: a text cell starting so is a formula to a spreadsheet (OWASP "CSV injection")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

#: said wherever such a cell may be: in the package and in each table's description
APOSTROPHE = ("A text cell that would start with =, +, - or @ is written with a leading apostrophe "
              "(') so that spreadsheets show it as text and never run it as a formula: remove that "
              "one apostrophe to get the text as the record holds it (record.json holds it unchanged). "
              "Only free-text columns can carry it: ids, dates, numbers (a negative longitude too) and "
              "the values of fixed lists are written as they are.")


def cell(value: Any) -> Any:
    """A CSV cell: text that a spreadsheet would run as a formula gets a leading `'`,
    which spreadsheets show as text; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv(header: list[str], rows: Iterable[list[Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([cell(v) for v in row] for row in rows)
    return buf.getvalue()


class _Lines:
    """Rows as CSV lines, written as `_csv` writes them (a row's line does not depend
    on the rows around it)."""

    def __init__(self) -> None:
        self.buf = io.StringIO()
        self.writer = csv.writer(self.buf, lineterminator="\n")

    def __call__(self, rows: list[list[Any]]) -> str:
        self.writer.writerows([cell(v) for v in row] for row in rows)
        text = self.buf.getvalue()
        self.buf.seek(0)
        self.buf.truncate()
        return text


#: how the CSV files are written (Python's `csv` defaults, `\n` line ends), as a Table Dialect
DIALECT = {"header": True, "delimiter": ",", "lineTerminator": "\n", "quoteChar": '"',
           "doubleQuote": True}


def _source_ids(citations: list[Citation]) -> str:
    return ";".join(dict.fromkeys(c.source for c in citations))


def _readings(readings: list[Reading]) -> str:
    """`direction: because …; scope: because …` (the full texts are in record.json)."""
    return "; ".join(f"{r.of}: {r.because}" for r in readings)


def relay_chain(record: Record, source: str) -> list[str]:
    """The sources `source` cites, then those they cite, and so on: nearest first,
    each once (a cycle is an error elsewhere and ends the walk here)."""
    out: dict[str, None] = {}
    queue = deque([source])
    while queue:
        fact = record.index.get(queue.popleft())
        if fact is None or not isinstance(fact.model, Source):
            continue
        for cited in fact.model.cites:
            if cited != source and cited not in out:
                out[cited] = None
                queue.append(cited)
    return list(out)


# --- the tables -----------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    """One CSV column and its Table Schema field."""

    name: str
    description: str
    type: str = "string"
    constraints: dict[str, Any] = field(default_factory=dict)
    format: str | None = None

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"name": self.name, "type": self.type, "description": self.description}
        if self.format:
            out["format"] = self.format
        if self.constraints:
            out["constraints"] = self.constraints
        return out


#: a table's rows of one fact, given what they show besides the fact's model and
#: references (`Table.depends`)
Rows = Callable[[Record, LoadedFact, tuple[Any, ...]], list[list[Any]]]


@dataclass(frozen=True)
class Table:
    """One CSV file: its columns, the facts it has rows for and the value of each cell
    per row, and its keys."""

    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    #: the kinds of fact whose rows it holds, in order
    kinds: tuple[str, ...]
    rows_of: Rows
    primary_key: tuple[str, ...] = ("id",)
    #: (column, table, column of that table)
    foreign_keys: tuple[tuple[str, str, str], ...] = ()
    #: what a fact's rows show besides its model and the kinds, labels and sides of the
    #: facts it refers to (a status, a relay chain): (record, fact, relay chains so far)
    depends: Callable[[Record, LoadedFact, dict[str, str]], tuple[Any, ...]] = lambda r, f, chains: ()

    @property
    def path(self) -> str:
        return f"{self.name}.csv"

    def facts(self, record: Record) -> list[LoadedFact]:
        return [f for kind in self.kinds for f in record.by_kind[kind]]

    def rows(self, record: Record) -> Iterable[list[Any]]:
        """Every row, made from scratch."""
        chains: dict[str, str] = {}
        for f in self.facts(record):
            yield from self.rows_of(record, f, self.depends(record, f, chains))

    def csv(self, record: Record) -> str:
        """The file: its header, then each fact's rows, kept from the last call where
        they may not have changed (`_Kept`)."""
        chains: dict[str, str] = {}
        lines = _Lines()
        kept = _TABLE_LINES.setdefault(self.name, _Kept())
        texts = kept.texts_of(record, self.facts(record), lambda f: self.depends(record, f, chains),
                              lambda f, now: lines(self.rows_of(record, f, now)))
        return lines([[c.name for c in self.columns]]) + "".join(texts)

    def schema(self) -> dict[str, Any]:
        return {
            "fields": [c.schema() for c in self.columns],
            "missingValues": [""],
            "primaryKey": list(self.primary_key),
            "foreignKeys": [{"fields": [col], "reference": {"resource": table, "fields": [ref]}}
                            for col, table, ref in self.foreign_keys],
        }


#: each table's rows by fact, from the last call in this process
_TABLE_LINES: dict[str, _Kept] = {}


_ID = r"[a-z0-9]+(-[a-z0-9]+)*"
_DATE = r"\d{4}(-\d{2}(-\d{2})?)?"
_PRECISIONS = ["year", "month", "day"]


def _choices(model: type[BaseModel], name: str) -> list[str]:
    """The values a `Literal` field allows, from the model: the schema never lags behind it."""
    out: list[str] = []

    def walk(t: Any) -> None:
        if get_origin(t) is Literal:
            out.extend(str(a) for a in get_args(t))
        else:
            for a in get_args(t):
                walk(a)
    walk(model.model_fields[name].annotation)
    return out


def _id() -> Column:
    return Column("id", "The fact's id: its file name without .yaml, unique across all kinds; the "
                  "primary key.", constraints={"required": True, "unique": True, "pattern": _ID,
                                               "maxLength": ID_MAX})


def _ref_col(name: str, what: str, required: bool = False) -> Column:
    constraints: dict[str, Any] = {"pattern": _ID, "maxLength": ID_MAX}
    if required:
        constraints["required"] = True
    return Column(name, what, constraints=constraints)


def _ids(name: str, what: str) -> Column:
    return Column(name, what + " Ids separated by `;`; empty if none.",
                  constraints={"pattern": f"({_ID}(;{_ID})*)?"})


def _enum(name: str, what: str, values: list[str], required: bool = False) -> Column:
    constraints: dict[str, Any] = {"enum": values}
    if required:
        constraints["required"] = True
    return Column(name, what, constraints=constraints)


def _date(name: str, what: str, required: bool = False) -> Column:
    constraints: dict[str, Any] = {"pattern": _DATE}
    if required:
        constraints["required"] = True
    return Column(name, what + " YYYY, YYYY-MM or YYYY-MM-DD: the precision the sources give, "
                  "never padded (2025-06 is June 2025, not 1 June).", constraints=constraints)


def _text(name: str, what: str, required: bool = False) -> Column:
    return Column(name, what, constraints={"required": True} if required else {})


_READINGS = ("Where the record chose a reading the source does not force: `what: because …`, "
             "separated by `; ` (full texts in record.json).")
_RELAY = ("The sources the cited source cites, then those they cite, and so on (transitively), "
          "nearest first: the chain through which the words reached the cited source.")


def _figure_rows(record: Record, f: LoadedFact, now: tuple[Any, ...]) -> list[list[Any]]:
    m = f.figure
    claimant = record.index.get(m.claimed_by)
    status, status_by, not_seen = now
    return [[f.id, m.title, m.measure, m.value, m.low, m.high, m.qualifier, m.unit, m.scope,
             str(m.as_of), m.as_of.precision, m.from_, m.to, m.event, m.claimed_by,
             claimant.model.label() if claimant else "", record.side(m.claimed_by),
             _source_ids(m.citations), status, ";".join(status_by), "true" if not_seen else "false",
             _readings(m.readings), m.notes]]


def _event_figures(record: Record, f: LoadedFact, chains: dict[str, str]) -> tuple[Any, ...]:
    return (";".join(x.id for x in record.pointing_at(f.id, "figures", "event")),)


def _event_rows(record: Record, f: LoadedFact, now: tuple[Any, ...]) -> list[list[Any]]:
    m = f.event
    span = m.span
    return [[f.id, m.title, str(span.start), str(span.end) if span.end else "",
             span.start.precision, m.kind, ";".join(m.places), ";".join(m.actor_ids),
             _source_ids(m.citations), now[0], _readings(m.readings)]]


def _chain(record: Record, source: str, chains: dict[str, str]) -> str:
    if source not in chains:
        chains[source] = ";".join(relay_chain(record, source))
    return chains[source]


def _cited_chains(record: Record, f: LoadedFact, chains: dict[str, str]) -> tuple[Any, ...]:
    m = f.model
    assert isinstance(m, (Event, Figure))
    return tuple(_chain(record, c.source, chains) for c in m.citations)


def _citation_rows(record: Record, f: LoadedFact, now: tuple[Any, ...]) -> list[list[Any]]:
    m = f.model
    assert isinstance(m, (Event, Figure))
    singular = KINDS[f.kind].singular
    return [[f.id, singular, n, f.id if f.kind == "events" else None,
             f.id if f.kind == "figures" else None, c.source, c.quote, c.language,
             c.translation, c.translated_by, c.locator, _readings(c.readings), chain]
            for n, (c, chain) in enumerate(zip(m.citations, now, strict=True), start=1)]


def _own_chain(record: Record, f: LoadedFact, chains: dict[str, str]) -> tuple[Any, ...]:
    return (_chain(record, f.id, chains),)


def _source_rows(record: Record, f: LoadedFact, now: tuple[Any, ...]) -> list[list[Any]]:
    m = f.source
    publisher = record.index.get(m.publisher) if m.publisher else None
    return [[f.id, m.title, m.kind, str(m.published), m.published.precision, m.publisher,
             publisher.model.label() if publisher else None, m.url, m.archive_url,
             str(m.accessed) if m.accessed else None, m.unavailable, m.language,
             ";".join(m.cites), now[0], m.notes]]


def _actor_rows(record: Record, f: LoadedFact, now: tuple[Any, ...]) -> list[list[Any]]:
    m = f.actor
    return [[f.id, m.name, m.kind, m.side, m.description, ";".join(m.member_of)]]


def _place_rows(record: Record, f: LoadedFact, now: tuple[Any, ...]) -> list[list[Any]]:
    m = f.place
    return [[f.id, m.name, m.kind, m.country, m.within, m.lat, m.lon]]


def _status(record: Record, f: LoadedFact, chains: dict[str, str]) -> tuple[Any, ...]:
    return _derived(record, f)


_SIDES = _choices(Actor, "side")

FIGURES = Table(
    "figures", "Figures",
    "One row per figure: one number as one claimant stated it, with its date, direction, claimant, "
    "sources and derived status. Figures of one measure are compared, never merged.",
    (
        _id(),
        _text("title", "The figure's title.", required=True),
        Column("measure", "What is counted, e.g. remains-to-ukraine; figures of one measure are compared.",
               constraints={"required": True, "pattern": _ID, "maxLength": ID_MAX}),
        Column("value", "The number, when one was given (else low and high).", "integer",
               {"minimum": 0}),
        Column("low", "The lower bound, when a range was given.", "integer", {"minimum": 0}),
        Column("high", "The upper bound, when a range was given.", "integer", {"minimum": 0}),
        _enum("qualifier", "How the number was stated.", _choices(Figure, "qualifier"), required=True),
        _enum("unit", "What one is.", _choices(Figure, "unit"), required=True),
        _enum("scope", "event: in one event; cumulative: a running total; commitment: promised.",
              _choices(Figure, "scope"), required=True),
        _date("as_of", "The date the figure speaks of.", required=True),
        _enum("as_of_precision", "The precision of as_of.", _PRECISIONS, required=True),
        _enum("from", "The side handing over, if stated.", _choices(Figure, "from_")),
        _enum("to", "The side receiving, if stated.", _choices(Figure, "to")),
        _ref_col("event", "The event the figure is about (events.csv), if any."),
        _ref_col("claimed_by", "Who stated the figure (actors.csv).", required=True),
        _text("claimant", "The claimant's name."),
        _enum("claimant_side", "The claimant's side.", _SIDES, required=True),
        _ids("sources", "The sources that report the figure (sources.csv; each citation, with its "
                        "quote, is a row of citations.csv)."),
        _enum("status", "Derived by comparing the figures of one measure (see the methodology page).",
              list(STATUSES), required=True),
        _ids("status_by", "The figures that make the status: those that contest, confirm or match it."),
        Column("primary_not_seen", "true when none of the figure's sources has an address (url or "
                                   "archive_url) a reader could check.", "boolean",
               {"required": True}),
        _text("readings", _READINGS),
        _text("notes", "Notes on the figure."),
    ),
    ("figures",), _figure_rows,
    foreign_keys=(("event", "events", "id"), ("claimed_by", "actors", "id")),
    depends=_status,
)

EVENTS = Table(
    "events", "Events",
    "One row per event: something that happened on a date, as reported by at least one source.",
    (
        _id(),
        _text("title", "The event's title.", required=True),
        _date("date", "When it happened (the start of a range).", required=True),
        _date("date_end", "The end, when the date is a range; empty otherwise."),
        _enum("date_precision", "The precision of date.", _PRECISIONS, required=True),
        _enum("kind", "What kind of event.", _choices(Event, "kind"), required=True),
        _ids("places", "Where (places.csv)."),
        _ids("actors", "Who took part (actors.csv); their roles are in record.json."),
        _ids("sources", "The sources that report the event (sources.csv; each citation is a row of "
                        "citations.csv)."),
        _ids("figures", "The figures about this event (figures.csv)."),
        _text("readings", _READINGS),
    ),
    ("events",), _event_rows,
    depends=_event_figures,
)

CITATIONS = Table(
    "citations", "Citations",
    "One row per citation of a source by an event or a figure: which source, the words it uses "
    "(quote, in the source's language, and its English translation), where in the source, and the "
    "relay chain: the sources the cited source itself relies on.",
    (
        _ref_col("fact", "The event or figure citing the source.", required=True),
        _enum("fact_kind", "Whether fact is an event or a figure.", ["event", "figure"], required=True),
        Column("position", "The citation's place among the fact's sources, from 1.", "integer",
               {"required": True, "minimum": 1}),
        _ref_col("event", "fact, when it is an event (events.csv); empty otherwise."),
        _ref_col("figure", "fact, when it is a figure (figures.csv); empty otherwise."),
        _ref_col("source", "The cited source (sources.csv).", required=True),
        _text("quote", "The source's words, in its language (language, or else the source's)."),
        _text("language", "The quote's language (BCP 47), when it is not the source's."),
        _text("translation", "The quote in English, when it is not."),
        _text("translated_by", "Who translated the quote."),
        _text("locator", "Where in the source: paragraph, timestamp, page."),
        _text("readings", _READINGS),
        _ids("relay_chain", _RELAY),
    ),
    ("figures", "events"), _citation_rows,
    primary_key=("fact", "position"),
    depends=_cited_chains,
    foreign_keys=(("event", "events", "id"), ("figure", "figures", "id"), ("source", "sources", "id")),
)

SOURCES = Table(
    "sources", "Sources",
    "One row per source: a statement, a channel post, an agency report, an article or a video, with "
    "its addresses and the sources it relies on.",
    (
        _id(),
        _text("title", "The source's title, as published.", required=True),
        _enum("kind", "What kind of source.", _choices(Source, "kind"), required=True),
        _date("published", "When it was published.", required=True),
        _enum("published_precision", "The precision of published.", _PRECISIONS, required=True),
        _ref_col("publisher", "Who published it (actors.csv), if known."),
        _text("publisher_name", "The publisher's name."),
        Column("url", "Its address.", format="uri"),
        Column("archive_url", "An archived copy.", format="uri"),
        _date("accessed", "When the address was last read for the record."),
        _text("unavailable", "Why there is neither url nor archive_url."),
        _text("language", "The source's language (BCP 47), if given."),
        _ids("cites", "The sources this one relies on directly (sources.csv)."),
        _ids("relay_chain", "The sources this one relies on, directly or through others, nearest first."),
        _text("notes", "Notes on the source."),
    ),
    ("sources",), _source_rows,
    foreign_keys=(("publisher", "actors", "id"),),
    depends=_own_chain,
)

ACTORS = Table(
    "actors", "Actors",
    "One row per actor: a state, body, official, delegation, organisation, outlet or unnamed source.",
    (
        _id(),
        _text("name", "The actor's name.", required=True),
        _enum("kind", "What kind of actor.", _choices(Actor, "kind"), required=True),
        _enum("side", "Which side the actor is on, if any.", _SIDES, required=True),
        _text("description", "Who the actor is."),
        _ids("member_of", "The actors this one belongs to (actors.csv)."),
    ),
    ("actors",), _actor_rows,
)

PLACES = Table(
    "places", "Places",
    "One row per place: a country, region, city or site.",
    (
        _id(),
        _text("name", "The place's name.", required=True),
        _enum("kind", "What kind of place.", _choices(Place, "kind"), required=True),
        Column("country", "ISO 3166-1 alpha-2 country code.", constraints={"pattern": "[A-Z]{2}"}),
        _ref_col("within", "The place this one lies in (places.csv)."),
        Column("lat", "Latitude, WGS 84 degrees.", "number", {"minimum": -90, "maximum": 90}),
        Column("lon", "Longitude, WGS 84 degrees.", "number", {"minimum": -180, "maximum": 180}),
    ),
    ("places",), _place_rows,
    foreign_keys=(("within", "places", "id"),),
)

#: the tables by name, in the order the package lists them
BY_NAME = {t.name: t for t in (FIGURES, EVENTS, CITATIONS, SOURCES, ACTORS, PLACES)}


def figures_csv(record: Record) -> str:
    return FIGURES.csv(record)


def events_csv(record: Record) -> str:
    return EVENTS.csv(record)


# --- the data package -----------------------------------------------------------------

LICENSE = {"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0 International",
           "path": "https://creativecommons.org/licenses/by/4.0/"}


def datapackage(tables: dict[str, bytes], record_json_bytes: bytes) -> dict[str, Any]:
    """The Data Package (v2) describing the tables (file name -> bytes) and record.json."""
    resources: list[dict[str, Any]] = []
    for name in TABLES:
        table = BY_NAME[name]
        content = tables[table.path]
        resources.append({
            "name": name, "type": "table", "path": table.path, "title": table.title,
            "description": f"{table.description} {APOSTROPHE}",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
            "bytes": len(content), "hash": "sha256:" + hashlib.sha256(content).hexdigest(),
            "dialect": DIALECT, "schema": table.schema(),
        })
    resources.append({
        "name": "record", "path": "record.json", "title": "The whole record",
        "description": ("Every fact with its references resolved (ids with labels and sides), the "
                        "derived statuses and the disagreements, as JSON; texts unchanged."),
        "format": "json", "mediatype": "application/json", "encoding": "utf-8",
        "bytes": len(record_json_bytes),
        "hash": "sha256:" + hashlib.sha256(record_json_bytes).hexdigest(),
    })
    return {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": "exchange-record",
        "title": TITLE,
        "description": (
            "A source-attributed record of the 2025 exchanges of soldiers' remains and prisoners of "
            "war between Russia and Ukraine: events, figures (each one number as one claimant stated "
            "it), the sources that report them with their quotes and relay chains, actors and places. "
            "Disagreeing figures are kept side by side, never merged. Dates keep the precision the "
            "sources give: 2025-06 is June 2025, never 1 June. Lists of ids in one cell are separated "
            "by `;`. " + APOSTROPHE + " The JSON Schemas of the fact files are in schemas/. Quotes "
            "and source titles remain their authors'; the licence grants no rights in them."),
        "version": __version__,
        "homepage": SITE,
        "repository": REPOSITORY,
        "licenses": [LICENSE],
        "contributors": [{"title": "exchange-record contributors", "path": REPOSITORY,
                          "roles": ["author"]}],
        "sources": [{"title": "The fact files (facts/) of the exchange-record repository",
                     "path": REPOSITORY}],
        "keywords": ["prisoners of war", "repatriation of remains", "Russia", "Ukraine", "2025",
                     "source attribution"],
        "resources": resources,
    }


def data_files(record: Record) -> dict[str, bytes]:
    """`data/…` and `schemas/…` paths -> bytes, as published with the site.

    `exchange-record export` writes the same files without the `data/` prefix;
    every path inside `datapackage.json` is relative, so it holds in both places.
    """
    record_bytes = record_json(record).encode("utf-8")
    tables = {BY_NAME[name].path: BY_NAME[name].csv(record).encode("utf-8") for name in TABLES}
    package = datapackage(tables, record_bytes)
    out = {"data/record.json": record_bytes}
    out.update({f"data/{path}": content for path, content in tables.items()})
    out["data/datapackage.json"] = (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    out.update(_schema_files())
    return out


@functools.cache
def _schema_files() -> dict[str, bytes]:
    """The schemas as published: made from the models, which a process never changes
    (making them was 0.05 s of each language's every `mkdocs serve` rebuild)."""
    return {f"data/schemas/{name}": dump(schema).encode("utf-8") for name, schema in schemas().items()}

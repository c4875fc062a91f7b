"""The record as data: JSON with references resolved and statuses derived, and CSV tables.

`exchange-record export --out DIR` and the site's `data/` folder hold the same
bytes; the JSON Schemas of the fact files sit beside them.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .. import __version__
from ..record.build import Record
from ..record.kinds import FOLDERS, KINDS
from ..record.load import LoadedFact
from ..record.models import Citation, Event, Figure, Reading
from ..record.schema import dump, schemas

DATA_FILES = ("record.json", "figures.csv", "events.csv")


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


def record_json(record: Record) -> str:
    doc: dict[str, Any] = {
        "about": "exchange-record: a source-attributed record of the 2025 Russia-Ukraine exchanges "
                 "of soldiers' remains and prisoners of war",
        "generator": f"exchange-record {__version__}",
        "statuses": ("derived for each figure: contested, confirmed, uncorroborated or single-claimant "
                     "(status_by lists the figures that make it so); primary_not_seen when no source "
                     "of the figure has an address; see the methodology page"),
    }
    for kind in FOLDERS:
        doc[kind] = [_resolved(record, f) for f in record.by_kind[kind]]
    doc["disagreements"] = [
        {"measure": d.measure, "rule": d.rule, "figures": [d.first, d.second]} for d in record.disagreements
    ]
    return json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


#: a text cell starting so is a formula to a spreadsheet (OWASP "CSV injection")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """A CSV cell: text that a spreadsheet would run as a formula gets a leading `'`,
    which spreadsheets show as text; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _csv(header: list[str], rows: list[list[Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([cell(v) for v in row] for row in rows)
    return buf.getvalue()


def _source_ids(citations: list[Citation]) -> str:
    return ";".join(dict.fromkeys(c.source for c in citations))


def _readings(readings: list[Reading]) -> str:
    """`direction: because …; scope: because …` (the full texts are in record.json)."""
    return "; ".join(f"{r.of}: {r.because}" for r in readings)


def figures_csv(record: Record) -> str:
    header = ["id", "title", "measure", "value", "low", "high", "qualifier", "unit", "scope", "as_of",
              "as_of_precision", "from", "to", "event", "claimed_by", "claimant", "claimant_side",
              "sources", "status", "status_by", "primary_not_seen", "readings", "notes"]
    rows = []
    for f in record.by_kind["figures"]:
        m = f.model
        assert isinstance(m, Figure)
        claimant = record.index.get(m.claimed_by)
        rows.append([f.id, m.title, m.measure, m.value, m.low, m.high, m.qualifier, m.unit, m.scope,
                     str(m.as_of), m.as_of.precision, m.from_, m.to, m.event, m.claimed_by,
                     claimant.model.label() if claimant else "", record.side(m.claimed_by),
                     _source_ids(m.citations), record.status[f.id],
                     ";".join(record.status_by.get(f.id, ())),
                     "true" if f.id in record.primary_not_seen else "false",
                     _readings(m.readings), m.notes])
    return _csv(header, rows)


def events_csv(record: Record) -> str:
    header = ["id", "title", "date", "date_end", "date_precision", "kind", "places", "actors",
              "sources", "figures", "readings"]
    rows = []
    for f in record.by_kind["events"]:
        m = f.model
        assert isinstance(m, Event)
        span = m.span
        figures = ";".join(x.id for x in record.pointing_at(f.id, "figures", "event"))
        rows.append([f.id, m.title, str(span.start), str(span.end) if span.end else "",
                     span.start.precision, m.kind, ";".join(m.places), ";".join(m.actor_ids),
                     _source_ids(m.citations), figures, _readings(m.readings)])
    return _csv(header, rows)


def data_files(record: Record) -> dict[str, bytes]:
    """`data/…` and `schemas/…` paths -> bytes, as published with the site."""
    out = {
        "data/record.json": record_json(record).encode("utf-8"),
        "data/figures.csv": figures_csv(record).encode("utf-8"),
        "data/events.csv": events_csv(record).encode("utf-8"),
    }
    for name, schema in schemas().items():
        out[f"data/schemas/{name}"] = dump(schema).encode("utf-8")
    return out

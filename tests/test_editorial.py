"""The record says what it chose: graded, derived confirmation, readings, sources a
reader can check (the record's half; the pages are in test_editorial_pages.py)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import write_facts
from exchange_record.record.build import build_record
from exchange_record.site.export import figures_csv, record_json

ACTORS = {
    "actors/ru-official.yaml": "name: RU official\nkind: official\nside: russia\n",
    "actors/ru-ministry.yaml": "name: RU ministry\nkind: government-body\nside: russia\n",
    "actors/ua-body.yaml": "name: UA body\nkind: government-body\nside: ukraine\n",
    "actors/icrc.yaml": "name: ICRC\nkind: organization\nside: third-party\n",
    "actors/anon-a.yaml": "name: Unnamed source A\nkind: unnamed-source\nside: unknown\n",
    "actors/anon-b.yaml": "name: Unnamed source B\nkind: unnamed-source\nside: unknown\n",
}
SOURCES = {
    "sources/agency.yaml": "title: Agency item\nkind: news-agency\npublished: 2025-06-13\nurl: https://a.example/1\n",
    "sources/channel.yaml": "title: Channel post\nkind: official-channel\npublished: 2025-06-13\n"
                            "unavailable: known only through the agency item\n",
    "sources/article.yaml": "title: Article\nkind: news-article\npublished: 2025-06-14\ncites: [agency]\n"
                            "url: https://b.example/2\n",
    "sources/other.yaml": "title: Other item\nkind: news-agency\npublished: 2025-06-13\nurl: https://c.example/3\n",
}


def figure(claimant: str, value: int, source: str = "agency", measure: str = "prisoners-to-ukraine",
           extra: str = "") -> str:
    return (f"title: {value} per {claimant}\nmeasure: {measure}\nvalue: {value}\nunit: bodies\nscope: event\n"
            f"as_of: 2025-06-13\nclaimed_by: {claimant}\nsources: [{source}]\n{extra}")


def record_of(tmp_path, figures: dict[str, str]):
    files = {**ACTORS, **SOURCES, **{f"figures/{k}.yaml": v for k, v in figures.items()}}
    root = write_facts(tmp_path / "facts", files)
    record, diagnostics = build_record(root)
    assert not [d for d in diagnostics if d.severity.value == "error"], [d.format_text() for d in diagnostics]
    return record


@pytest.mark.parametrize(("figures", "expected"), [
    # two sides agree: each confirms the other
    ({"a": figure("ru-official", 1200), "b": figure("ua-body", 1200, "other")},
     {"a": ("confirmed", ("b",)), "b": ("confirmed", ("a",))}),
    # a named third party confirms
    ({"a": figure("ru-official", 1200), "b": figure("icrc", 1200, "other")},
     {"a": ("confirmed", ("b",)), "b": ("confirmed", ("a",))}),
    # an unnamed source and a named claimant of a side: independent
    ({"a": figure("anon-a", 1200), "b": figure("ua-body", 1200, "other")},
     {"a": ("confirmed", ("b",)), "b": ("confirmed", ("a",))}),
    # the same side agreeing with itself confirms nothing
    ({"a": figure("ru-official", 1200), "b": figure("ru-ministry", 1200, "other")},
     {"a": ("uncorroborated", ("b",)), "b": ("uncorroborated", ("a",))}),
    # two unnamed sources could be one
    ({"a": figure("anon-a", 1200), "b": figure("anon-b", 1200, "other")},
     {"a": ("uncorroborated", ("b",)), "b": ("uncorroborated", ("a",))}),
    # an article that relays the agency item is not a second witness
    ({"a": figure("ru-official", 1200, "agency"), "b": figure("ua-body", 1200, "article")},
     {"a": ("uncorroborated", ("b",)), "b": ("uncorroborated", ("a",))}),
    # different numbers the same day: contested, naming who contests
    ({"a": figure("ru-official", 1200), "b": figure("ua-body", 900, "other")},
     {"a": ("contested", ("b",)), "b": ("contested", ("a",))}),
    # nothing matches: another measure
    ({"a": figure("ru-official", 1200), "b": figure("ua-body", 1200, "other", measure="prisoners-to-russia")},
     {"a": ("single-claimant", ()), "b": ("single-claimant", ())}),
    # a different direction is not a match
    ({"a": figure("ru-official", 1200, extra="from: russia\nto: ukraine\n"),
      "b": figure("ua-body", 1200, "other", extra="from: ukraine\nto: russia\n")},
     {"a": ("single-claimant", ()), "b": ("single-claimant", ())}),
    # a match that rests on the record's reading of the direction confirms nothing
    ({"a": figure("ru-official", 1200), "b": figure("ua-body", 1200, "other", extra=(
        "readings:\n  - of: direction\n    because: The article gives no direction.\n"))},
     {"a": ("uncorroborated", ("b",)), "b": ("uncorroborated", ("a",))}),
    # ... or of the date: figures match only on the same date, so a date the record gave
    # one (its source says "earlier talks") makes the match the record's
    ({"a": figure("ru-official", 1200), "b": figure("ua-body", 1200, "other", extra=(
        "readings:\n  - of: date\n    because: The article dates it to earlier talks.\n"))},
     {"a": ("uncorroborated", ("b",)), "b": ("uncorroborated", ("a",))}),
    # a scope reading does not: it says which tally a number that is more than one counts in
    ({"a": figure("ru-official", 1200), "b": figure("ua-body", 1200, "other", extra=(
        "readings:\n  - of: scope\n    because: The first handover's count is the total too.\n"))},
     {"a": ("confirmed", ("b",)), "b": ("confirmed", ("a",))}),
    # "more than 1,200" is 1,201 or more: the same day's 1,200 contests it, 1,250 confirms it
    ({"a": figure("ru-official", 1200, extra="qualifier: more-than\n"), "b": figure("ua-body", 1200, "other")},
     {"a": ("contested", ("b",)), "b": ("contested", ("a",))}),
    ({"a": figure("ru-official", 1200, extra="qualifier: more-than\n"), "b": figure("ua-body", 1250, "other")},
     {"a": ("confirmed", ("b",)), "b": ("confirmed", ("a",))}),
    # "at least 1,200" takes the 1,200 in; "fewer than 1,200" is 1,199 or less
    ({"a": figure("ru-official", 1200, extra="qualifier: at-least\n"), "b": figure("ua-body", 1200, "other")},
     {"a": ("confirmed", ("b",)), "b": ("confirmed", ("a",))}),
    ({"a": figure("ru-official", 1200, extra="qualifier: fewer-than\n"), "b": figure("ua-body", 1200, "other")},
     {"a": ("contested", ("b",)), "b": ("contested", ("a",))}),
    ({"a": figure("ru-official", 1200, extra="qualifier: fewer-than\n"), "b": figure("ua-body", 1199, "other")},
     {"a": ("confirmed", ("b",)), "b": ("confirmed", ("a",))}),
], ids=["two-sides", "third-party", "unnamed-and-named", "same-side", "two-unnamed", "relay",
        "contested", "other-measure", "other-direction", "read-direction", "read-date", "read-scope",
        "more-than-its-number", "more-than-above", "at-least-its-number", "fewer-than-its-number",
        "fewer-than-below"])
def test_every_status_is_derived_by_its_rule(tmp_path, figures, expected):
    record = record_of(tmp_path, figures)
    assert {fid: (record.status[fid], record.status_by[fid]) for fid in figures} == expected


def test_primary_not_seen_when_no_source_has_an_address(tmp_path):
    record = record_of(tmp_path, {"seen": figure("ru-official", 1, "agency"),
                                  "unseen": figure("ua-body", 2, "channel")})
    assert record.primary_not_seen == {"unseen"}


READING_KINDS = ["direction", "scope", "value", "date", "claimant", "place", "actor", "identity"]


def test_readings_of_every_kind_reach_record_json_and_csv(tmp_path):
    readings = "readings:\n" + "".join(f"  - of: {k}\n    because: The source's words force no {k}.\n"
                                       for k in READING_KINDS)
    record = record_of(tmp_path, {"read": figure("ru-official", 5, extra=readings)})
    data = json.loads(record_json(record))
    fig = next(f for f in data["figures"] if f["id"] == "read")
    assert [r["of"] for r in fig["readings"]] == READING_KINDS
    assert fig["status"] == "single-claimant" and fig["status_by"] == [] and fig["primary_not_seen"] is False
    row = next(r for r in csv.DictReader(io.StringIO(figures_csv(record))) if r["id"] == "read")
    assert row["readings"].startswith("direction: The source's words force no direction.")
    assert row["status"] == "single-claimant" and row["primary_not_seen"] == "false"


def test_readings_on_events_and_citations_and_roles_of_actors(tmp_path):
    root = write_facts(tmp_path / "facts", {**ACTORS, **SOURCES, "events/e.yaml": (
        "title: E\ndate: 2025-06\nkind: transfer\nsummary: S\n"
        "sources:\n  - source: channel\n    quote: Передали тіла.\n    language: uk\n"
        "    translation: The bodies were handed over.\n    translated_by: the record\n"
        "    readings:\n      - of: identity\n        because: The article names no channel.\n"
        "actors:\n  - ru-official\n  - {actor: ua-body, role: claimant}\n"
        "readings:\n  - of: date\n    because: Dated by the arrival the article gives.\n")})
    record, diagnostics = build_record(root)
    assert not [d for d in diagnostics if d.severity.value == "error"]
    event = record.get("e").event
    assert event.actor_ids == ["ru-official", "ua-body"] and event.role_of("ua-body") == "claimant"
    assert event.role_of("ru-official") is None
    citation = event.citations[0]
    assert (citation.language, citation.translation, citation.readings[0].of) == (
        "uk", "The bodies were handed over.", "identity")
    assert {b.id for b in record.backlinks["ua-body"]} == {"e"}  # a role entry still links back
    data = json.loads(record_json(record))
    out = next(e for e in data["events"] if e["id"] == "e")
    assert out["readings"][0]["of"] == "date"
    assert out["actors"][1] == {"actor": {"id": "ua-body", "kind": "actors", "label": "UA body", "side": "ukraine"},
                                "role": "claimant"}
    assert out["sources"][0]["translation"] == "The bodies were handed over."


@pytest.mark.parametrize(("text", "code"), [
    ("sources:\n  - source: agency\n    translation: No quote.\n", "translation-without-quote"),
    ("actors:\n  - {actor: ru-official, role: spokesman}\n", "invalid-value"),
    ("actors:\n  - {actor: nobody, role: claimant}\n", "dangling-reference"),
    ("readings:\n  - of: mood\n    because: x\n", "invalid-value"),
    ("readings:\n  - of: date\n", "missing-field"),
])
def test_bad_editorial_fields_are_diagnosed(tmp_path, text, code):
    base = "title: E\ndate: 2025-06-13\nkind: talks\nsummary: S\n"
    body = base + (text if text.startswith("sources") else "sources: [agency]\n" + text)
    root = write_facts(tmp_path / "facts", {**ACTORS, **SOURCES, "events/e.yaml": body})
    _record, diagnostics = build_record(root)
    assert code in {d.code for d in diagnostics if d.path.name == "e.yaml"}, [d.format_text() for d in diagnostics]


def test_a_source_without_address_must_say_why(tmp_path):
    root = write_facts(tmp_path / "facts", {"sources/bare.yaml": "title: Bare\nkind: video\npublished: 2025\n"})
    _record, diagnostics = build_record(root)
    warned = [(d.code, d.line, d.col) for d in diagnostics if d.path.name == "bare.yaml"]
    assert warned == [("source-without-address", 1, 1)]


def test_records_in_the_old_format_validate_unchanged(tmp_path):
    """No new field is required: plain actor ids, no readings, no roles, bare citations."""
    root = write_facts(tmp_path / "facts", {})  # the base record predates every new field but `url`
    _record, diagnostics = build_record(root)
    assert [d for d in diagnostics if d.severity.value != "note"] == []


def test_events_are_read_in_time(tmp_path):
    dated = {"events/day.yaml": "title: Day\ndate: 2025-06-13\n",
             "events/month.yaml": "title: Month\ndate: 2025-06\n",
             "events/range.yaml": "title: Range\ndate: {start: 2025-06-01, end: 2025-06-16}\n",
             "events/early.yaml": "title: Early\ndate: 2025-06-02\n",
             "events/july.yaml": "title: July\ndate: 2025-07-01\n"}
    files = {k: v + "kind: talks\nsummary: S\nsources: [agency]\n" for k, v in dated.items()}
    root = write_facts(tmp_path / "facts", {**SOURCES, **files})
    record, _ = build_record(root)
    # by the last day each could be; June (day not known) after every dated day of June
    assert [f.id for f in record.by_kind["events"]] == ["early", "day", "handover", "range", "month", "july"]

"""One bad fixture per rule: each asserts the diagnostic's code, line and column."""

from __future__ import annotations

from pathlib import Path

import pytest

from exchange_record.record.build import build_record
from exchange_record.record.diagnostics import Severity

FIG = (
    "title: Count\nmeasure: remains-to-ukraine\nvalue: 1200\nunit: bodies\n"
    "scope: event\nas_of: 2025-06-13\nclaimed_by: claimant-ru\nsources: [report-one]\n"
)


def fig(**changes: str) -> str:
    """FIG with some lines replaced: fig(value='value: -1')."""
    lines = FIG.splitlines()
    out = []
    for line in lines:
        key = line.split(":", 1)[0]
        out.append(changes.pop(key) if key in changes else line)
    out.extend(changes.values())
    return "\n".join(x for x in out if x) + "\n"


# (case id, files to write, file, code, line, col)
CASES: list[tuple[str, dict[str, str | bytes], str, str, int, int]] = [
    ("yaml-syntax", {"actors/x.yaml": "name: [unclosed\nkind: state\n"},
     "actors/x.yaml", "yaml-syntax", 2, 5),
    ("yaml-syntax-indent", {"actors/x.yaml": "name: A\n  kind: state\n"},
     "actors/x.yaml", "yaml-syntax", 2, 7),
    ("empty-file", {"actors/x.yaml": ""}, "actors/x.yaml", "empty-file", 1, 1),
    ("only-comments", {"actors/x.yaml": "# nothing here\n"}, "actors/x.yaml", "empty-file", 1, 1),
    ("not-a-mapping", {"actors/x.yaml": "- a\n- b\n"}, "actors/x.yaml", "not-a-mapping", 1, 1),
    ("scalar-document", {"actors/x.yaml": "just text\n"}, "actors/x.yaml", "not-a-mapping", 1, 1),
    ("not-utf8", {"actors/x.yaml": b"name: A\nkind: st\xe4te\n"}, "actors/x.yaml", "not-utf8", 2, 9),
    ("too-large", {"actors/x.yaml": "name: A\n" + "# padding\n" * 110_000},
     "actors/x.yaml", "file-too-large", 1, 1),
    ("nul-byte", {"actors/x.yaml": "name: A\x00\n"}, "actors/x.yaml", "nul-byte", 1, 8),
    ("duplicate-key", {"actors/x.yaml": "name: A\nkind: state\nside: russia\nname: B\n"},
     "actors/x.yaml", "duplicate-key", 4, 1),
    ("duplicate-key-nested", {"figures/count-ru.yaml": fig(
        sources="sources:\n  - source: report-one\n    quote: a\n    quote: b")},
     "figures/count-ru.yaml", "duplicate-key", 11, 5),
    ("alias-bomb", {"actors/x.yaml": "".join(
        [f"l{i}: &l{i} [*l{i - 1}, *l{i - 1}, *l{i - 1}]\n" if i else "l0: &l0 [a, a]\n"
         for i in range(10)])}, "actors/x.yaml", "too-many-aliases", 7, 15),
    ("multiple-documents", {"actors/x.yaml": "name: A\nkind: state\nside: russia\n---\nname: B\n"},
     "actors/x.yaml", "multiple-documents", 4, 1),
    ("wrong-type-text", {"actors/x.yaml": "name: 123\nkind: state\nside: russia\n"},
     "actors/x.yaml", "wrong-type", 1, 7),
    ("wrong-type-list", {"events/handover.yaml": (
        "title: H\ndate: 2025-06-13\nkind: transfer\nsummary: S\nsources: report-one\n")},
     "events/handover.yaml", "wrong-type", 5, 10),
    ("wrong-type-mapping", {"places/x.yaml": "name: X\nkind: city\nlat: [1]\nlon: 2\n"},
     "places/x.yaml", "wrong-type", 3, 6),
    ("empty-value", {"actors/x.yaml": "name:\nkind: state\nside: russia\n"},
     "actors/x.yaml", "empty-value", 1, 6),
    ("missing-field", {"actors/x.yaml": "name: A\nside: russia\n"},
     "actors/x.yaml", "missing-field", 1, 1),
    ("missing-field-nested", {"figures/count-ru.yaml": fig(
        sources="sources:\n  - quote: words")}, "figures/count-ru.yaml", "missing-field", 9, 5),
    ("unknown-field", {"actors/x.yaml": "name: A\nkind: state\nside: russia\nsidee: x\n"},
     "actors/x.yaml", "unknown-field", 4, 1),
    ("unknown-field-nested", {"figures/count-ru.yaml": fig(
        sources="sources:\n  - source: report-one\n    qoute: words")},
     "figures/count-ru.yaml", "unknown-field", 10, 5),
    ("invalid-enum", {"actors/x.yaml": "name: A\nkind: stat\nside: russia\n"},
     "actors/x.yaml", "invalid-value", 2, 7),
    ("yaml11-boolean-trap-on-enum", {"actors/x.yaml": "name: A\nkind: state\nside: yes\n"},
     "actors/x.yaml", "invalid-value", 3, 7),
    ("yaml-1.2-boolean-is-not-text", {"actors/x.yaml": "name: true\nkind: state\nside: russia\n"},
     "actors/x.yaml", "wrong-type", 1, 7),
    ("number-as-text-quoted", {"figures/count-ru.yaml": fig(value='value: "1,212"')},
     "figures/count-ru.yaml", "number-as-text", 3, 8),
    ("number-as-text-plain", {"figures/count-ru.yaml": fig(value="value: 1,212")},
     "figures/count-ru.yaml", "number-as-text", 3, 8),
    ("decimal-count", {"figures/count-ru.yaml": fig(value="value: 12.5")},
     "figures/count-ru.yaml", "wrong-type", 3, 8),
    ("impossible-date", {"figures/count-ru.yaml": fig(as_of="as_of: 2025-02-30")},
     "figures/count-ru.yaml", "invalid-date", 6, 8),
    ("bad-month", {"sources/report-one.yaml": "title: R\nkind: video\npublished: 2025-13\n"},
     "sources/report-one.yaml", "invalid-date", 3, 12),
    ("date-out-of-range", {"sources/report-one.yaml": "title: R\nkind: video\npublished: 1025\n"},
     "sources/report-one.yaml", "invalid-date", 3, 12),
    ("date-bad-shape", {"sources/report-one.yaml": "title: R\nkind: video\npublished: 13/06/2025\n"},
     "sources/report-one.yaml", "invalid-date", 3, 12),
    ("range-order", {"events/handover.yaml": (
        "title: H\ndate:\n  start: 2025-06-13\n  end: 2025-06-02\nkind: transfer\n"
        "summary: S\nsources: [report-one]\n")}, "events/handover.yaml", "range-order", 4, 8),
    ("low-above-high", {"figures/count-ru.yaml": fig(value="low: 1300\nhigh: 1200")},
     "figures/count-ru.yaml", "low-above-high", 3, 6),
    ("range-incomplete", {"figures/count-ru.yaml": fig(value="low: 1300")},
     "figures/count-ru.yaml", "value-or-range", 3, 6),
    ("value-and-range", {"figures/count-ru.yaml": fig(value="value: 3\nlow: 1\nhigh: 4")},
     "figures/count-ru.yaml", "value-or-range", 4, 6),
    ("negative-count", {"figures/count-ru.yaml": fig(value="value: -27")},
     "figures/count-ru.yaml", "negative-count", 3, 8),
    ("huge-count", {"figures/count-ru.yaml": fig(value="value: 99999999999999")},
     "figures/count-ru.yaml", "out-of-range", 3, 8),
    ("absurd-integer", {"figures/count-ru.yaml": fig(value="value: " + "9" * 5000)},
     "figures/count-ru.yaml", "number-too-large", 3, 8),
    ("same-side", {"figures/count-ru.yaml": fig(scope="scope: event\nfrom: russia\nto: russia")},
     "figures/count-ru.yaml", "same-side", 7, 5),
    ("javascript-url", {"sources/report-one.yaml": (
        "title: R\nkind: video\npublished: 2025\nurl: javascript:alert(1)\n")},
     "sources/report-one.yaml", "bad-url", 4, 6),
    ("file-url", {"sources/report-one.yaml": (
        "title: R\nkind: video\npublished: 2025\narchive_url: file:///etc/passwd\n")},
     "sources/report-one.yaml", "bad-url", 4, 14),
    ("bad-language", {"sources/report-one.yaml": (
        "title: R\nkind: video\npublished: 2025\nlanguage: xx-nonsense-tag\n")},
     "sources/report-one.yaml", "bad-language", 4, 11),
    ("bad-country", {"places/country-x.yaml": "name: X\nkind: country\ncountry: ZZ\n"},
     "places/country-x.yaml", "bad-country", 3, 10),
    ("lat-out-of-range", {"places/x.yaml": "name: X\nkind: site\nlat: 95\nlon: 10\n"},
     "places/x.yaml", "out-of-range", 3, 6),
    ("lat-without-lon", {"places/x.yaml": "name: X\nkind: site\nlat: 45\n"},
     "places/x.yaml", "coordinates-pair", 3, 6),
    ("bad-file-id-uppercase", {"actors/Medinsky.yaml": "name: A\nkind: official\nside: russia\n"},
     "actors/Medinsky.yaml", "bad-id", 1, 1),
    ("bad-file-id-double-hyphen", {"actors/a--b.yaml": "name: A\nkind: official\nside: russia\n"},
     "actors/a--b.yaml", "bad-id", 1, 1),
    ("bad-file-id-lookalike", {"actors/\u0430ctor.yaml": "name: A\nkind: official\nside: russia\n"},
     "actors/\u0430ctor.yaml", "bad-id", 1, 1),
    ("reserved-id", {"actors/index.yaml": "name: A\nkind: official\nside: russia\n"},
     "actors/index.yaml", "reserved-id", 1, 1),
    ("id-mismatch", {"actors/x.yaml": "id: y\nname: A\nkind: state\nside: russia\n"},
     "actors/x.yaml", "id-mismatch", 1, 5),
    ("bad-id-in-reference", {"figures/count-ru.yaml": fig(claimed_by="claimed_by: Claimant_RU")},
     "figures/count-ru.yaml", "bad-id", 7, 13),
    ("duplicate-id-across-kinds", {"places/claimant-ru.yaml": "name: Y\nkind: site\n"},
     "places/claimant-ru.yaml", "duplicate-id", 1, 1),
    ("dangling-reference", {"figures/count-ru.yaml": fig(claimed_by="claimed_by: claimant-rus")},
     "figures/count-ru.yaml", "dangling-reference", 7, 13),
    ("dangling-citation", {"figures/count-ru.yaml": fig(
        sources="sources:\n  - source: report-two\n    quote: q")},
     "figures/count-ru.yaml", "dangling-reference", 9, 13),
    ("wrong-kind-reference", {"figures/count-ru.yaml": fig(claimed_by="claimed_by: city-x")},
     "figures/count-ru.yaml", "wrong-kind", 7, 13),
    ("reference-from-invalid-file", {"figures/count-ru.yaml": fig(
        value="value: -1", claimed_by="claimed_by: nobody")},
     "figures/count-ru.yaml", "dangling-reference", 7, 13),
    ("cycle-cites", {
        "sources/a.yaml": "title: A\nkind: video\npublished: 2025\ncites: [b]\n",
        "sources/b.yaml": "title: B\nkind: video\npublished: 2025\ncites:\n  - a\n"},
     "sources/b.yaml", "cycle", 5, 5),
    ("cycle-within-self", {"places/city-x.yaml": "name: City X\nkind: city\nwithin: city-x\n"},
     "places/city-x.yaml", "cycle", 3, 9),
    ("cycle-member-of", {
        "actors/a.yaml": "name: A\nkind: delegation\nside: russia\nmember_of: [b]\n",
        "actors/b.yaml": "name: B\nkind: delegation\nside: russia\nmember_of: [a]\n"},
     "actors/b.yaml", "cycle", 4, 13),
    ("unsupported-tag", {"actors/x.yaml": "name: !!python/object A\nkind: state\nside: russia\n"},
     "actors/x.yaml", "unsupported-tag", 1, 7),
    ("stray-yml", {"actors/x.yml": "name: A\n"}, "actors/x.yml", "stray-file", 1, 1),
    ("stray-folder", {"event/x.yaml": "name: A\n"}, "event", "stray-file", 1, 1),
    ("too-deep", {"actors/x.yaml": "name: " + "[" * 40 + "]" * 40 + "\n"},
     "actors/x.yaml", "too-deep", 1, 39),
]


@pytest.mark.parametrize(("files", "rel", "code", "line", "col"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_rule_points_at_line_and_column(facts_dir, files, rel, code, line, col):
    root = facts_dir(files)
    _record, diagnostics = build_record(root)
    errors = [d for d in diagnostics if d.severity is Severity.ERROR]
    hits = [(d.path.relative_to(root).as_posix(), d.code, d.line, d.col) for d in errors]
    assert (rel, code, line, col) in hits, "\n".join(d.format_text(root) for d in diagnostics)


def test_every_problem_reported_in_one_run(facts_dir):
    root = facts_dir({
        "actors/x.yaml": "name: A\nkind: stat\nside: russia\nsidee: x\n",
        "figures/count-ru.yaml": fig(value='value: "1,212"', unit="unit: bodys"),
        "sources/s.yaml": "title: S\nkind: video\npublished: 2025-02-30\n",
    })
    _record, diagnostics = build_record(root)
    codes = sorted(d.code for d in diagnostics if d.severity is Severity.ERROR)
    assert codes == ["invalid-date", "invalid-value", "invalid-value", "number-as-text",
                     "unknown-field"]


def test_hints_suggest_the_fix(facts_dir):
    root = facts_dir({
        "actors/x.yaml": "name: A\nkind: state\nside: russia\nsidee: x\n",
        "figures/count-ru.yaml": fig(value='value: "1,212"', claimed_by="claimed_by: claimant-rus"),
    })
    _record, diagnostics = build_record(root)
    hints = {d.code: d.hint for d in diagnostics}
    assert hints["unknown-field"] == "did you mean `side`?"
    assert hints["number-as-text"] == "write `value: 1212` (no quotes, no thousands separators)"
    assert hints["dangling-reference"] == "did you mean `claimant-ru`?"


@pytest.mark.parametrize("text", ["NO", "on", "yes", "off", "y", "n", "2025-06-07"])
def test_yaml_11_traps_are_read_as_written(text):
    """YAML 1.2 core: what looks like a boolean or a date in YAML 1.1 stays text."""
    from exchange_record.record.yamlfile import YamlDoc, parse_bytes

    doc = parse_bytes(f"name: {text}\n".encode(), YamlDoc(Path("x.yaml")))
    assert doc.data == {"name": text}
    assert not doc.diagnostics


def test_country_no_is_norway_not_false(facts_dir):
    root = facts_dir({"places/oslo.yaml": "name: Oslo\nkind: city\ncountry: NO\n"})
    record, diagnostics = build_record(root)
    assert not [d for d in diagnostics if d.severity is Severity.ERROR]
    assert record.get("oslo").model.country == "NO"


@pytest.mark.parametrize(("written", "shown", "precision"), [
    ("2025", "2025", "year"), ("2025-06", "2025-06", "month"), ("2025-06-07", "2025-06-07", "day"),
    ('"2025-06"', "2025-06", "month"),
])
def test_dates_keep_their_precision(facts_dir, written, shown, precision):
    root = facts_dir({"sources/report-one.yaml": f"title: R\nkind: video\npublished: {written}\n"})
    record, _diagnostics = build_record(root)
    published = record.get("report-one").model.published
    assert (str(published), published.precision) == (shown, precision)
    assert record.get("report-one").model.model_dump(mode="json")["published"] == shown


def test_duplicate_key_keeps_the_first_value(facts_dir):
    """The second value must not silently replace the first (PyYAML's behaviour)."""
    from exchange_record.record.yamlfile import YamlDoc, parse_bytes

    doc = parse_bytes(b"name: first\nname: second\n", YamlDoc(Path("x.yaml")))
    assert doc.data == {"name": "first"}
    assert [d.code for d in doc.diagnostics] == ["duplicate-key"]


def test_valid_base_record_has_no_problems(facts_dir):
    _record, diagnostics = build_record(facts_dir())
    assert diagnostics == []


# --- warnings and notes -------------------------------------------------------

def test_warning_series_from_one_claimant_goes_down(facts_dir):
    root = facts_dir({
        "sources/report-two.yaml": "title: R2\nkind: video\npublished: 2025-07-01\nurl: https://example.org/r2\n",
        "figures/total-june.yaml": fig(scope="scope: cumulative", value="value: 50"),
        "figures/total-july.yaml": fig(scope="scope: cumulative", value="value: 40",
                                       as_of="as_of: 2025-07-01", sources="sources: [report-two]"),
    })
    _record, diagnostics = build_record(root)
    warnings = [(d.path.name, d.code, d.line, d.col) for d in diagnostics
                if d.severity is Severity.WARNING]
    assert warnings == [("total-july.yaml", "series-decreases", 3, 8)]
    assert not [d for d in diagnostics if d.severity is Severity.NOTE]


def test_warning_event_dated_after_its_sources(facts_dir):
    root = facts_dir({"events/handover.yaml": (
        "title: H\ndate: 2025-07-01\nkind: transfer\nsummary: S\nsources: [report-one]\n")})
    _record, diagnostics = build_record(root)
    assert [(d.code, d.line, d.col) for d in diagnostics] == [("event-after-sources", 2, 7)]
    assert diagnostics[0].severity is Severity.WARNING


def test_month_precision_event_is_not_after_a_source_of_that_month(facts_dir):
    root = facts_dir({"events/handover.yaml": (
        "title: H\ndate: 2025-06\nkind: transfer\nsummary: S\nsources: [report-one]\n")})
    _record, diagnostics = build_record(root)
    assert diagnostics == []


def test_warning_figure_as_of_after_its_sources(facts_dir):
    root = facts_dir({"figures/count-ru.yaml": fig(as_of="as_of: 2025-06-20")})
    _record, diagnostics = build_record(root)
    assert [(d.severity, d.code, d.line, d.col) for d in diagnostics] == [
        (Severity.WARNING, "as-of-after-sources", 6, 8)]


def test_note_same_date_disagreement_between_claimants(facts_dir):
    root = facts_dir({"figures/count-ua.yaml": fig(value="value: 1212",
                                                  claimed_by="claimed_by: claimant-ua")})
    record, diagnostics = build_record(root)
    notes = [d for d in diagnostics if d.severity is Severity.NOTE]
    assert [(n.path.name, n.code, n.line, n.col) for n in notes] == [
        ("count-ua.yaml", "disagreement", 3, 8)]
    assert "1,200 per Claimant RU" in notes[0].message and "1,212 per Claimant UA" in notes[0].message
    assert record.status == {"count-ru": "contested", "count-ua": "contested"}


def test_note_cumulative_decrease_between_claimants(facts_dir):
    root = facts_dir({
        "sources/report-two.yaml": "title: R2\nkind: video\npublished: 2025-07-01\nurl: https://example.org/r2\n",
        "figures/total-ru.yaml": fig(scope="scope: cumulative", value="value: 27",
                                     as_of="as_of: 2025-06-11"),
        "figures/total-ua.yaml": fig(scope="scope: cumulative", value="value: 0",
                                     claimed_by="claimed_by: claimant-ua"),
    })
    record, diagnostics = build_record(root)
    assert [(d.severity, d.code, d.path.name) for d in diagnostics] == [
        (Severity.NOTE, "disagreement", "total-ua.yaml")]
    assert record.status["total-ru"] == record.status["total-ua"] == "contested"


def test_status_confirmed_across_sides(facts_dir):
    root = facts_dir({"figures/count-ua.yaml": fig(claimed_by="claimed_by: claimant-ua")})
    record, diagnostics = build_record(root)
    assert diagnostics == []
    assert record.status == {"count-ru": "confirmed", "count-ua": "confirmed"}


def test_status_single_claimant_when_alone(facts_dir):
    record, _ = build_record(facts_dir())
    assert record.status == {"count-ru": "single-claimant"}


def test_ranges_that_overlap_do_not_disagree(facts_dir):
    root = facts_dir({"figures/count-ua.yaml": fig(value="low: 1100\nhigh: 1300",
                                                  claimed_by="claimed_by: claimant-ua")})
    record, diagnostics = build_record(root)
    assert diagnostics == []
    # not contested; overlapping, from the other side: each confirms the other
    assert record.status == {"count-ru": "confirmed", "count-ua": "confirmed"}


def test_previous_id_may_not_be_a_current_id(facts_dir):
    root = facts_dir({"actors/claimant-ru.yaml": (
        "name: Claimant RU\nkind: official\nside: russia\nprevious_ids: [claimant-ua]\n")})
    _record, diagnostics = build_record(root)
    assert [(d.path.name, d.code, d.line, d.col) for d in diagnostics] == [
        ("claimant-ru.yaml", "previous-id-taken", 4, 16)]


def test_previous_id_may_not_be_claimed_twice(facts_dir):
    root = facts_dir({
        "actors/claimant-ru.yaml": "name: A\nkind: official\nside: russia\nprevious_ids: [old-name]\n",
        "actors/claimant-ua.yaml": "name: B\nkind: official\nside: ukraine\nprevious_ids:\n  - old-name\n",
    })
    _record, diagnostics = build_record(root)
    assert [(d.path.name, d.code, d.line, d.col) for d in diagnostics] == [
        ("claimant-ua.yaml", "previous-id-taken", 5, 5)]

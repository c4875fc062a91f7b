"""Translations of a fact's own text, in the fact file: the model, its diagnostics,
`translate --stamp`, the `translations` report and what the site reads.

The CLI runs in-process as a contributor would run it (`cli`), in a folder holding
a small valid record (`facts_dir`) and the fact under test.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from conftest import REPO
from exchange_record.record.build import build_record
from exchange_record.record.translations import LANGUAGES, fingerprint

EVENT = "facts/events/handover.yaml"
#: an event with a Ukrainian translation not yet stamped; line numbers below refer to it
HANDOVER = (
    "title: Handover\n"                            # 1
    "date: 2025-06-13\n"
    "kind: transfer\n"
    "summary: |\n"
    "  A handover of bodies,\n"                    # 5
    "  as reported by both sides.\n"
    "sources: [report-one]\n"
    "places: [city-x]\n"
    "actors: [claimant-ru]\n"
    "translations:\n"                              # 10
    "  uk:\n"                                      # 11: the language key, column 3
    "    title: 'Передача'   # a comment that stays\n"
    "    summary: |\n"
    "      Передача тіл, як повідомляють\n"
    "      обидві сторони.\n"                      # 15
    "    by: O. Translator\n"
    "    reviewed: false\n"                        # 17: `of:` goes after this line
)
OF_LINE = 18


@pytest.fixture
def project(facts_dir) -> Path:
    root = facts_dir({"events/handover.yaml": HANDOVER})
    return root.parent


def _file(project: Path) -> Path:
    return project / EVENT


def _stamp(cli, *args: str):
    result = cli("translate", "--stamp", *args)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def _stamped(project: Path, cli) -> str:
    _stamp(cli)
    return _file(project).read_text(encoding="utf-8")


# --- a valid translation ------------------------------------------------------------------

def test_a_translation_validates_and_warns_until_stamped(project, cli):
    result = cli("validate")
    assert result.returncode == 0, result.stdout  # a warning, not an error
    assert (f"{EVENT}:11:3: warning[unstamped-translation]: the Ukrainian (`uk`) translation does not "
            "record which English it was made from") in result.stdout
    assert f"run `exchange-record translate --stamp --lang uk {EVENT}`" in result.stdout
    assert cli("validate", "--strict").returncode == 1

    stamped = _stamp(cli)
    assert f"{EVENT}:11:3: stamped `uk` translation" in stamped.stdout
    assert "stamped 1 translation in 1 file" in stamped.stdout
    clean = cli("validate", "--strict")
    assert clean.returncode == 0, clean.stdout
    assert "warning" not in clean.stdout and "translation" not in clean.stdout


def test_the_site_reads_a_translation_field_by_field(project, cli):
    _stamp(cli)
    record, _ = build_record(project / "facts")
    fact = record.get("handover")
    uk = fact.translation("uk")
    assert uk is not None
    assert uk.text("title") == "Передача"
    assert uk.text("summary") == "Передача тіл, як повідомляють\nобидві сторони."  # stripped, as English
    assert (uk.by, uk.reviewed, uk.stale, uk.stamped, uk.missing) == ("O. Translator", False, False, True, ())
    assert uk.name == "Ukrainian"
    assert fact.translation("ru") is None  # the page shows the English
    assert list(fact.translations()) == ["uk"]
    assert record.get("count-ru").translation("uk") is None


def test_a_partial_translation_lists_what_is_shown_in_english(facts_dir):
    root = facts_dir({"events/handover.yaml": HANDOVER.replace(
        "    summary: |\n      Передача тіл, як повідомляють\n      обидві сторони.\n", "")})
    record, diagnostics = build_record(root)
    assert not [d for d in diagnostics if d.severity.value == "error"]
    uk = record.get("handover").translation("uk")
    assert uk is not None and uk.text("summary") is None and uk.missing == ("summary",)


# --- stale --------------------------------------------------------------------------------

def test_changing_the_english_summary_makes_the_translation_stale(project, cli):
    text = _stamped(project, cli)
    _file(project).write_text(text.replace("as reported by both sides.", "as reported by Russia."),
                              encoding="utf-8")
    result = cli("validate")
    assert result.returncode == 0, result.stdout
    lines = [line for line in result.stdout.splitlines() if "stale-translation" in line]
    assert lines == [
        f"{EVENT}:{OF_LINE}:9: warning[stale-translation]: the Ukrainian (`uk`) translation is out of "
        "date: the English of `title`, `summary` has changed since it was stamped (hint: update the "
        "translation to the English as it is now, then run "
        f"`exchange-record translate --stamp --lang uk {EVENT}`)"
    ]
    assert cli("validate", "--strict").returncode == 1

    record, _ = build_record(project / "facts")
    uk = record.get("handover").translation("uk")
    assert uk is not None and uk.stale and uk.stamped


def test_changing_english_that_is_not_translated_does_not_make_it_stale(project, cli):
    text = _stamped(project, cli)
    _file(project).write_text(text.replace("kind: transfer", "kind: exchange")
                              .replace("date: 2025-06-13", "date: 2025-06-12"), encoding="utf-8")
    assert "stale-translation" not in cli("validate").stdout


@pytest.mark.parametrize("rewrap", [
    # the same words in a folded block, wrapped elsewhere
    ("summary: |\n  A handover of bodies,\n  as reported by both sides.\n",
     "summary: >-\n  A handover\n  of bodies, as reported\n  by both   sides.\n"),
    # on one line, quoted, with spaces around it
    ("summary: |\n  A handover of bodies,\n  as reported by both sides.\n",
     'summary: "  A handover of bodies, as reported by both sides.  "\n'),
    # the title quoted
    ("title: Handover\n", "title: 'Handover'\n"),
])
def test_rewrapping_the_english_does_not_make_it_stale(project, cli, rewrap):
    text = _stamped(project, cli)
    old, new = rewrap
    assert old in text
    _file(project).write_text(text.replace(old, new), encoding="utf-8")
    result = cli("validate", "--strict")
    assert result.returncode == 0, result.stdout


def test_a_translation_that_gives_more_fields_than_were_stamped_is_stale(facts_dir, cli):
    title_only = HANDOVER.replace(
        "    summary: |\n      Передача тіл, як повідомляють\n      обидві сторони.\n", "")
    root = facts_dir({"events/handover.yaml": title_only})
    _stamp(cli)
    stamped = (root / "events" / "handover.yaml").read_text(encoding="utf-8")
    (root / "events" / "handover.yaml").write_text(stamped.replace(
        "    by:", "    summary: Передача тіл.\n    by:"), encoding="utf-8")
    assert "warning[stale-translation]" in cli("validate").stdout


def test_an_of_that_is_no_fingerprint_is_stale(facts_dir, cli):
    facts_dir({"events/handover.yaml": HANDOVER + "    of: by hand\n"})
    result = cli("validate")
    assert (f"{EVENT}:{OF_LINE}:9: warning[stale-translation]: the Ukrainian (`uk`) translation is out "
            "of date: `of: by hand` is not a fingerprint `exchange-record translate --stamp` writes"
            ) in result.stdout


# --- translate --stamp: one line, nothing else ------------------------------------------------

def test_stamp_inserts_one_line_and_leaves_every_other_byte(project, cli):
    before = _file(project).read_bytes()
    _stamp(cli)
    after = _file(project).read_bytes()
    before_lines, after_lines = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(after_lines) == len(before_lines) + 1
    inserted = after_lines.pop(OF_LINE - 1)
    assert after_lines == before_lines
    digest = fingerprint({"title": "Handover", "summary": "A handover of bodies, as reported by both sides."})
    assert inserted == f"    of: {digest}\n".encode()


def test_stamp_replaces_a_stale_fingerprint_on_its_line_only(project, cli):
    text = _stamped(project, cli)
    stale = text.replace("as reported by both sides.", "as reported by Russia.").replace(
        f"of: {text.split('of: ')[1].split()[0]}", "of: 0123456789ab  # stamped long ago")
    _file(project).write_text(stale, encoding="utf-8")
    before = _file(project).read_bytes().splitlines(keepends=True)
    result = _stamp(cli)
    assert "was stale" in result.stdout
    after = _file(project).read_bytes().splitlines(keepends=True)
    changed = [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert changed == [OF_LINE - 1]
    digest = fingerprint({"title": "Handover", "summary": "A handover of bodies, as reported by Russia."})
    assert after[OF_LINE - 1] == f"    of: {digest}  # stamped long ago\n".encode()
    assert cli("validate", "--strict").returncode == 0


@pytest.mark.parametrize("empty", ["    of:\n", "    of: ~   # to do\n", "    of: ''\n",
                                   "    of: 012345678901\n"])
def test_stamp_fills_an_of_without_a_value_on_its_line(facts_dir, cli, empty):
    root = facts_dir({"events/handover.yaml": HANDOVER + empty})
    _stamp(cli)
    after = (root / "events" / "handover.yaml").read_text(encoding="utf-8").splitlines(keepends=True)
    assert after[:-1] == HANDOVER.splitlines(keepends=True)
    assert after[-1].startswith("    of: ")
    assert after[-1].endswith("   # to do\n") == ("#" in empty)
    assert cli("validate", "--strict").returncode == 0


def test_stamp_keeps_crlf_line_breaks_a_byte_order_mark_and_a_last_line_without_break(facts_dir, cli):
    text = HANDOVER.rstrip("\n").replace("\n", "\r\n")
    raw = b"\xef\xbb\xbf" + text.encode("utf-8")
    root = facts_dir({"events/handover.yaml": raw})
    _stamp(cli)
    after = (root / "events" / "handover.yaml").read_bytes()
    assert after.startswith(raw + b"\r\n    of: ")  # the old last line gains the break it needs
    assert b"\n" not in after.replace(b"\r\n", b"") and not after.endswith(b"\r\n")
    assert cli("validate", "--strict").returncode == 0


def test_stamp_writes_into_a_flow_mapping_on_its_line(facts_dir, cli):
    text = HANDOVER.split("translations:\n")[0] + (
        "translations:\n"
        "  uk: {title: Передача, by: O. Translator, reviewed: false}   # short form\n"
        "  ru: {title: Передача, by: A. Translator, reviewed: true}\n")
    root = facts_dir({"events/handover.yaml": text})
    _stamp(cli, "--lang", "uk")
    after = (root / "events" / "handover.yaml").read_text(encoding="utf-8")
    digest = fingerprint({"title": "Handover"})
    assert after == text.replace("reviewed: false}", f"reviewed: false, of: {digest}}}")
    validated = cli("validate")
    assert "ru`) translation does not record" in validated.stdout  # --lang uk left ru as it was
    assert "uk`) translation" not in validated.stdout


def test_stamp_quotes_a_fingerprint_that_would_read_as_a_number(project, cli, monkeypatch):
    from exchange_record.record import models

    monkeypatch.setattr(models, "fingerprint", lambda english: "012345678901")
    _stamp(cli)
    assert '    of: "012345678901"\n' in _file(project).read_text(encoding="utf-8")
    assert cli("validate", "--strict").returncode == 0


def test_stamp_twice_changes_nothing(project, cli):
    _stamp(cli)
    before = _file(project).read_bytes()
    again = _stamp(cli, str(_file(project)))
    assert "nothing stamped; 1 translation already matched the English" in again.stdout
    assert _file(project).read_bytes() == before


def test_stamp_refuses_a_file_with_errors_and_leaves_it_as_it_was(facts_dir, cli):
    broken = HANDOVER.replace("kind: transfer", "kind: handover")
    root = facts_dir({"events/handover.yaml": broken,
                      "places/city-x.yaml": "name: City X\nkind: city\nwithin: country-x\n"
                                            "translations:\n  uk: {name: Місто X, by: O. T., reviewed: false}\n"})
    result = cli("translate", "--stamp")
    assert result.returncode == 1
    assert f"{EVENT}:3:7: error[invalid-value]" in result.stderr
    assert f"{EVENT}: not stamped: the file has errors; fix them first" in result.stderr
    assert (root / "events" / "handover.yaml").read_text(encoding="utf-8") == broken
    assert "facts/places/city-x.yaml:5:3: stamped `uk`" in result.stdout  # the other file is done
    assert "1 file refused" in result.stdout


def test_translate_needs_stamp_and_a_language_of_the_record(project, cli):
    result = cli("translate")
    assert result.returncode == 2 and "--stamp" in result.stderr
    result = cli("translate", "--stamp", "--lang", "ua")
    assert result.returncode == 2 and "Ukrainian is `uk`" in result.stderr
    result = cli("translate", "--stamp", "facts/events/nothing.yaml")
    assert result.returncode == 2 and "does not exist" in result.stderr
    assert "of:" not in _file(project).read_text(encoding="utf-8")


# --- mistakes in a translation -----------------------------------------------------------------

def _errors(cli) -> list[str]:
    result = cli("validate")
    return [line for line in result.stdout.splitlines() if ": error[" in line]


def _with(facts_dir, translation: str) -> None:
    facts_dir({"places/city-x.yaml": "name: City X\nkind: city\nwithin: country-x\ntranslations:\n"
                                     + translation})


@pytest.mark.parametrize(("key", "hint"), [
    ("ua", "Ukrainian is `uk` (`UA` is the country)"),
    ("en", "English is the fact's own text"),
    ("uk-UA", "write `uk`"),
    ("rus", "Russian is `ru`"),
    ("ukk", "did you mean `uk`?"),
    ("fr", "the record is translated into `uk` (Ukrainian), `ru` (Russian)"),
])
def test_an_unknown_language_is_an_error_at_its_key(facts_dir, cli, key, hint):
    _with(facts_dir, f"  {key}:\n    name: Місто X\n    by: O. T.\n    reviewed: false\n")
    errors = _errors(cli)
    assert len(errors) == 1, errors
    assert errors[0].startswith(
        f"facts/places/city-x.yaml:5:3: error[unknown-language]: `{key}` is not a language the record's "
        f"facts are translated into (uk, ru) (hint: {hint}")


def test_a_field_that_is_not_translated_is_an_error_at_its_key(facts_dir, cli):
    _with(facts_dir, "  uk:\n    name: Місто X\n    within: місто\n    by: O. T.\n    reviewed: false\n")
    assert _errors(cli) == [
        "facts/places/city-x.yaml:7:5: error[untranslatable-field]: `within` is not translated: a "
        "translation of a place gives `name` (hint: remove it; the fact's value is shown in every language)"]


def test_a_misspelt_field_suggests_the_right_one(facts_dir, cli):
    facts_dir({EVENT.removeprefix("facts/"): HANDOVER.replace("    title: 'Передача'", "    titel: 'Передача'")})
    assert _errors(cli) == [f"{EVENT}:12:5: error[unknown-field]: unknown field `titel` "
                            "(hint: did you mean `title`?)"]


def test_by_and_reviewed_are_required(facts_dir, cli):
    _with(facts_dir, "  uk:\n    name: Місто X\n  ru:\n    name: Город X\n    by: ' '\n    reviewed: yes\n")
    assert _errors(cli) == [
        "facts/places/city-x.yaml:5:3: error[missing-field]: missing required field `by` of the `uk` "
        "translation (hint: add `by:` with the name of who made the translation)",
        "facts/places/city-x.yaml:5:3: error[missing-field]: missing required field `reviewed` of the "
        "`uk` translation (hint: add `reviewed: false` (true only once a fluent speaker has reviewed it))",
        "facts/places/city-x.yaml:9:9: error[empty-value]: `by` is empty",
        "facts/places/city-x.yaml:10:15: error[wrong-type]: `reviewed` must be `true` or `false`, found "
        "the text `yes` (hint: write `reviewed: false` until a fluent speaker has reviewed the translation)",
    ]


def test_a_translation_with_no_text_is_an_error(facts_dir, cli):
    _with(facts_dir, "  uk: {by: O. T., reviewed: false}\n")
    assert _errors(cli) == [
        "facts/places/city-x.yaml:5:3: error[empty-translation]: the `uk` translation gives no translated "
        "text, only who made it; give at least one of: `name`"]


def test_a_translation_of_english_the_fact_does_not_have_is_an_error(facts_dir, cli):
    facts_dir({"actors/claimant-ru.yaml": "name: Claimant RU\nkind: official\nside: russia\n"
                                          "translations:\n  ru:\n    name: Заявитель\n"
                                          "    description: Чиновник.\n    by: A. T.\n    reviewed: false\n"})
    assert _errors(cli) == [
        "facts/actors/claimant-ru.yaml:7:5: error[translation-without-english]: the `ru` translation "
        "gives `description`, but the fact has no English `description` to translate"]


@pytest.mark.parametrize(("value", "code", "col"), [
    ('"Передача\\e[31m"', "control-character", 12),      # an escape a terminal would obey
    ('"Пере\u202eдача"', "hidden-character", 17),        # a bidi override, as written
    ('"Передача\\tтіл"', "control-character", 12),      # a tab in one-line text
    ('"\\u200b"', "invisible-text", 12),                 # nothing visible
])
def test_hostile_text_in_a_translation_is_refused_like_english(facts_dir, cli, value, code, col):
    facts_dir({EVENT.removeprefix("facts/"): HANDOVER.replace("    title: 'Передача'", f"    title: {value}")})
    errors = [e for e in _errors(cli) if e.startswith(EVENT)]  # (a file unread leaves a reference dangling)
    assert len(errors) == 1 and errors[0].startswith(f"{EVENT}:12:{col}: error[{code}]"), errors
    assert "\u202e" not in errors[0] and "\x1b" not in errors[0]


# --- the report -----------------------------------------------------------------------------

def test_the_report_counts_per_language_and_kind_and_lists_what_is_missing_or_stale(project, cli):
    _stamp(cli)
    text = _file(project).read_text(encoding="utf-8")
    _file(project).write_text(text.replace("title: Handover", "title: Remains handover")
                              .replace("reviewed: false", "reviewed: true"), encoding="utf-8")
    (project / "facts" / "places" / "city-x.yaml").write_text(
        "name: City X\nkind: city\nwithin: country-x\ntranslations:\n"
        "  ru: {name: Город X, by: A. T., reviewed: false}\n", encoding="utf-8")
    (project / "facts" / "actors" / "broken.yaml").write_text("name: B\nkind: nation\nside: russia\n")

    result = cli("translations")
    assert result.returncode == 0  # a report, whatever it finds
    out = result.stdout
    assert "events   1/1, 1 reviewed  0/1\n" in out
    assert "places   0/2              1/2, 0 reviewed\n" in out
    assert "all      1/7, 1 reviewed  1/7, 0 reviewed\n" in out
    assert f"Stale: the English changed since the translation was stamped (1):\n  {EVENT}:{OF_LINE}:9: uk" in out
    assert "Not stamped: no `of:` recording which English the translation was made from (1):\n" \
           "  facts/places/city-x.yaml:5:3: ru" in out
    assert "  facts/places/city-x.yaml:4:1: uk\n" in out  # missing: at `translations:`
    assert "  facts/actors/claimant-ru.yaml:1:1: uk, ru\n" in out
    assert "Not counted, as they have errors (`exchange-record validate`): 1 file\n" \
           "  facts/actors/broken.yaml" in out

    data = json.loads(cli("translations", "--format", "json").stdout)
    assert set(data) == {"facts_dir", "languages", "coverage", "missing", "stale", "unstamped",
                         "incomplete", "not_counted"}
    assert data["languages"] == list(LANGUAGES)
    assert data["coverage"]["uk"]["events"] == {"total": 1, "translated": 1, "reviewed": 1, "stale": 1,
                                                "unstamped": 0, "incomplete": 0}
    assert data["coverage"]["ru"]["all"]["translated"] == 1
    assert data["stale"] == [{"path": EVENT, "line": OF_LINE, "col": 9, "kind": "events",
                              "id": "handover", "lang": "uk"}]
    assert data["unstamped"][0]["id"] == "city-x" and data["unstamped"][0]["lang"] == "ru"
    assert {"path": "facts/places/city-x.yaml", "line": 4, "col": 1, "kind": "places", "id": "city-x",
            "lang": "uk"} in data["missing"]
    assert len(data["missing"]) == 7 * 2 - 2
    assert data["not_counted"] == ["facts/actors/broken.yaml"]


def test_the_report_lists_incomplete_translations(facts_dir, cli):
    facts_dir({EVENT.removeprefix("facts/"): HANDOVER.replace(
        "    summary: |\n      Передача тіл, як повідомляють\n      обидві сторони.\n", "")})
    data = json.loads(cli("translations", "--format", "json").stdout)
    assert data["incomplete"] == [{"path": EVENT, "line": 11, "col": 3, "kind": "events", "id": "handover",
                                   "lang": "uk", "fields": ["summary"]}]
    assert "  facts/events/handover.yaml:11:3: uk (summary)" in cli("translations").stdout


def test_the_report_of_a_folder_that_is_not_there_is_a_usage_error(tmp_path, cli):
    assert cli("translations", str(tmp_path / "nothing")).returncode == 2


# --- schemas and editors -----------------------------------------------------------------------

def test_the_schemas_describe_translations_for_every_kind():
    schemas = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in (REPO / "docs" / "schemas").glob("*.json")}
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    for kind in ("actors", "places", "sources", "events", "figures"):
        schema = schemas[f"{kind}.schema.json"]
        assert settings["yaml.schemas"][f"./docs/schemas/{kind}.schema.json"] == f"facts/{kind}/*.yaml"
        choices = schema["properties"]["translations"]["anyOf"][0]
        assert set(choices["properties"]) == set(LANGUAGES)
        assert choices["additionalProperties"] is False


def test_an_editor_checks_a_translation_by_the_schema(tmp_path):
    import jsonschema

    from exchange_record.record.yamlfile import read_file

    schema = json.loads((REPO / "docs" / "schemas" / "events.schema.json").read_text(encoding="utf-8"))
    path = tmp_path / "handover.yaml"
    path.write_text(HANDOVER, encoding="utf-8")
    jsonschema.validate(read_file(path).data, schema)
    for bad in (HANDOVER.replace("  uk:", "  ua:"), HANDOVER.replace("    by: O. Translator\n", ""),
                HANDOVER.replace("    reviewed: false", "    reviewed: false\n    kind: transfer")):
        path.write_text(bad, encoding="utf-8")
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(read_file(path).data, schema)


def test_each_kind_translates_the_fields_contributing_md_lists():
    """The table in CONTRIBUTING.md ("Translations") is the models' own list, kind by kind."""
    from exchange_record.record.kinds import KINDS
    from exchange_record.record.models import LISTS
    from exchange_record.record.validate import _only_model

    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for kind, entry in KINDS.items():
        fields = entry.model.translatable()
        assert fields, kind
        row = f"| {kind} | " + ", ".join(f"`{name}`" for name in fields)
        assert row in text, row
        # the field's model is the kind's TRANSLATION, and every field it gives is English text of the kind
        assert _only_model(entry.model.model_fields["translations"].annotation) is entry.model.TRANSLATION
        # (a list of `LISTS` translates texts the fact holds in its readings and citations)
        assert set(fields) - set(LISTS) <= set(entry.model.model_fields) and "quote" not in fields


# --- readings' reasons --------------------------------------------------------------------

#: the handover with two readings of its own, their reasons translated into Ukrainian
READ = HANDOVER.replace(
    "sources: [report-one]\n",
    "sources: [report-one]\nreadings:\n"
    "  - of: date\n    because: The report gives no day; dated as published.\n"
    "  - of: place\n    because: The report names only the region.\n").replace(
    "    by: O. Translator\n",
    "    readings:\n      - Звіт не називає дня; датовано днем публікації.\n"
    "      - Звіт називає лише область.\n    by: O. Translator\n")


def test_a_translation_gives_the_reasons_of_the_facts_readings_and_the_page_shows_them(facts_dir, cli):
    from exchange_record.site.locale import Locale
    from exchange_record.site.pages import Renderer

    root = facts_dir({"events/handover.yaml": READ})
    _stamp(cli)
    record, diagnostics = build_record(root)
    assert not [d for d in diagnostics if d.severity.value in ("error", "warning")], diagnostics
    uk = record.get("handover").translation("uk")
    assert uk is not None and uk.readings == ("Звіт не називає дня; датовано днем публікації.",
                                              "Звіт називає лише область.") and not uk.stale
    page = Renderer(record, locale=Locale("uk")).pages()["events/handover.md"]
    assert "<li><strong>місце</strong>: Звіт називає лише область.</li>" in page
    assert "The report names only the region." not in page and "The report gives no day" not in page
    # the mark beside the event wherever it is named says the same on hover
    figure = Renderer(record, locale=Locale("uk")).pages()["figures/count-ru.md"]
    assert ('class="reading" title="дата: Звіт не називає дня; датовано днем публікації.&#10;місце: '
            'Звіт називає лише область."') in figure
    # the English page, and a Russian one with no translation: the English, marked as such in Russian
    assert "The report names only the region." in Renderer(record).pages()["events/handover.md"]
    ru = Renderer(record, locale=Locale("ru")).pages()["events/handover.md"]
    assert '<span lang="en">The report names only the region.</span>' in ru


def test_changing_a_readings_reason_makes_the_translation_stale(facts_dir, cli):
    root = facts_dir({"events/handover.yaml": READ})
    _stamp(cli)
    path = root / "events" / "handover.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("only the region", "only the oblast"),
                    encoding="utf-8")
    result = cli("validate")
    assert "stale-translation" in result.stdout and "`readings`" in result.stdout, result.stdout


def test_a_reason_for_each_reading_or_a_warning_and_the_english_shown(facts_dir, cli):
    """A reading added in English (or a reason left out) is a warning, as a stale
    translation is: the English never waits for the translators; the page shows the
    readings' reasons in English meanwhile, marked as English."""
    from exchange_record.site.locale import Locale
    from exchange_record.site.pages import Renderer

    root = facts_dir({"events/handover.yaml": READ.replace("      - Звіт називає лише область.\n", "")})
    _stamp(cli)
    result = cli("validate")
    assert result.returncode == 0 and not _errors(cli), result.stdout
    assert (f"{EVENT}:21:5: warning[translation-readings-count]: the Ukrainian (`uk`) translation's `readings` "
            "gives 1 reason for the fact's 2 readings: the page shows them in English") in result.stdout
    assert cli("validate", "--strict").returncode == 1
    page = Renderer(build_record(root)[0], locale=Locale("uk")).pages()["events/handover.md"]
    assert '<span lang="en">The report names only the region.</span>' in page
    assert "Звіт не називає дня" not in page  # not one reason translated and the next in English


#: the handover citing its report twice: a quote in Russian with its English translation, a
#: locator, a reading inside the citation; the Ukrainian translation gives the three lists
CITED = HANDOVER.replace(
    "sources: [report-one]\n",
    "sources:\n"
    "  - source: report-one\n    quote: Тела переданы.\n    language: ru\n"
    "    translation: The bodies were handed over.\n    translated_by: the record's curator\n"
    "    locator: the report's lead\n"
    "  - source: report-one\n    locator: garbled; see the notes\n"
    "    readings:\n      - of: identity\n        because: The report names no source.\n").replace(
    "    by: O. Translator\n",
    "    locators:\n      - лід повідомлення\n      - викривлено; див. примітки\n"
    "    translators:\n      - куратор запису\n"
    "    citation_readings:\n      - Повідомлення не називає джерела.\n    by: O. Translator\n")


def test_a_translation_gives_its_citations_words_and_the_page_shows_them(facts_dir, cli):
    """A citation's locator, who translated its quote and the reasons of its readings come
    in the page's language from the fact's translation (`locators`, `translators`,
    `citation_readings`); the quote stays as said and its translation in English."""
    from exchange_record.site.locale import Locale
    from exchange_record.site.pages import Renderer

    root = facts_dir({"events/handover.yaml": CITED})
    _stamp(cli)
    record, diagnostics = build_record(root)
    assert not [d for d in diagnostics if d.severity.value in ("error", "warning")], diagnostics
    page = html.unescape(Renderer(record, locale=Locale("uk")).pages()["events/handover.md"])
    assert "), лід повідомлення" in page and "), викривлено; див. примітки" in page
    assert "Переклад англійською — куратор запису:" in page
    assert "Повідомлення не називає джерела." in page
    assert not [english for english in ("the report's lead", "garbled", "curator", "names no source")
                if english in page]
    assert '<span lang="ru">Тела переданы.</span>' in page  # the quote as said
    assert '<span lang="en">The bodies were handed over.</span>' in page
    # the mark beside the event, wherever it is named, says the reading in Ukrainian on hover
    figure = Renderer(record, locale=Locale("uk")).pages()["figures/count-ru.md"]
    assert "Повідомлення не називає джерела." in figure
    # a Russian page with no translation: the English, marked as English
    ru = html.unescape(Renderer(record, locale=Locale("ru")).pages()["events/handover.md"])
    assert '<span lang="en">garbled; see the notes</span>' in ru
    assert "Перевод на английский — <span lang=\"en\">the record's curator</span>:" in ru


def test_a_citation_added_in_english_is_a_warning_and_its_list_shown_in_english(facts_dir, cli):
    """One locator too few: a warning, as a stale translation is, and the page shows the
    locators in English (not one translated and the next in English)."""
    from exchange_record.site.locale import Locale
    from exchange_record.site.pages import Renderer

    root = facts_dir({"events/handover.yaml": CITED.replace("      - викривлено; див. примітки\n", "")})
    _stamp(cli)
    result = cli("validate")
    assert result.returncode == 0 and not _errors(cli), result.stdout
    assert ("warning[translation-citations-count]: the Ukrainian (`uk`) translation's `locators` gives "
            "1 locator for the fact's 2 citations with a locator: the page shows them in English") in result.stdout
    page = html.unescape(Renderer(build_record(root)[0], locale=Locale("uk")).pages()["events/handover.md"])
    assert "<span lang=\"en\">the report's lead</span>" in page
    assert "лід повідомлення" not in page
    assert "Переклад англійською — куратор запису:" in page  # the lists given whole still show


def test_a_translated_numbers_groups_stay_on_one_line(facts_dir, cli):
    """`1 212` typed with a plain space would let a line end between `1` and `212`: the
    page gets a no-break space there (the file keeps what was typed)."""
    root = facts_dir({"events/handover.yaml": READ.replace("'Передача'", "'Передача 1 212 тіл'")
                      .replace("Звіт називає лише область.", "Звіт називає 6 000 і 27 тіл.")})
    _stamp(cli)
    uk = build_record(root)[0].get("handover").translation("uk")
    assert uk is not None and uk.text("title") == "Передача 1\u00a0212 тіл"
    assert uk.readings[1] == "Звіт називає 6\u00a0000 і 27 тіл."
    assert "Передача 1 212 тіл" in (root / "events" / "handover.yaml").read_text(encoding="utf-8")

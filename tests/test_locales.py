"""The locale seam: interface strings in gettext catalogues, dates and numbers by CLDR.

Ukrainian and Russian catalogues hold every string the site's code and page
templates mark for translation (made by the developers, not yet reviewed by a
fluent speaker)."""

from __future__ import annotations

import html
import re
from collections import defaultdict

import pytest

from conftest import DISAGREEMENT, FACTS, write_facts
from exchange_record.record.build import build_record
from exchange_record.record.dates import DateSpan, PartialDate
from exchange_record.site.history import Commit, History
from exchange_record.site.locale import (
    CATALOGUES,
    ENGLISH,
    TEMPLATE_OPTIONS,
    Locale,
    extracted,
    main,
    untranslated,
)
from exchange_record.site.overview import Overview
from exchange_record.site.pages import Renderer, template_environment
from exchange_record.site.words import Words

CODES = sorted(p.stem for p in CATALOGUES.glob("*.po"))
#: `{name}` (str.format, the code) and `%(name)s` (newstyle gettext, the templates)
PLACEHOLDER = re.compile(r"\{[a-z]*\}|%\([a-z]+\)s")


def test_there_are_catalogues_for_both_parties_languages():
    assert CODES == ["ru", "uk"]


def test_the_templates_strings_are_extracted_with_the_code():
    strings = extracted()
    assert len(strings) > 200
    for message in ("Figures claimed", "Claimed by", "No address to check", "Where the sources allow more "
                    "than one reading, the record chose one:", "single-claimant"):
        assert message in strings, message
    assert any(file.startswith("site/templates/") for file, _line in strings["Claimed by"])
    assert ("%(num)s event", "%(num)s events") in strings  # a count, with its plural


def test_templates_are_read_for_extraction_as_the_site_reads_them():
    env = template_environment(None, ENGLISH)
    for option in ("trim_blocks", "lstrip_blocks", "keep_trailing_newline"):
        assert TEMPLATE_OPTIONS[option] == str(getattr(env, option)).lower(), option
    for option in ("comment_start_string", "comment_end_string"):
        assert TEMPLATE_OPTIONS[option] == getattr(env, option), option
    assert env.newstyle_gettext and TEMPLATE_OPTIONS["newstyle_gettext"] == "true"  # type: ignore[attr-defined]


@pytest.mark.parametrize("code", CODES)
def test_every_interface_string_of_the_code_is_translated(code):
    assert untranslated(code) == [], "run `python -m exchange_record.site.locale update`, then translate"


@pytest.mark.parametrize("code", CODES)
def test_translations_keep_every_placeholder(code):
    locale = Locale(code)
    for message in extracted():
        if isinstance(message, tuple):  # every plural form keeps the placeholders
            singular, plural = message
            translations = {locale.ngettext(singular, plural, n) for n in (1, 2, 5, 21)}
        else:
            singular, translations = message, {locale._(message)}
        for translation in translations:
            assert sorted(PLACEHOLDER.findall(translation)) == sorted(PLACEHOLDER.findall(singular)), message
            if "%(" in singular or not isinstance(message, str):
                translation % defaultdict(str)  # newstyle gettext formats it: no stray `%`


def test_the_russian_the_project_writes_spells_e_not_yo():
    """One spelling: the site's Russian words, pages and the seed record's Russian
    translations write `е` (as TASS and Interfax, the Russian sources quoted, do), not a
    mix of «возвращенные» and «подтверждённую» on one page. Quotes keep the source's
    letters: a fact's quote is in its `quote` field, and words a translation quotes
    «as published» are left out of the check."""
    from pathlib import Path

    import yaml

    texts = {str(CATALOGUES / "ru.po"): (CATALOGUES / "ru.po").read_text(encoding="utf-8")}
    docs = Path(__file__).resolve().parents[1] / "docs"
    texts |= {str(p): p.read_text(encoding="utf-8") for p in docs.glob("*.ru.md")}
    for path in FACTS.rglob("*.yaml"):
        russian = (yaml.safe_load(path.read_text(encoding="utf-8")).get("translations") or {}).get("ru")
        if russian:  # what a translation quotes «as published» keeps its letters
            texts[str(path)] = re.sub(r"«[^«»]*»", "", repr(russian))
    assert len(texts) > 20
    assert [name for name, text in texts.items() if "ё" in text or "Ё" in text] == []


def test_no_template_string_holds_a_stray_percent_sign():
    """Newstyle gettext `%`-formats every template string, placeholders or not."""
    for message, locations in extracted().items():
        if any(file.startswith("site/templates/") for file, _line in locations):
            for text in (message,) if isinstance(message, str) else message:
                text % defaultdict(str)


def test_the_check_command_fails_on_an_untranslated_string(tmp_path, monkeypatch, capsys):
    import exchange_record.site.locale as locale_module

    monkeypatch.setattr(locale_module, "extracted", lambda: {"A brand new string": [("site/x.py", 1)]})
    assert main(["check"]) == 1
    assert "no translation for 'A brand new string'" in capsys.readouterr().out


def test_the_check_command_fails_on_an_untranslated_template_string(tmp_path, monkeypatch, capsys):
    import exchange_record.site.locale as locale_module

    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "new.md.j2").write_text(
        '{## Translators: a heading ##}\n## {{ _("A brand new heading") }} {#new}\n\n'
        '{{ ngettext("%(num)s new thing", "%(num)s new things", n) }}\n{{ _("Claimed by") }}\n',
        encoding="utf-8")
    monkeypatch.setattr(locale_module, "SOURCES", tmp_path)
    assert extracted() == {"A brand new heading": [("site/templates/new.md.j2", 2)],
                           ("%(num)s new thing", "%(num)s new things"): [("site/templates/new.md.j2", 4)],
                           "Claimed by": [("site/templates/new.md.j2", 5)]}
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    for code in CODES:
        assert f"locales/{code}.po: no translation for 'A brand new heading'" in out
        assert f"locales/{code}.po: no translation for '%(num)s new thing'" in out
    assert "'Claimed by'" not in out  # translated in both catalogues


@pytest.mark.parametrize(("code", "day", "month", "number"), [
    ("en", "13 June 2025", "June 2025", "1,212"),
    ("uk", "13 червня 2025", "червень 2025", "1\xa0212"),
    ("ru", "13 июня 2025", "июнь 2025", "1\xa0212"),
])
def test_dates_keep_their_precision_and_numbers_their_locale(code, day, month, number):
    locale = Locale(code)
    assert locale.date(PartialDate(2025, 6, 13)) == day
    assert locale.date(PartialDate(2025, 6)) == month  # a month stays a month
    assert locale.date(PartialDate(2025)) == "2025"
    assert locale.date(DateSpan(PartialDate(2025, 6, 2), PartialDate(2025, 6, 11))).count("2025") == 2
    assert locale.number(1212).replace("\u202f", "\xa0") == number


def test_words_speak_the_pages_language():
    uk, ru = Words(Locale("uk")), Words(Locale("ru"))
    assert (uk.side("russia"), ru.side("ukraine"), uk.side("unknown")) == ("Росія", "Украина", "сторона невідома")
    assert uk.kind_titles["figures"] == "Цифри" and ru.kind_titles["events"] == "События"
    assert ENGLISH._("Report a correction") == "Report a correction"  # English is the source language
    assert (uk.words("government-body"), Locale("ru")._("single-claimant")) == ("державний орган", "один заявитель")


# --- whole pages in Ukrainian and Russian: no English interface string left --------------------

def _pages(code: str, record_root, history: History) -> dict[str, str]:
    """Every page the templates make, in one language: fact pages and indexes, the
    overview pages, the default methodology and the home summary."""
    record, _ = build_record(record_root)
    renderer = Renderer(record, history=history, locale=Locale(code), corrections="mailto:fix@example.org")
    overview = Overview(renderer, history)
    pages = {**renderer.pages(), **overview.pages()}
    pages["methodology.md"] = renderer.render("methodology.md.j2", "methodology.md", None, title="Methodology")
    pages["index.md"] = str(overview.summary())
    return pages


def _history(record_root) -> History:
    record, _ = build_record(record_root)
    paths = [f"{f.kind}/{f.path.name}" for facts in record.by_kind.values() for f in facts]
    return History(commits=[Commit("a" * 40, "2025-07-01", "Add facts", added=tuple(paths[:2]),
                                   changed=tuple(paths[2:4]), removed=("events/gone.yaml",))],
                   last_changed=dict.fromkeys(paths, "2025-07-01"))


@pytest.fixture(scope="module")
def pages_by_language(tmp_path_factory):
    """The curated record (with a history) and a minimal one (without: the other branches),
    where two figures disagree and a source has an archived copy, another no address."""
    small = write_facts(tmp_path_factory.mktemp("locales") / "facts", {
        **DISAGREEMENT,
        "sources/archived.yaml": ("title: Archived\nkind: video\npublished: 2025-06\n"
                                  "archive_url: https://web.archive.org/web/2025/https://example.org/v\n"),
        "sources/nowhere.yaml": "title: Nowhere\nkind: video\npublished: 2025-06\n"})
    out: dict[str, dict[str, str]] = {}
    for code in ("en", *CODES):
        out[code] = {f"facts:{k}": v for k, v in _pages(code, FACTS, _history(FACTS)).items()}
        out[code].update({f"small:{k}": v for k, v in _pages(code, small, History()).items()})
    return out


def _template_strings() -> dict[str, list[str]]:
    """Each string the templates mark (singular and plural), by its lines, each line cut at
    its placeholders (`No event names %(name)s.`: `No event names`)."""
    out: dict[str, list[str]] = {}
    for message, locations in extracted().items():
        if any(file.startswith("site/templates/") for file, _line in locations):
            for text in (message,) if isinstance(message, str) else message:
                out[text] = [" ".join(part.split()) for line in text.splitlines()
                             for part in PLACEHOLDER.split(line) if part.strip()]
    return out


def _slots(page: str) -> list[str]:
    """The page's interface words: headings, table headers, definition terms and admonition
    titles (fact text is English for now, so prose is checked by whole lines instead)."""
    lines = page.split("\n---\n", 1)[-1].splitlines()
    out = []
    for i, line in enumerate(lines):
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if line.startswith("#"):
            out.append(re.sub(r"\s*\{#[^}]*\}$", "", line.lstrip("#").strip()))
        elif line.startswith("|") and following.startswith("|---"):
            out += [cell.strip() for cell in line.strip("|").split("|")]
        elif line.startswith("<th>"):  # a table the site core wrote as HTML (site/blocks.py)
            out += [html.unescape(re.sub(r"<[^>]+>", "", cell)) for cell in re.findall(r"<th>(.*?)</th>", line)]
        elif following.startswith(":   ") and line.strip():
            out.append(line.strip())
        elif line.startswith("!!! "):
            out += re.findall(r'"([^"]*)"', line)
    return out


@pytest.mark.parametrize("code", CODES)
def test_pages_in_another_language_keep_no_english_interface_string(pages_by_language, code):
    strings = _template_strings()
    english, translated = pages_by_language["en"], pages_by_language[code]
    assert english.keys() == translated.keys()
    # the English pages do show the strings checked below: the check is not empty
    seen_slots = {s for page in english.values() for s in _slots(page)} & set(strings)
    assert {"Kind", "Claimed by", "Figures claimed", "Readings", "In time", "Schemas", "Same measure, side by side",
            "No address to check", "contested", "File", "What it holds"} <= seen_slots
    prose = {line for lines in strings.values() for line in lines if len(line.split()) >= 3}
    flat_english = " ".join(" ".join(page.split()) for page in english.values())
    seen_prose = {line for line in prose if line in flat_english}
    assert len(seen_prose) > 0.9 * len(prose), sorted(prose - seen_prose)
    for path, page in translated.items():
        left = sorted(s for s in _slots(page) if s in strings and Locale(code)._(s) != s)
        assert not left, (path, left)
        flat = " ".join(page.split())
        left = sorted(line for line in seen_prose if line in flat)
        assert not left, (path, left)
    # short words in Markdown of their own, where fact text never is
    changes = translated["facts:changes.md"]
    assert "**Added:**" in english["facts:changes.md"]
    for english_words in ("**Added:**", "**Changed:**", "**Removed:**", "Reason given:", "(commit `"):
        assert english_words not in changes

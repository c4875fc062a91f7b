"""The locale seam: interface strings in gettext catalogues, dates and numbers by CLDR.

Ukrainian and Russian catalogues hold every string the site's code marks for
translation (made by the developers, not yet reviewed by a fluent speaker)."""

from __future__ import annotations

import re

import pytest

from exchange_record.record.dates import DateSpan, PartialDate
from exchange_record.site.locale import CATALOGUES, ENGLISH, Locale, extracted, main, untranslated
from exchange_record.site.words import Words

CODES = sorted(p.stem for p in CATALOGUES.glob("*.po"))


def test_there_are_catalogues_for_both_parties_languages():
    assert CODES == ["ru", "uk"]


@pytest.mark.parametrize("code", CODES)
def test_every_interface_string_of_the_code_is_translated(code):
    assert len(extracted()) > 50
    assert untranslated(code) == [], "run `python -m exchange_record.site.locale update`, then translate"


@pytest.mark.parametrize("code", CODES)
def test_translations_keep_every_placeholder(code):
    locale = Locale(code)
    for message in extracted():
        placeholders = sorted(re.findall(r"\{[a-z]*\}", message))
        assert sorted(re.findall(r"\{[a-z]*\}", locale._(message))) == placeholders, message


def test_the_check_command_fails_on_an_untranslated_string(tmp_path, monkeypatch, capsys):
    import exchange_record.site.locale as locale_module

    monkeypatch.setattr(locale_module, "extracted", lambda: {"A brand new string": [("site/x.py", 1)]})
    assert main(["check"]) == 1
    assert "no translation for 'A brand new string'" in capsys.readouterr().out


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

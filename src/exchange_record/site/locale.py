"""The page's language: interface strings, dates and numbers.

Every word the site itself prints (not the facts' own text) comes through a
`Locale`: `_()` for strings (gettext; English is the source language, so the
English locale translates nothing), `date()` and `number()` by Babel's CLDR
data. Adding a language is a message catalogue and a `Locale("uk")`, not code.
Dates keep their precision in every language: a month is printed as a month.
"""

from __future__ import annotations

import functools
import gettext
from pathlib import Path

from babel import Locale as BabelLocale
from babel.dates import format_date
from babel.numbers import format_decimal

from ..record.dates import DateSpan, PartialDate

#: gettext catalogues, `<code>/LC_MESSAGES/messages.mo`, when there are any
CATALOGUES = Path(__file__).parent / "locales"


class Locale:
    def __init__(self, code: str = "en") -> None:
        self.code = code
        self.babel = BabelLocale.parse(code)
        self.translations: gettext.NullTranslations = gettext.translation(
            "messages", localedir=CATALOGUES, languages=[code], fallback=True)

    def _(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def number(self, n: int | float) -> str:
        """`1,212` (en), `1 212` (uk, ru)."""
        return _number(n, self.code)

    def date(self, value: PartialDate | DateSpan) -> str:
        """`7 June 2025`, `June 2025` or `2025`; a range as `start – end`."""
        if isinstance(value, DateSpan):
            if value.end is None:
                return self.date(value.start)
            return f"{self.date(value.start)} – {self.date(value.end)}"
        return _date(value, self.code)

    def month(self, year: int, month: int) -> str:
        """`June 2025`."""
        return _date(PartialDate(year, month), self.code)


@functools.lru_cache(maxsize=4096)
def _date(value: PartialDate, code: str) -> str:
    if value.day is not None:
        return format_date(value.first_day(), "d MMMM y", locale=code)
    if value.month is not None:
        return format_date(value.first_day(), "LLLL y", locale=code)
    return str(value.year)


@functools.lru_cache(maxsize=4096)
def _number(n: int | float, code: str) -> str:
    return format_decimal(n, locale=code)


ENGLISH = Locale("en")

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
import io
from pathlib import Path

from babel import Locale as BabelLocale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from ..record.dates import DateSpan, PartialDate

#: gettext catalogues, `<code>.po`, one per language besides English
CATALOGUES = Path(__file__).parent / "locales"


def N_(message: str) -> str:
    """Mark a string for the catalogues where it is looked up by value later."""
    return message


#: strings the site looks up by value (kind titles, units, scopes), marked for extraction
MARKED = (N_("Actors"), N_("Places"), N_("Sources"), N_("Events"), N_("Figures"),
          N_("bodies"), N_("prisoners"), N_("people"), N_("event"), N_("cumulative"), N_("commitment"))


def catalogue(code: str) -> gettext.NullTranslations:
    """The interface strings of one language, read from `locales/<code>.po` (text
    under review in git; no compiled file to keep in step)."""
    path = CATALOGUES / f"{code}.po"
    if not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as fh:
        messages = read_po(fh, locale=code)
    compiled = io.BytesIO()
    write_mo(compiled, messages)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


class Locale:
    def __init__(self, code: str = "en") -> None:
        self.code = code
        self.babel = BabelLocale.parse(code)
        self.translations = catalogue(code)

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


# --- the catalogues' upkeep: `python -m exchange_record.site.locale check|update` ---------------

SOURCES = Path(__file__).parent
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def extracted() -> dict[str, list[tuple[str, int]]]:
    """Every interface string of the site's code, with where it stands."""
    from babel.messages.extract import extract_from_dir

    out: dict[str, list[tuple[str, int]]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(SOURCES), method_map=[("*.py", "python")], keywords=KEYWORDS):
        if isinstance(message, str):
            out.setdefault(message, []).append((f"site/{filename}", lineno))
    return out


def untranslated(code: str) -> list[str]:
    """Strings of the code with no translation in `locales/<code>.po`."""
    with (CATALOGUES / f"{code}.po").open("rb") as fh:
        messages = read_po(fh, locale=code)
    return sorted(m for m in extracted() if not ((entry := messages.get(m)) and entry.string))


def main(argv: list[str] | None = None) -> int:
    """`check`: exit 1 listing strings without a translation; `update`: add new
    strings to each catalogue (empty, to be translated) and drop gone ones."""
    import sys

    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    command = (argv if argv is not None else sys.argv[1:]) or ["check"]
    codes = sorted(p.stem for p in CATALOGUES.glob("*.po"))
    if command[0] == "update":
        strings = extracted()
        template = Catalog(project="exchange-record")
        for message, locations in strings.items():
            template.add(message, locations=locations)
        for code in codes:
            with (CATALOGUES / f"{code}.po").open("rb") as fh:
                known = read_po(fh, locale=code)
            known.update(template, no_fuzzy_matching=True)
            with (CATALOGUES / f"{code}.po").open("wb") as fh:
                write_po(fh, known, width=100, sort_output=True, ignore_obsolete=True)
        return 0
    missing = {code: untranslated(code) for code in codes}
    for code, texts in missing.items():
        for text in texts:
            print(f"locales/{code}.po: no translation for {text!r}")
    return 1 if any(missing.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())

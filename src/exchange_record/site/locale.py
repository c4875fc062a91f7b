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
from collections.abc import Iterator
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

#: the record's vocabulary as pages print it (`Words.words`: the slug, hyphens as spaces), marked
#: for extraction: kinds of actor, place, source and event, roles in an event, qualifiers, and
#: each kind of fact in the singular (the Changes page). The statuses are marked in the
#: methodology template, whose headings they are.
VOCABULARY = (
    N_("state"), N_("government body"), N_("official"), N_("delegation"), N_("organization"),
    N_("media"), N_("unnamed source"),
    N_("country"), N_("region"), N_("city"), N_("site"),
    N_("official statement"), N_("official channel"), N_("news agency"), N_("news article"),
    N_("video"), N_("social post"), N_("ngo statement"),
    N_("talks"), N_("agreement"), N_("announcement"), N_("transfer"), N_("exchange"),
    N_("postponement"), N_("publication"), N_("statement"),
    N_("participant"), N_("claimant"), N_("relay"), N_("subject"), N_("facilitator"),
    N_("approx"), N_("at least"), N_("at most"), N_("more than"), N_("fewer than"),
    N_("actor"), N_("place"), N_("source"), N_("event"), N_("figure"),
)


def catalogue(code: str) -> gettext.NullTranslations:
    """The interface strings of one language, read from `locales/<code>.po` (text
    under review in git; no compiled file to keep in step). Read again only when
    the file changes (a translator's edit under `mkdocs serve`)."""
    path = CATALOGUES / f"{code}.po"
    try:
        st = path.stat()
    except OSError:
        return _NONE
    return _catalogue(path, st.st_size, st.st_mtime_ns)


_NONE = gettext.NullTranslations()  # one object: a cache may compare it by identity


@functools.lru_cache(maxsize=8)
def _catalogue(path: Path, _size: int, _mtime_ns: int) -> gettext.NullTranslations:
    code = path.stem
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
#: how the page templates are read for extraction: as `pages.template_environment` reads
#: them (the same delimiters and whitespace rules, newstyle gettext; a test keeps the two
#: in step), and a template that does not parse is an error, not a silent skip
TEMPLATE_OPTIONS = {
    "extensions": "jinja2.ext.i18n", "newstyle_gettext": "true", "silent": "false",
    "trim_blocks": "true", "lstrip_blocks": "true", "keep_trailing_newline": "true",
    "comment_start_string": "{##", "comment_end_string": "##}",
}
#: a comment in a template starting so is shown to translators beside the strings below it
TRANSLATOR_COMMENTS = ("Translators:",)

#: a message as the catalogues key it: its text, or (singular, plural) for a count (`ngettext`)
Message = str | tuple[str, str]


def _extract() -> Iterator[tuple[Message, tuple[str, int], list[str]]]:
    """Every marked string of the site's code and page templates: the message, where it
    stands (`site/pages.py`, line) and the comments for its translators."""
    from babel.messages.extract import extract_from_dir

    for filename, lineno, message, comments, _context in extract_from_dir(
            str(SOURCES), method_map=[("*.py", "python"), ("templates/*.j2", "jinja2.ext:babel_extract")],
            options_map={"templates/*.j2": TEMPLATE_OPTIONS}, keywords=KEYWORDS,
            comment_tags=TRANSLATOR_COMMENTS, strip_comment_tags=True):
        if isinstance(message, str):
            yield message, (f"site/{filename}", lineno), comments
        elif len(message) == 2 and all(isinstance(m, str) for m in message):
            yield (message[0], message[1]), (f"site/{filename}", lineno), comments


def extracted() -> dict[Message, list[tuple[str, int]]]:
    """Every interface string of the site's code and page templates, with where it stands."""
    out: dict[Message, list[tuple[str, int]]] = {}
    for message, location, _comments in _extract():
        out.setdefault(message, []).append(location)
    return out


def untranslated(code: str) -> list[str]:
    """Strings of the code and templates with no translation in `locales/<code>.po` (for a
    count, every plural form of the language must be there)."""
    with (CATALOGUES / f"{code}.po").open("rb") as fh:
        messages = read_po(fh, locale=code)
    missing = []
    for message in extracted():
        msgid = message if isinstance(message, str) else message[0]
        entry = messages.get(msgid)
        translation = entry.string if entry is not None else None
        if isinstance(message, tuple):
            done = (isinstance(translation, tuple) and len(translation) == messages.num_plurals
                    and all(translation))
        else:
            done = isinstance(translation, str) and bool(translation)
        if not done:
            missing.append(msgid)
    return sorted(missing)


def main(argv: list[str] | None = None) -> int:
    """`check`: exit 1 listing strings without a translation; `update`: add new
    strings to each catalogue (empty, to be translated) and drop gone ones."""
    import sys

    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    command = (argv if argv is not None else sys.argv[1:]) or ["check"]
    codes = sorted(p.stem for p in CATALOGUES.glob("*.po"))
    if command[0] == "update":
        template = Catalog(project="exchange-record")
        for message, location, comments in _extract():
            entry = template.get(message if isinstance(message, str) else message[0])
            if entry is None:
                template.add(message, locations=[location], auto_comments=comments)
            else:
                entry.locations.append(location)
                entry.auto_comments.extend(c for c in comments if c not in entry.auto_comments)
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

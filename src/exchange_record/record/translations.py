"""Translations of a fact's own text, kept in the fact file itself.

English is the source language of the record. A fact may carry translations
of its English text, one per language of `LANGUAGES`:

    translations:
      uk:
        title: …
        summary: …
        by: Olena Kovalenko
        reviewed: false
        of: 3f2a9c1b7d4e

`by` says who made the translation, `reviewed` whether a fluent speaker has
checked it. `of` is the fingerprint of the English text it was made from
(`fingerprint`, written by `exchange-record translate --stamp`): when the
English changes, the translation is stale and `validate` warns. A translation
missing a field, or missing altogether, falls back to English.

Which fields each kind translates is defined by its translation model in
`models.py`; quotes are never translated here (they stay as said, with their
own `translation`).

This module is the bottom of the translation layer: the languages, the
fingerprint and the view the site reads. It imports nothing else of the record.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

#: the languages fact texts are translated into (English is the source), in the order pages list them
LANGUAGES: tuple[str, ...] = ("uk", "ru")
#: each language's name in English, for messages and reports
LANGUAGE_NAMES: dict[str, str] = {"uk": "Ukrainian", "ru": "Russian"}
assert set(LANGUAGE_NAMES) == set(LANGUAGES)

#: the keys of a translation that are not translated text
META_FIELDS = ("by", "reviewed", "of")
#: the fingerprint: the first 12 hex digits of a SHA-256
FINGERPRINT_LENGTH = 12
FINGERPRINT_RE = re.compile(f"[0-9a-f]{{{FINGERPRINT_LENGTH}}}")

#: what `translate --stamp` is called as, in messages
STAMP = "exchange-record translate --stamp"


def normalise(text: str) -> str:
    """The text as the fingerprint sees it: NFC, every run of whitespace one space,
    no space at either end; re-wrapping a paragraph in the YAML changes nothing."""
    return " ".join(unicodedata.normalize("NFC", text).split())


#: a space between a number's groups of digits, as Ukrainian and Russian write them (`1 212`)
_GROUP_SPACE = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")


def kept_whole(text: str) -> str:
    """`1 212` with a no-break space between its groups, as a page shows it: written with
    a plain space, a line could end between `1` and `212` (two numbers to a reader)."""
    return _GROUP_SPACE.sub("\u00a0", text)


def fingerprint(english: Mapping[str, str]) -> str:
    """The fingerprint of the English text of the translated fields (field -> text),
    in the order given (a kind's field order): 12 hex digits."""
    digest = hashlib.sha256()
    for name, text in english.items():
        digest.update(f"{name}\n{normalise(text)}\n".encode())
    return digest.hexdigest()[:FINGERPRINT_LENGTH]


def language_hint(code: str) -> str:
    """What to write instead of `code`, which is not one of `LANGUAGES`."""
    listed = ", ".join(f"`{lang}` ({LANGUAGE_NAMES[lang]})" for lang in LANGUAGES)
    lowered = code.strip().lower().replace("_", "-")
    if lowered in ("ua", "ukr", "ukrainian"):
        return "Ukrainian is `uk` (`UA` is the country)"
    if lowered in ("rus", "russian"):
        return "Russian is `ru`"
    if lowered.split("-")[0] == "en":
        return f"English is the fact's own text; translations are into {listed}"
    base = lowered.split("-")[0]
    if base in LANGUAGES:
        return f"write `{base}`: the record has one {LANGUAGE_NAMES[base]} translation"
    close = difflib.get_close_matches(lowered, list(LANGUAGES), n=1, cutoff=0.6)
    if close:
        return f"did you mean `{close[0]}`?"
    return f"the record is translated into {listed}"


@dataclass(frozen=True, slots=True)
class Translation:
    """A fact's translation into one language, as the site shows it.

    `text(field)` is the translated text, or None where the page shows the
    English (a field not translated). A stale translation (the English changed
    since it was made, or it never recorded which English it was made from) and
    an unreviewed one are to be marked as such on the page.
    """

    lang: str
    #: English field name -> its translation (only the fields translated)
    fields: Mapping[str, str]
    #: who made the translation (and, once reviewed, who reviewed it)
    by: str
    #: whether a fluent speaker has reviewed it
    reviewed: bool
    #: the English has changed since the translation was stamped, or it was never stamped
    stale: bool
    #: whether it records the fingerprint of the English it was made from (`of:`)
    stamped: bool
    #: translatable fields the fact has in English that this translation lacks (shown in English)
    missing: tuple[str, ...] = field(default=())
    #: the lists it translates, one text for each of the fact's (models.py `LISTS`: the
    #: reasons of its readings, its citations' locators and translators, the reasons of
    #: the readings in its citations), in their order; a list not given is absent
    lists: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def text(self, name: str) -> str | None:
        """The translation of the English field `name`, or None (show the English)."""
        return self.fields.get(name)

    @property
    def readings(self) -> tuple[str, ...]:
        """The reasons of the fact's own readings, translated, in their order (empty: in English)."""
        return self.lists.get("readings", ())

    @property
    def name(self) -> str:
        """The language's name in English: `Ukrainian`."""
        return LANGUAGE_NAMES[self.lang]

"""The fact models: the single source of truth for fields, types and JSON Schemas.

One fact per file, `facts/<kind>/<id>.yaml`. Field names are a contract other
tools rely on. Checks that need one fact only live here (types, ranges, pairs of
fields); checks across facts live in `checks.py`.
"""

from __future__ import annotations

import functools
import re
from typing import Annotated, Any, ClassVar, Literal, Self
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    GetJsonSchemaHandler,
    PlainSerializer,
    PlainValidator,
    StringConstraints,
    Tag,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

from .dates import DateError, DateSpan, PartialDate
from .text import char_name, is_blank
from .translations import (
    LANGUAGE_NAMES,
    LANGUAGES,
    META_FIELDS,
    STAMP,
    Translation,
    fingerprint,
    kept_whole,
    language_hint,
)

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"  # for JSON Schema; Python matches it whole (`fullmatch`)
ID_MAX = 80
ID_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
#: the site's own folders and pages
RESERVED_IDS = frozenset({"index", "tags", "search", "assets", "data"})
#: names Windows cannot give a file or folder: a fact named so could not be checked out there
WINDOWS_NAMES = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
                           *(f"lpt{i}" for i in range(10))})
ID_RULE = "lowercase letters a-z, digits and single hyphens, at most 80 characters"


def id_problem(value: str) -> tuple[str, str] | None:
    """Why `value` cannot be an id, as (code, message), or None if it can.

    The one id rule: file names, `id:`, references, `previous_ids`, measures and
    `exchange-record new` all ask here.
    """
    if not ID_RE.fullmatch(value) or len(value) > ID_MAX:
        shown = value if len(value) <= 60 else value[:57] + "..."
        return "bad-id", f"`{shown}` is not a valid id: {ID_RULE}"
    if value in RESERVED_IDS:
        return "reserved-id", f"`{value}` is reserved for the site's own pages"
    if value in WINDOWS_NAMES:
        return "reserved-id", f"`{value}` is a name Windows reserves; the file could not be checked out there"
    return None

MAX_COUNT = 100_000_000  # larger than any count this record can hold; stops absurd input

_ENGLISH = Locale("en")
# CLDR's territories are ISO 3166-1 plus a few codes of its own (EU, UN, ZZ...).
_NOT_ISO = {"EU", "EZ", "QO", "UN", "XA", "XB", "XK", "ZZ"}
COUNTRY_NAMES = {
    code: name for code, name in _ENGLISH.territories.items()
    if len(code) == 2 and code.isalpha() and code not in _NOT_ISO
}


# --- scalar types ---------------------------------------------------------------

def _id(value: str) -> str:
    problem = id_problem(value)
    if problem is not None:
        raise PydanticCustomError(problem[0], "{message}", {"message": problem[1]})
    return value


_LINE_BREAK_OR_TAB = re.compile(r"[\t\n\r]")


def _text(one_line: bool) -> Any:
    # Other control characters are refused where the file is read (yamlfile.py),
    # in keys and every value alike; here only what one-line text adds.
    def check(value: str) -> str:
        bad = _LINE_BREAK_OR_TAB.search(value) if one_line else None
        if bad:
            raise PydanticCustomError(
                "control-character",
                "one-line text cannot hold {char} (character {index})",
                {"char": char_name(bad.group()), "index": bad.start() + 1},
            )
        if is_blank(value):
            raise PydanticCustomError(
                "invisible-text", "the text has no visible character; every link to it would be invisible")
        return value
    return AfterValidator(check)


FactId = Annotated[
    str,
    AfterValidator(_id),
    WithJsonSchema({"type": "string", "pattern": ID_PATTERN, "maxLength": ID_MAX}),
]
Slug = FactId
#: a name, a title, a locator: one line
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300), _text(True)]
#: a summary, a note, a quote: may hold line breaks and tabs
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20_000),
                     _text(False)]
Count = Annotated[int, Field(ge=0, le=MAX_COUNT)]


def _date(value: Any) -> PartialDate:
    try:
        if type(value) in (str, int):  # the same few dates recur across thousands of files
            return _parse_date(value)
        return PartialDate.parse(value)
    except DateError as exc:
        raise PydanticCustomError("invalid-date", str(exc)) from None


_parse_date = functools.lru_cache(maxsize=8192)(PartialDate.parse)


Date = Annotated[
    PartialDate,
    PlainValidator(_date),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "description": "A date at the precision known: YYYY, YYYY-MM or YYYY-MM-DD.",
            "anyOf": [
                {"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$"},
                {"type": "integer", "minimum": 1900, "maximum": 2100},
            ],
        }
    ),
]


#: characters no address holds as written (RFC 3986 and the WHATWG URL standard percent-encode
#: them); they would end a Markdown link or an HTML attribute early
_URL_UNSAFE = re.compile(r'[\s<>"`{}|\\^\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]')


def _url(value: str) -> str:
    parts = urlsplit(value)
    problem = None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        problem = "only http:// and https:// links are published"
    elif unsafe := _URL_UNSAFE.search(value):
        problem = f"it holds {char_name(unsafe.group())}; write it percent-encoded"
    elif "@" in parts.netloc:
        problem = ("it holds a user name or password (`user@` or `user:password@`); "
                   "publish the address without them")
    elif not parts.hostname:
        problem = "it has no host name"
    else:
        try:
            parts.port  # noqa: B018 - raises on a port out of range
        except ValueError:
            problem = "its port is not a number from 0 to 65535"
    if problem:
        raise PydanticCustomError("bad-url", "`{value}` is not a valid http(s) address: {problem}",
                                  {"value": value, "problem": problem})
    return value


Url = Annotated[
    str, AfterValidator(_url),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": "^https?://"}),
]


def _country(value: str) -> str:
    if value not in COUNTRY_NAMES:
        raise PydanticCustomError(
            "bad-country",
            "`{value}` is not an ISO 3166-1 alpha-2 country code (two capital letters, e.g. UA)",
            {"value": value},
        )
    return value


Country = Annotated[
    str, AfterValidator(_country), WithJsonSchema({"type": "string", "pattern": "^[A-Z]{2}$"})
]


def _language(value: str) -> str:
    if not _known_language(value):
        raise PydanticCustomError(
            "bad-language",
            "`{value}` is not a known BCP 47 language tag (e.g. `ru`, `uk`, `en-GB`)",
            {"value": value},
        )
    return value


@functools.lru_cache(maxsize=1024)
def _known_language(tag: str) -> bool:
    if tag.split("-", 1)[0].lower() == "und":  # "undetermined": Babel would read it as English
        return False
    try:
        Locale.parse(tag, sep="-")
    except (ValueError, UnknownLocaleError):
        return False
    return True


Language = Annotated[
    str, AfterValidator(_language),
    WithJsonSchema({"type": "string", "pattern": "^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"}),
]


# --- shared structures ------------------------------------------------------------

class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, populate_by_name=False)


class DateRange(_Strict):
    """A span of time; both ends keep their precision."""

    start: Date
    end: Date

    @model_validator(mode="after")
    def _ordered(self) -> DateRange:
        if self.start.surely_after(self.end):
            raise PydanticCustomError(
                "range-order",
                "the range starts ({start}) after it ends ({end})",
                {"start": str(self.start), "end": str(self.end), "field": "end"},
            )
        return self


def _date_or_range(value: Any) -> str:
    return "range" if isinstance(value, (dict, DateRange)) else "date"


EventDate = Annotated[
    Annotated[Date, Tag("date")] | Annotated[DateRange, Tag("range")],
    Discriminator(_date_or_range),
]


class Reading(_Strict):
    """A reading the record chose where its source does not force one."""

    of: Literal["direction", "scope", "value", "date", "claimant", "place", "actor", "identity"]
    because: LongText = Field(description="What the source says, and why the record reads it so.")


READINGS = "Where the record chose a reading the source does not force; shown wherever the fact is."


class Citation(_Strict):
    """Where a source says it: the source's id, with the words it uses.

    `quote` is in the source's own language (`language`); `translation` renders
    it into English, by `translated_by`.
    """

    source: FactId
    quote: LongText | None = None
    language: Language | None = Field(None, description="The quote's language, if not the source's.")
    translation: LongText | None = Field(None, description="The quote in English, when it is not.")
    translated_by: Text | None = Field(None, description="Who translated the quote.")
    locator: Text | None = Field(None, description="Where in the source: paragraph, timestamp, page.")
    readings: list[Reading] = Field(default_factory=list, description=READINGS)

    @model_validator(mode="after")
    def _translation_of_a_quote(self) -> Citation:
        if self.translation is not None and self.quote is None:
            raise PydanticCustomError(
                "translation-without-quote", "a `translation` needs the `quote` it translates",
                {"field": "translation"})
        return self


def _citation_form(value: Any) -> str:
    return "detail" if isinstance(value, (dict, Citation)) else "id"


CitationIn = Annotated[
    Annotated[FactId, Tag("id")] | Annotated[Citation, Tag("detail")],
    Discriminator(_citation_form),
]


class ActorRole(_Strict):
    """An actor of an event, with the part it played."""

    actor: FactId
    role: Literal["participant", "claimant", "relay", "subject", "facilitator"]


def _actor_form(value: Any) -> str:
    return "detail" if isinstance(value, (dict, ActorRole)) else "id"


ActorIn = Annotated[
    Annotated[FactId, Tag("id")] | Annotated[ActorRole, Tag("detail")],
    Discriminator(_actor_form),
]


def _as_citations(items: list[Any]) -> list[Citation]:
    return [Citation(source=c) if isinstance(c, str) else c for c in items]


# --- translations of a fact's own text (see translations.py) ----------------------------

def _stamp_as_text(value: Any) -> Any:
    # A fingerprint of digits only reads as a number: it is then a stamp that matches no
    # English (stale), not an error, so that `translate --stamp` can always write the right one.
    return str(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else value


#: `of:`, the fingerprint; anything else written there is a stale stamp, never an error
Stamp = Annotated[str, BeforeValidator(_stamp_as_text),
                  StringConstraints(strip_whitespace=True),
                  WithJsonSchema({"type": "string", "pattern": "^[0-9a-f]{12}$"})]


class TranslatedText(_Strict):
    """A fact's English text in one other language: who made it, whether a fluent
    speaker has reviewed it, and the fingerprint of the English it was made from.

    Each kind's subclass lists the fields it translates, with the English
    field's own type (the same text rules apply); `by`, `reviewed` and `of` are
    the same for all.
    """

    by: Text = Field(description="Who made the translation; a reviewer adds their name "
                                 "(`A. Translator; reviewed by B. Reviewer`).")
    reviewed: bool = Field(description="true only once a fluent speaker of the language has checked "
                                       "the translation against the English; false until then.")
    of: Stamp | None = Field(None, description=f"The fingerprint of the English text this translation "
                                               f"was made from. Written by `{STAMP}`; never by hand.")

    @classmethod
    def translatable(cls) -> tuple[str, ...]:
        """The English fields this kind's translations may give, in the model's order."""
        return tuple(name for name in cls.model_fields if name not in META_FIELDS)

    def translated(self) -> dict[str, str]:
        """Field -> translated text, for the fields this translation gives (a list of
        texts, the readings' reasons, as one: `joined`)."""
        out: dict[str, str] = {}
        for name in self.translatable():
            value = getattr(self, name)
            if isinstance(value, str):
                out[name] = value
            elif isinstance(value, list):
                out[name] = joined(value)
        return out


def joined(texts: list[str]) -> str:
    """Texts given as a list (the reasons of a fact's readings) as one text, for the
    fingerprint of the English and the fields of a translation: a paragraph each."""
    return "\n\n".join(texts)


#: a translation's `readings`: the reason (`because`) of each of the fact's own readings
READING_REASONS = ("The reason (`because`) of each of the fact's own readings, translated, in "
                   "their order; one for each.")
LOCATORS = ("The `locator` of each of the fact's citations that gives one, translated, in their "
            "order; one for each.")
TRANSLATORS = ("The `translated_by` of each of the fact's citations that gives one (who translated "
               "the quote into English), translated, in their order; one for each.")
CITATION_READINGS = ("The reason (`because`) of each reading inside the fact's citations, translated, "
                     "in their order (the first citation's readings first); one for each.")
#: a translation's fields that translate a list of the fact's texts, one item each (`Fact.english_list`)
LISTS = ("readings", "locators", "translators", "citation_readings")


class ActorTranslation(TranslatedText):
    """An actor's name and description in another language."""

    name: Text | None = Field(None, description="The name as commonly written in the language.")
    description: LongText | None = None


class PlaceTranslation(TranslatedText):
    """A place's name in another language."""

    name: Text | None = Field(None, description="The name as commonly written in the language.")


class SourceTranslation(TranslatedText):
    """The record's English title and notes of a source, in another language."""

    title: Text | None = Field(
        None, description="The record's English title, translated. For a source published in this "
                          "language whose English title renders its headline, the headline as published.")
    unavailable: LongText | None = None
    notes: LongText | None = None


class EventTranslation(TranslatedText):
    """An event's title, summary, readings' reasons and its citations' words in another language."""

    title: Text | None = None
    summary: LongText | None = Field(None, description="Markdown, like the English summary.")
    readings: list[LongText] | None = Field(None, description=READING_REASONS)
    locators: list[Text] | None = Field(None, description=LOCATORS)
    translators: list[Text] | None = Field(None, description=TRANSLATORS)
    citation_readings: list[LongText] | None = Field(None, description=CITATION_READINGS)


class FigureTranslation(TranslatedText):
    """A figure's title, notes, readings' reasons and its citations' words in another language."""

    title: Text | None = None
    notes: LongText | None = None
    readings: list[LongText] | None = Field(None, description=READING_REASONS)
    locators: list[Text] | None = Field(None, description=LOCATORS)
    translators: list[Text] | None = Field(None, description=TRANSLATORS)
    citation_readings: list[LongText] | None = Field(None, description=CITATION_READINGS)


def _language_key(value: str) -> str:
    if value not in LANGUAGES:
        raise PydanticCustomError(
            "unknown-language",
            "`{value}` is not a language the record's facts are translated into ({languages})",
            {"value": value, "languages": ", ".join(LANGUAGES), "hint": language_hint(value),
             "key": True})
    return value


LanguageKey = Annotated[str, AfterValidator(_language_key)]

TRANSLATIONS = ("The fact's English text in other languages: " + ", ".join(
    f"{lang} ({LANGUAGE_NAMES[lang]})" for lang in LANGUAGES)
    + ". Each says who made it (`by`) and whether a fluent speaker has reviewed it (`reviewed`); "
      "a field not translated is shown in English.")


class _ByLanguage:
    """The JSON Schema of a translations mapping: one optional entry per language, so
    that editors complete the language codes and flag any other."""

    def __get_pydantic_json_schema__(self, core_schema: CoreSchema,
                                     handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        schema = handler(core_schema)
        entry = schema.get("additionalProperties", {})
        return {"type": "object", "properties": dict.fromkeys(LANGUAGES, entry),
                "additionalProperties": False}


BY_LANGUAGE = _ByLanguage()


# --- the five kinds -------------------------------------------------------------

class Fact(_Strict):
    """Fields every fact may have."""

    #: field name (alias) -> kind of fact it refers to
    REFS: ClassVar[dict[str, str]] = {}
    #: the model of the kind's translations: which of its fields are translated
    TRANSLATION: ClassVar[type[TranslatedText]]

    id: FactId | None = Field(None, description="Optional; must equal the file name without .yaml.")
    previous_ids: list[FactId] = Field(
        default_factory=list,
        description="Ids this fact had before a rename; their old addresses redirect here.",
    )

    @classmethod
    def translatable(cls) -> tuple[str, ...]:
        """The fields of this kind a translation may give."""
        return cls.TRANSLATION.translatable()

    def translated(self) -> dict[str, TranslatedText]:
        """The fact's translations by language (empty if none)."""
        value = getattr(self, "translations", None)
        return dict(value) if value else {}

    def english(self, name: str) -> str | None:
        """The English text of the field `name`, if the fact has it (a list of `LISTS`:
        its texts `joined`; None where it has none)."""
        if name in LISTS:
            texts = self.english_list(name)
            return joined(texts) if texts else None
        value = getattr(self, name, None)
        return value if isinstance(value, str) else None

    def english_list(self, name: str) -> list[str]:
        """The English texts a translation's list `name` (`LISTS`) translates, one each, in
        order: the reasons of the fact's readings, its citations' locators, their
        translators, the reasons of the readings inside its citations."""
        return [text for _holder, text in self.list_items(name)]

    def list_items(self, name: str) -> list[tuple[BaseModel, str]]:
        """`english_list` with what holds each text: the reading or the citation (the
        pages put a translated text where its English stands)."""
        citations = [c for c in getattr(self, "sources", None) or [] if isinstance(c, Citation)]
        if name == "readings":
            return [(r, r.because) for r in getattr(self, "readings", None) or []]
        if name == "locators":
            return [(c, c.locator) for c in citations if c.locator]
        if name == "translators":
            return [(c, c.translated_by) for c in citations if c.translated_by]
        if name == "citation_readings":
            return [(r, r.because) for c in citations for r in c.readings]
        raise KeyError(name)

    def english_fingerprint(self, translation: TranslatedText) -> str:
        """The fingerprint of the English text of exactly the fields `translation` gives."""
        return fingerprint({name: self.english(name) or "" for name in translation.translated()})

    def translation(self, lang: str) -> Translation | None:
        """The fact's translation into `lang` as pages show it, or None (show the English)."""
        t = self.translated().get(lang)
        if t is None:
            return None
        fields = t.translated()
        return Translation(
            lang=lang, fields={name: kept_whole(text) for name, text in fields.items()}, by=t.by,
            reviewed=t.reviewed, stale=t.of != self.english_fingerprint(t), stamped=bool(t.of),
            missing=tuple(n for n in t.translatable() if n not in fields and self.english(n) is not None),
            lists={name: tuple(kept_whole(text) for text in items) for name in LISTS
                   if (items := getattr(t, name, None))},
        )

    @model_validator(mode="after")
    def _translations_have_english(self) -> Self:
        for lang, t in self.translated().items():
            if not t.translated():
                raise PydanticCustomError(
                    "empty-translation",
                    "the `{lang}` translation gives no translated text, only who made it; "
                    "give at least one of: {fields}",
                    {"lang": lang, "fields": ", ".join(f"`{n}`" for n in t.translatable()),
                     "field": ("translations", lang), "key": True})
            for name in t.translated():
                if self.english(name) is None:
                    raise PydanticCustomError(
                        "translation-without-english",
                        "the `{lang}` translation gives `{name}`, but the fact has no English `{name}` "
                        "to translate",
                        {"lang": lang, "name": name, "field": ("translations", lang, name), "key": True})
        return self

    def label(self) -> str:
        """The title or name the fact is shown by."""
        fields = type(self).model_fields  # not getattr's default: pydantic raises, slowly, for a missing one
        label = (self.__dict__.get("title") if "title" in fields else None) or \
            (self.__dict__.get("name") if "name" in fields else None)
        return str(label or "")

    def references(self) -> list[tuple[tuple[str | int, ...], str, str]]:
        """Every reference as (location in the file, target kind, target id)."""
        out: list[tuple[tuple[str | int, ...], str, str]] = []
        for name, kind in self.REFS.items():
            attr = "from_" if name == "from" else name
            value = getattr(self, attr)
            if value is None:
                continue
            if isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, Citation):
                        out.append(((name, i, "source"), kind, item.source))
                    elif isinstance(item, ActorRole):
                        out.append(((name, i, "actor"), kind, item.actor))
                    else:
                        out.append(((name, i), kind, item))
            else:
                out.append(((name,), kind, value))
        return out


class Actor(Fact):
    """A state, body, official, delegation, organisation, outlet or unnamed source."""

    REFS = {"member_of": "actors"}
    TRANSLATION = ActorTranslation

    name: Text
    kind: Literal[
        "state", "government-body", "official", "delegation", "organization", "media",
        "unnamed-source",
    ]
    side: Literal["russia", "ukraine", "third-party", "unknown"]
    description: LongText | None = None
    member_of: list[FactId] = Field(default_factory=list)
    translations: Annotated[dict[LanguageKey, ActorTranslation], BY_LANGUAGE] | None = Field(
        None, description=TRANSLATIONS)


class Place(Fact):
    """A country, region, city or site."""

    REFS = {"within": "places"}
    TRANSLATION = PlaceTranslation

    name: Text
    kind: Literal["country", "region", "city", "site"]
    country: Country | None = None
    within: FactId | None = None
    lat: Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)] | None = None
    lon: Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)] | None = None
    translations: Annotated[dict[LanguageKey, PlaceTranslation], BY_LANGUAGE] | None = Field(
        None, description=TRANSLATIONS)

    @model_validator(mode="after")
    def _both_coordinates(self) -> Place:
        if (self.lat is None) != (self.lon is None):
            missing = "lon" if self.lon is None else "lat"
            present = "lat" if missing == "lon" else "lon"
            raise PydanticCustomError(
                "coordinates-pair",
                "`{present}` is given without `{missing}`; give both or neither",
                {"present": present, "missing": missing, "field": present},
            )
        return self


class Source(Fact):
    """A document: a statement, a channel post, an agency report, an article, a video."""

    REFS = {"publisher": "actors", "cites": "sources"}
    TRANSLATION = SourceTranslation

    title: Text
    kind: Literal[
        "official-statement", "official-channel", "news-agency", "news-article", "video",
        "social-post", "ngo-statement",
    ]
    published: Date
    publisher: FactId | None = None
    url: Url | None = None
    archive_url: Url | None = None
    accessed: Date | None = Field(None, description="When the address was last read for the record.")
    unavailable: LongText | None = Field(
        None, description="Why there is neither `url` nor `archive_url` "
                          "(e.g. known only through another source).")
    language: Language | None = None
    cites: list[FactId] = Field(default_factory=list, description="Sources this one relies on.")
    notes: LongText | None = None
    translations: Annotated[dict[LanguageKey, SourceTranslation], BY_LANGUAGE] | None = Field(
        None, description=TRANSLATIONS)

    @property
    def has_address(self) -> bool:
        return bool(self.url or self.archive_url)


class Event(Fact):
    """Something that happened on a date, as reported by at least one source."""

    REFS = {"sources": "sources", "places": "places", "actors": "actors", "related": "events"}
    TRANSLATION = EventTranslation

    title: Text
    date: EventDate
    kind: Literal[
        "talks", "agreement", "announcement", "transfer", "exchange", "postponement",
        "publication", "statement",
    ]
    summary: LongText = Field(description="Markdown. Neutral wording; raw HTML is escaped.")
    sources: Annotated[list[CitationIn], Field(min_length=1)]
    places: list[FactId] = Field(default_factory=list)
    actors: list[ActorIn] = Field(
        default_factory=list,
        description="Actor ids, or {actor, role}; a plain id means the role is not stated.")
    related: list[FactId] = Field(default_factory=list)
    readings: list[Reading] = Field(default_factory=list, description=READINGS)
    translations: Annotated[dict[LanguageKey, EventTranslation], BY_LANGUAGE] | None = Field(
        None, description=TRANSLATIONS)

    @property
    def actor_ids(self) -> list[str]:
        return [a.actor if isinstance(a, ActorRole) else a for a in self.actors]

    def role_of(self, actor: str) -> str | None:
        """The stated role of `actor` in the event, if any."""
        return next((a.role for a in self.actors if isinstance(a, ActorRole) and a.actor == actor), None)

    _cites = field_validator("sources", mode="after")(_as_citations)

    @property
    def citations(self) -> list[Citation]:
        """`sources`, every entry a `Citation` (a bare id is read as one)."""
        return [c if isinstance(c, Citation) else Citation(source=c) for c in self.sources]

    @property
    def span(self) -> DateSpan:
        if isinstance(self.date, DateRange):
            return DateSpan(self.date.start, self.date.end)
        return DateSpan(self.date)


class Figure(Fact):
    """One number as one claimant stated it."""

    REFS = {"event": "events", "claimed_by": "actors", "sources": "sources"}
    TRANSLATION = FigureTranslation

    title: Text
    measure: Slug = Field(description="What is counted, e.g. remains-to-ukraine.")
    value: Count | None = None
    low: Count | None = None
    high: Count | None = None
    qualifier: Literal["exact", "approx", "at-least", "at-most", "more-than", "fewer-than"] = "exact"
    unit: Literal["bodies", "prisoners", "people"]
    scope: Literal["event", "cumulative", "commitment"]
    as_of: Date
    from_: Literal["russia", "ukraine"] | None = Field(None, alias="from")
    to: Literal["russia", "ukraine"] | None = None
    event: FactId | None = None
    claimed_by: FactId
    sources: Annotated[list[CitationIn], Field(min_length=1)]
    notes: LongText | None = None
    readings: list[Reading] = Field(default_factory=list, description=READINGS)
    translations: Annotated[dict[LanguageKey, FigureTranslation], BY_LANGUAGE] | None = Field(
        None, description=TRANSLATIONS)

    _cites = field_validator("sources", mode="after")(_as_citations)

    @property
    def citations(self) -> list[Citation]:
        """`sources`, every entry a `Citation` (a bare id is read as one)."""
        return [c if isinstance(c, Citation) else Citation(source=c) for c in self.sources]

    @model_validator(mode="after")
    def _value_or_range(self) -> Figure:
        has_range = self.low is not None or self.high is not None
        if self.value is None and not has_range:
            raise PydanticCustomError(
                "value-or-range", "a figure needs `value`, or `low` and `high`", {"field": None}
            )
        if self.value is not None and has_range:
            raise PydanticCustomError(
                "value-or-range", "give `value` or `low` and `high`, not both",
                {"field": "low" if self.low is not None else "high"},
            )
        if has_range and (self.low is None or self.high is None):
            missing = "low" if self.low is None else "high"
            raise PydanticCustomError(
                "value-or-range", "`{missing}` is missing; a range needs both `low` and `high`",
                {"missing": missing, "field": "high" if missing == "low" else "low"},
            )
        if self.low is not None and self.high is not None and self.low > self.high:
            raise PydanticCustomError(
                "low-above-high", "`low` ({low}) is greater than `high` ({high})",
                {"low": self.low, "high": self.high, "field": "low"},
            )
        if self.from_ is not None and self.from_ == self.to:
            raise PydanticCustomError(
                "same-side", "`from` and `to` are both `{side}`", {"side": self.to, "field": "to"}
            )
        return self

    def display_value(self) -> str:
        """`1,212`, `about 1,200`, `at least 100,000`, `more than 100,000`, `1,000–1,200`."""
        if self.value is not None:
            number = f"{self.value:,}"
        else:
            number = f"{self.low:,}–{self.high:,}"
        prefix = {"exact": "", "approx": "about ", "at-least": "at least ", "at-most": "at most ",
                  "more-than": "more than ", "fewer-than": "fewer than "}
        return prefix[self.qualifier] + number



def field_names(model: type[BaseModel]) -> list[str]:
    """The keys a contributor may write for `model` (aliases where they differ)."""
    return [f.alias or name for name, f in model.model_fields.items()]

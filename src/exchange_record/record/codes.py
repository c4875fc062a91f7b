"""Every diagnostic code the tool can emit, with its meaning, an example and the fix.

The one catalogue behind `exchange-record explain CODE` and `docs/errors.md`
(rustc's `--explain`, ruff's rule pages). Tests keep it whole: every code the
source passes to a `Diagnostic` is listed here, every entry is emitted
somewhere, each runnable example really gives its code, and `docs/errors.md`
is exactly what `render_markdown()` makes.

An example whose first line is `# facts/<kind>/<file>` is a file (or several,
each starting with such a line) that a test writes into a small valid record;
any other example is shown as text (a file layout, bytes a page cannot show).

Regenerate the page after changing an entry:

    python -m exchange_record.record.codes docs/errors.md
"""

from __future__ import annotations

import difflib
import sys
from dataclasses import dataclass

from .diagnostics import Severity
from .kinds import KINDS

#: how docs/errors.md is regenerated; said on the page and by `main`
REGENERATE = "python -m exchange_record.record.codes docs/errors.md"


@dataclass(frozen=True, slots=True)
class Code:
    """One diagnostic code, as a contributor needs to know it."""

    code: str
    severity: Severity
    meaning: str   #: one line: what the diagnostic says is wrong
    example: str   #: a minimal bad example: YAML files (`# facts/...` first) or a layout
    fix: str       #: what to do about it

    @property
    def runnable(self) -> bool:
        """Whether the example is fact files a test can write and validate."""
        return self.example.startswith("# facts/")

    def files(self) -> dict[str, str]:
        """The example's files, `{path under facts/: text}`; each keeps its `# facts/...` line."""
        out: dict[str, str] = {}
        current = ""
        for line in self.example.splitlines(keepends=True):
            if line.startswith("# facts/"):
                current = line[len("# facts/"):].strip()
                out[current] = ""
            out[current] += line
        return out


_E, _W, _N = Severity.ERROR, Severity.WARNING, Severity.NOTE

CODES: tuple[Code, ...] = (
    # --- reading one file (yamlfile.py) -------------------------------------------------
    Code("unreadable", _E,
         "A file or folder under `facts/` cannot be read: a link to nothing, a link loop, "
         "no permission.",
         "facts/actors/gone.yaml -> ../drafts/gone.yaml      (the link leads nowhere)\n",
         "Replace the link with the file itself, or make the file or folder readable."),
    Code("file-too-large", _E,
         "The file is larger than 1 MiB; a fact file is a few hundred bytes.",
         "facts/sources/report.yaml      2.4 MB: a whole article pasted into `notes`\n",
         "Keep the words that matter in `quote:` and link to the document (`url:`, "
         "`archive_url:`); put each fact in a file of its own."),
    Code("not-utf8", _E,
         "The file is not valid UTF-8 (saved as Latin-1, Windows-1251 or UTF-16, say).",
         "name: M<0xFC>ller      (ü saved as one Latin-1 byte, 0xFC)\n",
         "Save the file as UTF-8 (in most editors: *Save with encoding*, then UTF-8)."),
    Code("nul-byte", _E,
         "The file holds a NUL character (byte 0): a binary file, or one damaged by a crash.",
         "name: Vladimir Medinsky<NUL>\n",
         "Delete the character; a binary file is not a fact file."),
    Code("hidden-character", _E,
         "The file holds a character that changes how the text around it is shown or read: "
         "a bidirectional control (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) or a "
         "line break editors do not show (U+2028, U+2029, U+0085), comments included.",
         "name: Claimant <U+202E>RU      (shown reversed: Claimant UR)\n",
         "Delete it. Editors may not show it: go to the line and column `validate` gives, "
         "or search for the code point."),
    Code("empty-file", _E,
         "The file holds nothing but blank lines and comments.",
         "# facts/actors/medinsky.yaml\n"
         "# to do\n",
         "Fill it in (`exchange-record new KIND ID` writes a template with every required "
         "field), or delete it."),
    Code("yaml-syntax", _E,
         "The file is not valid YAML: an unclosed bracket or quote, a tab used to indent, "
         "`: ` inside an unquoted value.",
         "# facts/actors/medinsky.yaml\n"
         "name: [Vladimir Medinsky\n"
         "kind: official\n",
         "The message names the problem and where the construct started: close the bracket "
         "or quote, indent with spaces, quote a value that holds `: ` "
         "(`title: \"Talks: day two\"`)."),
    Code("multiple-documents", _E,
         "A second YAML document (`---`) starts in the file; a fact file holds one fact.",
         "# facts/actors/medinsky.yaml\n"
         "name: Vladimir Medinsky\n"
         "kind: official\n"
         "side: russia\n"
         "---\n"
         "name: Rustem Umerov\n",
         "Move the second fact into a file of its own."),
    Code("not-a-mapping", _E,
         "The file is a list, a single value or nothing, not lines of `field: value`.",
         "# facts/actors/medinsky.yaml\n"
         "- name: Vladimir Medinsky\n"
         "  kind: official\n",
         "Write the fields at the start of their lines, with no `- ` before the first."),
    Code("too-deep", _E,
         "Values are nested more than 32 levels deep.",
         "# facts/actors/medinsky.yaml\n"
         "name: " + "[" * 40 + "]" * 40 + "\n",
         "Remove the extra nesting: a fact is at most a few levels deep "
         "(`sources:`, a citation, its `quote:`)."),
    Code("bad-key", _E,
         "A key is a list, a mapping or an alias, not a field name.",
         "# facts/actors/medinsky.yaml\n"
         "? [name, title]\n"
         ": Vladimir Medinsky\n",
         "Write plain field names: `name: Vladimir Medinsky`."),
    Code("duplicate-key", _E,
         "A key appears twice in one mapping; YAML would silently keep only the last value.",
         "# facts/actors/medinsky.yaml\n"
         "name: Vladimir Medinsky\n"
         "kind: official\n"
         "side: russia\n"
         "name: V. Medinsky\n",
         "Remove one of the two, or merge their values."),
    Code("too-many-aliases", _E,
         "More than 16 YAML aliases (`*name`) in one file; aliases can blow a small file up "
         "into a huge document.",
         "# facts/actors/medinsky.yaml\n"
         "a: &a [x, x, x]\n"
         "b: [" + ", ".join(["*a"] * 17) + "]\n",
         "Write the values out; fact files need no anchors or aliases."),
    Code("number-too-large", _E,
         "An unquoted number has more than 30 digits.",
         "# facts/figures/medinsky-1200-bodies.yaml\n"
         "value: 1200000000000000000000000000000000\n",
         "Check the value: a count is at most 100,000,000."),
    Code("unsupported-tag", _E,
         "A YAML tag other than the core ones (`!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, "
         "`!!seq`, `!!map`): `!include`, `!!python/object`, `!!set`…",
         "# facts/actors/medinsky.yaml\n"
         "name: !include other.yaml\n",
         "Remove the tag and write the value itself."),
    Code("control-character", _E,
         "Text holds a control character (C0, C1, DEL) or a bidirectional control, usually "
         "written as an escape (`\"\\e\"`), or a tab or line break in one-line text "
         "(names, titles, locators).",
         "# facts/actors/medinsky.yaml\n"
         "name: \"Vladimir\\tMedinsky\"\n"
         "kind: official\n"
         "side: russia\n",
         "Remove it: text holds letters, digits, punctuation and spaces; tabs and line breaks "
         "only in quotes, notes, summaries and descriptions."),
    # --- one fact's fields (validate.py, models.py) ---------------------------------------
    Code("missing-field", _E,
         "A field the kind requires is not in the file, or a translation lacks `by` (who made it) "
         "or `reviewed`.",
         "# facts/actors/medinsky.yaml\n"
         "name: Vladimir Medinsky\n"
         "side: russia\n",
         "Add it (here `kind:`); `exchange-record new KIND ID` writes every required field."),
    Code("unknown-field", _E,
         "The kind has no such field: a typo (`sidee`, `qoute`) or a field of another kind.",
         "# facts/actors/medinsky.yaml\n"
         "name: Vladimir Medinsky\n"
         "kind: official\n"
         "sidee: russia\n",
         "Use the field the hint suggests or lists, or remove the line."),
    Code("wrong-type", _E,
         "A value of the wrong type: a list or a number where text belongs, one value where a "
         "list belongs, a decimal count, an infinite coordinate, anything but `true` or `false` "
         "for `reviewed`, or a value its YAML tag does not allow (`!!int 1_200`).",
         "# facts/events/talks-in-istanbul.yaml\n"
         "title: Talks in Istanbul\n"
         "sources: report-one\n",
         "Write what the field takes (the JSON Schemas in `docs/schemas/` list every field): "
         "a list as `[a, b]` or one `- a` per line, whole numbers for counts, quotes around "
         "text that looks like a number."),
    Code("invalid-value", _E,
         "A value outside the field's fixed list (`kind`, `side`, `unit`, `scope`, `qualifier`, "
         "`from`, `to`), or another value the model refuses.",
         "# facts/actors/medinsky.yaml\n"
         "name: Vladimir Medinsky\n"
         "kind: official\n"
         "side: Russia\n",
         "Write one of the values the message lists, exactly (lower case, with hyphens)."),
    Code("number-as-text", _E,
         "A count is written as text: quoted, or with thousands separators.",
         "# facts/figures/medinsky-1200-bodies.yaml\n"
         "value: 1,212\n",
         "Write a plain number: `value: 1212` (no quotes, no separators)."),
    Code("empty-value", _E,
         "A text field is empty or holds only spaces.",
         "# facts/actors/medinsky.yaml\n"
         "name:\n"
         "kind: official\n"
         "side: russia\n",
         "Write the value, or remove the line if the field is optional."),
    Code("too-long", _E,
         "Text is longer than its limit: 300 characters for names, titles and locators, "
         "20,000 for quotes, notes, summaries and descriptions.",
         "# facts/sources/medinsky-statement.yaml\n"
         "title: >-\n"
         "  Statement by Vladimir Medinsky, head of the Russian delegation, on the results of the\n"
         "  second round of direct talks in Istanbul, on the exchange of prisoners of war and\n"
         "  the transfer of the bodies of soldiers killed in action, with the full list of the\n"
         "  documents handed over to the Ukrainian side and the memorandum of the Russian side\n",
         "Shorten it: a title names the document or event; the details go in `summary`, "
         "`notes` or `quote`."),
    Code("empty-list", _E,
         "`sources` is an empty list: an event or figure cites at least one source.",
         "# facts/events/talks-in-istanbul.yaml\n"
         "title: Talks in Istanbul\n"
         "sources: []\n",
         "Cite the source that reports it: `sources: [report-one]`."),
    Code("negative-count", _E,
         "`value`, `low` or `high` is below zero.",
         "# facts/figures/medinsky-1200-bodies.yaml\n"
         "value: -1200\n",
         "A count is zero or more; the direction goes in `from` and `to`."),
    Code("out-of-range", _E,
         "A number is outside its range: a count above 100,000,000, a latitude beyond ±90, "
         "a longitude beyond ±180.",
         "# facts/places/istanbul.yaml\n"
         "name: Istanbul\n"
         "kind: city\n"
         "lat: 128.98\n"
         "lon: 41.01\n",
         "Check the value; for coordinates, check that `lat` and `lon` are not swapped."),
    Code("bad-id", _E,
         "An id breaks the rule (lowercase letters a–z, digits and single hyphens, at most "
         "80 characters): in a file name, `id:`, a reference, `previous_ids` or `measure`.",
         "# facts/figures/medinsky-1200-bodies.yaml\n"
         "claimed_by: Vladimir_Medinsky\n",
         "Write lowercase words joined by single hyphens (`vladimir-medinsky`); for a file "
         "name, rename the file."),
    Code("reserved-id", _E,
         "An id the site uses itself (`index`, `tags`, `search`, `assets`, `data`) or a name "
         "Windows reserves (`con`, `prn`, `aux`, `nul`, `com0`–`com9`, `lpt0`–`lpt9`).",
         "# facts/events/index.yaml\n"
         "title: Talks in Istanbul\n",
         "Choose a more specific id: `talks-in-istanbul-2025-06-02`."),
    Code("id-mismatch", _E,
         "`id:` differs from the file name; a fact's id is its file name.",
         "# facts/actors/medinsky.yaml\n"
         "id: vladimir-medinsky\n"
         "name: Vladimir Medinsky\n"
         "kind: official\n"
         "side: russia\n",
         "Remove `id:` (it is optional), or rename the file to match it."),
    Code("invisible-text", _E,
         "A name or title has no visible character (only zero-width spaces, Hangul fillers, "
         "blank Braille): every link to it would be invisible.",
         "# facts/actors/medinsky.yaml\n"
         "name: \"\\u200b\"\n"
         "kind: official\n"
         "side: russia\n",
         "Write the name."),
    Code("invalid-date", _E,
         "A date is not written YYYY, YYYY-MM or YYYY-MM-DD, does not exist (30 February), "
         "is outside 1900–2100, or carries a time.",
         "# facts/sources/medinsky-statement.yaml\n"
         "title: Statement by Vladimir Medinsky\n"
         "kind: official-statement\n"
         "published: 13/06/2025\n",
         "Write the date only as precisely as it is known: `2025`, `2025-06` or `2025-06-13`."),
    Code("range-order", _E,
         "A date range starts after it ends.",
         "# facts/events/talks-in-istanbul.yaml\n"
         "date:\n"
         "  start: 2025-06-13\n"
         "  end: 2025-06-02\n",
         "Swap `start` and `end`."),
    Code("bad-url", _E,
         "An address is not http(s) with a host, holds a user name or password, a port "
         "beyond 65535, or a character no address holds as written (a space, `<`, `>`, `\"`…).",
         "# facts/sources/medinsky-statement.yaml\n"
         "title: Statement by Vladimir Medinsky\n"
         "kind: official-statement\n"
         "published: 2025-06-13\n"
         "url: https://example.org/statement on talks\n",
         "Copy the address from the browser's address bar; percent-encode what it holds "
         "(`%20` for a space); only http:// and https:// are published."),
    Code("bad-country", _E,
         "`country` is not an ISO 3166-1 alpha-2 code.",
         "# facts/places/country-ukraine.yaml\n"
         "name: Ukraine\n"
         "kind: country\n"
         "country: Ukraine\n",
         "Write the two capital letters: `country: UA`."),
    Code("bad-language", _E,
         "`language` is not a known BCP 47 language tag.",
         "# facts/sources/medinsky-statement.yaml\n"
         "title: Statement by Vladimir Medinsky\n"
         "kind: official-statement\n"
         "published: 2025-06-13\n"
         "language: russian\n",
         "Write the tag: `ru`, `uk`, `en`, `en-GB`."),
    Code("coordinates-pair", _E,
         "A place has `lat` without `lon`, or `lon` without `lat`.",
         "# facts/places/istanbul.yaml\n"
         "name: Istanbul\n"
         "kind: city\n"
         "lat: 41.01\n",
         "Give both or neither."),
    Code("value-or-range", _E,
         "A figure has neither `value` nor `low` and `high`, has both, or has only one end "
         "of a range.",
         "# facts/figures/medinsky-1200-bodies.yaml\n"
         "title: 1,200 bodies returned to Ukraine, per Medinsky\n"
         "measure: remains-to-ukraine\n"
         "low: 1000\n"
         "unit: bodies\n"
         "scope: event\n"
         "as_of: 2025-06-13\n"
         "claimed_by: claimant-ru\n"
         "sources: [report-one]\n",
         "Write `value:` for one number, or `low:` and `high:` for a range."),
    Code("low-above-high", _E,
         "A figure's `low` is greater than its `high`.",
         "# facts/figures/medinsky-1200-bodies.yaml\n"
         "title: 1,200 to 1,300 bodies returned to Ukraine, per Medinsky\n"
         "measure: remains-to-ukraine\n"
         "low: 1300\n"
         "high: 1200\n"
         "unit: bodies\n"
         "scope: event\n"
         "as_of: 2025-06-13\n"
         "claimed_by: claimant-ru\n"
         "sources: [report-one]\n",
         "Swap them."),
    Code("same-side", _E,
         "A figure's `from` and `to` are the same side.",
         "# facts/figures/medinsky-1200-bodies.yaml\n"
         "title: 1,200 bodies returned to Ukraine, per Medinsky\n"
         "measure: remains-to-ukraine\n"
         "value: 1200\n"
         "unit: bodies\n"
         "scope: event\n"
         "as_of: 2025-06-13\n"
         "from: russia\n"
         "to: russia\n"
         "claimed_by: claimant-ru\n"
         "sources: [report-one]\n",
         "`from` is the side that hands over, `to` the side that receives."),
    Code("translation-without-quote", _E,
         "A citation gives a `translation` but no `quote` to translate.",
         "# facts/figures/medinsky-27-bodies.yaml\n"
         "title: 27 bodies returned to Russia, per Medinsky\n"
         "measure: remains-to-russia\n"
         "value: 27\n"
         "unit: bodies\n"
         "scope: cumulative\n"
         "as_of: 2025-06-11\n"
         "claimed_by: claimant-ru\n"
         "sources:\n"
         "  - source: report-one\n"
         "    translation: We have received the bodies of 27 Russian service members.\n",
         "Add the `quote` in the source's own language (and its `language`), or move the "
         "English words to `quote` if the source is in English."),
    # --- translations of a fact's text (models.py, translations.py) ------------------------
    Code("unknown-language", _E,
         "`translations` names a language the record is not translated into; the languages are "
         "`uk` (Ukrainian) and `ru` (Russian).",
         "# facts/places/istanbul.yaml\n"
         "name: Istanbul\n"
         "kind: city\n"
         "translations:\n"
         "  ua: {name: Стамбул, by: O. Translator, reviewed: false}\n",
         "Write the language's code: `uk` for Ukrainian (`UA` is the country), `ru` for Russian. "
         "English is the fact's own text."),
    Code("untranslatable-field", _E,
         "A translation gives a field of the fact that is not translated: a value that is the same "
         "in every language (`kind`, `date`, `side`, an id), or a quote (quotes stay as said).",
         "# facts/places/istanbul.yaml\n"
         "name: Istanbul\n"
         "kind: city\n"
         "translations:\n"
         "  uk: {name: Стамбул, kind: місто, by: O. Translator, reviewed: false}\n",
         "Remove it. A translation gives only the fields the message lists: " + "; ".join(
             f"{k.folder} " + ", ".join(f"`{name}`" for name in k.model.translatable())
             for k in KINDS.values()) + "."),
    Code("empty-translation", _E,
         "A translation says who made it but gives no translated text.",
         "# facts/places/istanbul.yaml\n"
         "name: Istanbul\n"
         "kind: city\n"
         "translations:\n"
         "  uk: {by: O. Translator, reviewed: false}\n",
         "Add the translated fields (`name: Стамбул`), or remove the language."),
    Code("translation-without-english", _E,
         "A translation gives a field the fact does not have in English: there is nothing it "
         "translates.",
         "# facts/actors/medinsky.yaml\n"
         "name: Vladimir Medinsky\n"
         "kind: official\n"
         "side: russia\n"
         "translations:\n"
         "  uk:\n"
         "    name: Володимир Мединський\n"
         "    description: Помічник президента Росії.\n"
         "    by: O. Translator\n"
         "    reviewed: false\n",
         "Write the English first (here `description:`), then translate it; or remove the "
         "translated field."),
    Code("stray-file", _E,
         "A file or folder under `facts/` is not read: not in a kind folder, not ending in "
         "`.yaml` (`.yml`, `.YAML`), hidden, a sub-folder, a folder not named after a kind, "
         "or not a regular file.",
         "# facts/actors/medinsky.yml\n"
         "name: Vladimir Medinsky\n",
         "Move it to `facts/<kind>/<id>.yaml` (kinds: actors, places, sources, events, "
         "figures); keep drafts outside `facts/`."),
    Code("outside-facts", _E,
         "A link under `facts/` (to a file or a kind folder) leads outside it; it is not "
         "followed.",
         "facts/actors/medinsky.yaml -> /home/me/notes/medinsky.yaml\n",
         "Copy the fact into the facts folder instead of linking to it."),
    Code("no-facts", _E,
         "The folder of facts does not exist or is not a folder.",
         "mkdocs.yml:\n"
         "  plugins:\n"
         "    - exchange-record:\n"
         "        facts_dir: fact            (the folder is `facts`)\n",
         "Point `facts_dir` (in mkdocs.yml) or the command at the folder of facts."),
    # --- across facts (checks.py) -------------------------------------------------------
    Code("duplicate-id", _E,
         "Two files have the same id; ids are unique across all kinds.",
         "# facts/actors/kyiv.yaml\n"
         "name: Government of Ukraine\n"
         "kind: state\n"
         "side: ukraine\n"
         "# facts/places/kyiv.yaml\n"
         "name: Kyiv\n"
         "kind: city\n",
         "Rename one of the two (here the actor: `government-of-ukraine`); places of countries are "
         "named `country-…`."),
    Code("previous-id-taken", _E,
         "A `previous_ids` entry is a current id, or another fact's previous id too: its old "
         "address would lead to two pages.",
         "# facts/actors/medinsky.yaml\n"
         "name: Vladimir Medinsky\n"
         "kind: official\n"
         "side: russia\n"
         "previous_ids: [claimant-ru]\n",
         "Remove it from `previous_ids`, or rename the other fact."),
    Code("wrong-kind", _E,
         "A reference names a fact of the wrong kind.",
         "# facts/places/istanbul.yaml\n"
         "name: Istanbul\n"
         "kind: city\n"
         "# facts/figures/medinsky-1200-bodies.yaml\n"
         "claimed_by: istanbul\n",
         "Name a fact of the kind the field takes (`claimed_by`: an actor; `event`: an event)."),
    Code("dangling-reference", _E,
         "A reference names an id no fact has.",
         "# facts/figures/medinsky-1200-bodies.yaml\n"
         "claimed_by: vladimir-medinsky\n",
         "Fix the id (the hint suggests the closest), or add the missing fact."),
    Code("cycle", _E,
         "`cites`, `within` or `member_of` goes round in a circle.",
         "# facts/sources/report-a.yaml\n"
         "title: Report A\n"
         "kind: news-article\n"
         "published: 2025\n"
         "cites: [report-b]\n"
         "# facts/sources/report-b.yaml\n"
         "title: Report B\n"
         "kind: news-article\n"
         "published: 2025\n"
         "cites: [report-a]\n",
         "One of these links is wrong: remove it."),
    # --- warnings ------------------------------------------------------------------------
    Code("placeholder", _W,
         "Text still starts with the `TODO` that `exchange-record new` left.",
         "# facts/actors/medinsky.yaml\n"
         "name: TODO the actor's name\n"
         "kind: official\n"
         "side: russia\n",
         "Replace the TODO with the real value."),
    Code("source-without-address", _W,
         "A source has neither `url` nor `archive_url`, and does not say why in `unavailable`.",
         "# facts/sources/medinsky-statement.yaml\n"
         "title: Statement by Vladimir Medinsky\n"
         "kind: official-statement\n"
         "published: 2025-06-11\n",
         "Add the address you read it at (and an archived copy), or say in `unavailable:` why "
         "there is none, e.g. `Known only through the article …; the statement itself was not found.`"),
    Code("event-after-sources", _W,
         "An event is dated after every source that reports it was published.",
         "# facts/events/talks-in-istanbul.yaml\n"
         "title: Talks in Istanbul\n"
         "date: 2025-07-01\n"
         "kind: talks\n"
         "summary: The delegations met.\n"
         "sources: [report-one]          # published 2025-06-13\n",
         "Check the event's `date` and the sources' `published` dates."),
    Code("as-of-after-sources", _W,
         "A figure's `as_of` is after every one of its sources was published.",
         "# facts/figures/medinsky-1200-bodies.yaml\n"
         "title: 1,200 bodies returned to Ukraine, per Medinsky\n"
         "measure: remains-to-ukraine\n"
         "value: 1200\n"
         "unit: bodies\n"
         "scope: event\n"
         "as_of: 2025-06-20\n"
         "claimed_by: claimant-ru\n"
         "sources: [report-one]          # published 2025-06-13\n",
         "`as_of` is the date the number refers to, at most its source's publication date."),
    Code("series-decreases", _W,
         "A cumulative count from one claimant goes down.",
         "# facts/figures/total-2-june.yaml\n"
         "title: Total per Medinsky, 2 June\n"
         "measure: remains-to-ukraine\n"
         "value: 6060\n"
         "unit: bodies\n"
         "scope: cumulative\n"
         "as_of: 2025-06-02\n"
         "claimed_by: claimant-ru\n"
         "sources: [report-one]\n"
         "# facts/figures/total-13-june.yaml\n"
         "title: Total per Medinsky, 13 June\n"
         "measure: remains-to-ukraine\n"
         "value: 6000\n"
         "unit: bodies\n"
         "scope: cumulative\n"
         "as_of: 2025-06-13\n"
         "claimed_by: claimant-ru\n"
         "sources: [report-one]\n",
         "A running total cannot shrink: check the value, the date and the `scope`."),
    Code("stale-translation", _W,
         "A translation's fingerprint (`of:`) is not that of the fact's English as it is now: the "
         "English it translates has changed since the translation was stamped (or the translation "
         "now gives other fields), so it may no longer say what the English says.",
         "# facts/places/istanbul.yaml\n"
         "name: Istanbul, Türkiye\n"
         "kind: city\n"
         "translations:\n"
         "  uk:\n"
         "    name: Стамбул\n"
         "    by: O. Translator\n"
         "    reviewed: false\n"
         "    of: 655379c5d243      # stamped when the English name was `Istanbul`\n",
         "Bring the translation in line with the English as it is now (the page shows it as "
         "possibly out of date until then), then run the command the hint gives: "
         "`exchange-record translate --stamp --lang uk FILE`."),
    Code("translation-readings-count", _W,
         "A translation's `readings` do not give one reason for each of the fact's own readings.",
         "# facts/figures/umerov-6000-bodies-to-russia.yaml\n"
         "title: 6,000 bodies to be returned to Russia, per Umerov\n"
         "measure: remains-to-russia\n"
         "value: 6000\n"
         "unit: bodies\n"
         "scope: commitment\n"
         "as_of: 2025-06-02\n"
         "claimed_by: rustem-umerov\n"
         "sources: [unn-2025-06-02-umerov]\n"
         "readings:\n"
         "  - of: direction\n"
         "    because: Umerov does not say which side returns which.\n"
         "translations:\n"
         "  uk:\n"
         "    readings:\n"
         "      - Умєров не каже, яка сторона що повертає.\n"
         "      - Запис датує цифру 2 червня.\n"
         "    by: O. Translator\n"
         "    reviewed: false\n",
         "Give one translated reason for each reading under the fact's `readings:`, in the same "
         "order, then stamp the translation. Until then the page shows the readings' reasons in "
         "English (a warning, as a stale translation is: a correction in English never waits for "
         "the translators)."),
    Code("translation-citations-count", _W,
         "A translation's `locators`, `translators` or `citation_readings` do not give one text for "
         "each of the fact's citations' locators, translators or readings.",
         "# facts/figures/count-per-ru.yaml\n"
         "title: 1,200 bodies returned to Ukraine, per Claimant RU\n"
         "measure: remains-to-ukraine\n"
         "value: 1200\n"
         "unit: bodies\n"
         "scope: event\n"
         "as_of: 2025-06-13\n"
         "claimed_by: claimant-ru\n"
         "sources:\n"
         "  - source: report-one\n"
         "    quote: 1,200 bodies were handed over\n"
         "    locator: the report's lead\n"
         "translations:\n"
         "  uk:\n"
         "    locators:\n"
         "      - лід повідомлення\n"
         "      - другий абзац\n"
         "    by: O. Translator\n"
         "    reviewed: false\n",
         "Give one translated text for each citation that has one in English, in the order of "
         "`sources:` (`locators` for each `locator`, `translators` for each `translated_by`, "
         "`citation_readings` for each reading inside a citation), then stamp the translation. "
         "Until then the page shows that list in English, marked as English."),
    # --- the facts folder (load.py) -----------------------------------------------------
    Code("unstamped-translation", _W,
         "A translation does not record the fingerprint of the English it was made from (no `of:`), "
         "so a later change to the English could not be noticed.",
         "# facts/places/istanbul.yaml\n"
         "name: Istanbul\n"
         "kind: city\n"
         "translations:\n"
         "  uk:\n"
         "    name: Стамбул\n"
         "    by: O. Translator\n"
         "    reviewed: false\n",
         "Once the translation matches the English, run `exchange-record translate --stamp --lang uk "
         "FILE`: it adds the `of:` line and changes nothing else in the file."),
    # --- notes ---------------------------------------------------------------------------
    Code("disagreement", _N,
         "Claimants give figures of one measure and scope that cannot all be right (the same "
         "date, different numbers; or a total lower than an earlier one). A finding, never a "
         "failure: the site shows them side by side.",
         "# facts/figures/count-per-ukraine.yaml\n"
         "title: 1,212 bodies returned to Ukraine, per Ukraine\n"
         "measure: remains-to-ukraine\n"
         "value: 1212\n"
         "unit: bodies\n"
         "scope: event\n"
         "as_of: 2025-06-13\n"
         "claimed_by: claimant-ua\n"
         "sources: [report-one]          # and claimant-ru says 1,200\n",
         "Nothing to fix if each figure records its claimant faithfully; never merge, average "
         "or pick."),
)

CATALOGUE: dict[str, Code] = {c.code: c for c in CODES}

_HEADINGS = {Severity.ERROR: "Errors", Severity.WARNING: "Warnings", Severity.NOTE: "Notes"}
_ABOUT = {
    Severity.ERROR: "An error makes the record unpublishable: `validate` exits 1 and the site "
                    "does not build.",
    Severity.WARNING: "A warning is a likely mistake; `validate --strict` (as on every pull "
                      "request) makes it an error.",
    Severity.NOTE: "A note is a finding, never a failure.",
}


def render_markdown() -> str:
    """docs/errors.md: an index of every code, then one section per code, by severity."""
    out = [
        f"<!-- Generated from src/exchange_record/record/codes.py by `{REGENERATE}`: "
        "edit the catalogue, not this page. -->",
        "",
        "# Diagnostic codes",
        "",
        "Every problem `exchange-record validate` reports carries a code in brackets: "
        "`error[number-as-text]`. This page explains each: what it means, a small example "
        "that gives it, and how to fix it. In a terminal, `exchange-record explain CODE` "
        "prints the same.",
        "",
        "Examples are fact files, each starting with a comment that names it; the ids they "
        "mention (`claimant-ru`, `claimant-ua`, `report-one`) stand for facts that exist. A "
        "test writes each example into a small valid record and checks that `validate` "
        "reports its code. The page is generated from the catalogue in "
        f"`src/exchange_record/record/codes.py` (`{REGENERATE}`).",
        "",
        "| Code | Severity | Meaning |",
        "|---|---|---|",
    ]
    ordered = [c for s in Severity for c in CODES if c.severity is s]
    out += [f"| [`{c.code}`](#{c.code}) | {c.severity.value} | {c.meaning} |" for c in ordered]
    for severity in Severity:
        entries = [c for c in CODES if c.severity is severity]
        out += ["", f"## {_HEADINGS[severity]}", "", _ABOUT[severity]]
        for c in entries:
            lang = "yaml" if c.runnable else "text"
            out += ["", f"### {c.code} {{#{c.code}}}", "", c.meaning, "", f"```{lang}",
                    c.example.rstrip("\n"), "```", "", f"**Fix:** {c.fix}"]
    return "\n".join(out) + "\n"


def explain(code: str) -> str:
    """One entry as plain text, for a terminal (`exchange-record explain CODE`)."""
    c = CATALOGUE[code]
    example = "".join("    " + line for line in c.example.splitlines(keepends=True))
    return (f"{c.code} ({c.severity.value})\n\n{c.meaning}\n\nExample:\n\n{example}\n"
            f"Fix: {c.fix}\n")


def close_to(code: str) -> str | None:
    """The catalogued code closest to a mistyped one, if any is close."""
    close = difflib.get_close_matches(code, list(CATALOGUE), n=1, cutoff=0.6)
    return close[0] if close else None


def main(argv: list[str] | None = None) -> int:
    """`python -m exchange_record.record.codes [FILE]`: write docs/errors.md (or print it)."""
    args = sys.argv[1:] if argv is None else argv
    text = render_markdown()
    if not args:
        sys.stdout.write(text)
        return 0
    with open(args[0], "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

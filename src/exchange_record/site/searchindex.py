"""Material's search index, made to find a number however a reader types it.

Pages print numbers grouped: `1,200` in English, `1 200` (a no-break or narrow
no-break space) in Ukrainian and Russian. Material's search (lunr, in the
browser) matches the start of the words of a page, so `1200` found nothing and
only `1,200` found the pages that print it. `with_plain_numbers` gives every
entry of the index (`search/search_index.json`) the digits-only form of each
grouped number of its title and of its text, as two more fields with the same
boosts as the title and the text: `1200` finds and ranks the pages just as
`1,200` does. The fields are never shown (results print the title and the
text), and they cost a few bytes per entry; a digits-only number already in
the text gets nothing more.

`SEPARATOR` is where the index and the query are cut into words. Material's
default cuts only at spaces and hyphens, so a word right after a bracket or a
quotation mark (`(TASS,`, `"6,000`, `«Рефрижераторы`) could not be found by its
start. This one also cuts at brackets, quotation marks, slashes and other
punctuation, at a comma or full stop unless a digit follows (`1,200` and `2.5`
stay one word, so both the grouped and the digits-only form can be typed), and
at character references (`&amp;`). It keeps apostrophes (`Ukraine's`, the
Ukrainian `м'ясо`). No separator alone could make `1200` find `1,200`: it can
only cut words, not join them.

Cyrillic needs nothing here: Material's default English pipeline has neither
lunr's trimmer (which deletes non-Latin words whole) nor a stemmer, so Russian
and Ukrainian words are indexed as written, lowercased, and a query matches any
word that starts with it (`Брянск` finds `Брянской`). See mkdocs.yml for why
the index has no stemmer.
"""

from __future__ import annotations

import json
import re
from typing import Any

#: Where words end, for the index and for queries: a JavaScript regular
#: expression (Material's `search.separator`, compiled without the `u` flag).
SEPARATOR = (r"[\s\-‐‑‒–—―/\\()\[\]{}\"“”„‟«»‹›‘‚;:!?…|]+"
             r"|,(?!\d)|\.(?!\d)|&[a-z]+;|&#\d+;")
#: the index fields that get the digits-only forms of their grouped numbers: field -> its numbers
NUMBER_FIELDS = {"title": "title_numbers", "text": "text_numbers"}

# Digit groups of three after a comma, a no-break, narrow no-break or thin space:
# `1,200`, `12 000`, `1 200 000`; not part of a longer number (`2,5` or `1,2003`).
_GROUP = "[,\u00a0\u202f\u2009]"
_GROUPED = re.compile(rf"(?<![\d.,])\d{{1,3}}(?:{_GROUP}\d{{3}})+(?!\d|{_GROUP}\d)")
_GROUP_MARK = re.compile(_GROUP)


def plain_numbers(text: str) -> list[str]:
    """The digits-only form of every grouped number in `text`, once each, in order
    (`"1,200 of 6,000 bodies"` -> `["1200", "6000"]`)."""
    seen: dict[str, None] = {}
    for m in _GROUPED.finditer(text):
        seen.setdefault(_GROUP_MARK.sub("", m.group(0)))
    return list(seen)


def with_plain_numbers(index: dict[str, Any]) -> dict[str, Any]:
    """Material's search index (`{"config": …, "docs": […]}`) with `NUMBER_FIELDS`
    on each entry that has grouped numbers, declared in the config with the boost of
    their field. Pure: `index` is left as it was; applied twice, the same result."""
    config = dict(index.get("config") or {})
    fields = dict(config.get("fields") or {})
    for source, target in NUMBER_FIELDS.items():
        fields[target] = dict(fields.get(source) or {"boost": 1.0})
    config["fields"] = fields
    docs = []
    for doc in index.get("docs") or []:
        doc = {key: value for key, value in doc.items() if key not in NUMBER_FIELDS.values()}
        for source, target in NUMBER_FIELDS.items():
            text = doc.get(source)
            numbers = plain_numbers(text) if isinstance(text, str) else []
            if numbers:
                doc[target] = " ".join(numbers)
        docs.append(doc)
    return {**index, "config": config, "docs": docs}


def tags_once(index: dict[str, Any]) -> dict[str, Any]:
    """Material's search index with each page's tags on its own entry only, not
    again on every section of it (`page/#section`). Material shows and ranks a
    page's tags from the page's entry; a section's copy only matched a tag query a
    second time, for the same page, and at 10,000 facts it was 6 % of the index.
    Pure, like `with_plain_numbers`."""
    pages = {doc["location"] for doc in index.get("docs") or [] if "#" not in doc.get("location", "")}
    docs = []
    for doc in index.get("docs") or []:
        page, _, section = doc.get("location", "").partition("#")
        if section and page in pages and "tags" in doc:
            doc = {key: value for key, value in doc.items() if key != "tags"}
        docs.append(doc)
    return {**index, "docs": docs}


def entries_json(docs: list[dict[str, Any]]) -> str:
    """One page's entries (the page's own and its sections'), as published: with
    their plain numbers and tags once, each a compact JSON object, joined by commas
    ("" for none). Both changes work within a page, so a page's text can be kept
    from build to build and the index written from the pages' texts (`index_json`)."""
    index = tags_once(with_plain_numbers({"docs": docs}))
    return ",".join(_compact(doc) for doc in index["docs"])


#: what a fact page's entry keeps in the first part of a served site's index (`first_entries`)
FIRST_KEYS = ("location", "title", "title_numbers", "boost")
#: the second part of a served site's index, beside `search/search_index.json`
#: (theme/assets/javascripts/workers/exchange-record-search.js fetches it)
REST = "search/search_index_rest.json"


def first_entries(docs: list[dict[str, Any]]) -> str:
    """A fact page's entries (Material's, as `entries_json` takes them) as the first part
    of a served site's index holds them: its own entry's address, title, boost and the
    digits of its title's numbers, with no text; its sections left for the second part
    (`REST`), which holds the page's entries whole.

    A reader's browser downloads the first part before the first result: at 10,000
    facts the whole index is 4.5-6.5 MB, the fact pages' quotes, notes, sources and
    tags most of it. Titles, numbers in titles and every other page are found at
    once; the rest when the second part has arrived (the worker runs the query again)."""
    if not docs:
        return ""
    head = with_plain_numbers({"docs": docs[:1]})["docs"][0]
    return _compact({**{key: head[key] for key in FIRST_KEYS if key in head}, "text": ""})


def rest_json(docs: str) -> str:
    """The second part of a served site's index: the fact pages' `entries_json`,
    joined by commas."""
    return '{"docs":[' + docs + "]}"


#: Material's worker as its config names it in a page: `"search": "…/workers/search.<hash>.min.js"`
_WORKER = re.compile(r'("search":\s*"[^"]*/workers/)(search\.[0-9a-f]+\.min\.js)"')
#: the page's config script, where Material reads the worker's address
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.DOTALL)
#: the worker that runs Material's on the index in two parts (theme/assets/javascripts/workers/)
WORKER = "assets/javascripts/workers/exchange-record-search.js"
#: where the build writes Material's worker's file name into it
_MATERIAL_WORKER = "@MATERIAL_WORKER@"


def material_worker(template: str) -> str | None:
    """The file name of Material's search worker as a theme's `base.html` names it
    (`search.a7633da7.min.js`), or None. If None (another theme, a Material that moved
    it), the index stays whole: in two parts with Material's worker alone, fact pages
    would be found by title only."""
    m = _WORKER.search(template)
    return m.group(2) if m else None


def search_worker(script: str, material: str) -> str:
    """Our worker's script (theme/assets/javascripts/workers/exchange-record-search.js)
    with the name of Material's worker it runs written in."""
    if _MATERIAL_WORKER not in script:
        raise ValueError(f"the search worker's script has no {_MATERIAL_WORKER} for Material's worker's name")
    return script.replace(_MATERIAL_WORKER, material)


def with_search_worker(html: str) -> str:
    """A page of a served site with our search worker in its config (Material's
    `__config` script) in Material's worker's place; nothing else in the page changes."""
    def config(m: re.Match[str]) -> str:
        worker = _WORKER.sub(lambda w: f'{w.group(1)}{WORKER.rsplit("/", 1)[1]}"', m.group(2), count=1)
        return m.group(1) + worker + m.group(3)
    return _CONFIG.sub(config, html, count=1)


def index_json(index: dict[str, Any], docs: str) -> str:
    """The search index `index` (Material's, as it wrote it) with its entries written
    as `docs`, the pages' `entries_json` joined by commas, and its config given the
    plain numbers' fields: the bytes of `json.dumps(tags_once(with_plain_numbers(index)))`
    when `docs` are `index`'s own entries (any other key of `index` is kept, before the
    entries)."""
    head = {key: value for key, value in with_plain_numbers({**index, "docs": []}).items() if key != "docs"}
    text = _compact({**head, "docs": []})
    return text[:-len("]}")] + docs + "]}"


def _compact(value: Any) -> str:
    # UTF-8, not \uXXXX escapes: a Ukrainian or Russian index is a third of the size
    return json.dumps(value, separators=(",", ":"), default=str, ensure_ascii=False)


__all__ = ["FIRST_KEYS", "NUMBER_FIELDS", "REST", "SEPARATOR", "WORKER", "entries_json", "first_entries",
           "index_json", "material_worker", "plain_numbers", "rest_json", "search_worker",
           "tags_once", "with_plain_numbers", "with_search_worker"]

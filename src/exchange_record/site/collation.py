"""Alphabetical order as Ukrainian and Russian readers expect it.

Python sorts strings by code point, which puts the Ukrainian «і», «ї», «є» and «ґ»
after «я» (they are encoded after the Russian alphabet), and a list sorted by the
English names (`record.build.sort_facts`) is out of order once the names are
translated. `key` orders letters by one alphabet that merges the Ukrainian and the
Russian (each one's own order holds inside it: «и і ї й» and «е ё є»), after the
Latin letters, as the two languages' indexes list foreign names (Sputnik, URA.RU
then Букви, Інтерфакс); «ё» is «е», as Russian dictionaries sort it. Case, accents
on Latin letters, the apostrophe («Обʼєднаний») and punctuation decide only between
names otherwise equal. No collation library (pyuca, PyICU): this is all the site
sorts, and names in these two alphabets and in Latin letters are all the record
holds; a letter of another script sorts after them, by its code point.

Pure: also Material's tags plugin's sort keys (`tag_name`, `item_title`), which the
plugin sets where the project left Material's own.
"""

from __future__ import annotations

import unicodedata
from typing import Any

#: Ukrainian and Russian in one order
CYRILLIC = "абвгґдеёєжзиіїйклмнопрстуфхцчшщъыьэюя"
_RANK = {letter: i for i, letter in enumerate(CYRILLIC)}
_RANK["ё"] = _RANK["е"]
#: Latin letters NFD does not take apart
_LATIN = {"ł": "l", "ø": "o", "đ": "d", "ð": "d", "ı": "i", "æ": "a", "œ": "o", "ß": "s", "þ": "t"}
#: letters that are apostrophes (Ukrainian writes «ʼ», U+02BC, in «обʼєднаний»): no place of their own
_IGNORED = {"\u02bc", "\u02bb", "\u02b9"}


def _letter(ch: str) -> tuple[int, int, str]:
    if ch in _RANK:
        return (2, _RANK[ch], "")
    base = _LATIN.get(ch) or unicodedata.normalize("NFD", ch)[0]  # é -> e
    if base.isascii() and base.isalpha():
        return (1, ord(base), "")
    if ch.isdigit():
        return (0, int(ch) if ch.isdecimal() else 0, "")
    return (3, ord(ch), "")


def key(text: str) -> tuple[Any, ...]:
    """A sort key: letters in the merged alphabet, digits first, Latin before Cyrillic;
    then the text as written, so that equal names keep one order."""
    folded = text.casefold()
    words = tuple(_letter(ch) for ch in folded if ch.isalnum() and ch not in _IGNORED)
    return (words, folded, text)


def tag_name(tag: Any, *_args: Any) -> tuple[Any, ...]:
    """Material's tags plugin: a tag's place among the tags."""
    return key(str(tag.name))


def item_title(mapping: Any) -> tuple[Any, ...]:
    """Material's tags plugin: a page's place under its tag."""
    return key(str(mapping.item.title))


__all__ = ["CYRILLIC", "item_title", "key", "tag_name"]

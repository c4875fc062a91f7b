"""Markdown that is safe to publish, whatever a contributor typed.

Two kinds of text reach a page:

* **plain text** (titles, names, quotes, notes): escaped so that it shows
  exactly as written: no Markdown, no HTML, no attribute lists, one line;
* **Markdown** (event summaries): made linear to parse here (`prepare`), then
  turned into allowlisted HTML by summary.py.

Everything the templates print goes through `escape` unless it is built as
`Markup` (links here, summaries in summary.py).
"""

from __future__ import annotations

import bisect
import functools
import html
import re
from urllib.parse import quote, urlsplit

from markupsafe import Markup

# Python-Markdown's backslash escapes cover \\ ` * _ { } [ ] ( ) > # + - . !; the
# rest become entities. `|` would split a table cell.
_INLINE = re.compile(r"([\\`*_\[\]{}|<>&#!])")
_ENTITY = {"<": "&lt;", ">": "&gt;", "&": "&amp;", "|": "&#124;"}
_LIST_START = re.compile(r"^(\d+)([.)])|^([-+])")
#: a paragraph starting with `:` would be read as a definition of the one before
_DEFINITION_START = re.compile(r"^:")


def escape(value: object) -> Markup:
    """Plain text as inline Markdown that renders exactly as written."""
    if isinstance(value, Markup):
        return value
    return _escape_text(str(value))


_ASCII_SPACE = re.compile(r"[ \t\n\r\f\v]+")


def folded(text: str) -> str:
    """`text` on one line: runs of ASCII whitespace one space. No-break spaces (of a
    number, "1 200", or of typography) stay as written."""
    return _ASCII_SPACE.sub(" ", text).strip(" ")


@functools.lru_cache(maxsize=32768)  # names and titles recur on page after page
def _escape_text(text: str) -> Markup:
    # One line: no block structure from a title.
    text = folded(text)
    text = _INLINE.sub(lambda m: _ENTITY.get(m.group(1), "\\" + m.group(1)), text)
    # A leading "1." or "-" would start a list where the text begins a line.
    text = _LIST_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else "\\" + m.group(3), text)
    text = _DEFINITION_START.sub("&#58;", text)
    return Markup(text)


def escape_block(value: object) -> Markup:
    """Plain text over several lines (quotes, notes): escaped, paragraphs kept."""
    paragraphs = re.split(r"\n\s*\n", str(value).strip())
    return Markup("\n\n".join(escape(p) for p in paragraphs if p.strip()))


def as_browser_reads(url: str) -> str:
    """`url` as a browser resolves it in an `href`: character references decoded
    (`javascript&#58;` is `javascript:`; repeatedly, as Markdown and HTML may each
    decode once), tabs and line breaks dropped, leading and trailing controls and
    spaces stripped."""
    previous = None
    while previous != url:
        previous, url = url, html.unescape(url)
    return _URL_IGNORED.sub("", url).strip("".join(map(chr, range(0x21))))


_URL_IGNORED = re.compile(r"[\t\n\r]")


def safe_url(url: str) -> bool:
    """http(s) links, in-page anchors and relative paths; never javascript:, data:, file:…"""
    url = as_browser_reads(url)
    if url.startswith("#"):
        return True
    parts = urlsplit(url)
    if parts.scheme:
        return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)
    # `//host` and `/\host` go to another host; a `:` before any `/` is a scheme
    # that `urlsplit` did not take (e.g. `1javascript:`), never a path.
    first = url.split("/", 1)[0]
    return not url.startswith(("//", "/\\", "\\")) and ":" not in first


_BLOCKS = re.compile(r"(\n[ \t]*\n)")
_BACKTICKS = re.compile(r"`+")
#: a backtick after an even number of backslashes (none included): not escaped
_OPEN_BACKTICK = re.compile(r"(?<!\\)((?:\\\\)*)`")
_PLACEHOLDER = re.compile("\ue000([0-9]+)\ue001")  # private-use characters
#: brackets and parentheses nest at most this deep; deeper or unmatched ones are
#: text (Python-Markdown is quadratic in unmatched or deeply nested ones)
_MAX_NESTING = {"[": 2, "(": 3}
_CLOSES = {"]": "[", ")": "("}


def prepare(markdown: str) -> tuple[str, list[str]]:
    """A contributor's Markdown made linear to parse, and its code spans.

    Code spans are taken out (their `<code>` HTML is returned, to be put back
    with `restore` after conversion) and the backticks left open no span;
    brackets and parentheses that pair with nothing, or nest too deep, become
    escaped text. Each step is linear in the length of the text, whatever it
    holds. Links, HTML and everything else are the converter's to judge
    (summary.py).
    """
    text = markdown.replace("\r\n", "\n").strip()
    codes: list[str] = []
    # Code spans never cross a blank line (each paragraph is inlined on its own).
    text = "".join(part if _BLOCKS.fullmatch(part) else _stash_code(part, codes)
                   for part in _BLOCKS.split(text))
    text = _OPEN_BACKTICK.sub(lambda m: m.group(1) + "\\`", text)  # what is left opens no span
    return _balance(_cap_list_items(text)), codes


#: list items a summary may hold; after them a list marker is text (Python-Markdown
#: takes time quadratic in the number of items of one list)
MAX_LIST_ITEMS = 300
_LIST_ITEM = re.compile(r"^([ \t>]*)([-*+]|[0-9]+[.)])(?=[ \t]|$)", re.M)


def _cap_list_items(text: str) -> str:
    seen = 0

    def mark(m: re.Match[str]) -> str:
        nonlocal seen
        seen += 1
        return m.group(0) if seen <= MAX_LIST_ITEMS else m.group(1) + "\\" + m.group(2)

    return _LIST_ITEM.sub(mark, text)


def restore(converted: str, codes: list[str]) -> str:
    """Put the code spans `prepare` took out back into the converted HTML."""
    return _PLACEHOLDER.sub(lambda m: codes[int(m.group(1))] if int(m.group(1)) < len(codes) else "",
                            converted)


def _stash_code(block: str, codes: list[str]) -> str:
    """Replace each code span of `block` (a run of backticks up to the next run
    of the same length) by a placeholder for its `<code>` element."""
    runs = [m for m in _BACKTICKS.finditer(block) if not _escaped(block, m.start())]
    if len(runs) < 2:
        return block
    by_length: dict[int, list[int]] = {}
    for i, m in enumerate(runs):
        by_length.setdefault(len(m.group()), []).append(i)
    out, last = [], 0
    for i, m in enumerate(runs):
        if m.start() < last:  # inside or closing the span before
            continue
        j = _next_of(by_length[len(m.group())], i)
        if j is None:
            continue
        close = runs[j]
        codes.append(f"<code>{html.escape(block[m.end():close.start()].strip(), quote=False)}</code>")
        out.append(block[last:m.start()])
        out.append(f"\ue000{len(codes) - 1}\ue001")
        last = close.end()
    out.append(block[last:])
    return "".join(out)


def _next_of(same: list[int], i: int) -> int | None:
    k = bisect.bisect_right(same, i)
    return same[k] if k < len(same) else None


def _escaped(text: str, i: int) -> bool:
    """Whether the character at `i` follows an odd number of backslashes."""
    n = 0
    while i - n - 1 >= 0 and text[i - n - 1] == "\\":
        n += 1
    return n % 2 == 1


def _balance(text: str) -> str:
    """Backslash-escape every bracket or parenthesis that pairs with nothing, or
    nests too deep."""
    as_text: list[int] = []
    open_: dict[str, list[tuple[int, bool]]] = {"[": [], "(": []}
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\\":
            i += 2
            continue
        if ch in open_:
            stack = open_[ch]
            deep = len(stack) >= _MAX_NESTING[ch]
            stack.append((i, deep))
            if deep:
                as_text.append(i)
        elif ch in _CLOSES:
            stack = open_[_CLOSES[ch]]
            if not stack or stack.pop()[1]:
                as_text.append(i)
        i += 1
    as_text.extend(i for stack in open_.values() for i, deep in stack if not deep)
    if not as_text:
        return text
    out, last = [], 0
    for i in sorted(as_text):
        out.append(text[last:i])
        out.append("\\")
        last = i
    out.append(text[last:])
    return "".join(out)


def relative(target: str, from_page: str) -> str:
    """The path of `target` relative to the folder of `from_page` (both relative to the site root).

    `posixpath.relpath` does the same but calls `abspath` on both sides, which
    dominated rendering time; pages here are plain relative paths.
    """
    here = from_page.split("/")[:-1]
    there = target.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


def link(label: object, target: str, from_page: str) -> Markup:
    """`[label](relative/path.md)` from the page `from_page` to the page `target`."""
    anchor = ""
    if "#" in target:
        target, anchor = target.split("#", 1)
        anchor = "#" + anchor
    rel = relative(target, from_page) if target else ""
    # A name is printed in isolation: right-to-left letters in it cannot reorder
    # the numbers and names around it.
    return Markup(f"[<bdi>{escape(label)}</bdi>]({rel}{anchor})")


def url_link(label: object, url: str) -> Markup:
    """An external link, only if it is http(s); otherwise the label alone."""
    if not safe_url(url) or url.startswith("#") or not urlsplit(url).scheme:
        return escape(label)
    # Validation refuses addresses with such characters; encoding them again
    # keeps a Markdown link whole whatever reaches here.
    return Markup(f"[{escape(label)}](<{quote(url, safe=_URL_SAFE)}>)")


_URL_SAFE = "/:?#[]@!$&'()*+,;=%-._~"

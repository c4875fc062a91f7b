"""Markdown that is safe to publish, whatever a contributor typed.

Two kinds of text reach a page:

* **plain text** (titles, names, quotes, notes): escaped so that it shows
  exactly as written: no Markdown, no HTML, no attribute lists, one line;
* **Markdown** (event summaries): Markdown stays, but raw HTML is shown as
  text, `{: … }` attribute lists cannot add attributes such as `onclick`, and
  only http(s), in-page and relative links survive.

Everything the templates print goes through `escape` unless it is built here
as `Markup` (links, sanitized summaries).
"""

from __future__ import annotations

import functools
import re
from urllib.parse import urlsplit

from markupsafe import Markup

# Python-Markdown's backslash escapes cover \\ ` * _ { } [ ] ( ) > # + - . !; the
# rest become entities. `|` would split a table cell.
_INLINE = re.compile(r"([\\`*_\[\]{}|<>&#!])")
_ENTITY = {"<": "&lt;", ">": "&gt;", "&": "&amp;", "|": "&#124;"}
_LIST_START = re.compile(r"^(\d+)([.)])|^([-+])")


def escape(value: object) -> Markup:
    """Plain text as inline Markdown that renders exactly as written."""
    if isinstance(value, Markup):
        return value
    return _escape_text(str(value))


@functools.lru_cache(maxsize=32768)  # names and titles recur on page after page
def _escape_text(text: str) -> Markup:
    text = " ".join(text.split())  # one line: no block structure from a title
    text = _INLINE.sub(lambda m: _ENTITY.get(m.group(1), "\\" + m.group(1)), text)
    # A leading "1." or "-" would start a list where the text begins a line.
    text = _LIST_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else "\\" + m.group(3), text)
    return Markup(text)


def escape_block(value: object) -> Markup:
    """Plain text over several lines (quotes, notes): escaped, paragraphs kept."""
    paragraphs = re.split(r"\n\s*\n", str(value).strip())
    return Markup("\n\n".join(escape(p) for p in paragraphs if p.strip()))


def safe_url(url: str) -> bool:
    """http(s) links, in-page anchors and relative paths; never javascript:, data:, file:…"""
    url = url.strip()
    if url.startswith("#"):
        return True
    parts = urlsplit(url)
    if parts.scheme:
        return parts.scheme in ("http", "https") and bool(parts.netloc)
    return not url.startswith("//")  # a scheme-relative URL goes to another host


_LINK_TARGET = re.compile(r"(\]\(\s*<?)((?:[^()\s>]|\([^()\s]*\))*)")
_REF_DEF = re.compile(r"^(\s{0,3}\[[^\]]+\]:\s*<?)(\S+?)(>?)(\s|$)", re.M)
_AUTOLINK = re.compile(r"<([a-zA-Z][a-zA-Z0-9+.-]*:[^\s>]*)>")


def sanitize(markdown: str) -> Markup:
    """A contributor's Markdown, without raw HTML, attribute lists or unsafe links."""
    text = markdown.replace("\r\n", "\n").strip()
    text = _LINK_TARGET.sub(lambda m: m.group(1) + (m.group(2) if safe_url(m.group(2)) else "#"), text)
    text = _REF_DEF.sub(
        lambda m: m.group(1) + (m.group(2) if safe_url(m.group(2)) else "#") + m.group(3) + m.group(4),
        text,
    )
    text = _AUTOLINK.sub(lambda m: m.group(0) if safe_url(m.group(1)) else escape(m.group(1)), text)
    # Raw HTML becomes text; `{`/`}` cannot open an attribute list.
    text = re.sub(r"<(?!https?://)", "&lt;", text)
    text = text.replace("{", "\\{").replace("}", "\\}")
    return Markup(text)


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
    return Markup(f"[{escape(label)}]({rel}{anchor})")


def url_link(label: object, url: str) -> Markup:
    """An external link, only if it is http(s); otherwise the label alone."""
    if not safe_url(url) or url.startswith("#") or not urlsplit(url).scheme:
        return escape(label)
    return Markup(f"[{escape(label)}](<{url.replace('>', '%3E').replace(' ', '%20')}>)")

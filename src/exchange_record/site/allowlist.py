"""The second wall: every page's HTML content through an allowlist, after Markdown.

Contributor text is escaped before it reaches Markdown (`markdown.py`); this
module makes sure that a future hole in that escaping still publishes nothing
live. The content of each page keeps only the tags and attributes that our
templates and the Markdown extensions produce, and only http(s), mailto,
relative and in-page links (nh3, the Rust `ammonia` sanitiser). Script, style,
event handlers, `javascript:` and `data:` addresses, forms and frames are
dropped.

One thing that is not HTML is kept: a `<script type="application/ld+json">`
block whose text is valid JSON (the Data page's schema.org description). It is
data, not code; browsers do not run it, and its text is re-serialised, so it
cannot close the element early.
"""

from __future__ import annotations

import json
import re
import secrets

import nh3

TAGS = {
    "a", "abbr", "b", "bdi", "blockquote", "br", "caption", "code", "dd", "del", "details", "div",
    "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span", "strong", "sub",
    "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul",
}
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir", "data-search-exclude"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "style", "data-label"},
    "th": {"colspan", "rowspan", "style", "scope"},
    "ol": {"start", "type"},
    "time": {"datetime"},
    "details": {"open"},
}
URL_SCHEMES = {"http", "https", "mailto"}

_CLEANER = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags={"script", "style"},
    attributes=ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel=None,                          # links stay as written
    filter_style_properties={"text-align"},  # Markdown tables align columns so
    strip_comments=True,
)
_LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.DOTALL)


def clean(html: str) -> str:
    """`html` (a page's content) with everything outside the allowlist removed."""
    kept: dict[str, str] = {}
    if "application/ld+json" in html:
        nonce = secrets.token_hex(8)  # a contributor cannot write the placeholder in advance

        def keep(m: re.Match[str]) -> str:
            try:
                data = json.loads(m.group(1))
            except ValueError:
                return ""
            token = f"ld-json-{nonce}-{len(kept)}"
            text = json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True).replace("</", "<\\/")
            kept[token] = f'<script type="application/ld+json">\n{text}\n</script>'
            return token

        html = _LD_JSON.sub(keep, html)
    out = _CLEANER.clean(html)
    for token, block in kept.items():
        out = out.replace(token, block, 1)
    return out

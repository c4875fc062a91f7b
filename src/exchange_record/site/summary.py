"""A contributor's Markdown (event summaries) as HTML that is safe on any engine.

Summaries are the one field written in Markdown. They are turned into HTML
here, in the core, not by the engine, so that what reaches a page is already
checked, whichever engine builds it (`exchange-record generate` output goes to
engines without our HTML allowlist):

1. Python-Markdown with raw HTML switched off (its inline and block HTML
   handlers removed), no attribute lists, no headings-with-ids, no images;
2. every link checked on the tree Markdown built, as a browser would read its
   `href`: anything but an absolute http(s) address is no link;
3. the HTML through the allowlist (only text-level tags, http(s) links);
4. the result handed to the page as one raw `<div>` block, which Markdown
   engines pass through as it is.

Quadratic corners of Python-Markdown are removed before it runs: backticks that
open no code span, and brackets or parentheses that pair with nothing, become
escaped text (see markdown.py). If Markdown still fails on some input (deep
nesting), the summary is shown as escaped plain text.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as ET

import markdown as python_markdown
import nh3
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from .markdown import as_browser_reads, prepare, restore

TAGS = {"a", "blockquote", "br", "code", "del", "em", "hr", "li", "ol", "p", "pre", "strong", "ul",
        "table", "thead", "tbody", "tr", "th", "td", "sub", "sup"}
_CLEANER = nh3.Cleaner(
    tags=TAGS, attributes={"a": {"href", "title"}, "ol": {"start"}}, url_schemes={"http", "https"},
    url_relative="deny", link_rel=None, clean_content_tags={"script", "style"}, strip_comments=True)


def publishable(href: str) -> bool:
    """An absolute http(s) address with a host, read as a browser reads an `href`."""
    url = as_browser_reads(href)
    if url != href.strip() or any(ch.isspace() for ch in url):
        return False
    scheme, _, rest = url.partition("://")
    return scheme.lower() in ("http", "https") and bool(rest) and not rest.startswith(("/", "\\"))


class _Links(Treeprocessor):
    """No link but to an http(s) address; no image at all (it would load from any host)."""

    def run(self, root: ET.Element) -> None:
        for parent in root.iter():
            for i, el in enumerate(list(parent)):
                if el.tag == "a" and not publishable(el.get("href", "")):
                    el.attrib.pop("href", None)
                    el.tag = "span"
                elif el.tag == "img":
                    span = ET.Element("span")
                    span.text = el.get("alt", "")
                    span.tail = el.tail
                    parent.remove(el)
                    parent.insert(i, span)
                elif el.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                    el.tag = "p"  # a summary's heading would enter the page's outline


def _converter() -> python_markdown.Markdown:
    md = python_markdown.Markdown(extensions=["tables"], output_format="html")
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(_Links(md), "exchange-record-links", 0)
    return md


_MD = _converter()


def summary_html(text: str) -> Markup:
    """The summary as a block of allowlisted HTML, ready to stand in a Markdown page."""
    prepared, codes = prepare(text)
    try:
        body = _MD.reset().convert(prepared)
    except RecursionError:  # nesting deeper than Python-Markdown can walk: show the text
        body = "".join(f"<p>{html.escape(p)}</p>" for p in text.split("\n\n") if p.strip())
        codes = []
    body = _CLEANER.clean(restore(body, codes))
    return Markup(f'<div class="summary">\n{body}\n</div>')


__all__ = ["publishable", "summary_html"]

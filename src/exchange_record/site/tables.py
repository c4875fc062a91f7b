"""The site core's tables, written as HTML blocks with their links resolved.

A generated page lists figures, events and sources in Markdown pipe tables,
each cell a link or two, a `<bdi>` and some escapes. Python-Markdown's inline
pass over those cells, then MkDocs resolving each `.md` link, was about half of
a build (docs/benchmarks.md); an HTML block passes through it untouched. So
each table a page's Markdown holds is written here as the HTML Python-Markdown
would have made of it, its links already pointing at the pages' addresses for
the engine's URL style (`directory_urls`, as MkDocs' `use_directory_urls`).

Only what the site core writes is converted: links, `**strong**`, backslash
escapes, character references and the few inline tags the templates use. A
table with anything else in it (a template override's emphasis, a code span,
an image, an aligned column) stays Markdown, for the engine to convert; so does
one Python-Markdown would not read as a table. The result is any Markdown
engine's to build: an HTML block is Markdown too.
"""

from __future__ import annotations

import functools
import posixpath
import re
from urllib.parse import quote, unquote, urlsplit

#: a pipe table's delimiter row, columns without alignment
_DELIMITER = re.compile(r"\|(?:[ \t]*-+[ \t]*\|)+[ \t]*")
_TOKEN = re.compile(
    r"\\(?P<esc>[\\`*_{}\[\]()>#+\-.!])"
    r"|(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
    r"|(?P<tag></?(?:bdi|small|span|strong|abbr)(?:\s+[a-z-]+=\"[^\"<>]*\")*\s*>)"
    r"|\[(?P<label>(?:\\.|[^\\\[\]])*)\]\((?:<(?P<angled>[^<>\n]*)>|(?P<plain>[^\s()<>]*))\)"
    r"|\*\*(?P<strong>(?:\\.|[^\\*])+)\*\*"
    r"|(?P<text>[^\\&<>\[\]*`_{}!|]+|!(?!\[))"
    r"|(?P<gt>>)"
    r"|(?P<amp>&)"
)


class _Unsupported(Exception):
    """A cell holds Markdown beyond what the site core writes."""


def html_tables(markdown: str, here: str, directory_urls: bool = True) -> str:
    """`markdown` (the page at `here`, relative to the docs folder) with each of its
    tables written as an HTML block."""
    if "\n|" not in markdown:
        return markdown
    lines = markdown.split("\n")
    out: list[str] = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if (line.startswith("|") and i + 1 < n and _DELIMITER.fullmatch(lines[i + 1])
                and (i == 0 or not lines[i - 1].strip())):
            end = i + 2
            while end < n and lines[end].strip():
                end += 1
            block = lines[i:end]
            table = _table(block, here, directory_urls)
            out.append(table if table is not None else "\n".join(block))
            i = end
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


def _table(block: list[str], here: str, directory_urls: bool) -> str | None:
    header = _cells(block[0])
    if header is None or len(header) != len(_cells(block[1]) or []):
        return None
    try:
        head = "".join(f"<th>{_cell(c, here, directory_urls)}</th>\n" for c in header)
        rows = []
        for line in block[2:]:
            cells = _cells(line)
            if cells is None or len(cells) != len(header):
                return None
            rows.append("<tr>\n" + "".join(f"<td>{_cell(c, here, directory_urls)}</td>\n"
                                           for c in cells) + "</tr>\n")
    except _Unsupported:
        return None
    body = f"<tbody>\n{''.join(rows)}</tbody>\n" if rows else ""
    return f"<table>\n<thead>\n<tr>\n{head}</tr>\n</thead>\n{body}</table>"


def _cells(line: str) -> list[str] | None:
    """The cells of a row written `| a | b |`, or None if Python-Markdown might split
    it otherwise (a `\\|` or a code span in it, no closing pipe)."""
    line = line.strip()
    if not (line.startswith("|") and line.endswith("|")) or len(line) < 2 or "\\|" in line or "`" in line:
        return None
    return [c.strip() for c in line[1:-1].split("|")]


def _cell(cell: str, here: str, directory_urls: bool) -> str:
    """One cell's inline Markdown as HTML on the page `here`."""
    return "".join(piece if isinstance(piece, str) else _href(piece[0], here, directory_urls)
                   for piece in _compiled(cell))


#: a link's target, to be resolved for the page it is on
_Target = tuple[str]


@functools.lru_cache(maxsize=65536)  # a row's cells recur page after page, build after build
def _compiled(text: str) -> tuple[str | _Target, ...]:
    """One cell's inline Markdown as HTML, with each link's target left to resolve;
    `_Unsupported` for anything else."""
    out: list[str | _Target] = []
    pos = 0
    for m in _TOKEN.finditer(text):
        if m.start() != pos:
            raise _Unsupported
        pos = m.end()
        kind = m.lastgroup
        if kind == "text":
            out.append(m.group())
        elif kind == "esc":
            out.append("&gt;" if m.group("esc") == ">" else m.group("esc"))
        elif kind in ("entity", "tag"):
            out.append(m.group())
        elif kind == "gt":
            out.append("&gt;")
        elif kind == "amp":
            out.append("&amp;")
        elif kind == "strong":
            out.extend(("<strong>", *_compiled(m.group("strong")), "</strong>"))
        else:  # a link; its label holds none
            target = m.group("angled") if m.group("angled") is not None else m.group("plain")
            label = _compiled(m.group("label"))
            if any(not isinstance(piece, str) for piece in label):
                raise _Unsupported
            out.extend(('<a href="', (target,), '">', *label, "</a>"))
    if pos != len(text):
        raise _Unsupported
    return tuple(out)


def _attribute(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


@functools.lru_cache(maxsize=65536)
def _href(target: str, here: str, directory_urls: bool) -> str:
    """Where a link written on the page `here` leads, as MkDocs resolves it, as an
    attribute's value."""
    return _attribute(_resolve(target, here, directory_urls))


def _resolve(target: str, here: str, directory_urls: bool) -> str:
    scheme, netloc, path, query, anchor = urlsplit(target)
    if scheme or netloc:
        return target
    if not path:
        return target  # `#anchor` on the page itself
    if path.startswith(("/", "\\")):
        raise _Unsupported  # MkDocs' own rules for absolute links
    uri = posixpath.normpath(posixpath.join(posixpath.dirname(here), unquote(path)))
    if uri.startswith("../"):
        raise _Unsupported  # outside the docs folder
    url = page_url(uri, directory_urls) if uri.endswith(".md") else quote(uri)
    rel = relative_url(url, page_url(here, directory_urls))
    return rel + (f"?{query}" if query else "") + (f"#{anchor}" if anchor else "")


def page_url(src: str, directory_urls: bool = True) -> str:
    """The address of the page written in `src` (a `.md` path), as MkDocs gives it."""
    parent, name = posixpath.split(src)
    stem = name[: -len(".md")]
    if not directory_urls or stem == "index":
        dest = posixpath.join(parent, stem + ".html")
    else:
        dest = posixpath.join(parent, stem, "index.html")
    folder, file = posixpath.split(dest)
    url = (folder or ".") + "/" if directory_urls and file == "index.html" else dest
    return quote(url)


def relative_url(url: str, other: str) -> str:
    """`url` relative to the page at `other`, as `mkdocs.utils.get_relative_url`."""
    folder, _, base = other.rpartition("/")
    if "." in base:
        other = folder
    other_parts, url_parts = _parts(other), _parts(url)
    common = 0
    for a, b in zip(other_parts, url_parts, strict=False):
        if a != b:
            break
        common += 1
    rel = "/".join([".."] * (len(other_parts) - common) + url_parts[common:]) or "."
    return rel + "/" if url.endswith("/") else rel


def _parts(path: str) -> list[str]:
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part and part != ".":
            parts.append(part)
    return parts





# --- handing an engine less to parse -----------------------------------------

#: where a stashed table goes back; contributor text never holds a comment (escaped in
#: Markdown, dropped from summaries' HTML), and one that did would name no table
_MARKER = "<!--exchange-record-table-{}-->"


def stash_tables(markdown: str) -> tuple[str, list[str]]:
    """The tables `html_tables` wrote, taken out of a page's Markdown and each left
    as an HTML comment, for an engine whose Markdown converter would parse every
    tag of them again only to pass them through (Python-Markdown does); and the
    tables, to put back in the converted page with `restore_tables`."""
    tables: list[str] = []
    out: list[str] = []
    pos = search = 0
    while (found := markdown.find("\n<table>\n<thead>\n", search)) >= 0:
        start = search = found + 1
        end = markdown.find("\n</table>", start)
        if end < 0:
            break
        end += len("\n</table>")
        table = markdown[start:end]
        # only a table as `html_tables` writes it: one block, nothing nested, a line of its own
        if "\n\n" in table or "<table" in table[1:] or markdown[end:end + 1] not in ("\n", ""):
            continue
        out += [markdown[pos:start], _MARKER.format(len(tables))]
        tables.append(table)
        pos = search = end
    out.append(markdown[pos:])
    return "".join(out), tables


def restore_tables(html: str, tables: list[str], later: str = "") -> tuple[str, dict[str, str]]:
    """The converted page with each stashed table back in its place.

    With `later` (a token no contributor can know), a table in a section that
    search leaves out (after a heading marked `data-search-exclude`, up to the
    next heading with an id, as Material's search divides a page) is left as an
    empty `<span class="{later}-N">` and returned by that marker: an engine's
    search then never parses it, and the table goes back once the page is indexed."""
    if not tables:
        return html, {}
    deferred: dict[str, str] = {}
    excluded = False

    def put(m: re.Match[str]) -> str:
        nonlocal excluded
        if m.group("heading") is not None:
            if " id=" in m.group("heading"):
                excluded = "data-search-exclude" in m.group("heading")
            return m.group()
        n = int(m.group("table"))
        if n >= len(tables):
            return ""
        if later and excluded:
            marker = f'<span class="{later}-{n}"></span>'
            deferred[marker] = tables[n]
            return marker
        return tables[n]

    return _HEADING_OR_MARK.sub(put, html), deferred


_HEADING_OR_MARK = re.compile(r"(?P<heading><h[1-6]\b[^>]*>)|<!--exchange-record-table-(?P<table>[0-9]+)-->")


__all__ = ["html_tables", "page_url", "relative_url", "restore_tables", "stash_tables"]

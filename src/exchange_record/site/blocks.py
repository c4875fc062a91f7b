"""The site core's tables, lists and definition lists, written as HTML blocks with
their links resolved.

A generated page lists figures, events and sources in Markdown pipe tables and
lists (the home summary, the timeline), describes a fact in a definition list
(Number, Counted, As of, Claimed by…) and cites its sources in a list of
quotes; each cell or item a link or two, a `<bdi>` and some escapes.
Python-Markdown's inline pass over them, then MkDocs resolving each `.md` link,
was about half of a build (docs/benchmarks.md); an HTML block passes through it
untouched. So each table, each list (of one-line items, or of items with
one-line paragraphs and quotes after them) and each definition list (one-line
definitions, or a list) a page's Markdown holds is written here as the HTML
Python-Markdown would have made of it, its links already pointing at the pages'
addresses for the engine's URL style (`directory_urls`, as MkDocs'
`use_directory_urls`).

Only what the site core writes is converted: links, `**strong**`, backslash
escapes, character references and the few inline tags the templates use. A
block with anything else in it (a template override's emphasis, a code span,
an image, an aligned column, an item over two lines) stays Markdown, for the
engine to convert; so does one Python-Markdown would not read as a table or a
list. The result is any Markdown engine's to build: an HTML block is Markdown
too.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Callable
from urllib.parse import quote, unquote, urlsplit

from ..rebuild import KeptTexts

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


def html_blocks(markdown: str, here: str, directory_urls: bool = True, kept: KeptTexts | None = None) -> str:
    """`markdown` (the page at `here`, relative to the docs folder) with each of its
    tables, lists and definition lists that the converter can vouch for written as
    an HTML block. With `kept` (the last build's, rebuild.py), a large table or list
    written as the last build wrote it is taken from there: an edit changes one or two
    of an index's or the timeline's thousands of lines, and the others' blocks."""
    if "\n|" not in markdown and "\n- " not in markdown and "\n:" not in markdown and "\n![" not in markdown:
        return markdown
    lines = markdown.split("\n")
    out: list[str] = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if line.startswith("![") and (i == 0 or not lines[i - 1].strip()):
            end = i + 1
            while end < n and lines[end].strip():
                end += 1
            # not a term of a definition list (a `:` line after it)
            joins = _next_text(lines, end, 1).startswith(":")
            written = None if joins else _images(lines[i:end], here, directory_urls)
            out.extend(lines[i:end] if written is None else [written])
            i = end
            continue
        if (i + 1 < n and lines[i + 1][:1] == ":" and line.strip()
                and (i == 0 or not lines[i - 1].strip())):
            end, written = _definitions(lines, i, here, directory_urls)
            if written is not None:
                out.append(written)
            else:
                out.extend(lines[i:end])
            i = end
            continue
        table = line.startswith("|") and i + 1 < n and _DELIMITER.fullmatch(lines[i + 1])
        if (table or line.startswith("- ")) and (i == 0 or not lines[i - 1].strip()):
            end = i + 1
            while end < n and lines[end].strip():
                end += 1
            block = lines[i:end]
            if not table and _continues(lines, i):
                out.extend(block)  # a list before it, which this one may continue
                i = end
                continue
            if not table and _CONTINUES.match(_next_text(lines, end, 1)):
                # a loose list (items apart), an item of several blocks
                loose_end, written = _loose_list(lines, i, here, directory_urls)
                if written is not None:
                    out.append(written)
                    i = loose_end
                else:
                    out.extend(block)  # Markdown's to read
                    i = end
                continue
            convert = _table if table else _list
            if kept is None:
                written = convert(block, here, directory_urls)
            else:
                written = kept.get("\n".join(block), functools.partial(_lines, convert, here, directory_urls),
                                   "table" if table else "list", here, str(directory_urls))
            out.append(written if written is not None else "\n".join(block))
            i = end
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


def _lines(convert: Callable[[list[str], str, bool], str | None], here: str, directory_urls: bool,
           text: str) -> str | None:
    """`convert` (`_table`, `_list`) of a block given as its text."""
    return convert(text.split("\n"), here, directory_urls)


#: an image alone on its line, with classes: `![alt](target){ .a .b }` (the ledger's charts)
_IMAGE = re.compile(r"!\[(?P<alt>(?:\\[\\`*_{}\[\]()>#+\-.!]|[^\\`\[\]{}<>&\n\r])*)\]"
                    r"\((?P<target>[^\s()<>]+)\)\{(?P<classes>(?: \.[A-Za-z][\w-]*)+) \}")
_ESCAPE = re.compile(r"\\(.)")
#: an admonition's first line, as Python-Markdown's admonition extension reads it
_ADMONITION = re.compile(r'!!! ?[\w\-]+(?: +[\w\-]+)*(?: +"(.*?)")? *')


def _images(block: list[str], here: str, directory_urls: bool) -> str | None:
    """A paragraph of images, each alone on its line, as Python-Markdown (attr_list)
    and MkDocs write it; None if a line is anything else."""
    written = []
    for line in block:
        m = _IMAGE.fullmatch(line)
        if m is None:
            return None
        alt = _attribute(_ESCAPE.sub(r"\1", m.group("alt")))
        classes = " ".join(c[1:] for c in m.group("classes").split())
        try:
            src = _href(m.group("target"), here, directory_urls)
        except _Unsupported:
            return None
        written.append(f'<img alt="{alt}" class="{classes}" src="{src}" />')
    return "<p>" + "\n".join(written) + "</p>"


def _continues(lines: list[str], i: int) -> bool:
    """Whether a list starting at line `i` may continue the block before it: a list,
    or an item's indented blocks; not an admonition's body (`!!! warning` and its
    indented lines, ended by the blank line: the list starts afresh after it)."""
    before = _past_blanks(lines, i - 1, -1)
    if before < 0 or not _CONTINUES.match(lines[before]):
        return False
    if lines[before][:1] in " \t":
        start = before
        while start >= 0 and (not lines[start].strip() or lines[start][:1] in " \t"):
            start -= 1
        if start >= 0 and _ADMONITION.fullmatch(lines[start]):
            return False
    return True


def _next_text(lines: list[str], i: int, step: int) -> str:
    """The first line from `i` on (or back, step -1) that is not blank; "" if none."""
    i = _past_blanks(lines, i, step)
    return lines[i] if 0 <= i < len(lines) else ""


def _past_blanks(lines: list[str], i: int, step: int = 1) -> int:
    """The index of the first line from `i` on (or back, step -1) that is not blank
    (out of range if none)."""
    while 0 <= i < len(lines) and not lines[i].strip():
        i += step
    return i


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


#: a definition's line, as Python-Markdown's def_list reads it
_DEFINITION = re.compile(r":[ ]{1,3}(\S.*)")
#: the start of a line that Python-Markdown would read as a block of its own (a
#: heading, quote, list, rule, code, raw HTML, admonition, a setext underline)
#: where a term or a definition's text starts
_BLOCK_START = re.compile(r"[\s#>=!:|]|<(?!(?:bdi|small|span|strong|abbr)[\s>])|[-*+](?:\s|$)"
                          r"|[0-9]+[.)](?:\s|$)|[-_*](?:\s*[-_*]){2,}\s*$")


def _definitions(lines: list[str], i: int, here: str, directory_urls: bool) -> tuple[int, str | None]:
    """The definition list whose first term is `lines[i]` (after a blank line), as
    Python-Markdown writes it: the index after its last line, and its HTML, or None
    for Markdown to read it. Each definition is one line, or a list of one-line
    items (its lines after the first indented by four spaces) as a pair's last.

    Python-Markdown puts every term and definition that follow one another, blank
    lines apart, into one `<dl>`; so are they taken here, all or none."""
    n = len(lines)
    out = ["<dl>\n"]
    end = i
    ok = True
    try:
        while True:
            term = lines[end]
            if _BLOCK_START.match(term) or term.endswith("  "):
                ok = False
            out.append(f"<dt>{_cell(term.strip(), here, directory_urls)}</dt>\n")
            end += 1
            while ok and end < n and lines[end][:1] == ":":
                m = _DEFINITION.fullmatch(lines[end])
                end += 1
                if m is None or lines[end - 1].endswith("  "):
                    ok = False
                elif m.group(1).startswith("- "):
                    items = [m.group(1)]
                    while end < n and lines[end].startswith("    ") and lines[end].strip():
                        items.append(lines[end][4:])
                        end += 1
                    written = _list(items, here, directory_urls)
                    if written is None or (end < n and lines[end].strip()):
                        ok = False  # a definition after the list would be a paragraph
                    out.append(f"<dd>\n{written}\n</dd>\n")
                elif _BLOCK_START.match(m.group(1)):
                    ok = False
                else:
                    out.append(f"<dd>{_cell(m.group(1), here, directory_urls)}</dd>\n")
            if not ok:
                break
            if end < n and lines[end].strip():
                ok = False  # a lazy line goes on the last definition
                break
            after = _past_blanks(lines, end)
            if not (after + 1 < n and lines[after].strip() and lines[after + 1][:1] == ":"):
                break
            end = after
    except _Unsupported:
        ok = False
    if not ok or _joins(_neighbour(lines, end, 1)) or _joins(_neighbour(lines, i - 1, -1)):
        # a definition of several lines or blocks, terms and definitions after it
        # that Markdown would add to this list, a definition list before it that
        # these would join: Markdown's to read, up to the end of this block
        while end < n and lines[end].strip():
            end += 1
        return end, None
    out.append("</dl>")
    return end, "".join(out)


#: a line that makes its block part of a definition list (def_list's own test)
_DEFINITION_LINE = re.compile(r"[ ]{0,3}:[ ]{1,3}")


def _neighbour(lines: list[str], i: int, step: int) -> list[str]:
    """The lines of the block (up to a blank line) next to `lines[i]`, blank lines
    skipped: the one after (step 1) or before (step -1)."""
    n = len(lines)
    i = _past_blanks(lines, i, step)
    block: list[str] = []
    while 0 <= i < n and lines[i].strip():
        block.append(lines[i])
        i += step
    return block if step > 0 else block[::-1]


def _joins(block: list[str]) -> bool:
    """Whether Markdown could read `block` as part of a definition list next to it:
    a definition in it, or an indented first line (a definition's next paragraph)."""
    return bool(block) and (block[0][:1] in (" ", "\t")
                            or any(_DEFINITION_LINE.match(line) for line in block))


_ITEM = re.compile(r"((?:    )*)- (\S.*)")
#: a line after a blank one that Markdown still reads as part of the list before
_CONTINUES = re.compile(r"[ \t]|[-*+][ \t]|[0-9]+[.)][ \t]")


def _list(block: list[str], here: str, directory_urls: bool) -> str | None:
    """A list of one-line items, nested by four spaces, as Python-Markdown writes it
    (a tight list: no paragraphs in its items)."""
    items: list[tuple[int, str]] = []
    for line in block:
        m = _ITEM.fullmatch(line)
        if m is None or line.endswith("  "):  # a continuation line, a line break
            return None
        depth = len(m.group(1)) // 4
        if depth > (items[-1][0] + 1 if items else 0) or _BLOCK_START.match(m.group(2)):
            return None  # a level skipped; a heading, quote, list… in the item
        items.append((depth, m.group(2).strip()))
    try:
        texts = [_cell(text, here, directory_urls) for _depth, text in items]
    except _Unsupported:
        return None
    out = ["<ul>\n"]
    for k, (depth, _text) in enumerate(items):
        out.append(f"<li>{texts[k]}")
        after = items[k + 1][0] if k + 1 < len(items) else 0
        if after > depth:
            out.append("<ul>\n")
            continue
        out.append("</li>\n")
        out.extend("</ul>\n</li>\n" for _ in range(depth - after))
    out.append("</ul>")
    return "".join(out)


def _loose_list(lines: list[str], i: int, here: str, directory_urls: bool) -> tuple[int, str | None]:
    """The list starting at `lines[i]` whose items are apart or hold more blocks (a
    fact page's sources: each item a citation, then its quotes), as Python-Markdown
    writes it: the index after its last line, and its HTML or None for Markdown.

    Items are one line each, at the margin, in runs of lines without a blank one;
    after an item, blank-line-apart blocks indented by four spaces are its own: a
    one-line paragraph, or a quote of one-line paragraphs (`> text`, `>` between).
    Python-Markdown wraps an item's text in a paragraph where the item holds blocks,
    ends a run that another run or block follows, or starts a run after the first;
    the others stay tight."""
    n = len(lines)
    runs: list[list[tuple[str, list[str]]]] = []  # runs of (item's text, its blocks as HTML)
    end = i
    try:
        while end < n and lines[end].startswith("- "):
            run: list[tuple[str, list[str]]] = []
            while end < n and lines[end].strip():
                m = _ITEM.fullmatch(lines[end])
                if m is None or m.group(1) or lines[end].endswith("  ") or _BLOCK_START.match(m.group(2)):
                    return end, None  # a nested or lazy line, a line break, a block in the item
                run.append((_cell(m.group(2).strip(), here, directory_urls), []))
                end += 1
            runs.append(run)
            while True:  # the blocks of the run's last item
                after = _past_blanks(lines, end)
                if not (after < n and lines[after].startswith("    ")):
                    break
                end = after
                block: list[str] = []
                while end < n and lines[end].strip():
                    if not lines[end].startswith("    ") or lines[end].endswith("  "):
                        return end, None
                    block.append(lines[end][4:])
                    end += 1
                run[-1][1].append(_item_block(block, here, directory_urls))
            after = _past_blanks(lines, end)
            if after < n and lines[after].startswith("- "):
                end = after
    except _Unsupported:
        return end, None
    if _CONTINUES.match(_next_text(lines, end, 1)):
        return end, None  # another kind of list, or more, that Markdown may join to it
    out = ["<ul>\n"]
    for r, run in enumerate(runs):
        for k, (text, blocks) in enumerate(run):
            last_of_run = k == len(run) - 1
            if blocks or (k == 0 and r > 0) or (last_of_run and r < len(runs) - 1):
                out.append(f"<li>\n<p>{text}</p>\n" + "".join(b + "\n" for b in blocks) + "</li>\n")
            else:
                out.append(f"<li>{text}</li>\n")
    out.append("</ul>")
    return end, "".join(out)


def _item_block(block: list[str], here: str, directory_urls: bool) -> str:
    """A block inside a list item: a one-line paragraph, or a quote of one-line
    paragraphs; `_Unsupported` for anything else."""
    if block[0].startswith(">"):
        paragraphs: list[str] = []
        expect_text = True
        for line in block:
            if expect_text and line.startswith("> ") and line[2:].strip():
                text = line[2:].strip()
                if _BLOCK_START.match(text):
                    raise _Unsupported
                paragraphs.append(f"<p>{_cell(text, here, directory_urls)}</p>")
            elif not expect_text and line.rstrip() == ">":
                pass
            else:
                raise _Unsupported  # a paragraph over two lines, two `>` in a row, a lazy line
            expect_text = not expect_text
        if expect_text:
            raise _Unsupported  # a `>` after the last paragraph
        return "<blockquote>\n" + "\n".join(paragraphs) + "\n</blockquote>"
    if len(block) != 1 or _BLOCK_START.match(block[0]):
        raise _Unsupported
    return f"<p>{_cell(block[0].strip(), here, directory_urls)}</p>"


def _cells(line: str) -> list[str] | None:
    """The cells of a row written `| a | b |`, or None if Python-Markdown might split
    it otherwise (a `\\|` or a code span in it, no closing pipe)."""
    line = line.strip()
    if not (line.startswith("|") and line.endswith("|")) or len(line) < 2 or "\\|" in line or "`" in line:
        return None
    return [c.strip() for c in line[1:-1].split("|")]


def _cell(cell: str, here: str, directory_urls: bool) -> str:
    """One cell's inline Markdown as HTML on the page `here`."""
    pieces = _compiled(cell)
    if len(pieces) == 1 and isinstance(pieces[0], str):
        return pieces[0]
    return "".join(piece if isinstance(piece, str) else _href(piece[0], here, directory_urls)
                   for piece in pieces)


#: a link's target, to be resolved for the page it is on
_Target = tuple[str]


@functools.lru_cache(maxsize=1 << 18)  # a row's cells recur page after page, build after build
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
    merged: list[str | _Target] = []  # text runs as one string: fewer pieces to join, held once
    for piece in out:
        if isinstance(piece, str) and merged and isinstance(merged[-1], str):
            merged[-1] += piece
        else:
            merged.append(piece)
    return tuple(merged)


def _attribute(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


@functools.lru_cache(maxsize=65536)
def _href(target: str, here: str, directory_urls: bool) -> str:
    """Where a link written on the page `here` leads, as MkDocs resolves it, as an
    attribute's value."""
    return _attribute(_resolve(target, here, directory_urls))


def _resolve(target: str, here: str, directory_urls: bool) -> str:
    query = ""
    if ":" in target or "?" in target or "%" in target or target.startswith(("#", "/", "\\")):
        scheme, netloc, path, query, anchor = urlsplit(target)
        if scheme or netloc or not path:
            return target  # another site, or `#anchor` on the page itself
        if path.startswith(("/", "\\")):
            raise _Unsupported  # MkDocs' own rules for absolute links
        path = unquote(path)
    else:  # the links the site core writes, `../kind/id.md#part`, without urlsplit's cost
        path, _, anchor = target.partition("#")
        if not path:
            return target
    uri = posixpath.normpath(posixpath.join(posixpath.dirname(here), path))
    if uri.startswith("../"):
        raise _Unsupported  # outside the docs folder
    url = page_url(uri, directory_urls) if uri.endswith(".md") else quote(uri)
    rel = relative_url(url, page_url(here, directory_urls))
    return rel + (f"?{query}" if query else "") + (f"#{anchor}" if anchor else "")


@functools.lru_cache(maxsize=1 << 16)  # the pages linked to recur on page after page
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

#: where a stashed block goes back; contributor text never holds a comment (escaped in
#: Markdown, dropped from summaries' HTML), and one that did would name no block
_MARKER = "<!--exchange-record-block-{}-->"


def stash_blocks(markdown: str, first: int = 0) -> tuple[str, list[str]]:
    """The tables, lists and charts `html_blocks` wrote, taken out of a page's Markdown and
    each left as an HTML comment, for an engine whose Markdown converter would parse
    every tag of them again only to pass them through (Python-Markdown does); and
    the blocks, to put back in the converted page with `restore_blocks`; the markers
    numbered from `first` (a page whose blocks are stashed a part at a time).

    Only for Markdown the site core wrote: a generated page (whose every text is
    escaped) or the record's part of a hand-written one (`Site.expand_parts`); in an
    author's Markdown a block so written may be in a code block or a comment."""
    blocks: list[str] = []
    out: list[str] = []
    pos = search = 0
    while (found := _WRITTEN.search(markdown, search)) is not None:
        start = found.start(1)
        end = markdown.find("\n\n", start)
        block = markdown[start:end if end >= 0 else len(markdown)].rstrip("\n")
        search = start
        # only a block as `html_blocks` writes it: one block, no table in a table
        closes = _CLOSES[block[:4]]
        if not block.endswith(closes) or "<table" in block[1:]:
            continue
        out += [markdown[pos:start], _MARKER.format(first + len(blocks))]
        blocks.append(block)
        pos = search = start + len(block)
    out.append(markdown[pos:])
    return "".join(out), blocks


_WRITTEN = re.compile(r"\n\n(<table>\n<thead>\n|<ul>\n<li>|<dl>\n<dt>|<p><img )")
_CLOSES = {"<tab": "</table>", "<ul>": "</ul>", "<dl>": "</dl>", "<p><": "</p>"}


def restore_blocks(html: str, blocks: list[str], later: str = "",
                   unsearched: bool = False) -> tuple[str, dict[str, str]]:
    """The converted page with each stashed block back in its place.

    With `later` (a token no contributor can know), a block in a section that
    search leaves out (after a heading marked `data-search-exclude`, up to the
    next heading with an id, as Material's search divides a page), or any block
    if `unsearched`, is left as an empty `<span class="{later}-N">` and returned
    by that marker: an engine's search then never parses it, and the block goes
    back once the page is indexed."""
    if not later:
        return mark_blocks(html, blocks, "")[0], {}
    html, searched, deferred = mark_blocks(html, blocks, later, unsearched)
    return put_blocks(html, searched), deferred


def mark_blocks(html: str, blocks: list[str], later: str,
                unsearched: bool = False) -> tuple[str, dict[str, str], dict[str, str]]:
    """`restore_blocks` with every block left as its marker: the page, the blocks
    search reads (to put back before it reads the page, `put_blocks`) and those it
    does not, each by its marker; without `later`, every block back in its place.
    So each block can be cleaned on its own, or taken as the last build cleaned it."""
    if not blocks:
        return html, {}, {}
    searched: dict[str, str] = {}
    deferred: dict[str, str] = {}
    excluded = False

    def put(m: re.Match[str]) -> str:
        nonlocal excluded
        if m.group("heading") is not None:
            if " id=" in m.group("heading"):
                excluded = "data-search-exclude" in m.group("heading")
            return m.group()
        n = int(m.group("block"))
        if n >= len(blocks):
            return ""
        if not later:
            return blocks[n]
        # one marker for each place (a block's comment twice in the page: twice the block)
        marker = f'<span class="{later}-{len(searched) + len(deferred)}"></span>'
        (deferred if excluded or unsearched else searched)[marker] = blocks[n]
        return marker

    return _HEADING_OR_MARK.sub(put, html), searched, deferred


def put_blocks(html: str, blocks: dict[str, str]) -> str:
    """`html` with each block in place of its marker (`mark_blocks`)."""
    for marker, block in blocks.items():
        html = html.replace(marker, block, 1)
    return html


_HEADING_OR_MARK = re.compile(r"(?P<heading><h[1-6]\b[^>]*>)|<!--exchange-record-block-(?P<block>[0-9]+)-->")


__all__ = ["html_blocks", "mark_blocks", "page_url", "put_blocks", "relative_url", "restore_blocks",
           "stash_blocks"]

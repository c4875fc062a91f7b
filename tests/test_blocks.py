"""The site core writes its tables and lists as HTML blocks (site/blocks.py): what
a reader gets is what Python-Markdown and MkDocs made of the Markdown, link for
link, in both URL styles; anything the converter does not know stays Markdown."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pytest
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from conftest import FACTS, REPO, run_cli
from exchange_record.record.build import build_record
from exchange_record.site import pages as pages_module
from exchange_record.site.blocks import html_blocks, page_url, relative_url, restore_blocks, stash_blocks
from exchange_record.site.manifest import build_site


def _config(docs: Path, directory_urls: bool) -> MkDocsConfig:
    config = MkDocsConfig()
    config.load_dict({"site_name": "t", "docs_dir": str(docs), "use_directory_urls": directory_urls,
                      "markdown_extensions": ["attr_list", "def_list", "tables", "admonition",
                                             {"toc": {"permalink": True}}]})
    errors, _warnings = config.validate()
    assert not errors, errors
    return config


def _converted(pages: dict[str, str], docs: Path, directory_urls: bool,
               statics: Iterable[str] = ()) -> dict[str, str]:
    """Each page as MkDocs converts it (Python-Markdown, then its links resolved)."""
    config = _config(docs, directory_urls)
    files = Files([_file(config, path, text) for path, text in pages.items()]
                  + [_file(config, path, "") for path in statics])
    out = {}
    for f in files.documentation_pages():
        page = Page(None, f, config)
        page.read_source(config)
        page.render(config, files)
        assert page.content is not None
        out[f.src_uri] = page.content
    return out


def _file(config: MkDocsConfig, path: str, text: str) -> File:
    f = File(path, src_dir=None, dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls)
    f.content_string = text
    return f


def _normal(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


@pytest.fixture(scope="module")
def record():
    record, _ = build_record(FACTS)
    return record


@pytest.mark.parametrize(("language", "directory_urls"), [("en", True), ("uk", False)],
                         ids=["en-directory-urls", "uk-html-urls"])
def test_every_page_reads_as_its_markdown_did(record, tmp_path, monkeypatch, directory_urls, language):
    """Every page of the real record, the home page with its summary included, in two
    languages, in each URL style: the tables and lists written as HTML give the page
    MkDocs made of them as Markdown."""
    from exchange_record.site import overview as overview_module
    from exchange_record.site.locale import Locale

    home = (REPO / "docs" / "index.md").read_text(encoding="utf-8")

    def pages(site):  # type: ignore[no-untyped-def]
        return {**site.pages, **site.defaults, "index.md": site.expand(home, "index.md")}

    site = build_site(record, locale=Locale(language), directory_urls=directory_urls)
    written = pages(site)
    assert sum(text.count("\n<table>\n") for text in written.values()) > 40, "the tables are HTML"
    assert sum(text.count("\n<ul>\n<li>") for text in written.values()) > 5, "the lists are HTML"
    assert "\n<ul>\n<li>" in written["index.md"] and "\n<ul>\n<li>" in written["timeline.md"]
    assert sum(text.count("\n<dl>\n<dt>") for text in written.values()) > 60, "the definition lists are HTML"
    assert not [p for p, text in written.items() if re.search(r"^\|.*\|$", text, re.M)], \
        "a table the site core wrote was left as Markdown"
    same = lambda markdown, here, directory_urls=True, kept=None: markdown  # noqa: E731
    monkeypatch.setattr(pages_module, "html_blocks", same)
    monkeypatch.setattr(overview_module, "html_blocks", same)
    markdown = build_site(record, locale=Locale(language), directory_urls=directory_urls)
    as_markdown = pages(markdown)
    assert sum(text.count("\n|---") for text in as_markdown.values()) > 40
    assert "\n- " in as_markdown["index.md"]
    statics = [*site.files, *site.charts]  # the data files and charts the pages link to
    assert "data/record.json" in statics
    built_html = _converted(written, tmp_path, directory_urls, statics)
    built_markdown = _converted(as_markdown, tmp_path, directory_urls, statics)
    assert built_html.keys() == built_markdown.keys()
    differ = [p for p in built_html if _normal(built_html[p]) != _normal(built_markdown[p])]
    assert not differ, f"{len(differ)} pages differ, e.g. {differ[0]}"


TABLE = "| A | B |\n|---|---|\n| {} | x |\n"


@pytest.mark.parametrize("cell", [
    "*emphasis*", "_emphasis_", "`code`", "![image](a.png)", "[a](b.md){: .x }", "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>", "<a href=\"javascript:alert(1)\">x</a>", "[x](/absolute.md)",
    "[x](../../outside.md)", "\\| piped", "a \\q b", "[x](b.md \"title\")", "<http://example.org>",
    "{: #id }", "a ] b",
])
def test_what_the_converter_does_not_know_stays_markdown(cell):
    page = "Intro.\n\n" + TABLE.format(cell) + "\nAfter.\n"
    assert html_blocks(page, "figures/a.md") == page


@pytest.mark.parametrize("page", [
    "Text right above\n| A | B |\n|---|---|\n| a | b |\n",        # a paragraph's lines, not a table
    "\n| A | B |\n|:---|---|\n| a | b |\n",                         # aligned: Markdown's own style attribute
    "\n| A | B |\n|---|---|\n| a | b | c |\n",                       # a row of another width
    "\n| A | B |\n|---|---|\n| a | b |\nnot a row\n",                # a line Markdown reads as a row
    "\n    | A | B |\n    |---|---|\n    | a | b |\n",               # inside a list item or code block
    "\n- a\ncontinued on a lazy line\n",                             # an item over two lines
    "\n- a\n        - too deep\n",                                 # a level skipped
    "\n- a  \n",                                                   # a line break
])
def test_what_markdown_would_read_otherwise_stays_markdown(page):
    assert html_blocks(page, "index.md") == page


def test_a_nested_list_is_written_as_python_markdown_writes_it(tmp_path):
    page = "# T\n\n- **1 June**: [<bdi>a</bdi>](a.md)\n    - one\n    - two\n        - deep\n- after\n\nEnd.\n"
    written = html_blocks(page, "b.md")
    assert "\n<ul>\n<li><strong>1 June</strong>" in written and "- one" not in written
    pages = {"a.md": "# A\n"}
    html = _converted({**pages, "b.md": written}, tmp_path, True)["b.md"]
    assert _normal(html) == _normal(_converted({**pages, "b.md": page}, tmp_path, True)["b.md"])


def test_a_cell_keeps_its_text_exactly(tmp_path):
    """Escapes, references and the inline tags the site core writes, converted as MkDocs does."""
    cell = ("\\*not emphasis\\* &amp; &lt;b&gt; 1 &#124; 2 \\[x\\] a > b & c **strong** "
            "<bdi>Имя</bdi> [<bdi>link</bdi>](../actors/a.md#side) [out](<https://example.org/?a=1&b=2>) "
            '<small class="reading" title="why &quot;so&quot;">(<a href="x">y</a>)</small>')
    page = "# T\n\n" + TABLE.format(cell.replace('<a href="x">y</a>', "[y](b.md)"))
    pages = {"figures/a.md": page, "figures/b.md": "# B\n", "actors/a.md": "# A\n"}
    for directory_urls in (True, False):
        html = _converted({**pages, "figures/a.md": html_blocks(page, "figures/a.md", directory_urls)},
                          tmp_path, directory_urls)["figures/a.md"]
        markdown = _converted(pages, tmp_path, directory_urls)["figures/a.md"]
        assert _normal(html) == _normal(markdown)
        assert "<table>" in html and "\\" not in html.split("<table>")[1]


@pytest.mark.parametrize("directory_urls", [True, False])
def test_addresses_are_mkdocs_own(tmp_path, directory_urls):
    config = _config(tmp_path, directory_urls)
    paths = ["index.md", "about.md", "figures/index.md", "figures/a-b.md", "uk/x/y.md", "data.md"]
    for src in paths:
        assert page_url(src, directory_urls) == _file(config, src, "").url
    urls = [page_url(p, directory_urls) for p in paths] + ["data/record.json", "assets/x.css"]
    for url in urls:
        for other in urls:
            assert relative_url(url, other) == get_relative_url(url, other), (url, other)


def test_generate_writes_links_for_the_url_style_it_is_told(tmp_path):
    """`generate` writes links for MkDocs' default (directory URLs), or for
    `use_directory_urls: false` when told; a config that says so is refused without it."""
    default, html = tmp_path / "default", tmp_path / "html"
    assert run_cli("generate", "--facts-dir", str(FACTS), "--out", str(default)).returncode == 0
    index = (default / "figures" / "index.md").read_text(encoding="utf-8")
    assert '<a href="../actors/' in index and '.html"' not in index
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: x\nuse_directory_urls: false\n", encoding="utf-8")
    refused = run_cli("generate", "--facts-dir", str(FACTS), "--out", str(tmp_path / "c"),
                      "--config", str(config), "--write-config", str(tmp_path / "engine.yml"))
    assert refused.returncode == 2 and "--no-directory-urls" in refused.stderr
    assert run_cli("generate", "--facts-dir", str(FACTS), "--out", str(html), "--no-directory-urls",
                   "--config", str(config), "--write-config", str(tmp_path / "engine.yml")).returncode == 0
    index = (html / "figures" / "index.md").read_text(encoding="utf-8")
    assert re.search(r'<a href="\.\./actors/[a-z0-9-]+\.html"', index)


def test_stashed_tables_go_back_where_they_were():
    page = ("# T\n\n" + html_blocks(TABLE.format("one"), "a.md") + "\n\nText.\n\n"
            + html_blocks(TABLE.format("two"), "a.md") + "\n")
    stashed, tables = stash_blocks(page)
    assert len(tables) == 2 and "<table>" not in stashed and "one" not in stashed
    assert restore_blocks(stashed, tables)[0] == page
    # a table not in html_blocks' shape (a blank line in it, a table in it) stays in the page
    odd = "# T\n\n<table>\n<thead>\n\n</thead>\n</table>\n\n<table>\n<thead>\n<table>\n</table>\n</table>\n"
    assert stash_blocks(odd) == (odd, [])
    # a marker naming no table is dropped
    assert restore_blocks("<p>a</p><!--exchange-record-block-7--><p>b</p>", tables)[0] == "<p>a</p><p>b</p>"


def test_a_hand_written_pages_blocks_are_all_left_for_after_search():
    """`unsearched` (the record's lists on a hand-written page): every block waits
    for search to have read the page, in any section; the words around stay."""
    html = ('<h2 id="a">A</h2>\n<!--exchange-record-block-0-->\n<p>Words.</p>\n'
            '<h2 id="b" data-search-exclude="1">B</h2>\n<!--exchange-record-block-1-->\n')
    blocks = ["<ul>\n<li>one</li>\n</ul>", "<ul>\n<li>two</li>\n</ul>"]
    placed, later = restore_blocks(html, blocks, "later-x")
    assert "one" in placed and list(later.values()) == [blocks[1]]
    shown, later = restore_blocks(html, blocks, "later-x", unsearched=True)
    assert "one" not in shown and "two" not in shown and "Words." in shown
    for marker, block in later.items():
        shown = shown.replace(marker, block, 1)
    assert shown == restore_blocks(html, blocks)[0]  # every block back in its place


def test_tables_search_does_not_read_go_back_after_it_has_read_the_page(record, tmp_path):
    """The plugin puts the tables of sections search leaves out back only after
    Material's search has read the page (plugin.on_page_content, on_page_context):
    on every page of the real record search reads exactly what it read with every
    table in place, and the page then holds every table again."""
    from material.plugins.search.plugin import SearchIndex

    site = build_site(record)
    pages = {**site.pages, **site.defaults}
    stashed = {path: stash_blocks(text) for path, text in pages.items()}
    config = _config(tmp_path, True)
    files = Files([_file(config, path, markdown) for path, (markdown, _t) in stashed.items()]
                  + [_file(config, path, "") for path in [*site.files, *site.charts]])
    deferred_somewhere = searched_somewhere = 0
    for f in files.documentation_pages():
        page = Page(None, f, config)
        page.read_source(config)
        page.render(config, files)
        tables = stashed[f.src_uri][1]
        whole, none_later = restore_blocks(page.content, tables)
        assert not none_later
        partial, later = restore_blocks(page.content, tables, "later-x")
        deferred_somewhere += len(later)
        searched_somewhere += sum(1 for t in tables if t in partial)
        indexes = []
        for content in (whole, partial):
            page.content = content
            index = SearchIndex(lang=["en"], separator=r"[\s\-]+", pipeline=[])
            index.add_entry_from_context(page)
            indexes.append(index.entries)
        assert indexes[0] == indexes[1], f.src_uri
        for marker, table in later.items():
            partial = partial.replace(marker, table, 1)
        assert partial == whole
    assert deferred_somewhere > 20 and searched_somewhere > 0, "both kinds of table are on the pages"


@pytest.mark.parametrize(("page", "as_html"), [
    ("T\n:   x\n\nU\n:   **y** [a](a.md#b)\n:   z\n", True),            # one <dl>, two definitions of U
    ("Para.\n\nT\n:   x\n\n\nU\n:   y\n\nAfter.\n", True),              # blank lines apart: still one list
    ("T\n:   - [a](a.md)\n    - b\n        - c\n\nU\n:   x\n", True),    # a definition that is a list
    ("- li\n    more\n\nT\n:   x\n", True),                           # a list before: not joined
    ('!!! note "N"\n    Body.\n\nT\n:   x\n', True),                   # an admonition before
    ("A\n:   x\n\nB\nC\n:   y\n", False),            # two terms of one definition, joining the list
    ("A\n:   x\nlazy\n\nT\n:   y\n", False),         # a lazy line: the list before is Markdown's
    ("T\n:   x\n\n:   orphan\n\nU\n:   y\n", False),  # a definition without a term
    ("T\n:   - a\n    - b\n:   y\n", False),          # a definition after a list: a paragraph
    ("T\n:   - a\n\n    Para.\n", False),             # a definition of two blocks
    ("T\n:   # x\n", False), ("T\n:   > x\n", False), ("T\n:   1. x\n", False),  # blocks in it
    ("T\n:   !!! note\n", False), ("T\n:   x {: .c }\n", False), ("T\n:   ***\n", False),
    ("T\n:   *x*\n", False), ("- x\n:   y\n", False),
])
def test_definition_lists_are_written_as_python_markdown_writes_them(tmp_path, page, as_html):
    assert ("<dl>" in _written_as_its_markdown_reads(tmp_path, "# P\n\n" + page)) is as_html


def _written_as_its_markdown_reads(tmp_path: Path, page: str) -> str:
    """`page` with its blocks written as HTML, checked to convert (MkDocs, links
    resolved) to what its Markdown converts to."""
    written = html_blocks(page, "b.md")
    pages = {"a.md": "# A\n"}
    html = _converted({**pages, "b.md": written}, tmp_path, True)["b.md"]
    assert _normal(html) == _normal(_converted({**pages, "b.md": page}, tmp_path, True)["b.md"])
    return written


@pytest.mark.parametrize(("page", "as_html"), [
    ("- a\n- b\n\n    > q\n\n- c\n- d\n\nAfter.\n", True),      # Python-Markdown's paragraphs: b, c
    ("- a\n\n- b\n- c\n", True),                               # a and b, not c
    ('- [a](a.md) (news)\n\n    > We **have**.\n    >\n    > Second.\n\n- b, garbled\n\n'
     '    Quote, in Russian:\n\n    > <span lang="ru">Рефрижераторы</span>\n\n    Translation:\n\n'
     '    > Fridges\n\n    <small class="reading">Reading of date:</small> because\n\n- c\n', True),
    ("- a\n\n\n    > q\n\n\n- b\n", True),                      # blank lines apart, however many
    ("- a\n\n    > q\n    lazy\n", False), ("- a\n\n    > q\n    >\n", False), ("- a\n\n    - sub\n", False),
    ("- a\n\n    Para\n    two lines.\n", False), ("- a\n\n        code\n", False), ("- a\n\n* b\n", False),
    ("- a\n\n    > q\n\n1. x\n", False), ("- # h\n", False), ("- > q\n\n- b\n", False),
    ("- a\n\n    <div>x</div>\n", False), ("- a\n\n    # h\n", False), ("- a\n\n    *q*\n", False),
])
def test_loose_lists_are_written_as_python_markdown_writes_them(tmp_path, page, as_html):
    assert ("<ul>" in _written_as_its_markdown_reads(tmp_path, "# P\n\nText.\n\n" + page)) is as_html


@pytest.mark.parametrize(("page", "as_html"), [
    ('!!! warning "Claimants disagree"\n    The totals range: see [the ledger](a.md).\n\n- **1 June**: [a](a.md)\n'
     "- b\n\nAfter.\n", True),                                   # the home summary's disputed measures
    ("!!! note\n    Text.\n\n    - inside\n\n- after\n", True),  # the admonition's own list, then one after it
    ("!!! note\n\n    Text.\n\n\n- after\n", True),
    ("- a\n\n    !!! note\n        Text.\n\n- b\n", False),       # an item's admonition: b continues the list
    ("- a\n\n    Para.\n\n- b\n", False),                        # an item's paragraph: b continues it
])
def test_a_list_after_an_admonition_starts_afresh(tmp_path, page, as_html):
    """Written as HTML where it starts afresh; where it continues a list, as Python-Markdown reads it."""
    written = _written_as_its_markdown_reads(tmp_path, page)
    if as_html:
        assert not re.search(r"^- ", written, re.M), written


CHARTS = ("![Remains: Figures 1; per X\\_y (a), \"q\" \\[1\\] 27 May 2025.](ledger/a.svg){ .chart .chart-light }\n"
          "![Дані: 1 (а) — «б».](ledger/a-dark.svg){ .chart .chart-dark .chart-wide }\n")


@pytest.mark.parametrize("directory_urls", [True, False])
@pytest.mark.parametrize(("page", "as_html"), [
    (f"# L\n\nIntro.\n\n{CHARTS}\nAfter.\n", True),
    (f"# L\n\n{CHARTS}", True),
    (f"# L\n\nIntro.\n{CHARTS}\nAfter.\n", False),                     # a paragraph's lines
    (f"# L\n\n{CHARTS}More text.\n", False),
    ("# L\n\n![a *b*](ledger/a.svg){ .chart }\n", True),                 # emphasis is the alt's text
    ("# L\n\n![a `b`](ledger/a.svg){ .chart }\n", False),
    ("# L\n\n![a &amp; b](ledger/a.svg){ .chart }\n", False),
    ("# L\n\n![a <b>](ledger/a.svg){ .chart }\n", False),
    ("# L\n\n![a { .x } b](ledger/a.svg){ .chart }\n", False),
    ("# L\n\n![a](ledger/a.svg \"title\"){ .chart }\n", False),
    ("# L\n\n![a](ledger/a.svg){: .chart }\n", False),
    ("# L\n\n![a](ledger/a.svg)\n", False),
    ("# L\n\n![a](../outside.svg){ .chart }\n", False),
])
def test_a_paragraph_of_charts_is_written_as_mkdocs_writes_it(tmp_path, page, as_html, directory_urls):
    written = html_blocks(page, "ledger.md", directory_urls)
    assert ("<img " in written) is as_html, written
    stashed, blocks = stash_blocks(written)  # and handed to the engine as a marker, put back after
    assert ("<img " not in stashed and len(blocks) == 1) is as_html
    assert restore_blocks(stashed, blocks)[0] == written
    statics = ["ledger/a.svg", "ledger/a-dark.svg"]
    html = _converted({"ledger.md": written}, tmp_path, directory_urls, statics)["ledger.md"]
    assert _normal(html) == _normal(_converted({"ledger.md": page}, tmp_path, directory_urls, statics)["ledger.md"])


@pytest.mark.parametrize("page", [
    "# P\n\nText.\n\n![a](ledger/a.svg){ .chart }\n\n:   def\n",      # a definition list's term
    "# P\n\n![a\r\rb](ledger/a.svg){ .chart }\n",                     # a carriage return is a line break
    "# P\n\n- a\n!!! Breaking: b\n    c\n\n- d\n",                   # no admonition (the colon): a's lazy line
    "# P\n\n- a\n!!! \n    Text.\n\n- b\n",
    '# P\n\n- a\n!!! "no type"\n    Text.\n\n- b\n',
])
def test_what_only_looks_like_a_chart_or_an_admonition_reads_as_markdown_does(tmp_path, page):
    """Found by attacking the converter: each converts as its Markdown does."""
    written = html_blocks(page, "ledger.md")
    statics = ["ledger/a.svg"]
    html = _converted({"ledger.md": written}, tmp_path, True, statics)["ledger.md"]
    assert _normal(html) == _normal(_converted({"ledger.md": page}, tmp_path, True, statics)["ledger.md"])


def test_a_block_marked_twice_comes_back_twice_and_no_marker_is_left():
    """`mark_blocks` names each place a block goes: put back, every place has it."""
    from exchange_record.site.blocks import mark_blocks, put_blocks

    html = "<p>a</p><!--exchange-record-block-0--><p>b</p><!--exchange-record-block-0-->"
    marked, searched, later = mark_blocks(html, ["<ul>\n<li>x</li>\n</ul>"], "later-x")
    assert len(searched) == 2 and not later
    back = put_blocks(marked, searched)
    assert back.count("<li>x</li>") == 2 and "later-x" not in back
    assert back == restore_blocks(html, ["<ul>\n<li>x</li>\n</ul>"])[0]

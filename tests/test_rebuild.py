"""A rebuild after an edit (as `mkdocs serve` makes it) gives the site a full build
gives, byte for byte, while converting only the pages the edit changed.

The builds run in this process, as under `mkdocs serve`: MkDocs keeps the plugin's
instance (and what it remembers of the last build) from one build to the next.
Two languages, so that the other languages' builds are rebuilt too, here (the
processes that build them beside this one: tests/test_serve.py).
"""

from __future__ import annotations

import datetime as dt
import filecmp
import logging
import os
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from exchange_record import plugin as plugin_module
from exchange_record import rebuild as rebuild_module
from exchange_record.record.load import FactCache
from exchange_record.site import export, overview
from sitetools import make_project

pytestmark = pytest.mark.build


def differences(a: Path, b: Path) -> list[str]:
    """Every file that is in one tree only, or whose bytes differ."""
    out: list[str] = []

    def walk(x: Path, y: Path, rel: str) -> None:
        d = filecmp.dircmp(x, y, ignore=[])  # its default skips folders named `tags`, our tags page
        out.extend(f"only in the rebuilt site: {rel}{n}" for n in d.left_only)
        out.extend(f"only in the full build: {rel}{n}" for n in d.right_only)
        out.extend(f"differs: {rel}{n}" for n in d.common_files if (x / n).read_bytes() != (y / n).read_bytes())
        for sub in d.common_dirs:
            walk(x / sub, y / sub, f"{rel}{sub}/")
    walk(a, b, "")
    return out


class Serve:
    """`mkdocs serve`'s builds, in this process: a first full build, then dirty
    rebuilds, as the plugin's on_serve makes them."""

    def __init__(self, project: Path) -> None:
        self.project = project
        config = self.config("served")
        config.plugins.on_startup(command="serve", dirty=False)
        self.plugin = config.plugins["exchange-record"]
        build(config)

    def config(self, site: str):  # type: ignore[no-untyped-def]
        return load_config(str(self.project / "mkdocs.yml"), site_dir=str(self.project / site))

    def rebuild(self) -> set[str]:
        """Rebuild after an edit; the pages of the English site it kept."""
        kept: set[str] = set()
        original = self.plugin._give_back

        def note(files, config):  # type: ignore[no-untyped-def]
            if self.plugin.language == "en":
                kept.update(self.plugin._kept)
            original(files, config)
        self.plugin._give_back = note
        try:
            with self.plugin.rebuild():
                build(self.config("served"), dirty=True)
        finally:
            del self.plugin._give_back
        return kept

    def full(self) -> Path:
        """A full build of the record as it is now, in a folder of its own."""
        site = self.project / "full"
        shutil.rmtree(site, ignore_errors=True)
        for key in [k for k in self.plugin.published if k[0].startswith(str(site))]:
            del self.plugin.published[key]
        # Nothing from the served builds: not their fact pages (each language's last
        # site carries the memo the next build takes unchanged pages from), not the
        # facts as read (MkDocs hands this build the same plugin, whose files' cache
        # would give it the very fact objects, and everything kept by them would be
        # taken as it is: the data downloads' entries, site/export.py `_Kept`).
        # The served builds' kept entries are put back after, for the next rebuild to
        # take from (a full build between two rebuilds would otherwise leave it nothing
        # to keep, and nothing kept wrongly to find).
        served, cache = dict(self.plugin.sites), self.plugin.cache
        kept = export._JSON, export._TABLE_LINES, export._LABELS
        made = dict(overview._MADE)  # the ledger's lines and words, by language and measure
        self.plugin.sites.clear()
        self.plugin.cache = FactCache()
        export._JSON, export._TABLE_LINES = export._Kept(), {}
        overview._MADE.clear()
        try:
            build(self.config("full"))
        finally:
            self.plugin.sites.clear()
            self.plugin.sites.update(served)
            self.plugin.cache = cache
            export._JSON, export._TABLE_LINES, export._LABELS = kept
            overview._MADE.clear()
            overview._MADE.update(made)
        return site


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Serve]:
    mp = pytest.MonkeyPatch()
    mp.setenv("RECORD_LANGUAGES", "en,uk")
    mp.setenv("SOURCE_DATE_EPOCH", "1750000000")
    mp.setenv("NO_MKDOCS_2_WARNING", "1")
    mp.delenv("OFFLINE", raising=False)
    # Ukrainian is built in this process, whatever the cores and threads here (with a
    # spare core and one thread it would be forked beside: tests/test_serve.py)
    mp.setattr(plugin_module, "can_fork", lambda: False)
    # The large blocks kept from one build to the next (rebuild.py `KeptTexts`) start at
    # 16 kB, which no block of the curated record reaches: here every table or list of
    # 1 kB or more is kept, so that each rebuild below is compared with the full build
    # through them
    mp.setattr(rebuild_module, "LARGE", 1024)
    project = make_project(tmp_path_factory.mktemp("rebuild") / "p")
    try:
        yield Serve(project)
    finally:
        mp.undo()


FIGURE = "facts/figures/medinsky-27-bodies-to-russia.yaml"


def edit_title(project: Path) -> str:
    fact = project / FIGURE
    fact.write_text(fact.read_text().replace("title: 27 bodies", "title: Twenty-seven bodies"))
    return "figures/medinsky-27-bodies-to-russia/index.html"


def edit_value(project: Path) -> str:
    # moves the home summary, the ledger, the disagreements and the side-by-side tables
    fact = project / FIGURE
    fact.write_text(re.sub(r"\nvalue: 27\n", "\nvalue: 28\n", fact.read_text()))
    return "ledger/index.html"


def add_fact(project: Path) -> str:
    (project / "facts/actors/new-observer.yaml").write_text(
        "name: New observer\nkind: organization\nside: third-party\n")
    return "actors/new-observer/index.html"


def delete_fact(project: Path) -> str:
    (project / "facts/actors/new-observer.yaml").unlink()
    return "actors/index.html"


def edit_page(project: Path) -> str:
    about = project / "docs/about.md"
    about.write_text(about.read_text() + "\nA line added to the About page.\n")
    return "about/index.html"


@pytest.mark.parametrize("edit", [edit_title, edit_value, add_fact, delete_fact, edit_page],
                         ids=["title", "value", "new fact", "deleted fact", "hand-written page"])
def test_a_rebuild_after_an_edit_is_the_full_build(served: Serve, edit, caplog: pytest.LogCaptureFixture):
    before = (served.project / "served" / "index.html").read_bytes()
    changed = edit(served.project)
    with caplog.at_level(logging.INFO):
        kept = served.rebuild()
    full = served.full()
    assert differences(served.project / "served", full) == []
    # and it was a rebuild, not a full build in disguise: most pages kept
    site = served.project / "served"
    pages = sum(1 for p in site.glob("**/index.html") if p.relative_to(site).parts[0] != "uk")
    if edit is edit_page:  # a hand-written page may change every page's nav: all rebuilt
        assert not kept
    else:
        assert len(kept) > pages // 2, (len(kept), pages)
        assert re.search(r"rebuilt \d+ of \d+ pages \(en\)", caplog.text)
        assert re.search(r"rebuilt \d+ of \d+ pages \(uk\)", caplog.text)
    assert "A 'dirty' build is being performed" not in caplog.text
    assert "--clean" not in caplog.text  # stale files are the plugin's to remove, and it does
    if edit in (add_fact, delete_fact):
        # hand-written pages that do not link to the fact are kept (each depends on the
        # files it may link to, not on every page there is)
        assert {"about.md", "cite.md", "methodology.md", "errors.md"} <= kept, kept
    if edit is delete_fact:
        assert not (served.project / "served/actors/new-observer").exists()
        assert not (served.project / "served/uk/actors/new-observer").exists()
    else:
        assert (served.project / "served" / changed).is_file()
    if edit is edit_value:
        assert (served.project / "served" / "index.html").read_bytes() != before  # the home summary moved
        # the tags page lists titles and tags, which a value is in neither of
        assert "tags.md" in kept
    if edit in (edit_title, add_fact, delete_fact):
        assert "tags.md" not in kept  # a title listed, a page listed or no more


def test_a_rebuild_unpacks_only_the_pages_it_converts_again(served: Serve, monkeypatch: pytest.MonkeyPatch):
    """Generated pages are held packed between builds (site/packed.py): the fact pages
    a rebuild keeps are never unpacked, not even to be fingerprinted."""
    from exchange_record.site.packed import Packed

    unpacked: list[Packed] = []
    text = Packed.text
    monkeypatch.setattr(Packed, "text", lambda self: unpacked.append(self) or text(self))
    fact = served.project / FIGURE
    fact.write_text(re.sub(r"(?m)^title: .*$", "title: Bodies, as Medinsky said", fact.read_text(), count=1))
    kept = served.rebuild()
    where = {id(site.pages.packed(path)): (code, path)
             for code, site in served.plugin.sites.items() for path in site.pages}
    english = {path for code, path in map(where.__getitem__, map(id, unpacked)) if code in ("", "en")}
    assert english and not english & kept, sorted(english & kept)
    assert "figures/medinsky-27-bodies-to-russia.md" in english
    held = [site.pages.packed(path) for site in served.plugin.sites.values() for path in site.pages]
    assert len(unpacked) < len(held) // 4, (len(unpacked), len(held))
    assert differences(served.project / "served", served.full()) == []


def test_a_rebuild_writes_and_cleans_again_only_the_large_blocks_an_edit_changed(
        served: Serve, monkeypatch: pytest.MonkeyPatch):
    """The large tables and lists (an index's, the ledger's, the home summary's) are
    written as HTML and cleaned once; a rebuild takes every one the edit left as it
    was from the last build, those of the pages it keeps too (rebuild.py `KeptTexts`).
    Written, not those of a fact page: one kept from the memo does not carry its
    blocks as written (at 16 kB, the size kept outside these tests, a fact page's
    blocks are seldom that large); cleaned, every one."""
    from exchange_record.site import blocks as blocks_module

    large = rebuild_module.LARGE
    assert large < 16384  # as the fixture sets it: the curated record has blocks that large
    written: list[str] = []
    cleaned: list[str] = []
    fact_page = re.compile(r"(actors|events|figures|places|sources)/(?!index\.md$)[^/]+\.md")
    lines = blocks_module._lines  # what converts a block that is not kept (a table, a list)
    monkeypatch.setattr(blocks_module, "_lines", lambda convert, here, urls, text: (
        None if fact_page.fullmatch(here) else written.append(text), lines(convert, here, urls, text))[1])
    monkeypatch.setattr(plugin_module, "_clean_labelled", lambda block, clean=plugin_module._clean_labelled: (
        cleaned.append(block), clean(block))[1])

    def large_ones(texts: list[str]) -> set[str]:
        found = {t for t in texts if len(t) >= large}
        texts.clear()
        return found

    fact = served.project / FIGURE
    edits = [  # each moves some large blocks; the pages the one before left as they were kept theirs
        ("value", lambda text: re.sub(r"\nvalue: 2[0-9]\n", "\nvalue: 29\n", text)),
        ("title", lambda text: re.sub(r"(?m)^title: .*$", "title: Twenty-nine bodies", text, count=1)),
        ("value", lambda text: re.sub(r"\nvalue: 29\n", "\nvalue: 30\n", text)),
    ]
    for what, edit in edits:
        served.full()  # every large block of the record as it is now, made afresh
        before_written, before_cleaned = large_ones(written), large_ones(cleaned)
        assert before_written and before_cleaned
        fact.write_text(edit(fact.read_text()))
        served.rebuild()
        again_written, again_cleaned = large_ones(written), large_ones(cleaned)
        if what == "value":
            assert again_written and again_cleaned  # the blocks that show the value
        assert not again_written & before_written, f"after the {what} edit, a large block written again as it was"
        assert not again_cleaned & before_cleaned, f"after the {what} edit, a large block cleaned again as it was"
    assert differences(served.project / "served", served.full()) == []


def test_a_page_held_packed_reads_as_its_markdown_however_it_is_read(served: Serve, tmp_path: Path):
    """A third party's plugin may read a generated page any way MkDocs' File allows."""
    from mkdocs.structure.files import InclusionLevel

    from exchange_record.site.packed import Packed

    text = "# Тіла\n\n1 212 bodies, «за даними» сторони\n"
    config = served.config(str(tmp_path / "site"))
    config.plugins._current_plugin = "exchange-record"  # as in a plugin's event, where it is made
    f = plugin_module._Packed.of(config, "figures/x.md", Packed.of(text), InclusionLevel.UNDEFINED)
    assert f.content_string == text and f.content_bytes == text.encode() and f.is_modified()
    f.copy_file()  # as a hook copying the page's source might
    assert Path(f.abs_dest_path).read_text(encoding="utf-8") == text
    f.content_bytes = "\ufeffreplaced".encode()
    assert f.content_string == "replaced" and f.packed is None
    f.content_string = "again"
    assert f.content_bytes == b"again"


def replace(project: Path, path: str, old: str, new: str) -> None:
    fact = project / "facts" / path
    text = fact.read_text(encoding="utf-8")
    assert old in text, (path, old)
    fact.write_text(text.replace(old, new, 1), encoding="utf-8")


# Edits whose effect reaches pages through what they read of other facts (site/reads.py:
# a rebuild renders again only the fact pages whose reads changed), two at a time, far apart.
def claimant_side_and_event_date(project: Path) -> None:
    # every figure Medinsky claims shows his side, on its page and its neighbours' tables,
    # and a figure's status may turn on whether two claimants are of one side
    replace(project, "actors/vladimir-medinsky.yaml", "side: russia", "side: unknown")
    # which events come before and after it, on several event pages
    replace(project, "events/remains-transfer-2025-06-13.yaml", "date: 2025-06-13", "date: 2025-06-01")


def event_between_two_others(project: Path) -> None:
    # the next event of the one before it, and the previous of the one after: pages
    # that never showed it before
    (project / "facts/events/added-between.yaml").write_text(
        "title: An event added between two others\ndate: 2025-06-09\nkind: statement\n"
        "summary: Added for the test.\nsources:\n  - source: tass-2025-06-11-medinsky-1212-and-27\n",
        encoding="utf-8")


def actor_renamed(project: Path) -> None:
    # named, and linked, on both events he took part in and on the figures he claims
    replace(project, "actors/rustem-umerov.yaml", "name: Rustem Umerov", "name: Rustem Umerov (renamed)")


def translated_title_and_source_title(project: Path) -> None:
    # in Ukrainian only: every page linking the figure
    replace(project, "figures/umerov-6000-bodies-to-ukraine.yaml",
            "title: '«6 000 тіл в обмін", "title: '«Шість тисяч тіл в обмін")
    # cited on figure and event pages
    replace(project, "sources/tass-2025-06-11-medinsky-1212-and-27.yaml",
            "title: TASS report of 11 June", "title: The TASS report of 11 June")


def reading_added_and_figure_date(project: Path) -> None:
    # the reading marker goes wherever the figure is shown
    replace(project, "figures/coordination-headquarters-1212-bodies-returned.yaml", "\nsources:",
            "\nreadings:\n  - of: date\n    because: An added reading, for the test.\nsources:")
    # the figures of the measure in another date order
    replace(project, "figures/umerov-6000-bodies-to-ukraine.yaml", "as_of: 2025-06-02", "as_of: 2025-06-01")


@pytest.mark.parametrize("edit", [claimant_side_and_event_date, event_between_two_others, actor_renamed,
                                  translated_title_and_source_title, reading_added_and_figure_date],
                         ids=["side and event date", "event between two others", "actor renamed",
                              "translation and source title", "reading and figure date"])
def test_pages_that_show_what_another_fact_says_follow_its_edit(served: Serve, edit):
    edit(served.project)
    rebuilt_as_full(served)


def rebuilt_as_full(served: Serve) -> Path:
    """Rebuild, and check the site is the full build's; the rebuilt site."""
    served.rebuild()
    assert differences(served.project / "served", served.full()) == []
    return served.project / "served"


def test_an_invalid_record_keeps_every_language_as_it_was(served: Serve, caplog: pytest.LogCaptureFixture):
    site = served.project / "served"
    pages = [site / "index.html", site / "uk/index.html", site / "actors/index.html"]
    before = [p.read_bytes() for p in pages]
    bad = served.project / "facts/actors/bad-observer.yaml"
    bad.write_text("name: Bad observer\nkind: think-tank\nside: third-party\n")  # no such kind
    with caplog.at_level(logging.ERROR):
        served.rebuild()
    assert "serving the last valid record" in caplog.text
    # the English site stays English (it once took the last language's pages)
    assert [p.read_bytes() for p in pages] == before
    bad.unlink()
    rebuilt_as_full(served)


@pytest.mark.parametrize("target", ["actors/linked-observer.md", "actors/linked\\-observer.md",
                                    "actors/linked-observer%2Emd"], ids=["plain", "escaped", "percent"])
def test_a_link_from_a_hand_written_page_follows_the_page_it_leads_to(served: Serve, target: str):
    """However the link is spelled, as MkDocs reads it (a backslash escape, a
    percent-escape: the page depends on each file it may link to, tested as found)."""
    about = served.project / "docs/about.md"
    text = about.read_text()
    about.write_text(text + f"\nSee [the linked observer]({target}).\n")
    rebuilt_as_full(served)  # a link to a page not there yet
    actor = served.project / "facts/actors/linked-observer.yaml"
    actor.write_text("name: Linked observer\nkind: organization\nside: third-party\n")
    assert 'href="../actors/linked-observer/"' in (rebuilt_as_full(served) / "about/index.html").read_text()
    actor.unlink()  # the link now leads nowhere: written as it is, as a full build does
    assert 'href="../actors/linked-observer/"' not in (rebuilt_as_full(served) / "about/index.html").read_text()
    about.write_text(text)
    rebuilt_as_full(served)


def test_a_file_copied_in_with_an_older_time_is_published(served: Serve):
    css = served.project / "docs/assets/stylesheets/record.css"
    st = css.stat()
    time.sleep(0.05)  # file times move by the kernel's tick, a few milliseconds
    css.write_text(css.read_text() + "\n/* edited */\n")
    os.utime(css, ns=(st.st_atime_ns, st.st_mtime_ns))  # as `cp -p` or `tar x` leave it
    assert "/* edited */" in (rebuilt_as_full(served) / "assets/stylesheets/record.css").read_text()


def test_a_language_taken_out_of_mkdocs_yml_leaves_the_site(served: Serve):
    config = served.project / "mkdocs.yml"
    text = config.read_text()
    config.write_text(text.replace("languages: [en, uk, ru]", "languages: [en, ru]"))
    assert not (rebuilt_as_full(served) / "uk").exists()
    config.write_text(text)
    assert (rebuilt_as_full(served) / "uk/index.html").is_file()


def test_after_a_failed_rebuild_the_next_removes_what_the_edit_removed(served: Serve):
    actor = served.project / "facts/actors/short-lived.yaml"
    actor.write_text("name: Short-lived observer\nkind: organization\nside: third-party\n")
    assert (rebuilt_as_full(served) / "actors/short-lived/index.html").is_file()
    actor.unlink()
    hiding = served.project / "docs/actors/index.md"  # would hide a generated page: the build stops
    hiding.parent.mkdir()
    hiding.write_text("# Actors\n")
    with pytest.raises(Exception, match="BuildError"):
        served.rebuild()
    hiding.unlink()
    hiding.parent.rmdir()
    site = rebuilt_as_full(served)
    assert not (site / "actors/short-lived").exists()
    assert not (site / "uk/actors/short-lived").exists()


def test_the_theme_files_copied_are_those_mkdocs_lists_itself(tmp_path: Path):
    """The plugin's theme loader lists without walking hidden folders (Material's
    14,500 icons) and reads an installed theme's folder once per process: MkDocs
    copies the same theme files as with Jinja's own loader, a project's theme folder
    included, and sees a file added to that folder at the next build."""
    import jinja2
    from mkdocs.structure.files import Files

    project = make_project(tmp_path / "p")
    overrides = project / "overrides"
    (overrides / ".hidden").mkdir(parents=True)
    (overrides / ".hidden" / "secret.css").write_text("a {}")
    (overrides / ".dotfile.js").write_text("")
    (overrides / "assets").mkdir()
    (overrides / "assets" / "extra.css").write_text("b {}")
    text = (project / "mkdocs.yml").read_text()
    (project / "mkdocs.yml").write_text(text.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n", 1))

    def copied(loader: type[jinja2.FileSystemLoader] | None) -> list[tuple[str, str | None]]:
        config = load_config(str(project / "mkdocs.yml"))
        config = config.plugins.on_config(config)
        env = config.theme.get_env()
        assert type(env.loader).__name__ == "_ThemeLoader"
        if loader is not None:
            env.loader = loader(config.theme.dirs)
        files = Files([])
        files.add_files_from_theme(env, config)
        return sorted((f.src_uri, f.abs_src_path) for f in files)

    ours = copied(None)
    assert ours == copied(jinja2.FileSystemLoader)
    assert ("assets/extra.css", str(overrides / "assets" / "extra.css")) in ours
    assert any(path.startswith("assets/javascripts/") for path, _ in ours)  # Material's own, listed from its folder
    assert not any("/." in f"/{path}" for path, _ in ours)
    (overrides / "assets" / "added.css").write_text("c {}")
    again = copied(None)
    assert ("assets/added.css", str(overrides / "assets" / "added.css")) in again
    assert again == copied(jinja2.FileSystemLoader)


def test_what_a_tags_listing_shows_of_a_generated_page_is_its_title_and_tags():
    from exchange_record.site.packed import Packed

    def page(title: str = '"27 bodies"', tags: str = '["figure", "side: Russia"]', described: str = '"27, per X"',
             body: str = "# 27 bodies\n") -> str:
        return f"---\ntitle: {title}\ntags: {tags}\ndescription: {described}\nsearch: {{\"boost\": 2}}\n---\n\n{body}"

    base = Packed.of(page())
    assert Packed.of(page(described='"28, per X"', body="# 27 bodies\n\n28\n")).listed == base.listed
    assert Packed.of(page(title='"Twenty-seven bodies"')).listed != base.listed
    assert Packed.of(page(tags='["figure", "side: Ukraine"]')).listed != base.listed
    # front matter written over lines, or no title of its own: the whole page counts
    over_lines = "---\ntitle: \"27 bodies\"\ntags:\n  - figure\n  - {side}\n---\n\n# 27 bodies\n"
    assert Packed.of(over_lines.format(side="side: Russia")).listed != Packed.of(over_lines.format(side="x")).listed
    untitled = "---\ntags: [\"figure\"]\n---\n\n# {h}\n"
    assert Packed.of(untitled.format(h="A")).listed != Packed.of(untitled.format(h="B")).listed
    assert Packed.of("# no front matter\n").listed == Packed.of("# no front matter\n").digest


def test_an_authors_page_is_converted_as_written_around_the_records_blocks(served: Serve):
    """Only the record's part of a hand-written page (the home summary) is handed to the
    engine as markers: an author's `<p><img …>` or table in a code block or a comment
    stays code or comment (found by attacking the charts' stash)."""
    page = served.project / "docs/notes.md"
    page.write_text("# Notes\n\nThe ledger writes:\n\n```html\n\n<p><img alt=\"a\" src=\"a.svg\" /></p>\n\n"
                    "<ul>\n<li>x</li>\n</ul>\n\n```\n\nIntro.\n\n<!--\n\n<p><img src=\"old.svg\" /></p>\n\n-->\n\n"
                    "After the comment.\n")
    site = rebuilt_as_full(served)
    html = (site / "notes/index.html").read_text()
    assert "exchange-record-block" not in html
    assert "&lt;p&gt;&lt;img alt=\"a\"" in html and "After the comment." in html
    assert '<img src="old.svg"' not in html  # still commented out
    # and the home page's summary is still handed over as blocks and put back
    assert "<ul>\n<li><strong>" in (site / "index.html").read_text()


def test_the_tags_page_follows_a_tagged_hand_written_page_and_tags_edited(served: Serve):
    """The tags page kept only when nothing it lists changed (beyond the edits above):
    a hand-written page given tags, a value (kept), an actor's kind (its tags), a name."""
    p = served.project
    about = p / "docs/about.md"
    about.write_text("---\ntags: [actor, \"side: Ukraine\"]\n---\n\n" + about.read_text())
    rebuilt_as_full(served)
    fig = p / FIGURE
    fig.write_text(re.sub(r"\nvalue: \d+\n", "\nvalue: 29\n", fig.read_text()))
    kept = served.rebuild()
    assert "tags.md" in kept
    assert differences(p / "served", served.full()) == []
    unn = p / "facts/actors/unn.yaml"
    unn.write_text(unn.read_text().replace("kind: media", "kind: organization"))
    assert "tags.md" not in served.rebuild()
    assert differences(p / "served", served.full()) == []
    tass = p / "facts/actors/tass.yaml"
    tass.write_text(tass.read_text().replace("name: TASS", "name: AAA TASS", 1))
    served.rebuild()
    assert differences(p / "served", served.full()) == []


def test_a_tagged_hand_written_page_titled_by_the_record(served: Serve):
    """A hand-written page's title may hold a marker the record fills: the tags page,
    which lists it by that title, follows the record (found by attacking the change)."""
    p = served.project
    (p / "docs/titled.md").write_text("---\ntags: [actor]\n---\n\n# Notes <!-- exchange-record: coverage -->\n\nText.\n")
    rebuilt_as_full(served)
    # the latest event a week later: the record's coverage moves, no page's order or title does
    dated = {f: dt.date.fromisoformat(m.group(1)) for f in (p / "facts/events").glob("*.yaml")
             if (m := re.search(r"(?m)^date: (\d{4}-\d{2}-\d{2})$", f.read_text()))}
    last = max(dated, key=lambda f: dated[f])
    later = dated[last] + dt.timedelta(days=7)
    last.write_text(re.sub(r"(?m)^date: .*$", f"date: {later.isoformat()}", last.read_text(), count=1))
    served.rebuild()
    assert f"{later.day} {later.strftime('%B')} {later.year}" in (p / "served/titled/index.html").read_text()
    assert differences(p / "served", served.full()) == []

"""A rebuild after an edit (as `mkdocs serve` makes it) gives the site a full build
gives, byte for byte, while converting only the pages the edit changed.

The builds run in this process, as under `mkdocs serve`: MkDocs keeps the plugin's
instance (and what it remembers of the last build) from one build to the next.
Two languages, so that the other languages' builds are rebuilt too.
"""

from __future__ import annotations

import filecmp
import logging
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from sitetools import make_project

pytestmark = pytest.mark.build


def differences(a: Path, b: Path) -> list[str]:
    """Every file that is in one tree only, or whose bytes differ."""
    out: list[str] = []

    def walk(x: Path, y: Path, rel: str) -> None:
        d = filecmp.dircmp(x, y)
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
        build(self.config("full"))
        return site


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Serve]:
    mp = pytest.MonkeyPatch()
    mp.setenv("RECORD_LANGUAGES", "en,uk")
    mp.setenv("SOURCE_DATE_EPOCH", "1750000000")
    mp.setenv("NO_MKDOCS_2_WARNING", "1")
    mp.delenv("OFFLINE", raising=False)
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
    if edit is delete_fact:
        assert not (served.project / "served/actors/new-observer").exists()
        assert not (served.project / "served/uk/actors/new-observer").exists()
    else:
        assert (served.project / "served" / changed).is_file()
    if edit is edit_value:
        assert (served.project / "served" / "index.html").read_bytes() != before  # the home summary moved

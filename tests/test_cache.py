"""Under `mkdocs serve`, an edit re-reads only the edited file."""

from __future__ import annotations

import os
import time

from conftest import FACTS as FACTS_DIR
from exchange_record.record.build import build_record
from exchange_record.record.load import FactCache


def test_cache_rereads_only_changed_files(facts_dir):
    root = facts_dir()
    total = sum(1 for _ in root.glob("*/*.yaml"))
    cache = FactCache()
    build_record(root, cache)
    assert cache.reads == total

    build_record(root, cache)
    assert cache.reads == total  # nothing changed, nothing read

    actor = root / "actors" / "claimant-ru.yaml"
    actor.write_text(actor.read_text().replace("Claimant RU", "Claimant RU, renamed"))
    record, _ = build_record(root, cache)
    assert cache.reads == total + 1
    assert record.get("claimant-ru").model.name == "Claimant RU, renamed"

    # same size, new modification time: still re-read
    stat = actor.stat()
    actor.write_text(actor.read_text().replace("renamed", "RENAMED"))
    os.utime(actor, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    record, _ = build_record(root, cache)
    assert cache.reads == total + 2
    assert record.get("claimant-ru").model.name == "Claimant RU, RENAMED"

    # same size, the very same modification time (as `cp -p` or `tar x` leave a file):
    # the change time still moves, and the file is read again
    stat = actor.stat()
    time.sleep(0.05)  # file times move by the kernel's tick, a few milliseconds
    actor.write_text(actor.read_text().replace("RENAMED", "ReNaMeD"))
    os.utime(actor, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    record, _ = build_record(root, cache)
    assert cache.reads == total + 3
    assert record.get("claimant-ru").model.name == "Claimant RU, ReNaMeD"

    (root / "actors" / "observer.yaml").write_text("name: O\nkind: organization\nside: third-party\n")
    record, _ = build_record(root, cache)
    assert cache.reads == total + 4 and "observer" in record.index

    (root / "actors" / "observer.yaml").unlink()
    record, _ = build_record(root, cache)
    assert cache.reads == total + 4 and "observer" not in record.index
    assert root / "actors" / "observer.yaml" not in cache.entries


def test_cached_invalid_file_still_reports_its_problems(facts_dir):
    root = facts_dir({"actors/x.yaml": "name: A\nkind: nation\nside: russia\n"})
    cache = FactCache()
    first = build_record(root, cache)[1]
    second = build_record(root, cache)[1]
    assert [d.code for d in first] == [d.code for d in second] == ["invalid-value"]


def test_templates_compiled_once_still_follow_their_source(facts_dir, tmp_path):
    """Templates are compiled once per process (site/pages.py, `CompiledTemplates`); an
    override edited between two builds, or another folder's template of the same name,
    is compiled anew, never served from the code of the first."""
    from pathlib import Path

    import exchange_record.site
    from exchange_record.site.manifest import build_site
    from exchange_record.site.pages import _COMPILED

    record, _ = build_record(facts_dir(), FactCache())
    shipped = (Path(exchange_record.site.__file__).parent / "templates" / "figure.md.j2").read_text(encoding="utf-8")

    def figure_pages(templates):
        site = build_site(record, templates)
        site.finish()
        return [text for path, text in site.pages.items() if path.startswith("figures/") and path != "figures/index.md"]

    plain = figure_pages(None)
    assert plain and not any(page.rstrip().endswith(("FIRST", "SECOND", "EDITED")) for page in plain)
    compiled = len(_COMPILED.code)
    assert figure_pages(None) == plain and len(_COMPILED.code) == compiled  # nothing compiled again
    one, two = tmp_path / "one", tmp_path / "two"
    for folder, word in ((one, "FIRST"), (two, "SECOND")):
        folder.mkdir()
        (folder / "figure.md.j2").write_text(shipped + f"\n{word}\n", encoding="utf-8")
    assert all(page.rstrip().endswith("FIRST") for page in figure_pages(one))
    assert all(page.rstrip().endswith("SECOND") for page in figure_pages(two))
    (one / "figure.md.j2").write_text(shipped + "\nEDITED\n", encoding="utf-8")
    assert all(page.rstrip().endswith("EDITED") for page in figure_pages(one))
    assert figure_pages(None) == plain


def test_a_rebuild_renders_again_only_the_fact_pages_whose_reads_changed(tmp_path):
    """site/reads.py: with the last build's memo, a fact page is the last build's own
    text (the very object) where nothing it read changed, and made again where it did;
    the pages are those a build without the memo makes."""
    import shutil

    from conftest import FACTS
    from exchange_record.site.manifest import build_site

    root = tmp_path / "facts"
    shutil.copytree(FACTS, root)
    place = root / "places" / "istanbul.yaml"
    place.write_text(place.read_text(encoding="utf-8").replace("lat: 41.0082", "lat: 0.0"), encoding="utf-8")
    cache = FactCache()
    first = build_site(build_record(root, cache)[0])
    first.finish()
    # an edit that only the place's own page shows; -0.0 equals 0.0 to the model, not on the page
    place.write_text(place.read_text(encoding="utf-8").replace("lat: 0.0", "lat: -0.0"), encoding="utf-8")
    record = build_record(root, cache)[0]
    second = build_site(record, memo=first.memo)
    second.finish()
    plain = build_site(record)  # no memo: every page made
    plain.finish()
    assert second.pages == plain.pages
    assert "-0.0000" in second.pages["places/istanbul.md"]
    # a page taken from the memo is the very object the last build held (packed)
    remade = {path for path in first.memo.pages if second.pages.packed(path) is not first.pages.packed(path)}
    readers = {path for path, (_text, read) in first.memo.pages.items() if ("index", "istanbul") in read}
    assert remade == readers  # the place's page, its events', its country's
    assert "places/istanbul.md" in readers and len(readers) < len(first.memo.pages) // 4
    # The same record read again without the cache: equal facts, other objects, all made again.
    third = build_site(build_record(root)[0], memo=second.memo)
    third.finish()
    assert third.pages == plain.pages
    assert not [path for path in second.memo.pages if third.pages.packed(path) is second.pages.packed(path)]


def test_fragments_the_pages_share_are_kept_where_nothing_they_read_changed(tmp_path):
    """A figure's row, a link, a reading marker, a claim, a line of the home summary:
    the next build takes each from the memo (the very object) unless it read the
    edited fact, for the indexes and overview pages too; every page, and the home
    summary, is the one a build without the memo makes."""
    import shutil

    from conftest import FACTS
    from exchange_record.site.manifest import build_site
    from exchange_record.site.overview import SUMMARY_MARKER

    root = tmp_path / "facts"
    shutil.copytree(FACTS, root)
    cache = FactCache()
    first = build_site(build_record(root, cache)[0])
    first.finish()
    first.expand(SUMMARY_MARKER, "index.md")
    figure = root / "figures" / "medinsky-27-bodies-to-russia.yaml"
    figure.write_text(figure.read_text(encoding="utf-8").replace("value: 27", "value: 28"), encoding="utf-8")
    record = build_record(root, cache)[0]
    second = build_site(record, memo=first.memo)
    second.finish()
    plain = build_site(record)
    plain.finish()
    assert second.pages == plain.pages
    summary = second.expand(SUMMARY_MARKER, "index.md")
    assert summary == plain.expand(SUMMARY_MARKER, "index.md") and "28 bodies" in summary
    then, now = first.memo.fragments, second.memo.fragments
    assert {kind for kind, _folder, _id in now} >= {"row", "link", "mark", "claim", "line"}
    kept = {key for key in now if key in then and now[key] is then[key]}
    readers = {key for key, (_made, read) in then.items() if ("index", "medinsky-27-bodies-to-russia") in read}
    assert kept and readers and not kept & readers  # what read the figure was made again
    assert ("row", "figures", "medinsky-27-bodies-to-russia") in readers
    assert len(kept) > len(now) // 2, (len(kept), len(now))
    assert "28" in str(now[("row", "figures", "medinsky-27-bodies-to-russia")][0])


def test_the_memo_is_set_aside_when_the_shipped_templates_change(tmp_path, monkeypatch):
    """An edit to the package's own templates (someone working on the plugin under
    `mkdocs serve`) changes what every page shows: no page is kept."""
    import shutil

    from exchange_record.site import manifest

    shipped = tmp_path / "templates"
    shutil.copytree(manifest.PACKAGE_TEMPLATES, shipped)
    monkeypatch.setattr(manifest, "PACKAGE_TEMPLATES", shipped)
    record = build_record(FACTS_DIR, FactCache())[0]
    from exchange_record.site.history import History
    from exchange_record.site.locale import ENGLISH

    before = manifest._setting(record, None, History(), ENGLISH, "", True)
    assert manifest._setting(record, None, History(), ENGLISH, "", True) == before
    # the tables' links are written for a URL style (site/blocks.py): another one is another page
    assert manifest._setting(record, None, History(), ENGLISH, "", False) != before
    footer = shipped / "_footer.md.j2"
    footer.write_text(footer.read_text(encoding="utf-8") + "\n*edited*\n", encoding="utf-8")
    assert manifest._setting(record, None, History(), ENGLISH, "", True) != before


def test_an_installed_packages_folder_is_read_once_per_process_the_others_on_every_build(tmp_path, monkeypatch):
    """rebuild.folder_state: a folder inside the installed packages (Material's templates:
    14,500 files) keeps the state this process first read; any other folder (docs/, a
    theme's overrides) is read again, so an edit there shows in the next rebuild."""
    import sysconfig

    from exchange_record import rebuild

    packages, docs = tmp_path / "site-packages", tmp_path / "docs"
    for folder in (packages / "theme", docs):
        folder.mkdir(parents=True)
        (folder / "page.html").write_text("one")
    real = sysconfig.get_path
    monkeypatch.setattr(sysconfig, "get_path", lambda name, *a, **k: str(packages) if name in ("purelib", "platlib")
                        else real(name, *a, **k))
    monkeypatch.setattr(rebuild, "_INSTALLED", {})
    first = rebuild.folder_state([packages / "theme", docs])
    (packages / "theme" / "page.html").write_text("two, longer")
    assert rebuild.folder_state([packages / "theme", docs]) == first
    (docs / "page.html").write_text("two, longer")
    assert rebuild.folder_state([packages / "theme", docs]) != first


def test_pages_are_held_packed_and_read_back_as_written():
    """site/packed.py: a site's pages held compressed between builds, read as the text
    they were given, whatever its letters."""
    from exchange_record.rebuild import digest
    from exchange_record.site.packed import PageTexts

    texts = {"uk.md": "Тіла 1 212 загиблих, «за даними» сторони.\n" * 200,
             "en.md": "| Figure | Claimed by |\n|---|---|\n| 1,212 | Medinsky |\n" * 200,
             "odd.md": "a lone \ud800 surrogate, kept as MkDocs would be given it"}
    pages = PageTexts(texts)
    assert dict(pages) == texts and list(pages) == list(texts)
    for path, text in texts.items():
        assert pages.packed(path).digest == digest(text)
    held = sum(len(pages.packed(p).data) for p in ("uk.md", "en.md"))
    assert held * 4 < sum(len(texts[p].encode()) for p in ("uk.md", "en.md"))
    packed = pages.packed("uk.md")
    again = PageTexts()
    again["uk.md"] = packed  # a page taken from the last build: the very object
    assert again.packed("uk.md") is packed and again["uk.md"] == texts["uk.md"]


def test_a_ledger_chart_is_made_again_only_where_what_it_shows_changed(tmp_path):
    """Each measure's chart lines and words are taken from the last build of the same
    language where its figures, their statuses and claimants, and the language's
    catalogue are the same; made again where any of them changed (a value edit, a
    translator's edit of the .po file under `mkdocs serve`), as a build that keeps
    nothing makes them."""
    import gettext
    import shutil

    from conftest import FACTS
    from exchange_record.site import overview
    from exchange_record.site.locale import Locale
    from exchange_record.site.pages import Renderer

    def charts(record, locale):
        return {path: c for path, c in overview.Overview(Renderer(record, locale=locale)).charts().items()
                if not path.endswith(("-dark.svg", "-narrow.svg"))}

    def from_scratch(record, locale):
        made = dict(overview._MADE)
        overview._MADE.clear()
        try:
            return charts(record, locale)
        finally:
            overview._MADE.clear()
            overview._MADE.update(made)

    root = tmp_path / "facts"
    shutil.copytree(FACTS, root)
    cache = FactCache()
    first = charts(build_record(root, cache)[0], Locale("uk"))
    figure = root / "figures" / "medinsky-27-bodies-to-russia.yaml"
    figure.write_text(figure.read_text(encoding="utf-8").replace("value: 27", "value: 28"), encoding="utf-8")
    record = build_record(root, cache)[0]
    second = charts(record, Locale("uk"))
    assert second == from_scratch(record, Locale("uk"))
    edited = "ledger/remains-to-russia.svg"
    assert "28" in second[edited].description and second[edited].series[0] is not first[edited].series[0]
    untouched = [path for path in second if path != edited]
    assert untouched and all(second[p].series[0] is first[p].series[0] for p in untouched)

    class Edited(gettext.NullTranslations):  # the catalogue read again after a translator's edit
        def __init__(self, inner: gettext.NullTranslations) -> None:
            super().__init__()
            self.inner = inner

        def gettext(self, message: str) -> str:
            return self.inner.gettext(message) + "‼"

    edited_po = Locale("uk")
    edited_po.translations = Edited(edited_po.translations)
    third = charts(record, edited_po)
    assert third == from_scratch(record, edited_po)
    assert all("‼" in third[p].description and "‼" not in second[p].description for p in second)


def test_kept_texts_are_taken_by_what_they_were_made_from_for_one_build():
    """rebuild.py `KeptTexts`: a large text made again from the same source (and key)
    is the last build's; one no build asked for is gone after one; a small one, or
    nothing made (None), is never kept."""
    from exchange_record.rebuild import KeptTexts

    made: list[str] = []

    def upper(text: str) -> str | None:
        made.append(text)
        return None if text.startswith("none") else text.upper()

    big, other = "б" * 20000, "x" * 20000
    first = KeptTexts()
    assert first.get(big, upper, "k") == big.upper() and first.get(big, upper, "k") == big.upper()
    assert first.get(big, upper, "other key") == big.upper()
    assert first.get("small", upper) == "SMALL" and first.get("none" + other, upper) is None
    assert made == [big, big, "small", "none" + other]
    second = KeptTexts(first.now)
    assert second.get(big, upper, "k") == big.upper() and len(made) == 4  # taken, not made
    second.get("none" + other, upper)
    assert len(made) == 5  # None is made again
    third = KeptTexts(second.now)
    assert third.get(big, upper, "other key") == big.upper() and len(made) == 6  # unasked in `second`: gone
    # what a page kept as it was holds is kept with it
    name = next(iter(second.now))
    after = KeptTexts(second.now)
    after.keep([name, "no such name"])
    assert set(after.now) == {name} and KeptTexts(after.now).get(big, upper, "k") == big.upper()
    assert len(made) == 6

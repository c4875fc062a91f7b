"""Under `mkdocs serve`, an edit re-reads only the edited file."""

from __future__ import annotations

import os
import time

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

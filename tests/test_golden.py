"""Golden files: a small record -> the exact Markdown pages (and the core never imports MkDocs).

After an intentional change to the pages: `UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py`,
then review the diff of tests/golden/.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import write_facts
from exchange_record.record.build import build_record
from exchange_record.site.pages import Renderer

GOLDEN = Path(__file__).parent / "golden"

FILES = {
    "figures/count-ua.yaml": (
        "title: Count per UA, quoted\nmeasure: remains-to-ukraine\nvalue: 1200\nunit: bodies\n"
        "scope: event\nas_of: 2025-06-13\nevent: handover\nclaimed_by: claimant-ua\n"
        "sources:\n  - source: report-one\n    quote: 1,200 bodies were received.\n    locator: paragraph 2\n"
        "notes: Confirms the count per RU.\n"),
    "events/talks.yaml": (
        "title: Talks <b>in</b> *City X*\ndate:\n  start: 2025-06\n  end: 2025-06-02\nkind: talks\n"
        "summary: |\n  Talks with **bold**, a [link](https://example.org) and <i>raw html</i>.\n"
        "sources: [report-one]\nplaces: [city-x]\nrelated: [handover]\n"),
}
PAGES = ["events/handover.md", "events/talks.md", "figures/count-ru.md", "figures/count-ua.md",
         "sources/report-one.md", "actors/claimant-ru.md", "places/city-x.md", "figures/index.md"]


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    root = write_facts(tmp_path_factory.mktemp("golden") / "facts", FILES)
    record, diagnostics = build_record(root)
    assert not [d for d in diagnostics if d.severity.value == "error"]
    return Renderer(record).pages()


@pytest.mark.parametrize("page", PAGES)
def test_page_matches_golden_file(pages, page):
    golden = GOLDEN / page
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(pages[page], encoding="utf-8")
    assert golden.exists(), f"no golden file: run UPDATE_GOLDEN=1 python -m pytest {__file__}"
    assert pages[page] == golden.read_text(encoding="utf-8")


def test_the_core_never_imports_mkdocs():
    """Everything but plugin.py must run where MkDocs is not installed (another engine)."""
    code = ("import sys, exchange_record, exchange_record.cli, exchange_record.record.build, "
            "exchange_record.site.pages, exchange_record.site.overview, exchange_record.site.export, "
            "exchange_record.record.scaffold, exchange_record.record.schema; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('mkdocs', 'material')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"

"""Shared helpers: tiny valid records written to temporary folders."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FACTS = REPO / "facts"

# A minimal valid record; tests override or add files to break one rule at a time.
BASE: dict[str, str] = {
    "actors/claimant-ru.yaml": "name: Claimant RU\nkind: official\nside: russia\n",
    "actors/claimant-ua.yaml": "name: Claimant UA\nkind: government-body\nside: ukraine\n",
    "places/country-x.yaml": "name: Country X\nkind: country\ncountry: UA\n",
    "places/city-x.yaml": "name: City X\nkind: city\nwithin: country-x\n",
    "sources/report-one.yaml": (
        "title: Report one\nkind: news-agency\npublished: 2025-06-13\npublisher: claimant-ru\n"
    ),
    "events/handover.yaml": (
        "title: Handover\ndate: 2025-06-13\nkind: transfer\nsummary: A handover.\n"
        "sources: [report-one]\nplaces: [city-x]\nactors: [claimant-ru]\n"
    ),
    "figures/count-ru.yaml": (
        "title: Count per RU\nmeasure: remains-to-ukraine\nvalue: 1200\nunit: bodies\n"
        "scope: event\nas_of: 2025-06-13\nevent: handover\nclaimed_by: claimant-ru\n"
        "sources: [report-one]\n"
    ),
}


def write_facts(root: Path, files: dict[str, str | bytes | None], base: bool = True) -> Path:
    """Write `BASE` (unless base=False) overlaid with `files` (None deletes a file)."""
    merged: dict[str, str | bytes | None] = {**(BASE if base else {}), **files}
    for rel, content in merged.items():
        if content is None:
            continue
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def facts_dir(tmp_path: Path):
    def make(files: dict[str, str | bytes | None] | None = None, base: bool = True) -> Path:
        return write_facts(tmp_path / "facts", files or {}, base=base)
    return make


def run_cli(*args: str, cwd: Path | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run `exchange-record` as a subprocess, the way contributors do."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "exchange_record.cli", *args],
        cwd=cwd or REPO, capture_output=True, text=True, timeout=timeout, env=env,
    )

"""Shared helpers: tiny valid records written to temporary folders."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
from dataclasses import dataclass
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
        "url: https://example.org/report-one\n"
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


# A second claimant disagreeing with `count-ru` on the same day: one `disagreement` note.
DISAGREEMENT: dict[str, str] = {
    "figures/count-ua.yaml": (
        "title: Count per UA\nmeasure: remains-to-ukraine\nvalue: 1212\nunit: bodies\n"
        "scope: event\nas_of: 2025-06-13\nevent: handover\nclaimed_by: claimant-ua\n"
        "sources: [report-one]\n"
    ),
}


@dataclass
class CliResult:
    """What `main` returned and printed: the fields of `subprocess.CompletedProcess`."""

    returncode: int
    stdout: str
    stderr: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Run `exchange_record.cli.main` in this process, in `cwd` (default: `tmp_path`).

    For tests of output and exit codes; `run_cli` stays for what needs a real
    process (the console script, `python -m`, a closed pipe, the terminal's encoding).
    """
    from exchange_record.cli import main

    def run(*args: str, cwd: Path | None = None) -> CliResult:
        monkeypatch.chdir(cwd or tmp_path)
        capsys.readouterr()  # only this call's output
        try:
            code = main(list(args))
        except SystemExit as exc:  # argparse: usage errors and --help
            code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
        out, err = capsys.readouterr()
        return CliResult(code, out, err)
    return run


#: A figure added to a copy of the curated facts (`record_sites`), so that the pages
#: have a disagreement to show whatever the curated record holds, and a figure no
#: translation covers (a test fixture, never published: its claim is invented).
DISPUTING = """\
title: 30 bodies of Russian soldiers received from Ukraine (test fixture)
measure: remains-to-russia
value: 30
unit: bodies
scope: event
as_of: 2025-06-11
from: ukraine
to: russia
claimed_by: coordination-headquarters-pow
sources:
  - source: tass-2025-06-11-medinsky-1212-and-27
    quote: A test fixture, not a claim of the source.
"""

#: the address `record_sites` is built for online
SITE_URL = "https://record.example.org/"


def _build_seed(project: Path) -> None:
    from sitetools import make_project, mkdocs_build

    make_project(project)
    for site, offline in (("online", False), ("offline", True)):
        result = mkdocs_build(project, site=site, offline=offline)
        assert result.returncode == 0, result.stderr


def _build_record(project: Path) -> None:
    from sitetools import make_project, mkdocs_build

    make_project(project)
    (project / "facts" / "figures" / "fixture-30-bodies-to-russia.yaml").write_text(DISPUTING, encoding="utf-8")
    for site, offline in (("online", False), ("offline", True)):
        env = {} if offline else {"SITE_URL": SITE_URL}
        result = mkdocs_build(project, site=site, offline=offline, languages="en,uk,ru", env=env)
        assert result.returncode == 0, result.stderr


def _build_injected(project: Path) -> None:
    from sitetools import make_project, mkdocs_build
    from test_hostile import _injected_record

    facts = _injected_record(project / "written")  # its facts folder, copied below
    assert run_cli("validate", str(facts), cwd=project).returncode == 0
    make_project(project, facts=facts)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr


#: the sites built once for the whole run, by fixture: their folder's name and how
#: each is built (the slowest first: `shared_sites_early` starts them in this order)
SHARED = {"record_sites": ("record", _build_record), "seed_sites": ("seed", _build_seed),
          "injected_site": ("injected", _build_injected)}


def _shared(factory: pytest.TempPathFactory, fixture: str) -> Path:
    from sitetools import built_once

    name, build = SHARED[fixture]
    return built_once(factory, name, build)


@pytest.fixture(scope="session")
def seed_sites(tmp_path_factory: pytest.TempPathFactory):
    """The curated record as published, English only: a project whose `online` and
    `offline` folders are its two builds. Built once for the whole run (every module
    and worker shares it): read it, copy it to change it."""
    from sitetools import unchanged

    project = _shared(tmp_path_factory, "seed_sites")
    yield project
    unchanged(project)


@pytest.fixture(scope="session")
def record_sites(tmp_path_factory: pytest.TempPathFactory):
    """The curated record plus `DISPUTING`, in English, Ukrainian and Russian: a project
    (its facts in `facts`) whose `online` folder is built for `SITE_URL` and `offline`
    folder for `file://`. Built once for the whole run: read it, copy it to change it."""
    from sitetools import unchanged

    project = _shared(tmp_path_factory, "record_sites")
    yield project
    unchanged(project)


@pytest.fixture(scope="session")
def injected_site(tmp_path_factory: pytest.TempPathFactory):
    """test_hostile's record of script and markup in every field, valid, built once
    for the run (test_hostile reads its HTML, test_browser opens it): read it only."""
    from sitetools import unchanged

    project = _shared(tmp_path_factory, "injected_site")
    yield project / "site"
    unchanged(project)


@pytest.fixture(scope="session", autouse=True)
def shared_sites_early(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):
    """With xdist, each worker starts building its share of the shared sites this run's
    tests use, in the background, while it runs tests that need none: otherwise the
    first two files to need one have one worker build it and the other wait idle.
    A build that fails here is built again (and reported) by the fixture that needs it."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    count = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))
    used = {name for item in request.session.items for name in getattr(item, "fixturenames", ())}
    mine = [f for f in SHARED if f in used][int(worker[2:] or 0)::count] if worker.startswith("gw") else []
    tmp_path_factory.getbasetemp()  # made here, not raced for by the thread

    def build() -> None:
        for fixture in mine:
            with contextlib.suppress(Exception):
                _shared(tmp_path_factory, fixture)

    thread = threading.Thread(target=build, name="shared sites", daemon=True)
    thread.start()
    yield
    thread.join()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium (Debian's, driven by Playwright) for every browser test."""
    from test_browser import ARGS, CHROMIUM, _need_browser

    _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield b
        b.close()

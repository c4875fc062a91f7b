"""Any engine: the generated site builds with Zensical; a site built without the
plugin is caught by `exchange-record check-site` instead of published in silence."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from exchange_record.cli import engine_config
from sitetools import make_project

pytestmark = pytest.mark.build
ZENSICAL = shutil.which("zensical", path=str(Path(sys.executable).parent))


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, timeout=300)


def exchange_record(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run(sys.executable, "-m", "exchange_record.cli", *args, cwd=cwd)


def html_pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*.html")}


def test_engine_config_drops_the_plugin_and_points_at_the_output():
    config = engine_config((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Path("gen"))
    assert config.startswith('docs_dir: "gen"\n') and "exchange-record" not in config.split("plugins:")[1].split("\n\n")[0]
    assert "  - search" in config and "!ENV [OFFLINE, false]" in config  # the rest as written
    assert config.count("docs_dir:") == 1


@pytest.mark.skipif(ZENSICAL is None, reason="zensical is in the test extra")
def test_zensical_builds_the_generated_site_with_every_page(tmp_path):
    project = make_project(tmp_path / "p")
    done = exchange_record("generate", "--docs-dir", "docs", "--out", "gen", "--write-config", "engine.yml",
                           cwd=project)
    assert done.returncode == 0, done.stderr
    built = run(str(ZENSICAL), "build", "-f", "engine.yml", cwd=project)
    assert built.returncode == 0, built.stdout + built.stderr
    gen = project / "gen"
    expected = {("index.html" if p.name == "index.md" and p.parent == gen else
                 p.relative_to(gen).with_suffix("").as_posix().removesuffix("/index") + "/index.html")
                for p in gen.rglob("*.md")}
    expected |= {p.relative_to(gen).as_posix() for p in gen.rglob("*.html")}  # redirect pages
    assert expected <= html_pages(project / "site")
    checked = exchange_record("check-site", "site", cwd=project)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert 'id="summary-remains-to-ukraine"' in home


@pytest.mark.skipif(ZENSICAL is None, reason="zensical is in the test extra")
def test_an_engine_that_ignores_the_plugin_is_caught(tmp_path):
    """Zensical on the repository's own mkdocs.yml skips the plugin and publishes a
    few hand-written pages with exit 0: check-site says so, exit 1."""
    project = make_project(tmp_path / "p")
    built = run(str(ZENSICAL), "build", "-f", "mkdocs.yml", cwd=project)
    assert built.returncode == 0, built.stdout + built.stderr
    assert len(html_pages(project / "site")) < 20
    checked = exchange_record("check-site", "site", cwd=project)
    assert checked.returncode == 1
    assert "did not run the exchange-record plugin" in checked.stderr
    assert "no page for actors/" in checked.stdout and "home summary was not filled in" in checked.stdout


def test_a_fresh_mkdocs_project_with_the_plugin_builds_strict(tmp_path):
    """`mkdocs new`, the plugin and the facts: no warning. The plugin declares the
    Markdown extensions it needs and ships a methodology page where the project
    has none (a project's own page takes its place)."""
    made = run(sys.executable, "-m", "mkdocs", "new", "fresh", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    project = tmp_path / "fresh"
    shutil.copytree(REPO / "facts", project / "facts")
    (project / "mkdocs.yml").write_text("site_name: My record\ntheme:\n  name: material\n"
                                        "plugins:\n  - search\n  - exchange-record\n", encoding="utf-8")
    env_run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
                             capture_output=True, text=True, timeout=300,
                             env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1"})
    assert env_run.returncode == 0, env_run.stderr[-3000:]
    methodology = (project / "site" / "methodology" / "index.html").read_text(encoding="utf-8")
    assert 'id="status-confirmed"' in methodology and "published by the exchange-record plugin" in methodology
    checked = exchange_record("check-site", "site", cwd=project)
    assert checked.returncode == 0, checked.stdout + checked.stderr

"""`mkdocs serve` follows edits to facts, and survives a broken one."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from sitetools import make_project

pytestmark = pytest.mark.build


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode()
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(predicate, timeout: float = 90, step: float = 0.5):  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return None


def test_serve_reloads_on_fact_edits_and_survives_a_broken_fact(tmp_path: Path):
    project = make_project(tmp_path / "p")
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "RECORD_LANGUAGES": "en"}  # English: one build per edit
    env.pop("OFFLINE", None)
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/figures/medinsky-27-bodies-to-russia/"
    fact = project / "facts" / "figures" / "medinsky-27-bodies-to-russia.yaml"
    try:
        first = wait_for(lambda: fetch(url))
        assert first and "27 bodies of Russian soldiers" in first

        fact.write_text(fact.read_text().replace("title: 27 bodies", "title: Twenty-seven bodies"))
        changed = wait_for(lambda: (p := fetch(url)) and "Twenty-seven bodies" in p and p)
        assert changed, (tmp_path / "serve.log").read_text()
        # only the pages the edit changed were made again (tests/test_rebuild.py: the same site)
        served_log = (tmp_path / "serve.log").read_text()
        assert re.search(r"rebuilt \d+ of \d+ pages \(en\); kept the others", served_log), served_log
        assert "A 'dirty' build" not in served_log

        good = fact.read_text()
        fact.write_text(good.replace("value: 27", "value: -27"))
        logged = wait_for(lambda: "error[negative-count]" in (tmp_path / "serve.log").read_text())
        assert logged, (tmp_path / "serve.log").read_text()
        assert "facts/figures/medinsky-27-bodies-to-russia.yaml:3:8" in (tmp_path / "serve.log").read_text()
        still = fetch(url)  # the last good site is still served
        assert still and "Twenty-seven bodies" in still
        assert server.poll() is None

        fact.write_text(good.replace("title: Twenty-seven bodies", "title: Fixed 27 bodies"))
        fixed = wait_for(lambda: (p := fetch(url)) and "Fixed 27 bodies" in p and p)
        assert fixed, (tmp_path / "serve.log").read_text()

        new = project / "facts" / "actors" / "new-observer.yaml"
        new.write_text("name: New observer\nkind: organization\nside: third-party\n")
        added = wait_for(lambda: fetch(f"http://127.0.0.1:{port}/actors/new-observer/"))
        assert added and "New observer" in added
        new.unlink()
        gone = wait_for(lambda: fetch(f"http://127.0.0.1:{port}/actors/new-observer/") is None)
        assert gone
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()

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


#: `mkdocs serve`'s first build, in a process of its own (the scripts below go on from it)
SERVED = """
import logging, os, sys
logging.basicConfig(level=logging.INFO, format="%(message)s")
from pathlib import Path
import mkdocs.commands.build as mkdocs_build
from mkdocs.config import load_config
build = mkdocs_build.build
project = Path(sys.argv[1])
config = lambda: load_config(str(project / "mkdocs.yml"), site_dir=str(project / "served"))
first = config()
first.plugins.on_startup(command="serve", dirty=False)
plugin = first.plugins["exchange-record"]
build(first)
fact = project / "facts/figures/medinsky-27-bodies-to-russia.yaml"
"""

BESIDE = SERVED + """
for old, new in (("value: 27", "value: 28"), ("title: 27 bodies", "title: Twenty-seven bodies")):
    if "value: 28" in fact.read_text() and sys.argv[2] == "between":  # it dies between two rounds
        for _key, forked in plugin._beside.values():
            os.kill(forked.pid, 9)
    if "value: 28" in fact.read_text() and sys.argv[2] == "during":  # it dies in the middle of one
        from exchange_record import forked as forked_module
        start = forked_module.Forked.start
        def start_and_die(self, message):
            started = start(self, message)
            os.kill(self.pid, 9)
            return started
        forked_module.Forked.start = start_and_die
    fact.write_text(fact.read_text().replace(old, new))
    with plugin.rebuild():
        build(config(), dirty=True)
    print("languages beside:", sorted(plugin._beside), flush=True)
    if old == "value: 27":
        os.rename(project / "served", project / "after-one-edit")
        import shutil; shutil.copytree(project / "after-one-edit", project / "served")
import glob
children = [int(pid) for f in glob.glob(f"/proc/{os.getpid()}/task/*/children") for pid in open(f).read().split()]
states = [open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0] for pid in children]
print("dead processes left:", states.count("Z"), flush=True)
"""


@pytest.mark.parametrize("death", ["between", "during"])
def test_serve_rebuilds_the_other_languages_beside_as_a_full_build_would(tmp_path: Path, death: str):
    """With two cores, serve's rebuilds make each language after the first in a process
    of its own that keeps its state (plugin._processes_beside, forked.py): after an edit
    those sites are the ones a full build makes, having made again only what the edit
    changed; if those processes die, between two rebuilds or during one, the sites are
    made here."""
    from test_rebuild import differences

    project = make_project(tmp_path / "p")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1750000000"}
    env.pop("OFFLINE", None)
    env.pop("RECORD_LANGUAGES", None)
    run = subprocess.run([sys.executable, "-c", BESIDE, str(project), death], cwd=project, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["languages beside: ['ru', 'uk']", "languages beside: []",
                                       "dead processes left: 0"], run.stdout
    for code in ("uk", "ru"):
        assert re.search(rf"rebuilt \d+ of \d+ pages \({code}\); kept the others", run.stderr), run.stderr
        said = {"between": f"the process building the '{code}' site stopped; it is built here",
                "during": f"the process building the '{code}' site stopped; building it here"}
        assert said[death] in run.stderr, run.stderr
        # the last rebuild, made here, shows the last edit
        page = project / "served" / code / "figures" / "medinsky-27-bodies-to-russia" / "index.html"
        assert "28" in page.read_text()
    if death == "during":
        return  # the site after the first edit is the same run as "between"'s
    # the site after the first edit, its Russian made beside, against a full build of that record
    fact = project / "facts" / "figures" / "medinsky-27-bodies-to-russia.yaml"
    fact.write_text(fact.read_text().replace("title: Twenty-seven bodies", "title: 27 bodies"))
    full = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", "full"], cwd=project,
                          env=env, capture_output=True, text=True, timeout=300)
    assert full.returncode == 0, full.stderr
    csp = re.compile(rb'<meta http-equiv="Content-Security-Policy"[^>]*>\n')  # not under serve

    def without_csp(site: Path) -> None:
        for html in site.rglob("*.html"):
            html.write_bytes(csp.sub(b"", html.read_bytes()))
    without_csp(project / "full")
    assert differences(project / "after-one-edit", project / "full") == []


FAILS_HERE = SERVED + """
page = mkdocs_build._build_page
def fails_in_english(page_, config_, *args, **kwargs):
    if Path(config_.site_dir) == project / "served":
        raise RuntimeError("this build fails")
    return page(page_, config_, *args, **kwargs)
for old, new, broken in (("value: 27", "value: 28", True), ("value: 28", "value: 29", False)):
    mkdocs_build._build_page = fails_in_english if broken else page
    fact.write_text(fact.read_text().replace(old, new))
    try:
        with plugin.rebuild():
            mkdocs_build.build(config(), dirty=True)
    except RuntimeError as exc:
        print("failed:", exc, flush=True)
    print("languages beside:", sorted(plugin._beside), flush=True)
"""


def test_a_rebuild_that_fails_here_leaves_the_languages_beside_ready_for_the_next(tmp_path: Path):
    """The other languages' rounds start before this process's build fails (an exception
    in the middle of it): the failed build waits for them (on_build_error), and the next
    rebuild starts theirs as usual and shows the edit in every language."""
    project = make_project(tmp_path / "p")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1750000000"}
    env.pop("OFFLINE", None)
    env.pop("RECORD_LANGUAGES", None)
    run = subprocess.run([sys.executable, "-c", FAILS_HERE, str(project)], cwd=project, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.splitlines() == ["failed: this build fails", "languages beside: ['ru', 'uk']",
                                       "languages beside: ['ru', 'uk']"], run.stdout + run.stderr
    assert "stopped" not in run.stderr, run.stderr  # no process was lost or set aside
    for code in ("", "uk/", "ru/"):
        page = project / "served" / f"{code}figures/medinsky-27-bodies-to-russia/index.html"
        assert re.search(r"\b29\b", page.read_text()), code


def test_ctrl_c_stops_serve_and_every_process_it_started_quietly(tmp_path: Path):
    """Ctrl-C reaches the whole process group: the server, the languages built beside it
    and the chart drawer they share. The server shuts down; the others end when their pipes
    close, without a traceback of their own."""
    import signal

    project = make_project(tmp_path / "p")
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("OFFLINE", None)
    env.pop("RECORD_LANGUAGES", None)
    log_path = tmp_path / "serve.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            # -X faulthandler: a server that hangs on Ctrl-C says where (SIGABRT below)
            [sys.executable, "-X", "faulthandler", "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            assert wait_for(lambda: fetch(f"http://127.0.0.1:{port}/ru/")), log_path.read_text()
            children = subprocess.run(["pgrep", "-s", str(server.pid)], capture_output=True, text=True)
            assert len(children.stdout.split()) >= 3, children.stdout  # server, beside, drawer
            # one chart drawer for the three languages' processes (site/chart.py share_drawer),
            # with its workers (processes it forked itself, one a core)
            found = subprocess.run(["pgrep", "-s", str(server.pid), "-f", "exchange_record.site.chart"],
                                   capture_output=True, text=True).stdout.split()
            parents = {pid: Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1] for pid in found}
            assert len([pid for pid, parent in parents.items() if parent not in found]) == 1, parents
            os.killpg(server.pid, signal.SIGINT)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.kill(server.pid, signal.SIGABRT)  # every thread's stack into the log
                server.wait(timeout=10)
                pytest.fail("the server did not stop on Ctrl-C:\n" + log_path.read_text()[-8000:])
            assert wait_for(lambda: subprocess.run(["pgrep", "-s", str(server.pid)],
                                                   capture_output=True).returncode == 1, timeout=20)
        finally:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGKILL)
    text = log_path.read_text()
    assert "Shutting down" in text and "Traceback" not in text, text

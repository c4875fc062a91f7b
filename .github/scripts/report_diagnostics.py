"""Report `exchange-record validate --format json` output in a GitHub workflow.

    exchange-record validate facts --strict --format json > diagnostics.json
    python .github/scripts/report_diagnostics.py diagnostics.json

GitHub shows at most 10 annotations of each level per step, so this prints
the first 10 errors and the first 10 warnings as annotations (inline on the
pull request's diff), the full list as plain lines in the log, and the full
list as Markdown in the job summary (`$GITHUB_STEP_SUMMARY`). Notes
(disagreements between claimants) are findings, not problems: they go to the
log and the summary only, never as annotations.

Exit code: 0 when the report was written, whatever it holds (the workflow
keeps validate's own exit code as the step's result); 1 when the input is not
validate's JSON, so a crash of validate cannot pass for a clean record.
"""

from __future__ import annotations

import json
import os
import secrets
import sys
from pathlib import Path

ANNOTATION_LIMIT = 10  # per level and step, as GitHub shows them
SUMMARY_LIMIT = 900_000  # bytes; GitHub refuses a step summary over 1 MiB
LEVELS = ("error", "warning", "note")
FIELDS = ("path", "line", "col", "severity", "code", "message", "hint")
MARKDOWN_SPECIAL = set("\\`*_[]<>&|~#!:@{}$")  # shown as text, never as markup


def load(path: str) -> list[dict]:
    text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    data = json.loads(text)
    if not isinstance(data, list) or not all(
        isinstance(d, dict) and set(FIELDS) <= d.keys() and d["severity"] in LEVELS for d in data
    ):
        raise ValueError("not a list of diagnostics with " + ", ".join(FIELDS))
    return data


def _data(text: str) -> str:  # workflow command escaping, as the CLI's --format github does
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def text_of(d: dict) -> str:
    return d["message"] + (f" (hint: {d['hint']})" if d["hint"] else "")


def annotation(d: dict) -> str:
    title = f"{d['severity']}[{d['code']}]"
    return (f"::{d['severity']} file={_prop(d['path'])},line={d['line']},col={d['col']},"
            f"title={_prop(title)}::{_data(text_of(d))}")


def log_line(d: dict) -> str:
    return f"{d['path']}:{d['line']}:{d['col']}: {d['severity']}[{d['code']}]: {text_of(d)}"


def cell(value: object) -> str:
    """Contributor text as one Markdown table cell: one line, no live markup."""
    text = " ".join(str(value).split())
    return "".join(f"&#{ord(c)};" if c in MARKDOWN_SPECIAL else c for c in text)


def counts(diagnostics: list[dict]) -> dict[str, int]:
    return {level: sum(d["severity"] == level for d in diagnostics) for level in LEVELS}


def tally(diagnostics: list[dict]) -> str:
    """`2 errors, 1 warning, 0 notes`"""
    return ", ".join(f"{k} {level}{'' if k == 1 else 's'}"
                     for level, k in counts(diagnostics).items())


def summary(diagnostics: list[dict], limit: int = SUMMARY_LIMIT) -> str:
    """Every diagnostic as a Markdown table row, by level, up to `limit` bytes."""
    n = counts(diagnostics)
    out = [f"### Validation: {tally(diagnostics)}\n\n"]
    inline = [f"the first {ANNOTATION_LIMIT} {level}s" for level in ("error", "warning")
              if n[level] > ANNOTATION_LIMIT]
    if inline:
        out.append("All are listed here; only " + " and ".join(inline)
                   + " are annotations on the diff.\n\n")
    if not diagnostics:
        out.append("No problems and no notes.\n")
    size, written = len("".join(out).encode()), 0
    for level, title in (("error", "Errors"), ("warning", "Warnings"),
                         ("note", "Notes (findings about disagreeing figures, not failures)")):
        rows = [d for d in diagnostics if d["severity"] == level]
        if not rows:
            continue
        out.append(f"#### {title}\n\n| # | file:line:col | code | message |\n|---|---|---|---|\n")
        for i, d in enumerate(rows, 1):
            row = (f"| {i} | {cell(d['path'])}:{d['line']}:{d['col']} | {cell(d['code'])} "
                   f"| {cell(text_of(d))} |\n")
            size += len(row.encode())
            if size > limit:
                out.append(f"\n{len(diagnostics) - written} more are not shown here (a step "
                           f"summary holds at most 1 MiB); the step's log lists all "
                           f"{len(diagnostics)}.\n")
                return "".join(out)
            out.append(row)
            written += 1
        out.append("\n")
    return "".join(out)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: report_diagnostics.py DIAGNOSTICS.json|-", file=sys.stderr)
        return 2
    try:
        diagnostics = load(argv[0])
    except (OSError, ValueError) as exc:  # json.JSONDecodeError is a ValueError
        print(f"::error title=validate gave no report::{_data(str(exc))}")
        return 1
    for level in ("error", "warning"):
        for d in [d for d in diagnostics if d["severity"] == level][:ANNOTATION_LIMIT]:
            print(annotation(d))
    # The full list, with workflow commands off: no text from a fact file can
    # become an annotation or any other command.
    token = secrets.token_hex(16)
    print(f"::stop-commands::{token}")
    for d in diagnostics:
        print(log_line(d))
    print(tally(diagnostics))
    print(f"::{token}::")
    report = summary(diagnostics)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary_file:
        with open(summary_file, "a", encoding="utf-8") as fh:
            fh.write(report)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

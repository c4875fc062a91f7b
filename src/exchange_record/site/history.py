"""What git knows about the facts: each commit's changes, and each file's last change.

One `git log` over the facts folder's whole history, parsed once: linear in the
history, not one process per file. What a page shows of it (the Changes page,
the feed) is capped there, never here: a fact's last change may be years old.
Outside a git checkout (a downloaded archive, a fresh benchmark folder) the
history is simply unknown and the pages say so.

History is input like the facts: subjects and file names are whatever was
committed. The log is read as a NUL-separated stream (`-z`): git refuses NUL in
commit messages and paths cannot hold it, so no subject or name can forge a
commit, a date or a path, and paths come through exactly, unquoted.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..record.dates import DateError, PartialDate

_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")  # SHA-1, or SHA-256 repositories
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})")


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str  # YYYY-MM-DD, the committer's date (any year: clocks can be wrong)
    subject: str
    added: tuple[str, ...] = ()      # paths relative to the facts folder
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    renamed: tuple[tuple[str, str], ...] = ()
    #: the committer's date and time, RFC 3339 (`2025-06-14T10:00:00+00:00`); `date` at
    #: midnight UTC when git gave no such text
    time: str = ""

    @property
    def touches(self) -> bool:
        """Whether the commit added, changed, removed or renamed a fact file."""
        return bool(self.added or self.changed or self.removed or self.renamed)


@dataclass
class History:
    commits: list[Commit] = field(default_factory=list)  # newest first
    #: path -> date of its newest commit, where `PartialDate` can express that date
    last_changed: dict[str, str] = field(default_factory=dict)
    #: path (as it is named now) -> the commits that added, changed or renamed it, newest
    #: first, followed back through its renames: a fact page's own history
    commits_of: dict[str, list[Commit]] = field(default_factory=dict)

    @property
    def known(self) -> bool:
        return bool(self.commits)


def _record_date(date: str) -> PartialDate | None:
    try:
        return PartialDate.parse(date)
    except DateError:  # e.g. a commit from 2286: a wrong clock
        return None


def human_date(date: str, say: Callable[[PartialDate], str] | None = None) -> str:
    """`14 June 2025` (or as `say` writes a date in a page's language: `14 червня 2025`);
    a date outside what the record can hold as its ISO text."""
    parsed = _record_date(date)
    if parsed is None:
        return date
    return say(parsed) if say is not None else parsed.human()


def day_anchor(date: str) -> str:
    """The Changes page's anchor for the commits of one day: `changes-2025-06-14`."""
    return "changes-" + re.sub(r"[^0-9-]", "", date)


def read_history(facts_dir: Path) -> History:
    """Every commit that touched `facts_dir`, newest first; empty outside git."""
    try:
        out = subprocess.run(
            ["git", "-C", str(facts_dir), "log", "--relative", "-M", "-z",
             "--name-status", "--no-color", "--no-show-signature", "--encoding=UTF-8",
             "--format=%x00%H%x00%cs%x00%cI%x00%s", "--", "."],
            capture_output=True, timeout=300, check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return History()
    commits = _parse(out.decode("utf-8", errors="replace"))
    if commits is None:  # not the stream asked for: better unknown than wrong
        return History()
    history = History(commits)
    seen: set[str] = set()
    now: dict[str, str] = {}  # an older name -> the name it has now (renames, newest first)
    for commit in commits:
        for path in [*commit.added, *commit.changed, *(new for _old, new in commit.renamed)]:
            current = now.get(path, path)
            mine = history.commits_of.setdefault(current, [])
            if not mine or mine[-1] is not commit:
                mine.append(commit)
            if path in seen:  # newest first: the first seen wins
                continue
            seen.add(path)
            history.last_changed[path] = commit.date  # shown with `human_date`, any year
        for old, new in commit.renamed:  # older commits name it `old`
            now[old] = now.get(new, new)
    return history


def read_dates(folder: Path) -> dict[str, str]:
    """Each file under `folder` (relative path) -> the day of its newest commit; empty
    outside git. For the "last updated" line of hand-written pages."""
    try:
        out = subprocess.run(
            ["git", "-C", str(folder), "log", "--relative", "-z", "--name-only", "--no-color",
             "--no-show-signature", "--format=%x00%cs", "--", "."],
            capture_output=True, timeout=300, check=True,
        ).stdout.decode("utf-8", errors="replace")
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, str] = {}
    date = ""
    for item in out.split("\0"):
        item = item.strip("\n")
        if _DATE.fullmatch(item):
            date = item
        elif item and date:
            dates.setdefault(item, date)  # newest first: the first seen wins
    return dates


def _parse(out: str) -> list[Commit] | None:
    """Commits from `NUL sha NUL date NUL time NUL subject NUL [\\n STATUS NUL path NUL [path NUL]]...`."""
    tokens = out.split("\0")
    commits: list[Commit] = []
    i = 0
    while i + 4 < len(tokens):
        if tokens[i] != "" or not _SHA.fullmatch(tokens[i + 1]) or not _DATE.fullmatch(tokens[i + 2]):
            return None
        sha, date, time, subject = tokens[i + 1:i + 5]
        if not _TIME.fullmatch(time):
            time = f"{date}T00:00:00Z"
        i += 5
        parts: dict[str, list[Any]] = {"A": [], "M": [], "D": [], "R": []}
        while i < len(tokens) and tokens[i] != "":
            status = tokens[i].lstrip("\n")[:1]
            paths = tokens[i + 1:i + (3 if status in ("R", "C") else 2)]
            i += 1 + len(paths)
            if status == "R" and len(paths) == 2:
                old, new = paths
                if old.endswith(".yaml") and new.endswith(".yaml"):
                    parts["R"].append((old, new))
                elif new.endswith(".yaml"):
                    parts["A"].append(new)
                elif old.endswith(".yaml"):
                    parts["D"].append(old)
            elif not paths or not paths[-1].endswith(".yaml"):
                continue
            elif status in ("A", "M", "D"):
                parts[status].append(paths[-1])
            elif status in ("C", "T"):
                parts["M"].append(paths[-1])
        commits.append(Commit(sha, date, subject, tuple(parts["A"]), tuple(parts["M"]),
                              tuple(parts["D"]), tuple(parts["R"]), time=time))
    return commits

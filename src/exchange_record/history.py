"""What git knows about the facts: each commit's changes, and each file's last change.

One `git log` over the facts folder, parsed once: linear in the history, not one
process per file. Outside a git checkout (a downloaded archive, a fresh
benchmark folder) the history is simply unknown and the pages say so.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

_RECORD = "\x1e"
_FIELD = "\x1f"


@dataclass(frozen=True)
class Commit:
    sha: str
    date: str  # YYYY-MM-DD, the committer's date
    subject: str
    added: tuple[str, ...] = ()      # paths relative to the facts folder
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    renamed: tuple[tuple[str, str], ...] = ()


@dataclass
class History:
    commits: list[Commit] = field(default_factory=list)  # newest first
    last_changed: dict[str, str] = field(default_factory=dict)  # path -> date

    @property
    def known(self) -> bool:
        return bool(self.commits)


def read_history(facts_dir: Path, limit: int = 500) -> History:
    """The last `limit` commits that touched `facts_dir`; empty outside git."""
    try:
        out = subprocess.run(
            ["git", "-C", str(facts_dir), "log", f"-n{limit}", "--relative", "-M",
             "--name-status", f"--format={_RECORD}%H{_FIELD}%cs{_FIELD}%s", "--", "."],
            capture_output=True, text=True, timeout=60, check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return History()
    history = History()
    for block in out.split(_RECORD)[1:]:
        head, _, body = block.partition("\n")
        sha, date, subject = (head.split(_FIELD) + ["", "", ""])[:3]
        parts: dict[str, list] = {"A": [], "M": [], "D": [], "R": []}
        for line in body.splitlines():
            cols = line.split("\t")
            if len(cols) < 2 or not cols[1].endswith(".yaml"):
                continue
            status = cols[0][:1]
            if status == "R" and len(cols) == 3:
                parts["R"].append((cols[1], cols[2]))
            elif status in ("A", "M", "D"):
                parts[status].append(cols[1])
            elif status in ("C", "T"):
                parts["M"].append(cols[-1])
        commit = Commit(sha, date, subject, tuple(parts["A"]), tuple(parts["M"]),
                        tuple(parts["D"]), tuple(parts["R"]))
        history.commits.append(commit)
        for path in [*commit.added, *commit.changed, *(new for _old, new in commit.renamed)]:
            history.last_changed.setdefault(path, date)  # newest first: the first seen wins
    return history

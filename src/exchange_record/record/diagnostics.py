"""Problems found in the record: one problem, one place, one hint.

The core never prints or raises on bad input; it returns `Diagnostic`s and each
adapter (CLI, MkDocs plugin) decides what to do with them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from .text import visible


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem at one place.

    `line` and `col` are 1-based and point at the offending key or value.
    `hint` says what to do about it, when we know.
    """

    path: Path
    line: int
    col: int
    severity: Severity
    code: str
    message: str
    hint: str | None = None

    def location(self, base: Path | None = None) -> str:
        return f"{display_path(self.path, base)}:{self.line}:{self.col}"

    def text(self) -> str:
        """Message and hint on one line, every character of a contributor's text
        visible (a newline or an escape sequence in a value cannot forge a second
        diagnostic or drive the terminal)."""
        text = self.message + (f" (hint: {self.hint})" if self.hint else "")
        return visible(text)

    def format_text(self, base: Path | None = None) -> str:
        return f"{self.location(base)}: {self.severity.value}[{self.code}]: {self.text()}"

    def format_github(self, base: Path | None = None) -> str:
        # GitHub workflow commands: properties and message need escaping.
        # https://docs.github.com/actions/reference/workflow-commands-for-github-actions
        level = {"error": "error", "warning": "warning", "note": "notice"}[self.severity.value]
        props = (
            f"file={_gh_prop(display_path(self.path, base))},line={self.line},"
            f"col={self.col},title={_gh_prop(self.severity.value + '[' + self.code + ']')}"
        )
        return f"::{level} {props}::{_gh_data(self.text())}"

    def as_dict(self, base: Path | None = None) -> dict[str, object]:
        return {
            "path": display_path(self.path, base),
            "line": self.line,
            "col": self.col,
            "severity": self.severity.value,
            "code": self.code,
            "message": visible(self.message),
            "hint": visible(self.hint) if self.hint else None,
        }

    def sort_key(self) -> tuple[str, int, int, str]:
        return (str(self.path), self.line, self.col, self.code)


def display_path(path: Path, base: Path | None = None) -> str:
    """The path relative to `base` (the working directory by default), with `/`,
    every character visible (a file name may hold a newline or an escape)."""
    base = Path.cwd() if base is None else base
    try:
        rel = os.path.relpath(path, base)
    except ValueError:  # another drive on Windows
        rel = str(path)
    return visible(rel.replace(os.sep, "/"))


def _gh_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_prop(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def count(diagnostics: Iterable[Diagnostic], severity: Severity) -> int:
    return sum(1 for d in diagnostics if d.severity is severity)


def summary(diagnostics: list[Diagnostic], strict: bool = False) -> str:
    """`N errors in M files`, plus warnings and notes when there are any."""
    failing = {Severity.ERROR, Severity.WARNING} if strict else {Severity.ERROR}
    errors = [d for d in diagnostics if d.severity in failing]
    files = {d.path for d in errors}
    text = f"{len(errors)} {_plural(len(errors), 'error')} in {len(files)} {_plural(len(files), 'file')}"
    warnings = count(diagnostics, Severity.WARNING)
    notes = count(diagnostics, Severity.NOTE)
    extra = []
    if warnings and not strict:
        extra.append(f"{warnings} {_plural(warnings, 'warning')}")
    if notes:
        extra.append(f"{notes} {_plural(notes, 'note')}")
    if extra:
        text += " (" + ", ".join(extra) + ")"
    return text


def _plural(n: int, word: str) -> str:
    return word if n == 1 else word + "s"


def to_json(diagnostics: list[Diagnostic], base: Path | None = None) -> str:
    return json.dumps([d.as_dict(base) for d in diagnostics], ensure_ascii=False, indent=2)

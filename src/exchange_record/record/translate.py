"""The translation workflow: stamping translations and reporting coverage.

`stamp_file` writes the fingerprint of the English a translation matches into
its `of:` line (`exchange-record translate --stamp`), editing the YAML text in
place: one line is replaced or inserted per translation and every other byte of
the file stays as it was (comments, order, quoting, line endings). The edited
text is read back and checked before it is written.

`coverage` is the report of `exchange-record translations`: per language and
kind how many facts are translated and reviewed, and which translations are
missing, stale, not stamped or incomplete.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic, Severity, display_path
from .kinds import FOLDERS, KINDS
from .load import discover, finish, load_facts
from .translations import LANGUAGE_NAMES, LANGUAGES, STAMP
from .yamlfile import MAX_BYTES, YamlDoc, parse_bytes, read_file, resolve_plain

_BOM = b"\xef\xbb\xbf"
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_COMMENT = re.compile(r"[ \t]+#")
_QUOTED = {'"': re.compile(r'"(?:[^"\\\r\n]|\\.)*"'), "'": re.compile(r"'(?:[^'\r\n]|'')*'")}


class PathError(ValueError):
    """A path given to `translate` that is not a fact file or a folder of them."""


# --- which files ---------------------------------------------------------------------

def fact_files(paths: Iterable[Path]) -> list[tuple[str, Path]]:
    """`(kind, path)` of every fact file named by `paths`: fact files, kind folders
    (`facts/events`) or folders of facts (`facts`); raises PathError on anything else."""
    out: list[tuple[str, Path]] = []
    for path in paths:
        if path.is_dir():
            if path.name in KINDS and not any((path / k).is_dir() for k in FOLDERS):
                out += [(path.name, p) for p in sorted(path.glob("*.yaml"))
                        if not p.name.startswith(".") and p.is_file()]
            else:
                out += discover(path)[0]
        elif path.is_file():
            if path.parent.name not in KINDS or path.suffix != ".yaml":
                raise PathError(f"`{path}` is not a fact file (facts/<kind>/<id>.yaml)")
            out.append((path.parent.name, path))
        else:
            raise PathError(f"`{path}` does not exist")
    seen: set[Path] = set()
    unique = []
    for kind, path in out:
        if path.resolve() not in seen:
            seen.add(path.resolve())
            unique.append((kind, path))
    return unique


# --- stamping ---------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Stamped:
    """One translation given the fingerprint of the English it matches."""

    path: Path
    line: int            #: the translation's language key (`uk:`)
    col: int
    lang: str
    fingerprint: str
    was: str             #: `stale` (another fingerprint) or `unstamped` (none)


@dataclass(frozen=True, slots=True)
class Refused:
    """A file `translate --stamp` left as it was, and why."""

    path: Path
    reason: str
    #: the file's own errors, when those are the reason
    errors: tuple[Diagnostic, ...] = ()


@dataclass(slots=True)
class StampResult:
    stamped: list[Stamped] = field(default_factory=list)
    #: translations whose fingerprint was already that of the English
    current: int = 0
    refused: list[Refused] = field(default_factory=list)


def stamp_files(files: Sequence[tuple[str, Path]], langs: Sequence[str] = LANGUAGES) -> StampResult:
    result = StampResult()
    for kind, path in files:
        one = stamp_file(path, kind, langs)
        result.stamped += one.stamped
        result.current += one.current
        result.refused += one.refused
    return result


def _lines(text: str) -> list[str]:
    """The lines of `text`, each with its line break, split as YAML does (CR LF, CR, LF)."""
    return _LINE.findall(text)


def _split_break(line: str) -> tuple[str, str]:
    body = line.rstrip("\r\n")
    return body, line[len(body):]


def _scalar(value: str) -> str:
    """`value` as a YAML scalar that reads back as that text: plain unless it would
    read as a number (a fingerprint of digits only)."""
    return value if isinstance(resolve_plain(value), str) else f'"{value}"'


def _token_end(body: str, start: int, flow: bool) -> int | None:
    """Where the scalar that starts at `start` on this line ends, or None if it does
    not end on the line."""
    if start >= len(body):
        return None
    quote = _QUOTED.get(body[start])
    if quote is not None:
        m = quote.match(body, start)
        return m.end() if m else None
    end = len(body)
    comment = _COMMENT.search(body, start)
    if comment:
        end = comment.start()
    if flow:
        stop = re.compile(r"[,\[\]{}]").search(body, start, end)
        if stop:
            end = stop.start()
    end = len(body[:end].rstrip(" \t"))
    return end if end > start else None


def stamp_file(path: Path, kind: str, langs: Sequence[str] = LANGUAGES) -> StampResult:
    """Write into `path` the fingerprint of each translation (of `langs`) whose `of:`
    is not that of the English as it is now; leave every other byte as it was.

    A file with errors of its own is refused, as is a file whose `of:` cannot be
    rewritten on its line; the file is then not changed."""
    result = StampResult()
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        result.refused.append(Refused(path, f"cannot read the file: {exc.strerror}"))
        return result
    doc = read_file(path) if len(raw) > MAX_BYTES else parse_bytes(raw, YamlDoc(path))
    loaded = finish(doc, kind)
    errors = tuple(d for d in loaded.diagnostics if d.severity is Severity.ERROR)
    if errors or loaded.fact is None:
        result.refused.append(Refused(path, "the file has errors; fix them first "
                                            "(`exchange-record validate`)", errors))
        return result
    fact = loaded.fact
    bom = raw.startswith(_BOM)
    text = raw[len(_BOM):].decode("utf-8") if bom else raw.decode("utf-8")
    lines = _lines(text)
    breaks = [b for b in (_split_break(line)[1] for line in lines) if b]
    newline = max(set(breaks), key=breaks.count) if breaks else "\n"

    #: (line index, column index, what to do, the fingerprint as written): `replace` the value of
    #: `of:`, `rewrite` an `of:` without one, `insert` a line after `reviewed:` or `append` to it
    #: in a flow mapping (`{…, reviewed: false, of: …}`)
    edits: list[tuple[int, int, str, str]] = []
    expected_data = copy.deepcopy(doc.data)
    planned: list[Stamped] = []
    for lang, t in fact.model.translated().items():
        if lang not in langs:
            continue
        fp = fact.model.english_fingerprint(t)
        if t.of == fp:
            result.current += 1
            continue
        key_line, key_col = fact.pos(("translations", lang), key=True)
        value_line, value_col = fact.pos(("translations", lang))
        flow = lines[value_line - 1][value_col - 1:value_col] == "{"
        if t.of:
            line, col = fact.pos(("translations", lang, "of"))
            edits.append((line - 1, col - 1, "replace-flow" if flow else "replace", _scalar(fp)))
        elif "of" in doc.data["translations"][lang]:  # `of:` with no value
            line, col = fact.pos(("translations", lang, "of"), key=not flow)
            edits.append((line - 1, col - 1, "replace-flow" if flow else "rewrite", _scalar(fp)))
        elif flow:
            line, col = fact.pos(("translations", lang, "reviewed"))
            edits.append((line - 1, col - 1, "append", _scalar(fp)))
        else:
            line, _ = fact.pos(("translations", lang, "reviewed"))
            _, indent = fact.pos(("translations", lang, "reviewed"), key=True)
            edits.append((line - 1, indent - 1, "insert", _scalar(fp)))
        expected_data["translations"][lang]["of"] = fp
        planned.append(Stamped(path, key_line, key_col, lang, fp,
                               "stale" if t.of else "unstamped"))
    if not edits:
        return result

    for index, col, how, value in sorted(edits, reverse=True):  # bottom up: positions stay true
        body, brk = _split_break(lines[index])
        if how == "insert":
            if not brk:  # the last line, without a line break: give it one
                lines[index] = body + newline
                lines.insert(index + 1, " " * col + f"of: {value}")
            else:
                lines.insert(index + 1, " " * col + f"of: {value}" + brk)
            continue
        if how == "rewrite":  # `of:` and a comment, perhaps: the key keeps its place and comment
            comment = _COMMENT.search(body, col)
            lines[index] = body[:col] + f"of: {value}" + (body[comment.start():] if comment else "") + brk
            continue
        end = _token_end(body, col, flow=how != "replace")
        if end is None:
            result.refused.append(Refused(path, f"line {index + 1}: the value at column {col + 1} "
                                                "does not end on its line; write `of:` and `reviewed:` "
                                                "each on one line"))
            return result
        if how == "append":
            lines[index] = body[:end] + f", of: {value}" + body[end:] + brk
        else:
            lines[index] = body[:col] + value + body[end:] + brk

    new_raw = (_BOM if bom else b"") + "".join(lines).encode("utf-8")
    new_doc = parse_bytes(new_raw, YamlDoc(path))
    check = finish(new_doc, kind)
    if (check.fact is None or any(d.severity is Severity.ERROR for d in check.diagnostics)
            or new_doc.data != expected_data
            or any(check.fact.model.translated()[s.lang].of != s.fingerprint for s in planned)):
        result.refused.append(Refused(path, "the fingerprint could not be written in place without "
                                            "changing anything else; write the translation in block "
                                            "style, one field per line"))
        return result
    path.write_bytes(new_raw)
    result.stamped += planned
    return result


# --- the coverage report -------------------------------------------------------------------

@dataclass(slots=True)
class Counts:
    total: int = 0
    translated: int = 0
    reviewed: int = 0
    stale: int = 0
    unstamped: int = 0
    incomplete: int = 0

    def add(self, other: Counts) -> None:
        self.total += other.total
        self.translated += other.translated
        self.reviewed += other.reviewed
        self.stale += other.stale
        self.unstamped += other.unstamped
        self.incomplete += other.incomplete


@dataclass(frozen=True, slots=True)
class Entry:
    """One fact's translation into one language (or its absence), at a place in its file."""

    path: Path
    line: int
    col: int
    kind: str
    id: str
    lang: str
    #: for an incomplete translation, the fields it lacks (shown in English)
    fields: tuple[str, ...] = ()

    def as_dict(self, base: Path | None = None) -> dict[str, object]:
        out: dict[str, object] = {"path": display_path(self.path, base), "line": self.line,
                                  "col": self.col, "kind": self.kind, "id": self.id, "lang": self.lang}
        if self.fields:
            out["fields"] = list(self.fields)
        return out

    def location(self, base: Path | None = None) -> str:
        return f"{display_path(self.path, base)}:{self.line}:{self.col}"


@dataclass(slots=True)
class Coverage:
    root: Path
    #: language -> kind (and `all`) -> counts
    counts: dict[str, dict[str, Counts]]
    missing: list[Entry]
    stale: list[Entry]
    unstamped: list[Entry]
    incomplete: list[Entry]
    #: files with errors of their own, left out of the counts
    not_counted: list[Path]

    def as_dict(self, base: Path | None = None) -> dict[str, object]:
        return {
            "facts_dir": display_path(self.root, base),
            "languages": list(LANGUAGES),
            "coverage": {lang: {kind: {
                "total": c.total, "translated": c.translated, "reviewed": c.reviewed,
                "stale": c.stale, "unstamped": c.unstamped, "incomplete": c.incomplete,
            } for kind, c in by_kind.items()} for lang, by_kind in self.counts.items()},
            "missing": [e.as_dict(base) for e in self.missing],
            "stale": [e.as_dict(base) for e in self.stale],
            "unstamped": [e.as_dict(base) for e in self.unstamped],
            "incomplete": [e.as_dict(base) for e in self.incomplete],
            "not_counted": [display_path(p, base) for p in self.not_counted],
        }

    def text(self, base: Path | None = None) -> str:
        out = [f"Translations of the facts in {display_path(self.root, base)} "
               "(English is the source; what is not translated is shown in English)", ""]
        rows = [["", *(f"{lang} ({LANGUAGE_NAMES[lang]})" for lang in LANGUAGES)]]
        for kind in [*FOLDERS, "all"]:
            row = [kind]
            for lang in LANGUAGES:
                c = self.counts[lang][kind]
                cell = f"{c.translated}/{c.total}"
                if c.translated:
                    cell += f", {c.reviewed} reviewed"
                row.append(cell)
            rows.append(row)
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        out += ["  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip()
                for r in rows]
        sections = [
            ("Stale: the English changed since the translation was stamped", self.stale),
            ("Not stamped: no `of:` recording which English the translation was made from",
             self.unstamped),
            ("Incomplete: these fields are shown in English", self.incomplete),
            ("Missing", self.missing),
        ]
        for title, entries in sections:
            if not entries:
                continue
            out += ["", f"{title} ({len(entries)}):"]
            grouped: dict[tuple[str, str], list[str]] = {}  # the same place: its languages on one line
            for e in entries:
                extra = f" ({', '.join(e.fields)})" if e.fields else ""
                grouped.setdefault((e.location(base), e.id), []).append(e.lang + extra)
            out += [f"  {where}: {', '.join(langs)}" for (where, _id), langs in grouped.items()]
        if self.stale or self.unstamped:
            out += ["", f"Once a translation matches the English, `{STAMP} --lang LANG FILE` records it."]
        if self.not_counted:
            n = len(self.not_counted)
            out += ["", f"Not counted, as they have errors (`exchange-record validate`): "
                        f"{n} {'file' if n == 1 else 'files'}"]
            out += [f"  {display_path(p, base)}" for p in self.not_counted]
        return "\n".join(out) + "\n"


def coverage(root: Path) -> Coverage:
    """How far the facts under `root` are translated, language by language."""
    loaded = load_facts(root)
    counts = {lang: {kind: Counts() for kind in [*FOLDERS, "all"]} for lang in LANGUAGES}
    report = Coverage(root, counts, [], [], [], [], sorted(
        {d.path for d in loaded.diagnostics if d.severity is Severity.ERROR and d.path.is_file()}))
    for f in sorted(loaded.facts, key=lambda f: (FOLDERS.index(f.kind), f.id)):
        for lang in LANGUAGES:
            c = counts[lang][f.kind]
            c.total += 1
            t = f.translation(lang)
            if t is None:
                line, col = f.pos(("translations",), key=True)
                report.missing.append(Entry(f.path, line, col, f.kind, f.id, lang))
                continue
            c.translated += 1
            c.reviewed += t.reviewed
            line, col = f.pos(("translations", lang), key=True)
            if not t.stamped:
                c.unstamped += 1
                report.unstamped.append(Entry(f.path, line, col, f.kind, f.id, lang))
            elif t.stale:
                c.stale += 1
                of_line, of_col = f.pos(("translations", lang, "of"))
                report.stale.append(Entry(f.path, of_line, of_col, f.kind, f.id, lang))
            if t.missing:
                c.incomplete += 1
                report.incomplete.append(Entry(f.path, line, col, f.kind, f.id, lang, t.missing))
    for lang in LANGUAGES:
        for kind in FOLDERS:
            counts[lang]["all"].add(counts[lang][kind])
    return report


__all__ = ["Coverage", "PathError", "StampResult", "coverage", "fact_files",
           "stamp_file", "stamp_files"]

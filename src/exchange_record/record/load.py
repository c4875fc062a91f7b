"""Find the fact files under a folder and read each into a validated model.

Layout (a contract): `facts/<kind>/<id>.yaml`. Anything else under the folder is
reported, never skipped in silence: a contributor's `.yml` file or a fact in the
wrong folder must not just vanish from the site.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .diagnostics import Diagnostic, Severity
from .kinds import FOLDERS, KINDS
from .models import ID_MAX, Actor, Event, Fact, Figure, Place, Source, id_problem
from .scaffold import PLACEHOLDER
from .translations import LANGUAGES, Translation
from .validate import did_you_mean, validate_doc
from .yamlfile import Pos, YamlDoc, nearest_position, read_file

Loc = tuple[str | int, ...]


@dataclass(slots=True)
class LoadedFact:
    kind: str
    id: str
    path: Path
    model: Fact
    positions: dict[Loc, Pos]
    #: the model's references, listed once: the checks and the backlinks all read them
    refs: list[tuple[Loc, str, str]] = field(default_factory=list)

    def references(self) -> list[tuple[Loc, str, str]]:
        return self.refs

    # The model as its kind's class, for code that knows which kind it holds.
    @property
    def figure(self) -> Figure:
        assert isinstance(self.model, Figure), self.id
        return self.model

    @property
    def event(self) -> Event:
        assert isinstance(self.model, Event), self.id
        return self.model

    @property
    def source(self) -> Source:
        assert isinstance(self.model, Source), self.id
        return self.model

    @property
    def actor(self) -> Actor:
        assert isinstance(self.model, Actor), self.id
        return self.model

    @property
    def place(self) -> Place:
        assert isinstance(self.model, Place), self.id
        return self.model

    def pos(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        return nearest_position(self.positions, loc, key=key)

    def translation(self, lang: str) -> Translation | None:
        """The fact's translation into `lang` (`uk`, `ru`: `translations.LANGUAGES`) as
        pages show it: translated fields, `by`, `reviewed`, `stale`; None where the
        page shows the English."""
        return self.model.translation(lang)

    def translations(self) -> dict[str, Translation]:
        """Every translation the fact has, by language, in the order of `LANGUAGES`."""
        out: dict[str, Translation] = {}
        for lang in LANGUAGES:
            t = self.model.translation(lang)
            if t is not None:
                out[lang] = t
        return out


@dataclass(slots=True)
class PartialFact:
    """A file that failed validation: only its references, so that they are
    checked in the same run (a contributor fixes everything in one round)."""

    kind: str
    id: str
    path: Path
    refs: list[tuple[Loc, str, str]]
    positions: dict[Loc, Pos]

    def references(self) -> list[tuple[Loc, str, str]]:
        return self.refs

    def pos(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        return nearest_position(self.positions, loc, key=key)


@dataclass(slots=True)
class FileResult:
    fact: LoadedFact | None
    diagnostics: list[Diagnostic]
    partial: PartialFact | None = None


@dataclass
class FactCache:
    """Results by path, kept while the file's size, modification time and change time
    are unchanged (the change time too: `cp -p`, `tar x` and editors that keep the
    modification time still set it).

    `mkdocs serve` rebuilds on every edit; with the cache only the edited file is
    read and validated again.
    """

    entries: dict[Path, tuple[tuple[int, int, int], FileResult]] = field(default_factory=dict)
    reads: int = 0  # files actually read and validated, for tests and benchmarks

    def fresh(self, path: Path, stat: os.stat_result) -> FileResult | None:
        """The cached result, if the file is unchanged since it was read."""
        hit = self.entries.get(path)
        if hit is not None and hit[0] == (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns):
            return hit[1]
        return None

    def store(self, path: Path, stat: os.stat_result, result: FileResult) -> None:
        self.reads += 1
        self.entries[path] = ((stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns), result)

    def forget_missing(self, seen: set[Path]) -> None:
        for path in list(self.entries):
            if path not in seen:
                del self.entries[path]


def load_file(path: Path, kind: str) -> FileResult:
    return finish(read_file(path), kind)


def finish(doc: YamlDoc, kind: str) -> FileResult:
    """Validate a parsed file against its kind's model and check its name."""
    path = doc.path
    stem = path.stem
    problem = id_problem(stem)
    if problem is not None:
        code, message = problem
        hint = ("rename the file, e.g. `" + _suggest_id(stem) + ".yaml`" if code == "bad-id"
                else "choose a more specific id")
        doc.diagnostics.append(Diagnostic(path, 1, 1, Severity.ERROR, code,
                                          f"file name `{path.name}`: {message}", hint))
    if doc.data is None or (doc.diagnostics and any(d.code in _FATAL for d in doc.diagnostics)):
        return FileResult(None, doc.diagnostics)
    model = validate_doc(doc, kind)
    if model is not None and model.id is not None and model.id != stem:
        line, col = doc.pos(("id",))
        doc.diagnostics.append(Diagnostic(
            path, line, col, Severity.ERROR, "id-mismatch",
            f"`id: {model.id}` does not match the file name `{path.name}`",
            f"the id is the file name; remove `id:` or rename the file to `{model.id}.yaml`",
        ))
    if model is not None and doc.has_todo:
        doc.diagnostics.extend(_placeholders(doc.data, (), doc.pos, path))
    if model is None or any(d.severity is Severity.ERROR for d in doc.diagnostics):
        refs = _raw_references(kind, doc.data)
        return FileResult(None, doc.diagnostics, PartialFact(kind, stem, path, refs, doc.positions))
    return FileResult(LoadedFact(kind, stem, path, model, doc.positions,
                                 model.references()), doc.diagnostics)


_FATAL = {"bad-id", "reserved-id"}


def _placeholders(value: object, loc: Loc, pos: Callable[[Loc], tuple[int, int]],
                  path: Path) -> list[Diagnostic]:
    """Warnings for `TODO` text left from `exchange-record new`."""
    if isinstance(value, str):
        if value.lstrip().startswith(PLACEHOLDER):
            line, col = pos(loc)
            name = next((p for p in reversed(loc) if isinstance(p, str)), "value")
            return [Diagnostic(path, line, col, Severity.WARNING, "placeholder",
                               f"`{name}` still holds the placeholder text from `exchange-record new`",
                               "replace the TODO with the real value")]
        return []
    out: list[Diagnostic] = []
    if isinstance(value, dict):
        for key, item in value.items():
            out += _placeholders(item, loc + (key,), pos, path)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            out += _placeholders(item, loc + (i,), pos, path)
    return out


def _raw_references(kind: str, data: object) -> list[tuple[Loc, str, str]]:
    """References read straight from unvalidated data, where their shape is right."""
    out: list[tuple[Loc, str, str]] = []
    if not isinstance(data, dict):
        return out
    for name, target_kind in KINDS[kind].model.REFS.items():
        value = data.get(name)
        items = value if isinstance(value, list) else [value]
        for i, item in enumerate(items):
            loc: Loc = (name, i) if isinstance(value, list) else (name,)
            key = {"sources": "source", "actors": "actor"}.get(name)
            target = item.get(key) if isinstance(item, dict) and key else None
            if isinstance(target, str) and id_problem(target) is None:
                out.append((loc + (str(key),), target_kind, target))
            elif isinstance(item, str) and id_problem(item) is None:
                out.append((loc, target_kind, item))
    return out


def _suggest_id(stem: str) -> str:
    import re

    slug = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return slug[:ID_MAX] or "my-fact"


#: the fact files' paths of the last `discover`, by their text: the same Path objects
#: from one `mkdocs serve` rebuild to the next (each made, and hashed as the
#: `FactCache`'s key, once: 0.1 s of every rebuild at 10,000 facts)
_PATHS: dict[str, Path] = {}


def discover(root: Path) -> tuple[list[tuple[str, Path]], list[Diagnostic]]:
    """Every `(kind, path)` of a fact file under `root`, and diagnostics for strays.

    Nothing is read from outside `root`: a link (to a file or a kind folder) that
    leads out of it is reported, as is every other surprise (a loop, a folder
    that cannot be listed, a pipe); hidden folders and YAML files are reported,
    never skipped in silence.
    """
    found: list[tuple[str, Path]] = []
    problems: list[Diagnostic] = []
    top = os.path.realpath(root)

    def stray(path: Path, message: str, hint: str | None = None, code: str = "stray-file") -> None:
        problems.append(Diagnostic(path, 1, 1, Severity.ERROR, code, message, hint))

    def outside(path: Path) -> bool:
        real = os.path.realpath(path)
        if real == top or real.startswith(top + os.sep):
            return False
        stray(path, f"`{path.name}` is a link to `{real}`, outside the facts folder; it is not read",
              "copy the fact into the facts folder instead of linking to it", "outside-facts")
        return True

    def listing(folder: Path) -> list[os.DirEntry[str]]:
        try:
            with os.scandir(folder) as it:
                return sorted(it, key=lambda e: e.name)
        except OSError as exc:
            stray(folder, f"cannot read folder: {exc.strerror}", code="unreadable")
            return []

    global _PATHS
    last, paths = _PATHS, {}

    def made(text: str) -> Path:
        path = paths[text] = last.get(text) or Path(text)
        return path

    for entry in listing(root):
        path = Path(entry.path)
        hidden = entry.name.startswith(".")
        if _is_dir(entry):
            if hidden:
                stray(path, f"`{entry.name}` is a hidden folder; its files are not read",
                      "move facts to facts/<kind>/<id>.yaml; keep drafts outside the facts folder")
                continue
            if entry.name not in KINDS:
                hint = did_you_mean(entry.name, FOLDERS) or "kinds: " + ", ".join(FOLDERS)
                stray(path, f"folder `{entry.name}` is not a kind of fact; its files are not read",
                      hint)
                continue
            if entry.is_symlink() and outside(path):
                continue
            for sub in listing(path):
                sub_path = made(sub.path)
                yaml_like = sub.name.lower().endswith((".yaml", ".yml"))
                if sub.name.startswith("."):
                    # Hidden YAML is a fact nobody would see: say so. Other hidden
                    # files (.gitkeep, editor lock links) are not facts.
                    if _is_dir(sub):
                        stray(sub_path, f"`{sub.name}` is a hidden folder; its files are not read",
                              f"facts live at facts/{entry.name}/<id>.yaml")
                    elif yaml_like:
                        stray(sub_path, f"`{sub.name}` is a hidden file and is not read",
                              "remove the leading dot")
                    continue
                if _is_dir(sub):
                    stray(sub_path, "sub-folders are not read; facts live at "
                          f"facts/{entry.name}/<id>.yaml")
                elif sub.name.endswith(".yaml"):
                    if sub.is_symlink() and (_dangling(sub) or outside(sub_path)):
                        if _dangling(sub):  # a link to nothing (or a loop) cannot be read
                            found.append((entry.name, sub_path))
                        continue
                    if _is_file(sub):
                        found.append((entry.name, sub_path))
                    else:  # a pipe or a device would block or never end
                        stray(sub_path, f"`{sub.name}` is not a regular file and is not read",
                              "replace it with a plain text file")
                else:
                    rename = "rename it to end in `.yaml` (lower case)" if yaml_like else None
                    stray(sub_path, f"`{sub.name}` is not a `.yaml` fact file and is not read", rename)
        elif hidden:
            if entry.name.lower().endswith((".yaml", ".yml")):
                stray(path, f"`{entry.name}` is a hidden file and is not read",
                      "move it to facts/<kind>/<id>.yaml")
        elif entry.name.lower() not in ("readme.md",):
            stray(path, f"`{entry.name}` is outside a kind folder and is not read",
                  "move it to facts/<kind>/<id>.yaml")
    _PATHS = paths
    return found, problems


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _is_file(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def _dangling(entry: os.DirEntry[str]) -> bool:
    if not entry.is_symlink():
        return False
    try:
        entry.stat()
    except OSError:
        return True
    return False


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while the record is built.

    Everything made while loading and cross-checking lives on in the record, and
    reference counting frees the rest: the collector would only rescan a growing
    heap again and again (about a fifth of the time at 10,000 files). Nested
    uses are fine; the collector's state is restored as it was.

    When the collector is enabled again, what was made meanwhile is handed to its
    oldest generation (`gc.freeze` then `gc.unfreeze`: two list splices): left in the
    youngest, the whole record would be walked by the very next young collection, a
    tenth of a second to a quarter at 10,000 files, for objects that live on. It is
    still collected in the collector's full passes, as any long-lived object is.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.freeze()
            gc.unfreeze()
            gc.enable()


@dataclass(slots=True)
class Loaded:
    facts: list[LoadedFact]
    partial: list[PartialFact]
    diagnostics: list[Diagnostic]


def load_facts(root: Path, cache: FactCache | None = None) -> Loaded:
    """Read every fact under `root`: the facts valid on their own, the rest, and all problems."""
    if not root.is_dir():
        return Loaded([], [], [Diagnostic(root, 1, 1, Severity.ERROR, "no-facts",
                                          f"`{root}` is not a folder of facts")])
    cache = cache if cache is not None else FactCache()
    files, diagnostics = discover(root)
    stats: dict[Path, os.stat_result] = {}
    for _kind, path in files:
        try:
            stats[path] = path.stat()
        except OSError as exc:
            diagnostics.append(Diagnostic(path, 1, 1, Severity.ERROR, "unreadable",
                                          f"cannot read file: {exc.strerror}"))
    todo = [(kind, path) for kind, path in files
            if path in stats and cache.fresh(path, stats[path]) is None]
    with gc_paused():
        for kind, path in todo:
            cache.store(path, stats[path], load_file(path, kind))

    facts: list[LoadedFact] = []
    partial: list[PartialFact] = []
    seen: set[Path] = set()
    for _kind, path in files:
        seen.add(path)
        if path not in stats:
            continue
        result = cache.fresh(path, stats[path])
        assert result is not None
        diagnostics.extend(result.diagnostics)
        if result.fact is not None:
            facts.append(result.fact)
        elif result.partial is not None:
            partial.append(result.partial)
    cache.forget_missing(seen)
    return Loaded(facts, partial, diagnostics)

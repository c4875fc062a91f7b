"""Read one YAML file into plain data plus the position of every key and value.

PyYAML (with libyaml's C parser when present) produces the event stream; this
module builds the values itself so that it can

* resolve plain scalars by the YAML 1.2 core schema (``NO``, ``on``, ``yes``
  stay text; ``2025-06-07`` stays the text the contributor wrote, not a
  ``datetime.date``), never YAML 1.1's surprising booleans and timestamps;
* report duplicate keys, which PyYAML would silently overwrite;
* cap aliases (billion laughs), nesting depth and file size;
* remember where each key and value starts, so that every later diagnostic can
  say ``path:line:col``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic, Severity
from .text import FORBIDDEN, FORBIDDEN_IN_FILE, char_name

try:  # libyaml's C parser is several times faster; fall back quietly.
    from yaml import CSafeLoader as _Loader
    _HAVE_LIBYAML = True
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]  # same interface, in Python
    _HAVE_LIBYAML = False

MAX_BYTES = 1024 * 1024
MAX_ALIASES = 16
MAX_DEPTH = 32
MAX_INT_DIGITS = 30

Path_ = tuple[str | int, ...]


#: 1-based (key line, key column, value line, value column) of a node; the key's
#: are the value's where there is no key. A plain tuple: one is made per node,
#: and plain tuples are the cheapest to make.
Pos = tuple[int, int, int, int]


@dataclass(slots=True)
class YamlDoc:
    path: Path
    data: Any = None
    positions: dict[Path_, Pos] = field(default_factory=dict)
    #: whether the text holds the placeholder `TODO` anywhere (a cheap pre-check)
    has_todo: bool = False
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def pos(self, loc: Path_, *, key: bool = False) -> tuple[int, int]:
        return nearest_position(self.positions, loc, key=key)


def nearest_position(positions: dict[Path_, Pos], loc: Path_, *, key: bool = False) -> tuple[int, int]:
    """The nearest known position for `loc` (a missing leaf falls back to its parent):
    the key's, or the value's."""
    loc = tuple(loc)
    while loc not in positions and loc:
        loc = loc[:-1]
    p = positions.get(loc)
    if p is None:
        return (1, 1)
    return (p[0], p[1]) if key else (p[2], p[3])


# YAML 1.2 core schema, https://yaml.org/spec/1.2.2/#1032-tag-resolution
_NULL = re.compile(r"^(?:~|null|Null|NULL|)\Z")
_BOOL_TRUE = {"true", "True", "TRUE"}
_BOOL_FALSE = {"false", "False", "FALSE"}
_INT10 = re.compile(r"^[-+]?[0-9]+\Z")
_INT8 = re.compile(r"^0o[0-7]+\Z")
_INT16 = re.compile(r"^0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)\Z")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)\Z")


class _TooBig(Exception):
    pass


def resolve_plain(text: str) -> Any:
    """The value of a plain (unquoted) scalar under the YAML 1.2 core schema."""
    first = text[:1]
    # Fast path: most scalars are words, and only these first characters can
    # start a null, a boolean or a number.
    if first in "0123456789+-.":
        if _INT10.match(text):
            if len(text.lstrip("+-")) > MAX_INT_DIGITS:
                raise _TooBig(text)
            return int(text)
        if _INT8.match(text):
            return int(text[2:], 8)
        if _INT16.match(text):
            return int(text[2:], 16)
        if _FLOAT.match(text):
            return float(text)
        if _INF.match(text):
            return float("-inf") if text.startswith("-") else float("inf")
        if _NAN.match(text):
            return float("nan")
        return text
    if first in "~nN" or not first:
        return None if _NULL.match(text) else text
    if first in "tT" and text in _BOOL_TRUE:
        return True
    if first in "fF" and text in _BOOL_FALSE:
        return False
    return text


def _events(text: str) -> Iterator[Any]:
    """The parser's events; like `yaml.parse` but with one call per event."""
    loader = _Loader(text)
    try:
        get = loader.get_event
        while True:
            event = get()
            if event is None or isinstance(event, yaml.StreamEndEvent):
                return
            yield event
    finally:
        loader.dispose()


def _tagged(kind: type) -> Any:
    """`!!int 1200` is what plain `1200` is, by the same core-schema rules: never
    Python's looser `int()` (`1_200`, Arabic-Indic digits, spaces)."""
    def convert(text: str) -> Any:
        value = resolve_plain(text)
        if kind is float and type(value) is int:
            return float(value)
        if type(value) is not kind:
            raise ValueError(text)
        return value
    return convert


_TAGGED = {
    "tag:yaml.org,2002:str": str,
    "tag:yaml.org,2002:int": _tagged(int),
    "tag:yaml.org,2002:float": _tagged(float),
    "tag:yaml.org,2002:null": lambda s: None if _NULL.match(s) else {}[s],
    "tag:yaml.org,2002:bool": _tagged(bool),
}


def read_file(path: Path) -> YamlDoc:
    """Read and parse `path`; problems land in `YamlDoc.diagnostics`, never raise."""
    doc = YamlDoc(path)
    try:
        # Unbuffered, and asking for the file's own size: a buffered read of
        # MAX_BYTES allocates a mebibyte per file, the largest cost of reading.
        with open(path, "rb", buffering=0) as fh:
            size = os.fstat(fh.fileno()).st_size
            raw = fh.read(min(size, MAX_BYTES) + 1)
            if len(raw) > size:  # it grew while being read: read on, up to the cap
                raw += fh.read(MAX_BYTES + 1 - len(raw)) or b""
    except OSError as exc:
        doc.diagnostics.append(_diag(path, 1, 1, "unreadable", f"cannot read file: {exc.strerror}"))
        return doc
    if len(raw) > MAX_BYTES:
        doc.diagnostics.append(
            _diag(path, 1, 1, "file-too-large",
                  f"file is larger than {MAX_BYTES // 1024} KiB; a fact file is a few hundred bytes",
                  "split the fact or remove pasted material")
        )
        return doc
    parse_bytes(raw, doc)
    return doc


def parse_bytes(raw: bytes, doc: YamlDoc) -> YamlDoc:
    path = doc.path
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte order mark is harmless; editors add it
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _line_col_of_offset(raw, exc.start)
        doc.diagnostics.append(
            _diag(path, line, col, "not-utf8",
                  f"file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                  "save the file as UTF-8")
        )
        return doc
    doc.has_todo = "TODO" in text
    nul = text.find("\0")
    if nul >= 0:
        line, col = _line_col_of_offset(text, nul)
        doc.diagnostics.append(_diag(path, line, col, "nul-byte", "file contains a NUL character"))
        return doc
    hidden = FORBIDDEN_IN_FILE.search(text)
    if hidden:
        # YAML counts U+2028 as a line break where editors see none (a comment
        # could hide a key), and bidi controls show reviewers another text.
        line, col = _line_col_of_offset(text, hidden.start())
        doc.diagnostics.append(_diag(
            path, line, col, "hidden-character",
            f"file contains {char_name(hidden.group())}, which changes how the text around it "
            "is shown or read", "delete it; editors may not show it (search for the code point)"))
        return doc
    if not text.strip() or all(
        not ln.strip() or ln.lstrip().startswith("#") for ln in text.splitlines()
    ):
        doc.diagnostics.append(
            _diag(path, 1, 1, "empty-file", "file is empty; a fact file holds one mapping",
                  "run `exchange-record new KIND ID` for a template")
        )
        return doc
    if read_by_nodes(text, doc):
        if "\\" in text:  # only an escape in a quoted string can make a control character
            _check_strings(doc)
        return doc
    try:
        _Builder(doc).build(_events(text))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "invalid YAML"
        if "maximum nesting depth" in problem:  # libyaml's own limit, far above ours
            doc.diagnostics.append(_diag(path, line, col, "too-deep",
                                         f"nesting deeper than {MAX_DEPTH} levels; "
                                         "facts are at most a few levels deep"))
            doc.data = None
            return doc
        if exc.context:
            where = exc.context_mark
            started = (f" started at line {where.line + 1}, column {where.column + 1}"
                       if where is not None and where is not mark else "")
            problem = f"{problem} ({exc.context}{started})"
        doc.diagnostics.append(_diag(path, line, col, "yaml-syntax", f"YAML syntax error: {problem}"))
        doc.data = None
    except yaml.YAMLError as exc:  # reader errors: control characters and the like
        mark = getattr(exc, "position", None)
        line, col = _line_col_of_offset(text, mark) if isinstance(mark, int) else (1, 1)
        doc.diagnostics.append(_diag(path, line, col, "yaml-syntax", f"YAML error: {exc}"))
        doc.data = None
    except _Abort:
        doc.data = None
    else:
        if "\\" in text:
            _check_strings(doc)
    return doc


def _check_strings(doc: YamlDoc) -> None:
    """Control characters written as escapes (`"\\e"`, `"\\0"`) in any key or value."""
    def walk(value: Any, loc: Path_) -> None:
        if isinstance(value, str):
            found = FORBIDDEN.search(value)
            if found:
                line, col = doc.pos(loc)
                name = next((p for p in reversed(loc) if isinstance(p, str)), "value")
                doc.diagnostics.append(_diag(
                    doc.path, line, col, "control-character",
                    f"`{name}` contains {char_name(found.group())} (character {found.start() + 1})",
                    "remove it; text holds letters, digits, punctuation, spaces and line breaks"))
        elif isinstance(value, dict):
            for key, item in value.items():
                bad = FORBIDDEN.search(key) if isinstance(key, str) else None
                if bad:
                    line, col = doc.pos(loc + (key,), key=True)
                    doc.diagnostics.append(_diag(
                        doc.path, line, col, "control-character",
                        f"a key contains {char_name(bad.group())}", "field names are plain words"))
                walk(item, loc + (key,))
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, loc + (i,))
    walk(doc.data, ())


# The fast path. libyaml's composer (C) turns the events into nodes without a
# Python object per event; walking the nodes is about a third of the cost of
# building values from events. It takes only plain files: anything it cannot
# vouch for exactly (explicit tags, aliases, duplicate or non-text keys, a second
# document, deep nesting, any YAML error) goes to the event builder below, which
# owns every diagnostic. Both give the same values and positions.

#: the composer asks its resolver for a tag per node; these markers say what
#: kind of node it was (they cannot clash with a YAML tag, which starts with
#: `!` or `tag:`)
_PLAIN, _TEXT, _COLLECTION = "plain scalar", "quoted scalar", "collection"
#: the composer recurses in C: a file whose depth could exceed this is left to
#: the event builder, which stops at MAX_DEPTH as it reads
_COMPOSE_MAX_NESTING = 2000
#: where an anchor (`&name`) could start: after a separator or a flow indicator
_ANCHOR = re.compile(r"(?:\A|[\s\[{,:])&\S")


_NO_PATHS: dict[Any, Any] = {}


class _ComposeLoader(_Loader):
    # The composer calls these two hooks of YAML path resolvers around every node;
    # fact files use none. C callables that do nothing save two Python calls per node.
    descend_resolver = _NO_PATHS.get  # type: ignore[assignment]  # same call, a C no-op
    ascend_resolver = _NO_PATHS.clear

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        if kind is yaml.ScalarNode:
            return _PLAIN if implicit[0] else _TEXT
        return _COLLECTION


class _NotPlain(Exception):
    """The file needs the event builder."""


def read_by_events(text: str, doc: YamlDoc) -> None:
    """Read `text` into `doc` by the event builder alone (no diagnostics of YAML
    syntax: those are `parse_bytes`'s); the reference the fast path is tested against."""
    try:
        _Builder(doc).build(_events(text))
    except _Abort:
        doc.data = None


def read_by_nodes(text: str, doc: YamlDoc) -> bool:
    """Read `text` by the fast path into `doc`; False if the event builder must."""
    if not _HAVE_LIBYAML or "!" in text or ("&" in text and _ANCHOR.search(text)):
        # `! 123` reaches the resolver exactly like `123`, and an alias is the
        # very node of its anchor: only events tell them apart.
        return False
    # Every level of nesting needs a line break or one of these indicators, so
    # their count bounds the depth the composer will recurse to.
    nesting = (text.count("\n") + text.count("-") + text.count(":") + text.count("[")
               + text.count("{") + text.count("?"))
    if nesting > _COMPOSE_MAX_NESTING:
        return False
    loader = _ComposeLoader(text)
    try:
        if not loader.check_node():
            return False
        root = loader.get_node()
        if root is None or loader.check_node():
            return False  # a second document: the event builder says where
    except yaml.YAMLError:
        return False
    finally:
        loader.dispose()
    positions: dict[Path_, Pos] = {}
    try:
        data = _walk(root, (), root.start_mark, positions, 0)
    except _NotPlain:
        return False
    if not isinstance(data, dict):
        return False  # the event builder words the diagnostic
    doc.data = data
    doc.positions = positions
    return True


def _walk(node: Any, loc: Path_, km: Any, positions: dict[Path_, Pos], depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise _NotPlain
    vm = node.start_mark
    positions[loc] = (km.line + 1, km.column + 1, vm.line + 1, vm.column + 1)
    tag = node.tag
    if tag is _PLAIN:
        try:
            return resolve_plain(node.value)
        except _TooBig:
            raise _NotPlain from None
    if tag is _TEXT:
        return node.value
    if tag is not _COLLECTION:
        raise _NotPlain  # an explicit tag
    if type(node) is _MappingNode:
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            key_tag = key_node.tag
            if key_tag is not _TEXT and (key_tag is not _PLAIN or key[:1] in _NUMERIC_START):
                raise _NotPlain  # a list, mapping or tagged key, or one that may be a number
            if key in mapping:
                raise _NotPlain  # a duplicate key
            mapping[key] = _walk(value_node, loc + (key,), key_node.start_mark, positions,
                                 depth + 1)
        return mapping
    return [_walk(item, loc + (i,), item.start_mark, positions, depth + 1)
            for i, item in enumerate(node.value)]


_MappingNode = yaml.MappingNode
#: a plain key that starts so may be a number too long to read: the event builder checks it
_NUMERIC_START = "0123456789+-."


_Scalar = yaml.ScalarEvent


class _Abort(Exception):
    """Stop reading a file after a diagnostic that makes the rest meaningless."""


class _Builder:
    """Turns a YAML event stream into values, recording positions on the way."""

    def __init__(self, doc: YamlDoc) -> None:
        self.doc = doc
        self.positions = doc.positions
        self.anchors: dict[str, tuple[Any, Path_]] = {}
        self.aliases = 0

    def error(self, line: int, col: int, code: str, message: str, hint: str | None = None) -> None:
        self.doc.diagnostics.append(_diag(self.doc.path, line, col, code, message, hint))

    def build(self, events: Any) -> None:
        documents = 0
        it = iter(events)
        for event in it:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    m = event.start_mark
                    line, col = (m.line + 1, m.column + 1) if m is not None else (1, 1)
                    self.error(line, col, "multiple-documents",
                               "a second YAML document starts here; a fact file holds one fact",
                               "move the second fact into a file of its own")
                    raise _Abort
                self.doc.data = self._node(next(it), it, (), None, 0)
        if documents == 1 and not isinstance(self.doc.data, dict):
            found = _type_name(self.doc.data)
            self.error(1, 1, "not-a-mapping",
                       f"a fact file must be a mapping of field names to values, found {found}",
                       "start with `title:` or `name:` at the beginning of a line")
            raise _Abort

    def _node(self, event: Any, it: Any, loc: Path_, key_mark: Any, depth: int) -> Any:
        if depth > MAX_DEPTH:
            m = event.start_mark
            self.error(m.line + 1, m.column + 1, "too-deep",
                       f"nesting deeper than {MAX_DEPTH} levels; facts are at most a few levels deep")
            raise _Abort
        vm = event.start_mark
        km = key_mark or vm
        self.positions[loc] = (km.line + 1, km.column + 1, vm.line + 1, vm.column + 1)
        kind = type(event)
        if kind is _Scalar:
            if event.anchor is None and event.tag is None:  # the common case, inlined
                if event.style:
                    return event.value  # quoted or block: text as written
                try:
                    return resolve_plain(event.value)
                except _TooBig:
                    pass
            value = self._scalar(event)
            self._anchor(event, value, loc)
            return value
        if kind is yaml.AliasEvent:
            return self._alias(event, loc)
        if kind is yaml.SequenceStartEvent:
            self._check_tag(event, "tag:yaml.org,2002:seq")
            items: list[Any] = []
            for child in it:
                if isinstance(child, yaml.SequenceEndEvent):
                    break
                items.append(self._node(child, it, loc + (len(items),), None, depth + 1))
            self._anchor(event, items, loc)
            return items
        if isinstance(event, yaml.MappingStartEvent):
            self._check_tag(event, "tag:yaml.org,2002:map")
            mapping: dict[Any, Any] = {}
            seen: dict[Any, Any] = {}
            for key_event in it:
                if isinstance(key_event, yaml.MappingEndEvent):
                    break
                km = key_event.start_mark
                if not isinstance(key_event, yaml.ScalarEvent):
                    self.error(km.line + 1, km.column + 1, "bad-key",
                               "a key must be a plain name, not a list, mapping or alias")
                    raise _Abort
                key = self._scalar(key_event)
                if not isinstance(key, str):
                    key = key_event.value  # keep what was written; the model rejects it by name
                value_event = next(it)
                if key in seen:
                    first = seen[key]
                    self.error(km.line + 1, km.column + 1, "duplicate-key",
                               f"duplicate key `{key}` (first at line {first.line + 1}); "
                               "YAML would silently keep only the last one",
                               "remove one of the two, or merge their values")
                    # Read the value to keep going, but do not let it replace the first.
                    self._node(value_event, it, loc + ("\0dup", key), key_event.start_mark, depth + 1)
                    continue
                seen[key] = km
                mapping[key] = self._node(value_event, it, loc + (key,), km, depth + 1)
            self._anchor(event, mapping, loc)
            return mapping
        m = event.start_mark  # pragma: no cover - the parser only yields the above here
        self.error(m.line + 1, m.column + 1, "yaml-syntax", f"unexpected {type(event).__name__}")
        raise _Abort

    def _scalar(self, event: Any) -> Any:
        tag = event.tag
        m = event.start_mark
        if tag in (None, "!"):
            if not event.style and tag is None:  # plain: resolve by the core schema
                try:
                    return resolve_plain(event.value)
                except _TooBig:
                    self.error(m.line + 1, m.column + 1, "number-too-large",
                               f"number with more than {MAX_INT_DIGITS} digits")
                    raise _Abort from None
            return event.value  # quoted, block or `!`: text, as written
        convert = _TAGGED.get(tag)
        if convert is None:
            self.error(m.line + 1, m.column + 1, "unsupported-tag",
                       f"YAML tag `{tag}` is not supported in fact files", "remove the tag")
            raise _Abort
        try:
            return convert(event.value)
        except (ValueError, KeyError, _TooBig):
            self.error(m.line + 1, m.column + 1, "wrong-type",
                       f"`{event.value}` is not a valid value for tag `{tag}`")
            raise _Abort from None

    def _check_tag(self, event: Any, expected: str) -> None:
        if event.tag not in (None, "!", expected):
            m = event.start_mark
            self.error(m.line + 1, m.column + 1, "unsupported-tag",
                       f"YAML tag `{event.tag}` is not supported in fact files", "remove the tag")
            raise _Abort

    def _anchor(self, event: Any, value: Any, loc: Path_) -> None:
        if event.anchor is not None:
            self.anchors[event.anchor] = (value, loc)

    def _alias(self, event: Any, loc: Path_) -> Any:
        m = event.start_mark
        self.aliases += 1
        if self.aliases > MAX_ALIASES:
            self.error(m.line + 1, m.column + 1, "too-many-aliases",
                       f"more than {MAX_ALIASES} YAML aliases in one file",
                       "write the values out; aliases can blow up into huge documents")
            raise _Abort
        if event.anchor not in self.anchors:  # libyaml reports this itself; belt and braces
            self.error(m.line + 1, m.column + 1, "yaml-syntax", f"unknown alias `*{event.anchor}`")
            raise _Abort
        value, origin = self.anchors[event.anchor]
        here = self.doc.positions[loc]
        n = len(origin)
        inner = [p[n:] for p in self.doc.positions if len(p) > n and p[:n] == origin]
        for rel in inner:  # every part of an aliased value points at the alias
            self.doc.positions[loc + rel] = here
        return value


def _type_name(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "a number"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def _line_col_of_offset(buf: bytes | str, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of `offset`, counting line breaks
    as YAML does: CR LF, CR or LF (the other breaks are refused before parsing)."""
    before = buf[:offset] if isinstance(buf, str) else buf[:offset].decode("utf-8", "replace")
    lines = before.replace("\r\n", "\n").replace("\r", "\n")
    line = lines.count("\n") + 1
    return line, len(lines) - (lines.rfind("\n") + 1) + 1


def _diag(path: Path, line: int, col: int, code: str, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic(path, line, col, Severity.ERROR, code, message, hint)

"""Validate one file's data against its model, turning pydantic's errors into
diagnostics that point at the exact key or value in the YAML file."""

from __future__ import annotations

import difflib
import re
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostic, Severity
from .kinds import KINDS
from .models import Fact, field_names
from .yamlfile import YamlDoc

_NUMBERISH = re.compile(r"[\s+-]*[0-9][0-9\s,._'’ ]*")  # ASCII digits: int() would read others


def did_you_mean(word: str, candidates: typing.Iterable[str]) -> str | None:
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else None


class Suggester:
    """did-you-mean over one set of candidates, at a cost that stays linear.

    Each suggestion compares the word with every candidate, so a record with many
    dangling references would cost (references x ids). The same word is answered
    once, words longer than any id get none, and after `budget` distinct words
    the rest get none: the first hundred mistakes carry a hint, and validation
    of any record stays fast.
    """

    def __init__(self, candidates: typing.Iterable[str], budget: int = 100, longest: int = 80) -> None:
        self.candidates = list(candidates)
        self.budget = budget
        self.longest = longest
        self.answers: dict[str, str | None] = {}

    def __call__(self, word: str) -> str | None:
        if word in self.answers:
            return self.answers[word]
        if self.budget <= 0 or len(word) > self.longest:
            return None
        self.budget -= 1
        answer = self.answers[word] = did_you_mean(word, self.candidates)
        return answer


def validate_doc(doc: YamlDoc, kind: str) -> Fact | None:
    """The model for `doc`, or None; diagnostics are appended to `doc.diagnostics`."""
    model = KINDS[kind].model
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            doc.diagnostics.append(_diagnostic(doc, model, err))
        return None


def _walk(doc: YamlDoc, loc: tuple[Any, ...]) -> tuple[tuple[Any, ...], Any, bool]:
    """Follow `loc` through the data, skipping pydantic's union tags.

    Returns the data path reached, the value there, and whether the whole `loc`
    (less tags) was found.
    """
    node = doc.data
    path: tuple[Any, ...] = ()
    found = True
    for i, part in enumerate(loc):
        if isinstance(node, dict) and part in node:
            node = node[part]
            path += (part,)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            path += (part,)
        elif i == len(loc) - 1:
            found = False
    return path, node, found


def _model_at(model: type[BaseModel], path: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that describes the mapping at `path` (for field suggestions)."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        by_alias = {(f.alias or n): f for n, f in current.model_fields.items()}
        if part not in by_alias:
            return None
        current = _only_model(by_alias[part].annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _only_model(annotation: Any) -> Any:
    """The BaseModel inside list[...]/Optional/Union/Annotated, if exactly one."""
    stack = [annotation]
    found = []
    while stack:
        t = stack.pop()
        if isinstance(t, type) and issubclass(t, BaseModel):
            found.append(t)
            continue
        stack.extend(typing.get_args(t))
    return found[0] if len(found) == 1 else None


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean `{str(value).lower()}`"
    if isinstance(value, (int, float)):
        return f"the number `{value}`"
    if isinstance(value, str):
        short = value if len(value) <= 40 else value[:37] + "..."
        return f"the text `{short}`"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def _diagnostic(doc: YamlDoc, model: type[Fact], err: Any) -> Diagnostic:
    etype: str = err["type"]
    loc: tuple[Any, ...] = tuple(err["loc"])
    ctx = err.get("ctx") or {}
    value = err.get("input")
    if ctx.get("field"):  # our model-level checks name the field they are about
        loc = loc + (ctx["field"],)
    path, _node, found = _walk(doc, loc)
    name = next((p for p in reversed(path) if isinstance(p, str)), None)
    field = f"`{name}`" if name else "the value"
    hint: str | None = None
    at_key = False
    code = etype
    message = err["msg"]

    if etype == "missing":
        missing = loc[-1]
        code, message = "missing-field", f"missing required field `{missing}`"
        hint = f"add `{missing}:`"
        line, col = doc.pos(path)
        return Diagnostic(doc.path, line, col, Severity.ERROR, code, message, hint)
    if etype == "extra_forbidden":
        code, message, at_key = "unknown-field", f"unknown field `{loc[-1]}`", True
        owner = _model_at(model, path[:-1])
        allowed = field_names(owner) if owner else []
        hint = did_you_mean(str(loc[-1]), allowed) or (
            "allowed here: " + ", ".join(allowed) if allowed else None
        )
    elif etype == "literal_error":
        code = "invalid-value"
        expected = re.findall(r"'([^']*)'", ctx.get("expected", ""))
        message = f"{_describe(value)} is not a valid {field}; expected one of: {', '.join(expected)}"
        hint = did_you_mean(str(value), expected) if isinstance(value, str) else None
    elif etype in ("int_type", "int_parsing", "int_from_float"):
        if isinstance(value, str) and _NUMBERISH.fullmatch(value):
            digits = re.sub(r"[^0-9-]", "", value)
            code = "number-as-text"
            message = f"{field} is written as text (`{value}`); a count is a plain number"
            hint = f"write `{name}: {digits}` (no quotes, no thousands separators)"
        else:
            code, message = "wrong-type", f"{field} must be a whole number, found {_describe(value)}"
    elif etype in ("string_type",):
        code, message = "wrong-type", f"{field} must be text, found {_describe(value)}"
        if value is None:
            code, message = "empty-value", f"{field} is empty"
        elif isinstance(value, (int, float, bool)):
            hint = "put the value in quotes"
    elif etype in ("list_type",):
        code, message = "wrong-type", f"{field} must be a list, found {_describe(value)}"
        if isinstance(value, str):
            hint = f"write `{name}: [{value}]` or one `- item` per line"
    elif etype in ("model_type", "dict_type", "model_attributes_type"):
        code, message = "wrong-type", f"{field} must be a mapping of fields, found {_describe(value)}"
    elif etype in ("float_type", "float_parsing", "bool_type"):
        code, message = "wrong-type", f"{field} must be a number, found {_describe(value)}"
    elif etype == "finite_number":
        code, message = "wrong-type", f"{field} must be a finite number, found `{value}`"
    elif etype in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        if isinstance(value, int) and value < 0 and name in ("value", "low", "high"):
            code, message = "negative-count", f"{field} is {value}; a count cannot be negative"
        else:
            bound = ctx.get("ge", ctx.get("le", ctx.get("gt", ctx.get("lt"))))
            code, message = "out-of-range", f"{field} is {value}, out of range (limit {bound})"
    elif etype in ("string_too_short",):
        code, message = "empty-value", f"{field} is empty"
    elif etype in ("string_too_long",):
        code, message = "too-long", f"{field} is longer than {ctx.get('max_length')} characters"
    elif etype == "too_short":
        code, message = "empty-list", f"{field} needs at least {ctx.get('min_length', 1)} entry"
        hint = "cite at least one source" if name == "sources" else None
    elif etype == "union_tag_invalid":  # pragma: no cover - discriminators are callables
        code = "wrong-type"
    elif not re.fullmatch(r"[a-z]+(-[a-z]+)*", etype):
        code = "invalid-value"
    line, col = doc.pos(path, key=at_key)
    if not found and etype != "extra_forbidden":
        line, col = doc.pos(path)
    return Diagnostic(doc.path, line, col, Severity.ERROR, code, message, hint)

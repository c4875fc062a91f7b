"""Validate one file's data against its model, turning pydantic's errors into
diagnostics that point at the exact key or value in the YAML file."""

from __future__ import annotations

import difflib
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from .diagnostics import Diagnostic, Severity
from .kinds import KINDS
from .models import Fact, TranslatedText, field_names
from .yamlfile import YamlDoc

#: a fact model -> `an event`, for messages
KINDS_BY_MODEL: dict[type[Fact], str] = {k.model: k.a for k in KINDS.values()}

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


def _walk(doc: YamlDoc, loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """The part of `loc` found in the data, skipping pydantic's union tags."""
    node = doc.data
    path: tuple[Any, ...] = ()
    for part in loc:
        if ((isinstance(node, dict) and part in node)
                or (isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node))):
            node = node[part]
            path += (part,)
    return path


def _model_at(model: type[BaseModel], path: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that describes the mapping at `path` (for field suggestions)."""
    current: Any = model
    keyed = False  # the last field was a mapping of keys (languages) to models: skip the key
    for part in path:
        if isinstance(part, int):
            continue
        if keyed:
            keyed = False
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        by_alias = {(f.alias or n): f for n, f in current.model_fields.items()}
        if part not in by_alias:
            return None
        annotation = by_alias[part].annotation
        keyed = _is_dict(annotation)
        current = _only_model(annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _is_dict(annotation: Any) -> bool:
    """Whether a `dict[...]` is inside Optional/Union/Annotated."""
    stack = [annotation]
    while stack:
        t = stack.pop()
        if typing.get_origin(t) is dict:
            return True
        if not (isinstance(t, type) and issubclass(t, BaseModel)):
            stack.extend(typing.get_args(t))
    return False


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


@dataclass(frozen=True, slots=True)
class Problem:
    """One pydantic error, seen from the file: what messages and hints are made of."""

    error_type: str          #: pydantic's error type, or our code (a `PydanticCustomError`)
    msg: str                 #: pydantic's own message
    loc: tuple[Any, ...]     #: pydantic's location, plus the field a model-level check names
    path: tuple[Any, ...]    #: the part of `loc` found in the data
    value: Any               #: the value refused
    ctx: dict[str, Any]
    model: type[Fact]

    @property
    def name(self) -> str | None:
        """The field the value belongs to."""
        return next((p for p in reversed(self.path) if isinstance(p, str)), None)

    @property
    def field(self) -> str:
        return f"`{self.name}`" if self.name else "the value"


def _no_hint(p: Problem) -> str | None:
    return None


def _always(p: Problem) -> bool:
    return True


@dataclass(frozen=True, slots=True)
class Rule:
    """How one kind of pydantic error is reported: our code, the message, the hint."""

    code: str
    message: Callable[[Problem], str]
    hint: Callable[[Problem], str | None] = _no_hint
    #: where one pydantic type means different things by value, the first rule that holds applies
    when: Callable[[Problem], bool] = _always
    #: point at the key (`sidee:`) rather than its value
    at_key: bool = False


def _in_translation(p: Problem) -> bool:
    """Whether the mapping the problem is in is a translation (`translations: {uk: …}`)."""
    owner = _model_at(p.model, p.path[:-1] if p.path and p.path[-1] == p.loc[-1] else p.path)
    return owner is not None and issubclass(owner, TranslatedText)


def _untranslatable(p: Problem) -> bool:
    """A field of the fact itself, written in a translation that cannot give it."""
    return _in_translation(p) and str(p.loc[-1]) in field_names(p.model)


def _translatable_here(p: Problem) -> str:
    owner = _model_at(p.model, p.path[:-1])
    names = owner.translatable() if owner is not None and issubclass(owner, TranslatedText) else ()
    return ", ".join(f"`{n}`" for n in names)


_MISSING_IN_TRANSLATION = {
    "by": "add `by:` with the name of who made the translation",
    "reviewed": "add `reviewed: false` (true only once a fluent speaker has reviewed it)",
}


def _allowed_fields(p: Problem) -> str | None:
    owner = _model_at(p.model, p.path[:-1])
    allowed = field_names(owner) if owner else []
    return did_you_mean(str(p.loc[-1]), allowed) or (
        "allowed here: " + ", ".join(allowed) if allowed else None
    )


def _expected(p: Problem) -> list[str]:
    return re.findall(r"'([^']*)'", p.ctx.get("expected", ""))


def _numberish(p: Problem) -> bool:
    return isinstance(p.value, str) and bool(_NUMBERISH.fullmatch(p.value))


def _negative_count(p: Problem) -> bool:
    return isinstance(p.value, int) and p.value < 0 and p.name in ("value", "low", "high")


def _bound(p: Problem) -> Any:
    return p.ctx.get("ge", p.ctx.get("le", p.ctx.get("gt", p.ctx.get("lt"))))


_WHOLE_NUMBER = (
    Rule("number-as-text",
         lambda p: f"{p.field} is written as text (`{p.value}`); a count is a plain number",
         lambda p: f"write `{p.name}: {re.sub(r'[^0-9-]', '', p.value)}` "
                   "(no quotes, no thousands separators)",
         when=_numberish),
    Rule("wrong-type", lambda p: f"{p.field} must be a whole number, found {_describe(p.value)}"),
)
_NUMBER = (Rule("wrong-type", lambda p: f"{p.field} must be a number, found {_describe(p.value)}"),)
_MAPPING = (Rule("wrong-type",
                 lambda p: f"{p.field} must be a mapping of fields, found {_describe(p.value)}"),)
_BOUNDS = (
    Rule("negative-count", lambda p: f"{p.field} is {p.value}; a count cannot be negative",
         when=_negative_count),
    Rule("out-of-range", lambda p: f"{p.field} is {p.value}, out of range (limit {_bound(p)})"),
)

#: pydantic error type -> how it is reported (the codes are explained in codes.py)
PYDANTIC_RULES: dict[str, tuple[Rule, ...]] = {
    "missing": (
        Rule("missing-field",
             lambda p: f"missing required field `{p.loc[-1]}` of the `{p.loc[-2]}` translation",
             lambda p: _MISSING_IN_TRANSLATION.get(str(p.loc[-1])),
             when=lambda p: len(p.loc) > 2 and _in_translation(p), at_key=True),
        Rule("missing-field", lambda p: f"missing required field `{p.loc[-1]}`",
             lambda p: f"add `{p.loc[-1]}:`"),
    ),
    "extra_forbidden": (
        Rule("untranslatable-field",
             lambda p: f"`{p.loc[-1]}` is not translated: a translation of {KINDS_BY_MODEL[p.model]} "
                       f"gives {_translatable_here(p)}",
             lambda p: "remove it; the fact's value is shown in every language",
             when=_untranslatable, at_key=True),
        Rule("unknown-field", lambda p: f"unknown field `{p.loc[-1]}`", _allowed_fields, at_key=True),
    ),
    "literal_error": (Rule(
        "invalid-value",
        lambda p: f"{_describe(p.value)} is not a valid {p.field}; "
                  f"expected one of: {', '.join(_expected(p))}",
        lambda p: did_you_mean(p.value, _expected(p)) if isinstance(p.value, str) else None),),
    "int_type": _WHOLE_NUMBER,
    "int_parsing": _WHOLE_NUMBER,
    "int_from_float": _WHOLE_NUMBER,
    "string_type": (
        Rule("empty-value", lambda p: f"{p.field} is empty", when=lambda p: p.value is None),
        Rule("wrong-type", lambda p: f"{p.field} must be text, found {_describe(p.value)}",
             lambda p: "put the value in quotes" if isinstance(p.value, (int, float, bool)) else None),
    ),
    "list_type": (Rule(
        "wrong-type", lambda p: f"{p.field} must be a list, found {_describe(p.value)}",
        lambda p: (f"write `{p.name}: [{p.value}]` or one `- item` per line"
                   if isinstance(p.value, str) else None)),),
    "model_type": _MAPPING,
    "dict_type": _MAPPING,
    "model_attributes_type": _MAPPING,
    "float_type": _NUMBER,
    "float_parsing": _NUMBER,
    "bool_type": (Rule(
        "wrong-type", lambda p: f"{p.field} must be `true` or `false`, found {_describe(p.value)}",
        lambda p: ("write `reviewed: false` until a fluent speaker has reviewed the translation"
                   if p.name == "reviewed" else None)),),
    "finite_number": (Rule("wrong-type",
                           lambda p: f"{p.field} must be a finite number, found `{p.value}`"),),
    "greater_than_equal": _BOUNDS,
    "less_than_equal": _BOUNDS,
    "greater_than": _BOUNDS,
    "less_than": _BOUNDS,
    "string_too_short": (Rule("empty-value", lambda p: f"{p.field} is empty"),),
    "string_too_long": (Rule(
        "too-long", lambda p: f"{p.field} is longer than {p.ctx.get('max_length')} characters"),),
    "too_short": (Rule(
        "empty-list", lambda p: f"{p.field} needs at least {p.ctx.get('min_length', 1)} entry",
        lambda p: "cite at least one source" if p.name == "sources" else None),),
    # not reached: the models' discriminators are callables, which pick a tag for any value
    "union_tag_invalid": (Rule("wrong-type", lambda p: p.msg),),
}
#: the type of a `PydanticCustomError` raised in models.py is our code, reported as raised
_OUR_CODE = re.compile(r"[a-z]+(-[a-z]+)*")
#: any other pydantic error: its own message
_OTHER = Rule("invalid-value", lambda p: p.msg)


def _rule(p: Problem) -> Rule:
    for rule in PYDANTIC_RULES.get(p.error_type, ()):
        if rule.when(p):
            return rule
    if _OUR_CODE.fullmatch(p.error_type):
        # our own checks may give a hint, and say that they are about a key (`key`)
        return Rule(p.error_type, lambda p: p.msg, lambda p: p.ctx.get("hint"),
                    at_key=bool(p.ctx.get("key")))
    return _OTHER


def _diagnostic(doc: YamlDoc, model: type[Fact], err: Any) -> Diagnostic:
    loc: tuple[Any, ...] = tuple(err["loc"])
    ctx = err.get("ctx") or {}
    field = ctx.get("field")
    if field:  # our model-level checks name the field they are about (or its path, a tuple)
        loc = loc + (tuple(field) if isinstance(field, (tuple, list)) else (field,))
    p = Problem(err["type"], err["msg"], loc, _walk(doc, loc), err.get("input"), ctx, model)
    rule = _rule(p)
    line, col = doc.pos(p.path, key=rule.at_key)
    return Diagnostic(doc.path, line, col, Severity.ERROR, rule.code, rule.message(p), rule.hint(p))

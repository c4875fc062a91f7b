"""The catalogue of diagnostic codes (record/codes.py) is whole, true and published.

Whole: every code the source can emit is catalogued, read from the source with
`ast`, and every catalogued code is emitted somewhere. True: the test corpora
give only catalogued codes, at the catalogued severity; each example that is a
fact file gives its code. Published: docs/errors.md is what the catalogue renders.
"""

from __future__ import annotations

import ast
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import markdown
import pytest

from conftest import REPO, write_facts
from exchange_record import cli
from exchange_record.record.build import build_record
from exchange_record.record.codes import CATALOGUE, CODES, REGENERATE, explain, render_markdown

SRC = REPO / "src" / "exchange_record"

#: calls that emit a diagnostic code -> the position of the code among their arguments
#: (or the keyword `code`); a method counts only when called on `self`
EMITTERS = {
    "Diagnostic": 4,            # diagnostics.py: the one class every problem is
    "_diag": 3,                 # yamlfile.py: an error of reading a file
    "error": 2,                 # yamlfile.py: _Builder.error
    "stray": 3,                 # load.py: a file or folder that is not read
    "PydanticCustomError": 0,   # models.py: the type of the error is our code
    "Rule": 0,                  # validate.py: how a pydantic error type is reported
}
#: emitter calls whose code is computed -> where the codes they pass come from
INDIRECT = {
    ("record/load.py", "finish", "code"): "id_problem",
    ("record/models.py", "_id", "problem[0]"): "id_problem",
    ("record/validate.py", "_diagnostic", "rule.code"): "the Rule calls of validate.py",
    ("record/validate.py", "_rule", "p.error_type"): "the PydanticCustomError calls of models.py",
    ("record/checks.py", "check_translations", "code"): "_LIST_COUNTS",
}


# --- the source, read with ast -------------------------------------------------------------

@dataclass
class Scan:
    #: code -> where a call emits it, `file:line`
    codes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    #: code -> the severities `Diagnostic(...)` calls give it, where written out
    severities: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    #: (file, function, expression) of each emitter call whose code is computed
    indirect: set[tuple[str, str, str]] = field(default_factory=set)
    #: functions that pass their own `code` parameter to an emitter
    wrappers: set[str] = field(default_factory=set)


def _callee(call: ast.Call) -> str | None:
    f = call.func
    if isinstance(f, ast.Name) and f.id in EMITTERS:
        return f.id
    if (isinstance(f, ast.Attribute) and f.attr in EMITTERS
            and isinstance(f.value, ast.Name) and f.value.id == "self"):
        return f.attr
    return None


def _code_defaults(trees: dict[str, ast.Module]) -> dict[str, ast.expr]:
    """The default of the `code` parameter of each emitter defined in the source."""
    out: dict[str, ast.expr] = {}
    for tree in trees.values():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name in EMITTERS:
                params = node.args.posonlyargs + node.args.args
                for param, default in zip(params[len(params) - len(node.args.defaults):],
                                          node.args.defaults, strict=True):
                    if param.arg == "code":
                        out[node.name] = default
    return out


class _Visitor(ast.NodeVisitor):
    def __init__(self, rel: str, scan: Scan, defaults: dict[str, ast.expr]) -> None:
        self.rel, self.scan, self.defaults = rel, scan, defaults
        self.functions: list[ast.FunctionDef] = []

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        self.functions.append(node)
        self.generic_visit(node)
        self.functions.pop()

    def visit_Call(self, node: ast.Call) -> None:
        name = _callee(node)
        if name is not None:
            self._emitted(node, name)
        self.generic_visit(node)

    def _emitted(self, call: ast.Call, name: str) -> None:
        index = EMITTERS[name]
        keyword = next((k.value for k in call.keywords if k.arg == "code"), None)
        expr = call.args[index] if len(call.args) > index else keyword or self.defaults.get(name)
        assert expr is not None, f"{self.rel}:{call.lineno}: {name}(...) without a code"
        where = f"{self.rel}:{call.lineno}"
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            self.scan.codes[expr.value].append(where)
            if name == "Diagnostic" and len(call.args) > 3:
                severity = call.args[3]
                if isinstance(severity, ast.Attribute):
                    self.scan.severities[expr.value].add(severity.attr.lower())
            return
        function = self.functions[-1] if self.functions else None
        params = {a.arg for a in function.args.args} if function else set()
        if isinstance(expr, ast.Name) and expr.id in params:
            assert function is not None
            self.scan.wrappers.add(function.name)
        else:
            self.scan.indirect.add((self.rel, function.name if function else "<module>",
                                    ast.unparse(expr)))


def _id_problem_codes(tree: ast.Module) -> set[str]:
    """The codes `models.id_problem` returns, as the first item of its tuples."""
    function = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "id_problem")
    return {r.value.elts[0].value for r in ast.walk(function)
            if isinstance(r, ast.Return) and isinstance(r.value, ast.Tuple)
            and isinstance(r.value.elts[0], ast.Constant)}


def _list_count_codes(tree: ast.Module) -> set[str]:
    """The codes of `checks._LIST_COUNTS`, the first item of each of its values."""
    assign = next(n for n in ast.walk(tree) if isinstance(n, ast.Assign)
                  and any(isinstance(t, ast.Name) and t.id == "_LIST_COUNTS" for t in n.targets))
    assert isinstance(assign.value, ast.Dict)
    return {v.elts[0].value for v in assign.value.values
            if isinstance(v, ast.Tuple) and isinstance(v.elts[0], ast.Constant)}


@pytest.fixture(scope="module")
def scan() -> Scan:
    trees = {p.relative_to(SRC).as_posix(): ast.parse(p.read_text(encoding="utf-8"), str(p))
             for p in sorted(SRC.rglob("*.py"))}
    defaults = _code_defaults(trees)
    out = Scan()
    for rel, tree in trees.items():
        _Visitor(rel, out, defaults).visit(tree)
    for code in _id_problem_codes(trees["record/models.py"]):
        out.codes[code].append("record/models.py:id_problem")
    for code in _list_count_codes(trees["record/checks.py"]):
        out.codes[code].append("record/checks.py:_LIST_COUNTS")
    return out


def test_every_function_that_passes_a_code_on_is_read_as_an_emitter(scan):
    assert scan.wrappers <= set(EMITTERS), (
        f"{sorted(scan.wrappers - set(EMITTERS))} pass their `code` to a Diagnostic: add them to EMITTERS")


def test_every_computed_code_is_traced_to_where_its_codes_come_from(scan):
    assert scan.indirect == set(INDIRECT), (
        f"new: {sorted(scan.indirect - set(INDIRECT))}; gone: {sorted(set(INDIRECT) - scan.indirect)}; "
        "say in INDIRECT where the codes of each computed code come from")


def test_every_code_in_the_source_is_catalogued(scan):
    missing = {code: where for code, where in scan.codes.items() if code not in CATALOGUE}
    assert not missing, f"emitted but not in record/codes.py: {missing}"


def test_every_catalogued_code_is_emitted_by_the_source(scan):
    dead = sorted(set(CATALOGUE) - set(scan.codes))
    assert not dead, f"catalogued but emitted nowhere: {dead}"


def test_diagnostics_written_out_have_the_catalogued_severity(scan):
    wrong = {code: severities for code, severities in scan.severities.items()
             if severities != {CATALOGUE[code].severity.value}}
    assert not wrong, wrong


# --- the codes the validator gives -------------------------------------------------------

def _corpora() -> list[tuple[str, dict[str, str | bytes]]]:
    """Every importable fixture of the diagnostics and hostile-input tests, as files to write."""
    import test_diagnostics
    import test_hostile
    import test_hostile_input as hi

    cases: list[tuple[str, dict[str, str | bytes]]] = []
    cases += [(f"hostile:{c[0]}", {c[1]: c[2]}) for c in test_hostile.CORPUS]
    cases += [(f"diagnostics:{c[0]}", c[1]) for c in test_diagnostics.CASES]
    cases += [(f"hostile-input:{c[0]}", {c[1]: c[2]}) for c in [*hi.TEXT_CASES, *hi.ID_CASES]]
    cases += [(f"hostile-input:{c[0]}",
               {("places" if c[1].startswith("name: P") else "figures") + "/x.yaml": c[1]})
              for c in hi.NUMBER_CASES]
    return cases


def _filesystem(root: Path) -> list[tuple[str, Path]]:
    """Records whose problem is a link or a folder, which no fixture above writes."""
    broken = write_facts(root / "broken-link" / "facts", {})
    (broken / "actors" / "gone.yaml").symlink_to(root / "nowhere.yaml")
    outside = write_facts(root / "outside-link" / "facts", {})
    (root / "elsewhere.yaml").write_text("name: A\nkind: state\nside: russia\n", encoding="utf-8")
    (outside / "actors" / "leak.yaml").symlink_to(root / "elsewhere.yaml")
    return [("broken-link", broken), ("outside-link", outside), ("no-folder", root / "missing" / "facts")]


@pytest.fixture(scope="module")
def given(tmp_path_factory) -> dict[str, set[tuple[str, str]]]:
    """code -> {(severity, case)} over every corpus and filesystem case."""
    base = tmp_path_factory.mktemp("corpora")
    roots = [(name, write_facts(base / str(i) / "facts", files))
             for i, (name, files) in enumerate(_corpora())]
    if hasattr(os, "symlink"):
        roots += _filesystem(base / "filesystem")
    out: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for name, root in roots:
        _record, diagnostics = build_record(root)
        for d in diagnostics:
            out[d.code].add((d.severity.value, name))
    return out


def test_every_code_the_corpora_give_is_catalogued(given):
    unknown = {code: sorted(cases)[:3] for code, cases in given.items() if code not in CATALOGUE}
    assert not unknown, f"given but not in record/codes.py: {unknown}"


def test_each_code_is_given_at_its_catalogued_severity(given):
    wrong = {code: sorted(cases)[:3] for code, cases in given.items() if code in CATALOGUE
             and {s for s, _ in cases} != {CATALOGUE[code].severity.value}}
    assert not wrong, wrong


#: examples that are not fact files: bytes, links and folders a text example cannot hold
NOT_FILES = {"unreadable", "file-too-large", "not-utf8", "nul-byte", "hidden-character",
             "outside-facts", "no-facts"}


def test_every_catalogued_code_is_given_by_an_example_or_a_corpus(given):
    from_examples = {c.code for c in CODES if c.runnable}
    assert {c.code for c in CODES if not c.runnable} == NOT_FILES
    assert set(CATALOGUE) - from_examples - set(given) == set()


@pytest.mark.parametrize("entry", [c for c in CODES if c.runnable], ids=lambda c: c.code)
def test_each_example_gives_its_code(tmp_path, entry):
    root = write_facts(tmp_path / "facts", entry.files())
    _record, diagnostics = build_record(root)
    hits = [d for d in diagnostics if d.code == entry.code]
    assert hits, "\n".join(d.format_text(root) for d in diagnostics)
    assert {d.severity for d in hits} == {entry.severity}


# --- the catalogue and its page ----------------------------------------------------------

def test_entries_are_complete_and_codes_unique():
    assert len(CATALOGUE) == len(CODES)
    for c in CODES:
        assert c.code == c.code.lower() and " " not in c.code, c.code
        assert c.meaning and "\n" not in c.meaning, c.code
        assert c.fix and "\n" not in c.fix, c.code
        assert c.example.endswith("\n") and c.example.strip(), c.code


def test_docs_errors_md_is_what_the_catalogue_renders():
    page = (REPO / "docs" / "errors.md").read_text(encoding="utf-8")
    assert page == render_markdown(), f"docs/errors.md is out of date: run `{REGENERATE}`"


def test_every_code_has_its_anchor_and_every_index_link_lands():
    html = markdown.markdown(render_markdown(), extensions=["attr_list", "toc", "tables", "fenced_code"])
    for c in CODES:
        assert f'id="{c.code}"' in html, c.code
        assert f'href="#{c.code}"' in html, c.code


# --- exchange-record explain ------------------------------------------------------------

def test_explain_prints_the_entry(capsys):
    assert cli.main(["explain", "number-as-text"]) == 0
    out = capsys.readouterr().out
    assert out == explain("number-as-text")
    assert out.startswith("number-as-text (error)\n") and "value: 1,212" in out


def test_explain_without_a_code_lists_every_code(capsys):
    assert cli.main(["explain"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == [c.code for c in CODES]


def test_explain_an_unknown_code_is_a_usage_error_with_a_suggestion(capsys):
    assert cli.main(["explain", "number-as-txt"]) == 2
    assert "did you mean `number-as-text`?" in capsys.readouterr().err


def test_the_scan_finds_codes_however_they_are_passed():
    source = (
        "def stray(path, message, hint=None, code='stray-file'):\n"
        "    problems.append(Diagnostic(path, 1, 1, Severity.ERROR, code, message, hint))\n"
        "def f(doc, problem):\n"
        "    Diagnostic(doc, 1, 1, Severity.WARNING, 'written-out', 'm')\n"
        "    Diagnostic(doc, 1, 1, Severity.ERROR, code='by-keyword', message='m')\n"
        "    stray(doc, 'm')\n"
        "    stray(doc, 'm', code='passed-on')\n"
        "    log.error('not a diagnostic')\n"
        "    Diagnostic(doc, 1, 1, Severity.ERROR, problem[0], 'm')\n"
    )
    tree = ast.parse(source)
    scan = Scan()
    _Visitor("x.py", scan, _code_defaults({"x.py": tree})).visit(tree)
    assert set(scan.codes) == {"written-out", "by-keyword", "stray-file", "passed-on"}
    assert scan.severities["written-out"] == {"warning"}
    assert scan.wrappers == {"stray"}
    assert scan.indirect == {("x.py", "f", "problem[0]")}

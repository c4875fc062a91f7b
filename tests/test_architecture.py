"""The shape of the code: data flows one way, record/ -> site/ -> adapters."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "exchange_record"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Every module `path` imports (absolute names), at any depth in the file."""
    here = module_name(path)
    package = here if path.name == "__init__.py" else here.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            out.add(target)
            out.update(f"{target}.{alias.name}" for alias in node.names)
    return out


MODULES = {module_name(p): imports(p) for p in PACKAGE.rglob("*.py")}


def internal(name: str) -> set[str]:
    return {m for m in MODULES[name] if m in MODULES and m != name and not name.startswith(m + ".")}


def test_the_record_half_never_imports_the_site_or_mkdocs():
    for name, deps in MODULES.items():
        if name.startswith("exchange_record.record"):
            assert not any(d.startswith(("exchange_record.site", "mkdocs", "exchange_record.plugin",
                                         "exchange_record.cli")) for d in deps), (name, deps)


def test_only_the_plugin_imports_mkdocs():
    users = {name for name, deps in MODULES.items() if any(d.split(".")[0] == "mkdocs" for d in deps)}
    assert users == {"exchange_record.plugin"}


def test_no_module_imports_an_adapter():
    for name, deps in MODULES.items():
        if name not in ("exchange_record.cli", "exchange_record.plugin"):
            assert not deps & {"exchange_record.cli", "exchange_record.plugin"}, name


def test_there_is_no_import_cycle():
    graph = {name: internal(name) for name in MODULES}
    state: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            assert state.get(nxt) != 1, " -> ".join(path + [node, nxt])
            if not state.get(nxt):
                visit(nxt, path + [node])
        state[node] = 2

    for name in sorted(graph):
        if not state.get(name):
            visit(name, [])

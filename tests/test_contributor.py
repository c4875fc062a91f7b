"""A contributor's path: new -> validate -> a mistake -> diagnostics in every format.

In-process (`cli`) on a small fixture record with one disagreement note; the
real process is tested in `test_cli.py`.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import DISAGREEMENT, REPO, write_facts


@pytest.fixture
def project(tmp_path: Path) -> Path:
    write_facts(tmp_path / "facts", DISAGREEMENT)
    return tmp_path


def test_new_then_validate_then_a_wrong_edit(project, cli):
    made = cli("new", "figure", "medinsky-1200-bodies")
    assert made.returncode == 0, made.stderr
    path = project / "facts" / "figures" / "medinsky-1200-bodies.yaml"
    text = path.read_text()
    for field in ("title:", "measure:", "value:", "unit:", "scope:", "as_of:", "claimed_by:", "sources:"):
        assert f"\n{field}" in text
    assert text.startswith("# yaml-language-server: $schema=../../docs/schemas/figures.schema.json")

    valid = cli("validate")
    assert valid.returncode == 0, valid.stdout
    assert "facts/figures/medinsky-1200-bodies.yaml:3:8: warning[placeholder]" in valid.stdout
    assert cli("validate", "--strict").returncode == 1  # TODOs left: CI refuses

    lines = text.splitlines()
    value_line = next(i for i, line in enumerate(lines) if line.startswith("value:")) + 1
    path.write_text(text.replace("value: 0 ", 'value: "1,200" '))

    plain = cli("validate")
    assert plain.returncode == 1
    expected = f"facts/figures/medinsky-1200-bodies.yaml:{value_line}:8: error[number-as-text]"
    assert expected in plain.stdout

    github = cli("validate", "--format", "github")
    assert github.returncode == 1
    assert (f"::error file=facts/figures/medinsky-1200-bodies.yaml,line={value_line},col=8,"
            "title=error[number-as-text]::`value` is written as text") in github.stdout

    as_json = cli("validate", "--format", "json")
    assert as_json.returncode == 1
    found = [d for d in json.loads(as_json.stdout) if d["severity"] == "error"]
    assert found == [{
        "path": "facts/figures/medinsky-1200-bodies.yaml", "line": value_line, "col": 8,
        "severity": "error", "code": "number-as-text",
        "message": "`value` is written as text (`1,200`); a count is a plain number",
        "hint": "write `value: 1200` (no quotes, no thousands separators)",
    }]


def test_formats_carry_the_same_diagnostics(project, cli):
    (project / "facts" / "actors" / "x.yaml").write_text("name: X\nkind: nation\nside: russia\nflag: x\n")
    text = cli("validate").stdout.splitlines()[:-1]
    github = cli("validate", "--format", "github").stdout.splitlines()[:-1]
    data = json.loads(cli("validate", "--format", "json").stdout)
    assert len(text) == len(github) == len(data) == 3  # invalid-value, unknown-field, the note
    assert {item["severity"] for item in data} == {"error", "note"}
    for line, annotation, item in zip(text, github, data, strict=False):
        assert line.startswith(f"{item['path']}:{item['line']}:{item['col']}: {item['severity']}[{item['code']}]")
        level = {"error": "error", "warning": "warning", "note": "notice"}[item["severity"]]
        assert annotation.startswith(f"::{level} file={item['path']},line={item['line']},col={item['col']},")


@pytest.mark.parametrize("kind", ["actor", "place", "source", "event", "figure"])
def test_every_new_file_validates(project, kind, cli):
    assert cli("new", kind, f"new-{kind}").returncode == 0
    result = cli("validate")
    assert result.returncode == 0, result.stdout
    assert "error[" not in result.stdout


def test_new_refuses_to_overwrite(project, cli):
    before = (project / "facts" / "actors" / "claimant-ru.yaml").read_bytes()
    result = cli("new", "actor", "claimant-ru")
    assert result.returncode == 1
    assert "already exists" in result.stderr and "never overwrites" in result.stderr
    assert (project / "facts" / "actors" / "claimant-ru.yaml").read_bytes() == before
    # ids are unique across kinds: a place may not take an actor's id either
    assert cli("new", "place", "claimant-ru").returncode == 1
    assert not (project / "facts" / "places" / "claimant-ru.yaml").exists()


@pytest.mark.parametrize("bad", ["Medinsky", "a--b", "../escape", "index", "x" * 81, "a_b"])
def test_new_refuses_a_bad_id(project, bad, cli):
    result = cli("new", "actor", bad)
    assert result.returncode == 1
    assert "exchange-record new:" in result.stderr
    assert not list(project.glob("**/*escape*"))


def test_new_refuses_an_unknown_kind(project, cli):
    result = cli("new", "person", "someone")
    assert result.returncode == 1
    assert "unknown kind `person`" in result.stderr


def test_committed_schemas_are_up_to_date():
    """docs/schemas/ must be what the models generate: `exchange-record schema --out docs/schemas`."""
    from exchange_record.record.schema import dump, schemas

    committed = {p.name: p.read_text(encoding="utf-8") for p in (REPO / "docs" / "schemas").glob("*.json")}
    generated = {name: dump(schema) for name, schema in schemas().items()}
    assert committed == generated, "stale schemas: run `exchange-record schema --out docs/schemas`"


def test_editor_settings_map_every_kind_to_its_schema():
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text())
    for kind in ("actors", "places", "sources", "events", "figures"):
        assert settings["yaml.schemas"][f"./docs/schemas/{kind}.schema.json"] == f"facts/{kind}/*.yaml"
        assert (REPO / "docs" / "schemas" / f"{kind}.schema.json").exists()

"""The CLI as contributors run it: a subprocess, its output and exit code."""

from __future__ import annotations

import json
import re

from conftest import REPO, run_cli, write_facts

LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning|note)\[(?P<code>[a-z0-9-]+)\]: .+")


def test_validate_curated_record_exits_0_and_lists_notes():
    result = run_cli("validate", "facts")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == "0 errors in 0 files (1 note)"
    assert all(LINE.match(line) for line in lines[:-1])
    assert not [line for line in lines if "warning[" in line]
    assert result.stderr == ""


def test_validate_default_folder_is_facts():
    assert run_cli("validate").stdout == run_cli("validate", "facts").stdout


def test_invalid_record_exits_1_with_relative_paths_and_summary(tmp_path):
    write_facts(tmp_path / "facts", {
        "actors/x.yaml": "name: A\nkind: stat\nside: russia\n",
        "figures/count-ru.yaml": None,
        "figures/bad.yaml": "title: T\nvalue: -1\n",
    })
    result = run_cli("validate", "facts", cwd=tmp_path)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "facts/actors/x.yaml:2:7: error[invalid-value]: the text `stat` is not a valid `kind`; " \
        "expected one of: state, government-body, official, delegation, organization, media, " \
        "unnamed-source (hint: did you mean `state`?)" in lines
    assert "facts/figures/bad.yaml:2:8: error[negative-count]: `value` is -1; a count cannot be negative" in lines
    assert lines[-1].startswith(f"{len(lines) - 1} errors in 2 files")
    assert "Traceback" not in result.stdout + result.stderr


def test_paths_are_relative_to_the_working_directory(tmp_path):
    write_facts(tmp_path / "data" / "facts", {"actors/x.yaml": "name: A\n"})
    result = run_cli("validate", "data/facts", cwd=tmp_path)
    assert result.stdout.startswith("data/facts/actors/x.yaml:1:1: error[missing-field]")


def test_strict_turns_warnings_into_errors(tmp_path):
    write_facts(tmp_path / "facts", {"events/handover.yaml": (
        "title: H\ndate: 2025-07-01\nkind: transfer\nsummary: S\nsources: [report-one]\n")})
    plain = run_cli("validate", cwd=tmp_path)
    assert plain.returncode == 0
    assert "facts/events/handover.yaml:2:7: warning[event-after-sources]" in plain.stdout
    assert plain.stdout.splitlines()[-1] == "0 errors in 0 files (1 warning)"
    strict = run_cli("validate", "--strict", cwd=tmp_path)
    assert strict.returncode == 1
    assert "facts/events/handover.yaml:2:7: error[event-after-sources]" in strict.stdout
    assert strict.stdout.splitlines()[-1] == "1 error in 1 file"


def test_usage_errors_exit_2(tmp_path):
    assert run_cli("validate", "no-such-folder", cwd=tmp_path).returncode == 2
    assert run_cli("validate", "--format", "xml").returncode == 2
    assert run_cli("frobnicate").returncode == 2
    assert run_cli().returncode == 2


def test_schema_command_writes_one_schema_per_kind(tmp_path):
    result = run_cli("schema", "--out", str(tmp_path / "schemas"))
    assert result.returncode == 0
    names = sorted(p.name for p in (tmp_path / "schemas").iterdir())
    assert names == [f"{k}.schema.json" for k in sorted(["actors", "events", "figures", "places", "sources"])]
    figure = json.loads((tmp_path / "schemas" / "figures.schema.json").read_text())
    assert figure["additionalProperties"] is False
    assert {"title", "measure", "unit", "scope", "as_of", "claimed_by", "sources"} <= set(figure["required"])
    assert "from" in figure["properties"]


def test_generated_schemas_accept_every_curated_fact(tmp_path):
    """The schemas describe what the models accept: every seed fact passes them."""
    import jsonschema

    from exchange_record.record.schema import schemas
    from exchange_record.record.yamlfile import read_file

    all_schemas = schemas()
    checked = 0
    for path in sorted((REPO / "facts").glob("*/*.yaml")):
        schema = all_schemas[f"{path.parent.name}.schema.json"]
        jsonschema.validate(read_file(path).data, schema)
        checked += 1
    assert checked > 40

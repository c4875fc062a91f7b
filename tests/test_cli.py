"""The CLI: output and exit codes in-process on small fixture records; the real
console script and `python -m` as subprocesses.

The curated record in `facts/` is checked by `tests/record/`, not here.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import DISAGREEMENT, run_cli, write_facts

LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning|note)\[(?P<code>[a-z0-9-]+)\]: .+")

# Every kind with its optional fields in use, for the schema test.
RICH: dict[str, str] = {
    **DISAGREEMENT,
    "actors/delegation-ru.yaml": (
        "name: Delegation RU\nkind: delegation\nside: russia\ndescription: A delegation.\n"
        "member_of: [claimant-ru]\n"),
    "places/site-x.yaml": "name: Site X\nkind: site\nwithin: city-x\nlat: 50.5\nlon: 30.5\n",
    "sources/report-two.yaml": (
        "title: Report two\nkind: news-article\npublished: 2025-06\nlanguage: ru\n"
        "url: https://example.org/two\narchive_url: https://web.archive.org/two\n"
        "cites: [report-one]\nnotes: Cites report one.\n"),
    "events/talks.yaml": (
        "title: Talks\ndate:\n  start: 2025-06-01\n  end: 2025-06-02\nkind: talks\nsummary: Talks.\n"
        "sources:\n  - source: report-one\n    quote: they talked\nplaces: [city-x]\n"
        "actors: [claimant-ru, claimant-ua]\nrelated: [handover]\n"),
    "figures/range-ua.yaml": (
        "title: Range per UA\nmeasure: remains-to-russia\nlow: 20\nhigh: 30\nqualifier: approx\n"
        "unit: bodies\nscope: cumulative\nas_of: 2025-06\nfrom: ukraine\nto: russia\n"
        "claimed_by: claimant-ua\nsources:\n  - source: report-two\n    quote: twenty to thirty\n"
        "notes: A range.\n"),
}


def test_validate_lists_notes_and_exits_0(tmp_path, cli):
    write_facts(tmp_path / "facts", DISAGREEMENT)
    result = cli("validate", "facts")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == "0 errors in 0 files (1 note)"
    assert len(lines) == 2 and LINE.match(lines[0])
    assert lines[0].startswith("facts/figures/count-ua.yaml:3:8: note[disagreement]: ")
    assert result.stderr == ""
    assert cli("validate", "--strict", "facts").returncode == 0  # a note is not a warning


def test_validate_default_folder_is_facts(tmp_path, cli):
    write_facts(tmp_path / "facts", DISAGREEMENT)
    assert cli("validate").stdout == cli("validate", "facts").stdout != ""


def test_invalid_record_exits_1_with_relative_paths_and_summary(tmp_path, cli):
    write_facts(tmp_path / "facts", {
        "actors/x.yaml": "name: A\nkind: stat\nside: russia\n",
        "figures/count-ru.yaml": None,
        "figures/bad.yaml": "title: T\nvalue: -1\n",
    })
    result = cli("validate", "facts")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert "facts/actors/x.yaml:2:7: error[invalid-value]: the text `stat` is not a valid `kind`; " \
        "expected one of: state, government-body, official, delegation, organization, media, " \
        "unnamed-source (hint: did you mean `state`?)" in lines
    assert "facts/figures/bad.yaml:2:8: error[negative-count]: `value` is -1; a count cannot be negative" in lines
    assert lines[-1].startswith(f"{len(lines) - 1} errors in 2 files")
    assert "Traceback" not in result.stdout + result.stderr


def test_paths_are_relative_to_the_working_directory(tmp_path, cli):
    write_facts(tmp_path / "data" / "facts", {"actors/x.yaml": "name: A\n"})
    result = cli("validate", "data/facts")
    assert result.stdout.startswith("data/facts/actors/x.yaml:1:1: error[missing-field]")
    inside = cli("validate", "facts", cwd=tmp_path / "data")
    assert inside.stdout.startswith("facts/actors/x.yaml:1:1: error[missing-field]")


def test_strict_turns_warnings_into_errors(tmp_path, cli):
    write_facts(tmp_path / "facts", {"events/handover.yaml": (
        "title: H\ndate: 2025-07-01\nkind: transfer\nsummary: S\nsources: [report-one]\n")})
    plain = cli("validate")
    assert plain.returncode == 0
    assert "facts/events/handover.yaml:2:7: warning[event-after-sources]" in plain.stdout
    assert plain.stdout.splitlines()[-1] == "0 errors in 0 files (1 warning)"
    strict = cli("validate", "--strict")
    assert strict.returncode == 1
    assert "facts/events/handover.yaml:2:7: error[event-after-sources]" in strict.stdout
    assert strict.stdout.splitlines()[-1] == "1 error in 1 file"


def test_usage_errors_exit_2(cli):
    missing = cli("validate", "no-such-folder")
    assert missing.returncode == 2 and "no-such-folder" in missing.stderr
    assert cli("validate", "--format", "xml").returncode == 2
    assert cli("frobnicate").returncode == 2
    assert cli().returncode == 2


def test_schema_command_writes_one_schema_per_kind(tmp_path, cli):
    result = cli("schema", "--out", "schemas")
    assert result.returncode == 0
    names = sorted(p.name for p in (tmp_path / "schemas").iterdir())
    assert names == [f"{k}.schema.json" for k in sorted(["actors", "events", "figures", "places", "sources"])]
    figure = json.loads((tmp_path / "schemas" / "figures.schema.json").read_text())
    assert figure["additionalProperties"] is False
    assert {"title", "measure", "unit", "scope", "as_of", "claimed_by", "sources"} <= set(figure["required"])
    assert "from" in figure["properties"]


def test_generated_schemas_accept_every_fact_the_models_accept(tmp_path, cli):
    """The schemas describe what the models accept: every fact of a valid record passes them."""
    import jsonschema

    from exchange_record.record.schema import schemas
    from exchange_record.record.yamlfile import read_file

    root = write_facts(tmp_path / "facts", RICH)
    assert cli("validate", "--strict").returncode == 0
    all_schemas = schemas()
    paths = sorted(root.glob("*/*.yaml"))
    for path in paths:
        jsonschema.validate(read_file(path).data, all_schemas[f"{path.parent.name}.schema.json"])
    assert {p.parent.name for p in paths} == {"actors", "events", "figures", "places", "sources"}


# --- the real process ------------------------------------------------------------

def test_python_m_gives_what_main_gives(tmp_path, cli):
    write_facts(tmp_path / "facts", {**DISAGREEMENT, "actors/x.yaml": "name: A\nkind: stat\nside: russia\n"})
    for args in (("validate",), ("validate", "--format", "json"), ("frobnicate",)):
        here = cli(*args)
        there = run_cli(*args, cwd=tmp_path)
        assert (there.returncode, there.stdout, there.stderr) == (
            here.returncode, here.stdout, here.stderr), args
    assert [here.returncode for here in (cli("validate"), cli("frobnicate"))] == [1, 2]


def test_the_console_script_runs_and_sets_the_exit_code(tmp_path):
    script = Path(sys.executable).with_name("exchange-record")
    found = str(script) if script.exists() else shutil.which("exchange-record")
    assert found, "the `exchange-record` console script is not installed"
    write_facts(tmp_path / "facts", DISAGREEMENT)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([found, *args], cwd=tmp_path, capture_output=True, text=True, timeout=60)

    valid = run("validate", "--strict")
    assert valid.returncode == 0, valid.stdout + valid.stderr
    assert valid.stdout.splitlines()[-1] == "0 errors in 0 files (1 note)"
    (tmp_path / "facts" / "figures" / "count-ua.yaml").write_text("title: T\nvalue: -1\n")
    assert run("validate").returncode == 1
    assert run().returncode == 2

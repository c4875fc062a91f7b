"""Hostile input, round two: no live link, no forged line, nothing read from outside `facts/`.

Each class of hole found by attacking the first release has a test here (the
site-wide ones, history and charts, are in test_hostile_site.py; the
Content-Security-Policy in test_csp.py).
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import markdown as python_markdown
import pytest

from conftest import run_cli, write_facts
from exchange_record.record.build import build_record
from exchange_record.record.load import load_file
from exchange_record.site.allowlist import clean
from exchange_record.site.export import figures_csv
from exchange_record.site.markdown import as_browser_reads
from exchange_record.site.summary import publishable, summary_html
from sitetools import make_project, mkdocs_build, parse_html

FIG = ("title: T\nmeasure: remains-to-ukraine\nvalue: 1\nunit: bodies\nscope: event\n"
       "as_of: 2025-06-13\nclaimed_by: claimant-ru\nsources: [report-one]\n")
ACTOR = "kind: state\nside: russia\n"
SOURCE = "title: S\nkind: video\npublished: 2025\n"
DIAGNOSTIC_LINE = re.compile(r"^\S.*:\d+:\d+: (error|warning|note)\[[a-z0-9-]+\]: .+$")
SUMMARY_LINE = re.compile(r"^\d+ errors? in \d+ files?( \(.*\))?$")


def validate(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = run_cli("validate", str(root), *args, cwd=root.parent, timeout=60)  # a hang guard
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
    return result


def assert_one_line_each(output: str) -> None:
    """Every line is one diagnostic or the summary, and holds nothing a terminal obeys."""
    lines = output.splitlines()
    assert lines
    for line in lines:
        assert line.isprintable(), repr(line)
        assert DIAGNOSTIC_LINE.match(line) or SUMMARY_LINE.match(line), repr(line)


# --- invisible and reversing text -------------------------------------------------

TEXT_CASES = [
    # (id, file, content, code, line, col)
    ("nul-escape", "actors/x.yaml", 'name: "A\\0B"\n' + ACTOR, "control-character", 1, 7),
    ("bell-escape", "actors/x.yaml", 'name: "A\\aB"\n' + ACTOR, "control-character", 1, 7),
    ("escape-escape", "actors/x.yaml", 'name: "\\e[2J\\e]0;pwned\\a"\n' + ACTOR, "control-character", 1, 7),
    ("del-escape", "actors/x.yaml", 'name: "A\\x7fB"\n' + ACTOR, "control-character", 1, 7),
    ("c1-escape", "actors/x.yaml", 'name: "A\\x9bB"\n' + ACTOR, "control-character", 1, 7),
    ("escape-in-note", "figures/x.yaml", FIG + 'notes: "fine\\e[31m"\n', "control-character", 9, 8),
    ("escape-in-quote", "events/x.yaml",
     'title: E\ndate: 2025\nkind: talks\nsummary: S\nsources:\n  - source: report-one\n    quote: "\\e"\n',
     "control-character", 7, 12),
    ("rlo-raw", "actors/x.yaml", "name: Claimant \u202eRU\n" + ACTOR, "hidden-character", 1, 16),
    ("rlo-escape", "actors/x.yaml", 'name: "Claimant \\u202eRU"\n' + ACTOR, "control-character", 1, 7),
    ("isolate-escape", "actors/x.yaml", 'name: "\\u2066x\\u2069"\n' + ACTOR, "control-character", 1, 7),
    ("rlo-in-comment", "actors/x.yaml", "# note \u202e\nname: A\n" + ACTOR, "hidden-character", 1, 8),
    ("zero-width-only", "actors/x.yaml", 'name: "\\u200b\\u200b"\n' + ACTOR, "invisible-text", 1, 7),
    ("hangul-filler-only", "actors/x.yaml", "name: \u3164\n" + ACTOR, "invisible-text", 1, 7),
    ("braille-blank-title", "events/x.yaml",
     "title: \u2800\ndate: 2025\nkind: talks\nsummary: S\nsources: [report-one]\n", "invisible-text", 1, 8),
    ("tab-in-title", "sources/x.yaml", 'title: "A\\tB"\nkind: video\npublished: 2025\n', "control-character", 1, 8),
    ("newline-in-name", "actors/x.yaml", 'name: "A\\nB"\n' + ACTOR, "control-character", 1, 7),
    ("line-separator-in-comment", "actors/x.yaml", "# a comment\u2028name: Evil\nname: A\n" + ACTOR,
     "hidden-character", 1, 12),
    ("paragraph-separator", "actors/x.yaml", "name: A\u2029B\n" + ACTOR, "hidden-character", 1, 8),
    ("next-line", "actors/x.yaml", "name: A\u0085B\n" + ACTOR, "hidden-character", 1, 8),
    ("noncharacter", "events/x.yaml",
     'title: "Handover \\uFFFE"\ndate: 2025\nkind: talks\nsummary: S\nsources: [report-one]\n',
     "control-character", 1, 8),
    ("key-with-escape", "actors/x.yaml", 'name: A\n"side\\e": russia\nkind: state\n', "control-character", 2, 1),
]


@pytest.mark.parametrize(("rel", "content", "code", "line", "col"), [c[1:] for c in TEXT_CASES],
                         ids=[c[0] for c in TEXT_CASES])
def test_invisible_reversing_and_control_text_is_refused_where_it_stands(tmp_path, rel, content, code,
                                                                         line, col):
    root = write_facts(tmp_path / "facts", {rel: content})
    result = validate(root)
    assert result.returncode == 1
    assert f"facts/{rel}:{line}:{col}: error[{code}]: " in result.stdout, result.stdout
    assert_one_line_each(result.stdout)


def test_multi_line_text_keeps_its_line_breaks_and_tabs(tmp_path):
    root = write_facts(tmp_path / "facts", {
        "figures/x.yaml": FIG + "notes: |\n  First line\n  \tindented\n\n  Second paragraph\n"})
    assert validate(root, "--strict").returncode == 0


def test_plain_text_forms_no_structure():
    """A description or note starting with `:` would join the fact's definition list."""
    from exchange_record.site.markdown import escape_block

    made = str(escape_block(": Ukraine\n\nClaimed figures\n\n: none, retracted"))
    html = python_markdown.markdown("Side\n:   Russia\n\n" + made, extensions=["def_list"])
    assert html.count("<dd>") == 1 and "<p>&#58; none, retracted</p>" in html


def test_front_matter_survives_characters_yaml_refuses():
    import yaml

    from exchange_record.site.pages import _front_matter

    block = _front_matter({"title": "Handover \ufffe [x](nope.md)", "tags": ["side: Russia"]})
    assert yaml.safe_load(block)["title"] == "Handover \ufffe [x](nope.md)"


def test_names_are_isolated_on_pages_so_right_to_left_letters_reorder_nothing():
    from exchange_record.site.markdown import link

    made = str(link("שלום 27", "actors/x.md", "figures/y.md"))
    assert made == "[<bdi>שלום 27</bdi>](../actors/x.md)"


# --- the terminal and the diagnostics format -------------------------------------------

def test_a_key_with_a_newline_cannot_forge_a_second_diagnostic(tmp_path):
    forged = "facts/actors/other.yaml:1:1: error[fake]: forged"
    root = write_facts(tmp_path / "facts", {
        "actors/x.yaml": f'name: A\n"x\\n{forged}": 1\n' + ACTOR,
        "figures/y.yaml": FIG + 'notes: "line one\\nline two"\nunknown_field: "a\\nb\\e[2J"\n',
    })
    result = validate(root)
    assert result.returncode == 1
    assert_one_line_each(result.stdout)
    assert not any(line.startswith("facts/actors/other.yaml") for line in result.stdout.splitlines())
    assert "\\n" + forged in result.stdout  # shown, escaped, inside the real diagnostic


@pytest.mark.parametrize("fmt", ["github", "json"])
def test_other_formats_hold_no_raw_control_characters(tmp_path, fmt):
    root = write_facts(tmp_path / "facts", {"actors/x.yaml": 'name: A\n"k\\e]0;t\\a": 1\n' + ACTOR})
    result = validate(root, "--format", fmt)
    assert result.returncode == 1
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    if fmt == "github":
        assert all(line.startswith("::") or SUMMARY_LINE.match(line) for line in result.stdout.splitlines())


def test_a_file_name_with_a_newline_is_one_escaped_line(tmp_path):
    root = write_facts(tmp_path / "facts", {"actors/evil\n.yaml": "name: A\n" + ACTOR})
    result = validate(root)
    assert result.returncode == 1
    assert "facts/actors/evil\\n.yaml:1:1: error[bad-id]: " in result.stdout
    assert_one_line_each(result.stdout)


# --- ids and slugs: full matches, one rule -------------------------------------------------

ID_CASES = [
    ("measure-block-scalar", "figures/x.yaml",
     FIG.replace("measure: remains-to-ukraine", "measure: |\n  remains-to-ukraine"), "bad-id"),
    ("previous-id-newline", "actors/x.yaml", 'name: A\nprevious_ids: ["old\\n"]\n' + ACTOR, "bad-id"),
    ("reference-newline", "figures/x.yaml", FIG.replace("claimed_by: claimant-ru", 'claimed_by: "claimant-ru\\n"'),
     "bad-id"),
    ("windows-con-file", "actors/con.yaml", "name: A\n" + ACTOR, "reserved-id"),
    ("windows-nul-file", "places/nul.yaml", "name: P\nkind: city\n", "reserved-id"),
    ("windows-aux-file", "sources/aux.yaml", SOURCE, "reserved-id"),
    ("windows-com1-file", "actors/com1.yaml", "name: A\n" + ACTOR, "reserved-id"),
    ("windows-lpt1-reference", "figures/x.yaml", FIG.replace("claimed_by: claimant-ru", "claimed_by: lpt1"),
     "reserved-id"),
    ("windows-prn-previous", "actors/x.yaml", "name: A\nprevious_ids: [prn]\n" + ACTOR, "reserved-id"),
]


@pytest.mark.parametrize(("rel", "content", "code"), [c[1:] for c in ID_CASES], ids=[c[0] for c in ID_CASES])
def test_ids_match_whole_and_avoid_names_windows_reserves(tmp_path, rel, content, code):
    root = write_facts(tmp_path / "facts", {rel: content})
    result = validate(root)
    assert result.returncode == 1
    assert re.search(rf"^facts/{re.escape(rel)}:\d+:\d+: error\[{code}\]: ", result.stdout, re.M), result.stdout


def test_new_refuses_an_id_with_a_newline_or_a_windows_name(tmp_path):
    for bad in ("evil\n", "con", "lpt9"):
        result = run_cli("new", "actor", bad, "--facts-dir", str(tmp_path / "facts"), cwd=tmp_path)
        assert result.returncode == 1, bad
        assert "not a valid id" in result.stderr or "Windows reserves" in result.stderr
        assert "\n" not in result.stderr.rstrip("\n")
    assert not (tmp_path / "facts").exists() or not list((tmp_path / "facts").rglob("*.yaml"))


# --- files: nothing read from outside facts/ -------------------------------------------------

def test_a_link_out_of_the_facts_folder_is_not_followed(tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("name: TOP-SECRET-TEXT\nkind: state\nside: russia\n", encoding="utf-8")
    outside_dir = tmp_path / "elsewhere"
    outside_dir.mkdir()
    (outside_dir / "planted.yaml").write_text("name: Planted\nkind: state\nside: russia\n", encoding="utf-8")
    root = write_facts(tmp_path / "facts", {})
    (root / "actors" / "leak.yaml").symlink_to(secret)
    (root / "places").rename(tmp_path / "places-moved")
    (root / "places").symlink_to(outside_dir)
    result = validate(root)
    assert result.returncode == 1
    assert "facts/actors/leak.yaml:1:1: error[outside-facts]: " in result.stdout
    assert "facts/places:1:1: error[outside-facts]: " in result.stdout
    assert "TOP-SECRET-TEXT" not in result.stdout
    record, _ = build_record(root)
    assert "leak" not in record.index and "planted" not in record.index


def test_a_link_inside_the_facts_folder_is_read(tmp_path):
    root = write_facts(tmp_path / "facts", {})
    (root / "actors" / "alias.yaml").symlink_to(root / "actors" / "claimant-ru.yaml")
    record, _diagnostics = build_record(root)
    assert "alias" in record.index


def test_a_link_loop_is_a_diagnostic_not_an_internal_error(tmp_path):
    root = write_facts(tmp_path / "facts", {})
    (root / "actors" / "loop.yaml").symlink_to(root / "actors" / "loop.yaml")
    (root / "sources" / "a.yaml").symlink_to(root / "sources" / "b.yaml")
    (root / "sources" / "b.yaml").symlink_to(root / "sources" / "a.yaml")
    result = validate(root)
    assert result.returncode == 1
    assert "facts/actors/loop.yaml:1:1: error[unreadable]: " in result.stdout
    assert "facts/sources/a.yaml:1:1: error[unreadable]: " in result.stdout


def test_a_kind_folder_that_cannot_be_listed_is_a_diagnostic(tmp_path, monkeypatch, capsys):
    from exchange_record import cli

    root = write_facts(tmp_path / "facts", {})
    locked = root / "events"
    if os.geteuid() == 0:  # root lists every folder: make listing this one fail as it would for others
        real_scandir = os.scandir

        def scandir(path):  # type: ignore[no-untyped-def]
            if Path(path).resolve() == locked.resolve():
                raise PermissionError(13, "Permission denied", str(path))
            return real_scandir(path)
        monkeypatch.setattr(os, "scandir", scandir)
    else:
        locked.chmod(0o000)
    monkeypatch.chdir(tmp_path)
    try:
        code = cli.main(["validate", "facts"])
    finally:
        locked.chmod(0o755)
    out = capsys.readouterr()
    assert code == 1 and "internal error" not in out.err
    assert "facts/events:1:1: error[unreadable]: cannot read folder: Permission denied" in out.out


@pytest.mark.parametrize(("rel", "message"), [
    ("facts/.drafts/x.yaml", "facts/.drafts:1:1: error[stray-file]: `.drafts` is a hidden folder"),
    ("facts/events/.old/x.yaml", "facts/events/.old:1:1: error[stray-file]: `.old` is a hidden folder"),
    ("facts/actors/x.YAML", "facts/actors/x.YAML:1:1: error[stray-file]: `x.YAML` is not a `.yaml` fact file"),
    ("facts/actors/.x.YAML", "facts/actors/.x.YAML:1:1: error[stray-file]: `.x.YAML` is a hidden file"),
    ("facts/.x.yaml", "facts/.x.yaml:1:1: error[stray-file]: `.x.yaml` is a hidden file"),
])
def test_hidden_folders_and_upper_case_yaml_are_reported_not_skipped(tmp_path, rel, message):
    root = write_facts(tmp_path / "facts", {})
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("name: A\n" + ACTOR, encoding="utf-8")
    result = validate(root)
    assert result.returncode == 1
    assert message in result.stdout, result.stdout


def test_hidden_files_that_are_not_facts_stay_quiet(tmp_path):
    root = write_facts(tmp_path / "facts", {"actors/.gitkeep": "", ".gitattributes": "* text\n"})
    assert validate(root).returncode == 0


# --- numbers, dates, addresses ---------------------------------------------------------------

NUMBER_CASES = [
    ("int-tag-underscore", FIG.replace("value: 1", "value: !!int 1_200"), "wrong-type"),
    ("int-tag-arabic-indic", FIG.replace("value: 1", "value: !!int ١٢٠٠"), "wrong-type"),
    ("int-tag-spaces", FIG.replace("value: 1", 'value: !!int " 12"'), "wrong-type"),
    ("quoted-arabic-indic", FIG.replace("value: 1", 'value: "١٢٠٠"'), "wrong-type"),
    ("date-arabic-indic", FIG.replace("as_of: 2025-06-13", 'as_of: "٢٠٢٥-٠٦-١٣"'), "invalid-date"),
    ("date-trailing-newline", FIG.replace("as_of: 2025-06-13", 'as_of: "2025-06-13\\n"'), "invalid-date"),
    ("float-tag-underscore", "name: P\nkind: city\nlat: !!float 1_0.5\nlon: 1\n", "wrong-type"),
]


@pytest.mark.parametrize(("content", "code"), [c[1:] for c in NUMBER_CASES], ids=[c[0] for c in NUMBER_CASES])
def test_numbers_and_dates_are_plain_ascii_whatever_the_tag(tmp_path, content, code):
    kind = "places" if content.startswith("name: P") else "figures"
    root = write_facts(tmp_path / "facts", {f"{kind}/x.yaml": content})
    result = validate(root)
    assert result.returncode == 1
    assert re.search(rf"^facts/{kind}/x\.yaml:\d+:\d+: error\[{code}\]: ", result.stdout, re.M), result.stdout


def test_an_undetermined_language_is_refused(tmp_path):
    """`und` would be shown as English (Babel reads it so)."""
    root = write_facts(tmp_path / "facts", {"sources/x.yaml": SOURCE + "url: https://a.example/\nlanguage: und\n"})
    result = validate(root)
    assert result.returncode == 1 and "error[bad-language]" in result.stdout


URL_CASES = [
    ("credentials", "https://user:pw@example.org/x", "user name or password"),
    ("user-only", "https://user@example.org/x", "user name or password"),
    ("port-out-of-range", "https://example.org:99999/x", "port"),
    ("port-not-a-number", "https://example.org:http/x", "port"),
    ("bidi", "https://example.org/\u202egpj.exe", "RIGHT-TO-LEFT OVERRIDE"),
    ("trailing-backslash", "https://example.org/x\\\\", "REVERSE SOLIDUS"),
    ("less-than", "https://example.org/<b>", "LESS-THAN SIGN"),
    ("quote", 'https://example.org/\\"x', "QUOTATION MARK"),
    ("no-host", "https://:80/x", "host"),
]


@pytest.mark.parametrize(("url", "why"), [c[1:] for c in URL_CASES], ids=[c[0] for c in URL_CASES])
def test_addresses_are_refused_unless_a_browser_would_read_them_as_written(tmp_path, url, why):
    escaped = url.replace("\u202e", "\\u202e")
    root = write_facts(tmp_path / "facts", {"sources/x.yaml": SOURCE + f'url: "{escaped}"\n'})
    result = validate(root)
    assert result.returncode == 1
    line = next(line for line in result.stdout.splitlines() if line.startswith("facts/sources/x.yaml:4:"))
    assert "error[bad-url]" in line or "error[control-character]" in line, line
    if "bad-url" in line:
        assert why in line, line


def test_a_good_address_with_a_query_and_non_latin_path_is_accepted(tmp_path):
    root = write_facts(tmp_path / "facts", {
        "sources/x.yaml": SOURCE + 'url: "https://пример.рф/новости?id=1&lang=ru#p2"\n'})
    assert validate(root, "--strict").returncode == 0


# --- links: the first wall (escaping before Markdown) ---------------------------------------

LINK_PAYLOADS = {
    "entity-colon": "[x](javascript&#58;alert(1))",
    "entity-letter-ref": "[a][r]\n\n[r]: &#106;avascript:alert(2)",
    "named-entity": "[x](javascript&colon;alert(1))",
    "hex-entity": "[x](&#x6A;avascript:alert(1))",
    "double-encoded": "[x](javascript&amp;#58;alert(1))",
    "tab-in-scheme": "[x](java\tscript:alert(1))",
    "ref-in-blockquote": "> [a][r]\n>\n> [r]: javascript:alert(3)",
    "ref-in-list": "- [a][r]\n\n    [r]: javascript:alert(4)",
    "ref-in-admonition": "!!! note\n    [a][r]\n\n    [r]: javascript:alert(5)",
    "ref-in-definition-list": "Term\n:   [a][r]\n\n    [r]: javascript:alert(6)",
    "ref-angle": "[a][r]\n\n[r]: <javascript:alert(7)>",
    "ref-after-text": "[a][r]\n\nText. [r]: javascript:alert(8)",
    "backslash-host": "[x](/\\evil.example/)",
    "scheme-relative": "[x](//evil.example/)",
    "image": "![x](javascript:alert(9))",
    "data": "[x](data:text/html,<script>alert(10)</script>)",
    # found by attacking the regex-based first wall of d7a0323:
    "nested-autolink": "Handover <http://x autofocus onfocus=alert(11) style=position:fixed <https://a.example/> > done.",
    "nested-link": "See [the report]([report](javascript:alert(12))).",
    "odd-backslash": "[x\\](javascript:alert(13)) and ![x\\](javascript:alert(14))",
    "swallowed-definition": "[x][s]\n\n[r]:\n[s]: javascript:alert(15)",
    "bracketed-host": "See [the report](https://[x).",
    "forged-annotation": "See [a](<https://a.example/>\n::error file=README.md,line=1::forged\n).",
    "relative": "[a](nope.md) [b](#nope) [c](../x/)",
    "tracking-image": "![pixel](https://tracker.example/p.png)",
    "heading": "# A heading in a summary\n\n[TOC]",
    "raw-html": "<script>alert(16)</script><img src=x onerror=alert(17)><div onclick=alert(18)>x</div>",
    "attribute-list": "Text {: onclick=alert(19) }\n{: .md-header }",
}


def _hrefs(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="([^"]*)"', html)


@pytest.mark.parametrize("payload", LINK_PAYLOADS.values(), ids=LINK_PAYLOADS.keys())
def test_no_summary_leaves_the_first_wall_with_anything_live(payload):
    """The summary's HTML, made in the core (what `generate` hands any engine),
    holds only http(s) links, no image, no handler, no heading; and it stays
    what it is when an engine reads the page as Markdown (a raw HTML block)."""
    made = str(summary_html(payload))
    for page in (made, python_markdown.markdown(made, extensions=["attr_list", "def_list", "toc"])):
        for href in _hrefs(page):
            assert publishable(href), (href, page)
        assert "<img" not in page and "<script" not in page and "<h1" not in page, page
        assert not re.search(r"<[a-z]+[^>]*\son[a-z]+\s*=", page), page
        assert not re.search(r'class="md-', page), page


def test_inline_code_shows_exactly_what_was_written():
    html = str(summary_html("Use `<b>` and `{: onclick=x}` and ``a`b``."))
    assert "<code>&lt;b&gt;</code>" in html and "&amp;lt;" not in html
    assert "<code>{: onclick=x}</code>" in html
    assert "<code>a`b</code>" in html


# --- cost: linear in the input, whatever it holds --------------------------------------------

def test_many_dangling_references_keep_validation_linear(tmp_path):
    """did-you-mean compares a word with every id: answered once per word, and for
    the first hundred words only, so 3,000 dangling references x 3,000 ids stay cheap."""
    files: dict[str, str | bytes | None] = {
        f"actors/actor-{i:04d}.yaml": f"name: A{i}\n" + ACTOR for i in range(3000)}
    refs = ", ".join(f"actor-{i:04d}x" for i in range(3000))
    files["events/e.yaml"] = (f"title: E\ndate: 2025\nkind: talks\nsummary: S\n"
                              f"sources: [report-one]\nactors: [{refs}]\n")
    root = write_facts(tmp_path / "facts", files)
    result = validate(root)
    dangling = [line for line in result.stdout.splitlines() if "error[dangling-reference]" in line]
    assert len(dangling) == 3000
    hinted = [line for line in dangling if "did you mean" in line]
    assert 0 < len(hinted) <= 100


ADVERSARIAL = {"list-items": "-\n" * 10000, "odd-backticks": "\\` `" * 5000, "definitions": "Term\n: definition\n" * 1000,
               "deep-emphasis": "*" * 2500 + "a" + "*" * 2500, "brackets": "[" * 20000, "closing": "]" * 20000, "nested": "[" * 10000 + "]" * 10000,
               "open-links": "[x](" * 5000, "backticks": "`" * 20000, "code-runs": "`a" * 10000,
               "parens": "(" * 20000, "angles": "<https://a" * 2000, "mixed": "[*_`<(" * 3300}


def test_adversarial_summaries_convert_in_linear_time():
    """Python-Markdown is quadratic in unmatched brackets (20 KB took over 45 s);
    after `sanitize` every 20 KB payload converts quickly. Run in a child with a
    generous limit: a hang guard, not a speed target (see docs/benchmarks.md)."""
    code = textwrap.dedent("""
        import json, sys, markdown
        from exchange_record.site.summary import summary_html
        for text in json.load(sys.stdin).values():
            markdown.markdown(str(summary_html(text)), extensions=["attr_list", "def_list", "toc"])
    """)
    import json
    subprocess.run([sys.executable, "-c", code], input=json.dumps(ADVERSARIAL), text=True,
                   check=True, timeout=60)
    for name, text in ADVERSARIAL.items():
        made = str(summary_html(text))
        assert len(made) <= 10 * len(text), name  # linear in size too


# --- downloads ----------------------------------------------------------------------------

def test_csv_cells_never_start_a_spreadsheet_formula(tmp_path):
    root = write_facts(tmp_path / "facts", {
        "figures/count-ru.yaml": FIG.replace("title: T", "title: '=HYPERLINK(\"https://evil.example\",\"x\")'")
        + "notes: '@SUM(1+1)'\n",
        "actors/claimant-ru.yaml": "name: '+cmd|calc'\n" + ACTOR,
    })
    record, _diagnostics = build_record(root)
    rows = list(csv.DictReader(io.StringIO(figures_csv(record))))
    row = next(r for r in rows if r["id"] == "count-ru")
    assert row["title"] == "'=HYPERLINK(\"https://evil.example\",\"x\")"
    assert row["notes"] == "'@SUM(1+1)"
    assert row["claimant"] == "'+cmd|calc"
    assert row["value"] == "1"  # numbers stay numbers


# --- CLI edges --------------------------------------------------------------------------------

def test_validate_into_a_closed_pipe_ends_quietly(tmp_path):
    write_facts(tmp_path / "facts", {
        f"actors/bad-{i:04d}.yaml": "name: A\nkind: nonsense\nside: russia\n" for i in range(2000)})
    proc = subprocess.run(
        f"{sys.executable} -m exchange_record.cli validate facts | head -1", shell=True, cwd=tmp_path,
        capture_output=True, text=True, timeout=60, executable="/bin/bash")
    assert proc.stdout.count("\n") == 1
    assert "BrokenPipeError" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("command", ["generate", "export", "schema"])
def test_an_out_that_is_a_file_is_a_usage_error(tmp_path, command):
    write_facts(tmp_path / "facts", {})
    (tmp_path / "taken").write_text("x", encoding="utf-8")
    args = [command, "--out", "taken"] + ([] if command == "schema" else ["--facts-dir", "facts"])
    result = run_cli(*args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "is a file, not a folder" in result.stderr and "internal error" not in result.stderr


# --- positions --------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "code", "line", "col"), [
    (b"name: A\rkind: state\rside: r\x00ussia\r", "nul-byte", 3, 8),
    (b"name: A\rkind: st\xffate\r", "not-utf8", 2, 9),
    ("name: \u00e9\u00e9\u00e9\nkind: st".encode() + b"\xff\n", "not-utf8", 2, 9),
    (b"name: A\r\nkind: state\r\nside: r\x00\r\n", "nul-byte", 3, 8),
])
def test_positions_count_lines_and_characters_as_editors_do(tmp_path, raw, code, line, col):
    path = tmp_path / "actors" / "x.yaml"
    path.parent.mkdir(parents=True)
    path.write_bytes(raw)
    result = load_file(path, "actors")
    found = [(d.code, d.line, d.col) for d in result.diagnostics]
    assert (code, line, col) in found, found


# --- the second wall: an allowlist after Markdown ------------------------------------------

def test_the_html_allowlist_keeps_what_pages_use_and_drops_everything_live():
    html = ('<h2 id="a" data-search-exclude="1">Head<a class="headerlink" href="#a" title="Permanent link">'
            '¶</a></h2><p><a href="../x/">ok</a> <a href="javascript:alert(1)">js</a> '
            '<a href="JaVa&#115;cript:alert(1)">js2</a> <bdi>Name</bdi> <code>&lt;b&gt;</code></p>'
            '<img src="ledger/x.svg" alt="chart" onerror="alert(1)"><script>alert(2)</script>'
            '<table><tr><th style="text-align: left; background: url(x)">h</th></tr></table>'
            '<div class="admonition warning" onclick="alert(3)"><p class="admonition-title">W</p></div>'
            '<iframe src="https://evil.example"></iframe><form action="x"><input></form>'
            '<script type="application/ld+json">{"@type": "Dataset", "name": "a <\\/script> b"}</script>')
    out = clean(html)
    assert '<h2 id="a" data-search-exclude="1">' in out and 'class="headerlink" href="#a"' in out
    assert '<a href="../x/">ok</a>' in out and "<bdi>Name</bdi>" in out and "<code>&lt;b&gt;</code>" in out
    assert '<img src="ledger/x.svg" alt="chart">' in out
    assert 'style="text-align:left"' in out and "background" not in out
    assert '<div class="admonition warning"><p class="admonition-title">W</p></div>' in out
    for live in ("javascript", "alert(2)", "onerror", "onclick", "<iframe", "<form", "<input"):
        assert live not in out, live
    assert '<script type="application/ld+json">' in out and '"name": "a <\\/script> b"' in out


# --- the whole site: crafted facts build strictly, nothing live --------------------------------

SITE_SUMMARY = "\n\n".join([*LINK_PAYLOADS.values(), "Inline `<b>` code.", "[" * 2000])


@pytest.fixture(scope="module")
def crafted_site(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("crafted")
    summary = "\n".join("  " + line for line in SITE_SUMMARY.splitlines())
    facts = write_facts(tmp / "facts", {
        "events/handover.yaml": ("title: Handover\ndate: 2025-06-13\nkind: transfer\n"
                                 f"summary: |\n{summary}\nsources: [report-one]\n"),
        # a measure named like a side: the tags page must not give two tags one anchor
        "figures/side-named.yaml": FIG.replace("measure: remains-to-ukraine", "measure: russia"),
        "actors/claimant-ru.yaml": "name: Claimant שלום\nkind: official\nside: russia\n",
    })
    result = run_cli("validate", "--strict", str(facts), cwd=tmp)
    assert result.returncode == 0, result.stdout
    project = make_project(tmp / "p", facts=facts)
    built = mkdocs_build(project)
    assert built.returncode == 0, built.stderr[-3000:]
    return project / "site"


@pytest.mark.build
def test_crafted_links_publish_nothing_live(crafted_site):
    html = (crafted_site / "events" / "handover" / "index.html").read_text(encoding="utf-8")
    for _tag, _attr, value in parse_html(crafted_site / "events" / "handover" / "index.html").refs:
        assert not as_browser_reads(value).lower().startswith(("javascript:", "data:", "vbscript:")), value
    assert "alert(" not in "".join(re.findall(r'href="([^"]*)"', html))
    assert "<code>&lt;b&gt;</code>" in html


@pytest.mark.build
def test_names_are_isolated_on_the_published_pages(crafted_site):
    html = (crafted_site / "figures" / "count-ru" / "index.html").read_text(encoding="utf-8")
    assert "<bdi>Claimant שלום</bdi>" in html


@pytest.mark.build
def test_tags_page_gives_every_tag_its_own_anchor(crafted_site):
    html = (crafted_site / "tags" / "index.html").read_text(encoding="utf-8")
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert "side: Russia" in html and "measure: russia" in html

"""Hostile input: every item gives a clear diagnostic and exit 1, never a traceback or a hang;
crafted text never becomes live script on a page."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import run_cli, write_facts
from exchange_record.record.kinds import KINDS
from exchange_record.record.load import load_file
from sitetools import parse_html

FIG = ("title: T\nmeasure: remains-to-ukraine\nvalue: 1\nunit: bodies\nscope: event\n"
       "as_of: 2025-06-13\nclaimed_by: claimant-ru\nsources: [report-one]\n")


def _bomb() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


# (id, relative path, content, expected code)
CORPUS: list[tuple[str, str, str | bytes, str]] = [
    ("malformed-flow", "actors/x.yaml", "name: [unclosed\n", "yaml-syntax"),
    ("malformed-quote", "actors/x.yaml", 'name: "unclosed\nkind: state\n', "yaml-syntax"),
    ("malformed-tab-indent", "actors/x.yaml", "name: A\n\tkind: state\n", "yaml-syntax"),
    ("malformed-colon", "actors/x.yaml", "name: a: b\n", "yaml-syntax"),
    ("billion-laughs", "actors/x.yaml", _bomb(), "too-many-aliases"),
    ("merge-key-bomb", "actors/x.yaml", "base: &b {name: A}\n<<: *b\n" * 1, "unknown-field"),
    ("fifty-megabytes", "actors/x.yaml", "name: " + "A" * (50 * 1024 * 1024) + "\n", "file-too-large"),
    ("deep-nesting-flow", "actors/x.yaml", "name: " + "[" * 10_000 + "]" * 10_000 + "\n", "too-deep"),
    ("deep-nesting-block", "actors/x.yaml",
     "".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "v\n", "too-deep"),
    ("non-utf8", "actors/x.yaml", b"name: \xc3\x28\nkind: state\n", "not-utf8"),
    ("latin1", "actors/x.yaml", "name: Müller\n".encode("latin-1"), "not-utf8"),
    ("utf16", "actors/x.yaml", "name: A\n".encode("utf-16"), "not-utf8"),
    ("nul-byte", "actors/x.yaml", b"name: A\x00B\nkind: state\n", "nul-byte"),
    ("control-character", "actors/x.yaml", b"name: A\x07B\nkind: state\nside: russia\n", "yaml-syntax"),
    ("duplicate-keys", "actors/x.yaml", "name: A\nname: B\nkind: state\nside: russia\n", "duplicate-key"),
    ("huge-integer", "figures/x.yaml", FIG.replace("value: 1", "value: " + "9" * 100), "number-too-large"),
    ("large-integer", "figures/x.yaml", FIG.replace("value: 1", "value: 10000000000000000000"), "out-of-range"),
    ("hex-integer", "figures/x.yaml", FIG.replace("value: 1", "value: 0xffffffffff"), "out-of-range"),
    ("infinity", "figures/x.yaml", FIG.replace("value: 1", "value: .inf"), "wrong-type"),
    ("nan-latitude", "places/x.yaml", "name: X\nkind: site\nlat: .nan\nlon: 1\n", "wrong-type"),
    ("negative-count", "figures/x.yaml", FIG.replace("value: 1", "value: -1200"), "negative-count"),
    ("negative-low", "figures/x.yaml", FIG.replace("value: 1", "low: -5\nhigh: 5"), "negative-count"),
    ("date-year-zero", "figures/x.yaml", FIG.replace("as_of: 2025-06-13", "as_of: 0000-01-01"), "invalid-date"),
    ("date-far-future", "figures/x.yaml", FIG.replace("as_of: 2025-06-13", "as_of: 9999-12-31"), "invalid-date"),
    ("date-month-zero", "figures/x.yaml", FIG.replace("as_of: 2025-06-13", "as_of: 2025-00-10"), "invalid-date"),
    ("date-feb-29-non-leap", "figures/x.yaml", FIG.replace("as_of: 2025-06-13", "as_of: 2025-02-29"), "invalid-date"),
    ("date-with-time", "figures/x.yaml", FIG.replace("as_of: 2025-06-13", "as_of: 2025-06-13T10:00:00"), "invalid-date"),
    ("id-dotdot-reference", "figures/x.yaml", FIG.replace("claimed_by: claimant-ru", "claimed_by: ../claimant-ru"), "bad-id"),
    ("id-slash-reference", "figures/x.yaml", FIG.replace("claimed_by: claimant-ru", "claimed_by: actors/claimant-ru"), "bad-id"),
    ("id-uppercase-file", "actors/Claimant.yaml", "name: A\nkind: state\nside: russia\n", "bad-id"),
    ("id-dotdot-file", "actors/..x.yaml", "name: A\nkind: state\nside: russia\n", "stray-file"),
    ("hidden-file", "actors/.x.yaml", "name: A\nkind: state\nside: russia\n", "stray-file"),
    ("id-cyrillic-lookalike", "actors/\u0441laimant-ru.yaml", "name: A\nkind: state\nside: russia\n", "bad-id"),
    ("id-fullwidth", "actors/\uff41.yaml", "name: A\nkind: state\nside: russia\n", "bad-id"),
    ("id-reserved-index", "events/index.yaml", "name: A\n", "reserved-id"),
    ("id-key-traversal", "actors/x.yaml", "id: ../../etc/passwd\nname: A\nkind: state\nside: russia\n", "bad-id"),
    ("url-javascript", "sources/x.yaml", "title: S\nkind: video\npublished: 2025\nurl: javascript:alert(1)\n", "bad-url"),
    ("url-javascript-mixed-case", "sources/x.yaml", "title: S\nkind: video\npublished: 2025\nurl: JaVaScRiPt:alert(1)\n", "bad-url"),
    ("url-data", "sources/x.yaml", "title: S\nkind: video\npublished: 2025\nurl: data:text/html,<script>alert(1)</script>\n", "bad-url"),
    ("url-file", "sources/x.yaml", "title: S\nkind: video\npublished: 2025\narchive_url: file:///etc/passwd\n", "bad-url"),
    ("url-vbscript", "sources/x.yaml", "title: S\nkind: video\npublished: 2025\nurl: vbscript:msgbox\n", "bad-url"),
    ("url-ftp", "sources/x.yaml", "title: S\nkind: video\npublished: 2025\nurl: ftp://example.org/x\n", "bad-url"),
    ("url-scheme-relative", "sources/x.yaml", "title: S\nkind: video\npublished: 2025\nurl: //evil.example/x\n", "bad-url"),
    ("url-with-space", "sources/x.yaml", "title: S\nkind: video\npublished: 2025\nurl: https://a.example/x y\n", "bad-url"),
    ("python-tag", "actors/x.yaml", "name: !!python/object/apply:os.system ['echo pwned']\n", "unsupported-tag"),
    ("custom-tag", "actors/x.yaml", "name: !include /etc/passwd\n", "unsupported-tag"),
    ("set-tag", "actors/x.yaml", "name: !!set {a, b}\n", "unsupported-tag"),
    ("complex-key", "actors/x.yaml", "? [a, b]\n: c\n", "bad-key"),
    ("two-documents", "actors/x.yaml", "name: A\n---\nname: B\n", "multiple-documents"),
    ("empty", "actors/x.yaml", "", "empty-file"),
    ("only-whitespace", "actors/x.yaml", "   \n\n  \n", "empty-file"),
    ("top-level-list", "actors/x.yaml", "- name: A\n", "not-a-mapping"),
    ("top-level-null", "actors/x.yaml", "~\n", "not-a-mapping"),
]


@pytest.mark.parametrize(("rel", "content", "code"), [c[1:] for c in CORPUS], ids=[c[0] for c in CORPUS])
def test_hostile_file_gives_a_clear_diagnostic_and_exit_1(tmp_path, rel, content, code):
    root = write_facts(tmp_path / "facts", {rel: content})
    try:
        result = run_cli("validate", str(root), cwd=tmp_path, timeout=30)  # a hang guard, not a speed target
    except subprocess.TimeoutExpired:
        pytest.fail(f"validate hung on {rel}")
    assert result.returncode == 1, result.stdout
    out = result.stdout + result.stderr
    assert "Traceback" not in out and "internal error" not in out
    name = Path(rel).name
    pattern = re.compile(rf"^facts/.*{re.escape(name)}:\d+:\d+: error\[{code}\]: .+", re.M)
    assert pattern.search(result.stdout), result.stdout[-2000:]


def test_a_pipe_named_like_a_fact_is_reported_not_read(tmp_path):
    root = write_facts(tmp_path / "facts", {})
    os.mkfifo(root / "actors" / "pipe.yaml")  # opening it would wait for a writer forever
    try:
        result = run_cli("validate", str(root), cwd=tmp_path, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("validate hung on a named pipe")
    assert result.returncode == 1
    assert ("facts/actors/pipe.yaml:1:1: error[stray-file]: `pipe.yaml` is not a regular file "
            "and is not read") in result.stdout


def test_a_broken_link_is_reported_unreadable(tmp_path):
    root = write_facts(tmp_path / "facts", {})
    (root / "actors" / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    result = run_cli("validate", str(root), cwd=tmp_path)
    assert result.returncode == 1
    assert "facts/actors/gone.yaml:1:1: error[unreadable]: cannot read file" in result.stdout


def test_a_byte_order_mark_is_harmless(tmp_path):
    root = write_facts(tmp_path / "facts", {"actors/x.yaml": "\ufeffname: A\nkind: state\nside: yes\n"})
    result = run_cli("validate", str(root), cwd=tmp_path)
    # read as text, positions unshifted by the BOM: `side: yes` is line 3, column 7
    assert "facts/actors/x.yaml:3:7: error[invalid-value]: the text `yes` is not a valid `side`" in result.stdout


# --- every field with the wrong type ------------------------------------------------

REQUIRED = {
    "actors": "name: A\nkind: state\nside: russia\n",
    "places": "name: P\nkind: city\n",
    "sources": "title: S\nkind: video\npublished: 2025\n",
    "events": "title: E\ndate: 2025\nkind: talks\nsummary: S\nsources: [report-one]\n",
    "figures": FIG,
}


def _field_cases() -> list[tuple[str, str]]:
    cases = []
    for kind, entry in KINDS.items():
        model = entry.model
        for name, info in model.model_fields.items():
            cases.append((kind, info.alias or name))
    return cases


@pytest.mark.parametrize(("kind", "field"), _field_cases(), ids=[f"{k}.{f}" for k, f in _field_cases()])
def test_every_field_with_the_wrong_type(tmp_path, kind, field):
    """A mapping where any field belongs is an error at that field's line, never a crash."""
    base = "\n".join(line for line in REQUIRED[kind].splitlines() if not line.startswith(f"{field}:"))
    text = base + f"\n{field}: {{nested: [1, 2]}}\n"
    root = write_facts(tmp_path / "facts", {f"{kind}/x.yaml": text})
    doc_line = text.splitlines().index(f"{field}: {{nested: [1, 2]}}") + 1
    result = load_file(root / kind / "x.yaml", kind)
    errors = [(d.code, d.line) for d in result.diagnostics if d.severity.value == "error"]
    assert errors and all(line == doc_line for _code, line in errors), errors
    assert {code for code, _ in errors} <= {"wrong-type", "invalid-value", "bad-id", "invalid-date",
                                           "empty-list", "missing-field", "unknown-field",
                                           "unknown-language"}


# --- text that tries to become markup --------------------------------------------------

INJECTIONS = [
    "<script>alert('xss-script')</script>",
    "<img src=x onerror=alert('xss-img')>",
    "[click](javascript:alert('xss-link'))",
    "<div onclick=alert('xss-div')>raw html block</div>",
    "{{ config.site_name }} {% include 'x' %}",
    "Title {: onclick=\"alert('xss-attr')\" }",
    "![img](javascript:alert('xss-image'))",
    "<a href=\"javascript:alert('xss-a')\">a</a>",
    "[ref][r]\n\n[r]: javascript:alert('xss-ref')",
    "<https://ok.example/> <javascript:alert('xss-auto')>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<svg><script>alert('xss-svg')</script></svg>",
]


def _injected_record(tmp_path: Path) -> Path:
    files = {}
    for i, payload in enumerate(INJECTIONS):
        one_line = payload.replace("\n", " ")
        q = one_line.replace("\\", "\\\\").replace('"', '\\"')
        files[f"actors/actor-{i}.yaml"] = f'name: "{q}"\nkind: official\nside: unknown\ndescription: "{q}"\n'
        files[f"sources/source-{i}.yaml"] = (f'title: "{q}"\nkind: video\npublished: 2025-06-13\n'
                                             f'notes: "{q}"\npublisher: actor-{i}\nunavailable: "{q}"\n')
        summary = "\n".join("  " + line for line in payload.splitlines())
        files[f"events/event-{i}.yaml"] = (
            f'title: "{q}"\ndate: 2025-06-13\nkind: statement\nsummary: |\n{summary}\n'
            f'sources:\n  - source: source-{i}\n    quote: "{q}"\n    locator: "{q}"\n'
            f"actors: [actor-{i}]\n")
        files[f"places/place-{i}.yaml"] = f'name: "{q}"\nkind: site\n'
        files[f"figures/figure-{i}.yaml"] = (FIG.replace("title: T", f'title: "{q}"')
                                             .replace("claimed_by: claimant-ru", f"claimed_by: actor-{i}")
                                             + f'notes: "{q}"\n')
    return write_facts(tmp_path / "facts", files)


# `injected_site`: conftest's, built from `_injected_record` once for the run


@pytest.mark.build
def test_injected_text_never_becomes_live_markup(injected_site):
    pages = sorted(injected_site.glob("*/*/index.html"))
    assert len(pages) > 5 * len(INJECTIONS)
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert "xss-" not in "".join(re.findall(r"<script\b[^>]*>.*?</script>", html, flags=re.S)), page
        assert "<iframe" not in html and "<svg><script" not in html, page
        parsed = parse_html(page)
        for tag, _attr, value in parsed.refs:
            assert not value.strip().lower().startswith(("javascript:", "data:", "vbscript:")), (page, tag, value)
        for name in re.findall(r"<[a-z][a-z0-9]*\s[^>]*?\b(on[a-z]+)\s*=", html):
            pytest.fail(f"{page}: event handler attribute {name}")


@pytest.mark.build
def test_titles_are_text_in_head_and_header(injected_site):
    html = (injected_site / "actors" / "actor-0" / "index.html").read_text(encoding="utf-8")
    assert "<title>&lt;script&gt;alert('xss-script')&lt;/script&gt; - Exchange record</title>" in html
    header = html.split('data-md-component="header-topic"', 1)[1].split("</span>", 1)[0]
    assert "&lt;script&gt;" in header and "<script>" not in header


@pytest.mark.build
def test_injected_text_is_shown_as_written(injected_site):
    text = (injected_site / "events" / "event-0" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#39;xss-script&#39;)&lt;/script&gt;" in text or \
        "&lt;script&gt;alert('xss-script')&lt;/script&gt;" in text
    tmpl = (injected_site / "events" / "event-4" / "index.html").read_text(encoding="utf-8")
    assert "{{ config.site_name }}" in tmpl  # template syntax is text, not evaluated


# --- property-based: nothing escapes but diagnostics -----------------------------------

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**25), max_value=10**25),
    st.floats(allow_nan=True), st.text(max_size=40),
    st.sampled_from(["2025-06", "2025-02-30", "NO", "on", "yes", "~", "1,212", "javascript:x",
                     "https://x.example", "report-one", "claimant-ru", "Bryansk", "0x1f", ".inf"]),
)
keys = st.one_of(st.sampled_from(sorted({f for _k, f in _field_cases()})), st.text(max_size=12))
trees = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(keys, children, max_size=6)),
    max_leaves=25,
)


def _dump(tree: object) -> str:
    import yaml

    return yaml.safe_dump(tree, allow_unicode=True, default_flow_style=None)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tree=trees, kind=st.sampled_from(sorted(KINDS)))
def test_any_yaml_tree_gives_a_result_or_diagnostics(tmp_path, tree, kind):
    path = tmp_path / kind / "some-fact.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_dump(tree), encoding="utf-8")
    result = load_file(path, kind)  # must not raise
    assert (result.fact is None) == any(d.severity.value == "error" for d in result.diagnostics)
    for d in result.diagnostics:
        assert d.line >= 1 and d.col >= 1 and d.message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(raw=st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_any_bytes_give_a_result_or_diagnostics(tmp_path, raw):
    path = tmp_path / "actors" / "some-fact.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    result = load_file(path, "actors")  # must not raise
    assert result.fact is not None or result.diagnostics

"""The two ways of reading a fact file agree.

`yamlfile` reads plain files through libyaml's composer (the fast path) and
everything else through its own event builder, which owns the diagnostics.
Whatever the path, a file must give the same values and the same positions.
"""

from __future__ import annotations

import string
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FACTS
from exchange_record.record import yamlfile
from exchange_record.record.yamlfile import YamlDoc


def by_events(text: str) -> YamlDoc:
    doc = YamlDoc(Path("x.yaml"))
    yamlfile.read_by_events(text, doc)
    return doc


def by_nodes(text: str) -> YamlDoc | None:
    doc = YamlDoc(Path("x.yaml"))
    return doc if yamlfile.read_by_nodes(text, doc) else None


def assert_same(text: str) -> None:
    fast, slow = by_nodes(text), by_events(text)
    assert fast is not None, "the fast path declined a plain file"
    assert fast.data == slow.data
    assert fast.positions == slow.positions
    assert slow.diagnostics == []


SEEDS = sorted(FACTS.rglob("*.yaml"))


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_seed_fact_reads_the_same_both_ways(path):
    assert_same(path.read_text(encoding="utf-8"))


PLAIN = [
    "a: 1\nb: -2.5\nc: 0x1f\nd: 0o17\ne: .inf\nf: ~\ng: null\nh: true\ni: FALSE\nj: yes\nk: NO\n",
    "date: 2025-06-07\nmonth: 2025-06\nyear: 2025\nwhen: {start: 2025-06, end: 2025-07-01}\n",
    'q: "quoted: 1"\nr: \'single\'\ns: |\n  block\n  text\nt: >-\n  folded\n  text\n',
    "list:\n  - a\n  - b: 1\n    c: [x, {y: z}]\n  -\n    - nested\n",
    "flow: {a: [1, 2, {b: c}], d: []}\nempty: {}\n",
    "key with spaces: v\n'quoted key': w\n\"1\": numeric text key\n",
    "summary: |\n  Markdown with *emphasis*, a list:\n\n  * one\n  * two\n\n  and R&D.\n",
    "# a comment\n---\na: b  # trailing\n...\n",
    "a: \"\"\nb: ''\nc:\nd: [-, '-']\n",
]


@pytest.mark.parametrize("text", PLAIN)
def test_plain_files_read_the_same_both_ways(text):
    assert_same(text)


# Each of these needs the event builder, for a diagnostic or for exact values.
NOT_PLAIN = {
    "alias": "a: &x 1\nb: *x\n",
    "anchor-in-flow": "a: [&x 1, *x]\n",
    "non-specific-tag": "a: ! 123\n",
    "explicit-tag": "a: !!str 123\n",
    "duplicate-key": "a: 1\na: 2\n",
    "complex-key": "? [a, b]\n: c\n",
    "numeric-key": "1: a\n",
    "second-document": "a: 1\n---\nb: 2\n",
    "syntax-error": "a: [1\n",
    "too-deep": "a: " + "[" * 40 + "]" * 40 + "\n",
    "very-deep": "a: " + "[" * 5000 + "]" * 5000 + "\n",
    "huge-number": "a: " + "9" * 100 + "\n",
    "not-a-mapping": "- a\n- b\n",
}


@pytest.mark.parametrize("text", NOT_PLAIN.values(), ids=NOT_PLAIN.keys())
def test_the_fast_path_leaves_the_rest_to_the_event_builder(text):
    assert by_nodes(text) is None


def test_a_file_left_to_the_event_builder_keeps_its_diagnostic(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\na: 2\n", encoding="utf-8")
    doc = yamlfile.read_file(path)
    assert [d.code for d in doc.diagnostics] == ["duplicate-key"]
    assert (doc.diagnostics[0].line, doc.diagnostics[0].col) == (2, 1)


words = st.text(alphabet=string.ascii_letters + string.digits + " -_.:,#'\"*&%@é", min_size=0,
                max_size=12)
scalars = st.one_of(words, st.integers(-10**6, 10**6), st.booleans(), st.none(),
                    st.floats(allow_nan=False, allow_infinity=False))
trees = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(words, inner, max_size=4)), max_leaves=12)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=st.dictionaries(words, trees, min_size=1, max_size=5),
       flow=st.sampled_from([False, True, None]))
def test_any_dumped_tree_reads_the_same_both_ways(tree, flow):
    text = yaml.safe_dump(tree, default_flow_style=flow, allow_unicode=True, sort_keys=False)
    fast = by_nodes(text)
    slow = by_events(text)
    if fast is None:  # declined: fine, as long as the builder reads it
        return
    assert fast.data == slow.data
    assert fast.positions == slow.positions

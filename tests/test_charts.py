"""Ledger charts: the same bytes whether drawn here, in another process, or reused."""

from __future__ import annotations

import dataclasses
import sys

import pytest

from conftest import DISAGREEMENT, write_facts
from exchange_record.record.build import build_record, has_errors
from exchange_record.site import chart
from exchange_record.site.manifest import build_site
from exchange_record.site.overview import Overview
from exchange_record.site.pages import Renderer
from sitetools import make_project, mkdocs_build


def _figure(measure: str, number: str, unit: str, scope: str, as_of: str, claimant: str, source: str) -> str:
    return (f"title: {measure} per {claimant}\nmeasure: {measure}\n{number}\nunit: {unit}\n"
            f"scope: {scope}\nas_of: {as_of}\nclaimed_by: {claimant}\nsources: [{source}]\n")


# Three measures: two claimants on one day; a series, a month-precise range; a commitment.
CHARTED: dict[str, str] = {
    **DISAGREEMENT,
    "sources/report-two.yaml": (
        "title: Report two\nkind: news-agency\npublished: 2025-07-01\nurl: https://example.org/two\n"),
    "figures/total-ru-june.yaml": _figure("remains-to-russia", "value: 27", "bodies", "cumulative",
                                          "2025-06-11", "claimant-ru", "report-one"),
    "figures/total-ru-july.yaml": _figure("remains-to-russia", "value: 40", "bodies", "cumulative",
                                          "2025-07-01", "claimant-ru", "report-two"),
    "figures/total-ua.yaml": _figure("remains-to-russia", "low: 20\nhigh: 30", "bodies", "cumulative",
                                     "2025-06", "claimant-ua", "report-one"),
    "figures/promise.yaml": _figure("prisoners-to-russia", "value: 6000", "prisoners", "commitment",
                                    "2025-06-02", "claimant-ru", "report-one"),
}


@pytest.fixture(scope="module")
def record(tmp_path_factory):
    record, diagnostics = build_record(write_facts(tmp_path_factory.mktemp("charted") / "facts", CHARTED))
    assert not has_errors(diagnostics, strict=True), diagnostics  # `mkdocs build --strict`
    assert len(record.figures_by_measure) == 3
    return record


@pytest.fixture(scope="module")
def charts(record):
    return Overview(Renderer(record)).charts()


@pytest.fixture(autouse=True)
def no_reuse():
    chart.forget()
    yield
    chart.forget()


def _drawn_here_is_a_failure(*_args):
    raise AssertionError("drawn in this process: the other process failed")


def test_charts_drawn_in_another_process_are_the_bytes_drawn_here(charts, monkeypatch):
    here = chart.draw(charts)
    chart.forget()
    monkeypatch.setattr(chart, "line_chart", _drawn_here_is_a_failure)
    assert chart.draw_in_background(charts, spare_core=True)() == here
    assert all(svg.startswith(b"<?xml") and b"</svg>" in svg for svg in here.values())


def test_a_failed_drawing_process_falls_back_to_drawing_here(charts, monkeypatch):
    expected = chart.draw(charts)
    chart.forget()
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
    collect = chart.draw_in_background(charts, spare_core=True)
    assert collect() == expected


def test_unchanged_charts_are_not_drawn_again(charts, monkeypatch):
    first = chart.draw(charts)
    calls = []
    monkeypatch.setattr(chart, "line_chart", lambda *a: calls.append(a) or b"redrawn")
    # no other process can start, so any chart drawn again is drawn here, and counted
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
    assert chart.draw_in_background(charts, spare_core=True)() == first
    assert calls == []

    path = sorted(charts)[0]
    changed = {**charts, path: dataclasses.replace(charts[path], description="Changed.")}
    again = chart.draw_in_background(changed, spare_core=True)()
    assert [c[1] for c in calls] == ["Changed."]
    assert again == {**first, path: b"redrawn"}


def test_build_site_gives_the_generated_files_and_charts(record):
    site = build_site(record)
    assert sorted(site.finish()) == sorted(site.charts) == sorted(
        f"ledger/{m}.svg" for m in record.figures_by_measure)
    assert "data/record.json" in site.files and "events/index.md" in site.pages


@pytest.mark.build
def test_the_built_site_carries_the_charts_generate_writes(tmp_path, cli):
    project = make_project(tmp_path / "p", facts=write_facts(tmp_path / "facts", CHARTED))
    built = mkdocs_build(project)
    assert built.returncode == 0, built.stderr
    out = tmp_path / "generated"
    assert cli("generate", "--facts-dir", str(project / "facts"), "--out", str(out)).returncode == 0
    svgs = sorted((project / "site" / "ledger").glob("*.svg"))
    assert len(svgs) == 3
    for svg in svgs:
        assert svg.read_bytes() == (out / "ledger" / svg.name).read_bytes()

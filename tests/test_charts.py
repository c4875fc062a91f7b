"""Ledger charts: the same bytes whether drawn here, in another process, or reused."""

from __future__ import annotations

import pytest

from conftest import FACTS, run_cli
from exchange_record.record.build import build_record
from exchange_record.site import chart
from exchange_record.site.manifest import build_site
from exchange_record.site.overview import Overview
from exchange_record.site.pages import Renderer
from sitetools import make_project, mkdocs_build


@pytest.fixture(scope="module")
def charts():
    record = build_record(FACTS)[0]
    return Overview(Renderer(record)).charts()


@pytest.fixture(autouse=True)
def no_reuse():
    chart.forget()
    yield
    chart.forget()


def test_charts_drawn_in_another_process_are_the_bytes_drawn_here(charts):
    here = chart.draw(charts)
    chart.forget()
    outcome: dict = {}
    chart._draw_elsewhere(sorted(charts.values(), key=lambda c: c.title), outcome)
    assert "svgs" in outcome, "the other process failed"
    elsewhere = {path: outcome["svgs"][c] for path, c in charts.items()}
    assert elsewhere == here
    assert all(svg.startswith(b"<?xml") and b"</svg>" in svg for svg in here.values())


def test_a_failed_drawing_process_falls_back_to_drawing_here(charts, monkeypatch):
    expected = chart.draw(charts)
    chart.forget()
    monkeypatch.setattr(chart.sys, "executable", "/nonexistent/python")
    collect = chart.draw_in_background(charts, spare_core=True)
    assert collect() == expected


def test_unchanged_charts_are_not_drawn_again(charts, monkeypatch):
    first = chart.draw(charts)
    calls = []
    monkeypatch.setattr(chart, "line_chart", lambda *a: calls.append(a) or b"")
    monkeypatch.setattr(chart, "_draw_elsewhere", lambda *a: calls.append(a))
    assert chart.draw_in_background(charts)() == first
    assert calls == []


def test_build_site_gives_the_generated_files_and_charts():
    record = build_record(FACTS)[0]
    site = build_site(record)
    assert sorted(site.finish()) == sorted(site.charts) == sorted(
        f"ledger/{m}.svg" for m in record.figures_by_measure)
    assert "data/record.json" in site.files and "events/index.md" in site.pages


@pytest.mark.build
def test_the_built_site_carries_the_charts_generate_writes(tmp_path):
    project = make_project(tmp_path / "p")
    assert mkdocs_build(project).returncode == 0
    out = tmp_path / "generated"
    assert run_cli("generate", "--facts-dir", str(project / "facts"), "--out", str(out)).returncode == 0
    svgs = sorted((project / "site" / "ledger").glob("*.svg"))
    assert svgs
    for svg in svgs:
        assert svg.read_bytes() == (out / "ledger" / svg.name).read_bytes()

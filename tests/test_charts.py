"""Ledger charts: drawn for reading, and the same bytes whether drawn here, in
another process, or reused.

What readers found (issue 15) and what answers it here: a commitment no longer
sets the scale of the counts, and a contested 27 and 0 are two points apart; a
claimant keeps its colour from chart to chart; dates read `11 Jun 2025` over
days, not years; a dark variant for Material's slate scheme; text of at least
12 CSS px on a 360 px phone; a commitment names its claimant. The SVGs are
parsed as the browser would draw them (matplotlib writes each marker as a
`<use x= y=>` in a group whose id we give), and one built site is checked in
Chromium at 360 and 1280 px, in both schemes.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import functools
import itertools
import math
import os
import re
import sys
from pathlib import Path

import pytest

from conftest import DISAGREEMENT, write_facts
from exchange_record.record.build import build_record, has_errors
from exchange_record.site import chart
from exchange_record.site.manifest import build_site
from exchange_record.site.overview import Overview
from exchange_record.site.pages import Renderer
from sitetools import serve
from test_browser import Visit


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
    # a claimant whose line comes first in one chart only: a colour by place in the
    # chart would give claimant-ru another colour there
    "actors/claimant-a.yaml": "name: A claimant\nkind: official\nside: unknown\n",
    "figures/total-a.yaml": _figure("remains-to-russia", "value: 35", "bodies", "cumulative",
                                    "2025-06-20", "claimant-a", "report-two"),
}

# One measure as readers met it: a promise of 6,000, a transfer of 2,412, and on one
# day a 27 against a 0 (same date, different numbers: both contested).
DISPUTED: dict[str, str | bytes | None] = {
    "actors/claimant-x.yaml": "name: Claimant X\nkind: official\nside: third-party\n",
    "figures/count-ru.yaml": None,
    "figures/promise.yaml": _figure("remains-to-russia", "value: 6000", "bodies", "commitment",
                                    "2025-06-02", "claimant-ru", "report-one"),
    "figures/big.yaml": _figure("remains-to-russia", "value: 2412", "bodies", "event",
                                "2025-06-13", "claimant-x", "report-one"),
    "figures/twenty-seven.yaml": _figure("remains-to-russia", "value: 27", "bodies", "event",
                                         "2025-06-11", "claimant-ru", "report-one"),
    "figures/none.yaml": _figure("remains-to-russia", "value: 0", "bodies", "event",
                                 "2025-06-11", "claimant-ua", "report-one"),
}


def _record(root: Path, files: dict[str, str | bytes | None]):
    record, diagnostics = build_record(write_facts(root / "facts", files))
    assert not has_errors(diagnostics, strict=True), diagnostics  # `mkdocs build --strict`
    return record


@pytest.fixture(scope="module")
def record(tmp_path_factory):
    record = _record(tmp_path_factory.mktemp("charted"), {**CHARTED})
    assert len(record.figures_by_measure) == 3
    return record


@pytest.fixture(scope="module")
def charts(record):
    return Overview(Renderer(record)).charts()


@pytest.fixture(scope="module")
def disputed(tmp_path_factory):
    record = _record(tmp_path_factory.mktemp("disputed"), DISPUTED)
    assert {record.status[f] for f in ("twenty-seven", "none")} == {"contested"}
    return Overview(Renderer(record)).charts()


@pytest.fixture(autouse=True)
def no_reuse():
    chart.forget()
    yield
    chart.forget()


# --- reading the SVG --------------------------------------------------------------------

def svg_of(c: chart.Chart) -> str:
    return chart.line_chart(c).decode("utf-8")


def markers(svg: str) -> dict[str, tuple[float, float, str]]:
    """Each point's marker, by its id (`point-<series>-<point>`): centre and fill."""
    out = {}
    for gid, body in re.findall(r'<g id="(point-\d+-\d+)">(.*?)</g>\s*</g>', svg, re.S):
        use = re.search(r'<use [^>]*x="([\d.]+)" y="([\d.]+)" style="fill: (#[0-9a-f]{6})', body)
        assert use, gid
        out[gid] = (float(use[1]), float(use[2]), use[3])
    return out


def texts(svg: str) -> list[str]:
    return re.findall(r"<text\b[^>]*>([^<]*)</text>", svg)


def tick_labels(svg: str, axis: str) -> list[str]:
    return re.findall(rf'<g id="{axis}tick_\d+">.*?<text\b[^>]*>([^<]*)</text>', svg, re.S)


def background(svg: str) -> str:
    fill = re.search(r'<g id="patch_1">\s*<path [^>]*style="fill: (#[0-9a-f]{6})"', svg)
    assert fill
    return fill[1]


def luminance(colour: str) -> float:
    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(int(colour[k:k + 2], 16) / 255) for k in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def point_id(c: chart.Chart, label: str) -> str:
    [found] = [f"point-{i}-{j}" for i, s in enumerate(c.series) if s.kind != "commitment"
               for j, p in enumerate(s.points) if p.label == label]
    return found


def variant(charts: dict[str, chart.Chart], measure: str, suffix: str = "") -> chart.Chart:
    return charts[f"ledger/{measure}{suffix}.svg"]


# --- what a reader sees -------------------------------------------------------------------

@pytest.mark.parametrize("suffix", list(chart.VARIANTS))
def test_a_contested_27_and_a_0_on_one_day_are_two_points_apart(disputed, suffix):
    c = variant(disputed, "remains-to-russia", suffix)
    svg = svg_of(c)
    drawn = markers(svg)
    size = chart.LAYOUTS[c.layout].marker
    (x27, y27, fill27), (x0, y0, fill0) = drawn[point_id(c, "27")], drawn[point_id(c, "0")]
    assert math.hypot(x27 - x0, y27 - y0) >= size  # two markers, not one on the other
    assert fill27 == fill0 == background(svg)  # hollow: contested
    # every figure of the chart is a point of its own
    for (a, (xa, ya, _fa)), (b, (xb, yb, _fb)) in itertools.combinations(drawn.items(), 2):
        assert math.hypot(xa - xb, ya - yb) >= size, (a, b)
    # and each is written beside it
    assert {"27", "0", "2,412"} <= set(texts(svg))


def test_a_commitment_does_not_set_the_scale_of_the_counts(disputed):
    svg = svg_of(variant(disputed, "remains-to-russia"))
    top = max(float(t.replace(",", "")) for t in tick_labels(svg, "y"))
    assert 2412 < top < 6000
    assert "6,000 bodies per Claimant RU, 2 June 2025" in texts(svg)  # in its own row, named


def test_a_commitment_is_written_with_its_claimant(charts):
    c = variant(charts, "prisoners-to-russia")
    assert "6,000 prisoners per Claimant RU, 2 June 2025" in texts(svg_of(c))
    assert "Committed: 6,000 prisoners per Claimant RU." in c.description
    narrow = " ".join(texts(svg_of(variant(charts, "prisoners-to-russia", "-narrow"))))
    assert "6,000 prisoners per Claimant RU, 2 June 2025" in narrow


def _colours(svg: str, claimant: str) -> set[str]:
    return set(re.findall(rf'<g id="(?:series|legend|commitment)-{claimant}-[\d-]+">\s*<path [^>]*'
                          r"stroke: (#[0-9a-f]{6})", svg))


@pytest.mark.parametrize("theme", ["", "-dark"])
def test_a_claimant_has_one_colour_in_every_chart(charts, theme):
    # claimant-ru: a sum of transfers, a series of totals, and a commitment
    svgs = [svg_of(variant(charts, m, theme)) for m in ("remains-to-ukraine", "remains-to-russia",
                                                         "prisoners-to-russia")]
    ru = [_colours(svg, "claimant-ru") for svg in svgs]
    assert all(len(found) == 1 for found in ru), ru
    assert ru[0] == ru[1] == ru[2]
    ua = [_colours(svg, "claimant-ua") for svg in svgs[:2]]
    assert ua[0] == ua[1] and ua[0] != ru[0]
    assert _colours(svgs[1], "claimant-a") not in (ru[0], ua[0])
    palette = [light if theme == "" else dark for light, dark in chart.PALETTE]
    assert ru[0] <= set(palette) and ua[0] <= set(palette)


def test_the_dark_variant_is_dark_with_light_text_and_every_text_reads(charts):
    for measure in ("remains-to-ukraine", "remains-to-russia", "prisoners-to-russia"):
        for suffix, (theme, _layout) in chart.VARIANTS.items():
            svg = svg_of(variant(charts, measure, suffix))
            bg = background(svg)
            assert (luminance(bg) < 0.05) if theme == "dark" else (bg == "#ffffff")
            fills = re.findall(r'<text style="[^"]*fill: (#[0-9a-f]{6})', svg)
            assert fills
            for fill in fills:
                assert contrast(fill, bg) >= 4.5, (measure, suffix, fill)
                if theme == "dark":
                    assert luminance(fill) > luminance(bg)


def test_a_dark_chart_is_what_matplotlib_draws_in_dark_but_drawn_once(charts, disputed, monkeypatch):
    """Dark variants are their light twins recoloured (chart.recoloured): the same bytes
    matplotlib writes in the dark theme, but for the ids of marker shapes (a hash of
    their style); and a chart's light and dark variants cost one drawing."""
    marker_id = re.compile(rb"\bm[0-9a-f]{10}\b")
    darks = [c for c in [*charts.values(), *disputed.values()] if c.theme == "dark"]
    assert len(darks) >= 8
    for c in darks:
        derived = chart.line_chart(c)
        drawn = chart._drawn_svg.__wrapped__(c)  # matplotlib, in the dark theme
        assert derived != drawn
        assert marker_id.sub(b"m", derived) == marker_id.sub(b"m", drawn)
    drawings = []
    real = chart._drawn_svg.__wrapped__
    monkeypatch.setattr(chart, "_drawn_svg",
                        functools.lru_cache(maxsize=4)(lambda c: drawings.append(c.theme) or real(c)))
    for suffix in chart.VARIANTS:
        chart.line_chart(variant(charts, "remains-to-russia", suffix))
    assert drawings == ["light", "light"]  # wide and narrow


def test_a_chart_whose_words_look_like_colours_keeps_them():
    point = chart.Point(dt.date(2025, 6, 11), dt.date(2025, 6, 11), 1, 1, "1")
    c = chart.Chart("#ffffff", "#0072b2 D", (chart.Series('#212121 style="fill: #0072b2"', (point,), key="a"),),
                    "bodies", theme="dark")
    svg = svg_of(c)
    assert '#212121 style="fill: #0072b2"' in texts(svg) and "<title id=\"title\">#ffffff</title>" in svg
    assert background(svg) == chart.THEMES["dark"].background


def test_themes_whose_colours_are_not_one_for_one_are_refused():
    light = chart.THEMES["light"]
    twin = dataclasses.replace(chart.THEMES["dark"], grid=chart.THEMES["dark"].axis)
    with pytest.raises(ValueError, match="one for one"):
        chart.recoloured(b'<svg style="fill: #ffffff"/>', light, twin)


DAY_MONTH = re.compile(r"\d{1,2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)( \d{4})?")


def _tick_days(labels: list[str]) -> list[dt.date]:
    year = int(labels[0].rsplit(" ", 1)[1])
    days = []
    for label in labels:
        day, month, *rest = label.split(" ")
        year = int(rest[0]) if rest else year
        days.append(dt.datetime.strptime(f"{day} {month} {year}", "%d %b %Y").date())
    return days


@pytest.mark.parametrize("suffix", list(chart.VARIANTS))
def test_dates_read_as_day_and_month_with_the_year_once(charts, suffix):
    labels = tick_labels(svg_of(variant(charts, "remains-to-russia", suffix)), "x")
    assert len(labels) >= 2
    assert all(DAY_MONTH.fullmatch(label) for label in labels), labels
    assert labels[0].endswith(" 2025") and not any(label.endswith("2025") for label in labels[1:])
    days = _tick_days(labels)
    assert days == sorted(days) and dt.date(2025, 6, 1) <= days[0] and days[-1] <= dt.date(2025, 7, 8)


def test_in_russian_a_day_s_month_is_declined_and_a_month_alone_is_not(record):
    """`11 июн`, `2 мая` under a day's tick (the genitive a date takes), `июнь 2025`
    where a month stands alone; Ukrainian's abbreviations are the same either way."""
    from exchange_record.site.locale import Locale

    ru = Overview(Renderer(record, locale=Locale("ru"))).charts()
    labels = tick_labels(svg_of(variant(ru, "remains-to-russia")), "x")
    assert len(labels) >= 2
    assert all(re.fullmatch(r"\d{1,2} июн( 2025)?", label) for label in labels), labels
    may, june = chart.Point(dt.date(2025, 5, 2), dt.date(2025, 5, 2), 1, 1, "1"), \
        chart.Point(dt.date(2025, 6, 30), dt.date(2025, 6, 30), 2, 2, "2")
    c = dataclasses.replace(variant(ru, "remains-to-russia"), series=(chart.Series("A: total", (may, june), key="a"),))
    days = tick_labels(svg_of(c), "x")
    assert days[0] == "2 мая 2025" and "13 июн" in days, days  # not `2 май 2025`, `13 июнь`
    long = dataclasses.replace(c, series=(chart.Series("A: total", (may, dataclasses.replace(
        june, start=dt.date(2027, 6, 30), end=dt.date(2027, 6, 30))), key="a"),))
    months = tick_labels(svg_of(long), "x")
    assert months[0] == "июль 2025" and "июль" in months[1:], months  # not `июл 2025`


def test_spacings_passed_over_as_crowded_are_those_the_full_test_refuses(monkeypatch):
    """`_crowded` lets the date axis pass over the finest spacings without labelling
    every tick: the ticks chosen must be those chosen labelling every tick, over spans
    from a day to decades, both layouts, and month names long and short."""
    import random

    from exchange_record.site.locale import Locale

    rng = random.Random(11)
    names = [(), tuple(Locale("uk")._(m) for m in chart.MONTHS), ("Septembre",) * 12]
    cases = []
    for _ in range(150):
        layout = chart.LAYOUTS[rng.choice(list(chart.LAYOUTS))]
        first = dt.date(2020, 1, 1) + dt.timedelta(days=rng.randrange(3000))
        last = first + dt.timedelta(days=rng.choice([0, 1, 5, 40, 200, 900, 4000, 12000]) + rng.randrange(30))
        lo, hi = chart._num(first), chart._num(last) + 1
        pad = max(2.0, (hi - lo) * 0.06)
        x0, x1 = lo - pad, hi + pad
        left = rng.uniform(30, 90)
        plot_w = layout.width - left - layout.font

        def ux(x, x0=x0, x1=x1, left=left, plot_w=plot_w):
            return left + (x - x0) / (x1 - x0) * plot_w

        cases.append((x0, x1, ux, layout.font, layout.width, first, rng.choice(names)))
    quick = [chart._date_ticks(*case) for case in cases]
    monkeypatch.setattr(chart, "_crowded", lambda *_args: False)
    assert quick == [chart._date_ticks(*case) for case in cases]
    assert sum(len(xs) >= 2 for xs, _labels in quick) > 120  # most found two ticks or more


@pytest.mark.parametrize("layout", list(chart.LAYOUTS))
def test_a_one_point_chart_spans_days_not_years(layout):
    point = chart.Point(dt.date(2025, 6, 11), dt.date(2025, 6, 11), 27, 27, "27")
    c = chart.Chart("One", "One point.", (chart.Series("A: total", (point,), key="a"),), "bodies",
                    layout=layout)
    svg = svg_of(c)
    days = _tick_days(tick_labels(svg, "x"))
    assert len(days) >= 2 and (days[-1] - days[0]).days <= 10
    assert days[0] <= dt.date(2025, 6, 11) <= days[-1]
    [(x, _y, _fill)] = markers(svg).values()
    ticks = [float(m) for m in re.findall(r'<g id="xtick_\d+">.*?<use [^>]*x="([\d.]+)"', svg, re.S)]
    # the point stands under its own day's tick (ticks at noon, like the points)
    assert any(abs(x - t) < 0.5 for t in ticks)


#: the narrowest each variant is shown: Material's content column at 601 px (wide)
#: and at 360 px (narrow); measured in Chromium by the browser test below
SHOWN_WIDTH = {"wide": 569, "narrow": 328}


def smallest_text_px(svg: str, shown_width: float) -> float:
    view = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
    assert view
    sizes = [float(s) for s in re.findall(r"font-size: ([\d.]+)px", svg)]
    return min(sizes) * shown_width / float(view[1])


@pytest.mark.parametrize("suffix", list(chart.VARIANTS))
def test_text_is_at_least_12_px_where_each_variant_is_shown(charts, disputed, suffix):
    for c in [variant(charts, m, suffix) for m in ("remains-to-ukraine", "remains-to-russia",
                                                    "prisoners-to-russia")] + [variant(disputed, "remains-to-russia",
                                                                                       suffix)]:
        assert smallest_text_px(svg_of(c), SHOWN_WIDTH[c.layout]) >= 12


def test_the_same_chart_is_the_same_bytes(charts):
    c = variant(charts, "remains-to-russia", "-narrow-dark")
    first = chart.line_chart(c)
    assert chart.line_chart(dataclasses.replace(c)) == first
    assert b"<dc:date>" not in first and b"$" not in first
    assert first.count(b"<title") == 1 and b'role="img"' in first


def test_a_text_that_looks_like_mathtext_is_drawn_as_written():
    point = chart.Point(dt.date(2025, 6, 11), dt.date(2025, 6, 11), 1, 1, "1")
    c = chart.Chart("T", "D", (chart.Series("$x^$ and _y: total", (point,), key="a"),), "bodies")
    assert "$x^$ and _y: total" in texts(svg_of(c))


def test_boxes_filed_by_place_find_every_box_a_look_at_all_of_them_finds():
    """Numbers are placed off what they would hit, looked for by place (`_Boxes`): it
    must find what a look at every box finds, on the squares' edges too, and leave
    out the boxes it is told to (a point's own)."""
    import random

    rng = random.Random(7)
    side = chart._Boxes.CELL
    # corners on and near the squares' edges, boxes from a dot to several squares wide
    edge = [k * side + d for k in range(-2, 19) for d in (-1.0, -0.5, 0.0, 0.5, 1.0)]

    def box() -> chart._Box:
        x, y = rng.choice(edge) if rng.random() < .5 else rng.uniform(-80, 600), rng.uniform(-80, 600)
        return chart._Box(x, y, x + rng.choice([0.0, 1.0, 3.0, side, rng.uniform(0, 60)]),
                          y + rng.choice([0.0, 1.0, 3.0, side, rng.uniform(0, 60)]))

    boxes = [box() for _ in range(300)]
    filed = chart._Boxes(boxes)
    hits = 0
    for _ in range(3000):
        spot, gap = box(), rng.choice([0.0, 1.0, 2.5])
        but = {id(b) for b in rng.sample(boxes, 5)}
        expected = any(spot.hits(b, gap) for b in boxes if id(b) not in but)
        assert filed.hit(spot, gap, but) == expected, (spot, gap)
        hits += expected
    assert 300 < hits < 2700  # both answers were asked for, many times

# --- drawing many charts --------------------------------------------------------------------

def _drawn_here_is_a_failure(*_args):
    raise AssertionError("drawn in this process: the other process failed")


def test_charts_drawn_in_another_process_are_the_bytes_drawn_here(charts, monkeypatch):
    here = chart.draw(charts)
    chart.forget()
    monkeypatch.setattr(chart, "line_chart", _drawn_here_is_a_failure)
    assert chart.draw_in_background(charts, spare_core=True)() == here
    assert all(svg.startswith(b"<?xml") and b"</svg>" in svg for svg in here.values())


def test_the_drawing_process_is_kept_from_build_to_build(charts, monkeypatch):
    """Under `mkdocs serve` an edit to a figure draws its charts again: in a process that
    has imported matplotlib already (chart._Drawer), not a new one every time."""
    here = chart.draw(charts)
    monkeypatch.setattr(chart, "line_chart", _drawn_here_is_a_failure)
    pids = []
    for _build in range(2):
        chart.forget()
        assert chart.draw_in_background(charts, spare_core=True)() == here
        drawer = chart._drawer()
        assert drawer.proc is not None
        pids.append(drawer.proc.pid)
    assert pids[0] == pids[1] and drawer.proc.poll() is None


def _in_a_forked_process(work) -> str:
    """`work()`'s answer (text) from a process forked from this one, as a language's is
    under `mkdocs serve` (forked.py)."""
    import os

    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child answers through the pipe
        try:
            answer = str(work())
        except BaseException as exc:
            answer = f"failed: {type(exc).__name__}: {exc}"
        os.write(write, answer.encode())
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        answer = pipe.read().decode()
    os.waitpid(pid, 0)
    return answer


def test_processes_forked_after_share_drawer_use_its_drawer_not_their_own(charts, monkeypatch):
    """One matplotlib in memory for all the languages' processes (about 70 MiB each)."""
    here = chart.draw(charts)
    monkeypatch.setattr(chart, "_cores", lambda: 2)
    chart.share_drawer()
    shared = chart._drawer()
    assert shared.proc is not None and shared.proc.poll() is None

    def draw_there() -> str:
        chart.forget()
        chart.line_chart = _drawn_here_is_a_failure  # the forked process's own module only
        drawn = chart.draw_in_background(charts, spare_core=True)()
        return f"{drawn == here} {chart._drawer().proc.pid}"

    assert _in_a_forked_process(draw_there) == f"True {shared.proc.pid}"
    assert _in_a_forked_process(draw_there) == f"True {shared.proc.pid}"  # and again, as a rebuild
    assert chart._drawer() is shared and shared.proc.poll() is None


def test_a_drawer_whose_process_was_killed_leaves_no_folder_behind():
    drawer = chart._Drawer()
    assert drawer.proc is not None and drawer.proc.stdin is not None and os.path.isdir(drawer.folder)
    drawer.proc.stdin.close()  # as when the process that started it is killed: its input closes
    assert drawer.proc.wait(timeout=30) == 0
    assert not os.path.exists(drawer.folder)


def _drawn_here_and_the_drawer(charts):
    """The charts drawn in this process, and this process's drawer (running), with
    nothing drawn yet as far as the next build knows."""
    here = chart.draw(charts)
    chart.forget()
    with chart._drawer_lock:
        drawer = chart._drawer()
    assert drawer.proc is not None
    return here, drawer


def test_a_process_that_dies_mid_request_costs_the_drawer_that_request_only(charts, monkeypatch):
    import socket

    here, drawer = _drawn_here_and_the_drawer(charts)
    # one asks and goes before the whole request is sent; one sends it and goes before the answer
    with socket.socket(socket.AF_UNIX) as conn:
        conn.connect(drawer.address)
        conn.sendall((10**6).to_bytes(8, "little") + b"partial")
    with socket.socket(socket.AF_UNIX) as conn:
        conn.connect(drawer.address)
        chart._send(conn.makefile("wb"), list(charts.values()))
    monkeypatch.setattr(chart, "line_chart", _drawn_here_is_a_failure)
    assert chart.draw_in_background(charts, spare_core=True)() == here
    assert chart._drawer() is drawer and drawer.proc.poll() is None


def test_a_process_that_asks_and_stalls_holds_up_the_others_for_seconds_only(charts, monkeypatch):
    """The drawer answers one request after another: one that never comes (a process
    stopped or swapping) is let go after `chart.STALLED_S`."""
    import socket
    import threading

    here = chart.draw(charts)
    chart.forget()
    with chart._drawer_lock:
        drawer = chart._drawer()
    monkeypatch.setattr(chart, "line_chart", _drawn_here_is_a_failure)
    with socket.socket(socket.AF_UNIX) as stalled:
        stalled.connect(drawer.address)  # and never sends its request
        outcome: dict[str, object] = {}
        worker = threading.Thread(
            target=lambda: outcome.update(drawn=chart.draw_in_background(charts, spare_core=True)()),
            daemon=True)
        worker.start()
        worker.join(timeout=chart.STALLED_S + 30)
        assert outcome.get("drawn") == here, "the drawer waited for the stalled request"


def _drawer_processes(pid: int) -> list[int]:
    """The drawer's process and its workers."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [pid, *map(int, children.read_text().split())] if children.exists() else [pid]


def test_a_drawer_that_does_not_answer_is_given_up_and_the_charts_drawn_here(charts, monkeypatch):
    import signal
    import time

    here, drawer = _drawn_here_and_the_drawer(charts)
    stopped = _drawer_processes(drawer.proc.pid)
    monkeypatch.setattr(chart, "WAIT_S", 2.0)
    for pid in stopped:
        os.kill(pid, signal.SIGSTOP)  # as `kill -STOP`, or a machine swapping hard
    try:
        started = time.monotonic()
        assert chart.draw_in_background(charts, spare_core=True)() == here
        assert time.monotonic() - started < 30
        assert drawer.failed and chart._drawer() is not drawer  # a new one for the next build
    finally:
        for pid in stopped:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGCONT)


def test_a_long_temporary_folder_still_gets_a_drawer(charts, monkeypatch, tmp_path):
    """A Unix socket's address has about a hundred bytes: a longer TMPDIR would leave
    every build to draw in its own process, matplotlib imported in each."""
    import tempfile

    long = tmp_path / ("t" * 60) / ("m" * 60)
    long.mkdir(parents=True)
    monkeypatch.setattr(tempfile, "tempdir", str(long))
    drawer = chart._Drawer()
    try:
        assert drawer.proc is not None and len(os.fsencode(drawer.address)) < 104, drawer.address
        chart.forget()
        monkeypatch.setattr(chart, "_drawers", [drawer])
        here = chart.draw(charts)
        chart.forget()
        monkeypatch.setattr(chart, "line_chart", _drawn_here_is_a_failure)
        assert chart.draw_in_background(charts, spare_core=True)() == here
    finally:
        drawer.close()
    assert not os.path.exists(drawer.folder)


def test_the_shared_drawer_ends_when_the_process_that_started_it_closes_it(monkeypatch):
    """Not when the last process forked from it ends too: those hold a copy of its input."""
    import os
    import time

    monkeypatch.setattr(chart, "_cores", lambda: 2)
    chart.share_drawer()
    drawer = chart._drawer()
    assert drawer.proc is not None
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - a forked process that lives on until told
        os.close(write)
        os.read(read, 1)
        os._exit(0)
    os.close(read)
    try:
        proc = drawer.proc
        started = time.monotonic()
        drawer.close()
        # it ended by itself (closing its input), not killed after close's 5 s
        assert proc.returncode == 0 and time.monotonic() - started < 4
        assert not os.path.exists(drawer.folder)
    finally:
        os.close(write)
        os.waitpid(pid, 0)


def test_a_failed_drawing_process_falls_back_to_drawing_here(charts, monkeypatch):
    expected = chart.draw(charts)
    chart.forget()
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
    collect = chart.draw_in_background(charts, spare_core=True)
    assert collect() == expected


def test_unchanged_charts_are_not_drawn_again(charts, monkeypatch):
    first = chart.draw(charts)
    calls = []
    monkeypatch.setattr(chart, "line_chart", lambda c: calls.append(c) or b"redrawn")
    # no other process can start, so any chart drawn again is drawn here, and counted
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")
    assert chart.draw_in_background(charts, spare_core=True)() == first
    assert calls == []

    path = sorted(charts)[0]
    changed = {**charts, path: dataclasses.replace(charts[path], description="Changed.")}
    again = chart.draw_in_background(changed, spare_core=True)()
    assert [c.description for c in calls] == ["Changed."]
    assert again == {**first, path: b"redrawn"}


def test_build_site_gives_every_variant_of_every_chart(record):
    site = build_site(record)
    expected = sorted(f"ledger/{m}{suffix}.svg" for m in record.figures_by_measure for suffix in chart.VARIANTS)
    assert sorted(site.finish()) == sorted(site.charts) == expected
    assert "data/record.json" in site.files and "events/index.md" in site.pages


# --- the built site, in the browser -----------------------------------------------------------

@pytest.fixture(scope="module")
def project(record_sites: Path) -> Path:
    """The curated record plus conftest's disputing figure, built once (conftest's
    `record_sites`; its English site in `online`)."""
    return record_sites


@pytest.fixture(scope="module")
def served(project):
    with serve(project / "online") as base:
        yield base


@pytest.mark.build
def test_the_built_site_carries_the_charts_generate_writes(project, cli, tmp_path):
    out = tmp_path / "generated"
    assert cli("generate", "--facts-dir", str(project / "facts"), "--out", str(out)).returncode == 0
    svgs = sorted((project / "online" / "ledger").glob("*.svg"))
    measures = {p.stem for p in (out / "ledger").glob("*.svg") if not p.stem.endswith(("-dark", "-narrow"))}
    assert len(svgs) == 4 * len(measures) == 16
    for svg in svgs:
        assert svg.read_bytes() == (out / "ledger" / svg.name).read_bytes()
    # each chart's four variants on the page, their classes kept by the allowlist
    html = (project / "online" / "ledger" / "index.html").read_text(encoding="utf-8")
    for measure in measures:
        svg = (out / "ledger" / f"{measure}.svg").read_text(encoding="utf-8")
        title = re.search(r'<title id="title">([^<]+)</title>', svg).group(1)
        described = re.search(r'<desc id="desc">([^<]+)</desc>', svg).group(1)
        for suffix, (theme, layout) in chart.VARIANTS.items():
            # its alt text is the chart's title: what it shows is said once, under it
            assert re.search(rf'<img alt="{re.escape(title)}" class="chart chart-{theme} chart-{layout}" '
                             rf'src="{measure}{suffix}.svg"', html), (measure, suffix)
        assert html.count(described) == 1 and len(described) > len(title), measure


#: every chart image the reader can see: its file, box, and whether it has loaded
SHOWN = """() => [...document.querySelectorAll('article img.chart')].filter(i => i.checkVisibility()).map(i => {
  const r = i.getBoundingClientRect();
  return {src: i.getAttribute('src'), left: r.left, right: r.right, width: r.width, height: r.height,
          loaded: i.complete && i.naturalWidth > 0};
})"""


def _check_shown(v, project: Path, width: int, suffix: str) -> None:
    """One chart per measure shows, the variant `suffix` names, loaded, inside the
    screen, its smallest text at least 12 px as drawn; nothing scrolls sideways."""
    shown = v.page.evaluate(SHOWN)
    assert len(shown) == 4, shown  # one image per measure
    for img in shown:
        assert img["src"].endswith(f"{suffix}.svg"), (img, suffix)
        stem = img["src"].removesuffix(f"{suffix}.svg")
        assert not stem.endswith(("-dark", "-narrow")), (img, suffix)
        assert img["loaded"] and img["height"] > 20, img
        assert img["left"] >= 0 and img["right"] <= width, img
        svg = (project / "online" / "ledger" / img["src"]).read_text(encoding="utf-8")
        assert smallest_text_px(svg, img["width"]) >= 12, img
    assert v.page.evaluate("document.documentElement.scrollWidth") <= width  # nothing scrolls sideways


@pytest.mark.build
def test_on_a_phone_the_charts_fit_read_and_follow_the_reader_s_scheme(browser, served, project):
    with Visit(browser, width=360) as v:
        v.page.emulate_media(color_scheme="light")
        v.page.goto(served + "ledger/")
        v.page.wait_for_load_state("networkidle")
        _check_shown(v, project, 360, "-narrow")
        # the reader switches to dark: the dark charts show, not white panels
        v.page.click('label[title="Switch to dark mode"]')
        v.page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
        v.page.wait_for_load_state("networkidle")
        _check_shown(v, project, 360, "-narrow-dark")


@pytest.mark.build
def test_on_a_laptop_the_wide_charts_show_in_either_scheme(browser, served, project):
    with Visit(browser, width=1280) as v:
        v.page.emulate_media(color_scheme="dark")
        v.page.goto(served + "ledger/")
        v.page.wait_for_load_state("networkidle")
        assert v.page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        _check_shown(v, project, 1280, "-dark")
        v.page.click('label[title="Switch to light mode"]')
        v.page.wait_for_function("document.body.dataset.mdColorScheme === 'default'")
        _check_shown(v, project, 1280, "")


def test_a_days_date_number_is_matplotlibs():
    """The ticks count days since matplotlib's epoch by hand (chart._num): the same
    number date2num gives, for days across centuries and the record's own."""
    import matplotlib.dates as mdates

    days = [dt.date(1, 1, 1), dt.date(1969, 12, 31), dt.date(1970, 1, 1), dt.date(2025, 6, 13),
            dt.date(9999, 12, 31), *(dt.date(1900, 1, 1) + dt.timedelta(days=n) for n in range(0, 60000, 97))]
    assert chart._epoch_day() is not None  # matplotlib's default epoch, a midnight
    assert [chart._num(d) for d in days] == [float(mdates.date2num(d)) for d in days]

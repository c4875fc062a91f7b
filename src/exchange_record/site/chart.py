"""Static SVG charts of a measure over time, made with matplotlib at build time.

No JavaScript, no web font, no request to any other host; the same data always
gives the same bytes (fixed hash salt, no date in the metadata). The SVG carries
a `<title>` and a `<desc>`, and scales to its container.

Drawn for reading, on a phone as on a desk:

* commitments (what a side promised) have a panel of their own, one labelled
  row each, so that a promise of 6,000 never sets the scale of counts of 27;
* counts are on their own linear scale from zero, each point labelled with its
  number; points that would touch (a contested 27 and a 0 on one day, two
  claimants' equal figures) are set side by side, so that every figure of the
  chart is a point of its own;
* one colour and one marker shape per claimant, the same in every chart
  (`Series.colour`, given by the caller over the whole record), from the
  Okabe–Ito hues (told apart with the common colour-vision deficiencies), in a
  lightness tuned for each background;
* a hollow marker is a contested or uncorroborated figure, a dashed line a
  figure whose direction is a reading, a pale bar the month (or range) a figure
  allows; a key under the chart says so;
* dates read `11 Jun 2025` (in Russian `11 июн 2025`, the month declined after a
  day, `июнь 2025` alone), over the days the data spans and a few around;
* four variants of each chart (`VARIANTS`): light and dark (Material's default
  and slate palettes), wide (about 570–760 CSS px) and narrow (phones, 288–568
  px), each with text of at least 12 CSS px where it is shown (`LAYOUTS`); the
  dark ones are the light ones recoloured, not drawn again (`recoloured`).

Importing matplotlib and drawing take most of a second. Where the machine has a
spare core, `draw_in_background` does it in another process while the pages are
rendered; charts already drawn from the same data are reused (`mkdocs serve`
rebuilds after every edit). Either way the bytes are those of `line_chart`.
The drawing process is kept from build to build and shared by the processes
forked after it started (each language's, `share_drawer`): matplotlib is held
in memory once, not once a language (about 70 MiB each).
"""

from __future__ import annotations

import atexit
import contextlib
import dataclasses
import datetime as dt
import functools
import io
import itertools
import math
import os
import pickle
import re
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from .locale import N_

_FONTS = ["DejaVu Sans", "Arial", "Helvetica"]  # measured with the first; browsers fall back to sans-serif
_STYLE = {
    "svg.hashsalt": "exchange-record",  # stable ids: identical bytes on every build
    "svg.fonttype": "none",             # text stays text: searchable, screen-readable, small
    "text.parse_math": False,           # names are drawn as written: `$…$` is not mathtext
    "font.family": "sans-serif",
    "font.sans-serif": _FONTS,
    "axes.spines.top": False,
    "axes.spines.right": False,
}

#: Okabe–Ito hues (and a grey), as (on white, on Material's slate): every one at least
#: 4.5:1 against its background, so that lines, markers and the numbers written in
#: the claimant's colour all read.
PALETTE: tuple[tuple[str, str], ...] = (
    ("#0072b2", "#56b4e9"),  # blue
    ("#c75300", "#ff8a3d"),  # vermillion
    ("#007a5e", "#2ec4a0"),  # bluish green
    ("#b4457f", "#e990c4"),  # reddish purple
    ("#946400", "#e6b422"),  # amber
    ("#5e5e5e", "#b4b4b4"),  # grey
    ("#1f8bc2", "#9fd8f7"),  # sky blue
    ("#7a5fb0", "#b9a2f0"),  # violet
)
#: a marker shape per claimant too (seven, against eight colours: colour and shape
#: together tell 56 claimants apart), for readers who do not tell the colours apart
MARKERS = "osD^vph"


@dataclass(frozen=True)
class Theme:
    background: str
    text: str
    axis: str
    grid: str
    colours: tuple[str, ...]


#: light on Material's `default` scheme, dark on its `slate` (the page's own background)
THEMES = {
    "light": Theme("#ffffff", "#212121", "#6b6b6b", "#e6e6e6", tuple(c for c, _d in PALETTE)),
    "dark": Theme("#1e2129", "#d5d7dc", "#8b90a0", "#343846", tuple(d for _c, d in PALETTE)),
}


@dataclass(frozen=True)
class Layout:
    """Sizes in SVG units; the image is shown `width` units wide at about `width` CSS px."""

    width: float
    font: float          # every text of the chart
    marker: float        # marker diameter
    plot_height: float   # the counts panel
    line: float          # line width


#: wide: shown 569–757 px wide (Material's content column from 601 px up), so its text
#: is 15.5 × 569 / 720 ≥ 12.2 px; narrow: shown on phones, 328 px wide at 360 px, so
#: 13 × 328 / 336 ≥ 12.6 px.
LAYOUTS = {
    "wide": Layout(720, 15.5, 12, 250, 2.2),
    "narrow": Layout(336, 13, 11, 190, 2.0),
}
#: path suffix -> (theme, layout) of each variant of a chart
VARIANTS = {
    "": ("light", "wide"),
    "-dark": ("dark", "wide"),
    "-narrow": ("light", "narrow"),
    "-narrow-dark": ("dark", "narrow"),
}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Point:
    start: dt.date     # first possible day (a month-precise figure spans its month)
    end: dt.date       # last possible day
    low: float
    high: float
    label: str = ""       # the number as written beside the point: `1,212`, `at least 100,000`
    hollow: bool = False  # contested or uncorroborated
    when: str = ""        # the date as written (a commitment's row gives it)
    read: str = ""        # a commitment's readings as its row says them: `readings: direction, date`


@dataclass(frozen=True)
class Series:
    label: str
    points: tuple[Point, ...]
    dashed: bool = False   # the direction of its figures is a reading of the record
    kind: str = "total"    # total, sum (of transfers: a step line), read, commitment
    colour: int = 0        # the claimant's place in the record: its colour and marker
    key: str = ""          # the claimant's id (a slug), for the SVG's ids
    who: str = ""          # the claimant's name, for a commitment's row


@dataclass(frozen=True)
class Chart:
    """What one chart shows: everything `line_chart` needs, and nothing else."""

    title: str
    description: str
    series: tuple[Series, ...]
    unit: str
    theme: str = "light"
    layout: str = "wide"
    #: the chart's own words in the page's language (English -> translation); English if absent
    words: tuple[tuple[str, str], ...] = ()
    #: the month abbreviations of the date axis, January first
    months: tuple[str, ...] = ()
    #: the same after a day's number, where the language declines them (Russian `11 июн`,
    #: `2 мая`, against `июнь 2025`); `months` if absent
    day_months: tuple[str, ...] = ()
    #: the thousands separator of the axis' numbers
    group: str = ","

    def say(self, english: str) -> str:
        """One of the chart's own words, in the chart's language."""
        return dict(self.words).get(english, english)


#: the chart's own words, for the catalogues (site/locale.py): `Chart.words` carries them translated
WORDS = (N_("per"), N_("direction is a reading"), N_("Committed"), N_("Reported ({unit})"),
         N_("Hollow marker: a contested or uncorroborated figure"),
         N_("Dashed line: the direction is a reading, never added into a sum"),
         N_("Pale bar: the month, or the range of numbers, a figure allows"))


def variants(path: str, chart: Chart) -> dict[str, Chart]:
    """`ledger/x.svg` and its dark and narrow variants (`VARIANTS`), by path."""
    stem = path.removesuffix(".svg")
    return {f"{stem}{suffix}.svg": dataclasses.replace(chart, theme=theme, layout=layout)
            for suffix, (theme, layout) in VARIANTS.items()}


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("svg")  # no GUI backend, no display needed
    import matplotlib.pyplot as plt

    return plt


@functools.lru_cache(maxsize=4096)
def _width(text: str, size: float) -> float:
    """`text`'s width in SVG units, as matplotlib lays it out (browsers' fonts are narrower)."""
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    width, _h, _d = text_to_path.get_text_width_height_descent(
        text, FontProperties(family=_FONTS[:1], size=size), ismath=False)
    return float(width)


def _wrap(text: str, size: float, width: float) -> list[str]:
    """`text` in lines no wider than `width` (a word wider than that is cut)."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        while _width(word, size) > width and len(word) > 1:
            cut = max(1, max(n for n in range(1, len(word) + 1) if _width(word[:n], size) <= width or n == 1))
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:cut])
            word = word[cut:]
        candidate = f"{line} {word}" if line else word
        if line and _width(candidate, size) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line or not lines:
        lines.append(line)
    return lines


def _ordinal(x: float) -> int:
    import matplotlib.dates as mdates

    return int(mdates.num2date(x).date().toordinal())


def _num(day: dt.date) -> float:
    """matplotlib's date number of `day` (`date2num`): with its epoch at a midnight (its
    default, 1970-01-01), the whole days since, counted here (date2num goes through numpy
    for each date: at 10,000 facts, choosing a chart's ticks asked 20,000 times, more
    than half of the chart's drawing)."""
    epoch = _epoch_day()
    if epoch is None:
        import matplotlib.dates as mdates

        return float(mdates.date2num(day))
    return float(day.toordinal() - epoch)


@functools.cache
def _epoch_day() -> int | None:
    """The ordinal of matplotlib's epoch day, if its epoch is a midnight; else None."""
    import matplotlib.dates as mdates

    reference = dt.date(2000, 1, 1)
    number = float(mdates.date2num(reference))
    return reference.toordinal() - int(number) if number.is_integer() else None


#: tick spacings, finest first
_STEPS = (("day", 1), ("day", 2), ("day", 3), ("week", 1), ("week", 2), ("month", 1), ("month", 2),
          ("month", 3), ("month", 6), ("year", 1), ("year", 2), ("year", 5), ("year", 10), ("year", 25),
          ("year", 50), ("year", 100))


def _tick_days(first: dt.date, last: dt.date, unit: str, step: int, anchor: dt.date) -> list[dt.date]:
    """Days `step` days, weeks or months apart from `first` to `last`; days and weeks
    counted from `anchor` (the first day of the data: it has a tick), months and
    years from the calendar's."""
    if unit in ("day", "week"):
        n = step * (7 if unit == "week" else 1)
        start = first.toordinal()
        start += (anchor.toordinal() - start) % n
        return [dt.date.fromordinal(o) for o in range(start, last.toordinal() + 1, n)]
    months = step * (12 if unit == "year" else 1)
    out = []
    y, m = first.year, first.month
    while dt.date(y, m, 1) <= last:
        if dt.date(y, m, 1) >= first and (y * 12 + m - 1) % months == 0:
            out.append(dt.date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _date_ticks(x0: float, x1: float, ux: Callable[[float], float], size: float,
                width: float, anchor: dt.date, months: tuple[str, ...] = (),
                day_months: tuple[str, ...] = ()) -> tuple[list[float], list[str]]:
    """Ticks between x0 and x1 (matplotlib date numbers), with the finest spacing whose
    labels fit side by side within the figure (`ux`: a date number's x in SVG units).

    Labels read `11 Jun 2025`, the year on the first tick and wherever it changes
    (`Jun 2025` and `2025` on month and year ticks). A day's tick stands at its noon,
    under the points of that day; the first day of the data (`anchor`) has one."""
    first = dt.date.fromordinal(_ordinal(math.floor(x0)))
    last = dt.date.fromordinal(_ordinal(math.floor(x1)))
    fallback: tuple[list[float], list[str]] = ([], [])
    for unit, step in _STEPS:
        days = _tick_days(first, last, unit, step, anchor)
        noon = 0.5 if unit in ("day", "week") else 0.0
        kept = [d for d in days if x0 <= _num(d) + noon <= x1]
        if _crowded(kept, noon, ux, size, width, unit, months, day_months):
            continue
        for _ in range(2):  # a tick whose label would leave the figure goes; the next one takes the year
            labels = _tick_labels(kept, unit, months, day_months)
            inside = [d for d, label in zip(kept, labels, strict=True)
                      if ux(_num(d) + noon) - _width(label, size) / 2 >= 1
                      and ux(_num(d) + noon) + _width(label, size) / 2 <= width - 1]
            if inside == kept:
                break
            kept = inside
        labels = _tick_labels(kept, unit, months, day_months)
        xs = [_num(d) + noon for d in kept]
        spans = [(ux(x) - _width(t, size) / 2, ux(x) + _width(t, size) / 2)
                 for x, t in zip(xs, labels, strict=True)]
        apart = all(b1 + size <= a2 for (_a1, b1), (a2, _b2) in itertools.pairwise(spans))
        if apart and len(xs) >= 2:
            return xs, labels
        if apart and xs and not fallback[0]:
            fallback = (xs, labels)
    return fallback


def _crowded(days: list[dt.date], noon: float, ux: Callable[[float], float], size: float, width: float,
             unit: str, months: tuple[str, ...], day_months: tuple[str, ...] = ()) -> bool:
    """Whether ticks on `days` certainly fail `_date_ticks`' test, told from the two in
    the middle alone (the finest spacings have a tick a day over years: labelling and
    measuring each was a sixth of a chart's drawing at 10,000 facts). Those two stay
    whatever ticks at the edges go: each one's label is inside the figure even with
    its year (which a label gains when the tick before it goes, and which only widens
    it); and two ticks that stay, with no tick between, need their centres `size`
    apart at least (their labels' halves, and `size`, between them)."""
    if len(days) < 2:
        return False
    k = len(days) // 2 - 1
    centres = []
    for day in days[k:k + 2]:
        centre = ux(_num(day) + noon)
        longest = _tick_labels([day], unit, months, day_months)[0]  # a first tick's label has its year
        half = _width(longest, size) / 2
        if centre - half < 1 or centre + half > width - 1:
            return False
        centres.append(centre)
    return centres[1] - centres[0] < size


def _tick_labels(days: list[dt.date], unit: str, months: tuple[str, ...] = (),
                 day_months: tuple[str, ...] = ()) -> list[str]:
    names = (day_months or months or MONTHS) if unit in ("day", "week") else (months or MONTHS)
    labels, year = [], None
    for day in days:
        if unit == "year":
            text = str(day.year)
        else:
            text = f"{day.day} {names[day.month - 1]}" if unit in ("day", "week") else names[day.month - 1]
            if day.year != year:
                text += f" {day.year}"
        year = day.year
        labels.append(text)
    return labels


def _nice_top(high: float, nbins: int) -> list[float]:
    from matplotlib.ticker import MaxNLocator

    top = max(high * 1.12, 1.0)
    locator = MaxNLocator(nbins=nbins, integer=True, steps=[1, 2, 2.5, 5, 10])
    ticks = [float(t) for t in locator.tick_values(0, top)]
    ticks = [t for t in ticks if t >= 0]
    while ticks[-1] < top:  # pragma: no cover - MaxNLocator covers the range
        ticks.append(ticks[-1] + (ticks[1] - ticks[0]))
    return ticks


@dataclass
class _Box:
    left: float
    bottom: float
    right: float
    top: float

    def hits(self, other: _Box, gap: float = 0.0) -> bool:
        return not (self.right + gap <= other.left or other.right + gap <= self.left
                    or self.top + gap <= other.bottom or other.top + gap <= self.bottom)


class _Boxes:
    """Boxes filed by place: under each square of side `CELL` that a box covers, so
    that what may hit a box is looked for among the boxes near it, not among all of
    them (a chart of a thousand figures has tens of thousands of boxes). Finds what
    `_Box.hits` finds: two boxes that hit share a point, and that point's square is
    one each of them is filed under (or, for the box looked for, would be)."""

    CELL = 32.0

    def __init__(self, boxes: list[_Box] | None = None) -> None:
        self.cells: dict[tuple[int, int], list[_Box]] = {}
        for box in boxes or ():
            self.add(box)

    @classmethod
    def _squares(cls, box: _Box, gap: float = 0.0) -> Iterator[tuple[int, int]]:
        c = cls.CELL
        for i in range(math.floor((box.left - gap) / c), math.floor((box.right + gap) / c) + 1):
            for j in range(math.floor((box.bottom - gap) / c), math.floor((box.top + gap) / c) + 1):
                yield i, j

    def add(self, box: _Box) -> None:
        for square in self._squares(box):
            self.cells.setdefault(square, []).append(box)

    def hit(self, box: _Box, gap: float, but: set[int]) -> bool:
        """Whether `box` hits a box filed here (`_Box.hits` with `gap`) whose id is not in `but`."""
        cells = self.cells
        for square in self._squares(box, gap):
            for other in cells.get(square, ()):
                if box.hits(other, gap) and id(other) not in but:
                    return True
        return False


def line_chart(chart: Chart) -> bytes:
    """The SVG of `chart`: a commitments panel (if any) over a counts panel (if any),
    a legend and a key, in the chart's theme and layout.

    Only light charts are drawn: a chart in another theme is its light twin with
    each of the light theme's colours swapped for the other theme's (`recoloured`),
    which is what matplotlib draws in that theme but for the ids of marker shapes
    (a hash of their style). Geometry and text are the same in every theme, so this
    halves the drawing: the twin drawn last is kept (`_drawn_svg`) and the dark and
    light variants of a chart are asked for one after the other (in either order)."""
    if chart.theme == "light":
        return _drawn_svg(chart)
    twin = _drawn_svg(dataclasses.replace(chart, theme="light"))
    return recoloured(twin, THEMES["light"], THEMES[chart.theme])


def recoloured(svg: bytes, light: Theme, other: Theme) -> bytes:
    """A light chart's SVG in `other`'s colours: every colour of `light` in a style
    attribute (matplotlib writes colours nowhere else) replaced by the one in the same
    place of `other`; the words of the chart, text between tags (where `<` is always
    escaped), are left alone whatever they say."""
    swap = _swaps(light, other)

    def tag(m: re.Match[str]) -> str:
        return _STYLE_ATTRIBUTE.sub(
            lambda a: _COLOUR.sub(lambda c: swap.get(c.group(0), c.group(0)), a.group(0)), m.group(0))
    return _TAG.sub(tag, svg.decode("utf-8")).encode("utf-8")


_TAG = re.compile(r"<[^<>]*>")
_STYLE_ATTRIBUTE = re.compile(r'\sstyle="[^"]*"')
_COLOUR = re.compile(r"#[0-9a-f]{6}(?![0-9a-zA-Z])")


@functools.cache
def _swaps(light: Theme, other: Theme) -> dict[str, str]:
    pairs = [(light.background, other.background), (light.text, other.text), (light.axis, other.axis),
             (light.grid, other.grid), *zip(light.colours, other.colours, strict=True)]
    swap = dict(pairs)
    if len(swap) != len(pairs) or len(set(swap.values())) != len(swap):
        raise ValueError("a theme's colours must differ from each other, one for one")
    return swap


@functools.lru_cache(maxsize=4)
def _drawn_svg(chart: Chart) -> bytes:
    plt = _pyplot()
    with plt.rc_context(_STYLE):
        svg = _draw(plt, chart, THEMES[chart.theme], LAYOUTS[chart.layout])
    # Scale to the container, and say what the chart shows to those who cannot see it.
    svg = re.sub(r'(<svg[^>]*?) width="[^"]*" height="[^"]*"', r'\1 width="100%"', svg, count=1)
    svg = re.sub(r"(<svg[^>]*>)",
                 lambda m: (m.group(1).replace("<svg", '<svg role="img" aria-labelledby="title desc"', 1)
                            + f'\n <title id="title">{escape(chart.title)}</title>'
                            + f'\n <desc id="desc">{escape(chart.description)}</desc>'),
                 svg, count=1)
    return svg.encode("utf-8")


@dataclass(frozen=True)
class _Row:
    """A line of the legend, the key or the commitments: a swatch, then words."""

    lines: tuple[str, ...]
    colour: str
    marker: str = ""        # none: a line alone
    hollow: bool = False
    linestyle: str = "-"    # "", "-", "--"; "bar": a pale bar
    gid: str = ""


def _draw(plt: Any, chart: Chart, theme: Theme, layout: Layout) -> str:
    fs, W = layout.font, layout.width
    lh = fs * 1.3          # line height
    edge = 6.0             # space at the figure's left and right edges
    right = fs             # right margin of the plot: a number may reach into it
    swatch = 34.0
    text_w = W - 2 * edge - swatch - 8
    counts = [s for s in chart.series if s.kind != "commitment"]
    promises = [s for s in chart.series if s.kind == "commitment"]
    colour = [theme.colours[s.colour % len(theme.colours)] for s in chart.series]
    marker = [MARKERS[s.colour % len(MARKERS)] for s in chart.series]
    index = {id(s): i for i, s in enumerate(chart.series)}

    # --- what is written: commitments (a row each), the counts' legend, the key ----------
    say = chart.say
    promised = []
    for s in promises:
        i = index[id(s)]
        for j, p in enumerate(s.points):
            words = f"{p.label} {chart.unit} {say('per')} {s.who or s.label}"
            words += f", {p.when}" if p.when else ""
            if p.read:  # every reading of it (the direction's too, if any: overview.py)
                words += f" ({p.read})"
            elif s.dashed:
                words += f" ({say('direction is a reading')})"
            promised.append(_Row(tuple(_wrap(words, fs, text_w)), colour[i], marker[i], p.hollow,
                                 "--" if s.dashed else "-", f"commitment-{_safe(s.key)}-{i}-{j}"))
    legend = [_Row(tuple(_wrap(s.label, fs, text_w)), colour[index[id(s)]], marker[index[id(s)]], False,
                   "--" if s.dashed else "-", f"legend-{_safe(s.key)}-{index[id(s)]}") for s in counts]
    points = [p for s in chart.series for p in s.points]
    if any(p.hollow for p in points):
        hollow = say("Hollow marker: a contested or uncorroborated figure")
        legend.append(_Row(tuple(_wrap(hollow, fs, text_w)),
                           theme.text, "o", True, ""))
    if any(s.dashed for s in chart.series):
        legend.append(_Row(tuple(_wrap(say("Dashed line: the direction is a reading, never added into a sum"),
                                       fs, text_w)), theme.text, "", False, "--"))
    if any(p.end > p.start or p.high > p.low for s in counts for p in s.points):
        legend.append(_Row(tuple(_wrap(say("Pale bar: the month, or the range of numbers, a figure allows"),
                                       fs, text_w)), theme.text, "", False, "bar"))

    # --- x of the counts: the days they span, and a few around ----------------------------
    spanned = [p for s in counts for p in s.points]
    if spanned:
        lo, hi = _num(min(p.start for p in spanned)), _num(max(p.end for p in spanned)) + 1
    else:
        lo = hi = 0.0
    pad = max(2.0, (hi - lo) * 0.06)
    x0, x1 = lo - pad, hi + pad
    # --- y of the counts: from zero, the highest figure with room above it ---------------
    yticks = _nice_top(max((p.high for p in spanned), default=1.0), 4 if W < 500 else 5)
    ylabels = [f"{t:,.0f}".replace(",", chart.group) for t in yticks]
    left = max(_width(t, fs) for t in ylabels) + 14 + edge
    plot_w = W - left - right

    # --- the vertical layout, from the top, in SVG units -----------------------------------
    top = 8.0
    heads: list[tuple[float, str]] = []
    placed_rows: list[tuple[float, _Row]] = []

    def rows(items: list[_Row]) -> None:
        nonlocal top
        for row in items:
            placed_rows.append((top, row))
            top += len(row.lines) * lh + 4

    if promised:
        heads.append((top, chart.say("Committed")))
        top += lh + 2
        rows(promised)
        top += 12
    counts_box = None
    if counts:
        heads.append((top, chart.say("Reported ({unit})").format(unit=chart.unit)))
        top += lh + 4
        counts_box = (top, top + layout.plot_height)
        top += layout.plot_height + fs * 1.25 + 10 + 8
    rows(legend)
    height = math.ceil(top + 4)

    # --- drawing ---------------------------------------------------------------------------
    fig = plt.figure(figsize=(W / 72, height / 72), dpi=72)
    fig.patch.set_facecolor(theme.background)

    def text(x: float, t: float, s: str, **kw: Any) -> None:  # t: from the top
        fig.text(x / W, 1 - t / height, s, fontsize=fs, color=theme.text, va="top", **kw)

    for t, words in heads:
        text(edge, t, words, fontweight="bold")
    # Every swatch drawn on the figure itself, in SVG units from the top left: a set
    # of axes for them cost a fifth of a chart's drawing (one a swatch, half).
    from matplotlib.lines import Line2D  # loaded with pyplot (`_pyplot`)
    from matplotlib.transforms import Affine2D

    units = Affine2D().scale(1 / W, -1 / height).translate(0, 1) + fig.transFigure
    for t, row in placed_rows:
        mid = t + lh / 2 - 1
        if row.linestyle == "bar":
            fig.add_artist(Line2D([edge + 4, edge + swatch - 4], [mid, mid], transform=units,
                                  color=row.colour, alpha=0.3, linewidth=layout.marker * 0.6,
                                  solid_capstyle="butt"))
        elif row.linestyle:
            dashes: Any = row.linestyle  # "-" or "--" (matplotlib's stubs name each style)
            fig.add_artist(Line2D([edge + 1, edge + swatch - 1], [mid, mid], transform=units,
                                  color=row.colour, linewidth=layout.line, linestyle=dashes,
                                  solid_capstyle="butt", gid=row.gid or None))
        if row.marker:
            fig.add_artist(_marker(edge + swatch / 2, mid, row.marker, row.colour, row.hollow, theme, layout,
                                   transform=units))
        for k, line in enumerate(row.lines):
            text(edge + swatch + 8, t + k * lh + (lh - fs) / 2 - 1, line)

    if counts_box is not None:
        _counts(fig, chart, counts, theme, layout, colour, marker, index,
                (left, counts_box[0], plot_w, counts_box[1]), height, (x0, x1), yticks, ylabels)

    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": "exchange-record"},
                facecolor=theme.background)
    plt.close(fig)
    return buf.getvalue()


def _marker(x: float, y: float, shape: str, colour: str, hollow: bool, theme: Theme, layout: Layout,
            **kw: Any) -> Any:
    """A marker: filled, ringed with the background so that it stands off a line; or
    hollow (contested, uncorroborated). A line of its own (tests find each point by
    its gid), made as `ax.plot` makes it without reading plot's arguments, which
    took more time than the line; the caller adds it (to the counts' axes, or to
    the figure for a swatch, with `transform`)."""
    from matplotlib.lines import Line2D  # loaded with pyplot (`_pyplot`)

    return Line2D([x], [y], linestyle="none", marker=shape, markersize=layout.marker, color=colour,
                  markerfacecolor=theme.background if hollow else colour,
                  markeredgecolor=colour if hollow else theme.background,
                  markeredgewidth=2.2 if hollow else 1, clip_on=False, **kw)


def _counts(fig: Any, chart: Chart, counts: list[Series], theme: Theme, layout: Layout, colour: list[str],
            marker: list[str], index: dict[int, int], box: tuple[float, float, float, float], height: float,
            xlim: tuple[float, float], yticks: list[float], ylabels: list[str]) -> None:
    """The counts panel: `box` is (left, top, width, bottom) in SVG units from the figure's top left."""
    fs, W = layout.font, layout.width
    left, a, plot_w, b = box
    x0, x1 = xlim
    plot_h = b - a
    ax = fig.add_axes((left / W, 1 - b / height, plot_w / W, plot_h / height))
    ax.set_facecolor(theme.background)
    for name in ("left", "bottom"):
        ax.spines[name].set_color(theme.axis)
    ax.set_axisbelow(True)
    ax.set_xlim(x0, x1)
    yt = yticks[-1]
    k = (layout.marker / 2 + 4) / plot_h  # room under zero for a whole marker: 0 stands off the axis
    yb = -k * yt / (1 - k)
    ax.set_ylim(yb, yt)
    ax.set_yticks(yticks, ylabels)
    ax.tick_params(axis="y", labelsize=fs, colors=theme.axis, labelcolor=theme.text, length=4, pad=4)
    ax.grid(axis="y", color=theme.grid, linewidth=1)

    def ux(x: float) -> float:
        return left + (x - x0) / (x1 - x0) * plot_w

    def uy(y: float) -> float:  # units from the figure's bottom
        return (height - b) + (y - yb) / (yt - yb) * plot_h

    def dx(u: float) -> float:
        return x0 + (u - left) / plot_w * (x1 - x0)

    def dy(v: float) -> float:
        return yb + (v - (height - b)) / plot_h * (yt - yb)

    xs, labels = _date_ticks(x0, x1, ux, fs, W, min(p.start for s in counts for p in s.points), chart.months,
                                 chart.day_months)
    ax.set_xticks(xs, labels)
    ax.tick_params(axis="x", labelsize=fs, colors=theme.axis, labelcolor=theme.text, length=4, pad=4)
    ax.grid(axis="x", color=theme.grid, linewidth=1)

    # Every point where it would be drawn; one that would touch another moves sideways.
    d = layout.marker + 3
    placed: list[tuple[float, float]] = []
    where: dict[tuple[int, int], tuple[float, float]] = {}
    order = sorted((ux((_num(p.start) + _num(p.end) + 1) / 2), uy((p.low + p.high) / 2), index[id(s)], j)
                   for s in counts for j, p in enumerate(s.points))
    for u, v, i, j in order:
        cand = u
        for step in [0] + [m * sign for m in range(1, 60) for sign in (1, -1)]:
            cand = u + step * d
            if all(math.hypot(cand - pu, v - pv) >= d for pu, pv in placed):
                break
        placed.append((cand, v))
        where[(i, j)] = (cand, v)

    obstacles: list[_Box] = [_Box(pu - d / 2, pv - d / 2, pu + d / 2, pv + d / 2) for pu, pv in placed]
    #: the boxes of the points at each place, which a number there may touch (a place
    #: has one point unless a crowd left no room): found by identity, not compared
    own: dict[tuple[float, float], set[int]] = {}
    for place, point_box in zip(placed, obstacles, strict=True):
        own.setdefault(place, set()).add(id(point_box))
    bar = layout.marker * 0.6
    for s in counts:
        i = index[id(s)]
        px = [dx(where[(i, j)][0]) for j in range(len(s.points))]
        py = [(p.low + p.high) / 2 for p in s.points]
        ax.plot(px, py, color=colour[i], linewidth=layout.line, linestyle="--" if s.dashed else "-",
                drawstyle="steps-post" if s.kind == "sum" else "default", zorder=2,
                gid=f"series-{_safe(s.key)}-{i}")
        for j, p in enumerate(s.points):
            u, v = where[(i, j)]
            if p.end > p.start:  # a month: a pale bar over its days
                ax.plot([_num(p.start), _num(p.end) + 1], [py[j], py[j]], color=colour[i], alpha=0.3,
                        linewidth=bar, solid_capstyle="butt", zorder=1)
                obstacles.append(_Box(ux(_num(p.start)), v - bar / 2, ux(_num(p.end) + 1), v + bar / 2))
            if p.high > p.low:  # a range: a pale bar over its numbers
                ax.plot([px[j], px[j]], [p.low, p.high], color=colour[i], alpha=0.3,
                        linewidth=bar, solid_capstyle="butt", zorder=1)
                obstacles.append(_Box(u - bar / 2, uy(p.low), u + bar / 2, uy(p.high)))
            ax.add_line(_marker(px[j], py[j], marker[i], colour[i], p.hollow, theme, layout, zorder=3,
                                gid=f"point-{i}-{j}"))

    # The lines, as small boxes along them: a number is best written off every line.
    strokes: list[_Box] = []
    for s in counts:
        i = index[id(s)]
        verts = [where[(i, j)] for j in range(len(s.points))]
        if s.kind == "sum":  # steps: along, then up
            verts = [q for n, (u, v) in enumerate(verts)
                     for q in ([(u, verts[n - 1][1]), (u, v)] if n else [(u, v)])]
        for (ua, va_), (ub, vb) in itertools.pairwise(verts):
            steps = max(1, math.ceil(math.hypot(ub - ua, vb - va_) / 3))
            for n in range(steps + 1):
                cu, cv = ua + (ub - ua) * n / steps, va_ + (vb - va_) * n / steps
                strokes.append(_Box(cu - 1.5, cv - 1.5, cu + 1.5, cv + 1.5))

    # Each point's number beside it, where it covers no other point, bar or number (nor,
    # if it can, a line).
    r = layout.marker / 2 + 3
    area = _Box(left, height - b - fs, W - 2, height - a + fs * 1.3)
    h = fs * 1.1
    spots = [(r, 0, "left", "center"), (0, r, "center", "bottom"), (-r, 0, "right", "center"),
             (0, -r, "center", "top"), (r, r, "left", "bottom"), (-r, r, "right", "bottom"),
             (r, -r, "left", "top"), (-r, -r, "right", "top"),
             (0, 2.4 * r, "center", "bottom"), (0, -2.4 * r, "center", "top"),
             (2.4 * r, 0, "left", "center"), (-2.4 * r, 0, "right", "center")]
    placed_boxes, stroke_boxes = _Boxes(obstacles), _Boxes(strokes)
    for u, v, i, j in sorted(((*where[key], *key) for key in where), key=lambda t: (t[0], -t[1], t[2], t[3])):
        p = chart.series[i].points[j]
        if not p.label:
            continue
        w = _width(p.label, fs)
        mine = own[(u, v)]
        found = None
        for avoid in ((placed_boxes, stroke_boxes), (placed_boxes,)):
            for ox, oy, ha, valign in spots:
                bl = u + ox - {"left": 0.0, "center": w / 2, "right": w}[ha]
                bb = v + oy - {"bottom": 0.0, "center": h / 2, "top": h}[valign]
                spot = _Box(bl, bb, bl + w, bb + h)
                inside = (spot.left >= area.left and spot.right <= area.right
                          and spot.bottom >= area.bottom and spot.top <= area.top)
                if inside and not any(boxes.hit(spot, 1, mine) for boxes in avoid):
                    found = (spot, ox, oy, ha, valign)
                    break
            if found:
                break
        if found:
            spot, ox, oy, ha, valign = found
            placed_boxes.add(spot)
            ax.text(dx(u + ox), dy(v + oy), p.label, ha=ha, va=valign, fontsize=fs, color=colour[i],
                    zorder=4, clip_on=False, gid=f"label-{i}-{j}")


def _safe(key: str) -> str:
    return re.sub(r"[^a-z0-9-]", "", key.lower()) or "claimant"


# --- drawing many charts --------------------------------------------------------

#: charts drawn in this process's previous builds, by what they show, the most recently
#: used last: every language's charts of the last builds (`mkdocs serve`) are kept
_drawn: dict[Chart, bytes] = {}
_KEEP = 512


def forget() -> None:
    """Forget the charts drawn before: the next build draws every chart again."""
    _drawn.clear()


def draw(charts: dict[str, Chart]) -> dict[str, bytes]:
    """Every chart's SVG, drawn here and now (or reused)."""
    return draw_in_background(charts, spare_core=False)()


def draw_in_background(charts: dict[str, Chart],
                       spare_core: bool | None = None) -> Callable[[], dict[str, bytes]]:
    """Start drawing; the function returned waits for the SVGs, by path.

    With a spare core (`spare_core=None` asks the machine), the charts not drawn
    before are drawn by another Python process; if that fails for any reason,
    they are drawn here when asked for. The result is the same bytes either way.
    """
    missing = sorted({c for c in charts.values() if c not in _drawn},
                     key=lambda c: (c.title, c.theme, c.layout, c.description))
    if spare_core is None:
        spare_core = len(missing) > 0 and _cores() > 1
    outcome: dict[str, Any] = {}
    worker = None
    if spare_core and missing:
        worker = threading.Thread(target=_draw_elsewhere, args=(missing, outcome), daemon=True)
        worker.start()

    def collect() -> dict[str, bytes]:
        if worker is not None:
            worker.join()
        drawn: dict[Chart, bytes] = outcome.get("svgs") or {}
        fresh = {c: drawn.get(c) or line_chart(c) for c in charts.values() if c not in _drawn}
        for c in charts.values():  # this build's charts become the most recently used
            _drawn[c] = fresh[c] if c in fresh else _drawn.pop(c)
        for old in list(_drawn)[:max(0, len(_drawn) - _KEEP)]:
            del _drawn[old]
        return {path: _drawn[c] for path, c in charts.items()}

    return collect


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _draw_elsewhere(charts: list[Chart], outcome: dict[str, Any]) -> None:
    """Draw `charts` in the drawing process (`_Drawer`); leave the SVGs in `outcome`."""
    with _drawer_lock:
        svgs = _drawer().draw(charts)
    if svgs is not None and len(svgs) == len(charts):
        outcome["svgs"] = dict(zip(charts, svgs, strict=True))


_FOLDER_PREFIX = "exchange-record-charts-"  # the drawer's socket's folder, in the temporary folder
_SOCKET_PATH_MAX = 103  # bytes of a Unix socket's path, on the platforms with the least room


class _Drawer:
    """`python -m exchange_record.site.chart --serve FD`, kept from build to build:
    matplotlib is imported once (about a second), not at every rebuild that changes
    a chart. It listens on a Unix socket (FD, bound here before it starts, so that a
    request made while it imports waits for it): one connection a request, pickled
    charts in, pickled SVGs out, each message after its length; a worker a core
    (forked from it once matplotlib is loaded) takes the requests as they come. Any
    process that knows the address may ask: the processes forked from the one that
    started it (each language's under `mkdocs serve`) share it. One that asks and
    dies mid-request costs the drawer that request only, one that stalls holds a
    worker `STALLED_S` at most; a drawer that does not answer within `WAIT_S` is
    given up (the charts are drawn in the process that asked). It ends when its
    input closes: when the process that started it closes it or ends (the processes
    forked from that one close their copy, `_forked`), or `close`."""

    def __init__(self) -> None:
        self.owner, self.executable = os.getpid(), sys.executable
        self.failed = False  # a request failed: this process starts a drawer of its own
        self.proc: subprocess.Popen[bytes] | None = None
        self.folder = tempfile.mkdtemp(prefix=_FOLDER_PREFIX)
        if len(os.fsencode(self.folder)) > _SOCKET_PATH_MAX - len("/drawer") and os.path.isdir("/tmp"):
            os.rmdir(self.folder)  # a socket's address is 107 bytes at most (Linux; 103 on macOS)
            self.folder = tempfile.mkdtemp(prefix=_FOLDER_PREFIX, dir="/tmp")
        self.address = os.path.join(self.folder, "drawer")
        package_parent = str(Path(__file__).resolve().parents[2])
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(
            p for p in (package_parent, os.environ.get("PYTHONPATH")) if p)}
        # no process: drawn here instead, when collected
        with contextlib.suppress(OSError), socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as listener:
            listener.bind(self.address)
            listener.listen(16)
            fd = listener.fileno()
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "exchange_record.site.chart", "--serve", str(fd)],
                stdin=subprocess.PIPE, pass_fds=(fd,), env=env)
        if self.proc is None:
            shutil.rmtree(self.folder, ignore_errors=True)

    def usable(self) -> bool:
        """Worth asking: no request failed, and, in the process that started it, running."""
        if self.failed or self.proc is None or self.executable != sys.executable:
            return False
        return self.owner != os.getpid() or self.proc.poll() is None

    def draw(self, charts: list[Chart]) -> list[bytes] | None:
        if not self.usable():
            return None
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
                conn.settimeout(WAIT_S)  # a drawer stopped or stuck: drawn here instead
                conn.connect(self.address)
                with conn.makefile("rwb") as stream:
                    _send(stream, charts)
                    svgs: list[bytes] = _receive(stream)
            return svgs
        except (OSError, EOFError, ValueError, pickle.UnpicklingError):
            self.failed = True
            if self.owner == os.getpid():
                self.close()
            return None

    def close(self) -> None:
        """End the drawing process (only the process that started it may)."""
        # Taken first: at exit, a drawing thread that just lost its drawer closes too.
        proc, self.proc = self.proc, None
        if proc is not None:
            with contextlib.suppress(OSError):
                if proc.stdin is not None:
                    proc.stdin.close()
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=5)
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


_drawer_lock = threading.Lock()
_drawers: list[_Drawer] = []


def _drawer() -> _Drawer:
    """This process's drawing process: the one it started, or the one the process it
    was forked from had started (shared); a new one if that one failed, or for a
    changed `sys.executable`."""
    if _drawers and not _drawers[-1].usable():
        old = _drawers.pop()
        if old.owner == os.getpid():
            old.close()
    if not _drawers:
        _drawers.append(_Drawer())
    return _drawers[-1]


def share_drawer() -> None:
    """Start the drawing process now, if there is none: processes forked after this
    share it, instead of each starting one (and holding matplotlib) of its own."""
    if _cores() > 1:
        with _drawer_lock:
            _drawer()


def _forked() -> None:
    """In a forked process: a lock the parent held at the fork is free here, and its
    copy of the drawers' input is closed (a drawer ends when the process that started
    it closes its input, not when the last forked process has ended too)."""
    global _drawer_lock
    _drawer_lock = threading.Lock()
    for drawer in _drawers:
        if drawer.proc is not None and drawer.proc.stdin is not None:
            with contextlib.suppress(OSError):
                drawer.proc.stdin.close()


os.register_at_fork(after_in_child=_forked)


@atexit.register
def _close_drawer() -> None:
    for drawer in _drawers:
        if drawer.owner == os.getpid():
            drawer.close()


def _send(stream: io.BufferedIOBase, value: object) -> None:
    data = pickle.dumps(value)
    stream.write(len(data).to_bytes(8, "little") + data)
    stream.flush()


def _receive(stream: io.BufferedIOBase) -> Any:
    head = stream.read(8)
    if len(head) < 8:
        raise EOFError("the drawing process ended")
    size = int.from_bytes(head, "little")
    data = stream.read(size)
    if len(data) < size:
        raise EOFError("the drawing process ended")
    return pickle.loads(data)


#: seconds a request may take to arrive, or its answer to be taken: a process that
#: asks and then stalls (stopped, swapping) holds up the others' requests no longer
STALLED_S = 5.0
#: seconds a process waits for the drawer to take its request or answer it (the others'
#: requests first: each language's charts take seconds at 10,000 facts): longer, and
#: the drawer is stopped or stuck, so the process draws its charts itself
WAIT_S = 120.0


def _answer(conn: socket.socket) -> None:
    """One request: charts in, their SVGs out; a process that asked and died, or
    stalled, is let go (it draws its charts itself when it goes on)."""
    conn.settimeout(STALLED_S)  # a timeout is an OSError
    with conn, contextlib.suppress(OSError, EOFError, ValueError, pickle.UnpicklingError), \
            conn.makefile("rwb") as stream:
        charts = _receive(stream)
        _send(stream, [line_chart(c) for c in charts])


def _warm_up() -> None:
    """What every drawing loads once: matplotlib and its SVG backend, the font."""
    plt = _pyplot()
    fig = plt.figure()
    fig.text(0, 0, "0")
    fig.savefig(io.BytesIO(), format="svg")
    plt.close(fig)
    _width("0", 10.0)


def _main() -> None:
    """The drawing process (`_Drawer` starts it): `--serve FD`, a request per
    connection to the listening Unix socket FD until its input closes."""
    args = sys.argv[1:]
    if len(args) != 2 or args[0] != "--serve" or not args[1].isdigit():
        sys.exit("usage: python -m exchange_record.site.chart --serve FD (started by a build, not by hand)")
    # Ctrl-C in a terminal reaches the whole process group: the build that started this
    # process ends it by closing its input
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    listener = socket.socket(fileno=int(args[1]))
    listener.setblocking(False)  # the other worker may take the request first
    stdin = sys.stdin.buffer.fileno()
    # One worker a core, forked once matplotlib and the font are loaded (shared, and
    # warm for every request): the languages' requests are drawn side by side.
    _warm_up()
    for _worker in range(1, _cores() if hasattr(os, "fork") else 1):
        if os.fork() == 0:
            break
    while True:
        ready, _, _ = select.select([stdin, listener], [], [])
        if stdin in ready and not os.read(stdin, 4096):
            # the process that started this one closed it, or ended (killed, say: the
            # socket's folder is removed here too)
            folder = os.path.dirname(listener.getsockname())
            listener.close()
            if os.path.basename(folder).startswith(_FOLDER_PREFIX):
                shutil.rmtree(folder, ignore_errors=True)
            return
        if listener in ready:
            try:
                conn, _ = listener.accept()
            except BlockingIOError:
                continue
            _answer(conn)


if __name__ == "__main__":
    _main()

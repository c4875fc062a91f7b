"""Static SVG charts of a measure over time, made with matplotlib at build time.

No JavaScript, no web font, no request to any other host; the same data always
gives the same bytes (fixed hash salt, no date in the metadata). The SVG carries
a `<title>` and a `<desc>`, and scales to its container.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape

import matplotlib

matplotlib.use("svg")  # no GUI backend, no display needed

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.ticker  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402

_STYLE = {
    "svg.hashsalt": "exchange-record",  # stable ids: identical bytes on every build
    "svg.fonttype": "none",             # text stays text: searchable, screen-readable, small
    "font.family": "sans-serif",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


@dataclass(frozen=True)
class Point:
    start: dt.date     # first possible day (a month-precise figure spans its month)
    end: dt.date       # last possible day
    low: float
    high: float


@dataclass(frozen=True)
class Series:
    label: str
    points: tuple[Point, ...]
    dashed: bool = False


def line_chart(title: str, description: str, series: list[Series], unit: str) -> bytes:
    """An SVG line chart; a point whose date is a month (or whose number is a range) is
    drawn with a band over the days (or numbers) it allows."""
    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(7.2, 3.0 + 0.2 * len(series)), dpi=100)
        markers = "osD^vP*X"
        for i, s in enumerate(series):
            starts = [mdates.date2num(p.start) for p in s.points]
            ends = [mdates.date2num(p.end) + 1 for p in s.points]  # to the end of the last day
            xs = [(a + b) / 2 for a, b in zip(starts, ends)]
            ys = [(p.low + p.high) / 2 for p in s.points]
            (line,) = ax.plot(xs, ys, label=s.label, marker=markers[i % len(markers)],
                              linestyle="--" if s.dashed else "-", linewidth=1.4, markersize=4)
            colour = line.get_color()
            # A date known only to the month spans the month; a range spans low to high.
            wide = [(a, b, y) for a, b, y in zip(starts, ends, ys) if b - a > 1.5]
            if wide:
                ax.hlines([y for _a, _b, y in wide], [a for a, _b, _y in wide], [b for _a, b, _y in wide],
                          colors=colour, linewidth=3, alpha=0.35)
            tall = [(x, p.low, p.high) for x, p in zip(xs, s.points) if p.high > p.low]
            if tall:
                ax.vlines([x for x, _l, _h in tall], [lo for _x, lo, _h in tall], [hi for _x, _l, hi in tall],
                          colors=colour, linewidth=3, alpha=0.35)
        ax.xaxis_date()
        ax.set_ylabel(unit)
        ax.set_ylim(bottom=0)
        ax.yaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
        locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
        ax.grid(axis="y", linewidth=0.4, alpha=0.6)
        if series:  # below the plot, so that it never hides a line
            ax.legend(loc="upper left", bbox_to_anchor=(0, -0.12), fontsize=8, frameon=False)
        fig.tight_layout()
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": "exchange-record"})
        plt.close(fig)
    svg = buf.getvalue()
    # Scale to the container, and say what the chart shows to those who cannot see it.
    svg = re.sub(r'(<svg[^>]*?) width="[^"]*" height="[^"]*"', r'\1 width="100%"', svg, count=1)
    svg = re.sub(r"(<svg[^>]*>)",
                 lambda m: (m.group(1).replace("<svg", '<svg role="img" aria-labelledby="title desc"', 1)
                            + f'\n <title id="title">{escape(title)}</title>'
                            + f'\n <desc id="desc">{escape(description)}</desc>'),
                 svg, count=1)
    return svg.encode("utf-8")

"""Static SVG charts of a measure over time, made with matplotlib at build time.

No JavaScript, no web font, no request to any other host; the same data always
gives the same bytes (fixed hash salt, no date in the metadata). The SVG carries
a `<title>` and a `<desc>`, and scales to its container.

Importing matplotlib and drawing take most of a second. Where the machine has a
spare core, `draw_in_background` does it in another process while the pages are
rendered; charts already drawn from the same data are reused (`mkdocs serve`
rebuilds after every edit). Either way the bytes are those of `line_chart`.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import pickle
import re
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

_STYLE = {
    "svg.hashsalt": "exchange-record",  # stable ids: identical bytes on every build
    "svg.fonttype": "none",             # text stays text: searchable, screen-readable, small
    "text.parse_math": False,           # names are drawn as written: `$…$` is not mathtext
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


@dataclass(frozen=True)
class Chart:
    """What one chart shows: everything `line_chart` needs, and nothing else."""

    title: str
    description: str
    series: tuple[Series, ...]
    unit: str


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("svg")  # no GUI backend, no display needed
    import matplotlib.pyplot as plt

    return plt


def line_chart(title: str, description: str, series: list[Series] | tuple[Series, ...], unit: str) -> bytes:
    """An SVG line chart; a point whose date is a month (or whose number is a range) is
    drawn with a band over the days (or numbers) it allows."""
    plt = _pyplot()
    import matplotlib.dates as mdates
    import matplotlib.ticker

    with plt.rc_context(_STYLE):
        fig, ax = plt.subplots(figsize=(7.2, 3.0 + 0.2 * len(series)), dpi=100)
        markers = "osD^vP*X"
        lines = []
        for i, s in enumerate(series):
            starts = [mdates.date2num(p.start) for p in s.points]
            ends = [mdates.date2num(p.end) + 1 for p in s.points]  # to the end of the last day
            xs = [(a + b) / 2 for a, b in zip(starts, ends, strict=False)]
            ys = [(p.low + p.high) / 2 for p in s.points]
            (line,) = ax.plot(xs, ys, label=s.label, marker=markers[i % len(markers)],
                              linestyle="--" if s.dashed else "-", linewidth=1.4, markersize=4)
            lines.append(line)
            colour = line.get_color()
            # A date known only to the month spans the month; a range spans low to high.
            wide = [(a, b, y) for a, b, y in zip(starts, ends, ys, strict=False) if b - a > 1.5]
            if wide:
                ax.hlines([y for _a, _b, y in wide], [a for a, _b, _y in wide], [b for _a, b, _y in wide],
                          colors=colour, linewidth=3, alpha=0.35)
            tall = [(x, p.low, p.high) for x, p in zip(xs, s.points, strict=False) if p.high > p.low]
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
            # Handles and labels given, so that a label starting with `_` is not left out.
            ax.legend(lines, [s.label for s in series], loc="upper left", bbox_to_anchor=(0, -0.12),
                      fontsize=8, frameon=False)
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


# --- drawing many charts --------------------------------------------------------

#: charts drawn in this process's previous builds, by what they show
_drawn: dict[Chart, bytes] = {}


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
    missing = sorted({c for c in charts.values() if c not in _drawn}, key=lambda c: c.title)
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
        fresh = {c: drawn.get(c) or line_chart(c.title, c.description, c.series, c.unit)
                 for c in charts.values() if c not in _drawn}
        kept = {c: _drawn[c] for c in charts.values() if c in _drawn}
        _drawn.clear()  # keep only this build's charts
        _drawn.update(kept)
        _drawn.update(fresh)
        return {path: _drawn[c] for path, c in charts.items()}

    return collect


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _draw_elsewhere(charts: list[Chart], outcome: dict[str, Any]) -> None:
    """Draw `charts` with `python -m exchange_record.site.chart`; leave the SVGs in `outcome`."""
    package_parent = str(Path(__file__).resolve().parents[2])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        p for p in (package_parent, os.environ.get("PYTHONPATH")) if p)}
    try:
        proc = subprocess.run([sys.executable, "-m", "exchange_record.site.chart"],
                              input=pickle.dumps(charts), capture_output=True, env=env,
                              timeout=600, check=False)
        if proc.returncode == 0:
            svgs = pickle.loads(proc.stdout)
            outcome["svgs"] = dict(zip(charts, svgs, strict=False))
    except (OSError, subprocess.SubprocessError, pickle.UnpicklingError, EOFError):
        pass  # drawn here instead, when collected


def _main() -> None:
    """The other process: charts on stdin, their SVGs on stdout, both pickled."""
    charts = pickle.loads(sys.stdin.buffer.read())
    svgs = [line_chart(c.title, c.description, c.series, c.unit) for c in charts]
    sys.stdout.buffer.write(pickle.dumps(svgs))


if __name__ == "__main__":
    _main()

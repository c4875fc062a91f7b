"""Pages across the record: home summary, timeline, ledger, disagreements, data, changes.

Like `render.py` these return Markdown (and, for the ledger, SVG bytes); every
number is a link to its figure page and never appears without its claimant.
"""

from __future__ import annotations

import dataclasses
import json
from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Literal

from babel.dates import get_month_names
from babel.numbers import get_group_symbol
from markupsafe import Markup

from .. import __version__
from ..record.compare import Disagreement
from ..record.kinds import KINDS
from ..record.load import LoadedFact
from ..record.models import Figure
from ..record.schema import REPOSITORY, SITE
from . import collation
from .blocks import html_blocks
from .chart import WORDS as CHART_WORDS
from .chart import Chart, Point, Series, variants
from .export import DATA_FILES
from .history import History, day_anchor, human_date
from .locale import ENGLISH, Locale
from .markdown import escape, link, relative
from .pages import LISTING, Renderer, direction_is_read, readings_of
from .words import DIRECTIONS, Words, page_path

SUMMARY_MARKER = "<!-- exchange-record: summary -->"
#: what the record spans and when it last changed, in a line (the home page's lede)
COVERAGE_MARKER = "<!-- exchange-record: coverage -->"
#: A chart shows at most this many claimants' lines (those with the most figures);
#: every figure is in the table beneath it.
MAX_SERIES = 8
#: The Changes page lists this many of the newest commits that touched a fact;
#: the repository's history holds the rest.
CHANGES_SHOWN = 300
#: a commit that added or changed more facts than this (a spelling pass, the translations
#: of every fact) is counted by kind, not listed title by title: each fact's page gives its
#: own history (site/pages.py `_last_changed`)
CHANGES_LISTED = 40
#: how many facts of each kind a commit touched, as the Data page counts them
_COUNTED = {"actors": ("%(num)s actor", "%(num)s actors"), "places": ("%(num)s place", "%(num)s places"),
            "sources": ("%(num)s source", "%(num)s sources"), "events": ("%(num)s event", "%(num)s events"),
            "figures": ("%(num)s figure", "%(num)s figures")}


def measure_title(measure: str, locale: Locale = ENGLISH) -> str:
    """`Remains returned to Ukraine` (words.Words.measure_title, in `locale`)."""
    return Words(locale).measure_title(measure)


def _interval_text(figs: list[LoadedFact], locale: Locale = ENGLISH) -> str:
    low = min(_bounds(f.figure)[0] for f in figs)
    high = max(_bounds(f.figure)[1] for f in figs)
    n = locale.number
    return n(low) if low == high else f"{n(low)}–{n(high)}"


@dataclass(frozen=True, eq=False)
class _Made:
    """What a measure's chart lines and description are made from (`Overview._made`)."""

    figures: tuple[Any, ...]
    ids: tuple[str, ...]
    statuses: tuple[str | None, ...]
    claimants: tuple[tuple[str, str, int], ...]
    words: Any  # the language's catalogue (site/locale.py): read again when its .po changes

    def same(self, other: _Made) -> bool:
        return (len(self.figures) == len(other.figures)
                and all(a is b for a, b in zip(self.figures, other.figures, strict=True))
                and self.ids == other.ids and self.statuses == other.statuses
                and self.claimants == other.claimants and self.words is other.words)


#: each measure's chart lines and description by (language, measure), with what they
#: were made from: a rebuild makes again only those of the measures an edit touched
#: (making them all was 0.8 s of each language's every rebuild at 10,000 facts)
_MADE: dict[tuple[str, str], tuple[_Made, list[Series], str]] = {}


class Overview:
    def __init__(self, renderer: Renderer, history: History | None = None) -> None:
        self.r = renderer
        self.record = renderer.raw  # not kept from build to build: nothing to note (site/reads.py)
        self.history = history or History()
        self._colour_order: dict[str, int] | None = None
        #: each measure's chart lines and its description, worked out once a build: the
        #: chart and the ledger both ask (at 10,000 facts each was 0.1-0.2 s a language)
        self._lines: dict[str, list[Series]] = {}
        self._described: dict[str, str] = {}

    # --- helpers ------------------------------------------------------------------

    def claim(self, f: LoadedFact, here: str) -> Markup:
        """`[1,212 bodies returned to Ukraine](figure) per [Medinsky](actor) (Russia),
        11 June 2025`, with the figure's reading marker."""
        claim: Markup = self.r.helpers(here)["claim"](f.id)
        return claim

    def grouped(self, figs: list[LoadedFact], here: str, label: str = "") -> list[Markup]:
        """One line per event (or per date, for figures of no event), newest first: the
        date, then each number with everyone who gives it, each claimant linked to
        their figure with its reading marker, side and status:

        `**13 June 2025**: [1,200 bodies returned to Ukraine](event) per [Coordination
        HQ](figure) (Ukraine, confirmed), [Unnamed source](figure) (side unknown, confirmed)`

        so that one transfer reported by two claimants is one line, never two that a
        reader would add up."""
        h = self.r.helpers(here)
        groups: dict[tuple[str, str], list[LoadedFact]] = {}
        for f in figs:
            m = f.figure
            groups.setdefault((m.event or "", "" if m.event else str(m.as_of)), []).append(f)

        def last_day(members: list[LoadedFact]) -> Any:
            event = self.record.index.get(members[0].figure.event or "")
            return (event.event.span.last_day() if event is not None and event.kind == "events"
                    else max(x.figure.as_of.last_day() for x in members))

        lines = []
        reads, folder = self.r.reads, here.rpartition("/")[0]
        for (event_id, day), members in sorted(groups.items(), key=lambda kv: (last_day(kv[1]), kv[0]),
                                              reverse=True):
            # A line is a fragment (site/reads.py): kept from build to build while the
            # facts it shows are (the event, each figure, each claimant: read here from the
            # record as built, noted by hand) and what the helpers read is unchanged.
            key = "\0".join((label, event_id, day, *(f.id for f in members)))
            if (kept := self.r.fragment("line", folder, key)) is not None:
                lines.append(kept)
                continue
            with reads.frame() as read:
                shown = {event_id, *(f.id for f in members), *(f.figure.claimed_by for f in members)}
                for fid in shown - {""}:
                    reads.add("index", fid)
                lines.append(self._line(event_id, members, h, label, here))
            self.r.keep_fragment("line", folder, key, lines[-1], read)
        return lines

    def _line(self, event_id: str, members: list[LoadedFact], h: dict[str, Any], label: str,
              here: str) -> Markup:
        """One line of `grouped`."""
        w, _ = self.r.w, self.r.locale._
        event = self.record.index.get(event_id) if event_id else None
        if event is not None and event.kind == "events":
            when = w.when(event.event.span)
        else:
            event = None
            when = w.when(members[0].figure.as_of)
        amounts: dict[tuple[Any, ...], list[LoadedFact]] = {}
        for f in sorted(members, key=lambda x: (x.figure.as_of.sort_key(), x.id)):
            m = f.figure
            amounts.setdefault((m.value, m.low, m.high, m.qualifier, m.scope), []).append(f)
        parts = []
        for same in amounts.values():
            amount = w.mention(same[0].figure)
            who = Markup(", ").join(
                link(self.r.label(self.record.index[f.figure.claimed_by])
                     if f.figure.claimed_by in self.record.index else f.figure.claimed_by,
                     page_path("figures", f.id), here)
                + h["mark"](f.id)
                + Markup(" ({}, {})").format(h["side_of"](f.figure.claimed_by), h["status"](f.id))
                for f in same)
            # The number leads to its event (every claim of it); each name to its figure.
            said = link(str(amount), page_path("events", event.id), here) if event is not None else amount
            parts.append(said + Markup(" {} ").format(_("per")) + who)
        head = Markup("**{}**").format(label + ", " + str(when) if label else when)
        if event is not None:  # the event's date, place… where the record read them: marked here too
            head += h["mark"](event.id)
        return head + Markup(": ") + Markup("; ").join(parts)

    def _latest_per_claimant(self, figs: list[LoadedFact]) -> list[LoadedFact]:
        latest: dict[str, LoadedFact] = {}
        for f in figs:  # sorted by date already
            latest[f.figure.claimed_by] = f
        return sorted(latest.values(), key=lambda f: (f.figure.as_of.sort_key(), f.id))

    def render(self, template: str, here: str, title: str, **context: Any) -> str:
        return self.r.render(template, here, None, title=title, **context)

    # --- home summary ----------------------------------------------------------------

    def summary(self, here: str = "index.md") -> Markup:
        """The home page's answer: per direction, the transfers (one line each, with
        their claimants), the latest totals and the commitments; figures whose direction
        is a reading apart."""
        _ = self.r.locale._
        w = self.r.w
        # Only a measure with a Disagreement has a section on the disagreements page.
        disputed = {d.measure for d in self.record.disagreements}
        sections = []
        for measure in DIRECTIONS:
            figs = self.record.figures_by_measure.get(measure, [])
            if not figs:
                continue
            # A figure whose direction is a reading is never counted under the
            # direction as if it were certain: it has a line of its own.
            read = [f for f in figs if direction_is_read(f.figure)]
            by_scope: dict[str, list[LoadedFact]] = defaultdict(list)
            for f in figs:
                if not direction_is_read(f.figure):
                    by_scope[f.figure.scope].append(f)
            latest = self._latest_per_claimant(by_scope["cumulative"])
            lines = (self.grouped(by_scope["event"], here)
                     + self.grouped(latest, here, _("In all"))
                     + self.grouped(by_scope["commitment"], here, _("Committed")))
            parts = {
                "heading": w.measure_title(measure), "measure": measure, "lines": lines,
                "read": [line for scope, label in (("event", ""), ("cumulative", _("In all")),
                                                   ("commitment", _("Committed")))
                         for line in self.grouped([f for f in read if f.figure.scope == scope], here, label)],
                "warning": None, "note": None,
                "contested": any(self.record.status[f.id] == "contested" for f in figs),
            }
            values = {(f.figure.value, f.figure.low, f.figure.high) for f in latest}
            to_disagreements = Markup(relative("disagreements.md", here) + "#" + measure)
            if len(values) > 1 and measure in disputed:
                parts["warning"] = Markup(_("The latest totals range from {range}: see "
                                            "[the disagreements]({url}).")).format(
                    range=_interval_text(latest, self.r.locale), url=to_disagreements)
            elif len(values) > 1:
                different_dates = len({str(f.figure.as_of) for f in latest}) == len(latest)
                parts["note"] = Markup(
                    _("The latest totals differ ({range}); they are of different dates, and none of "
                      "these figures contradicts another: see [the ledger]({url}).") if different_dates
                    else _("The latest totals differ ({range}), and none of these figures contradicts "
                           "another: see [the ledger]({url}).")).format(
                    range=_interval_text(latest, self.r.locale),
                    url=Markup(relative("ledger.md", here) + "#" + measure))
            elif parts["contested"] and measure in disputed:
                parts["note"] = Markup(_("Some of these figures are contested: see "
                                         "[the disagreements]({url}).")).format(url=to_disagreements)
            sections.append(parts)
        others = [m for m in self.record.figures_by_measure if m not in DIRECTIONS]
        env = self.r.env.get_template("summary.md.j2")
        return Markup(html_blocks(env.render(**self.r.helpers(here), sections=sections, here=here,
                                             others=others, link=link), here, self.r.directory_urls,
                                  self.r.blocks))

    def expand(self, markdown: str, here: str = "index.md") -> str:
        """Hand-written Markdown with the record's markers filled in."""
        return "".join(text for text, _ in self.expand_parts(markdown, here))

    def expand_parts(self, markdown: str, here: str = "index.md") -> list[tuple[str, bool]]:
        """`expand` in pieces, in order, each with whether the record wrote it (True) or
        the page's author: an engine may treat the record's as it treats generated
        pages (site/blocks.py `stash_blocks`), never the author's."""
        parts: list[tuple[str, bool]] = [(markdown, False)]
        for marker, made in ((COVERAGE_MARKER, self.coverage), (SUMMARY_MARKER, lambda: self.summary(here))):
            for k, (text, ours) in enumerate(parts):
                if not ours and marker in text:  # the first one, as written
                    before, after = text.split(marker, 1)
                    parts[k:k + 1] = [(before, False), (str(made()), True), (after, False)]
                    break
        return [(text, ours) for text, ours in parts if text]

    @staticmethod
    def shows_record(markdown: str) -> bool:
        """Whether hand-written Markdown shows the record (has a marker `expand` fills)."""
        return SUMMARY_MARKER in markdown or COVERAGE_MARKER in markdown

    def coverage(self) -> Markup:
        """`The record covers 2 June 2025 to 13 June 2025. Events: 9; figures: 16;
        claimants: 7; sources: 19. Last updated 29 November 2026.`"""
        _ = self.r.locale._
        locale = self.r.locale
        events = self.record.by_kind["events"]
        figures = self.record.by_kind["figures"]
        text = ""
        if events:
            # The span of the events known to the day, where there are any: "2 June 2025
            # to 13 June 2025", not "June 2025 to June 2025".
            spans = [f.event.span for f in events if f.event.span.start.day] or [f.event.span for f in events]
            first = min(spans, key=lambda s: s.first_day())
            last = max(spans, key=lambda s: s.last_day())
            claimants = len({f.figure.claimed_by for f in figures})
            # Counts after labels: right in every language without plural forms.
            text = _("The record covers {first} to {last}. Events: {events}; figures: {figures}; "
                     "claimants: {claimants}; sources: {sources}.").format(
                first=locale.date(first.start), last=locale.date(last.end or last.start),
                events=locale.number(len(events)), figures=locale.number(len(figures)),
                claimants=locale.number(claimants),
                sources=locale.number(len(self.record.by_kind["sources"])))
        updated = self.r.updated()
        if updated:
            text += (" " if text else "") + updated
        return Markup('<p class="record-coverage">{}</p>').format(text) if text else Markup("")

    # --- pages -------------------------------------------------------------------------

    def pages(self) -> dict[str, str]:
        return {
            "timeline.md": self.timeline(), "ledger.md": self.ledger(),
            "disagreements.md": self.disagreements(), "data.md": self.data(),
            "changes.md": self.changes(),
        }

    def timeline(self) -> str:
        """Events by the month each ends in (the record's order is by the last day an
        event could be, so a range stands where it ends); in each month the events
        known to the day first, then those whose sources give only the month."""
        here = "timeline.md"
        _ = self.r.locale._
        groups: dict[tuple[int, int], dict[str, list[dict[str, Any]]]] = {}
        for f in self.record.by_kind["events"]:
            span = f.event.span
            end = span.end or span.start
            figs = self.record.pointing_at(f.id, "figures", "event")
            row = {"fact": f, "figures": [self.claim(x, here) for x in figs]}
            group = groups.setdefault((end.year, end.month or 13), {"dated": [], "undated": []})
            group["dated" if end.day or not end.month else "undated"].append(row)
        months = []
        for (year, month), rows in sorted(groups.items()):
            if month == 13:
                title, anchor = _("{year}, month not known").format(year=year), f"{year}"
                months.append({"title": title, "anchor": anchor, "rows": rows["dated"], "undated": []})
                continue
            # a heading: capitalised (a Ukrainian or Russian month is lower case in running text)
            name = self.r.locale.month(year, month)
            name = name[:1].upper() + name[1:]
            months.append({"title": name, "anchor": f"{year}-{month:02d}", "rows": rows["dated"],
                           "undated": rows["undated"], "undated_anchor": f"{year}-{month:02d}-day-not-known",
                           "undated_title": _("{month}, day not known").format(month=name)})
        return self.render("timeline.md.j2", here, self.r.locale._("Timeline"), months=months,
                           front=LISTING)

    # --- ledger charts -------------------------------------------------------------------

    def _name(self, claimant: str) -> str:
        return self.r.label(self.record.index[claimant]) if claimant in self.record.index else claimant

    def _readings_said(self, figs: list[LoadedFact], direction: bool = False) -> str:
        """`reading: scope` for figures that rest on the record's readings (of anything
        but the direction, which the words and the chart say apart, unless `direction`), or ""."""
        kinds = list(dict.fromkeys(self.r.w.reading(r.of) for f in figs for r, _c in readings_of(f.figure)
                                   if direction or r.of != "direction"))
        if not kinds:
            return ""
        _ = self.r.locale._
        return (_("reading: {}") if len(kinds) == 1 else _("readings: {}")).format(", ".join(kinds))

    def _read(self, figs: list[LoadedFact]) -> str:
        """` (reading: scope)` after a claim in words (`_readings_said`), or ""."""
        said = self._readings_said(figs)
        return f" ({said})" if said else ""

    def _and(self, names: list[str]) -> str:
        """`A`, `A and B`, `A, B and C`, in the page's language."""
        if len(names) == 1:
            return names[0]
        return self.r.locale._("{first} and {last}").format(first=", ".join(names[:-1]), last=names[-1])

    def _colours(self) -> dict[str, int]:
        """Each claimant's colour (and marker), the same in every chart: its place in
        the order the record's claimants first speak (by date, then figure id), so
        that a claimant who joins the record later takes the next colour and leaves
        everyone else's as it was. Worked out once (every chart and its description
        ask: at 10,000 figures, sorting them each time was a second a language)."""
        if self._colour_order is None:
            figures = sorted(self.record.by_kind["figures"], key=lambda f: (f.figure.as_of.sort_key(), f.id))
            self._colour_order = {}
            for f in figures:
                self._colour_order.setdefault(f.figure.claimed_by, len(self._colour_order))
        return self._colour_order

    def _point(self, f: LoadedFact, low: float | None = None, high: float | None = None,
               label: str | None = None) -> Point:
        lo, hi = _bounds(f.figure)
        d = f.figure.as_of
        return Point(d.first_day(), d.last_day(), lo if low is None else low, hi if high is None else high,
                     label=self.r.w.value(f.figure) if label is None else label,
                     hollow=self.record.status.get(f.id) in ("contested", "uncorroborated"),
                     when=self.r.locale.date(d))

    def _sum_label(self, qualifiers: set[str], low: float, high: float) -> str:
        """The running sum as written beside its point: `2,412`, `about 2,400`, `1,000–1,200`;
        `qualifiers`: those of the figures added up."""
        n = self.r.locale.number
        number = n(low) if low == high else f"{n(low)}–{n(high)}"
        return self.r.w.qualifiers[_sum_qualifier(qualifiers)] + number

    def _all_series(self, measure: str) -> list[Series]:
        """Every line of the measure's chart: per claimant its totals (as stated), the
        running sum of the transfers it reported, and the figures whose direction is a
        reading (apart, dashed, never in a sum); a commitment, a row of its own."""
        self._made(measure)
        return list(self._lines[measure])

    def _made(self, measure: str) -> None:
        """`_lines` and `_described` of `measure`, worked out once a build, or taken from
        the last build of this language where what they are made from is the same
        (`_Made`): its figures (the same objects: a fact file read again makes new
        ones), their statuses, the names and colours of their claimants, and the
        language's catalogue (the same object: an edited .po file is read again)."""
        if measure in self._described:
            return
        figs = self.record.figures_by_measure[measure]
        colours = self._colours()
        claimants = sorted({f.figure.claimed_by for f in figs})
        made = _Made(tuple(f.figure for f in figs), tuple(f.id for f in figs),
                     tuple(self.record.status.get(f.id) for f in figs),
                     tuple((c, self._name(c), colours.get(c, 0)) for c in claimants),
                     self.r.locale.translations)
        key = (self.r.locale.code, measure)
        last = _MADE.get(key)
        if last is not None and last[0].same(made):
            self._lines[measure], self._described[measure] = last[1], last[2]
            return
        self._lines[measure] = self._lines_of(measure)
        self._described[measure] = self._words_for(measure, figs)
        _MADE[key] = (made, self._lines[measure], self._described[measure])

    def _lines_of(self, measure: str) -> list[Series]:
        colours = self._colours()
        _ = self.r.locale._
        said = {"read": _("direction is a reading"), "total": _("total"), "sum": _("sum of transfers"),
                "committed": _("committed")}
        figs = self.record.figures_by_measure[measure]
        out: list[Series] = []
        by_claimant: dict[tuple[str, str], list[LoadedFact]] = defaultdict(list)
        read: dict[str, list[LoadedFact]] = defaultdict(list)
        for f in figs:
            if direction_is_read(f.figure) and f.figure.scope != "commitment":  # never added into a sum
                read[f.figure.claimed_by].append(f)
            else:
                by_claimant[(f.figure.scope, f.figure.claimed_by)].append(f)

        def series(label: str, points: list[Point], claimant: str, kind: str, dashed: bool = False) -> Series:
            return Series(label, tuple(points), dashed=dashed, kind=kind, colour=colours.get(claimant, 0),
                          key=claimant, who=self._name(claimant))

        # A line's legend says the readings its figures rest on, as the words under the chart
        # do (`_read`): the direction's by the line's own name and dashes, the others after it.
        for claimant, members in sorted(read.items()):
            out.append(series(f"{self._name(claimant)}: {said['read']}{self._read(members)}",
                              [self._point(f) for f in members], claimant, "read", dashed=True))
        for (scope, claimant), members in sorted(by_claimant.items()):
            name = self._name(claimant)
            if scope == "cumulative":
                out.append(series(f"{name}: {said['total']}{self._read(members)}",
                                  [self._point(f) for f in members], claimant, "total"))
            elif scope == "event":
                points = []
                total_lo = total_hi = 0.0
                qualifiers: set[str] = set()  # of the figures added up so far
                for f in members:
                    lo, hi = _bounds(f.figure)
                    total_lo, total_hi = total_lo + lo, total_hi + hi
                    qualifiers.add(f.figure.qualifier)
                    points.append(self._point(f, total_lo, total_hi,
                                              self._sum_label(qualifiers, total_lo, total_hi)))
                out.append(series(f"{name}: {said['sum']}{self._read(members)}", points, claimant, "sum"))
            else:
                for f in members:  # a row each: a promise is not a line through time
                    dashed = direction_is_read(f.figure)
                    label = f"{name}: {said['committed']}" + (f" ({said['read']})" if dashed else "")
                    # its readings said once: "(readings: direction, date)", as the table says them
                    others = self._readings_said([f])
                    point = dataclasses.replace(self._point(f), read=self._readings_said([f], True)
                                                if dashed and others else others)
                    out.append(series(label, [point], claimant, "commitment", dashed=dashed))
        return out

    def _months(self, context: Literal["format", "stand-alone"] = "stand-alone") -> tuple[str, ...]:
        """The month abbreviations of the chart's date axis, in the page's language: as
        a month names itself (`context="stand-alone"`: Russian `июнь 2025`), or after a
        day's number (`"format"`: `11 июн`, `2 мая`)."""
        if self.r.locale.code == "en":
            return ()
        names = get_month_names("abbreviated", context=context, locale=self.r.locale.babel)
        return tuple(str(names[m]).rstrip(".") for m in range(1, 13))

    def _series(self, measure: str) -> list[Series]:
        """The lines the chart draws: at most `MAX_SERIES`, those with the most figures."""
        out = self._all_series(measure)
        out.sort(key=lambda s: (-len(s.points), s.label))
        return sorted(out[:MAX_SERIES], key=lambda s: s.label)

    def charts(self) -> dict[str, Chart]:
        """What each ledger chart shows, by the path of its SVG: `ledger/<measure>.svg`
        (light, wide) and its dark and narrow variants (`chart.VARIANTS`)."""
        out: dict[str, Chart] = {}
        for measure, figs in self.record.figures_by_measure.items():
            _ = self.r.locale._
            chart = Chart(self._chart_title(measure), self._describe(measure),
                          tuple(self._series(measure)), _(figs[0].figure.unit),
                          words=tuple((w, _(w)) for w in CHART_WORDS),
                          months=self._months(), day_months=self._months("format"),
                          group=get_group_symbol(self.r.locale.babel))
            out.update(variants(f"ledger/{measure}.svg", chart))
        return out

    def _chart_title(self, measure: str) -> str:
        return self.r.locale._("{measure}: figures over time, by claimant").format(
            measure=self.r.w.measure_title(measure))

    def _describe(self, measure: str) -> str:
        """The chart in words (the paragraph under it, and the SVG's own description), in
        the page's language: every commitment and the highest total and sum with their
        claimants, what is contested, and what is drawn apart."""
        self._made(measure)
        return self._described[measure]

    def _words_for(self, measure: str, figs: list[LoadedFact]) -> str:
        locale = self.r.locale
        _, date, value = locale._, locale.date, self.r.w.value
        unit = locale._(figs[0].figure.unit)
        claimants = {f.figure.claimed_by for f in figs}
        first, last = figs[0].figure.as_of, figs[-1].figure.as_of
        span = date(first) if date(first) == date(last) else _("{first} to {last}").format(
            first=date(first), last=date(last))
        text = _("Figures: {figures}; claimants: {claimants}; {span}.").format(
            figures=locale.number(len(figs)), claimants=locale.number(len(claimants)), span=span)
        read = [f for f in figs if direction_is_read(f.figure)]
        certain = [f for f in figs if not direction_is_read(f.figure)]
        commitments = [f for f in certain if f.figure.scope == "commitment"]
        per = _("per")
        if commitments:
            by_value: dict[str, list[str]] = defaultdict(list)
            for f in commitments:
                names = by_value[value(f.figure)]
                name = self._name(f.figure.claimed_by) + self._read([f])
                if name not in names:
                    names.append(name)
            text += " " + _("Committed: {list}.").format(list="; ".join(
                f"{v} {unit} {per} {self._and(names)}" for v, names in by_value.items()))
        totals = [f for f in certain if f.figure.scope == "cumulative"]
        if totals:
            top = max(totals, key=lambda f: _bounds(f.figure)[1])
            text += " " + _("Highest reported total: {amount} {per} {claimant}, {date}.").format(
                amount=f"{value(top.figure)} {unit}", per=per,
                claimant=self._name(top.figure.claimed_by) + self._read([top]),
                date=date(top.figure.as_of))
        sums: dict[str, list[LoadedFact]] = defaultdict(list)
        for f in certain:
            if f.figure.scope == "event":
                sums[f.figure.claimed_by].append(f)
        if sums:
            said = []
            for claimant, members in sorted(sums.items(), key=lambda kv: (
                    -sum(_bounds(f.figure)[1] for f in kv[1]), self._name(kv[0]), kv[0])):
                low = sum(_bounds(f.figure)[0] for f in members)
                high = sum(_bounds(f.figure)[1] for f in members)
                when = (_("transfers: {n}, the last {date}").format(
                    n=locale.number(len(members)), date=date(members[-1].figure.as_of))
                        if len(members) > 1 else _("one transfer, {date}").format(
                            date=date(members[0].figure.as_of)))
                total = self._sum_label({f.figure.qualifier for f in members}, low, high)
                said.append(f"{total} {unit} {per} {self._name(claimant)}{self._read(members)} ({when})")
            text += " " + _("Sums of transfers: {list}.").format(list="; ".join(said))
        for status in ("contested", "uncorroborated"):
            count = sum(1 for f in figs if self.record.status[f.id] == status)
            if count:
                text += " " + _("{status}: {n} (hollow markers).").format(
                    status=_(status).capitalize(), n=locale.number(count))
        if read:
            apart = "; ".join(f"{value(f.figure)} {unit} {per} {self._name(f.figure.claimed_by)}"
                              for f in read)
            text += " " + _("Figures whose direction is a reading ({list}) are drawn apart (dashed) and "
                            "never added into a sum.").format(list=apart)
        lines = len(self._lines[measure])  # made just before (`_made`)
        if lines > MAX_SERIES:
            text += " " + _("The chart draws the {shown} claimants' lines with the most figures, of "
                            "{lines}; the table lists every figure.").format(
                shown=locale.number(MAX_SERIES), lines=locale.number(lines))
        return text

    def _measures_in_order(self) -> list[tuple[str, list[LoadedFact]]]:
        """The four directions first, then the other measures by name."""
        items = self.record.figures_by_measure
        first = [(m, items[m]) for m in DIRECTIONS if m in items]
        return first + [(m, f) for m, f in items.items() if m not in DIRECTIONS]

    def ledger(self) -> str:
        here = "ledger.md"
        measures = []
        for measure, figs in self._measures_in_order():
            rows: list[list[Markup]] = []
            read_rows: list[list[Markup]] = []
            for f in figs:  # a row is one cell, its cells joined: `| a | b |` as the template writes it
                (read_rows if direction_is_read(f.figure) else rows).append([self._ledger_row(f, here)])
            measures.append({
                "measure": measure, "title": self.r.w.measure_title(measure), "svg": f"ledger/{measure}.svg",
                "chart_title": self._chart_title(measure),
                "description": self._describe(measure), "rows": rows, "read_rows": read_rows,
            })
        return self.render("ledger.md.j2", here, self.r.locale._("Ledger"), measures=measures,
                           front=LISTING)

    def _ledger_row(self, f: LoadedFact, here: str) -> Markup:
        """A figure's row of the ledger's table, its cells joined: a fragment (site/reads.py),
        kept from build to build while the figure (read here from the record as built,
        noted by hand) and what the helpers read are unchanged."""
        folder = here.rpartition("/")[0]
        if (kept := self.r.fragment("ledger-row", folder, f.id)) is not None:
            return kept
        with self.r.reads.frame() as read:
            self.r.reads.add("index", f.id)
            row = Markup(" | ").join(self._row(f, here))
        self.r.keep_fragment("ledger-row", folder, f.id, row, read)
        return row

    def _row(self, f: LoadedFact, here: str) -> list[Markup]:
        m = f.figure
        h = self.r.helpers(here)
        w = self.r.w
        return [w.when(m.as_of), link(str(w.mention(m)), page_path("figures", f.id), here) + h["mark"](f.id),
                w.words(m.scope), h["ref"](m.claimed_by), h["side_of"](m.claimed_by), h["status"](f.id)]

    def disagreements(self) -> str:
        here = "disagreements.md"
        h = self.r.helpers(here)
        by_measure: dict[str, list[Disagreement]] = defaultdict(list)
        for d in self.record.disagreements:
            by_measure[d.measure].append(d)
        measures = []
        for measure, items in sorted(by_measure.items()):
            involved = sorted({x for d in items for x in (d.first, d.second)},
                              key=lambda fid: (self.record.index[fid].figure.as_of.sort_key(), fid))
            rows = []
            for fid in involved:
                f = self.record.index[fid]
                # each source once: a figure may cite one source at two places in it
                cited = dict.fromkeys(c.source for c in f.figure.citations)
                sources = Markup(", ").join(h["ref"](source) for source in cited)
                rows.append(self._row(f, here)[:5] + [sources])
            pairs = []
            _ = self.r.locale._
            for d in items:
                said = (_("{first} and {second}: same date, different numbers") if d.rule == "same-date"
                        else _("{first} and {second}: a later cumulative total is lower than an earlier one"))
                pairs.append(Markup(said).format(first=self.claim(self.record.index[d.first], here),
                                                 second=self.claim(self.record.index[d.second], here)))
            measures.append({"measure": measure, "title": self.r.w.measure_title(measure),
                             "rows": rows, "pairs": pairs})
        # Whether figures disagree rests on what the record read in them: said here too,
        # where a reader looks for a contradiction the reading settled (or made)
        measures_read = sorted(self.record.figures_by_measure,
                               key=lambda m: collation.key(self.r.w.measure_title(m)))
        read = [self.claim(f, here) for measure in measures_read
                for f in self.record.figures_by_measure[measure]
                if any(r.of in _COMPARED for r, _c in readings_of(f.figure))]
        return self.render("disagreements.md.j2", here, self.r.locale._("Disagreements"), measures=measures,
                           read=read)

    def data(self) -> str:
        counts = {k: len(v) for k, v in self.record.by_kind.items()}
        dates = [f.event.span for f in self.record.by_kind["events"]]
        coverage = ""
        if dates:
            coverage = f"{min(d.first_day() for d in dates)}/{max(d.last_day() for d in dates)}"
        ld = {
            "@context": "https://schema.org", "@type": "Dataset",
            "name": "Exchange record: 2025 Russia–Ukraine exchanges of remains and prisoners",
            "description": ("A source-attributed record of the 2025 exchanges of soldiers' remains and "
                            "prisoners of war between Russia and Ukraine: events, figures with their "
                            "claimants and sources, and the disagreements between them."),
            "keywords": ["prisoners of war", "repatriation", "Russia", "Ukraine", "2025"],
            "isAccessibleForFree": True,
            "variableMeasured": sorted(self.record.figures_by_measure),
            "url": SITE + "data/",
            "license": "https://creativecommons.org/licenses/by/4.0/",
            "creator": {"@type": "Organization", "name": "exchange-record contributors", "url": REPOSITORY},
            "version": __version__,
            # absolute: the JSON-LD sits on the page at data/, where data/x would be data/data/x
            "distribution": [
                {"@type": "DataDownload", "contentUrl": f"{SITE}data/{name}",
                 "encodingFormat": "text/csv" if name.endswith(".csv") else "application/json"}
                for name in DATA_FILES
            ],
        }
        touched = next((c.date for c in self.history.commits if c.touches), None)
        if touched:
            ld["dateModified"] = touched
        if coverage:
            ld["temporalCoverage"] = coverage
        json_ld = json.dumps(ld, ensure_ascii=False, indent=2, sort_keys=True).replace("</", "<\\/")
        return self.render("data.md.j2", "data.md", self.r.locale._("Data"), counts=counts, files=DATA_FILES,
                           json_ld=Markup(json_ld), kinds=list(self.record.by_kind))

    def changes(self) -> str:
        here = "changes.md"

        # Subjects and paths come from git: text, Markdown-escaped, never code spans
        # (a backtick in a name would close one).
        mark = self.r.helpers(here)["mark"]

        def facts(paths: tuple[str, ...]) -> list[Markup]:
            out = []
            for p in paths:
                kind, _, name = p.partition("/")
                fact = self.record.index.get(name.removesuffix(".yaml"))
                if fact is not None and fact.kind == kind and name.endswith(".yaml"):
                    # the title as every page shows it: with the record's readings of it
                    out.append(link(self.r.label(fact), page_path(kind, fact.id), here) + mark(fact.id)
                               + Markup(" ({})").format(self.r.locale._(KINDS[kind].singular)))
                else:
                    gone = self.r.locale._("no longer in the record")
                    out.append(Markup("{} ({})").format(escape(p), gone))
            return out

        def listed(paths: tuple[str, ...]) -> list[Markup]:
            if len(paths) <= CHANGES_LISTED:
                return facts(paths)
            kinds = [p.partition("/")[0] for p in paths]
            counts = [self.r.locale.ngettext(*_COUNTED[k], kinds.count(k)) % {"num": self.r.locale.number(
                kinds.count(k))} for k in _COUNTED if k in kinds]
            others = sum(1 for k in kinds if k not in _COUNTED)
            if others:
                counts.append(self.r.locale.ngettext("%(num)s other file", "%(num)s other files", others)
                              % {"num": self.r.locale.number(others)})
            return [escape(self.r.locale._("{counts}: each fact's page gives its own history").format(
                counts=", ".join(counts)))]

        # Headings by date, newest first; under each, what changed in which fact, and
        # the reason the commit gives (its subject: text, never a heading).
        touching = [c for c in self.history.commits if c.added or c.changed or c.removed or c.renamed]
        days: dict[str, dict[str, Any]] = {}
        for c in touching[:CHANGES_SHOWN]:
            day = days.setdefault(c.date, {"date": escape(human_date(c.date, self.r.locale.date)),
                                           "commits": [], "anchor": day_anchor(c.date)})
            day["commits"].append({
                # the reason as the commit gives it, in English (marked so on other pages)
                "sha": c.sha[:7], "subject": self.r._english(escape(c.subject)),
                "added": listed(c.added), "changed": listed(c.changed + tuple(n for _o, n in c.renamed)),
                "removed": [escape(p) for p in c.removed],
            })
        return self.render("changes.md.j2", here, self.r.locale._("Changes"), days=list(days.values()),
                           known=self.history.known, more=max(0, len(touching) - CHANGES_SHOWN))


#: the readings that decide whether two figures are compared and how (methodology, "comparison")
_COMPARED = {"direction", "scope", "value", "date"}


def _sum_qualifier(qualifiers: set[str]) -> str:
    """How a sum of figures with these qualifiers is stated: exact if all are; bounded
    below if all the others are (more than, if any one is: 5 + more than 3 is more than
    8), bounded above likewise; else about."""
    inexact = qualifiers - {"exact"}
    for loose, strict in (("at-least", "more-than"), ("at-most", "fewer-than")):
        if inexact and inexact <= {loose, strict}:
            return strict if strict in inexact else loose
    return "approx" if inexact else "exact"


def _bounds(fig: Figure) -> tuple[float, float]:
    if fig.value is not None:
        return float(fig.value), float(fig.value)
    return float(fig.low or 0), float(fig.high or 0)


__all__ = ["COVERAGE_MARKER", "SUMMARY_MARKER", "Overview"]
